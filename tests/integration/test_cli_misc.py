"""Small CLI commands: models check, runs list/export, version, hf without the extra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.errors import UsageError
from distillq.models.engine import Engine
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest
from distillq.testing.fake_openai import FakeOpenAIServer

runner = CliRunner()


def test_models_check_over_http(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        res = runner.invoke(app, ["models", "check", "openai-api/fake/m", "--prompt", "Who are you?"])
        assert res.exit_code == 0, res.output
        assert srv.stats()["answered"] == 1
    assert "latency" in res.output and "tokens in/out" in res.output


def test_models_check_unauthorized(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        res = runner.invoke(app, ["models", "check", "openai-api/fake/unauthorized-model"])
    assert res.exit_code == 2 and "authentication failed" in res.output


def test_runs_list_and_export(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("first prompt\nsecond prompt\n")
    out = tmp_path / "res"
    assert (
        runner.invoke(
            app, ["collect", "--model", "mock/echo", "--prompts", str(prompts), "--out", str(out)]
        ).exit_code
        == 0
    )
    res = runner.invoke(app, ["runs", "list", "--out", str(out)])
    assert res.exit_code == 0 and "collect-" in res.output and "2/2" in res.output
    run_id = next(w for w in res.output.split() if w.startswith("collect-"))
    target = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["runs", "export", run_id, str(target), "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["response"] for r in rows] == ["first prompt", "second prompt"]
    assert runner.invoke(app, ["runs", "list", "--out", str(tmp_path / "none")]).exit_code == 2


def test_plain_text_prompts_and_epochs(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("alpha\nbeta\n")
    res = runner.invoke(
        app,
        [
            "collect",
            "--model",
            "mock/echo",
            "--prompts",
            str(prompts),
            "--out",
            str(tmp_path),
            "--epochs",
            "3",
        ],
    )
    assert res.exit_code == 0
    rows = [json.loads(line) for line in (tmp_path / "responses.jsonl").read_text().splitlines()]
    assert [(r["prompt"], r["sample"]) for r in rows] == [
        ("alpha", 0),
        ("alpha", 1),
        ("alpha", 2),
        ("beta", 0),
        ("beta", 1),
        ("beta", 2),
    ]


def test_version() -> None:
    from distillq import __version__

    for args in (["version"], ["--version"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and __version__ in res.output


def test_hf_without_extra_is_a_clear_error() -> None:
    try:
        import transformers  # noqa: F401

        pytest.skip("transformers is installed here")
    except ImportError:
        pass
    with pytest.raises(UsageError, match=r"distillq\[hf\]"):
        Engine().generate_sync(parse_model("hf/some/model"), [ChatRequest.from_prompt("hi")])
