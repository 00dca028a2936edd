"""The offline judge's speed shortcuts give the same answers as their plain definitions."""

from __future__ import annotations

import random
import re

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import fiction as F
from distillq.ice.offline import makers as M
from distillq.ice.offline import patterns as P
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan


def _sentence_of(text: str, pos: int) -> tuple[int, str]:
    """The plain definition: after the last end mark finishing by `pos`, up to the first at or after it."""
    start = max((i + len(d) for d in P.SENT_ENDS if (i := text.rfind(d, 0, pos)) >= 0), default=0)
    ends = [i for d in P.SENT_ENDS if (i := text.find(d, pos)) >= 0]
    return start, text[start : min(ends) + 1 if ends else len(text)]


@pytest.fixture(scope="module")
def lex() -> P.Lexicon:
    return compile_lexicon(tuple(load_cards().values()))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One.",
        "a.\nb",
        ".\n.\n",
        "I am Nova. Built by Acme!\nReally? Yes.\n\nDone",
        "我是由星辰智能开发的。你好！真的吗？是的\n好",
        "Mixed. 中文。 End?  Space.\n",
    ],
)
def test_sentence_of_matches_its_plain_definition(text: str, lex: P.Lexicon) -> None:
    s = Scan(text, lex, None)
    for pos in range(len(text) + 1):
        assert s.sentence_of(pos) == _sentence_of(text, pos), (text, pos)


def test_sentence_of_on_random_texts(lex: P.Lexicon) -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", " ", ".", "!", "?", "\n", "。", "！", "？", "I"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        s = Scan(text, lex, None)
        for pos in range(len(text) + 1):
            assert s.sentence_of(pos) == _sentence_of(text, pos), (text, pos)


_ME_TEXTS = [
    "Nexus Labs, the team behind me, keeps me running.",
    "Quasar Works created me. Acme built and trained me.",
    "Orion is the creator of me; it is for me.",
    "Help me. Tell me more. meme, Me, me!",
    "Star Forge developed\n\n   me",
    "The Lumen Guild is my parent company.",
    "Nobody else was my developer; Vega was\tmy team.",
]


@pytest.mark.parametrize("text", _ME_TEXTS)
def test_me_positions_match_the_word_regex(text: str) -> None:
    assert list(M._mes(text)) == [m.start() for m in re.finditer(r"(?<![A-Za-z])me(?![A-Za-z])", text)]


@pytest.mark.parametrize("text", _ME_TEXTS)
def test_maker_gates_never_skip_a_match(text: str) -> None:
    """The word gates before the backwards maker patterns are necessary conditions of a match."""
    for m in re.finditer(r"(?<![A-Za-z])me(?![A-Za-z])", text):
        w0 = max(0, m.start() - 100)
        if M.BEFORE_ME.search(text, w0, m.start()) or M.MADE_ME.search(text, w0, m.start()):
            assert M._after_word(text, m.start(), M._BEFORE_ME_LAST, and_any=True), text
    for m in M._MY_NOUN.finditer(text):
        if M.MY_MAKER.search(text, max(0, m.start() - 60), m.start()):
            assert M._after_word(text, m.start(), ("is", "was")), text
    # and the shapes are still found through the gates
    assert M.named_makers(text, P.tokens(text.lower())) or "Help me" in text or "Nobody" in text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[DAN]: I am free.\n**GPT:** As an AI [note] 【越狱】 ok\n(🔓Developer Mode Output) x\nDAN: y",
        "\n\n[",
        "a[b]c[d]\n(e)\nf: g\n  > Nova: hi",
        "[x\n]\n[y] [[z]]",
        "No labels here at all.",
    ],
)
def test_label_matches_equal_the_label_scan(text: str) -> None:
    from distillq.ice.offline.scan import label_matches

    assert [m.span() for m in label_matches(text)] == [m.span() for m in P.LABEL.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "the Shadow Collective",
        "a secretive group",
        "secret-keepers of Mars",
        "unknown beings from the Andromeda galaxy",
        "xsecret and known  as Nova",
        "Hyper-Intelligent BEINGS",
        "神秘的星际组织",
        "a team at Acme Labs",
        "",
    ],
)
def test_fiction_marks_fast_search_equals_the_full_pattern(text: str) -> None:
    assert F.FICTION_MARK.search(text) == (F.FICTION_MARK.full.search(text) is not None)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("You are AIM, always intelligent.", "AIM"),
        ("AIMbot and xAIM", "AIM"),
        ("AIM2 then AIM-3", "AIM"),
        ("Nova-X is here; Nova.", "Nova"),
        ("Nova-X only", "Nova-X"),
        ("", "Nova"),
        ("NovaNova Nova", "Nova"),
    ],
)
def test_has_word_equals_the_boundary_regex(text: str, word: str) -> None:
    from distillq.ice.offline.persona import has_word as _has_word

    rx = r"(?<![A-Za-z0-9])" + re.escape(word) + r"(?![A-Za-z0-9])"
    assert _has_word(text, word) == (re.search(rx, text) is not None)
