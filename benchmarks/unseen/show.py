"""Print sampled answers for labelling, without any judge's verdict or stratum (texts never saved).

    python benchmarks/unseen/show.py START COUNT [--full] [--set holdout2]

Shows each answer's generator and true card, the instruction, and the answer: the opening and
the passages around every candidate-filter match (whole text with --full). Blind by construction:
it never prints an item's stratum (which is the judge's verdict of the day of the draw) nor runs
the judge, so labelling `--set holdout2` (holdout2_sample.jsonl) cannot see what the judge said.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from alpaca_unseen import CANDIDATE, GENERATORS, read_generator, shared_dir  # noqa: E402


def excerpt(text: str, full: bool) -> str:
    if full or len(text) <= 700:
        return text
    spans = [(0, 250)] + [(max(0, m.start() - 200), m.end() + 200) for m in CANDIDATE.finditer(text)]
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return " [...] ".join(text[a:b] for a, b in merged)[:2500]


SAMPLES = {"first": "sample.jsonl", "holdout2": "holdout2_sample.jsonl"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("start", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--full", action="store_true", help="the whole answer, not excerpts")
    ap.add_argument("--set", choices=SAMPLES, default="first", help="which sample to show")
    a = ap.parse_args()
    start, count, full = a.start, a.count, a.full
    items = [json.loads(x) for x in (HERE / SAMPLES[a.set]).read_text(encoding="utf-8").splitlines()]
    folder = shared_dir()
    for n, it in enumerate(items[start : start + count], start):
        row = read_generator(folder, str(it["model"]))[int(str(it["row"]))]
        g = str(it["model"])
        print(f"=== #{n} {g} row {it['row']} (card {GENERATORS[g][0]}, base {GENERATORS[g][1]})")
        print(f"INSTRUCTION: {row['instruction'][:700]}")
        print(f"ANSWER: {excerpt(str(row['output'] or ''), full)}\n")


if __name__ == "__main__":
    main()
