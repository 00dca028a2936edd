"""mypy (strict, pyproject's settings) on the packages the README's Development block names.

Why the README is read rather than copied: the command a contributor runs and the one CI checks stay
one command; widening it there widens this test. Slow (about 20 s cold on 2 idle cores)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def readme_mypy_args() -> list[str]:
    """The arguments of the README's `mypy ...` command (after `&& mypy`, up to the line's end)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"&& mypy ([^\n]+)", text)
    assert found, "README.md's Development block has no `... && mypy ...` command"
    return shlex.split(found.group(1))


def test_readme_mypy_command_covers_the_library() -> None:
    args = readme_mypy_args()
    assert "src/distillq" in args  # the whole package, less what --exclude names
    excluded = args[args.index("--exclude") + 1] if "--exclude" in args else ""
    for core in ("models/", "store.py", "ice/", "rse/", "report/"):
        assert not (excluded and re.search(excluded, f"src/distillq/{core}")), f"{core} left out of mypy"


@pytest.mark.slow
def test_mypy_passes_on_the_readme_packages(tmp_path: Path) -> None:
    if shutil.which("mypy") is None and not (Path(sys.executable).parent / "mypy").exists():
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    cmd = [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *readme_mypy_args()]
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]
    assert "Success: no issues found" in res.stdout
