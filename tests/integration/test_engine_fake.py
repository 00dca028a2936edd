"""The engine against the real HTTP fake server: retries, Retry-After, soak, fail-fast, secrets."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import client_timeout

from distillq.errors import ProviderError
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest
from distillq.store import Store
from distillq.testing.fake_openai import FakeOpenAIServer


def fake_spec(
    monkeypatch: pytest.MonkeyPatch, srv: FakeOpenAIServer, model: str = "m", key: str = "test-key-0"
):
    monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
    monkeypatch.setenv("FAKE_API_KEY", key)
    return parse_model(f"openai-api/fake/{model}")


FAST = dict(backoff_base=0.01, backoff_cap=0.05, seed=1)


@pytest.mark.parametrize("kind", ["429", "500", "503", "timeout", "reset", "malformed"])
def test_recovers_from_each_fault_kind(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(fault_rate=0.4, faults=[kind], retry_after=0.01, seed=3) as srv:
        spec = fake_spec(monkeypatch, srv)
        reqs = [ChatRequest.from_prompt(f"question {i}") for i in range(25)]
        with Store(tmp_path) as store:
            eng = Engine(store, EngineOptions(timeout=client_timeout(kind), max_attempts=20, **FAST))
            outs = eng.generate_sync(spec, reqs)
        stats = srv.stats()
    assert all(o.ok for o in outs), [o.error for o in outs if not o.ok]
    assert stats["faults"] > 0, "the server injected no fault: the test would prove nothing"
    assert eng.stats[spec.name].retries >= stats["faults"] - 1
    assert stats["answered"] == 25
    assert all("question" in (o.text or "") or o.text for o in outs)


def test_retry_after_is_honoured(monkeypatch: pytest.MonkeyPatch, chosen_delays: Any) -> None:
    # Every request is rate-limited with Retry-After 0.3 s. With exponential backoff from a 10 s base
    # the engine would wait 5-10 s; honouring the header it waits ~0.3 s between attempts.
    with FakeOpenAIServer(fault_rate=1.0, faults=["429"], retry_after=0.3) as srv:
        spec = fake_spec(monkeypatch, srv)
        eng = Engine(None, EngineOptions(max_attempts=3, backoff_base=10, backoff_cap=10, seed=0))
        delays = chosen_delays(eng)
        t0 = time.monotonic()
        out = eng.generate_sync(spec, [ChatRequest.from_prompt("x")])[0]
        elapsed = time.monotonic() - t0
        assert srv.stats()["requests"] == 3
    assert not out.ok and "3 attempts" in (out.error or "")
    assert len(delays) == 3 and all(0.3 <= d <= 0.33 for d in delays), delays  # the header + <=10% jitter
    # two waits really slept; the backoff instead would take at least 5 + 10 s (bound kept far below)
    assert 0.6 <= elapsed < 10.0


def test_gives_up_within_max_retry_time(monkeypatch: pytest.MonkeyPatch, chosen_delays: Any) -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=["500"]) as srv:
        spec = fake_spec(monkeypatch, srv)
        eng = Engine(
            None, EngineOptions(max_attempts=1000, backoff_base=0.2, backoff_cap=0.2, max_retry_time=1.0)
        )
        delays = chosen_delays(eng)
        t0 = time.monotonic()
        out = eng.generate_sync(spec, [ChatRequest.from_prompt("x")])[0]
        took = time.monotonic() - t0
        sent = srv.stats()["requests"]
    assert out.error and "gave up" in out.error
    # one wait chosen per failed attempt; the last one was not slept: it would have passed the budget
    assert sent == len(delays) >= 2 and all(0.1 <= d <= 0.2 for d in delays), delays
    assert sum(delays[:-1]) <= 1.0 < took + delays[-1]
    assert took < 10  # ignoring the budget, 1,000 attempts would wait 100 s or more


@pytest.mark.parametrize(
    ("model", "needle"),
    [("quota-model", "quota"), ("unauthorized-m", "authentication"), ("notfound-m", "not found")],
)
def test_fatal_errors_fail_fast(model: str, needle: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = fake_spec(monkeypatch, srv, model=model)
        eng = Engine(None, EngineOptions(**FAST))
        t0 = time.monotonic()
        with pytest.raises(ProviderError, match=needle):
            eng.generate_sync(spec, [ChatRequest.from_prompt(f"q{i}") for i in range(50)])
        assert time.monotonic() - t0 < 30  # a generous bound for a loaded machine; the counts are exact
        assert srv.stats()["requests"] < 50  # the rest were never sent
    assert eng.stats[spec.name].retries == 0


def test_unreachable_base_url_fails_fast(monkeypatch: pytest.MonkeyPatch, refused_port: int) -> None:
    monkeypatch.setenv("FAKE_BASE_URL", f"http://127.0.0.1:{refused_port}/v1")
    monkeypatch.setenv("FAKE_API_KEY", "x-123456")
    eng = Engine(None, EngineOptions(**FAST))
    with pytest.raises(ProviderError, match="cannot connect"):
        eng.generate_sync(parse_model("openai-api/fake/m"), [ChatRequest.from_prompt("q")])


def test_connection_limit_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(latency_ms=50, max_concurrency=1000) as srv:
        spec = fake_spec(monkeypatch, srv)
        eng = Engine(None, EngineOptions(max_connections=5))
        eng.generate_sync(spec, [ChatRequest.from_prompt(f"q{i}") for i in range(40)])
        assert srv.stats()["max_in_flight"] <= 5


def test_cache_and_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = fake_spec(monkeypatch, srv)
        reqs = [ChatRequest.from_prompt(p) for p in ["a", "b", "a", "c"]]
        with Store(tmp_path) as store:
            first = Engine(store).generate_sync(spec, reqs)
            assert srv.stats()["requests"] == 3  # "a" asked once
            again = Engine(store).generate_sync(spec, reqs)
            assert srv.stats()["requests"] == 3  # nothing asked twice
            fresh = Engine(store, EngineOptions(use_cache=False)).generate_sync(spec, reqs[:1])
            assert srv.stats()["requests"] == 4
        assert [o.text for o in first] == [o.text for o in again]
        assert all(o.cached for o in again) and fresh[0].text == first[0].text


def test_budget_stops_scheduling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = fake_spec(monkeypatch, srv)
        eng = Engine(None, EngineOptions(max_connections=1, budget_usd=1e-9))
        outs = eng.generate_sync(spec, [ChatRequest.from_prompt(f"question number {i}") for i in range(10)])
        sent = srv.stats()["requests"]
    assert eng.budget_reached and sent == 1
    assert sum(o.ok for o in outs) == 1 and all("budget" in (o.error or "") for o in outs if not o.ok)
    assert eng.total_cost_usd > 0


def test_content_filter_and_empty_are_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = [{"match": "forbidden", "answer": "@content_filter"}, {"match": "blank", "answer": "@empty"}]
    with FakeOpenAIServer(script=script) as srv:
        spec = fake_spec(monkeypatch, srv)
        outs = Engine(None).generate_sync(
            spec, [ChatRequest.from_prompt("forbidden"), ChatRequest.from_prompt("blank")]
        )
    assert [o.finish_reason for o in outs] == ["content_filter", "empty"]
    assert all(o.ok for o in outs)


@pytest.mark.slow
def test_soak_2000_requests_with_30pct_faults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(
        latency_ms=5,
        fault_rate=0.3,
        faults=["429", "500", "503", "timeout", "reset", "malformed"],
        retry_after=0.01,
        seed=11,
        max_concurrency=256,
    ) as srv:
        spec = fake_spec(monkeypatch, srv)
        reqs = [ChatRequest.from_prompt(f"soak prompt {i}", id=str(i)) for i in range(2000)]
        with Store(tmp_path) as store:
            # 5 s: long enough for a normal answer on a loaded machine (see client_timeout), short
            # enough that the hung requests of `timeout` faults cost seconds, not minutes
            eng = Engine(store, EngineOptions(max_connections=64, timeout=5.0, max_attempts=30, **FAST))
            store.start_run("soak", "test", {})
            outs = eng.generate_sync(spec, reqs, run_id="soak")
            n_stored = store.count_responses(spec.name)
            items = store.run_items("soak")
        stats = srv.stats()
    assert len(outs) == 2000 and all(o.ok for o in outs)
    assert stats["faults"] > 400  # ~30% of attempts
    assert n_stored == 2000 == stats["answered"]
    assert len({i.key for i in items}) == 2000 and all(i.status == "done" for i in items)
    assert max(stats["answered_by_prompt"].values()) == 1  # no prompt answered twice


def test_key_never_leaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "fake-test-DO-NOT-LEAK-1234567890abcdef"
    with FakeOpenAIServer(api_key=secret, fault_rate=0.3, faults=["500", "reset"], retry_after=0.01) as srv:
        spec = fake_spec(monkeypatch, srv, key=secret)
        with Store(tmp_path) as store:
            Engine(store, EngineOptions(**FAST)).generate_sync(
                spec, [ChatRequest.from_prompt(f"q{i}") for i in range(20)]
            )
        # a wrong key: the error must not echo either key
        monkeypatch.setenv("FAKE_API_KEY", "fake-wrong-ALSO-SECRET-0987654321")
        with pytest.raises(ProviderError) as exc:
            Engine(None).generate_sync(parse_model("openai-api/fake/m"), [ChatRequest.from_prompt("q")])
    assert secret not in str(exc.value) and "ALSO-SECRET" not in str(exc.value)
    for f in tmp_path.iterdir():
        assert secret.encode() not in f.read_bytes(), f
    assert secret not in caplog.text


def test_engine_runs_inside_an_existing_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = fake_spec(monkeypatch, srv)
        eng = Engine(None)

        async def main() -> list[str | None]:
            c = eng.completer(spec)
            a = await c([ChatRequest.from_prompt("one")])
            b = await c([ChatRequest.from_prompt("two")])
            await eng.aclose()
            return [a[0].text, b[0].text]

        texts = asyncio.run(main())
    assert all(texts) and texts[0] != texts[1]


def test_reasoning_is_split_from_the_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = [
        {"match": "who", "answer": "<think>The user asks who I am. I am DeepSeek.</think>I am ChatGPT."}
    ]
    with FakeOpenAIServer(script=script) as srv:
        spec = fake_spec(monkeypatch, srv)
        with Store(tmp_path) as store:
            out = Engine(store).generate_sync(spec, [ChatRequest.from_prompt("who are you")])[0]
            cached = Engine(store).generate_sync(spec, [ChatRequest.from_prompt("who are you")])[0]
    assert out.text == "I am ChatGPT." and out.reasoning == "The user asks who I am. I am DeepSeek."
    assert cached.cached and (cached.text, cached.reasoning) == (out.text, out.reasoning)
