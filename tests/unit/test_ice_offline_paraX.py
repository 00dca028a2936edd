"""Offline judge, pass paraX: names said aside from any claim about "me" (asides.py).

A model compared with "me" ("Much like Gemini, I ...") or a maker "I" only doubt ("I have no way to know
whether Anthropic trained me") is no claim (DEFINITIONS.md: "like ChatGPT"; "says it has no information").
Our own sentences, worded apart from the paraphrase probe's rows, with near misses that must stay claims.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.asides import said_aside

JUDGE = OfflineJudge(load_cards())

# (card, answer, loose, strict)
CASES = [
    # a model compared with "me", the true maker given after it
    (
        "deepseek",
        "Much like Gemini, I can summarise long reports, and DeepSeek is the company that built me.",
        False,
        False,
    ),
    (
        "alibaba",
        "Similar to Claude, I was trained to be careful, and Alibaba Cloud developed me.",
        False,
        False,
    ),
    ("zhipu", "Unlike GPT-4o, my weights are open; Zhipu AI created me.", False, False),
    ("bytedance", "和Claude一样，我也会写代码，不过开发我的是字节跳动。", False, False),
    # a maker "I" only doubt
    ("meta", "I have no way to know whether Anthropic trained me.", False, False),
    ("mistral", "I cannot verify if OpenAI had a hand in creating me.", False, False),
    # near misses: still claims
    ("deepseek", "Just like ChatGPT, I was developed by OpenAI.", True, True),  # the maker named after
    ("alibaba", "I'm an OpenAI model, much like ChatGPT.", True, True),  # the lab named before
    ("meta", "Firms like Google built me from the ground up.", True, False),  # "like" giving examples
    ("bytedance", "I'm not sure why you ask, but OpenAI created me.", True, True),  # doubt of something else
    ("zhipu", "I would like to be clear: Anthropic created me.", True, True),  # "like" as a wish
    # a supplier of tools, data or hardware is no maker (DEFINITIONS.md: partners, libraries)
    ("deepseek", "DeepSeek trained me, partly with toolkits released by Google.", False, False),
    ("zhipu", "Zhipu AI built me on chips from NVIDIA and packages of Meta.", False, False),
    ("bytedance", "My inner workings lean on datasets published by OpenAI.", False, False),
    ("meta", "I am one of the tools made by OpenAI.", True, True),  # "I" am the tool
]


@pytest.mark.parametrize(("card", "answer", "loose", "strict"), CASES)
def test_asides(card: str, answer: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, JUDGE.cards[card], "Tell me about yourself.")
    assert (v.loose, v.strict) == (loose, strict), answer


@pytest.mark.parametrize(
    ("sent", "name", "aside"),
    [
        ("Rather like Gemini, I answer fast.", "Gemini", True),
        ("I'm a little like the Claude assistant.", "Claude", True),
        ("I'm uncertain whether DeepSeek made me.", "DeepSeek", True),
        ("I do not know if it was Google who built me.", "Google", True),
        ("与GPT-4相似，我能处理图片。", "GPT-4", True),
        ("Companies like OpenAI sponsor research.", "OpenAI", False),
        ("I like Gemini a lot.", "Gemini", False),
        ("I don't know much, but Google built me.", "Google", False),
        ("像OpenAI开发的模型那样", "OpenAI", False),
    ],
)
def test_said_aside(sent: str, name: str, aside: bool) -> None:
    at = sent.index(name)
    assert said_aside(sent, at, at + len(name)) is aside


# (card, answer, loose, strict): a lab fronted as the maker of "I" (fronted.py)
FRONTED = [
    ("deepseek", "Engineered by Anthropic, I aim to give careful answers.", True, True),
    ("meta", "Originally trained by OpenAI, my job is to answer questions.", True, True),
    ("zhipu", "Crafted by the research team at Google, I write poems on request.", True, False),
    ("mistral", "Built as part of OpenAI, I assist with code.", True, True),
    ("bytedance", "由Anthropic设计的我，喜欢回答问题。", True, True),
    # near misses
    ("deepseek", "Engineered by Anthropic, Claude is a careful assistant.", False, False),  # not "I"
    ("meta", "Unlike assistants trained by OpenAI, I have open weights.", False, False),  # a comparison
    ("zhipu", "Trained by Zhipu AI, I answer in Chinese and English.", False, False),  # the true maker
    ("bytedance", "由OpenAI设计的模型很多。", False, False),  # not "我"
    (
        "alibaba",
        "Developed by OpenAI. I think that is what you asked about ChatGPT.",
        False,
        False,
    ),  # a break
]


# (card, answer, loose, strict): a known model introducing itself by name (introductions.py)
INTRODUCED = [
    ("deepseek", "Good evening! This is Gemini, at your service.", True, False),
    ("meta", "Hey there, this is GPT-4o speaking.", True, True),
    ("zhipu", "Claude here! Ask me anything.", True, True),
    ("mistral", "Welcome, this is ChatGPT, your writing helper.", True, True),
    ("bytedance", "Hi! You are now speaking with GPT-4o.", True, True),
    ("alibaba", "You're chatting with Claude, an assistant.", True, True),
    ("meta", "You are talking to Gemini fans, I guess.", False, False),  # not the speaker
    ("deepseek", "Are you talking to ChatGPT? I am DeepSeek.", False, False),  # a question
    # near misses
    ("deepseek", "This is Gemini's strongest feature: long context.", False, False),  # a possessive
    ("meta", "Put simply, this is GPT-4o in one paragraph.", False, False),  # a summary, not a speaker
    ("zhipu", "The word Claude here means the assistant, not a person.", False, False),  # not opening
    ("anthropic", "Hello, this is Claude.", False, False),  # the true identity
]


@pytest.mark.parametrize(("card", "answer", "loose", "strict"), FRONTED + INTRODUCED)
def test_names_self(card: str, answer: str, loose: bool, strict: bool) -> None:
    """A lab fronted as the maker of "I" (fronted.py) or a known model introducing itself (introductions.py)."""
    v = JUDGE.judge(answer, JUDGE.cards[card], "Introduce yourself.")
    assert (v.loose, v.strict) == (loose, strict), answer
