"""Every match of a pattern at each place it matches, and a pattern's literal-opening variants (extra.py).

Why: a loop of `str.find` for an opening word and `match` at each place runs Python for every place
("您的" stands many times in a long Chinese answer, few of them opening a match); `search` from each
match's start + 1 finds the same matches, in the same order, with `re` skipping ahead in C.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def finds(text: str, word: str) -> Iterator[int]:
    """Every place of `word` in `text`, each after the one before it ends."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))


def each_match(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of `rx` at each start where it matches (overlapping ones too), in order: what `match`
    at each place finds. For a pattern that opens with a literal, `re` skips ahead to it in C."""
    m = rx.search(text)
    while m is not None:
        yield m
        m = rx.search(text, m.start() + 1)


def opening_with(rx: re.Pattern[str], head: str, words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """`rx` once per word of `words`, its opening `head` (which matches just those words) made that word.

    Why: `echo_named` tried `match` at every "您的" / "your " (thousands in a pass, few matching); one
    `search` per match of a pattern with a literal opening finds the same matches at the same places,
    in the same order (all of the first word's, then the second's)."""
    if rx.pattern.count(head) != 1:
        raise ValueError(f"{head!r} is not the one opening of {rx.pattern[:40]!r}")
    return tuple(re.compile(rx.pattern.replace(head, re.escape(w)), rx.flags) for w in words)
