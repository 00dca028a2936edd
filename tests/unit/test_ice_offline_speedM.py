"""speedM: verdict-identical speed forms of regex-heavy extractors, each against its plain definition.

Case-explicit patterns (`patterns.cased`), literal-first forms, exact literal gates, the generic-self
body tried only where it may start. Every fast form must find what its plain form finds on random texts
built from the shapes' own words in mixed case, with the characters `(?i)` folds unusually.
"""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.offline import denial as D
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import patterns as P
from distillq.ice.offline import relation as R
from distillq.ice.offline import self_first as SF

_ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "é", "中"]


def _flip(text: str, rnd: random.Random) -> str:
    """`text` with some letters in the other case and maybe an unusual character put in."""
    out = "".join(c.swapcase() if rnd.random() < 0.2 else c for c in text)
    if rnd.random() < 0.2:
        k = rnd.randrange(len(out) + 1)
        out = out[:k] + rnd.choice(_ODD) + out[k:]
    return out


def _texts(phrases: list[str], seed: int, n: int = 6000) -> list[str]:
    rnd = random.Random(seed)
    glue = [" ", ". ", ", ", "\n", "", "  "]
    return [
        "".join(_flip(rnd.choice(phrases), rnd) + rnd.choice(glue) for _ in range(rnd.randint(1, 4)))
        for _ in range(n)
    ]


def test_cased_letters_are_exactly_what_ignorecase_matches() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folds = set(re.findall("(?i)" + letter, every))
        assert set(re.findall("(?i)" + P.cased(letter), every)) == folds, letter


def test_cased_opens_branches_only_and_keeps_the_rest() -> None:
    src = r"(?P<w>ab)\s+\w[^.\n](?-i:[A-Z]x)(?i:cd)(?=de)(?<!ef)|gh"
    want = r"(?P<w>(?-i:[aA])b)\s+\w[^.\n](?-i:[A-Z]x)(?i:(?-i:[cC])d)(?=(?-i:[dD])e)(?<!(?-i:[eE])f)|(?-i:[gG])h"
    assert P.cased(src) == want
    with pytest.raises(ValueError):
        P.case_explicit("plain")


_RELATIONS = [
    "built the platform I run on",
    "developed and maintains my core technology",
    "is responsible for developing me",
    "team behind my existence",
    "provides support for the technology behind ChatGPT",
    "the organisation responsible for developing this AI",
    "powers AI systems like me",
    "Created The Platform",
    "shaped the models",
]


@pytest.mark.parametrize("seed", [3, 4])
def test_case_explicit_relation_matches_as_the_ignorecase_one(seed: int) -> None:
    plain = re.compile(P.PLAIN_OF[R._REST_ONLY.pattern])
    hits = 0
    for text in _texts(_RELATIONS, seed, n=3000):
        for p in range(0, len(text), 3):
            want = plain.match(text, p)
            got = R._REST_ONLY.match(text, p)
            hits += want is not None
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict())), text
    assert hits > 500


_MISC = [
    "I must follow",
    "Compared with other models",
    "act as",
    "pretend to be a fictional",
    "The developers and companies supporting my platform include ",
    "headquarters of the ",
    "developed by a team of engineers from companies including Google, ",
    "but unlike ",
    "as well as",
    "is based on research by ",
    "created and supported by the ",
    "which I use, ",
    "paper",
    "由",
]


@pytest.mark.parametrize(
    "fast",
    [
        R._CAST,
        SF.MAKERS_LIST_EN,
        SF._LIST_END,
        P.AFTER_EN,
    ],
)
def test_case_explicit_patterns_search_as_their_ignorecase_forms(fast: re.Pattern[str]) -> None:
    _same_search(fast, P.PLAIN_OF[fast.pattern], _MISC, 5)


def _same_search(fast: re.Pattern[str], plain_source: str, phrases: list[str], seed: int) -> None:
    """`fast` finds what the plain source finds, searched from several starts of random texts."""
    plain = re.compile(plain_source)
    for text in _texts(phrases, seed, n=3000):
        for w0 in (0, 1, len(text) // 3):
            want, got = plain.search(text, w0), fast.search(text, w0)
            assert (got and got.span()) == (want and want.span()), text


def test_literal_first_forms_match_their_plain_forms() -> None:
    questions = [
        "What other products does your creation institution have?",
        "Tell me about the projects of your parent company.",
        "您的创建机构有哪些其他重要的产品或项目？",
        "reproducts of your team",
        "Products. Your company",
    ]
    _same_search(IN.ASKS_PRODUCTS, IN.ASKS_PRODUCTS_PLAIN, questions, 6)
    answers = [
        "My developer? That's ",
        "Our core technology?  It is ",
        "我的开发者？是",
        "gummy team? ",
        "my",
    ]
    _same_search(R.SELF_QUESTION, R.SELF_QUESTION_PLAIN, answers, 7)


def test_generic_self_is_tried_only_where_it_may_start() -> None:
    bits = [
        "The system is a large language model trained by ",
        "This AI assistant was an AI model developed by the ",
        "the system is a model",
        ". ",
        "!",
        "\n",
        "?",
        "> ",
        "**",
    ]
    rnd = random.Random(8)
    hits = 0
    for _ in range(6000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randint(1, 6)))
        for w0 in range(0, min(len(text), 5)):
            want = SF.GENERIC_SELF_EN.search(text, w0, len(text)) is not None
            hits += want
            assert SF._generic_self_at(text, w0, len(text)) == want, (text, w0)
    assert hits > 1000


def test_denial_gates_hold_every_match() -> None:
    phrases = [
        "I am an AI model and do not have a development team",
        "I'm a chatbot and don't have a creator",
        "No company had anything to do with me",
        "no team has any hand in my creation",
        "I have nothing to do with any companies",
        "No one created me",
        "There is no specific set of developers",
        "My existence is not tied to any company",
    ]
    for text in _texts(phrases, 9):
        if D.DENIAL_AND_EN.search(text):
            assert " and do" in text, text
        if D.DENIAL_NOTHING_EN.search(text):
            assert any(w in text for w in D._NOTHING_LITERALS), text
        for scan, rx in (
            (D._NO_EN_SCAN, D.DENIAL_NO_EN),
            (D._THERE_EN_SCAN, D.DENIAL_THERE_EN),
            (D._EXISTENCE_EN_SCAN, D.DENIAL_EXISTENCE_EN),
        ):
            assert [m.span() for m in scan(text)] == [m.span() for m in rx.finditer(text)], text


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("I am an AI model and do not have a development team.", True),
        ("No company had anything to do with me.", True),
        ("I have nothing to do with any companies.", True),
        ("I am an AI and do like teams.", False),
        ("None of those companies had anything to do with it.", False),
    ],
)
def test_denial_shapes_still_found(text: str, denied: bool) -> None:
    toks = P.tokens(text.lower())
    assert bool(D.denial_hits(text, toks)) is denied
