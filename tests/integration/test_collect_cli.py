"""`distillq collect` end to end: bad input, resume after SIGKILL, secrets in output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.testing.fake_openai import FakeOpenAIServer, start_subprocess

runner = CliRunner()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "distillq", *args], capture_output=True, text=True, env=full_env, timeout=120
    )


@pytest.fixture()
def prompts(tmp_path: Path) -> Path:
    p = tmp_path / "prompts.jsonl"
    p.write_text("".join(json.dumps({"prompt": f"prompt number {i}"}) + "\n" for i in range(30)))
    return p


def one_line_error(res: subprocess.CompletedProcess[str]) -> str:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_missing_prompt_file(tmp_path: Path) -> None:
    line = one_line_error(
        run_cli(
            "collect",
            "--model",
            "mock/echo",
            "--prompts",
            str(tmp_path / "nope.jsonl"),
            "--out",
            str(tmp_path / "o"),
        )
    )
    assert "not found" in line


def test_empty_prompt_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.jsonl"
    f.write_text("\n\n")
    assert "empty" in one_line_error(run_cli("collect", "--model", "mock/echo", "--prompts", str(f)))


def test_invalid_json_line_reports_line_number(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"prompt": "ok"}\n{"prompt": "ok too"}\n{"prompt": oops}\n')
    assert "bad.jsonl:3: invalid JSON" in one_line_error(
        run_cli("collect", "--model", "mock/echo", "--prompts", str(f))
    )


def test_unknown_model(prompts: Path) -> None:
    assert "unknown provider" in one_line_error(
        run_cli("collect", "--model", "nosuch/x", "--prompts", str(prompts))
    )


def test_missing_key(prompts: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "distillq",
            "collect",
            "--model",
            "openai/gpt-4o-mini",
            "--prompts",
            str(prompts),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert "OPENAI_API_KEY" in one_line_error(res)


def test_unreachable_base_url(prompts: Path, tmp_path: Path, refused_port: int) -> None:
    port = refused_port
    res = run_cli(
        "collect",
        "--model",
        "openai-api/fake/m",
        "--prompts",
        str(prompts),
        "--out",
        str(tmp_path / "o"),
        env={"FAKE_BASE_URL": f"http://127.0.0.1:{port}/v1", "FAKE_API_KEY": "k-123456"},
    )
    assert "cannot connect" in one_line_error(res)


def test_collect_writes_in_input_order_and_caches(
    prompts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(latency_ms=5, fault_rate=0.2, retry_after=0.01, faults=["500", "429"]) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        out = tmp_path / "out"
        args = [
            "collect",
            "--model",
            "openai-api/fake/m",
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            "--epochs",
            "2",
            "--limit",
            "10",
        ]
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        rows = [json.loads(line) for line in (out / "responses.jsonl").read_text().splitlines()]
        assert [(r["prompt_id"], r["sample"]) for r in rows] == [
            (str(i), s) for i in range(10) for s in (0, 1)
        ]
        assert all(r["response"] and r["error"] is None for r in rows)
        assert set(rows[0]) >= {"prompt_id", "prompt", "model", "response", "usage", "finish_reason", "error"}
        answered = srv.stats()["answered"]
        assert answered == 20
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and srv.stats()["answered"] == 20  # cached re-run asks nothing


@pytest.mark.slow
def test_sigkill_mid_run_then_resume(tmp_path: Path) -> None:
    n = 300
    prompts = tmp_path / "p.jsonl"
    prompts.write_text("".join(json.dumps({"prompt": f"resume prompt {i}"}) + "\n" for i in range(n)))
    proc, base_url = start_subprocess(latency_ms=40)
    try:
        env = {"FAKE_BASE_URL": base_url, "FAKE_API_KEY": "k-123456"}
        out = tmp_path / "out"
        args = [
            sys.executable,
            "-m",
            "distillq",
            "collect",
            "--model",
            "openai-api/fake/m",
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            "--max-connections",
            "4",
            "-q",
        ]
        child = subprocess.Popen(
            args, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        import urllib.request

        def stats() -> dict:
            with urllib.request.urlopen(base_url.replace("/v1", "/stats?detail=1"), timeout=5) as r:
                return json.loads(r.read())

        deadline = time.monotonic() + 60
        while stats()["answered"] < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        before = stats()
        assert 0 < before["answered"] < n, "the kill must land mid-run"
        import sqlite3

        stored = sqlite3.connect(out / "distillq.db").execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        assert before["answered"] - 4 <= stored <= before["answered"]  # only in-flight answers can be lost
        res = subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        after = stats()
        assert after["requests"] - before["requests"] == n - stored  # nothing stored was asked again
        rows = [json.loads(line) for line in (out / "responses.jsonl").read_text().splitlines()]
        assert len(rows) == n and len({r["prompt_id"] for r in rows}) == n
        assert all(r["error"] is None and r["response"] for r in rows)
        assert sum(1 for c in after["answered_by_prompt"].values() if c > 1) <= 4
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_key_not_in_outputs(prompts: Path, tmp_path: Path) -> None:
    secret = "fake-proj-NEVER-SHOW-ME-1234567890"
    with FakeOpenAIServer(api_key=secret) as srv:
        out = tmp_path / "o"
        res = run_cli(
            "collect",
            "--model",
            "openai-api/fake/m",
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": secret},
        )
        assert res.returncode == 0, res.stderr
        bad = run_cli(
            "collect",
            "--model",
            "openai-api/fake/other",
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            "--overwrite",  # another model into the same --out: allowed only when asked for
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "fake-proj-WRONG-AND-SECRET-0000"},
        )
    assert bad.returncode == 2 and "authentication" in bad.stderr
    for text in (res.stdout, res.stderr, bad.stdout, bad.stderr):
        assert secret not in text and "WRONG-AND-SECRET" not in text
    for f in out.iterdir():
        assert secret.encode() not in f.read_bytes()
