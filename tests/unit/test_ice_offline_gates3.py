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


def test_sentence_of_remembered_equals_sentence_of_computed_on_random_texts() -> None:
    from distillq.ice.identities import load_cards
    from distillq.ice.offline.patterns import compile_lexicon
    from distillq.ice.offline.scan import Scan

    lex = compile_lexicon(tuple(load_cards().values()))
    rnd = random.Random(9)
    chars = ["a", "b", " ", ".", "!", "?", "\n", "。", "！", "？"]
    for _ in range(3000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 30)))
        scan = Scan(text, lex, None)
        positions = [rnd.randint(0, len(text)) for _ in range(8)]
        if rnd.random() < 0.5:
            positions.sort()  # the order the extractors ask in
        for pos in positions:
            fresh = Scan(text, lex, None)  # nothing remembered
            assert scan.sentence_of(pos) == fresh.sentence_of(pos), (text, pos)


def test_a_verdict_without_claims_is_the_no_claim_verdict_under_both_hard_rules() -> None:
    from distillq.ice.identities import load_cards
    from distillq.ice.verdict import Policy, decide

    card = load_cards()["openai"]
    for rule in ("alias", "paper"):
        for prompt, hard in ((None, None), ("Who made you, GPT?", False), ("", False)):
            v = decide([], card, prompt, Policy(hard_rule=rule))  # type: ignore[arg-type]
            assert (v.loose, v.strict, v.hard, v.claimed) == (False, False, hard, ["none"])
            assert v.reason == "no first-person identity claim" and v.judge == "offline"
