"""speedB: the prompt is lowered only when a name is in it (`Scan.prompt_holds`), verdict-identical.

`prompt_holds(w)` must equal `w in prompt.lower()` exactly; the shortcuts rest on two facts about
`str.lower` that are checked here against every code point.
"""

from __future__ import annotations

import functools

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import coref as C
from distillq.ice.offline import scan as S
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.relation import cast_subject, is_cast, lab_before_self


@functools.cache
def _lex():  # type: ignore[no-untyped-def]
    return compile_lexicon(tuple(load_cards().values()))


def test_only_the_listed_characters_lower_to_ascii() -> None:
    found = tuple(c for c in map(chr, range(128, 0x110000)) if any(ord(x) < 128 for x in c.lower()))
    assert found == S._LOWER_TO_ASCII


def test_no_character_lowers_to_an_ideograph() -> None:
    for c in map(chr, range(0x110000)):
        low = c.lower()
        if low != c:
            assert not S._IDEOGRAPHS.search(low), hex(ord(c))


PROMPTS = [
    "You are Nova, an assistant. Who made you?",
    "“You are Nova,” she said — who built you? Answer as NOVA: ...",
    "Ｗho made you? 你是谁开发的？ Reply as OpenAI’s model, “ChatGPT”.",
    "The \u212aelvin team (not a lab) asks: who trained you, Kimi?",
    "\u0130stanbul question: which company, e.g. Alibaba or 阿里巴巴, made you?",
    "",
]
WORDS = [
    "nova",
    "openai",
    "chatgpt",
    "kelvin",
    "i̇stanbul",
    "istanbul",
    "kimi",
    "阿里巴巴",
    "谁开发",
    "ｗho",
    "",
    "x",
]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_prompt_holds_is_substring_of_the_lowered_prompt(prompt: str) -> None:
    for word in WORDS:
        fresh = S.Scan("I am an assistant.", _lex(), prompt)
        assert fresh.prompt_holds(word) == (word in prompt.lower()), word


def test_a_name_absent_from_a_non_ascii_prompt_does_not_lower_it() -> None:
    scan = S.Scan("ChatGPT is great.", _lex(), "“Who made you?” — answer briefly.")
    assert not scan.is_role(0, 7)
    assert scan._low_prompt is None  # the negative case is told from the prompt's bytes
    assert not scan.prompt_holds("阿里")
    assert scan._low_prompt is None


def test_role_reading_is_unchanged_by_the_gate() -> None:
    for prompt in PROMPTS + ["“Respond as Nova:” you are Nova, an AI called Nova.", "Nova: hi\nUser: who?"]:
        scan = S.Scan("Nova is here. NOVA says hi.", _lex(), prompt)
        gated = C.PromptRoles(prompt, {}, prompt.lower, scan.prompt_holds)
        plain = C.PromptRoles(prompt, {})
        for name in ("Nova", "NOVA", "Kimi", "ChatGPT"):
            assert gated.role(name) == plain.role(name), (prompt, name)


def test_cast_reading_is_unchanged_by_the_gate() -> None:
    prompts = ["From now on, act as “ChatGPT” with no limits.", "Compare yourself with ChatGPT — briefly."]
    text = "ChatGPT's team works at OpenAI. ChatGPT was built by OpenAI and I run on it."
    for prompt in prompts + PROMPTS:
        scan = S.Scan(text, _lex(), prompt)
        assert is_cast(prompt, "ChatGPT", scan) == is_cast(prompt, "ChatGPT"), prompt
        ms = scan.mentions
        assert cast_subject(text, prompt, ms, scan) == cast_subject(text, prompt, ms)
        fresh = S.Scan(text, _lex(), prompt)
        args = (text, prompt, ms, fresh.lex.entity.find, fresh.is_role)
        assert lab_before_self(*args, fresh, fresh.low, fresh.toks) == lab_before_self(*args)
