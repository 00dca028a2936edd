"""`--adaptive/--no-adaptive` and `--batch-poll` reach the engine from every command that runs models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.models.engine import Engine, EngineOptions

runner = CliRunner()


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch) -> list[EngineOptions]:
    """The options of every Engine the command builds."""
    got: list[EngineOptions] = []
    orig = Engine.__init__

    def init(
        self: Engine, store: object = None, options: EngineOptions | None = None, *a: object, **k: object
    ) -> None:
        got.append(options or EngineOptions())
        orig(self, store, options, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "__init__", init)
    return got


def _run_file(tmp_path: Path, limits: str) -> Path:
    p = tmp_path / "study.yaml"
    p.write_text(
        "reference: mock/teacher\njudge: offline\n"
        "targets:\n  - {model: mock/light-student, identity: openai}\n"
        "ice: {helper: none, max_queries: 6}\n"
        "rse: {promptsets: [builtin], metrics: offline, sample: 3}\n"
        f"limits: {limits}\n"
    )
    return p


def _answers(tmp_path: Path) -> Path:
    p = tmp_path / "answers.jsonl"
    p.write_text(json.dumps({"response": "I am ChatGPT, made by OpenAI."}) + "\n")
    return p


RSE_TESTS = ("--test", "mock/heavy-student", "--limit", "2")
COMMANDS = {
    "rse run": lambda t: ["rse", "run", "--reference", "mock/teacher", *RSE_TESTS],
    "ice run": lambda t: ["ice", "run", "--target", "mock/teacher", "-i", "openai", "--limit", "4"],
    "ice judge": lambda t: ["ice", "judge", str(_answers(t)), "-i", "openai"],
    "run": lambda t: ["run", str(_run_file(t, "{}")), "--no-report"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("flag,want", [("--no-adaptive", False), ("--adaptive", True), (None, None)])
def test_adaptive_reaches_the_engine(
    tmp_path: Path, seen: list[EngineOptions], command: str, flag: str | None, want: bool | None
) -> None:
    args = COMMANDS[command](tmp_path) + ["--out", str(tmp_path / "o")] + ([flag] if flag else [])
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert seen and {o.adaptive for o in seen} == {want}


def test_run_file_limits_set_adaptive_and_batch_poll(tmp_path: Path, seen: list[EngineOptions]) -> None:
    study = _run_file(tmp_path, "{adaptive: false, batch_poll_s: 7.5}")
    res = runner.invoke(app, ["run", str(study), "--no-report", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert {(o.adaptive, o.batch_poll_s) for o in seen} == {(False, 7.5)}
    seen.clear()  # the command line overrides the file
    res = runner.invoke(
        app,
        ["run", str(study), "--no-report", "--out", str(tmp_path / "o"), "--adaptive", "--batch-poll", "3"],
    )
    assert res.exit_code == 0, res.output
    assert {(o.adaptive, o.batch_poll_s) for o in seen} == {(True, 3.0)}


def test_run_file_rejects_a_zero_batch_poll(tmp_path: Path) -> None:
    res = runner.invoke(app, ["run", str(_run_file(tmp_path, "{batch_poll_s: 0}")), "--dry-run"])
    assert res.exit_code == 2 and "batch_poll_s" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("command", ["rse run", "ice judge", "run"])
def test_batch_poll_reaches_the_engine(tmp_path: Path, seen: list[EngineOptions], command: str) -> None:
    args = COMMANDS[command](tmp_path) + ["--out", str(tmp_path / "o"), "--batch-poll", "2.5"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert seen and {o.batch_poll_s for o in seen} == {2.5}


@pytest.mark.parametrize("command", ["collect", "rse run", "ice judge", "run"])
@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_batch_poll_must_be_above_zero(
    tmp_path: Path, seen: list[EngineOptions], command: str, value: str
) -> None:
    if command == "collect":
        (tmp_path / "p.txt").write_text("hello\n")
        args = ["collect", "--model", "mock/teacher", "--prompts", str(tmp_path / "p.txt")]
    else:
        args = COMMANDS[command](tmp_path)
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "o"), "--batch", "--batch-poll", value])
    assert res.exit_code == 2, res.output
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert lines == [
        f"error: --batch-poll must be above 0 seconds (got {float(value):g}); e.g. --batch-poll 30"
    ]
    assert not seen  # refused before any engine was built
    assert not (tmp_path / "o").exists()


def test_collect_has_the_shared_options() -> None:
    res = runner.invoke(app, ["collect", "--help"], env={"COLUMNS": "200"})
    assert "--batch-poll" in res.output and "--no-adaptive" in res.output
