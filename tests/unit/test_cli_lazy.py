"""Lazily loaded sub-commands: listed, helped and run exactly as if they were mounted at import."""

from __future__ import annotations

import gc
import importlib
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from distillq.cli import app
from distillq.cli import lazy as lazy_mod
from distillq.cli.lazy import LAZY_COMMANDS

runner = CliRunner()


def invoke(root: typer.Typer, args: list[str]) -> Any:
    return runner.invoke(root, args, prog_name="distillq")


def eager_app() -> typer.Typer:
    """The same root, every sub-command mounted at once (as before lazy loading)."""
    root = typer.Typer(add_completion=False)
    for cmd in ("version", "collect", "run", "demo"):
        root.command(cmd)(getattr(importlib.import_module("distillq.cli"), cmd.replace("run", "run_cmd")))
    for name, (module, attr) in LAZY_COMMANDS.items():
        obj = getattr(importlib.import_module(module), attr)
        if isinstance(obj, typer.Typer):
            root.add_typer(obj, name=name)
        else:
            root.command(name)(obj)
    return root


def command_names(help_text: str) -> list[str]:
    block = help_text.split("Commands")[1]
    return [ln.split()[1] for ln in block.splitlines() if ln.startswith("│ ") and ln[2] != " "]


def test_root_help_lists_every_command() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0, res.output
    names = command_names(res.output)
    assert set(LAZY_COMMANDS) | {"version", "collect", "run", "demo"} == set(names)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_lazy_help_is_the_mounted_help(name: str) -> None:
    lazy = invoke(app, [name, "--help"])
    eager = invoke(eager_app(), [name, "--help"])
    assert lazy.exit_code == eager.exit_code == 0, lazy.output
    assert lazy.output == eager.output


@pytest.mark.parametrize("group", ["ice", "rse", "runs", "models", "identities"])
def test_lazy_group_sub_commands_keep_their_help(group: str) -> None:
    res = runner.invoke(app, [group, "--help"])
    subs = command_names(res.output)
    assert subs
    for sub in subs:
        assert invoke(app, [group, sub, "--help"]).output == (
            invoke(eager_app(), [group, sub, "--help"]).output
        )


def test_unknown_command_is_the_usual_usage_error() -> None:
    res = runner.invoke(app, ["no-such-command"])
    assert res.exit_code == 2
    assert "No such command 'no-such-command'" in res.output


def test_a_lazy_command_runs() -> None:
    res = runner.invoke(app, ["identities", "list"])
    assert res.exit_code == 0, res.output
    assert "qwen" in res.output.lower()


def test_gc_is_deferred_only_by_the_console_script(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy_mod, "_gc_deferred", False)
    threshold = gc.get_threshold()
    assert gc.isenabled()
    lazy_mod.gc_after_startup()  # not deferred: nothing is frozen, nothing changes
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    lazy_mod.defer_gc()
    try:
        assert not gc.isenabled()
        lazy_mod.gc_after_startup()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (lazy_mod.GC_YOUNG_THRESHOLD, *threshold[1:])
        lazy_mod.gc_after_startup()  # once only
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()


def test_import_provider_imports_the_sdk_module_and_never_raises() -> None:
    import sys

    from distillq.models.engine import import_provider

    import_provider("no-such-provider/m")  # left for the run to report
    import_provider("")
    import_provider("openai-api/fake/m")
    assert "distillq.models.providers.openai_api" in sys.modules
