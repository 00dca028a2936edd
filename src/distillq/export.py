"""Export a run's table from the store to JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
from pathlib import Path

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
    rows = list(store.iter_run_rows(run_id))
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
