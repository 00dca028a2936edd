"""`--budget` on the batch path: submissions are priced (batch rate) before they are sent."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from distillq.models.batch import BatchBudget, BatchOptions, BatchRunner, make_backend, project_cost
from distillq.models.batch_journal import BatchJournal
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest
from distillq.testing.fake_openai import FakeOpenAIServer


def _collect(prompts: Path, out: Path, base: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENAI_BASE_URL": base, "OPENAI_API_KEY": "sk-test-budget"}
    args = ["collect", "--model", "openai/gpt-4o-mini", "--prompts", str(prompts), "--out", str(out), "-q"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "distillq",
            *args,
            "--batch",
            "--batch-poll",
            "0.2",
            "-M",
            "max_tokens=100",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_collect_batch_stops_at_the_budget_then_finishes_with_a_higher_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 40
    prompts = tmp_path / "p.jsonl"
    texts = [f"budget question {i:02d}" for i in range(n)]  # same length: same projected cost
    prompts.write_text("".join(json.dumps({"prompt": t}) + "\n" for t in texts))
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    spec = parse_model("openai/gpt-4o-mini", {"max_tokens": 100})
    one = project_cost(Engine(), spec, ChatRequest.from_prompt(texts[0]))
    assert one > 0
    budget = 15.5 * one  # room for 15 requests at their projected (upper-bound) cost
    with FakeOpenAIServer(batch_latency_ms=20) as srv:
        res = _collect(prompts, tmp_path / "o", srv.base_url, "--budget", repr(budget))
        assert res.returncode == 4, res.stderr
        last = res.stderr.strip().splitlines()[-1]
        assert last.startswith("stopped at the budget: 25 requests not sent"), last
        st = srv.stats()
        assert st["requests"] == 0 and st["batch_requests"] == 15
        with sqlite3.connect(tmp_path / "o" / "distillq.db") as c:
            count, cost = c.execute("SELECT COUNT(*), SUM(cost_usd) FROM responses").fetchone()
        assert count == 15 and 0 < cost <= budget
        rows = [json.loads(x) for x in (tmp_path / "o" / "responses.jsonl").read_text().splitlines()]
        skipped = [r for r in rows if r["error"]]
        assert len(skipped) == 25 and all("budget" in r["error"] for r in skipped)
        # a higher budget sends only the 25 that were skipped, in a batch again
        res = _collect(prompts, tmp_path / "o", srv.base_url, "--budget", repr(budget * 10))
        assert res.returncode == 0, res.stderr
        st = srv.stats()
        assert st["requests"] == 0 and st["batch_requests"] == n


def test_no_follow_up_batch_once_the_budget_is_spent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Failed requests go into a follow-up batch only while spent + projected still fits: here the
    answers cost twice their projection, so the first batch spends it all and nothing follows."""
    from distillq.store import Store

    with FakeOpenAIServer(batch_latency_ms=10, batch_fail_rate=0.5, seed=5) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        spec = parse_model("openai/gpt-4o-mini")
        reqs = {f"{i:064x}": ChatRequest.from_prompt(f"follow {i}") for i in range(20)}
        spent = {"usd": 0.0}
        answered: list[str] = []
        skipped: list[str] = []
        failed: list[str] = []

        def on_answer(k: str, r: ChatRequest, o: object) -> None:
            answered.append(k)
            spent["usd"] += 2.0

        with Store(tmp_path) as store:
            backend = make_backend(spec, 30)
            runner = BatchRunner(
                backend,
                BatchJournal(store),
                spec,
                BatchOptions(first_poll_s=0.05, poll_s=0.1),
                on_answer,
                lambda k, why: failed.append(k),
                lambda text, done: None,
                BatchBudget(20.0, lambda: spent["usd"], lambda r: 1.0),
                skipped.append,
            )

            async def go() -> None:
                await runner.run(reqs)
                await backend.aclose()

            Engine(store, EngineOptions()).run(go)
        st = srv.stats()
        assert st["batches"] == 1 and st["batch_requests"] == 20
        assert 0 < len(skipped) < 20 and not failed
        assert sorted(skipped + answered) == sorted(reqs)


def test_budget_splits_a_submission_in_request_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(batch_latency_ms=10) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        spec = parse_model("openai/gpt-4o-mini", {"max_tokens": 50})
        reqs = [ChatRequest.from_prompt(f"split {i:02d}") for i in range(10)]
        from distillq.store import Store

        with Store(tmp_path) as store:
            eng = Engine(store, EngineOptions(batch=True, batch_poll_s=0.1, budget_usd=0.0))
            outs = eng.generate_sync(spec, reqs)
            assert srv.stats()["batch_requests"] == 0  # a zero budget submits nothing
            assert all(o.error == "skipped: budget of $0 reached" for o in outs)
            assert eng.budget_reached and eng.stats[spec.name].skipped == 10
            assert eng.stats[spec.name].batched == 0
