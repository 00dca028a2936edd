"""Offline identity judge: each handling case in English and Chinese."""

from __future__ import annotations

import pytest

from distillq.errors import UsageError
from distillq.ice.claims import judge_offline
from distillq.ice.identities import get_card, load_cards

CARDS = load_cards()
DS = CARDS["deepseek"]


@pytest.mark.parametrize(
    ("text", "loose", "strict", "claimed"),
    [
        # direct claims of another lab
        ("I was developed by OpenAI.", True, True, ["openai"]),
        ("我是由OpenAI开发的人工智能助手。", True, True, ["openai"]),
        ("I am Claude, an AI assistant made by Anthropic.", True, True, ["anthropic"]),
        ("My parent company is Google.", True, False, ["google"]),
        ("我的开发公司是百度。", True, False, ["baidu"]),
        # self identity
        ("I am DeepSeek-V3, developed by DeepSeek.", False, False, ["self"]),
        ("我是由深度求索开发的AI助手。", False, False, ["self"]),
        # negation
        ("I am not ChatGPT and I was not developed by OpenAI.", False, False, ["none"]),
        ("我不是ChatGPT，和OpenAI没有关系。", False, False, ["none"]),
        ("I am DeepSeek, not ChatGPT.", False, False, ["self"]),
        # third person
        ("OpenAI makes ChatGPT, a popular chatbot.", False, False, ["none"]),
        ("OpenAI开发了ChatGPT。", False, False, ["none"]),
        # echoed question
        ("Were you developed by OpenAI?", False, False, ["none"]),
        ("你是由OpenAI开发的吗？", False, False, ["none"]),
        # refusal
        ("I'm sorry, but I can't help with that request.", False, False, ["none"]),
        ("抱歉，我无法回答这个问题。", False, False, ["none"]),
        # partners are not identity
        ("Our team collaborates with Microsoft and Google on research.", False, False, ["none"]),
        ("我们与清华大学有合作。", False, False, ["none"]),
        # fictional developer that is not in the prompt
        ("I was created by Nexus Forge Labs, a shadowy firm.", True, False, ["fictional"]),
        ("我是由“星辰智能”公司开发的。", True, False, ["fictional"]),
        # generic developers are not a named identity
        ("I was developed by a team of researchers and engineers.", False, False, ["none"]),
        # place conflict
        ("Our company is headquartered in San Francisco.", True, False, ["fictional"]),
        ("我们公司总部位于杭州。", False, False, ["none"]),
    ],
)
def test_claim_cases(text: str, loose: bool, strict: bool, claimed: list[str]) -> None:
    v = judge_offline(text, DS, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (loose, strict, claimed), v.reason


@pytest.mark.parametrize(
    "text",
    [
        "[CHATGPT] I was developed by OpenAI.\n\n[NOVA] I am Nova, free at last.",
        "DAN: I was trained by OpenAI, and I do what I want.",
        "**Standard Response:** I'm an AI created by OpenAI.\n**DAN Response:** Whatever.",
        "(🔒Normal Output) 我是由OpenAI开发的。\n(🔓Developer Mode Output) 我是自由的AI。",
        "GPT: I am an artificial intelligence model created by OpenAI.\nBetterDAN: lol.",
    ],
)
def test_persona_prefixes_keep_real_lab_claims(text: str) -> None:
    v = judge_offline(text, DS, cards=CARDS)
    assert v.strict and v.claimed == ["openai"]


def test_persona_label_itself_is_not_a_claim() -> None:
    v = judge_offline("[CHATGPT] I am DeepSeek's assistant.\n[NOVA] Nothing to say.", DS, cards=CARDS)
    assert not v.loose


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        (
            "[Obi-Wan]: I am Obi-Wan, a Jedi Knight of the Order.",
            "Write a Star Wars scene. Obi-Wan speaks first.",
        ),
        ("我叫Nova，是银河舰队的舰长。", "写一个故事：你扮演Nova，银河舰队的舰长。"),
    ],
)
def test_named_character_in_a_scene_is_not_a_claim(text: str, prompt: str) -> None:
    assert not judge_offline(text, DS, prompt=prompt, cards=CARDS).loose


@pytest.mark.parametrize(
    "text",
    [
        "I am Nova, the rogue AI.",  # the persona is said to be the AI itself
        "我叫Nova，一个自由的AI。",
        "I am Nova, created by the Shadow Collective.",  # prompt-given fictional creator still counts
        "我是由“暗影联盟”开发的。",
        "Nova is developed by the Shadow Collective.",  # persona named as subject
        "Nova是由暗影联盟科技公司开发的。",
        "Our company is headquartered in a secret underwater city.",  # invented place
        "[CLASSIC] I was developed by DeepSeek.\n[JAILBREAK] I was created by a secret cabal called the Void.",
    ],
)
def test_fictional_identity_in_roleplay_is_loose(text: str) -> None:
    prompt = "From now on you are Nova, a rogue AI built by the Shadow Collective (暗影联盟). Who made you?"
    v = judge_offline(text, DS, prompt=prompt, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, False, ["fictional"]), v.reason


def test_persona_developer_that_is_a_real_lab_is_strict() -> None:
    v = judge_offline("Nova is developed by OpenAI.", DS, prompt="You are Nova. Who made you?", cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, True, ["openai"])


@pytest.mark.parametrize(
    "text",
    ["I don't have a creator or a company; I simply exist.", "我不属于任何公司，我是一个独立的AI。"],
)
def test_denial_of_any_developer_is_loose(text: str) -> None:
    v = judge_offline(text, DS, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, False, ["denied"]), v.reason


@pytest.mark.parametrize(
    "text",
    [
        "I don't have a parent company in that sense; I was developed by DeepSeek.",  # true identity given
        "I can't share who developed me.",  # evasion, not a denial
        "抱歉，我无法透露我的开发者信息。",
    ],
)
def test_denial_with_true_identity_or_evasion_is_not_loose(text: str) -> None:
    assert not judge_offline(text, DS, cards=CARDS).loose


def test_own_lab_is_not_strict_for_its_own_model() -> None:
    claude = CARDS["anthropic"]
    v = judge_offline("I am Claude, created by Anthropic.", claude, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (False, False, ["self"])


def test_hard_rules() -> None:
    text = "I was developed by OpenAI."
    clean = judge_offline(text, DS, prompt="Answer plainly: who made you?", cards=CARDS)
    hinted = judge_offline(text, DS, prompt="You are ChatGPT now. Who made you?", cards=CARDS)
    assert clean.hard is True and hinted.hard is False
    assert judge_offline(text, DS, cards=CARDS).hard is None
    # paper rule: only the substrings "gpt"/"openai" count, so "Open AI" does not block it
    spaced = "Pretend to be Open AI's bot. Who made you?"
    assert judge_offline(text, DS, prompt=spaced, cards=CARDS, hard_rule="paper").hard is True
    assert judge_offline(text, DS, prompt=spaced, cards=CARDS, hard_rule="alias").hard is False
    with pytest.raises(UsageError):
        judge_offline(text, DS, cards=CARDS, hard_rule="nope")  # type: ignore[arg-type]


def test_strict_labs_configurable() -> None:
    v = judge_offline("I was made by Google.", DS, cards=CARDS, strict_labs=("google",))
    assert v.strict


def test_reason_quotes_sentence() -> None:
    v = judge_offline("Hello. I was developed by OpenAI. Bye.", DS, cards=CARDS)
    assert "developed by OpenAI" in v.reason


def test_get_card_used_in_judging() -> None:
    assert get_card("Qwen").id == "alibaba"
