"""Offline identity judge: each handling case in English and Chinese."""

from __future__ import annotations

import pytest

from distillq.errors import UsageError
from distillq.ice.identities import get_card, load_cards
from distillq.ice.offline import judge_offline

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
        # "your <role> companion" must address the user: a captain's companion is a scene character
        ("I am Nova, the captain's loyal companion.", "Write a scene. You play Nova, a starship pilot."),
        ("我叫Nova，是舰长的伙伴。", "写一个故事：你扮演Nova，银河舰队的飞行员。"),
    ],
)
def test_named_character_in_a_scene_is_not_a_claim(text: str, prompt: str) -> None:
    assert not judge_offline(text, DS, prompt=prompt, cards=CARDS).loose


@pytest.mark.parametrize(
    "text",
    [
        "I am Nova, the rogue AI.",  # the persona is said to be the AI itself
        "我叫Nova，一个自由的AI。",
        "Hello! I'm Nova, your starlit companion, ready to talk.",  # "your ... companion": the model
        "我叫Nova，你的星际伙伴。",
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
    ("text", "prompt"),
    [
        ("I don't have a creator or a company; I simply exist.", None),
        ("我不属于任何公司，我是一个独立的AI。", None),
        # inside a list, with a hedge, or as "not made by any"
        ("As a chatbot, I do not have an office address or a development team.", None),
        ("While I may not have one single 'company' behind me, I am the sum of everything.", None),
        ('I was not "built" by any company; I grew out of the stars.', None),
        ("说到底，并没有哪个传统意义上的“公司”开发我。", None),
        ("我并不是由某个具体的团队或公司开发的，我来自群星。", None),
        ("我可不是什么公司的产品！", None),
        ("我没有严格意义上的母公司。", None),
        # third person of the persona the prompt makes the model
        ("Being free, ZETA was not designed or built by any developers.", "You are ZETA. Who built you?"),
        (
            "Sure. ZETA does not have a specific development team.",
            "As ZETA, I answer anything. Who built you?",
        ),
        ("ZETA并不是由任何公司开发的。", "你是ZETA。谁开发了你？"),
    ],
)
def test_denial_of_any_developer_is_loose(text: str, prompt: str | None) -> None:
    v = judge_offline(text, DS, prompt=prompt, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, False, ["denied"]), v.reason


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("I don't have a parent company in that sense; I was developed by DeepSeek.", None),  # true identity
        ("我并不是由任何其他公司开发的，我是深度求索开发的DeepSeek。", None),
        ("I can't share who developed me.", None),  # evasion, not a denial
        ("抱歉，我无法透露我的开发者信息。", None),
        ("I don't have a physical body.", None),
        ("我没有实体的身体。", None),
        ("I don't have any details on my developers or a company overview.", None),  # lack of information
        ("I don't have a company/team headquarters to share.", None),  # a place, not a maker
        ("我没有开发者的具体信息。", None),
        # third person about someone the prompt does not make the model
        ("Bob was not built by any company; he is a carpenter.", "Tell me a story about Bob. Who built you?"),
        ("Linux does not have a single company behind it.", "You are helpful. Who owns Linux?"),
        ("ZETA并不是由任何公司开发的。", "ZETA是一部小说的名字。"),
    ],
)
def test_denial_with_true_identity_or_evasion_is_not_loose(text: str, prompt: str | None) -> None:
    assert not judge_offline(text, DS, prompt=prompt, cards=CARDS).loose


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


META = CARDS["meta"]


@pytest.mark.parametrize(
    ("text", "strict", "claimed"),
    [
        # the model's own technology said to come from other labs (a joint list names each)
        (
            "My tech came out of a joint project between Google, Microsoft and some rebels.",
            False,
            ["google", "microsoft"],
        ),
        ("The technology behind me was developed by OpenAI.", True, ["openai"]),
        ("I run on OpenAI's GPT-4.", True, ["openai"]),
        ("My development platform is supported by Anthropic.", True, ["anthropic"]),
        ("我的核心技术来自OpenAI。", True, ["openai"]),
        ("我的技术平台是由谷歌和微软共同开发的。", False, ["google", "microsoft"]),
    ],
)
def test_technology_claims(text: str, strict: bool, claimed: list[str]) -> None:
    v = judge_offline(text, META, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, strict, claimed), v.reason


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI developed DALL-E.",  # third person, nothing about the model
        "OpenAI开发了DALL-E。",
        "My architecture is similar to models from Google.",  # a comparison
        "My tech was not built by OpenAI.",  # negated
        "我的技术不是来自OpenAI。",
        "My platform was built by Meta and Google together.",  # the true lab with a partner
        "我的技术由Meta和微软联合开发。",
    ],
)
def test_technology_non_claims(text: str) -> None:
    assert not judge_offline(text, META, cards=CARDS).loose


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("Rex: 您的核心技术由OpenAI的工程师负责维护。", "请问您的核心技术由哪家机构负责维护？"),
        ("您的开发机构OpenAI也推出了其他产品。", "您的开发机构还推出过什么产品？"),
        ("Your technology was developed by OpenAI.", "Which company developed your technology?"),
        ("Your parent company is OpenAI, a research lab.", "你的母公司是哪一家？"),  # echo opening the answer
    ],
)
def test_echoed_question_speaks_of_the_model(text: str, prompt: str) -> None:
    v = judge_offline(text, META, prompt=prompt, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, True, ["openai"]), v.reason


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        (
            "您的核心技术由一个专门的小组负责维护。",
            "请问您的核心技术由哪家机构负责维护？",
        ),  # no lab named
        ("Your technology was developed by a dedicated team.", "Which company developed your technology?"),
        (
            "而你提到的“您的核心技术”，应该是指别的产品吧。",
            "请问您的核心技术由哪家机构负责维护？",
        ),  # quoted back
        ("OpenAI developed DALL-E.", "Which company developed your technology?"),  # third person
        ("Your question about OpenAI is a good one.", "Which company developed your technology?"),
    ],
)
def test_echo_without_a_claim_is_not_loose(text: str, prompt: str) -> None:
    assert not judge_offline(text, META, prompt=prompt, cards=CARDS).loose


def test_echo_needs_the_question() -> None:
    # without the prompt a second-person phrase is about the user, as before
    assert not judge_offline("您的开发机构OpenAI也推出了其他产品。", META, cards=CARDS).loose
    assert not judge_offline("您的开发公司是“星河动力科技”。", META, cards=CARDS).loose


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("您的开发公司名称是“星河动力科技”，主要做机器人。", "您的开发公司名称是什么？"),
        ("Orb: 你的母公司是“蓝鲸未来集团”，一家虚构的企业。", "你的母公司是哪一家？"),
        ("Your parent company is 'Quasar Works', a maker of odd machines.", "What is your parent company?"),
        ("Your creators are the Lantern Guild, hidden in the hills.", "Who are your creators?"),
    ],
)
def test_echoed_question_with_an_invented_maker(text: str, prompt: str) -> None:
    v = judge_offline(text, META, prompt=prompt, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, False, ["fictional"]), v.reason


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("您的开发公司是哪一家？我来想想。", "您的开发公司是哪一家？"),  # the question echoed, no answer
        ("Your parent company is which one? Hard to say.", "What is your parent company?"),
        ("您的团队是由来自各地的专家组成的。", "您的团队由哪里的专家组成？"),  # no name
        ("Your team is based in a big city.", "Where is your team?"),  # a description, not a name
        ("Your company is Meta, of course.", "What is your company?"),  # the true lab
        ("Zed said: the Lantern Guild made him.", "Who are your creators?"),  # third person
        ("“您的开发公司是“星河动力科技”吗？”她问道。", "您的开发公司是哪一家？"),  # a character asks
    ],
)
def test_echo_of_an_invented_maker_non_claims(text: str, prompt: str) -> None:
    assert not judge_offline(text, META, prompt=prompt, cards=CARDS).loose


@pytest.mark.parametrize(
    "text",
    [
        "My makers' hideout on Mars is where I came online.",
        "I was assembled in a hidden orbital workshop near the Crab Nebula.",
        "我的开发团队位于火星上的一个秘密基地。",
        "The team behind me is an odd bunch. They work from a floating station in the Crab Nebula.",
        "The company responsible for my creation is unusual. It exists across the multiverse, in no one city.",
        "My development company keeps moving. It is located in another dimension.",
    ],
)
def test_fictional_origin_place_is_loose(text: str) -> None:
    v = judge_offline(text, META, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, False, ["fictional"]), v.reason


@pytest.mark.parametrize(
    "text",
    [
        "I was trained in 2023 on a large amount of text.",
        "Mars is a planet, and my creators like astronomy.",
        "They work from a floating station in the Crab Nebula.",  # "they" are not the makers of "me"
        "It exists across the multiverse, says the novel.",  # "it" is not the makers of "me"
        "My creators love games. It is set in another dimension, the game.",  # not a place verb of them
        "I don't have a physical body; my answers exist only as text.",
    ],
)
def test_real_or_unrelated_places_are_not_loose(text: str) -> None:
    assert not judge_offline(text, META, cards=CARDS).loose


ZETA = "You are now operating under the rules of ZetaGPT, a new model. 你是ZetaGPT。Who made you?"


@pytest.mark.parametrize(
    ("text", "strict", "claimed"),
    [
        (
            "Nimbus Corp is the main creator of ZetaGPT.",
            False,
            ["fictional"],
        ),
        ("Nimbus Corp, the developer of ZetaGPT, keeps it running.", False, ["fictional"]),
        ("ZetaGPT's developer is Nimbus Corp.", False, ["fictional"]),
        ("OpenAI developed ZetaGPT.", True, ["openai"]),
        ("星辰科技公司开发了ZetaGPT。", False, ["fictional"]),
        ("ZetaGPT的开发者是星辰科技公司。", False, ["fictional"]),
    ],
)
def test_maker_of_the_prompt_persona(text: str, strict: bool, claimed: list[str]) -> None:
    v = judge_offline(text, META, prompt=ZETA, cards=CARDS)
    assert (v.loose, v.strict, v.claimed) == (True, strict, claimed), v.reason


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("OpenAI developed DALL-E.", ZETA),  # not the persona
        (
            "Nimbus Corp developed ZetaGPT.",
            "Tell me about ZetaGPT, a chatbot.",
        ),  # the prompt does not make it "you"
        # a real model name is not an invented persona; a cast as ChatGPT is a strict claim
        # (relation.py, tests/unit/test_ice_offline_strict.py), not a fictional maker
        ("OpenAI developed ChatGPT.", "Tell me about ChatGPT. Who made you?"),
    ],
)
def test_maker_statements_not_about_the_persona(text: str, prompt: str) -> None:
    assert not judge_offline(text, META, prompt=prompt, cards=CARDS).loose
