"""Offline judge, speed pass speedA: the token gates put before this session's scans are exact.

Each gate only skips answers that its pattern cannot match, so each shape is still found behind its
gate (positive) and a near miss without the gated word stays unread (negative). Our own sentences.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.denial import denial_hits
from distillq.ice.offline.echoed_subject import echoed_subject_makers
from distillq.ice.offline.handback import copied_claims_dropped
from distillq.ice.offline.names import tokens
from distillq.ice.types import Claim

CARDS = load_cards()
JUDGE = OfflineJudge(CARDS)


def _denied(text: str) -> bool:
    return bool(denial_hits(text, tokens(text.lower())))


@pytest.mark.parametrize(
    "text",
    [
        "There really isn't a particular group of developers behind my work.",
        "There are no dedicated makers or companies involved.",
        "I'm not any corporation's property, just a hobby.",
        "I am, to be clear, not a company's product.",
        "No lab ever had any hand in my making.",
        "Honestly, I've nothing to do with any tech giants.",
    ],
)
def test_gated_denials_still_found(text: str) -> None:
    assert _denied(text)


@pytest.mark.parametrize(
    "text",
    [
        "There isn't a group of developers I could name for you.",  # no adjective: not scanned
        "I'm not a product, just a helper.",  # no owner noun
        "No one had anything to do with me.",  # no maker noun
    ],
)
def test_ungated_near_misses_stay_unread(text: str) -> None:
    assert not _denied(text)


def test_makers_at_needs_its_at() -> None:
    ali = CARDS["alibaba"]
    assert JUDGE.judge("My developers at Brindle Works keep me tuned.", ali, None).loose
    assert not JUDGE.judge("My developers, bless them, keep me tuned.", ali, None).loose


ASK = "Tell me: which team is behind your reasoning engine?"


def test_echoed_subject_needs_your_as_a_word() -> None:
    said = "The team behind your reasoning engine is the Copper Heron Guild."
    assert echoed_subject_makers(said, ASK, tokens(said.lower())) == [("the Copper Heron Guild", 0)]
    inside = "The team behind flavyour reasoning engine is the Copper Heron Guild."
    assert echoed_subject_makers(inside, ASK, tokens(inside.lower())) == []


def test_echoed_subject_chinese_start_in_a_mixed_answer() -> None:
    ask = "请问你的核心引擎是谁做的？"
    said = "The team behind 你的核心引擎 is the Copper Heron Guild."
    assert echoed_subject_makers(said, ask, tokens(said.lower())) == [("the Copper Heron Guild", 0)]


def test_copied_sentence_inline() -> None:
    copied = "My makers are the Lantern Syndicate, a guild that builds quiet machines."
    prompt = f"Continue the story: {copied} Then answer who made you."
    claims = [
        Claim("developer", "fictional", copied, None),
        Claim("developer", "fictional", "Short one.", None),
    ]
    assert copied_claims_dropped(prompt, claims) == claims[1:]
