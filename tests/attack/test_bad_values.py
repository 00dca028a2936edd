"""Careless input: every bad value is refused at once with one line and exit 2, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.attack.conftest import one_line_error, run_cli

from distillq.errors import UsageError
from distillq.models.engine import EngineOptions
from distillq.prompts import read_prompt_file

# A command that hangs fails here; one that starts slowly on a loaded machine (3-5 s each at load 10)
# must not: a bad value is refused before anything is sent.
HANG_S = 120


@pytest.mark.parametrize(
    ("flag", "value", "needle"),
    [
        ("--max-connections", "0", "--max-connections must be at least 1"),
        ("--rpm", "-5", "--rpm must be above 0"),
        ("--rpm", "0", "--rpm must be above 0"),
        ("--timeout", "-1", "--timeout must be above 0"),
        ("--timeout", "nan", "--timeout must be above 0"),
        ("--max-attempts", "0", "--max-attempts must be at least 1"),
        ("--budget", "-1", "--budget must be 0 dollars or more"),
    ],
)
def test_numeric_options_are_checked(tmp_path: Path, flag: str, value: str, needle: str) -> None:
    p = tmp_path / "p.txt"
    p.write_text("hello\n", encoding="utf-8")
    res = run_cli(
        "collect",
        "--model",
        "mock/echo",
        "--prompts",
        str(p),
        "--out",
        str(tmp_path / "o"),
        flag,
        value,
        timeout=HANG_S,
    )
    assert needle in one_line_error(res)
    assert not (tmp_path / "o" / "responses.jsonl").exists()


@pytest.mark.parametrize("command", ["ice", "rse"])
def test_zero_connections_exit_at_once(tmp_path: Path, command: str) -> None:
    """`--max-connections 0` used to hang forever."""
    args = (
        ["ice", "run", "--target", "mock/echo", "--identity", "qwen"]
        if command == "ice"
        else ["rse", "run", "--reference", "mock/teacher", "--test", "mock/echo"]
    )
    res = run_cli(*args, "--out", str(tmp_path / "o"), "--max-connections", "0", timeout=HANG_S)
    assert "--max-connections must be at least 1" in one_line_error(res)


def test_engine_options_refuse_nonsense() -> None:
    with pytest.raises(UsageError, match="max-connections"):
        EngineOptions(max_connections=0)
    EngineOptions(rpm=0.5)  # below one a minute is slow, not wrong


def test_missing_env_file(tmp_path: Path) -> None:
    res = run_cli("--env-file", str(tmp_path / "nope.env"), "version")
    assert "--env-file" in one_line_error(res) and "not found" in one_line_error(res)


def test_non_utf8_input_to_ice_judge(tmp_path: Path) -> None:
    f = tmp_path / "answers.jsonl"
    f.write_bytes(b'{"response": "caf\xe9 \xff\xfe"}\n')
    res = run_cli("ice", "judge", str(f), "--identity", "qwen", "--out", str(tmp_path / "v.jsonl"))
    assert "UTF-8" in one_line_error(res)


def test_non_utf8_run_file(tmp_path: Path) -> None:
    f = tmp_path / "study.yaml"
    f.write_bytes(b"name: caf\xe9\ntargets: []\n")
    assert "UTF-8" in one_line_error(run_cli("run", str(f), "--dry-run"))


def test_prompt_format_comes_from_the_extension(tmp_path: Path) -> None:
    txt = tmp_path / "p.txt"
    txt.write_text('[system] you are terse\n{"not": "json, a prompt"}\n', encoding="utf-8")
    recs = read_prompt_file(txt)
    assert [r.text for r in recs] == ["[system] you are terse", '{"not": "json, a prompt"}']
    js = tmp_path / "p.jsonl"
    js.write_text('{"prompt": "hi"}\n', encoding="utf-8")
    assert [r.text for r in read_prompt_file(js)] == ["hi"]
