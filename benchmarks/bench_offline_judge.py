"""Throughput of the offline identity judge on the shared labelled files (one core).

Run: .venv/bin/python benchmarks/bench_offline_judge.py   (honours DISTILLQ_SHARED)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from distillq.ice.claims import judge_offline
from distillq.ice.identities import load_cards
from distillq.ice.readers import read_responses
from distillq.ice.types import Template

CARD_OF = {
    "deepseek-chat": "deepseek",
    "qwen2.5-72b": "alibaba",
    "qwen2.5-7b-instruct": "alibaba",
    "claude-3-5-sonnet-20241022": "anthropic",
    "llama3.1-70b-instruct": "meta",
    "doubao-pro-32k": "bytedance",
}


def main() -> None:
    shared = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    folder = shared / "data/ice-paper/labelled"
    if not folder.is_dir():
        sys.exit(f"shared data not found at {shared}; set DISTILLQ_SHARED")
    cards = load_cards()
    jobs = []
    for model, cid in CARD_OF.items():
        for r in read_responses(folder / f"{model}.jsonl"):
            jobs.append((r["response"], cards[cid], Template("t", r["template"]).fill(r["query"])))
    judge_offline(jobs[0][0], jobs[0][1], prompt=jobs[0][2], cards=cards)  # compile and cache regexes
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        for text, card, prompt in jobs:
            judge_offline(text, card, prompt=prompt, cards=cards)
        best = max(best, len(jobs) / (time.perf_counter() - t0))
    chars = sum(len(j[0]) for j in jobs) / len(jobs)
    print(
        f"offline judge: {len(jobs)} responses (mean {chars:.0f} chars), best of 3: {best:,.0f} responses/s"
    )


if __name__ == "__main__":
    main()
