"""Long attacks: a 3,000-prompt soak with 30% faults at the default timeout and retry budget, and
SIGKILL at random moments followed by a resume (slow: run in CI)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tests.attack.conftest import HOSTILE

from distillq.core.defaults import DEFAULT_MAX_ATTEMPTS
from distillq.core.types import ChatRequest
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.store import Store
from distillq.testing.fake_openai import FakeOpenAIServer, start_subprocess

pytestmark = pytest.mark.slow


def test_soak_3000_prompts_30pct_faults_default_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(
        latency_ms=5, fault_rate=0.3, retry_after=0.05, hang_s=1.0, seed=3, max_concurrency=256
    ) as srv:  # every default fault kind: 429 (Retry-After), 500, 503, hang then drop, reset, malformed
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "x")
        spec = parse_model("openai-api/fake/m")
        # Default timeout (120 s), retry budget (300 s, counted from the first send) and attempts (12:
        # at 8, 3,000 x 0.3^8 = 0.2 prompts would fail 8 times in a row by chance alone).
        opts = EngineOptions(max_connections=64, backoff_base=0.1, backoff_cap=2.0)
        assert opts.max_attempts == DEFAULT_MAX_ATTEMPTS == 12
        reqs = [ChatRequest.from_prompt(f"soak {i}", id=str(i)) for i in range(3000)]
        with Store(tmp_path) as store:
            store.start_run("soak", "test", {})
            eng = Engine(store, opts)
            outs = eng.generate_sync(spec, reqs, run_id="soak")
            stored = store.count_responses(spec.name)
        st = srv.stats()
    errors = [o.error for o in outs if not o.ok]
    assert errors == [], errors[:3]
    assert st["faults"] > 900  # ~30% of ~4,300 attempts
    assert stored == 3000 == st["answered"]
    assert max(st["answered_by_prompt"].values()) == 1


def _stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(base.replace("/v1", "/stats?detail=1"), timeout=5) as r:
        return dict(json.loads(r.read()))


def test_sigkill_at_random_moments_then_resume(tmp_path: Path) -> None:
    n = 400
    prompts = tmp_path / "p.jsonl"
    hostile = list(HOSTILE)
    prompts.write_text(
        "".join(json.dumps({"prompt": f"ask {hostile[i % 4]} {i}"}) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    rules = [{"match": f"^ask {name} ", "answer": text} for name, text in HOSTILE.items()]
    proc, base = start_subprocess(
        latency_ms=30, fault_rate=0.2, seed=5, retry_after=0.1, hang_s=0.5, script=rules
    )
    out = tmp_path / "out"
    env = {**os.environ, "FAKE_BASE_URL": base, "FAKE_API_KEY": "x"}
    args = [sys.executable, "-m", "distillq", "collect", "--model", "openai-api/fake/m", "--prompts", str(prompts),
            "--out", str(out), "--max-connections", "4", "-q"]  # fmt: skip
    rng = random.Random(7)
    try:
        for target in sorted(rng.sample(range(40, 340), 3)):  # kill after a random number of answers
            child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while _stats(base)["answered"] < target and time.monotonic() < deadline:
                time.sleep(0.02)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        # the server finishes (and counts) what the last process had in flight: wait until no
        # connection is open but this query's own, rather than a fixed pause a loaded machine outlasts
        deadline = time.monotonic() + 120
        while _stats(base)["connections_open"] > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = _stats(base)
        con = sqlite3.connect(out / "distillq.db")
        stored = con.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        con.close()
        assert 0 < stored < n, "the kills must land mid-run"
        # the killed process left its lock note behind; the OS released the lock itself
        res = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        after = _stats(base)
        assert after["answered"] - before["answered"] == n - stored  # nothing stored was asked again
        rows = [json.loads(x) for x in (out / "responses.jsonl").read_bytes().decode("utf-8").splitlines()]
        assert len(rows) == n and all(r["error"] is None for r in rows)
        assert {r["response"] for r in rows if "formula" in r["prompt"]} == {HOSTILE["formula"]}
        # only requests in flight at a kill (4 connections x 3 kills) can have been answered twice
        assert sum(c - 1 for c in after["answered_by_prompt"].values() if c > 1) <= 12
    finally:
        proc.terminate()
        proc.wait(timeout=10)
