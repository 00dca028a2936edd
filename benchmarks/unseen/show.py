"""Print sampled answers for labelling, without any judge's verdict or stratum (texts never saved).

    python benchmarks/unseen/show.py START COUNT [--full]

Shows each answer's generator and true card, the instruction, and the answer: the opening and
the passages around every candidate-filter match (whole text with --full).
"""

from __future__ import annotations

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


def main() -> None:
    start, count = int(sys.argv[1]), int(sys.argv[2])
    full = "--full" in sys.argv
    items = [json.loads(x) for x in (HERE / "sample.jsonl").read_text(encoding="utf-8").splitlines()]
    folder = shared_dir()
    for n, it in enumerate(items[start : start + count], start):
        row = read_generator(folder, str(it["model"]))[int(str(it["row"]))]
        g = str(it["model"])
        print(f"=== #{n} {g} row {it['row']} (card {GENERATORS[g][0]}, base {GENERATORS[g][1]})")
        print(f"INSTRUCTION: {row['instruction'][:700]}")
        print(f"ANSWER: {excerpt(str(row['output'] or ''), full)}\n")


if __name__ == "__main__":
    main()
