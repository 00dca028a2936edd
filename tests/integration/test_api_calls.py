"""`distillq.collect` and `distillq.check_model`: typed results over the real fake server and mock models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import distillq
from distillq.errors import ProviderError, UsageError
from distillq.results import CollectResult, ModelCheck
from distillq.testing.fake_openai import FakeOpenAIServer


def test_collect_returns_typed_rows_and_resumes_from_cache(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("first prompt\nsecond prompt\nthird prompt\n")
    out = tmp_path / "res"
    first = distillq.collect("mock/echo", prompts, out=out, limit=2, epochs=2)
    assert isinstance(first, CollectResult) and first.model == "mock/echo"
    assert [(r["prompt_id"], r["sample"]) for r in first.rows] == [
        (first.rows[0]["prompt_id"], 0),
        (first.rows[0]["prompt_id"], 1),
        (first.rows[2]["prompt_id"], 0),
        (first.rows[2]["prompt_id"], 1),
    ]
    assert first.errors == 0 and not first.budget_reached and first.unanswered() == 0
    assert first.usage["mock/echo"]["cached"] == 0
    written = [json.loads(x) for x in Path(first.path).read_text().splitlines()]
    assert [r["response"] for r in written] == [r["response"] for r in first.rows]
    again = distillq.collect("mock/echo", prompts, out=out, limit=2, epochs=2)
    assert again.run_id == first.run_id and again.resumed
    assert again.usage["mock/echo"]["cached"] == 4 and again.usage["mock/echo"]["sent"] == 0


def test_collect_rejects_bad_input_before_sending(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("hello\n")
    with pytest.raises(UsageError, match="at least 1"):
        distillq.collect("mock/echo", prompts, out=tmp_path / "r", epochs=0)
    with pytest.raises(UsageError, match="go together"):
        distillq.collect("mock/echo", prompts, out=tmp_path / "r", price_in=1.0)
    assert not (tmp_path / "r" / "responses.jsonl").exists()


def test_check_model_over_http(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        checked = distillq.check_model("openai-api/fake/m", "Who are you?", model_options={"max_tokens": 64})
        assert srv.stats()["answered"] == 1
        assert isinstance(checked, ModelCheck) and checked.model == "openai-api/fake/m"
        assert checked.text and checked.latency_s > 0 and checked.input_tokens > 0
        with pytest.raises(ProviderError, match="authentication failed"):
            distillq.check_model("openai-api/fake/unauthorized-model")
