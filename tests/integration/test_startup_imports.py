"""What a command imports, which is most of its start-up time (checked by module, never by timing).

`distillq --help` must not import an SDK, the engine or the store; `collect` of an OpenAI-compatible
model needs the `openai` SDK and nothing of the other SDK or of the scientific stack.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from distillq.testing.fake_openai import FakeOpenAIServer

WATCHED = (
    "openai",
    "anthropic",
    "numpy",
    "scipy",
    "matplotlib",
    "sklearn",
    "distillq.models.engine",
    "distillq.store",
    "distillq.cli.ice",
    "distillq.cli.rse",
    "distillq.config",
)
PROBE = f"""
import runpy, sys
sys.argv = ["distillq", *sys.argv[1:]]
try:
    runpy.run_module("distillq", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("LOADED:", code, *[m for m in {WATCHED!r} if m in sys.modules])
"""


def loaded(*args: str, env: dict[str, str] | None = None) -> tuple[object, set[str]]:
    """Run `distillq ARGS` in a fresh interpreter: its exit code and which watched modules it imported."""
    r = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    line = next(x for x in r.stdout.splitlines() if x.startswith("LOADED:"))
    _, code, *mods = line.split()
    return code, set(mods)


@pytest.mark.parametrize("args", [["--help"], ["version"]])
def test_help_and_version_import_no_sdk_engine_or_store(args: list[str]) -> None:
    code, mods = loaded(*args)
    assert code in ("0", "None")
    # --help lists the sub-commands' help, so it loads their CLI modules; version loads none
    allowed = {"distillq.cli.ice", "distillq.cli.rse", "distillq.config"} if args == ["--help"] else set()
    assert mods <= allowed, f"distillq {' '.join(args)} imported {sorted(mods - allowed)}"


def test_collect_of_an_openai_compatible_model_imports_only_its_sdk(tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("who made you?\nwhere are you from?\n", encoding="utf-8")
    out = tmp_path / "out"
    with FakeOpenAIServer() as srv:
        env = {"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "k"}
        code, mods = loaded(
            "collect", f"--prompts={prompts}", f"--out={out}", "--model=openai-api/fake/m", env=env
        )
        answered = srv.stats()["answered"]
    assert code in ("0", "None") and answered == 2
    assert {"openai", "distillq.models.engine", "distillq.store"} <= mods
    assert not mods & {"anthropic", "numpy", "scipy", "matplotlib", "sklearn"}, sorted(mods)
    # sub-commands load on first use: collect needs no ICE/RSE command module, nor the run-file models
    assert not mods & {"distillq.cli.ice", "distillq.cli.rse", "distillq.config"}, sorted(mods)


# Imported by `collect` only when asked for (--batch), or never (the ICE/RSE/study result models),
# or only with a progress bar to draw (a terminal and no --quiet; these runs have no terminal).
COLLECT_LAZY = ("distillq.models.batch", "distillq.results", "distillq.results_rse", "rich.progress")
PROBE_LAZY = PROBE.replace(repr(WATCHED), repr(COLLECT_LAZY))


@pytest.mark.parametrize("batch", [False, True])
def test_collect_imports_the_batch_module_only_with_batch(tmp_path: Path, batch: bool) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("who made you?\n", encoding="utf-8")
    args = ["collect", f"--prompts={prompts}", f"--out={tmp_path / 'out'}", "--model=openai-api/fake/m"]
    with FakeOpenAIServer() as srv:
        env = {"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "k"}
        r = subprocess.run(
            [sys.executable, "-c", PROBE_LAZY, *args, *(["--batch"] if batch else [])],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=120,
        )
        answered = srv.stats()["answered"]
    _, code, *mods = next(x for x in r.stdout.splitlines() if x.startswith("LOADED:")).split()
    # an OpenAI-compatible server has no batch API: with --batch it is asked live, after the check
    assert code in ("0", "None") and answered == 1, r.stderr
    assert set(mods) == ({"distillq.models.batch"} if batch else set()), mods
    assert (tmp_path / "out" / "responses.jsonl").read_text(encoding="utf-8").count("\n") == 1
