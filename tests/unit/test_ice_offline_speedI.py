"""The speedI pass's shortcut finds the same first person as its plain definition.

`rules.is_first_person_claim` needs only the LAST first-person word before a name; `P.FIRST_EN_LAST`
finds it from the end instead of walking every match with `finditer`. That is the same match only
because no match of FIRST_EN can start inside another (`patterns._first_en_disjoint`): checked here on
random texts built from the pronouns, the self nouns, their pieces and the characters around them,
beside the plain walk, and the guard is checked to refuse nouns that could overlap.
"""

from __future__ import annotations

import random

import pytest

from distillq.ice.offline import patterns as P
from distillq.ice.offline import rules as R

_PIECES = [
    *("I", "I'm", "I’m", "I've", "me", "Me", "my", "My", "myself", "we", "We", "our", "Our", "us", "Us"),
    *("this AI", "This model", "THIS  assistant", "this\\nchatbot", "this language model", "this system"),
    *("this", "model", "AI", "m", "ve", "'", "’", "İ", "ı", "ſ", "K", "4", "_", "x", "Im", "mine", "use"),
    *("Cryptography", "World War", ":", ")", "(", "Owner", "two", "Mme", "ours", "sweet"),
]
_GLUE = ["", " ", " ", "  ", "\n", "-", ",", ".", "'", "’", ": ", "\t", "\u00a0", "2"]


def _texts(seed: int, n: int = 6000) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(
            rnd.choice(_PIECES).replace("\\n", "\n") + rnd.choice(_GLUE) for _ in range(rnd.randint(0, 16))
        )
        for _ in range(n)
    ]


def _plain_last(before: str) -> int:
    firsts = list(P.FIRST_EN.finditer(before))
    while firsts and R._roman_one(before, firsts[-1].start(), firsts[-1].end()):
        firsts.pop()
    return firsts[-1].end() if firsts else -1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_last_first_person_equals_the_finditer_walk(seed: int) -> None:
    assert P.FIRST_EN_LAST is not None  # today's lexicon: the matches are disjoint
    for text in _texts(seed):
        assert R._last_first_end(text) == _plain_last(text), text
        for endpos in (0, len(text) // 2, max(0, len(text) - 3), len(text)):
            plain = [m.end() for m in P.FIRST_EN.finditer(text, 0, endpos)][-1:]
            assert R._last_first(text, endpos) == plain, (text, endpos)


def test_last_first_person_examples() -> None:
    assert R._last_first_end("I think this model was made by ") == len("I think this model")
    assert R._last_first_end("Cryptography I: ") == -1  # a title's numeral, no pronoun
    assert R._last_first_end("we read Cryptography I: ") == 2
    assert R._last_first_end("no one here, sir, ") == -1
    assert R._last_first(" I'm x", 3) == []  # the cut text ends inside "I'm": "I'" is no word
    assert R._last_first("me and I", 6) == [2]


def test_disjoint_guard_refuses_nouns_that_could_overlap() -> None:
    prons = P.PRONOUNS
    assert P._first_en_disjoint(("this AI", "this model"), prons)
    assert not P._first_en_disjoint(("this AI", "AI model"), prons)  # "this AI model": a noun inside
    assert not P._first_en_disjoint(("the one and only me",), prons)  # a pronoun inside a noun
    assert not P._first_en_disjoint(("m bot",), prons)  # "I'm bot": a noun inside "I'm"
    assert not P._first_en_disjoint(("gpt4 me",), prons)  # a digit: a pronoun may start mid-word
