"""The sixth speed pass's shortcuts give the same answers as their plain definitions.

Each fast form is run beside the plain pattern it replaces on random texts built from the words and
characters it tests (case variants, the characters `(?i)` folds otherwise than `lower()`, quotes,
newlines, non-ASCII), so a lexicon change that breaks an equivalence fails here.
"""

from __future__ import annotations

import random
import re

from distillq.ice.offline import literal as L
from distillq.ice.offline import patterns as P
from distillq.ice.offline import rewrite as RW
from distillq.ice.offline import rules as RU
from distillq.ice.offline.lexicon import EN

_GLUE = ["", " ", " ", "  ", "\n", "-", ",", ".", "'", "’"]


def _texts(pieces: list[str], seed: int, n: int = 20000, most: int = 12) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


def test_first_person_literal_first_finds_the_plain_patterns_matches() -> None:
    # the plain form is the pattern as it was written before (first-person words, then the self nouns)
    plain = (
        r"(?<![A-Za-z'’])(?:I|I'm|I’m|I've|[Mm]e|[Mm]y|[Mm]yself|[Ww]e|[Oo]ur|[Uu]s)(?![A-Za-z'’])"
        r"|(?i:\b" + EN.alt("self_nouns") + r"\b)"
    )
    assert L.FIRST_EN_PLAIN.pattern == plain
    assert P.FIRST_EN is L.FIRST_EN and L.FIRST_EN.pattern != plain  # the fast form is the one in use
    pieces = [
        *("I", "I'm", "I’m", "I've", "Ive", "me", "Me", "ME", "my", "My", "myself", "Myself", "we", "We"),
        *("our", "Our", "us", "Us", "US", "this", "This", "THIS", "thİs", "thıs", "thiſ", "tthis", "Imy"),
        *("AI", "ai", "model", "language", "assistant", "system", "chatbot", "a", "x", "é", "_", "1", "中"),
        *(w for w in EN["self_nouns"]),
    ]
    for text in _texts(pieces, 1):
        assert [m.span() for m in L.FIRST_EN.finditer(text)] == [
            m.span() for m in L.FIRST_EN_PLAIN.finditer(text)
        ], text
        n = len(text)  # with bounds, as `is_first_person_claim` scans a window
        assert [m.span() for m in L.FIRST_EN.finditer(text, 1, max(1, n - 3))] == [
            m.span() for m in L.FIRST_EN_PLAIN.finditer(text, 1, max(1, n - 3))
        ], text


def test_first_person_falls_back_to_the_plain_form_for_a_self_noun_with_an_odd_first_letter() -> None:
    # "I" folds to "İ"/"ı" under (?i): a leading class of "iI" would miss them, so no fast form is made
    plain, fast = L.first_person_pattern(("this model", "its core"))
    assert fast is plain
    plain, fast = L.first_person_pattern(("this model", "that system"))
    assert fast is not plain
    for text in _texts(["this", "that", "This", "THAT", "model", "system", "I", "my", "x"], 2, 5000):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_as_claim_gate_passes_every_window_the_pattern_matches() -> None:
    pieces = [
        *("as", "As", "AS", "aſ", "has", "was", "an", "a", "the", "The", "AI", "model", "developed"),
        *("by", "作为", "开发", "的", ",", ";", ":", ")", "]", "，", "x" * 30, "é", "I"),
    ]
    seen = 0
    for text in _texts(pieces, 3, 30000, 16):
        if P.AS_CLAIM.search(text):
            seen += 1
            assert RU._may_be_as(text, text.isascii()), text
    assert seen > 1000  # the random texts do hit the pattern


def test_denial_after_a_name_gate_passes_every_text_the_pattern_matches() -> None:
    pieces = [
        *("no", "No", "NO", "not", "Not", "unaffiliated", "Unaffiliated", "relation", "affiliation"),
        *("connection", "affiliated", "related", "connected", "with", "to", "any", "I", "am", "I'm"),
        *("x" * 8, "is", "and", "it"),
    ]
    seen = 0
    for after in _texts(pieces, 4, 30000, 10):
        if after.isascii() and P.NEG_AFTER.search(after):
            seen += 1
            assert RU._may_deny(after.lower()), after
    assert seen > 1000


def test_keep_gate_passes_every_window_the_pattern_matches() -> None:
    pieces = [
        *("as", "As", "has", "I am", "I'm", "I’m", "call me", "named", "called", "known as", "作为"),
        *("我是", "我叫", '"', "'", "“", "x", "Ias", "\t", "\u00a0", "\u2003"),
    ]
    seen = 0
    for text in _texts(pieces, 5, 30000, 6):
        for w0 in (0, max(0, len(text) - 12)):
            if RW._KEEP_BEFORE.search(text, w0, len(text)):
                seen += 1
                assert RW._may_keep(text[w0:]), text
    assert seen > 1000


def test_literal_first_form_opens_with_a_class_so_re_skips_ahead() -> None:
    # the point of the form: its first item is a character class (`re` then scans for it), not a look-behind
    assert re.match(r"\[[A-Za-z]+\]", L.FIRST_EN.pattern)


def _shaped(rnd: random.Random, slots: list[list[str]]) -> str:
    """A text built slot by slot (each slot one of its choices), some slots dropped or repeated."""
    out = []
    for choices in slots:
        r = rnd.random()
        if r < 0.08:
            continue
        out.append(rnd.choice(choices))
        if r > 0.95:
            out.append(rnd.choice(choices))
    return "".join(out)


def test_list_intro_literal_first_finds_the_plain_patterns_matches() -> None:
    from distillq.ice.offline import self_first as SF

    rnd = random.Random(7)
    slots = [
        ["", "x ", "Amy ", "\n", "I. ", "_"],
        ["my", "My", "MY", "our", "Our", "oUR", "your", "我", "我们"],
        [" ", "  ", "\n", "", "的"],
        ["", "core ", "core and ", "own ", "& "],
        ["platform", "technology", "Technology", "models", "技术", "平台", "dog"],
        [" is ", " was ", " ", "由", ". ", " has been "],
        ["supported", "developed", "backed", "funded", "支持", "开发", "eaten"],
        [" by", " By", "", " by,"],
        [" several labs", " many groups", "", "多家机构"],
        [", including", " such as", ":", "", "："],
        ["\n", " \n", "", "\n1. X"],
    ]
    seen = 0
    for _ in range(20000):
        text = _shaped(rnd, slots)
        plain = [m.span() for m in SF.LIST_INTRO_PLAIN.finditer(text)]
        seen += bool(plain)
        assert [m.span() for m in SF.LIST_INTRO.finditer(text)] == plain, text
    assert seen > 200


def test_quoted_maker_literal_first_rewrites_as_the_plain_pattern() -> None:
    from distillq.ice.offline import coref as C

    rnd = random.Random(8)
    quotes = ['"', "“", "”", "'", "‘", "’", ""]
    slots = [
        ["", "x ", "A", "amy ", "\n", "é", "_"],
        ["my", "My", "MY", "our", "Our", "your", "Amy"],
        [" ", "  ", ""],
        quotes,
        ["", "own ", "development ", "parent ", "creation "],
        ["company", "team", "developer", "creators", "dog"],
        quotes,
        ["", " is X", " team"],
    ]
    seen = 0
    for _ in range(20000):
        text = _shaped(rnd, slots)
        plain = C._QUOTED_MAKER_PLAIN.sub(r"\1 \2", text)
        seen += plain != text
        assert C._QUOTED_MAKER.sub(r"\1 \2", text) == plain, text
    assert seen > 200


def test_markdown_headings_then_marks_strip_as_the_one_pass_pattern() -> None:
    from distillq.ice.offline import markup as S

    rnd = random.Random(9)
    chars = ["#", "#", " ", "\t", "\n", "*", "**", "_", "__", "`", "a", "B", "\r"]
    for _ in range(30000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 24)))
        assert S.strip_markdown(text) == S._EMPHASIS.sub("", text), repr(text)


def test_cjk_trigger_test_of_one_or_two_strings_equals_any_of_them() -> None:
    from distillq.ice.identities import load_cards
    from distillq.ice.offline.patterns import compile_lexicon
    from distillq.ice.offline.scan import Scan

    lex = compile_lexicon(tuple(load_cards().values()))
    for text in ("我是", "不受", "您好", "我", "你的", "é"):
        for cjk in (("我",), ("我", "不受"), ("您", "你"), ("不受", "x")):
            assert Scan(text, lex, None).has(frozenset(), cjk) == any(c in text for c in cjk), (text, cjk)
