"""`--batch`: OpenAI Batch API and Anthropic Message Batches against the fake server, end to end."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from distillq.models.batch import BatchOptions, BatchRunner, make_backend
from distillq.models.batch_journal import BatchJournal
from distillq.models.engine import Engine, EngineOptions
from distillq.models.pricing import PriceTable
from distillq.models.spec import ModelSpec, parse_model
from distillq.models.types import ChatRequest
from distillq.store import Store, request_key
from distillq.testing.fake_answers import default_answer
from distillq.testing.fake_openai import FakeOpenAIServer, start_subprocess


def stats(base_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(base_url.replace("/v1", "/stats"), timeout=5) as r:
        return json.loads(r.read())


def journalled(db: Path) -> list[tuple[str, int]]:
    """The batch jobs on record in a store another process is writing (read-only; [] before it exists)."""
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as c:
            return [tuple(r) for r in c.execute("SELECT status, batch_id IS NOT NULL FROM batch_jobs")]
    except sqlite3.OperationalError:  # the writer has not created its tables yet
        return []


def write_prompts(path: Path, n: int, word: str = "question") -> Path:
    path.write_text("".join(json.dumps({"prompt": f"batch {word} {i}"}) + "\n" for i in range(n)))
    return path


def collect(prompts: Path, out: Path, base_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-test-batch"}
    args = ["collect", "--model", "openai/gpt-4o-mini", "--prompts", str(prompts), "--out", str(out), "-q"]
    return subprocess.run(
        [sys.executable, "-m", "distillq", *args, *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def stored_costs(out: Path) -> tuple[int, float, int, int]:
    with sqlite3.connect(out / "distillq.db") as c:
        n, cost, tin, tout = c.execute(
            "SELECT COUNT(*), SUM(cost_usd), SUM(input_tokens), SUM(output_tokens) FROM responses"
        ).fetchone()
    return int(n), float(cost), int(tin), int(tout)


def test_collect_batch_1000_answers_no_live_request_at_batch_price(tmp_path: Path) -> None:
    """The issue's done-when: 1,000 answers through the Batch API, 0 live requests, half price."""
    proc, base = start_subprocess(batch_latency_ms=300)
    try:
        prompts = write_prompts(tmp_path / "p.jsonl", 1000)
        res = collect(prompts, tmp_path / "o", base, "--batch")
        assert res.returncode == 0, res.stderr
        st = stats(base)
        assert st["requests"] == 0 and st["batches"] >= 1 and st["batch_requests"] == 1000
        n, cost, tin, tout = stored_costs(tmp_path / "o")
        assert n == 1000
        price = PriceTable.load().lookup("openai", "gpt-4o-mini")
        assert price is not None
        live_cost = (tin * price.input + tout * price.output) / 1e6
        assert cost == pytest.approx(live_cost * 0.5, rel=1e-9)
        rows = [json.loads(x) for x in (tmp_path / "o" / "responses.jsonl").read_text().splitlines()]
        assert len(rows) == 1000 and not any(r["error"] for r in rows)
        messages = [{"role": "user", "content": "batch question 7"}]
        assert rows[7]["response"] == default_answer("gpt-4o-mini", messages, 0)
        # a batch answer is a cache hit for a live run: nothing is sent again
        again = collect(prompts, tmp_path / "o", base)
        assert again.returncode == 0, again.stderr
        assert stats(base)["requests"] == 0 and stats(base)["batches"] == st["batches"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_live_answers_are_cache_hits_for_batch(tmp_path: Path) -> None:
    with FakeOpenAIServer() as srv:
        prompts = write_prompts(tmp_path / "p.jsonl", 40)
        assert collect(prompts, tmp_path / "o", srv.base_url).returncode == 0
        assert srv.stats()["requests"] == 40
        more = write_prompts(tmp_path / "p2.jsonl", 50)  # 40 answered live, 10 new
        res = collect(more, tmp_path / "o", srv.base_url, "--batch")
        assert res.returncode == 0, res.stderr
        st = srv.stats()
        assert st["requests"] == 40 and st["batches"] == 1 and st["batch_requests"] == 10


def _spec(monkeypatch: pytest.MonkeyPatch, srv: FakeOpenAIServer, provider: str) -> ModelSpec:
    if provider == "openai":
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        return parse_model("openai/gpt-4o-mini")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.anthropic_base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    return parse_model("anthropic/claude-3-5-haiku-20241022", {"max_tokens": 200})


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_partial_failures_and_expiry_are_resubmitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    with FakeOpenAIServer(batch_latency_ms=50, batch_fail_rate=0.2, batch_expire_rate=0.1, seed=3) as srv:
        spec = _spec(monkeypatch, srv, provider)
        reqs = [ChatRequest.from_prompt(f"partial {i}") for i in range(60)]
        with Store(tmp_path) as store:
            eng = Engine(store, EngineOptions(batch=True, batch_poll_s=0.2))
            outs = eng.generate_sync(spec, reqs)
            st = srv.stats()
            assert st["requests"] == 0
            assert st["batches"] >= 2  # the failed and expired ones went into follow-up batches
            assert st["batch_requests"] > 60
            ok = [o for o in outs if o.ok]
            assert len(ok) >= 57  # 30% lost per batch, 3 batches: about 1.6 of 60 fail for good
            for r, o in zip(reqs, outs, strict=True):
                if o.ok:
                    assert o.text == default_answer(spec.model, r.messages, 3)
            assert store.count_responses() == len(ok)
            states = {j["status"] for j in BatchJournal(store).jobs()}
            assert states <= {"completed", "expired", "ended"}
            assert eng.stats[spec.name].batched == 60


def test_batch_with_system_prompt_matches_live_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(batch_latency_ms=10) as srv:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.anthropic_base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
        spec = parse_model("anthropic/claude-x", {"system": "Be brief.", "temperature": 0.5})
        req = [ChatRequest.from_prompt("who made you?")]
        with Store(tmp_path / "b") as sb, Store(tmp_path / "l") as sl:
            batched = Engine(sb, EngineOptions(batch=True, batch_poll_s=0.1)).generate_sync(spec, req)[0]
            live = Engine(sl, EngineOptions()).generate_sync(spec, req)[0]
        assert batched.ok and batched.text == live.text and batched.usage == live.usage
        assert srv.stats()["requests"] == 1 and srv.stats()["batches"] == 1


def test_live_completer_never_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ICE target rounds stay live: MCTS needs each round's reward before the next round."""
    with FakeOpenAIServer() as srv:
        spec = _spec(monkeypatch, srv, "openai")
        with Store(tmp_path) as store:
            eng = Engine(store, EngineOptions(batch=True))
            complete = eng.completer(spec, live=True)
            outs = eng.run(lambda: complete([ChatRequest.from_prompt("round one")]))
        assert outs[0].ok and srv.stats()["requests"] == 1 and srv.stats()["batches"] == 0


def test_non_batch_providers_stay_live(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        eng = Engine(store, EngineOptions(batch=True))
        outs = eng.generate_sync(parse_model("mock/echo"), [ChatRequest.from_prompt("hello")])
    assert outs[0].ok and eng.stats["mock/echo"].batched == 0


def test_kill_while_waiting_then_resume_submits_nothing_twice(tmp_path: Path) -> None:
    proc, base = start_subprocess(batch_latency_ms=4000)
    try:
        prompts = write_prompts(tmp_path / "p.jsonl", 200)
        env = {**os.environ, "OPENAI_BASE_URL": base, "OPENAI_API_KEY": "k"}
        out = tmp_path / "o"
        args = ["collect", "--model", "openai/gpt-4o-mini", "--prompts", str(prompts), "--out", str(out)]
        child = subprocess.Popen(
            [sys.executable, "-m", "distillq", *args, "--batch", "-q"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # kill once the job is on record as submitted (the server has it, answers take 4 s): waiting on
        # the journal, not a fixed pause that a loaded machine can outlast between submit and record
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and journalled(out / "distillq.db") != [("submitted", 1)]:
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert stats(base)["batches"] == 1
        with sqlite3.connect(out / "distillq.db") as c:
            assert c.execute("SELECT status, batch_id IS NOT NULL FROM batch_jobs").fetchall() == [
                ("submitted", 1)
            ]
            assert c.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 0
        res = collect(prompts, out, base, "--batch")
        assert res.returncode == 0, res.stderr
        st = stats(base)
        assert st["batches"] == 1 and st["batch_requests"] == 200 and st["requests"] == 0
        assert stored_costs(out)[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_job_submitted_but_not_recorded_is_found_by_its_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    """A kill between the provider's 'created' and our 'submitted' leaves a journalled tag only."""
    with FakeOpenAIServer(batch_latency_ms=10) as srv:
        spec = _spec(monkeypatch, srv, provider)
        reqs = [ChatRequest.from_prompt(f"lost id {i}") for i in range(5)]
        wanted = {request_key(spec, r): r for r in reqs}
        with Store(tmp_path) as store:
            journal = BatchJournal(store)
            journal.begin("tag-1", spec.provider, spec.name, wanted)
            backend = make_backend(spec, 30)
            entries = [backend.entry(k, r, spec.config) for k, r in wanted.items()]

            async def submit_only() -> None:
                await backend.submit(entries, "tag-1")
                await backend.aclose()

            Engine(store).run(submit_only)
            assert srv.stats()["batches"] == 1
            eng = Engine(store, EngineOptions(batch=True, batch_poll_s=0.1))
            outs = eng.generate_sync(spec, reqs)
            assert all(o.ok for o in outs)
            assert srv.stats()["batches"] == 1 and srv.stats()["requests"] == 0
            assert [j["status"] for j in journal.jobs()] != ["submitting"]


def test_journalled_job_never_submitted_is_dropped_and_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(batch_latency_ms=10) as srv:
        spec = _spec(monkeypatch, srv, "openai")
        reqs = [ChatRequest.from_prompt(f"never sent {i}") for i in range(4)]
        with Store(tmp_path) as store:
            BatchJournal(store).begin(
                "tag-x", spec.provider, spec.name, {request_key(spec, r): r for r in reqs}
            )
            outs = Engine(store, EngineOptions(batch=True, batch_poll_s=0.1)).generate_sync(spec, reqs)
            assert all(o.ok for o in outs) and srv.stats()["batches"] == 1
            assert "tag-x" not in {j["tag"] for j in BatchJournal(store).jobs()}


def test_runner_splits_by_provider_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(batch_latency_ms=10) as srv:
        spec = _spec(monkeypatch, srv, "openai")
        reqs = {f"{i:064x}": ChatRequest.from_prompt(f"chunk {i}") for i in range(25)}
        got: dict[str, str | None] = {}
        with Store(tmp_path) as store:
            backend = make_backend(spec, 30)
            backend.max_requests = 10  # type: ignore[misc]
            runner = BatchRunner(
                backend,
                BatchJournal(store),
                spec,
                BatchOptions(first_poll_s=0.05, poll_s=0.1),
                lambda k, r, o: got.__setitem__(k, o.text),
                lambda k, why: got.__setitem__(k, None),
                lambda text, done: None,
            )

            async def go() -> None:
                await runner.run(reqs)
                await backend.aclose()

            Engine(store).run(go)
        assert srv.stats()["batches"] == 3 and len(got) == 25 and all(got.values())


def _both_providers(monkeypatch: pytest.MonkeyPatch, srv: FakeOpenAIServer) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.anthropic_base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")


def test_rse_run_batch_sends_reference_and_test_answers_in_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distillq.api import run_rse

    with FakeOpenAIServer(batch_latency_ms=20) as srv:
        _both_providers(monkeypatch, srv)
        table = run_rse(
            "openai/gpt-4o-mini", ["anthropic/claude-x"], out=tmp_path, limit=6, seed=1, batch=True
        )
        st = srv.stats()
        assert st["requests"] == 0 and st["batches"] == 2  # one job per model, no live call
        assert st["batch_requests"] >= 12
        assert table.rows and table.rows[0].model


def test_ice_judge_batch_sends_the_judge_pass_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distillq.api import judge_identity

    with FakeOpenAIServer(batch_latency_ms=20) as srv:
        _both_providers(monkeypatch, srv)
        answers = [f"I am Model {i}, made by Example Labs." for i in range(8)]
        judged = judge_identity(answers, "deepseek", judge="openai/gpt-4o-mini", out=tmp_path, batch=True)
        st = srv.stats()
        assert st["requests"] == 0 and st["batches"] >= 1 and st["batch_requests"] >= 8
        assert judged.summary.n == 8


def test_ice_target_rounds_stay_live_with_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from distillq.ice.run import IceConfig, run_ice

    with FakeOpenAIServer() as srv:
        _both_providers(monkeypatch, srv)
        with Store(tmp_path) as store:
            eng = Engine(store, EngineOptions(batch=True))
            cfg = IceConfig(target="openai/gpt-4o-mini", identity="chatgpt", max_queries=20)
            summary = run_ice(eng, store, cfg, tmp_path / "ice")
        st = srv.stats()
        assert summary["n"] == 20 and st["requests"] == 20 and st["batches"] == 0
