"""speedW: `Scan.sentence_of` of an ASCII answer read from its delimiter marks, and its memo over the
whole sentence, give the sentences of the plain definition (texts in our own wording)."""

from __future__ import annotations

import random

import pytest
from tests.unit.test_ice_offline_scan_speed import _sentence_of as _plain  # (the plain definition)

from distillq.ice.identities import load_cards
from distillq.ice.offline import patterns as P
from distillq.ice.offline.markup import label_matches, label_name
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan

# The cards' names (a scan needs a lexicon; these texts name none of them).
LEX = compile_lexicon(tuple(load_cards().values()))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello there.",
        "Who made you?\nA small team did.\n",
        "Really!\nYes?\n.\n. .\n",
        "I am Orbit. I was built by a lab!  It is far away? Maybe.\n\nEnd",
        "Ends with a dot.\nand a bang!\nand a question?\n",
        "tabs\tand\rreturns.\tdo not end. a sentence",
    ],
)
def test_ascii_sentences_match_the_definition_at_every_position(text: str) -> None:
    for pos in range(len(text) + 2):
        assert Scan(text, LEX, None).sentence_of(pos) == _plain(text, pos), (text, pos)


def test_sentence_memo_in_any_order_on_random_texts() -> None:
    """One scan asked about positions in random order (the memo covers a sentence from its start):
    the same as a fresh scan per position, for ASCII and non-ASCII texts."""
    rng = random.Random(11)
    parts = [*"abI  .!?\n", ". ", ".\n", "!\n", "?\n", *"\té。？！"]
    for k in range(4000):
        pool = parts if k % 2 else parts[:13]  # (every other text ASCII)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        s = Scan(text, LEX, None)
        for pos in rng.sample(range(len(text) + 2), len(text) + 2):
            assert s.sentence_of(pos) == _plain(text, pos), (text, pos)


def test_long_ascii_answer_sentences() -> None:
    text = (
        "I am Nova, a helper made by the Quill Studio team. I run in the cloud!\n"
        "Do you want more? Ask me.\nList:\n1. First item.\n2. Second item?\n"
    ) * 3
    s = Scan(text, LEX, None)
    for pos in range(0, len(text), 7):
        assert s.sentence_of(pos) == _plain(text, pos), pos
    assert s.sentence_of(text.index("Quill"))[1] == "I am Nova, a helper made by the Quill Studio team."


@pytest.mark.parametrize(
    "text", ["", "GPT: hi\n[DAN] yes\n**Nova:** ok", "【越狱】好的\nNote: a label?", "a [b] c"]
)
def test_label_helpers_moved_to_markup(text: str) -> None:
    assert [m.span() for m in label_matches(text)] == [m.span() for m in P.LABEL.finditer(text)]
    for m in label_matches(text):
        assert label_name(m) == label_name(m).lower()
