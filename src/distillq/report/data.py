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
from typing import Any, TypeVar

from pydantic import BaseModel

from distillq.errors import InputFileError
from distillq.results import Comparison, IceSummary, IdentityRef, RseTable, StudyManifest, parse_result
from distillq.results_rse import Attribution, ModelAttribution, RseRow

R = TypeVar("R", bound=BaseModel)


@dataclass
class Target:
    """One target model with whatever ICE and RSE results exist for it."""

    model: str
    label: str
    identity: IdentityRef | str | None
    ice: dict[str, Any] | None = None
    ice_responses: Path | None = None
    rse_row: RseRow | None = None
    attribution: ModelAttribution | None = None

    @cached_property
    def summary(self) -> IceSummary | None:
        """The ICE summary, typed (the sections read it through this, not by string keys)."""
        return parse_result(IceSummary, self.ice, f"{self.label}'s ICE summary") if self.ice else None

    @property
    def rse_label(self) -> str:
        """The name RSE used for this model (matrices and attribution are keyed by it)."""
        return str(self.rse_row.label or self.label) if self.rse_row else self.label

    @property
    def card(self) -> IdentityRef | None:
        """The identity card the judge checked against (None when only its id is known)."""
        return self.identity if isinstance(self.identity, IdentityRef) else None


@dataclass
class StudyData:
    """A study directory's typed results (`distillq.results`): what every section reads."""

    root: Path
    meta: StudyManifest
    targets: list[Target] = field(default_factory=list)
    rse_table: RseTable | None = None
    rse_summary: Comparison | None = None

    @property
    def ice_enabled(self) -> bool:
        return self.meta.ice_enabled and any(t.ice for t in self.targets)

    @property
    def rse_enabled(self) -> bool:
        return self.meta.rse_enabled and self.rse_table is not None

    @property
    def has_judge(self) -> bool:
        return any(r.judge for r in self.rse_table.rows) if self.rse_table else False

    @property
    def attribution(self) -> Attribution | None:
        """Teacher attribution: rse_summary.json's, else the copy inside rse_table.json."""
        if self.rse_summary is not None:
            return self.rse_summary.attribution
        return self.rse_table.comparison.attribution if self.rse_table else None

    @property
    def reference_label(self) -> str | None:
        """The reference's name in RSE's tables and matrices."""
        table = self.rse_table
        return (table.reference_label if table else None) or self.meta.reference_label


def _read_raw(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read {path}: {exc}; re-run the study to rewrite it") from exc
    if not isinstance(data, dict):  # present but not a result: malformed, not missing
        raise InputFileError(f"{path} is not a JSON object: re-run the study to rewrite it")
    return data


def _read_json(path: Path, kind: type[R]) -> R | None:
    """A results file as its typed result (`distillq.results`); None when absent.

    A malformed file is one clear line, not a KeyError deep in a section.
    """
    data = _read_raw(path)
    return parse_result(kind, data, str(path)) if data is not None else None


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
    if meta.rse_enabled and meta.rse is not None:
        tp, sp = _inside(root, meta.rse.table), _inside(root, meta.rse.summary)
        data.rse_table = _read_json(tp, RseTable) if tp else None
        data.rse_summary = _read_json(sp, Comparison) if sp else None
    attribution = data.attribution
    for t in meta.targets:
        target = Target(model=t.model, label=t.label or t.model, identity=t.identity)
        sp = _inside(root, t.ice_summary)
        if meta.ice_enabled and sp is not None:
            target.ice = _read_raw(sp)
            if target.ice is not None:  # checked now: a malformed summary is one line naming its file
                parse_result(IceSummary, target.ice, str(sp))
            target.ice_responses = _inside(root, t.ice_responses)
        target.rse_row = data.rse_table.row(t.model) if data.rse_table else None
        target.attribution = attribution.models.get(target.rse_label) if attribution else None
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
