"""The fifth speed pass's shortcuts give the same answers as their plain definitions."""

from __future__ import annotations

import random
import re

from distillq.ice.offline.patterns import tokens

_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def test_tokens_equal_the_regex_tokens_on_random_texts_with_and_without_digits() -> None:
    # the letter-digit test runs only when a digit occurs: texts with digits, letters touching
    # digits on either side, and non-ASCII characters between them
    rnd = random.Random(5)
    for alphabet in ("ab 0.", "ab .", "ab9 0Z.-é中\n'_\u0130", "a1 "):
        for _ in range(3000):
            low = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))).lower()
            assert tokens(low) == frozenset(_TOKEN.findall(low)), low
