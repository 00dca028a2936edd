"""The base of every typed result: pretty atomic JSON, a schema version, per-model accounting.

Apart from `results.py` so the result types can live in modules by subject (ICE and the study there,
RSE in `results_rse.py`) and all share one base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from distillq.jsonio import write_text_atomic
from distillq.textsafe import dumps

SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")

    def to_json(self) -> str:
        """Pretty JSON, unicode kept, as every results file is written (only the fields it was given)."""
        return dumps(self.model_dump(mode="json", exclude_unset=True), indent=2)

    def write(self, path: Path) -> Path:
        """Write atomically (a half-written summary never replaces a good one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, self.to_json())  # a unique temporary name: concurrent writers never collide
        return path


class _Versioned(_Record):
    schema_version: int = Field(SCHEMA_VERSION, description="Version of this record's shape")


class _Accounted(_Versioned):
    """A result of model calls: per-model accounting, and whether the dollar budget stopped it."""

    usage: dict[str, dict[str, Any]] = Field(default_factory=dict, description="Engine stats per model")
    budget_reached: bool = False

    def unanswered(self) -> int:
        """Requests that failed after retries (re-running the command retries them)."""
        return sum(int(u.get("errors", 0)) for u in self.usage.values())

    def skipped(self) -> int:
        """Requests never sent because the budget was reached."""
        return sum(int(u.get("skipped", 0)) for u in self.usage.values())
