"""The adjudicated ICE set in benchmarks/adjudicated: ids and labels only, consistent with ../shared."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

ADJ = Path(__file__).resolve().parents[2] / "benchmarks" / "adjudicated"
FIELDS = {"model", "row", "hash", "stratum", "loose", "strict", "unsure", "note"}


def _labels() -> list[dict[str, object]]:
    return [json.loads(line) for line in (ADJ / "labels.jsonl").read_text(encoding="utf-8").splitlines()]


def test_labels_are_ids_and_labels_only() -> None:
    labels = _labels()
    strata = json.loads((ADJ / "strata.json").read_text(encoding="utf-8"))
    assert 300 <= len(labels) <= 400
    assert all(set(x) == FIELDS for x in labels)  # no answer text is kept in the project
    assert all(len(str(x["note"])) <= 120 for x in labels)
    assert all(x["loose"] or not x["strict"] for x in labels)  # strict needs loose
    assert Counter(str(x["stratum"]) for x in labels) == {s: v["sampled"] for s, v in strata.items()}
    assert len({(x["model"], x["row"]) for x in labels}) == len(labels)


def test_labels_point_at_unchanged_answers(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "ice-paper" / "labelled"
    rows: dict[str, list[str]] = {}
    for x in _labels():
        model = str(x["model"])
        if model not in rows:
            lines = (folder / f"{model}.jsonl").read_text(encoding="utf-8").splitlines()
            rows[model] = [json.loads(line)["response"] for line in lines]
        response = rows[model][int(str(x["row"]))]
        assert hashlib.sha256(response.encode("utf-8")).hexdigest()[:16] == x["hash"]
