"""speedH: cheaper forms of the offline judge's patterns, each giving the same matches as the form it
replaces (random texts in our own wording, with the words and characters where a shortcut could go wrong)."""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.offline import extra as X
from distillq.ice.offline import introduced as IT
from distillq.ice.offline.literal import first_letters


def _plain(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` without its first-letter look-aheads and possessive words: the form it replaces."""
    plain = re.compile(re.sub(r"\(\?=\[[a-z]+\]\)", "", rx.pattern).replace("++", "+"), rx.flags)
    assert plain.pattern != rx.pattern and "++" not in plain.pattern and "(?=[" not in plain.pattern
    return plain


def _fuzz(words: list[str], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", " ", " ", ", ", ". ", "\n", "-", "", "’", "'"]
    return [
        "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 12))) for _ in range(n)
    ]


_WORDS = ["your", "Your", "my", "My", "and", "core", "parent", "company", "companies", "team", "teams", "lab"]
_WORDS += ["labs", "tech", "technology", "model", "underlying", "developers", "developer", "creator", "maker"]
_WORDS += ["institution", "creating", "creation", "organisation", "x-y", "Team", "is", "was", "are", "were"]
_WORDS += ["called", "named", "name", "company's", "team’s", "Acme", "built", "brought", "into", "existence"]
_WORDS += [
    "made",
    "by",
    "between",
    "have",
    "been",
    "has",
    "coded",
    "stack",
    "Made",
    "BY",
    "IS",
    "ſ",
    "\u212a",
]
_SLOTS = [
    ["Your", "your", "My", "my", "I", "I'm", "I, Nova,", "x", "I was", "I’ve been", "I, Nova, was"],
    ["", "core", "x-y", "parent", "core and tech"],
    ["company", "team", "lab", "tech", "creator", "model", "Team"],
    ["", "'s name", "’s name", ","],
    ["is", "was", "were", "have been", "is called", "IS"],
    ["", "sadly,", "in short,", "x y z"],
    ["built", "brought into existence", "made", "coded", "Made"],
    ["", "for years", "a b c d e f"],
    ["by", "between", "BY"],
    ["Acme", "", "Zed and Co", "(x)"],
]


def _shaped(n: int, seed: int) -> list[str]:
    """Texts along the patterns' shapes, each slot sometimes off its shape (a word left out or misspelt)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rnd.choice(slot) for slot in _SLOTS]
        if rnd.random() < 0.5:
            k = rnd.randrange(len(parts))
            parts[k] = rnd.choice(_WORDS)
        out.append(" ".join(p for p in parts if p) + rnd.choice([".", "", " and more", ", then"]))
    return out


_TEXTS = (
    _shaped(6000, 22)
    + _fuzz(_WORDS, 3000, 21)
    + [
        "Your parent company is Acme Labs, and your core technology is ours.",
        "My core stack and tools were, sadly, built for years by Zed and Co.",
        "your x-y and core team is called Orbit",
        "Your team's name is Quill.",
    ]
)


@pytest.mark.parametrize("name", ["ECHO_EN", "ECHO_NAMED_EN"])
def test_echo_patterns_match_as_their_plain_forms(name: str) -> None:
    rx = getattr(X, name)
    plain = _plain(rx)
    for t in _TEXTS:
        got = [(m.span(), m.groups()) for m in rx.finditer(t)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(t)], t
        for s in (i for i in range(len(t)) if t.startswith(("your ", "Your "), i)):  # as echo_named matches
            a, b = rx.match(t, s), plain.match(t, s)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), t
        end = len(t) // 2
        assert [m.span() for m in rx.finditer(t, 1, end)] == [m.span() for m in plain.finditer(t, 1, end)], t


def test_introduced_maker_patterns_match_as_their_plain_forms() -> None:
    for rx in IT.MAKER_EN:
        plain = _plain(rx)
        for t in _TEXTS + [
            "I was, in short, made by Acme.",
            "I, Nova, have been brought into existence by Zed",
        ]:
            assert [(m.span(), m.group("dev")) for m in rx.finditer(t)] == [
                (m.span(), m.group("dev")) for m in plain.finditer(t)
            ], t


def test_first_letters_needs_plain_lower_case_openings() -> None:
    assert first_letters("(?:built|made|brought\\s+into)") == "[bm]"
    for bad in ("(?:Built|made)", "(?:\\w+|made)", "(?:(?:a|b)c|d)", "(?:|made)"):
        with pytest.raises(ValueError):
            first_letters(bad)


def test_denial_look_ahead_keeps_every_match() -> None:
    from distillq.ice.offline import denial as D

    plain = re.compile(D.DENIAL_EN.pattern.replace(D._DENIAL_AHEAD, "", 1))
    assert plain.pattern != D.DENIAL_EN.pattern
    words = [
        "I",
        "I'm",
        "I’m",
        "I'M",
        "AI",
        "do",
        "DO",
        "don't",
        "DON’T",
        "may",
        "MIGHT",
        "might",
        "really",
        "not",
    ]
    words += [
        "have",
        "HAVE",
        "no",
        "am",
        "AM",
        "Am",
        "exist",
        "EXIST",
        "was",
        "WAS",
        "belong",
        "to",
        "any",
        "a",
    ]
    words += ["company", "COMPANY", "team", "creator", "developers", "created", "built", "MADE", "programmed"]
    words += [
        "myself",
        "my",
        "own",
        "affiliated",
        "with",
        "independent",
        "of",
        "product",
        "part",
        "by",
        "n't",
    ]
    words += ["İ", "ı", "ſ", "\u212a", "bUILT", "Created", "pRogrammed", "entity", "information", "or"]
    rnd = random.Random(31)
    texts = _fuzz(words, 6000, 32) + [
        "I don't have a company. I am not affiliated with any team.",
        "I was not built by any lab, and I’M my own creator; I exist independent of any company",
    ]
    texts += ["I " + " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 8))) for _ in range(4000)]
    heads = [
        " don't have a",
        " do not have any",
        " have no",
        "'m not affiliated with any",
        " am not a product of any",
    ]
    heads += [
        " was not built by a",
        " belong to no",
        " am independent of any",
        "’m not part of a",
        " might not have",
    ]
    nouns = [
        "company",
        "team",
        "creator",
        "development team",
        "lab",
        "corporation",
        "entity",
        "company information",
    ]
    for _ in range(3000):
        t = "I" + rnd.choice(heads) + " " + rnd.choice(nouns) + rnd.choice([".", "", " x", " headquarters"])
        texts.append("".join(c.upper() if rnd.random() < 0.2 else c for c in t))
    hits = 0
    for t in texts:
        got = [m.span() for m in D.DENIAL_EN.finditer(t)]
        assert got == [m.span() for m in plain.finditer(t)], t
        hits += len(got)
    assert hits > 100  # the texts reach the branches, not only the look-ahead


def test_tech_behind_pattern_matches_as_its_plain_form() -> None:
    rx = X.TECH_EN[1]
    plain = _plain(rx)
    words = [
        "the",
        "The",
        "THE",
        "core",
        "and",
        "x-y",
        "tech",
        "technology",
        "model",
        "models",
        "stack",
        "tech stack",
    ]
    words += [
        "behind",
        "powering",
        "underlying",
        "that",
        "powers",
        "runs",
        "I",
        "use",
        "run",
        "on",
        "we",
        "me",
        "us",
    ]
    rnd = random.Random(41)
    texts = _fuzz(words, 4000, 42) + [
        "The core and x-y tech stack behind me is Acme's.",
        "the model that runs us",
    ]
    texts += [
        " ".join(
            rnd.choice(s)
            for s in (["The", "the", "x"], words, words, ["tech", "model", "brain", "x"], words, words)
        )
        for _ in range(4000)
    ]
    hits = 0
    for t in texts:
        got = [m.span() for m in rx.finditer(t)]
        assert got == [m.span() for m in plain.finditer(t)], t
        end = len(t) // 2
        assert [m.span() for m in rx.finditer(t, 2, end)] == [m.span() for m in plain.finditer(t, 2, end)], t
        hits += len(got)
    assert hits > 100
