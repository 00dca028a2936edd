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
    # 50 ms, not 20: the limiter also backs off when latency climbs, and on a loaded machine the
    # client's own delays (tens of ms) made a 20 ms server look like a queueing one (limit 3.4 once)
    with FakeOpenAIServer(latency_ms=50, hidden_limit=6, retry_after=0.05) as srv:
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


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"])
def test_loopback_base_urls_are_not_adaptive_by_default(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    """openai-api/... and openai/... pointed at this machine are local servers, whatever the provider."""
    import asyncio

    monkeypatch.setenv("LOOP_BASE_URL", f"http://{host}:8000/v1")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{host}:8001/v1")
    eng = Engine(None, EngineOptions(max_connections=10))
    forced = Engine(None, EngineOptions(max_connections=10, adaptive=True))

    async def limiters() -> tuple[bool, bool, bool, bool]:
        hosted = eng._state(parse_model("openai-api/deepseek/deepseek-chat")).semaphore
        loop = eng._state(parse_model("openai-api/loop/m")).semaphore
        openai_local = eng._state(parse_model("openai/gpt-4o-mini")).semaphore
        asked = forced._state(parse_model("openai-api/loop/m")).semaphore
        return hosted.adaptive, loop.adaptive, openai_local.adaptive, asked.adaptive

    assert asyncio.run(limiters()) == (True, False, False, True)
