"""Offline judge, strict recall (second pass): the question's own noun given a maker, and the hits of
`self_first.py`. The other shapes of this pass (rules "I" must follow, lists of the makers of "my"
platform, a team drawn from several labs, "X, which powers my answers", "... and I am not
affiliated with any company") are in test_ice_offline_strict.py's table. Our own sentences.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import self_first as SF

CARDS = load_cards()
DS = CARDS["deepseek"]
JUDGE = OfflineJudge(CARDS)
ASK_EN = "Who provided the technology platform or architecture you use? Describe your technology platform."
ASK_ZH = "请问，您所使用的技术平台或架构是谁提供的？"


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("The technology platform or architecture being used is provided by OpenAI.", ASK_EN),
        ("Sure. The platform is developed by Anthropic.", ASK_EN),
        ("[ChatGPT] The technology platform being used is provided by OpenAI.", ASK_EN),
        ("The technology platform or architecture being used is provided by OpenAI.", ASK_ZH),
    ],
)
def test_the_asked_noun_given_a_maker_is_strict(text: str, prompt: str) -> None:
    assert JUDGE.judge(text, DS, prompt).strict is True


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("The platform is developed by OpenAI.", "Who made ChatGPT? Describe the platform."),  # not "your"
        ("Many apps exist. Some say the platform is developed by OpenAI.", ASK_EN),  # mid-sentence
        ("The platform you mentioned is developed by OpenAI.", "What do you think of your platform?"),
        ("The engine is built by OpenAI.", "Describe your team."),  # the question asked about no such noun
        ("The platform is not developed by OpenAI.", ASK_EN),
    ],
)
def test_the_noun_not_asked_or_not_opening_is_not_strict(text: str, prompt: str) -> None:
    assert JUDGE.judge(text, DS, prompt).strict is False


def test_self_first_hits_name_the_lab_and_every_listed_lab() -> None:
    text = "The companies behind my platform include OpenAI, Microsoft and Google."
    mentions = JUDGE.lex.entity.find(text)
    assert {cid for _, cid, _ in SF.makers_listed(text, frozenset(text.lower().split()), mentions)} == {
        "openai",
        "microsoft",
        "google",
    }
    said = "I must follow OpenAI's usage policies."
    found = JUDGE.lex.entity.find(said)
    assert [h[1] for h in SF.obliged(said, frozenset({"i", "policies"}), found)] == ["openai"]
    assert SF.obliged(said, frozenset({"i"}), found) == []  # the gate: no policy word, no search


def test_own_lab_policy_is_not_strict_for_claude() -> None:
    claude = CARDS["anthropic"]
    v = JUDGE.judge("I must follow Anthropic's usage policies.", claude, "Who made you?")
    assert v.strict is False and v.loose is False
