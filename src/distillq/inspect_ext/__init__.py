"""Inspect AI interop (the optional `distillq[inspect]` extra).

`inspect eval distillq/ice` and `inspect eval distillq/rse` run our evaluations inside Inspect
(tasks registered through the `inspect_ai` entry point, see `_registry.py`), and
`distillq export-inspect` turns a study's stored answers into Inspect logs for `inspect view`.
Nothing here imports inspect_ai at import time: the base install must not need it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from distillq.errors import UsageError

INSTALL_HINT = "pip install 'distillq[inspect]'"


def require_inspect() -> ModuleType:
    """inspect_ai, or one line saying how to install it."""
    try:
        # import_module is typed (ModuleType), so mypy checks this the same with or without the extra
        return importlib.import_module("inspect_ai")
    except ImportError as exc:
        raise UsageError(f"Inspect AI is not installed: {INSTALL_HINT}") from exc
