"""`--rpm` paces real requests: a burst of the limit, then the steady rate (the fake server, real SDK)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.store import Store
from distillq.testing.fake_openai import FakeOpenAIServer

runner = CliRunner()


def test_rpm_holds_requests_past_the_burst_and_answers_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("".join(f"question {i}\n" for i in range(62)), encoding="utf-8")
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        argv = ["collect", "--model", "openai-api/fake/m", "--prompts", str(prompts), "--quiet"]
        start = time.monotonic()
        res = runner.invoke(app, [*argv, "--rpm", "60", "--out", str(tmp_path / "a")])
        paced = time.monotonic() - start
        assert res.exit_code == 0, res.output
        assert srv.stats()["requests"] == 62
        start = time.monotonic()
        res = runner.invoke(app, [*argv, "--out", str(tmp_path / "b")])
        free = time.monotonic() - start
        assert res.exit_code == 0, res.output
    # 60 go at once; the 61st waits for one slot to drain (1 s at 60 rpm), the 62nd one more second.
    assert paced >= 1.9, paced
    assert paced > free + 1.5, (paced, free)  # the wait is the limiter's, not the machine's
    with Store(tmp_path / "a", read_only=True) as store:
        assert sum(r["done"] for r in store.runs()) == 62
