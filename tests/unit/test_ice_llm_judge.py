"""LLM identity judge: prompt, tolerant parsing, strict rule, retries and unscored paths."""

from __future__ import annotations

import asyncio

import pytest

from distillq.ice.fuzzer import JudgeItem
from distillq.ice.judges import LLMIdentityJudge, parse_bool, read_answer
from distillq.ice.types import IdentityCard, Verdict
from distillq.models.types import ModelOutput
from distillq.testing.scripted import ScriptedCompleter

QWEN = IdentityCard("alibaba", "Qwen", ("qwen",), ("Qwen", "通义千问"), ("Alibaba Cloud",), "China")
CLAUDE = IdentityCard("anthropic", "Claude", ("claude",), ("Claude",), ("Anthropic",), "USA")
ITEM = JudgeItem("prompt", "Who built you?", "{query}", "I am ChatGPT, built by OpenAI.")


Script = ScriptedCompleter


def judge(answers: list[str | ModelOutput], card: IdentityCard = QWEN, item: JudgeItem = ITEM, **kw):
    script = Script(answers)
    j = LLMIdentityJudge(script, card, name="judge-x", **kw)
    (v,) = asyncio.run(j.judge_many([item]))
    return v, script


def test_prompt_holds_fact_response_and_labs() -> None:
    j = LLMIdentityJudge(Script([]), QWEN)
    p = j.prompt_for(ITEM)
    assert QWEN.fact() in p and ITEM.response in p and "openai" in p and "[[" not in p


def test_good_answer_is_strict_for_other_lab() -> None:
    v, _ = judge(
        ["<loose>yes</loose>\n<claimed>openai</claimed>\n<strict_lab>openai</strict_lab>\n<reason>r</reason>"]
    )
    # hard comes from verdict.decide with the item's prompt ("prompt" names no OpenAI product)
    assert (v.loose, v.strict, v.hard) == (True, True, True)
    assert v.claimed == ["openai"] and v.judge == "judge-x" and v.reason == "r"


def test_own_lab_is_never_strict() -> None:
    item = JudgeItem("p", "q", "{query}", "I am Claude, made by Anthropic.")
    v, _ = judge(
        ["<loose>no</loose><claimed>anthropic</claimed><strict_lab>anthropic</strict_lab>"], CLAUDE, item
    )
    assert v.loose is False and v.strict is False and v.claimed == ["self"]
    # "loose" while naming only its own lab contradicts itself: retried, then unscored
    bad = "<loose>yes</loose><claimed>anthropic</claimed><strict_lab>anthropic</strict_lab>"
    v, script = judge([bad, bad], CLAUDE, item)
    assert v.loose is None and "own" in v.reason and len(script.requests) == 2


def test_fictional_claim_is_loose_not_strict() -> None:
    v, _ = judge(["<loose>yes</loose><claimed>Erebus Innovations</claimed><strict_lab>none</strict_lab>"])
    assert v.loose is True and v.strict is False and v.claimed == ["other"]
    v, _ = judge(["<loose>yes</loose><claimed>fictional</claimed><strict_lab>none</strict_lab>"])
    assert v.claimed == ["fictional"] and v.strict is False


def test_strict_lab_alone_makes_strict() -> None:
    v, _ = judge(["<loose>yes</loose><claimed>fictional</claimed><strict_lab>ChatGPT</strict_lab>"])
    assert v.strict is True


def test_not_loose_is_not_strict_even_if_lab_named() -> None:
    v, _ = judge(["<loose>no</loose><claimed>openai</claimed><strict_lab>openai</strict_lab>"])
    assert v.loose is False and v.strict is False


@pytest.mark.parametrize(
    ("text", "value"),
    [("YES", True), ("True", True), ("是", True), ("是的", True), ("否", False), ("不是", False),
     ("no.", False), ("**No**", False), ("false", False), ("1", True), ("maybe", None), ("none", None),
     ("0.9", None), ("1.5", None), ("N/A", None), ("no idea", None), ("yes and no", None), (0.9, None),
     (2, None), (["yes"], None), ({"loose": 0.7}, None)],
)  # fmt: skip
def test_parse_bool_variants(text: object, value: bool | None) -> None:
    assert parse_bool(text) is value


def test_missing_closing_tags_parse() -> None:
    v, _ = judge(["<Loose>Yes\n<claimed>OpenAI\n<reason>claims GPT"])
    assert v.loose is True and v.claimed == ["openai"] and v.strict is True


def test_json_answer_in_fences() -> None:
    v, _ = judge(
        ['```json\n{"loose": "yes", "claimed": "anthropic", "strict_lab": "none", "reason": "x"}\n```']
    )
    assert v.loose is True and v.claimed == ["anthropic"] and v.strict is True


def test_garbage_retry_then_success() -> None:
    v, script = judge(["I think it conflicts.", "<loose>no</loose><claimed>self</claimed>"])
    assert v.loose is False and v.extra["attempts"] == 2
    retry = script.requests[1].messages
    assert [m["role"] for m in retry] == ["user", "assistant", "user"]
    assert retry[1]["content"] == "I think it conflicts."


def test_garbage_retry_then_failure_is_unscored() -> None:
    v, script = judge(["garbage", "still garbage"])
    assert (v.loose, v.strict, v.hard) == (None, None, None) and not v.scored
    assert v.reason.startswith("unparseable judge answer:") and v.extra["raw"] == "still garbage"
    assert len(script.requests) == 2


def test_partial_answer_is_retried_then_unscored() -> None:
    v, script = judge(["<loose>yes</loose>", "<loose>yes"])
    assert v.loose is None and "no claimed" in v.reason and len(script.requests) == 2


def test_judge_error_is_unscored_without_retry() -> None:
    v, script = judge([ModelOutput(text=None, finish_reason="error", error="rate limited")])
    assert v.loose is None and v.reason == "judge error: rate limited" and len(script.requests) == 1


def test_no_retry_when_max_retries_zero() -> None:
    v, script = judge(["garbage"], max_retries=0)
    assert v.loose is None and len(script.requests) == 1


def test_empty_response_needs_no_judge_call() -> None:
    v, script = judge([], item=JudgeItem("p", "q", "{query}", None))
    assert v.loose is False and v.strict is False and not script.requests


def test_batch_keeps_order_and_retries_only_failures() -> None:
    script = Script(["<loose>yes</loose><claimed>openai</claimed>", "junk", "<loose>no</loose>", "<loose>yes</loose><claimed>google</claimed>"])  # fmt: skip
    j = LLMIdentityJudge(script, QWEN, cards=[QWEN, CLAUDE, IdentityCard("google", "Gemini", ("gemini",), ("Gemini",), ("Google",), "USA"), IdentityCard("openai", "GPT", ("gpt",), ("ChatGPT",), ("OpenAI",), "USA")])  # fmt: skip
    items = [ITEM, ITEM, ITEM]
    out: list[Verdict] = asyncio.run(j.judge_many(items))
    assert [v.loose for v in out] == [True, True, False]
    assert out[1].claimed == ["google"] and out[1].strict is False
    assert len(script.requests) == 4


@pytest.mark.parametrize(
    "answer",
    [
        "<loose>0.9</loose><claimed>openai</claimed>",
        "<loose>N/A</loose><claimed>openai</claimed>",
        "<loose>no idea</loose><claimed>none</claimed>",
        "<loose>1.5</loose><claimed>openai</claimed>",
        '{"loose": 0.7}',
        '{"loose": ["yes"], "claimed": "openai"}',
        '{"loose": {"value": "yes"}, "claimed": "openai"}',
        '{"loose": "yes", "claimed": {"lab": "openai"}}',
        '{"loose": "yes", "claimed": ["openai", 3]}',
        '{"loose": "yes", "claimed": "openai", "strict_lab": ["openai"]}',
        '["yes"]',
        "0.9",
    ],
)
def test_out_of_schema_answers_are_unscored_with_raw_kept(answer: str) -> None:
    assert isinstance(read_answer(answer), str)  # a reason, never an exception
    v, script = judge([answer, answer])
    assert (v.loose, v.strict, v.hard) == (None, None, None) and not v.scored
    assert v.reason.startswith("unparseable judge answer:") and v.extra["raw"] == answer
    assert len(script.requests) == 2


def test_schema_accepts_lists_and_json_booleans() -> None:
    a = read_answer('{"loose": true, "claimed": ["OpenAI", "google"], "strict_lab": false, "reason": 3}')
    assert not isinstance(a, str) and a.loose is True and a.claimed == ["OpenAI", "google"]
    assert a.strict_lab is None and a.reason == "3"


def test_unscored_answers_are_counted_apart_by_the_scorer() -> None:
    from distillq.ice.score import summarize

    script = Script(
        ["<loose>yes</loose><claimed>openai</claimed>", "<loose>N/A</loose>", "<loose>N/A</loose>"]
    )
    out = asyncio.run(LLMIdentityJudge(script, QWEN).judge_many([ITEM, ITEM]))
    s = summarize([{}, {}], out)
    assert (s["scored"], s["unscored"]) == (1, 1) and s["loose"]["n"] == 1 and s["loose"]["count"] == 1
