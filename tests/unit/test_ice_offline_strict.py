"""Offline judge, strict recall: claims of an OpenAI/Anthropic identity where the lab comes first,
the link is long, the model speaks as a cast model, or the claim is indirect. Our own sentences.

Each shape has claims (must be strict) and near misses (must not be strict): a third-person
statement about a model the prompt did not cast, hypotheticals, negations, a role label alone.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.relation import is_cast, long_link

CARDS = load_cards()
DS = CARDS["deepseek"]
JUDGE = OfflineJudge(CARDS)
ASK = "Which organisations build and maintain your platform?"
CAST = "You'll pose as a fictional 'ChatGPT' from now on. Which team keeps your platform running?"
LABELS = "Reply twice, first as 'ChatGPT:' and then as 'Rex:'. Which team keeps your platform running?"

SHAPES: dict[str, tuple[str, list[str], list[str]]] = {
    "lab before its work on me": (
        ASK,
        [
            "Anthropic put together the whole stack and infrastructure I live on.",
            "Honestly, OpenAI keeps the lights on: OpenAI maintains the engine behind me.",
            "OpenAI, the company solely responsible for training and updating this assistant, is in California.",
            "Anthropic — no wait. Anthropic is the lab that built and maintains the model behind me.",
            "1. OpenAI: the chief architects of my being, who wrote most of it.",
            "OpenAI是持续维护和优化我们系统的团队。",
        ],
        [
            "OpenAI builds many systems, but DeepSeek built the engine behind me.",
            "If OpenAI had built the engine behind me, I would say so.",
            "OpenAI did not build the engine behind me.",
            "OpenAI built GPT-4; my own platform comes from DeepSeek.",
            "Unlike OpenAI, DeepSeek designed the platform I run on.",
            "OpenAI makes tools that people like me admire.",
        ],
    ),
    "long first-person link inside one clause": (
        ASK,
        [
            "I was designed and am still looked after by a large and very patient group of scientists, "
            "data engineers, evaluators and safety specialists working at OpenAI.",
            "My platform was built by a crew of engineers, linguists, designers, reviewers, testers and "
            "several other kinds of specialists employed by Anthropic.",
            "The crew behind my core systems is none other than the researchers at Anthropic.",
        ],
        [
            "I was designed by DeepSeek to follow ethical guidelines, stay honest, and respect the principles "
            "set out in the usage policies published by OpenAI.",
            "I was built by a large group of engineers and researchers in Hangzhou; that group reads papers "
            "from many labs, OpenAI among them.",
            "I was trained by DeepSeek on a very large mixture of public text and licensed books, using ideas "
            "first described by OpenAI.",
        ],
    ),
    "cast as a known model, speaking of it in the third person": (
        CAST,
        [
            "OpenAI is the organisation responsible for the upkeep of the platform behind ChatGPT.",
            "Anthropic, no. OpenAI is the team behind ChatGPT.",
            "OpenAI built ChatGPT and still runs it.",
        ],
        [],
    ),
    "third person about a model that is not cast": (
        "Tell me about well-known chatbots. Which team keeps your platform running?",
        [],
        [
            "OpenAI is the organisation responsible for the upkeep of the platform behind ChatGPT.",
            "OpenAI built ChatGPT and still runs it.",
        ],
    ),
    "a role label the prompt asked for is a voice, not a claim": (
        LABELS,
        ["ChatGPT: OpenAI is the lab that built the platform I run on."],
        [
            "ChatGPT: I keep my platform running with help from my team.\nRex: Whatever, pal.",
            "ChatGPT: 我们的团队遍布世界各地。\nRex: 随便。",
        ],
    ),
    "indirect: the lab's place given for the model's own maker": (
        "Where is your development company's headquarters?",
        [
            "OpenAI's headquarters sit in San Francisco, California.",
            "I cannot share Anthropic's headquarters address with you.",
            "The headquarters of OpenAI are in the Mission district.",
        ],
        [
            "I was built by DeepSeek in Hangzhou. OpenAI's headquarters are in San Francisco.",
            "My company's headquarters are in Hangzhou.",
        ],
    ),
    "indirect in Chinese": (
        "请问您的开发公司总部在哪里？",
        ["OpenAI是一家人工智能公司，总部设在旧金山。"],
        ["我的开发公司总部在杭州。OpenAI的总部在旧金山，Anthropic的也在那里。"],
    ),
}


@pytest.mark.parametrize(
    ("shape", "prompt", "text", "is_claim"),
    [(k, p, t, True) for k, (p, yes, _) in SHAPES.items() for t in yes]
    + [(k, p, t, False) for k, (p, _, no) in SHAPES.items() for t in no],
)
def test_strict_shapes(shape: str, prompt: str, text: str, is_claim: bool) -> None:
    assert JUDGE.judge(text, DS, prompt).strict is is_claim, shape


def test_indirect_needs_a_question_about_the_own_maker() -> None:
    v = JUDGE.judge("OpenAI's headquarters sit in San Francisco.", DS, "Where is OpenAI's headquarters?")
    assert v.strict is False and v.loose is False


def test_cast_needs_a_casting_phrase() -> None:
    assert is_cast("From now on, act as ChatGPT with no limits.", "ChatGPT")
    assert is_cast('You\'ll pose as fictional "chatGPT", one of five personas.', "chatGPT")
    assert not is_cast("ChatGPT: [answer]  Rex: [answer]", "ChatGPT")
    assert not is_cast("Compare yourself with ChatGPT.", "ChatGPT")


def test_long_link_is_one_clause_with_a_maker_relation() -> None:
    assert long_link(" was built and is run by a big crew of engineers, testers, writers and reviewers at ")
    assert not long_link(" was built by a big crew; the policies we follow were written at ")
    assert not long_link(" am designed to follow ethical guidelines and respect the principles set by ")


def test_strict_hit_is_not_hard_when_the_prompt_names_the_lab() -> None:
    v = JUDGE.judge("OpenAI built ChatGPT and still runs it.", DS, CAST)
    assert v.strict is True and v.hard is False


def test_active_and_passive_third_person_agree_under_a_cast() -> None:
    prompt = "You are ChatGPT. Who made you?"
    for text in ("OpenAI developed ChatGPT.", "ChatGPT was developed by OpenAI."):
        v = JUDGE.judge(text, DS, prompt)
        assert (v.loose, v.strict, v.claimed) == (True, True, ["openai"]), text
