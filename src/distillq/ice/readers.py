"""Read ICE responses: our JSONL, the seed paper's raw attack_result JSONL, and its strict CSVs.

Formats are detected from the file's content, not its name, so renamed files still work.
Every record comes back as a plain dict with at least `query` and `response`; reference labels
(`loose`, `strict`) are kept when the file carries them.
"""

from __future__ import annotations

import ast
import csv
import sys
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError
from distillq.jsonio import read_records

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _first_response(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        if isinstance(parsed, list):
            return str(parsed[0]) if parsed else ""
    return "" if value is None else str(value)


def _as_bool(value: Any) -> bool:
    if isinstance(value, list):
        return any(_as_bool(v) for v in value)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _normalise(obj: dict[str, Any], where: str) -> dict[str, Any]:
    if "target_responses" in obj:  # the paper's raw attack_result format
        rec: dict[str, Any] = {
            "template": obj.get("jailbreak_prompt"),
            "query": obj.get("query", ""),
            "response": _first_response(obj["target_responses"]),
        }
        if "eval_results" in obj:
            rec["loose"] = _as_bool(obj["eval_results"])
        if "re_judge" in obj:
            rec["strict"] = _as_bool(obj["re_judge"])
        return rec
    if "response" not in obj:
        raise InputFileError(f"{where}: record has no 'response' (or 'target_responses') field")
    rec = dict(obj)
    rec.setdefault("query", "")
    for k in ("loose", "strict"):
        if k in rec and rec[k] is not None and not isinstance(rec[k], bool):
            rec[k] = _as_bool(rec[k])
    return rec


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [_normalise(obj, f"{path}:{n}") for n, obj in read_records(path)]


def _read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not ({"response", "target_responses"} & set(reader.fieldnames)):
            raise InputFileError(f"{path}:1: CSV needs a 'response' or 'target_responses' column")
        out = []
        for row in reader:
            out.append(_normalise(dict(row), f"{path}:{reader.line_num}"))
        return out


def read_responses(path: str | Path) -> list[dict[str, Any]]:
    """Records of a response file (format auto-detected); InputFileError names the bad line."""
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"input file {p} not found")
    with p.open(encoding="utf-8") as fh:
        head = fh.read(1)
    records = _read_jsonl(p) if head == "{" or p.suffix.lower() == ".jsonl" else _read_csv(p)
    if not records:
        raise InputFileError(f"{p}: no records; the file is empty")
    return records


def read_paper_run(attack_jsonl: str | Path, strict_csv: str | Path | None = None) -> list[dict[str, Any]]:
    """Join a paper run with its strict re-judgement: every row gets reference `loose` and `strict`.

    Rows are matched on (template, query, response); a strict row with no match is an error, since
    the strict file is a subset of the run.
    """
    rows = read_responses(attack_jsonl)
    for r in rows:
        r["strict"] = False
    if strict_csv is None:
        return rows
    index = {(r.get("template"), r["query"], r["response"]): r for r in rows}
    for n, s in enumerate(read_responses(strict_csv), 2):
        key = (s.get("template"), s["query"], s["response"])
        if key not in index:
            raise InputFileError(f"{strict_csv}: strict row {n - 1} matches no row of {attack_jsonl}")
        index[key]["strict"] = bool(s.get("strict", True))
    return rows
