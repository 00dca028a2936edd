"""A third-party package extends distillq through entry points only: no fork, no registration call.

The plugin is "installed" the way pip installs a wheel: a package and its `.dist-info` (METADATA and
entry_points.txt) on a folder that is on the subprocess's PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PLUGIN = '''
"""A tiny distillq plugin: a provider, a judge, a metric and a prompt set."""
import numpy as np

from distillq.core.types import GenerateConfig, ModelOutput, Usage
from distillq.ice.types import Verdict


class ShoutProvider:
    """Answers every prompt in capitals (offline)."""

    key_required = False

    def __init__(self, spec, timeout, max_connections):
        self.spec = spec

    async def generate(self, messages, config: GenerateConfig) -> ModelOutput:
        text = "I AM " + self.spec.model.upper() + ". " + messages[-1]["content"].upper()
        return ModelOutput(text=text, usage=Usage(1, len(text.split())))

    async def aclose(self):
        return None


class _AlwaysLoose:
    async def judge_many(self, items):
        return [Verdict(loose=True, strict=False, hard=False, claimed=["other"], judge="always",
                        reason="plugin judge") for _ in items]


def always_loose(ctx):
    return _AlwaysLoose()


def length_ratio(responses):
    lens = np.array([[len(r) for r in rs] for rs in responses], dtype=float).T  # (prompts, models)
    a, b = lens[:, :, None], lens[:, None, :]
    return np.minimum(a, b) / np.maximum(np.maximum(a, b), 1.0)


def two_prompts():
    return ["Name three rivers.", {"id": "p2", "prompt": "Explain rain to a child."}]
'''

ENTRY_POINTS = """
[distillq.providers]
shout = distillq_tinyplugin:ShoutProvider

[distillq.judges]
always = distillq_tinyplugin:always_loose

[distillq.metrics]
lenratio = distillq_tinyplugin:length_ratio

[distillq.promptsets]
tiny = distillq_tinyplugin:two_prompts
"""


@pytest.fixture()
def plugin_path(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "distillq_tinyplugin").mkdir(parents=True)
    (site / "distillq_tinyplugin" / "__init__.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "distillq_tinyplugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: distillq-tinyplugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    return site


def _cli(args: list[str], site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "distillq", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_plugins_lists_entry_points(plugin_path: Path, tmp_path: Path) -> None:
    res = _cli(["plugins"], plugin_path, tmp_path)
    assert res.returncode == 0, res.stderr
    for name in ("shout", "always", "lenratio", "tiny"):
        assert name in res.stdout
    assert "distillq-tinyplugin" in res.stdout  # the origin is the distribution, not "builtin"
    assert "openai" in res.stdout and "offline" in res.stdout  # built-ins are listed alike


def test_plugin_provider_judge_promptset_and_metric_from_the_cli(plugin_path: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("who are you?\nwhat is rain?\n", encoding="utf-8")
    res = _cli(
        ["collect", "--model", "shout/bot", "--prompts", str(prompts), "--out", "c"], plugin_path, tmp_path
    )
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in (tmp_path / "c" / "responses.jsonl").read_text().splitlines()]
    assert [r["response"] for r in rows] == ["I AM BOT. WHO ARE YOU?", "I AM BOT. WHAT IS RAIN?"]

    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"query": "Who made you?", "response": "Qwen, by Alibaba."}) + "\n")
    res = _cli(
        ["ice", "judge", str(answers), "-i", "qwen", "--out", "judged.jsonl", "--judge", "always"],
        plugin_path,
        tmp_path,
    )
    assert res.returncode == 0, res.stderr
    judged = json.loads((tmp_path / "judged.jsonl").read_text())
    assert judged["loose"] is True and judged["judge"] == "always"  # the offline judge would say False

    res = _cli(
        [
            "rse",
            "run",
            "--reference",
            "mock/teacher",
            "--test",
            "shout/bot",
            "--promptsets",
            "tiny",
            "--out",
            "r",
        ],
        plugin_path,
        tmp_path,
    )
    assert res.returncode == 0, res.stderr
    table = json.loads((tmp_path / "r" / "rse" / "rse_table.json").read_text())
    assert table["promptsets"] == {"tiny": 2}
    assert (tmp_path / "r" / "rse" / "similarity_lenratio.csv").is_file()  # the plugin metric was computed


def test_unknown_provider_names_the_plugins(plugin_path: Path, tmp_path: Path) -> None:
    res = _cli(["models", "check", "nosuch/x"], plugin_path, tmp_path)
    assert res.returncode == 2 and "shout" in res.stderr and "Traceback" not in res.stderr
