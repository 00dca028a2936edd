"""ruff (lint and format check) as the README's Development block runs it.

Why a test: CI runs the test command only, so a lint or format rule the README promises would otherwise
drift unnoticed (it did: 19 files had drifted from `ruff format`). The command is read from the README,
as `test_typing.py` reads mypy's, so the two cannot disagree."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def readme_ruff_commands() -> list[list[str]]:
    """Each `ruff ...` command of the README's Development block (the `&&`-joined line), split."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    line = re.search(r"^ruff check[^\n]*$", text, re.M)
    assert line, "README.md's Development block has no `ruff check ...` line"
    parts = [shlex.split(p) for p in line.group(0).split("&&")]
    return [p for p in parts if p and p[0] == "ruff"]


def _ruff() -> list[str]:
    exe = Path(sys.executable).parent / "ruff"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return [found]


def test_readme_names_both_ruff_checks() -> None:
    cmds = readme_ruff_commands()
    assert ["ruff", "check", "."] in cmds
    assert ["ruff", "format", "--check", "."] in cmds


@pytest.mark.parametrize("cmd", readme_ruff_commands(), ids=lambda c: " ".join(c))
def test_readme_ruff_command_passes(cmd: list[str]) -> None:
    res = subprocess.run([*_ruff(), *cmd[1:]], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, (res.stdout[-3000:] + res.stderr[-1000:]).strip()
