"""Export a run's table from the store to JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from distillq.errors import UsageError
from distillq.store import Store
from distillq.textsafe import csv_cell, dumps

FORMATS = ("jsonl", "csv", "parquet")


def export_run(store: Store, run_id: str, path: Path, fmt: str | None = None) -> int:
    """Write every journalled request of a run with its answer; returns the number of rows."""
    fmt = (fmt or path.suffix.lstrip(".") or "jsonl").lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    run_id = store.run(run_id)["run_id"]  # an id or a unique prefix, as `runs show` takes
    rows = list(run_rows(store, run_id))
    for r in rows:
        r["messages"] = dumps(r["messages"]) if fmt != "jsonl" else r["messages"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(dumps(r) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            fields = list(rows[0]) if rows else ["idx"]
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            # Cells starting with = + - @ tab or CR would run as spreadsheet formulas (OWASP).
            w.writerows({k: csv_cell(v) for k, v in r.items()} for r in rows)
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError("Parquet export needs pyarrow: pip install 'distillq[parquet]'") from None
        pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)


def run_rows(store: Store, run_id: str) -> Iterator[dict[str, Any]]:
    """One row per journalled request with its answer: the table that exports write.

    `status` is the journal's: done, error, pending (never sent) or abandoned (sent, and the run
    stopped before its answer came; a re-run asks it again).
    """
    for r in store.conn.execute(
        "SELECT i.idx, i.prompt_id, i.model_name, i.status, i.error, r.request_json, r.text, "
        "r.finish_reason, r.input_tokens, r.output_tokens, r.cost_usd, r.reasoning, r.raw_json "
        "FROM run_items i LEFT JOIN responses r ON r.key = i.key WHERE i.run_id=? ORDER BY i.idx",
        (run_id,),
    ):
        req = json.loads(r[5]) if r[5] else {}
        yield {
            "idx": r[0],
            "prompt_id": r[1],
            "model": r[2],
            "status": r[3],
            "error": r[4],
            "messages": req.get("messages"),
            "response": r[6],
            "finish_reason": r[7],
            "input_tokens": r[8],
            "output_tokens": r[9],
            "cost_usd": r[10],
            "reasoning": r[11],
            **({"raw": r[12]} if r[12] else {}),
        }
