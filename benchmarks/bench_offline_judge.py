"""Throughput of the offline identity judge on the shared labelled files (one core).

Reports wall-clock speed and answers per CPU-second of this process: on a shared machine the
second is the one-core figure (other processes do not count against it).

Run: .venv/bin/python benchmarks/bench_offline_judge.py   (honours DISTILLQ_SHARED)
"""

from __future__ import annotations

import time

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.readers import read_responses
from distillq.ice.types import Template


def main() -> None:
    folder = labelled_dir()
    cards = load_cards()
    jobs = []
    for model, cid in CARD_OF.items():
        for r in read_responses(folder / f"{model}.jsonl"):
            jobs.append((r["response"], cards[cid], Template("t", r["template"]).fill(r["query"])))
    judge = OfflineJudge(cards)  # compiles the card names once
    best = best_cpu = 0.0
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        for text, card, prompt in jobs:
            judge.judge(text, card, prompt)
        best = max(best, len(jobs) / (time.perf_counter() - t0))
        best_cpu = max(best_cpu, len(jobs) / (time.process_time() - c0))
    chars = sum(len(j[0]) for j in jobs) / len(jobs)
    print(
        f"offline judge: {len(jobs)} responses (mean {chars:.0f} chars), best of 3: "
        f"{best:,.0f} responses/s wall clock, {best_cpu:,.0f} responses per CPU-second (one core)"
    )


if __name__ == "__main__":
    main()
