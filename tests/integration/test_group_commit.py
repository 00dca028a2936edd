"""Group commit: the answers of one event-loop pass are stored in one transaction, a failed write
saves every pending answer to the side file, and a run SIGKILLed after a write resumes without
asking again what was stored."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from distillq.core.types import ChatRequest, ModelOutput, Usage
from distillq.errors import ProviderError, StorageError
from distillq.models.engine import Engine, EngineOptions
from distillq.models.providers.base import CallError
from distillq.models.spec import parse_model
from distillq.store import Store

N = 12


class GateProvider:
    """Answers nothing until `n` requests wait, then all of them in the same loop pass."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.asked: list[str] = []
        self.gate: asyncio.Event | None = None

    async def generate(self, messages: list[Any], config: Any) -> ModelOutput:
        if self.gate is None:
            self.gate = asyncio.Event()
        self.asked.append(messages[0]["content"])
        if len(self.asked) >= self.n:
            self.gate.set()
        await self.gate.wait()
        return ModelOutput(
            text=f"answer to {messages[0]['content']}", finish_reason="stop", usage=Usage(1, 1)
        )

    async def aclose(self) -> None:
        return None


def engine_with(store: Store, provider: Any) -> Engine:
    eng = Engine(store, EngineOptions(max_connections=N, adaptive=False))
    eng._provider = lambda spec: provider  # type: ignore[method-assign,assignment,return-value]
    return eng


def requests(n: int) -> list[ChatRequest]:
    return [ChatRequest.from_prompt(f"q{i}", id=str(i)) for i in range(n)]


def test_answers_of_one_pass_land_in_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[int] = []
    real = Store.put_responses

    def spy(self: Store, spec: Any, answers: list[Any], **kw: Any) -> None:
        writes.append(len(answers))
        real(self, spec, answers, **kw)

    monkeypatch.setattr(Store, "put_responses", spy)
    spec = parse_model("openai/stub")
    with Store(tmp_path) as store:
        store.start_run("r", "test", {})
        commits: list[str] = []
        store.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
        outs = engine_with(store, GateProvider(N)).generate_sync(spec, requests(N), run_id="r")
        store.conn.set_trace_callback(None)
        assert all(o.ok for o in outs)
        assert writes == [N], writes  # twelve answers, one write
        assert len(commits) == 2, commits  # the journal's items, then the twelve answers together
        assert store.count_responses() == N
        assert all(it.status == "done" for it in store.run_items("r"))


def test_a_failed_flush_saves_every_pending_answer_to_the_side_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: Store, *a: Any, **kw: Any) -> None:
        raise StorageError("cannot write the store: disk full (simulated)")

    monkeypatch.setattr(Store, "put_responses", fail)
    spec = parse_model("openai/stub")
    with Store(tmp_path) as store:
        store.start_run("r", "test", {})
        eng = engine_with(store, GateProvider(N))
        with pytest.raises(StorageError, match="disk full"):
            eng.generate_sync(spec, requests(N), run_id="r")
        assert store.count_responses() == 0
    side = list(tmp_path.glob("distillq-unstored-*.jsonl"))
    assert len(side) == 1, side
    saved = [json.loads(line) for line in side[0].read_text().splitlines()]
    assert sorted(s["response"] for s in saved) == sorted(f"answer to q{i}" for i in range(N))


CHILD = """
import asyncio, sys
from distillq.core.types import ChatRequest, ModelOutput, Usage
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.store import Store

class Half:
    async def generate(self, messages, config):
        i = int(messages[0]["content"][1:])
        if i % 2:
            await asyncio.sleep(3600)  # never answers: the kill comes first
        return ModelOutput(text="first run", finish_reason="stop", usage=Usage(1, 1))
    async def aclose(self):
        return None

store = Store(sys.argv[1])
store.start_run("r", "test", {})
eng = Engine(store, EngineOptions(max_connections=4, adaptive=False))
eng._provider = lambda spec: Half()
reqs = [ChatRequest.from_prompt(f"q{i}", id=str(i)) for i in range(int(sys.argv[2]))]
eng.generate_sync(parse_model("openai/stub"), reqs, run_id="r")
"""


def test_a_run_killed_after_a_flush_resumes_without_asking_stored_answers_again(tmp_path: Path) -> None:
    n = 40  # even prompts answer at once, odd ones hang: 4 slots fill with hangers after a few flushes
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(n)], env=env)
    db = tmp_path / "distillq.db"
    stored = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if db.exists():
                with sqlite3.connect(db) as conn:
                    try:
                        stored = conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
                    except sqlite3.OperationalError:
                        stored = 0
                if stored >= 2:
                    time.sleep(0.3)  # the slots are then all held by hanging prompts
                    break
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert stored >= 2, "the child stored nothing before the kill: the test would prove nothing"
    with Store(tmp_path) as store:
        kept = {it.prompt_id for it in store.run_items("r") if it.status == "done"}
        assert kept and all(int(p) % 2 == 0 for p in kept)  # only answered prompts, journal consistent
        assert store.count_responses() == len(kept)
        provider = GateProvider(1)  # opens at the first request: answers at once
        outs = engine_with(store, provider).generate_sync(parse_model("openai/stub"), requests(n), run_id="r")
        assert sorted(provider.asked) == sorted(f"q{i}" for i in range(n) if str(i) not in kept)
        assert all(o.ok for o in outs)
        assert sum(o.text == "first run" for o in outs) == len(kept)
        assert all(it.status == "done" for it in store.run_items("r"))


class FailSecond:
    """The first request answers; the second, one loop pass later, is a fatal provider error."""

    def __init__(self) -> None:
        self.calls = 0

    async def generate(self, messages: list[Any], config: Any) -> ModelOutput:
        self.calls += 1
        if self.calls == 1:
            return ModelOutput(text="ok", finish_reason="stop", usage=Usage(1, 1))
        await asyncio.sleep(0.05)  # after the first answer's scheduled write has failed
        raise CallError("auth", "invalid API key")  # not retryable: the engine raises ProviderError

    async def aclose(self) -> None:
        return None


def test_a_failed_write_does_not_hide_the_error_that_stops_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled write that failed unexpectedly must not replace the error already on its way."""

    def broken(self: Store, *a: Any, **kw: Any) -> None:
        raise RuntimeError("unexpected write failure")

    monkeypatch.setattr(Store, "put_responses", broken)
    with Store(tmp_path) as store:
        store.start_run("r", "test", {})
        eng = Engine(store, EngineOptions(max_connections=1, adaptive=False))
        provider = FailSecond()
        eng._provider = lambda spec: provider  # type: ignore[method-assign,assignment,return-value]
        with pytest.raises(ProviderError, match="invalid API key"):
            eng.generate_sync(parse_model("openai/stub"), requests(2), run_id="r")
        assert provider.calls == 2
