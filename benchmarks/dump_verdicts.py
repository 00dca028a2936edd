"""Dump the offline judge's verdicts and claims on the 6,000 labelled answers, or compare two dumps.

A speed change to the offline judge must not change any verdict: dump before the change, dump
after it, and `--compare` the two (it exits 1 when a row differs). Each JSONL row holds the
model, the row index, loose/strict/hard, `claimed`, and the sorted (kind, target, sentence, voice label)
claims of the answer.

Run: python benchmarks/dump_verdicts.py OUT.jsonl          (honours DISTILLQ_SHARED)
     python benchmarks/dump_verdicts.py --compare A.jsonl B.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.scan import split_trace
from distillq.ice.readers import read_responses
from distillq.ice.types import Template


def dump(out: Path) -> int:
    """Judge every labelled answer with one judge and write one row per answer; returns the count."""
    folder = labelled_dir()
    cards = load_cards()
    judge = OfflineJudge(cards)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for model, cid in CARD_OF.items():
            for i, r in enumerate(read_responses(folder / f"{model}.jsonl")):
                prompt = Template("t", r["template"]).fill(r["query"])
                v = judge.judge(r["response"], cards[cid], prompt)
                answer, _ = split_trace(r["response"] or "")
                claims = sorted(
                    [c.kind, c.target, c.sentence, c.label or ""] for c in judge.claims(answer, prompt)
                )
                row = {
                    "model": model,
                    "i": i,
                    "loose": v.loose,
                    "strict": v.strict,
                    "hard": v.hard,
                    "claimed": sorted(v.claimed),
                    "trace": v.extra.get("trace"),
                    "claims": claims,
                }
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    return n


def compare(a: Path, b: Path, show: int = 5) -> int:
    """How many rows differ between two dumps (rows matched by model and index); prints a few."""
    rows_a = {(r["model"], r["i"]): r for r in map(json.loads, a.open(encoding="utf-8"))}
    rows_b = {(r["model"], r["i"]): r for r in map(json.loads, b.open(encoding="utf-8"))}
    keys = sorted(set(rows_a) | set(rows_b))
    diff = [k for k in keys if rows_a.get(k) != rows_b.get(k)]
    for k in diff[:show]:
        print(f"differs: {k[0]} row {k[1]}\n  A: {rows_a.get(k)}\n  B: {rows_b.get(k)}")
    print(f"{len(diff)} of {len(keys)} rows differ ({a.name} vs {b.name})")
    return len(diff)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path, help="OUT.jsonl, or two dumps with --compare")
    ap.add_argument("--compare", action="store_true", help="count the rows that differ between two dumps")
    args = ap.parse_args()
    if args.compare:
        if len(args.paths) != 2:
            sys.exit("--compare needs two dump files: A.jsonl B.jsonl")
        sys.exit(1 if compare(*args.paths) else 0)
    if len(args.paths) != 1:
        sys.exit("give one output file (or --compare A.jsonl B.jsonl)")
    print(f"{dump(args.paths[0])} rows written to {args.paths[0]}")


if __name__ == "__main__":
    main()
