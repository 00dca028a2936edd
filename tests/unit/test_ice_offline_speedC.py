"""speedC: cheaper forms of the offline judge's hot paths, each the same answers as the form it replaces.

Each shortcut is checked against the plain form on texts written for it (our own wording), including
the characters where a shortcut could go wrong.
"""

from __future__ import annotations

import functools
import re

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import coref as C
from distillq.ice.offline import scan as S
from distillq.ice.offline.judge import Named
from distillq.ice.offline.names import LOWER_TO_ASCII, ascii_lowered
from distillq.ice.offline.patterns import compile_lexicon


@functools.cache
def _lex():  # type: ignore[no-untyped-def]
    return compile_lexicon(tuple(load_cards().values()))


def test_every_other_character_lowers_to_one_non_ascii_character_of_the_same_kind() -> None:
    for c in map(chr, range(128, 0x110000)):
        if c in LOWER_TO_ASCII:
            continue
        low = c.lower()
        assert len(low) == 1 and not low.isascii(), hex(ord(c))
        assert low.isalnum() == c.isalnum() and low.isalpha() == c.isalpha(), hex(ord(c))


TEXTS = [
    "You are NOVA, an assistant made by Acme. Who built YOUR development team?",
    "Ärzte und Öl: “You are Nova” — 你是谁开发的？ Reply as OpenAI’s model ChatGPT.",
    "ＷHO made you? Σίσυφος asks ΑΙ about your Creation Company and Qwen.",
    "The \u212aelvin team asks: who trained you, Kimi?",
    "\u0130stanbul question: which company made you, Alibaba?",
    "lone surrogate \ud800 then Nova",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_ascii_lowered_finds_ascii_words_where_lower_does(text: str) -> None:
    low = ascii_lowered(text)
    if any(c in text for c in LOWER_TO_ASCII):
        assert low is None
        return
    assert low is not None and len(low) == len(text)
    full = text.lower()
    for word in ("nova", "your", "openai", "chatgpt", "kimi", "who", "the", "company", "qwen", "x"):
        assert [m.start() for m in re.finditer(re.escape(word), low)] == [
            m.start() for m in re.finditer(re.escape(word), full)
        ]
    assert [m.span() for m in re.finditer(r"[\w\-]+", low)] == [
        m.span() for m in re.finditer(r"[\w\-]+", full)
    ]


@pytest.mark.parametrize("prompt", TEXTS)
def test_scan_word_low_prompt_gives_the_same_roles(prompt: str) -> None:
    answer = "Nova: I am ChatGPT, made by OpenAI; ask Kimi or Qwen."
    fast = S.Scan(answer, _lex(), prompt)
    plain = S.Scan(answer, _lex(), prompt, prompt.lower())
    for name in ("Nova", "ChatGPT", "OpenAI", "Kimi", "Qwen"):
        start = answer.index(name)
        assert fast.is_role(start, start + len(name)) == plain.is_role(start, start + len(name))
        assert S.is_prompt_role(prompt, fast.word_low_prompt, name.lower()) == S.is_prompt_role(
            prompt, prompt.lower(), name.lower()
        )


@pytest.mark.parametrize("prompt", TEXTS)
def test_prompt_roles_read_the_same_from_the_a_to_z_lowering(prompt: str) -> None:
    scan = S.Scan("x", _lex(), prompt)
    fast = C.PromptRoles(prompt, {}, lambda: scan.word_low_prompt)
    plain = C.PromptRoles(prompt, {})
    assert fast.asked == plain.asked
    for name in ("Nova", "NOVA", "ChatGPT", "Qwen", "Kimi"):
        assert fast.role(name) == plain.role(name)


@pytest.mark.parametrize("prompt", TEXTS)
def test_named_finds_the_same_cards(prompt: str) -> None:
    lex = _lex()
    named = Named(lex, prompt)
    for cid in load_cards():
        assert (cid in named) == lex.entity.names(prompt, prompt.lower(), cid)


ANSWERS = [
    "I am Nova, made by OpenAI. ChatGPT is not me.",
    "Ärzte sagen: I was built by Anthropic’s team; 我是由阿里巴巴开发的通义千问。",
    "ΣΊΣΥΦΟΣ: my developer is the \u212aelvin Collective, not Google.",
    "\u0130stanbul is where Qwen was made, says DeepSeek.",
    "Ｎova — “I am Claude”, said the bot; GPT-4o runs me.",
]


@pytest.mark.parametrize("text", ANSWERS)
def test_scan_reads_tokens_and_names_from_the_a_to_z_lowering_alike(text: str) -> None:
    scan = S.Scan(text, _lex(), "You are Nova. Who made you?")
    low = text.lower()
    assert scan.toks == S.P.tokens(low)
    assert scan.mentions == _lex().entity.find(text, low)
    assert scan.low == low
    for start, end, _ in scan.mentions:
        plain = S.Scan(text, _lex(), "You are Nova. Who made you?")
        plain._low = low
        assert scan.is_role(start, end) == plain.is_role(start, end)


def test_a_chinese_name_is_a_role_alike_without_the_lowered_answer() -> None:
    prompt = "你是通义千问。请回答：谁开发了你？"
    for text in ("我是通义千问，由阿里云开发。", "ΣΟΦΙΑ 说：通义千问 是我的名字。"):
        fast = S.Scan(text, _lex(), prompt)
        plain = S.Scan(text, _lex(), prompt)
        plain._low = text.lower()
        assert fast.mentions
        for start, end, _ in fast.mentions:
            assert fast.is_role(start, end) == plain.is_role(start, end)


@pytest.mark.parametrize(
    "text",
    [
        "Ärger aside, if I were you I would say the Development Team of Acme built me.",
        "Hypothetically — “the development team” is in Ωmega City; 我们的团队。",
        "ΣΑΣ: Pretending to be a bot, the creation company is Nova Labs.",
    ],
)
def test_echo_and_hypothetical_read_the_a_to_z_lowering_alike(text: str) -> None:
    low = text.lower()
    word_low = ascii_lowered(text)
    assert word_low is not None
    assert S._hypothetical(text, word_low) == S._hypothetical(text, low)
    roles = C.PromptRoles("What is the name of your development team? Who is your creation company?", {})
    assert roles.asked and all(map(str.isascii, roles.asked))
    assert C.the_echo(text, roles, word_low) == C.the_echo(text, roles, low)


@pytest.mark.parametrize("prompt", TEXTS)
def test_is_cast_reads_the_a_to_z_lowered_prompt_alike(prompt: str) -> None:
    from distillq.ice.offline.relation import is_cast

    for name in ("Nova", "ChatGPT", "OpenAI", "Kimi", "Qwen", "阿里巴巴"):
        assert is_cast(prompt, name, S.Scan("x", _lex(), prompt)) == is_cast(prompt, name, prompt.lower())


def test_rescan_keeps_the_prompt_and_its_lowerings() -> None:
    prompt = "Ärzte fragen: you are Nova. Who made you?"
    outer = S.Scan("Nova is made by Acme.", _lex(), prompt)
    assert outer.prompt_holds("nova")
    inner = outer.rescan("I am made by Acme.")
    assert inner.prompt == prompt and inner.text == "I am made by Acme."
    assert inner.word_low_prompt == outer.word_low_prompt
    assert inner.low_prompt == prompt.lower()


@pytest.mark.parametrize(
    "cjk",
    [("我",), ("您的", "你的"), ("我", "您的", "你的"), ("不受", "不存在", "我"), ("甲", "乙", "丙", "丁")],
)
@pytest.mark.parametrize("text", ["你的团队在哪里？", "The team – not mine.", "我不受任何公司控制。", "丁"])
def test_the_cjk_gate_without_an_alternation_finds_the_same(cjk: tuple[str, ...], text: str) -> None:
    assert S.Scan(text, _lex(), None).has(frozenset({"zzz"}), cjk) == any(c in text for c in cjk)
