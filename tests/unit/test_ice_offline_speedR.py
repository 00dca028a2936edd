"""speedR: cheaper forms of the offline judge's per-answer fixed costs, each giving the same answers as the
form it replaces (texts in our own wording, with the characters where a shortcut could go wrong)."""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import literal as L
from distillq.ice.offline import loose_shapes as LS
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

_GLUE = ["", " ", " ", "\n", "-", ",", ".", "'", "’", "é", "中"]


def _texts(pieces: list[str], seed: int, n: int = 4000, most: int = 10) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("source", "flags", "head"),
    [
        (r"Have (?P<dev>[^.]{2,9}) to thank", 0, "Have "),
        (r"My\s+team", 0, "My"),
        (r"My name is\s+x", 0, "My name is"),
        (r"We(?:'re| are) x", 0, "We"),
        (r"Bye? x", 0, "By"),  # the "e" may be absent
        (r"Be* x", 0, "B"),
        (r"Ba+ x", 0, "B"),  # (conservative: "a" is required once, the head stops before it anyway)
        (r"Ba{2} x", 0, "B"),
        (r"H(?:eadquarters|(?<=H)Q) of", 0, "H"),
        (r"My [|] x", 0, "My "),
        (r"My team", re.VERBOSE, "M"),  # spaces mean nothing there
        (r"M", 0, "M"),
    ],
)
def test_the_literal_head_is_what_every_match_opens_with(source: str, flags: int, head: str) -> None:
    assert L.literal_head(source, flags) == head


def _found(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_case_scans_from_the_first_literal_head_find_the_plain_matches() -> None:
    # Shapes whose look-behinds and word boundaries read the text before where a case scan starts (the
    # first "my" of "army my team" is inside a word), overlapping case matches, a head at position 0.
    sources = [
        r"[Mm](?<=\bM|\bm)y (?P<w>\w+)",
        r"[Mm]y\b(?<!\wmy)(?<!\wMy) (?P<w>[^.]{1,12})",
        r"[Mm]y (?:team|name) (?:is|was) (?P<w>\w+)",
        r"[Oo]ur\s+(?P<w>\w+)",
        r"[Tt]hank (?!you\b)(?P<w>[^.,]{2,20}?) for",
    ]
    pieces = [
        *("army", "my", "My", "MY", "our", "Our", "ours", "team", "name", "is", "was", "thank", "Thank"),
        *("you", "for", "Ava", "the lab", "my team is Nova", "Our  makers", "Thank the lab for", "economy"),
    ]
    hits = 0
    for source in sources:
        plain = re.compile(source)
        find = L.literal_scan(plain)
        assert isinstance(getattr(find, "__self__", None), L.Openings), source
        for text in _texts(pieces, 11):
            want = _found(plain.finditer(text))
            assert _found(find(text)) == want, (source, text)
            hits += bool(want)
    assert hits > 2000


def test_a_case_scan_reads_a_boundary_before_its_start() -> None:
    plain = re.compile(r"[Mm](?<=\bM|\bm)y (?P<w>\w+)")
    find = L.literal_scan(plain)
    text = "army my team"  # the first "my" found opens inside "army": no match there, one after
    assert _found(find(text)) == _found(plain.finditer(text)) == [((5, 12), ("team",))]


# --- speedR (session 20): loose_shapes.py matches the shapes after a team noun before it searches back
# for the opening ("my core ", "我们的主要"); the plain forms below search the opening first.


def _en_plain(s, members: bool, home: bool):  # type: ignore[no-untyped-def]
    """`loose_shapes._en` as looseR wrote it: the opening searched back at every team noun."""
    text, low = s.text, s.word_low
    found = []
    if len(low) != len(text):
        return found
    for noun, words_of in LS._TEAM_FINDS:
        if s.toks.isdisjoint(words_of):
            continue
        j = low.find(noun)
        while j >= 0:
            h = LS._head(low, j) if low[j - 1 : j] == " " else None
            if h is not None:
                o, words = h.group("o"), h.group("w").count(" ")
                m = LS.MEMBERS_AT.match(low, j) if members else None
                if m is not None and (o != "the" or (m.group("behind") and words <= 2)):
                    a, b = m.span("list")
                    items = text[a:b]
                    if (end := LS._LIST_END.search(items)) is not None:
                        items = items[: end.start()]
                    if not LS._HELP_EN.search(low, h.start(), m.end()) and LS.names_institution_en(s, items):
                        found += LS._team_claims(s, items, h.start())
                if home and o != "the" and words and (m := LS.HOME_AT.match(low, j)) is not None:
                    a, b = m.span("p")
                    if (target := LS._home(s, text[a:b])) is not None and (
                        c := LS._claim(s, "place", target, h.start())
                    ):
                        found.append(c)
            j = low.find(noun, j + len(noun))
    return found


def _zh_teams_plain(s):  # type: ignore[no-untyped-def]
    """The "团队" loop of `loose_shapes._zh` as looseR wrote it (the opening searched first)."""
    text = s.text
    found = []
    if LS._ZH_NEEDS.search(text) is None:
        return found
    i = text.find("团队")
    while i >= 0:
        h = LS.HEAD_ZH.search(text, max(0, i - 16), i) if text.find("我", max(0, i - 16), i) >= 0 else None
        if h is not None:
            m = LS.MEMBERS_AT_ZH.match(text, i) if "来自" in text and len(h.group("w")) <= 8 else None
            help_or_not = m is not None and any(w in text[h.start() : m.end()] for w in LS._HELP_ZH)
            if m is not None and not help_or_not and LS.names_institution_zh(s, m.group("list")):
                found += LS._team_claims(s, m.group("list"), h.start())
            m = None if h.group("b") else LS.HOME_AT_ZH.match(text, i)
            target = None if m is None else LS._home(s, m.group("p"))
            if target is not None and (c := LS._claim(s, "place", target, h.start())) is not None:
                found.append(c)
        i = text.find("团队", i + 2)
    return found


# Slots of a sentence, each with its choices ("" leaves it out), so that most texts come near a shape.
_EN_SLOTS = [
    ["", "I am Vela. ", "If asked, ", "army ", "Is "],
    ["my ", "our ", "the ", "My ", "Our ", "not my ", "their ", ""],
    ["", "core ", "main development ", "own engineering ", "a b c d "],
    ["team", "teams", "developers", "engineers", "makers", "team-"],
    ["", " behind me", " behind us", " here", " as a whole"],
    [" includes ", " consists of ", " is made up of ", " does not include ", " works with ", " is ", " are "],
    ["", "still ", "mainly ", "experts ", "a group of researchers ", "partners "],
    ["", "based ", "located ", "people "],
    ["from ", "in ", "of ", ""],
    [
        "Stanford",
        "Kyoto University and Google",
        "the United States",
        "Germany",
        "China",
        "top universities",
        "around the world who care",
        "France, the EU",
    ],
    [".", "?", " and more.", "\n", ""],
]
_ZH_SLOTS = [
    ["", "如果", "你问", "Vela", "Vela "],
    ["我", "我们", "我背后", "他们", ""],
    ["的", "", "们的"],
    [
        "",
        "主要",
        "开发和运营",
        "核心研发和测试部门的",
        "一二三四五六七八九十",
        "一二三四五六七八九",
        "一二三四五六七八",
    ],
    ["团队"],
    ["", "仍然", "目前", "成员"],
    ["包括", "汇集了", "由", "位于", "设在", "总部在", "合作", "不包括", "是由"],
    ["", "一群", "来自"],
    ["清华大学", "复旦大学和IBM", "顶尖大学", "Stanford", "德国", "中国", "美国"],
    ["", "的专家组成", "的工程师", "开发的，他们来自东京大学"],
    ["。", "？", "，", ""],
]


def _slot_texts(slots: list[list[str]], seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(c) for c in slots) * rnd.randint(1, 2) for _ in range(n)]


@pytest.mark.parametrize(("slots", "seed"), [(_EN_SLOTS, 20), (_ZH_SLOTS, 21)])
def test_loose_shapes_fast_forms_match_the_plain_forms(slots: list[list[str]], seed: int) -> None:
    lex = compile_lexicon(tuple(load_cards().values()))
    rnd = random.Random(seed)
    hits = 0
    for text in _slot_texts(slots, seed, 6000):
        s = Scan(text, lex, "")
        for members, home in ((True, True), (rnd.random() < 0.5, rnd.random() < 0.5)):
            want = _en_plain(s, members, home)
            assert LS._en(s, members, home) == want, text
            hits += bool(want)
        if "团队" in text:
            want = _zh_teams_plain(s)
            got = LS._zh(s)
            # (the fast `_zh` also reads "是由" forms after the "团队" loop: its claims start with the loop's)
            assert got[: len(want)] == want, text
            if "是由" not in text:
                assert got == want, text
            hits += bool(want)
    assert hits > 40  # the slots do make claims
