"""Ctrl-C and `kill` in the middle of a real `distillq collect` against the fake server (subprocesses).

The one line the command prints, the run's journal and `distillq runs list` must agree with the
server's own count of requests it received and did not answer; a re-run asks exactly what is missing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from distillq.testing.fake_openai import start_subprocess

SECRET = "sk-" + "interrupt-cli-0123456789"  # (split: the tree holds nothing shaped like a key)
LATENCY_MS = 3000  # long enough that the requests on the wire are still unanswered when we look


def _stats(base_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(base_url.replace("/v1", "/stats"), timeout=5) as r:
        return dict(json.loads(r.read()))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_collect_says_what_was_in_flight(tmp_path: Path, sig: signal.Signals) -> None:
    n = 40
    prompts = tmp_path / "p.jsonl"
    prompts.write_text("".join(json.dumps({"prompt": f"interrupt me {i}"}) + "\n" for i in range(n)))
    out = tmp_path / "out"
    server, base_url = start_subprocess(latency_ms=LATENCY_MS)
    try:
        env = {**os.environ, "FAKE_BASE_URL": base_url, "FAKE_API_KEY": SECRET}

        def argv(connections: int) -> list[str]:
            return [
                *(sys.executable, "-m", "distillq", "collect", "--model", "openai-api/fake/m"),
                *("-M", "max_tokens=64", "--prompts", str(prompts), "--out", str(out)),
                *("--max-connections", str(connections), "-q"),
            ]

        child = subprocess.Popen(argv(4), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            s = _stats(base_url)
            if s["answered"] >= 4 and s["requests"] >= 8:  # the first answers back, the next ones sent
                break
            time.sleep(0.05)
        child.send_signal(sig)
        _, err = child.communicate(timeout=60)
        at_stop = _stats(base_url)
        on_wire = at_stop["requests"] - at_stop["answered"]
        assert child.returncode == 130, err
        assert on_wire == 4, at_stop
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in err, err
        assert lines[0].startswith(f"interrupted: {on_wire} requests in flight abandoned, at most $"), err
        assert lines[0].endswith("everything answered so far is stored; re-run to resume"), err

        db = sqlite3.connect(out / "distillq.db")
        counts = dict(db.execute("SELECT status, COUNT(*) FROM run_items GROUP BY status").fetchall())
        run = db.execute(
            "SELECT status, abandoned, abandoned_max_usd, abandoned_unbounded FROM runs"
        ).fetchall()
        db.close()
        assert counts.get("abandoned") == on_wire and counts.get("done") == at_stop["answered"]
        assert run[0][:2] == ("interrupted", on_wire) and run[0][2] > 0 and run[0][3] == 0
        assert SECRET not in err and SECRET.encode() not in (out / "distillq.db").read_bytes()

        listed = subprocess.run(
            [sys.executable, "-m", "distillq", "runs", "list", "--out", str(out)],
            env={**env, "COLUMNS": "250"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "stopped (re-run to resume); 4 requests in flight abandoned, at most $" in listed.stdout

        stored = counts["done"]
        again = subprocess.run(argv(n), env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        after = _stats(base_url)
        assert after["requests"] - at_stop["requests"] == n - stored  # exactly the missing ones, once
        rows = [json.loads(line) for line in (out / "responses.jsonl").read_text().splitlines()]
        assert len(rows) == n and all(r["error"] is None and r["response"] for r in rows)
    finally:
        server.terminate()
        server.wait(timeout=10)
