"""Judging answers that already exist (`ice judge`, `distillq.judge_identity`): no target model.

The records come from any reader (ours, the paper's attack_result files, CSV); reference labels they
carry (`loose`, `strict`) are kept as `reference_loose` / `reference_strict` and scored for agreement.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError
from distillq.ice.run import IceConfig, judge_records_async
from distillq.ice.score import summarize
from distillq.ice.types import IdentityCard, Verdict
from distillq.models.engine import Engine
from distillq.results import IceSummary, IceVerdict, parse_result
from distillq.textsafe import dumps


@dataclass
class Judgement:
    """Every answer with its verdict, and the scores over them."""

    rows: list[IceVerdict]
    summary: IceSummary

    @property
    def unscored(self) -> int:
        return self.summary.unscored


def judged_row(record: dict[str, Any], v: Verdict) -> dict[str, Any]:
    """The input record, its reference labels renamed, and the verdict's fields."""
    row = {k: val for k, val in record.items() if k not in ("loose", "strict")}
    if "loose" in record:
        row["reference_loose"] = record["loose"]
    if "strict" in record:
        row["reference_strict"] = record["strict"]
    row.update(loose=v.loose, strict=v.strict, hard=v.hard, claimed=v.claimed, judge=v.judge, reason=v.reason)
    if "trace" in v.extra:  # a reasoning trace's own verdict, beside the answer's
        row.update(trace_loose=v.extra["trace"]["loose"], trace_strict=v.extra["trace"]["strict"])
    return row


def judge_records(
    engine: Engine,
    records: Sequence[dict[str, Any]],
    card: IdentityCard,
    cfg: IceConfig,
    source: str = "",
) -> Judgement:
    """Judge `records` against `card` with the judge `cfg.judge` names, through `engine`."""
    t0 = time.time()
    verdicts = engine.run(lambda: judge_records_async(engine, cfg, records, run_id=None))
    summary: dict[str, Any] = summarize(records, verdicts)
    summary.update(
        kind="ice-judge",
        identity=card.id,
        judge=cfg.judge,
        hard_rule=cfg.hard_rule,
        input=source,
        seconds=round(time.time() - t0, 3),
    )
    rows = [parse_result(IceVerdict, judged_row(r, v)) for r, v in zip(records, verdicts, strict=True)]
    return Judgement(rows, parse_result(IceSummary, summary))


def write_judged(rows: Sequence[IceVerdict], path: Path) -> None:
    """One JSON line per judged answer (the fields the input had, plus the verdict)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(
                    dumps(r.model_dump(mode="json", exclude_unset=True, exclude={"schema_version"})) + "\n"
                )
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror}") from exc
