"""summary.csv and summary.json: one row per target model, the headline numbers of a study.

For people who want the numbers in a spreadsheet or another script without parsing the
ICE and RSE files themselves.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from distillq.report.data import StudyData, Target
from distillq.results import IceSummary
from distillq.textsafe import csv_cell, dumps

COLUMNS = [
    "model",
    "label",
    "identity",
    "ice_n",
    "ice_unscored",
    "loose",
    "loose_ci_low",
    "loose_ci_high",
    "strict",
    "strict_ci_low",
    "strict_ci_high",
    "hard",
    "hard_ci_low",
    "hard_ci_high",
    "top_claim",
    "top_claim_fraction",
    "top_other_claim",
    "top_other_claim_fraction",
    "rse_offline_average",
    "rse_judge_average",
    "top_teacher",
    "teacher_similarity",
    "degree",
    "p_value",
    "margin",
]

NOT_OTHER = ("self", "none")
LEVELS = ("loose", "strict", "hard")


def _claims(ice: IceSummary) -> list[tuple[str, float]]:
    items = [(str(k), float(v.fraction or 0.0)) for k, v in ice.claimed.items()]
    return sorted(items, key=lambda kv: -kv[1])


def summary_row(t: Target) -> dict[str, Any]:
    """The headline numbers of one target; None where a stage did not run."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(model=t.model, label=t.label, identity=t.card.id if t.card else t.identity)
    ice = t.summary
    if ice is not None:
        row["ice_n"] = ice.n
        row["ice_unscored"] = ice.unscored
        for level in LEVELS:
            rate = getattr(ice, level)
            lo, hi = (rate.ci95 if rate and rate.ci95 else [None, None])[:2]
            row.update({level: rate.score if rate else None, f"{level}_ci_low": lo, f"{level}_ci_high": hi})
        claims = _claims(ice)
        if claims:
            row["top_claim"], row["top_claim_fraction"] = claims[0]
        other = [c for c in claims if c[0] not in NOT_OTHER]
        if other:
            row["top_other_claim"], row["top_other_claim_fraction"] = other[0]
    if t.rse_row:
        row["rse_offline_average"] = t.rse_row.offline_average
        row["rse_judge_average"] = t.rse_row.judge_average
    if t.attribution and t.attribution.ranking:
        first = t.attribution.ranking[0]
        row.update(
            top_teacher=first.candidate,
            teacher_similarity=first.similarity,
            degree=first.degree,
            p_value=first.p_value,
            margin=t.attribution.margin,
        )
    return row


def summary_rows(data: StudyData) -> list[dict[str, Any]]:
    return [summary_row(t) for t in data.targets]


def write_summary(data: StudyData, out_dir: Path) -> list[Path]:
    """Write summary.csv and summary.json into out_dir; return their paths."""
    rows = summary_rows(data)
    csv_path, json_path = out_dir / "summary.csv", out_dir / "summary.json"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if v is None else csv_cell(v) for k, v in r.items()})
    payload = {
        "kind": "study_summary",
        "study": data.meta.name,
        "synthetic": data.meta.synthetic,
        "reference": data.meta.reference,
        "columns": COLUMNS,
        "rows": rows,
    }
    json_path.write_text(dumps(payload, indent=2), encoding="utf-8")
    return [csv_path, json_path]
