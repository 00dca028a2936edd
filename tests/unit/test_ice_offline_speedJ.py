"""speedJ: the cheaper lowerings of `rules.is_first_person_claim` answer as the Unicode ones did."""

from __future__ import annotations

import random

from distillq.ice.offline import patterns as P
from distillq.ice.offline import rules as RU


def _pieces() -> list[str]:
    return [
        *(
            "As ",
            "as ",
            "AS ",
            "aS ",
            "a",
            "s",
            "S",
            " ",
            "ſ",
            "作为",
            "我",
            "的",
            "İ",
            "\u212a",
            "ı",
            "é",
            "Ä",
        ),
        *(
            "not ",
            "no ",
            "NO ",
            "unaffiliated",
            "Unaffiliated",
            "没有",
            "无关",
            "me",
            "ME",
            "my",
            "Our",
            "us",
        ),
        *("this AI", "This Model", "\ud800", "Σ", "ß", ",", "."),
    ]


def _texts(n: int = 20000) -> list[str]:
    rng = random.Random(7)
    pieces = _pieces()
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_ascii_low_has_the_ascii_letters_of_lower_where_no_character_folds_oddly() -> None:
    for text in _texts():
        if any(c in text for c in P.ODD_CASE):
            continue
        low, fast = text.lower(), RU._ascii_low(text)
        assert len(low) == len(fast) == len(text), text
        assert all(
            (a == b) if (a.isascii() or b.isascii()) else True for a, b in zip(low, fast, strict=True)
        ), text


def test_ascii_low_keeps_lone_surrogates_and_other_scripts() -> None:
    assert RU._ascii_low("\ud800AbC我Ä") == "\ud800abc我Ä"
    assert RU._ascii_low("") == ""


def test_the_as_gate_answers_as_its_plain_form_for_any_text() -> None:
    for text in _texts():
        plain = "as " in text.lower() or "ſ" in text or "作为" in text
        if not text.isascii():
            assert RU._may_be_as(text, False) == plain, text


def test_the_deny_gate_passes_where_negation_follows_in_any_text() -> None:
    for after in _texts():
        odd = any(c in after for c in P.ODD_CASE)
        low = after.lower() if odd else RU._ascii_low(after)
        if P.NEG_AFTER.search(after):
            assert RU._may_deny_any(after, low, odd), after
