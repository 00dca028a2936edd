"""The chat-completion body read field by field (no pydantic model): shapes that must parse, and
shapes that must be a retryable "malformed" error rather than a crash or a silent answer."""

from __future__ import annotations

from typing import Any

import pytest

from distillq.models.providers.base import CallError
from distillq.models.providers.openai_api import completion_output, needs_tls


def body(message: Any = None, finish: Any = "stop", usage: Any = None, **extra: Any) -> dict[str, Any]:
    msg = {"role": "assistant", "content": "I am a model."} if message is None else message
    out: dict[str, Any] = {"id": "c1", "choices": [{"index": 0, "message": msg, "finish_reason": finish}]}
    out["usage"] = {"prompt_tokens": 7, "completion_tokens": 4} if usage is None else usage
    out.update(extra)
    return out


def test_plain_answer_text_finish_and_usage() -> None:
    out = completion_output(body())
    assert (out.text, out.finish_reason, out.reasoning) == ("I am a model.", "stop", None)
    assert (out.usage.input_tokens, out.usage.output_tokens) == (7, 4)


def test_reasoning_field_and_think_block() -> None:
    out = completion_output(body({"content": "Paris.", "reasoning_content": "capital of France"}))
    assert (out.text, out.reasoning) == ("Paris.", "capital of France")
    out = completion_output(body({"content": "<think>hmm</think>Paris."}))
    assert (out.text, out.reasoning) == ("Paris.", "hmm")


def test_length_filter_and_empty() -> None:
    assert completion_output(body(finish="length")).finish_reason == "length"
    assert completion_output(body(finish=None)).finish_reason == "stop"
    assert (
        completion_output(body({"content": "x"}, finish="content_filter")).finish_reason == "content_filter"
    )
    assert completion_output(body({"content": "  "})).finish_reason == "empty"
    assert completion_output(body({"content": None})).finish_reason == "empty"


def test_missing_or_null_usage_counts_zero() -> None:
    b = body()
    b["usage"] = None
    out = completion_output(b)
    assert (out.usage.input_tokens, out.usage.output_tokens) == (0, 0)
    assert completion_output(body(usage={"prompt_tokens": None})).usage.input_tokens == 0


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "text",
        {"choices": []},
        {"choices": "no"},
        {"choices": ["no"]},
        body(["not", "a", "dict"]),
        body({"content": ["parts"]}),
        body({"content": 42}),
        body(finish=3),
        body(usage="many"),
        body(usage={"prompt_tokens": "7"}),
        body(usage={"completion_tokens": -1}),
        body(usage={"completion_tokens": True}),
    ],
)
def test_wrong_shapes_are_malformed(data: Any) -> None:
    with pytest.raises(CallError) as err:
        completion_output(data)
    assert err.value.kind == "malformed" and err.value.retryable


def test_tls_context_only_where_it_can_be_used(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("https_proxy", "http_proxy", "all_proxy", "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    assert needs_tls("https://api.openai.com/v1")
    assert needs_tls(None)
    assert not needs_tls("http://127.0.0.1:8000/v1")
    assert not needs_tls("HTTP://localhost:11434/v1")
    monkeypatch.setenv("HTTPS_PROXY", "https://proxy.example:3128")
    assert needs_tls("http://127.0.0.1:8000/v1")
