"""The README's Python example runs offline as written: no key, no network, no ../shared."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_readme_python_block_runs(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the README should hold exactly one Python example"
    script = tmp_path / "example.py"
    script.write_text(blocks[0], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["DISTILLQ_SHARED"] = str(tmp_path / "no-shared")
    res = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.splitlines()
    assert lines[0] == "[False, True]"  # the second answer claims OpenAI's identity
    sims = {
        ln.split()[0]: float(ln.split()[1]) for ln in lines if ln.startswith("mock/") and len(ln.split()) == 2
    }
    assert (
        sims["mock/heavy-student"] > sims["mock/independent"]
    )  # the distilled student writes like its teacher
    assert "mock/teacher" in lines  # attribution names the teacher
    report = Path(lines[-1].split("requests;")[1].strip())
    assert report.is_file() and report.stat().st_size > 10_000
