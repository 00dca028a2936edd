"""Throughput of the offline identity judge on the shared labelled files (one core).

Reports wall-clock speed and answers per CPU-second of this process: on a shared machine the
second is the one-core figure (other processes do not count against it).

Run: .venv/bin/python benchmarks/bench_offline_judge.py   (honours DISTILLQ_SHARED)
     .venv/bin/python benchmarks/bench_offline_judge.py --off self_first   (what some extractors cost:
     the judge with them off and on, rounds interleaved in one process, and the on/off ratio per round)
"""

from __future__ import annotations

import argparse
import time

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.readers import read_responses
from distillq.ice.types import IdentityCard, Template


def rate(judge: OfflineJudge, jobs: list[tuple[str, IdentityCard, str]]) -> tuple[float, float]:
    """(answers per wall-clock second, answers per CPU-second) of one pass over the jobs."""
    t0, c0 = time.perf_counter(), time.process_time()
    for text, card, prompt in jobs:
        judge.judge(text, card, prompt)
    return len(jobs) / (time.perf_counter() - t0), len(jobs) / (time.process_time() - c0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--off", default="", help="comma-separated extractors to time off vs on")
    args = ap.parse_args()
    folder = labelled_dir()
    cards = load_cards()
    jobs = []
    for model, cid in CARD_OF.items():
        for r in read_responses(folder / f"{model}.jsonl"):
            jobs.append((r["response"], cards[cid], Template("t", r["template"]).fill(r["query"])))
    judge = OfflineJudge(cards)  # compiles the card names once
    chars = sum(len(j[0]) for j in jobs) / len(jobs)
    if args.off:
        off = OfflineJudge(cards, disabled=args.off.split(","))
        for k in range(3):
            _, cpu_off = rate(off, jobs)
            _, cpu_on = rate(judge, jobs)
            print(
                f"round {k + 1}: {args.off} off {cpu_off:,.0f}, on {cpu_on:,.0f} responses per CPU-second "
                f"(on/off {cpu_on / cpu_off:.2f})"
            )
        return
    best = best_cpu = 0.0
    for _ in range(3):
        wall, cpu = rate(judge, jobs)
        best, best_cpu = max(best, wall), max(best_cpu, cpu)
    print(
        f"offline judge: {len(jobs)} responses (mean {chars:.0f} chars), best of 3: "
        f"{best:,.0f} responses/s wall clock, {best_cpu:,.0f} responses per CPU-second (one core)"
    )


if __name__ == "__main__":
    main()
