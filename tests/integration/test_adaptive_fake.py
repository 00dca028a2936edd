"""Adaptive concurrency through the engine against the fake server's hidden concurrency limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest
from distillq.store import Store
from distillq.testing.fake_openai import FakeOpenAIServer


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, adaptive: bool) -> tuple[dict, float]:  # type: ignore[type-arg]
    with FakeOpenAIServer(latency_ms=20, hidden_limit=6, retry_after=0.05) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k")
        spec = parse_model("openai-api/fake/aimd")
        reqs = [ChatRequest.from_prompt(f"aimd {adaptive} {i}") for i in range(240)]
        with Store(tmp_path / str(adaptive)) as store:
            eng = Engine(store, EngineOptions(max_connections=32, adaptive=adaptive, max_attempts=50, seed=1))

            async def go() -> float:
                outs = await eng.generate(spec, reqs)
                assert all(o.ok for o in outs)
                return eng._state(spec).semaphore.limit

            limit = eng.run(go)
        return srv.stats(detail=False), limit


def test_adaptive_settles_at_the_hidden_limit_with_few_429s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st, limit = run(tmp_path, monkeypatch, adaptive=True)
    assert st["answered"] == 240
    assert st["hidden_limit_429"] / st["requests"] < 0.08
    assert 4 <= limit <= 8
    fixed, _ = run(tmp_path, monkeypatch, adaptive=False)
    assert fixed["hidden_limit_429"] > 3 * st["hidden_limit_429"]  # 32 fixed slots keep hitting it


def test_local_servers_are_not_adaptive_by_default() -> None:
    import asyncio

    eng = Engine(None, EngineOptions(max_connections=10))

    async def limiters() -> tuple[bool, bool]:
        remote = eng._state(parse_model("openai/gpt-4o-mini")).semaphore
        local = eng._state(parse_model("vllm/some/model")).semaphore
        return remote.adaptive, local.adaptive

    assert asyncio.run(limiters()) == (True, False)
