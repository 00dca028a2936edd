"""Read a study directory into one object the report sections share.

Every file is optional except study.json: a study may have run ICE only, RSE only, or have
been interrupted, and the report must still show what exists rather than fail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from distillq.errors import InputFileError
from distillq.results import Comparison, IceSummary, RseTable, StudyManifest, parse_result


@dataclass
class Target:
    """One target model with whatever ICE and RSE results exist for it."""

    model: str
    label: str
    identity: dict[str, Any] | None
    ice: dict[str, Any] | None = None
    ice_responses: Path | None = None
    rse_row: dict[str, Any] | None = None
    attribution: dict[str, Any] | None = None

    @cached_property
    def summary(self) -> IceSummary | None:
        """The ICE summary, typed (the sections read it through this, not by string keys)."""
        return parse_result(IceSummary, self.ice, f"{self.label}'s ICE summary") if self.ice else None

    @property
    def rse_label(self) -> str:
        """The name RSE used for this model (matrices and attribution are keyed by it)."""
        return str(self.rse_row.get("label") or self.label) if self.rse_row else self.label


@dataclass
class StudyData:
    root: Path
    meta: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    rse_table: dict[str, Any] | None = None
    rse_summary: dict[str, Any] | None = None

    @property
    def ice_enabled(self) -> bool:
        return bool(self.meta.get("ice_enabled", True)) and any(t.ice for t in self.targets)

    @property
    def rse_enabled(self) -> bool:
        return bool(self.meta.get("rse_enabled", True)) and self.rse_table is not None

    @property
    def has_judge(self) -> bool:
        rows = self.rse_table.get("rows", []) if self.rse_table else []
        return any(r.get("judge") for r in rows)


def _read_json(path: Path, kind: type[BaseModel]) -> dict[str, Any] | None:
    """A results file checked against its typed schema (`distillq.results`); None when absent."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read {path}: {exc}; re-run the study to rewrite it") from exc
    if not isinstance(data, dict):
        return None
    parse_result(
        kind, data, str(path)
    )  # a malformed file is one clear line, not a KeyError deep in a section
    return data


def _inside(root: Path, rel: Any) -> Path | None:
    """Resolve a path from study.json, refusing anything that escapes the study directory."""
    if not isinstance(rel, str) or not rel:
        return None
    p = (root / rel).resolve()
    return p if p.is_relative_to(root.resolve()) else None


def load_study_dir(root: Path) -> StudyData:
    """Load study.json and the ICE/RSE files it names; missing parts become None."""
    meta = _read_json(root / "study.json", StudyManifest)
    if meta is None:
        raise InputFileError(f"no study.json in {root}: pass the results directory of `distillq run`")
    data = StudyData(root=root, meta=meta)
    rse = meta.get("rse") or {}
    if meta.get("rse_enabled", True) and isinstance(rse, dict):
        tp, sp = _inside(root, rse.get("table")), _inside(root, rse.get("summary"))
        data.rse_table = _read_json(tp, RseTable) if tp else None
        data.rse_summary = _read_json(sp, Comparison) if sp else None
    rows = {r.get("model"): r for r in (data.rse_table or {}).get("rows", []) if isinstance(r, dict)}
    attribution = (data.rse_summary or {}).get("attribution") or {}
    if not attribution and data.rse_table:
        attribution = data.rse_table.get("comparison", {}).get("attribution") or {}
    for t in meta.get("targets", []):
        model = str(t.get("model", "?"))
        target = Target(model=model, label=str(t.get("label") or model), identity=t.get("identity"))
        sp = _inside(root, t.get("ice_summary"))
        if meta.get("ice_enabled", True) and sp is not None:
            target.ice = _read_json(sp, IceSummary)
            target.ice_responses = _inside(root, t.get("ice_responses"))
        target.rse_row = rows.get(model)
        target.attribution = attribution.get("models", {}).get(target.rse_label)
        data.targets.append(target)
    return data


def iter_responses(path: Path | None) -> Iterator[dict[str, Any]]:
    """ICE response rows, skipping lines that do not parse (a half-written file is still useful)."""
    if path is None or not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                yield row
