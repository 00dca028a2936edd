"""What keeps the command line's start-up short: sub-commands loaded on first use, no GC while importing.

Every process pays its start-up before its first request: for a 1,000-prompt `collect` it is about a
seventh of the whole command (BENCHMARKS.md, start-up sections).
"""

from __future__ import annotations

import gc
import importlib
from typing import Any

import typer
from typer.core import TyperGroup

# Sub-commands imported only when run or listed (`--help`): `collect` must not pay for the ICE,
# RSE and report modules. name -> (module, attribute): a `typer.Typer` (a group) or a command function.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "schema": ("distillq.cli.info", "schema"),
    "plugins": ("distillq.cli.info", "plugins"),
    "report": ("distillq.cli.report", "report_command"),
    "serve-local": ("distillq.cli.local", "serve_local"),
    "export-inspect": ("distillq.cli.inspect_cmd", "export_inspect_command"),
    "ice": ("distillq.cli.ice", "app"),
    "identities": ("distillq.cli.ice", "identities_app"),
    "rse": ("distillq.cli.rse", "app"),
    "models": ("distillq.cli.info", "models_app"),
    "runs": ("distillq.cli.runs", "runs_app"),
}


def _load_command(name: str) -> Any:
    """The click command of one lazy sub-command, built as `add_typer`/`command` would mount it."""
    module, attr = LAZY_COMMANDS[name]
    obj = getattr(importlib.import_module(module), attr)
    cmd: Any
    if isinstance(obj, typer.Typer):
        cmd = typer.main.get_group(obj)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(obj)
        cmd = typer.main.get_command(single)
    cmd.name = name
    return cmd


class LazyGroup(TyperGroup):
    """The root group: its own commands at once, `LAZY_COMMANDS` on first use (like click's LazyGroup)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in LAZY_COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in LAZY_COMMANDS:
            cmd = _load_command(cmd_name)
            self.add_command(cmd, cmd_name)
        return cmd


# Allocations between two young-generation collections once the job runs (CPython's default is 700).
# Each answer allocates thousands of short-lived containers (HTTP objects, dicts) that die young:
# collecting every 5,000 instead holds at most 5,000 more dead objects (a few MB) for a seventh of the collections.
GC_YOUNG_THRESHOLD = 5000

# Set by `defer_gc` (the console script's `main`): the GC is off until `gc_after_startup`.
_gc_deferred = False


def defer_gc() -> None:
    """Turn the cyclic GC off until `gc_after_startup` (the console script's first step)."""
    global _gc_deferred
    if gc.isenabled():
        gc.disable()
        _gc_deferred = True


def gc_after_startup() -> None:
    """Freeze what start-up built and turn the cyclic GC back on (once; only in a `main` process).

    Start-up leaves some 130,000 GC-tracked, long-lived objects (typer, rich, the SDK's pydantic
    models) and no garbage: collecting during it is pure cost, and every later full collection would
    walk all of them again. Frozen, they are never scanned; what the job allocates is collected as
    usual (and the final collection at exit, 0.15 s of CPU after a 1,000-prompt collect, has little
    left to walk). Only the console script defers the GC: a program that imports `distillq.cli`
    keeps its own settings.
    """
    global _gc_deferred
    if _gc_deferred:
        _gc_deferred = False
        gc.freeze()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
