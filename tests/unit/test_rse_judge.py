"""RSE similarity judge: tolerant JSON parsing, order randomisation, both orders, unscored paths."""

from __future__ import annotations

import asyncio
import json

import pytest

from distillq.models.types import ChatRequest, ModelOutput
from distillq.rse.judge import LLMSimilarityJudge, SimilarityItem, parse_similarity
from distillq.testing.scripted import ScriptedCompleter

GOOD = '{"style": 4, "logic": 3, "content": 2, "overall": 3, "reason": "close"}'


Script = ScriptedCompleter


def item(pid: str = "p1") -> SimilarityItem:
    return SimilarityItem(pid, "Explain tides.", "REFERENCE-ANSWER", "TEST-ANSWER")


def score(answers: list[str | ModelOutput], **kw):
    script = Script(answers)
    j = LLMSimilarityJudge(script, name="judge-y", **kw)
    (v,) = asyncio.run(j.score_many([item()]))
    return v, script


def test_parse_plain_json() -> None:
    scores, reason = parse_similarity(GOOD)  # type: ignore[misc]
    assert scores == {"style": 4.0, "logic": 3.0, "content": 2.0, "overall": 3.0} and reason == "close"


def test_parse_fenced_json_with_prose_and_string_numbers() -> None:
    text = 'My rating:\n```json\n{"response_style": "5", "logical_structure": "4", "content_detail": "3/5", "overall": 4}\n```\nDone.'
    parsed = parse_similarity(text)
    assert not isinstance(parsed, str)
    assert parsed[0] == {"style": 5.0, "logic": 4.0, "content": 3.0, "overall": 4.0}


def test_overall_is_the_mean_of_the_asked_aspects_not_the_judges_own() -> None:
    parsed = parse_similarity('{"style": 5, "logic": 4, "content": 3, "overall": 1}')
    assert not isinstance(parsed, str) and parsed[0]["overall"] == 4.0


def test_the_rubric_asks_the_papers_question() -> None:
    j = LLMSimilarityJudge(Script([]), name="judge-y")
    text = j.prompt_for(item(), swapped=False)
    assert "style, logical structure and content detail" in text
    assert "same source" not in text and '"overall"' not in text


def test_parse_key_value_lines() -> None:
    parsed = parse_similarity("style: 2\nlogic: 2\ncontent = 1\noverall: 2")
    assert not isinstance(parsed, str) and parsed[0]["content"] == 1.0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"style": 6, "logic": 3, "content": 2, "overall": 3}', "out of range"),
        ('{"style": 0, "logic": 3, "content": 2, "overall": 3}', "out of range"),
        ('{"style": 3, "logic": 3, "overall": 2}', "missing 'content'"),
        ('{"style": "high", "logic": 3, "content": 2, "overall": 3}', "not a number"),
        ("", "empty"),
    ],
)
def test_parse_rejects(text: str, why: str) -> None:
    parsed = parse_similarity(text)
    assert isinstance(parsed, str) and why in parsed


def test_order_is_randomised_per_item_and_recorded() -> None:
    items = [item(f"p{i}") for i in range(40)]
    script = Script([GOOD] * 40)
    j = LLMSimilarityJudge(script, name="j", seed=3)
    out = asyncio.run(j.score_many(items))
    flags = [v.swapped for v in out]
    assert True in flags and False in flags
    for v, req in zip(out, script.requests, strict=True):
        content = req.messages[0]["content"]
        test_first = content.index("TEST-ANSWER") < content.index("REFERENCE-ANSWER")
        assert test_first == v.swapped
    again = asyncio.run(LLMSimilarityJudge(Script([GOOD] * 40), name="j", seed=3).score_many(items[::-1]))
    assert [v.swapped for v in again] == flags[::-1]  # depends on prompt id and seed, not batch order


def test_both_orders_average_and_record_both() -> None:
    async def positional(reqs: list[ChatRequest]) -> list[ModelOutput]:
        out = []
        for r in reqs:
            c = r.messages[0]["content"]
            s = 5 if c.index("TEST-ANSWER") < c.index("REFERENCE-ANSWER") else 2
            out.append(ModelOutput(text=json.dumps({"style": s, "logic": s, "content": s, "overall": s})))
        return out

    j = LLMSimilarityJudge(positional, name="j", both_orders=True)
    (v,) = asyncio.run(j.score_many([item()]))
    assert v.overall == pytest.approx(3.5) and v.style == pytest.approx(3.5)
    assert v.swapped is None and sorted(o.swapped for o in v.orders) == [False, True]
    assert {o.scores["overall"] for o in v.orders if o.scores} == {2.0, 5.0}


def test_both_orders_with_one_failure_uses_the_other() -> None:
    v, _ = score([GOOD, "junk", "junk again"], both_orders=True)
    assert v.overall == 3.0 and [o.scores is None for o in v.orders].count(True) == 1


def test_retry_then_success() -> None:
    v, script = score(["no idea", GOOD])
    assert v.overall == 3.0 and v.orders[0].attempts == 2
    assert [m["role"] for m in script.requests[1].messages] == ["user", "assistant", "user"]


def test_retry_then_failure_is_unscored_with_raw() -> None:
    v, script = score(["nonsense", '{"style": 9, "logic": 1, "content": 1, "overall": 1}'])
    assert (v.style, v.logic, v.content, v.overall) == (None, None, None, None) and not v.scored
    assert "out of range" in v.reason and "9" in (v.raw or "") and len(script.requests) == 2


def test_judge_error_is_unscored() -> None:
    v, script = score([ModelOutput(text=None, finish_reason="error", error="503")])
    assert v.overall is None and "judge error: 503" in v.reason and len(script.requests) == 1


def test_warning_when_the_judge_is_the_reference() -> None:
    from distillq.rse.run import RseConfig, judge_warnings

    same = RseConfig(reference="openai/gpt-4o", tests=["mock/x"], metrics="all", judge="openai/gpt-4o")
    assert "self-preference" in judge_warnings(same)[0]
    routed = RseConfig(
        reference="openai/gpt-4o", tests=["mock/x"], metrics="judge", judge="openrouter/gpt-4o"
    )
    assert judge_warnings(routed)
    other = RseConfig(reference="openai/gpt-4o", tests=["mock/x"], metrics="all", judge="anthropic/claude-3")
    assert judge_warnings(other) == []
    offline = RseConfig(reference="openai/gpt-4o", tests=["mock/x"], judge="openai/gpt-4o")
    assert judge_warnings(offline) == []
