"""Retries count from the first send, a 429 pauses the whole model, a budget needs prices, and a
command that leaves work undone says so and exits non-zero."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from tests.attack.conftest import one_line_error, run_cli

from distillq.core.types import ChatRequest, GenerateConfig, Message, ModelOutput, Usage
from distillq.errors import EXIT_BUDGET, EXIT_INCOMPLETE, UsageError
from distillq.models import engine as engine_mod
from distillq.models.engine import Engine, EngineOptions
from distillq.models.providers.base import CallError
from distillq.models.spec import parse_model
from distillq.testing.fake_openai import FakeOpenAIServer


class StubProvider:
    """Answers after `latency`; fails the first attempt of each prompt, or one call with a 429."""

    def __init__(self, latency: float, fail_first: bool = False, rate_limit_call: int | None = None) -> None:
        self.latency, self.fail_first, self.rate_limit_call = latency, fail_first, rate_limit_call
        self.seen: set[str] = set()
        self.sends: list[float] = []
        self.limited_at: float | None = None

    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        now = time.monotonic()
        self.sends.append(now)
        if self.rate_limit_call is not None and len(self.sends) == self.rate_limit_call:
            self.limited_at = now
            raise CallError("rate_limit", "rate limited (HTTP 429)", 429, retry_after=0.6)
        await asyncio.sleep(self.latency)
        prompt = messages[-1]["content"]
        if self.fail_first and prompt not in self.seen:
            self.seen.add(prompt)
            raise CallError("server", "server error (HTTP 500)", 500)
        return ModelOutput(text=f"answer to {prompt}", usage=Usage(3, 3))

    async def aclose(self) -> None:
        return None


def _run(monkeypatch: pytest.MonkeyPatch, stub: StubProvider, n: int, **opts: Any) -> list[ModelOutput]:
    monkeypatch.setattr(engine_mod, "make_provider", lambda *a, **k: stub)
    eng = Engine(None, EngineOptions(backoff_base=0.01, backoff_cap=0.02, seed=1, **opts))
    return eng.generate_sync(parse_model("mock/stub"), [ChatRequest.from_prompt(f"p{i}") for i in range(n)])


def test_retry_budget_counts_from_the_first_send(monkeypatch: pytest.MonkeyPatch) -> None:
    """With one connection the last request queues ~1.5 s; a 0.4 s retry budget must still let it retry."""
    stub = StubProvider(latency=0.06, fail_first=True)
    outs = _run(monkeypatch, stub, 12, max_connections=1, max_retry_time=0.4)
    assert [o.error for o in outs if not o.ok] == []
    assert len(stub.sends) == 24  # every prompt: one failure, one answer


def test_429_pauses_the_whole_model_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = StubProvider(latency=0.05, rate_limit_call=5)
    outs = _run(monkeypatch, stub, 24, max_connections=4)
    assert all(o.ok for o in outs)
    assert stub.limited_at is not None
    after = [t - stub.limited_at for t in stub.sends if t > stub.limited_at]
    assert after and min(after) >= 0.6 - 0.02, min(after)  # nobody sent during the Retry-After


def test_budget_with_unknown_price_sends_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    p = tmp_path / "p.txt"
    p.write_text("a\nb\n", encoding="utf-8")
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("NOPRICE_BASE_URL", srv.base_url)
        monkeypatch.setenv("NOPRICE_API_KEY", "x")
        spec = parse_model("openai-api/noprice/m")
        with pytest.raises(UsageError, match="no price known for openai-api/noprice/m"):
            Engine(None, EngineOptions(budget_usd=1.0)).generate_sync(spec, [ChatRequest.from_prompt("x")])
        env = {"NOPRICE_BASE_URL": srv.base_url, "NOPRICE_API_KEY": "x"}
        args = ["collect", "--model", "openai-api/noprice/m", "--prompts", str(p), "--budget", "1"]
        line = one_line_error(run_cli(*args, "--out", str(tmp_path / "o"), env=env))
        assert "--price-in" in line
        assert srv.stats()["requests"] == 0
        ok = run_cli(*args, "--out", str(tmp_path / "o2"), "--price-in", "1", "--price-out", "2", env=env)
        assert ok.returncode == 0, ok.stderr
        assert srv.stats()["requests"] == 2


def test_unanswered_requests_end_with_exit_3(tmp_path: Path) -> None:
    p = tmp_path / "p.txt"
    p.write_text("a\nb\nc\n", encoding="utf-8")
    with FakeOpenAIServer(fault_rate=1.0, faults=["500"]) as srv:
        res = run_cli(
            "collect", "--model", "openai-api/fake/m", "--prompts", str(p), "--out", str(tmp_path / "o"),
            "--max-attempts", "1", env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
        )  # fmt: skip
    assert res.returncode == EXIT_INCOMPLETE, (res.returncode, res.stderr)
    assert res.stderr.strip().splitlines()[-1].startswith("incomplete: 3 requests unanswered")
    rows = [json.loads(x) for x in (tmp_path / "o" / "responses.jsonl").read_text().splitlines()]
    assert all(r["error"] for r in rows)


def test_budget_stop_ends_with_exit_4(tmp_path: Path) -> None:
    p = tmp_path / "p.txt"
    p.write_text("".join(f"prompt {i}\n" for i in range(10)), encoding="utf-8")
    with FakeOpenAIServer() as srv:
        res = run_cli(
            "collect", "--model", "openai-api/fake/m", "--prompts", str(p), "--out", str(tmp_path / "o"),
            "--max-connections", "1", "--budget", "0.000001",
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
        )  # fmt: skip
        sent = srv.stats()["requests"]
    assert res.returncode == EXIT_BUDGET, (res.returncode, res.stderr)
    assert res.stderr.strip().splitlines()[-1].startswith("stopped at the budget:")
    assert sent < 10


def test_ice_run_with_failing_target_is_not_a_success(tmp_path: Path) -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=["500"]) as srv:
        res = run_cli(
            "ice", "run", "--target", "openai-api/fake/m", "--identity", "qwen", "--max-queries", "6",
            "--max-attempts", "1", "--out", str(tmp_path / "o"), env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
            timeout=600,
        )  # fmt: skip
    assert res.returncode == EXIT_INCOMPLETE, (res.returncode, res.stdout, res.stderr)
    assert "incomplete:" in res.stderr.strip().splitlines()[-1]


def test_rse_run_stopped_at_the_budget_ends_with_exit_4(tmp_path: Path) -> None:
    """A budget that stops every answer leaves nothing to compare: still the budget's exit and last line."""
    with FakeOpenAIServer() as srv:
        res = run_cli(
            "rse", "run", "--reference", "openai-api/fake/ref", "--test", "openai-api/fake/t",
            "--limit", "5", "--budget", "0", "--out", str(tmp_path / "o"),
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
        )  # fmt: skip
        sent = srv.stats()["requests"]
    assert res.returncode == EXIT_BUDGET, (res.returncode, res.stderr)
    assert res.stderr.strip().splitlines()[-1].startswith("stopped at the budget:")
    assert "comparison skipped: no answers from" in res.stdout
    assert "comparison files beside it" not in res.stdout  # nothing was compared: no such files
    assert sent == 0
    table = json.loads((tmp_path / "o" / "rse" / "rse_table.json").read_text(encoding="utf-8"))
    assert table["budget_reached"] is True and table["comparison"] == {}
