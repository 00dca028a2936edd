"""Throughput of the offline identity judge on the shared labelled files (one core).

Reports answers per CPU-second of this process (on a shared machine the one-core figure: other
processes do not count against it) and wall-clock speed. Each round builds a new `OfflineJudge`
and judges all answers twice: the first pass is cold (the judge's memos of prompt roles, known
names and first-person links start empty, as in a real run's first answers), the second warm
(every memo already holds this set's answers). The cold figure is the headline: a warm pass over
the same 6,000 answers again is not what a run does. The first round's cold pass is also printed apart:
a real run makes one judge in a new process, which pays every lazily compiled pattern, while later
rounds of this process get them from `re`'s own cache.

Run: python benchmarks/bench_offline_judge.py [--rounds 3]   (honours DISTILLQ_SHARED)
     python benchmarks/bench_offline_judge.py --off self_first   (what some extractors cost: in each
     round a new judge with them off and a new one with them on, cold passes back to back, and the
     on/off ratio of answers per CPU-second)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.readers import read_responses
from distillq.ice.types import Template


def _pass(judge: OfflineJudge, jobs: list) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to judge every job once."""
    t0, c0 = time.perf_counter(), time.process_time()
    for text, card, prompt in jobs:
        judge.judge(text, card, prompt)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="new judges (each: one cold and one warm pass)")
    ap.add_argument("--off", default="", help="comma-separated extractors to time off vs on (cold passes)")
    args = ap.parse_args()
    folder = labelled_dir()
    cards = load_cards()
    jobs = []
    for model, cid in CARD_OF.items():
        for r in read_responses(folder / f"{model}.jsonl"):
            jobs.append((r["response"], cards[cid], Template("t", r["template"]).fill(r["query"])))
    if args.off:
        for k in range(args.rounds):  # the order alternates: the second pass of a round may run hotter
            judges = {"off": OfflineJudge(cards, disabled=args.off.split(",")), "on": OfflineJudge(cards)}
            order = ("off", "on") if k % 2 == 0 else ("on", "off")
            rate = {w: len(jobs) / _pass(judges[w], jobs)[1] for w in order}
            print(
                f"round {k + 1} ({' then '.join(order)}): {args.off} off {rate['off']:,.0f}, on {rate['on']:,.0f} "
                f"answers per CPU-second (on/off {rate['on'] / rate['off']:.2f})"
            )
        return
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        judge = OfflineJudge(cards)  # compiles the card names once; its memos start empty
        cold.append(_pass(judge, jobs))
        warm.append(_pass(judge, jobs))
    n = len(jobs)
    chars = sum(len(j[0]) for j in jobs) / n
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"offline judge: {n} answers (mean {chars:.0f} chars), {args.rounds} rounds, load average {load:.1f}"
    )
    # (the interpreter's build moves the figure by ~12% on one machine: BENCHMARKS.md)
    print(f"  python {platform.python_version()} at {sys.executable} ({platform.python_compiler()})")
    print(
        f"  {'cold, first judge':24s} answers per CPU-second: {n / cold[0][1]:,.0f} (a real run's case: one judge a process)"
    )
    for what, runs in (("cold (new judge)", cold), ("warm (same judge again)", warm)):
        cpu = [n / c for _, c in runs]
        wall = [n / w for w, _ in runs]
        print(
            f"  {what:24s} answers per CPU-second: best {max(cpu):,.0f}, median {statistics.median(cpu):,.0f}"
            f" (wall clock: best {max(wall):,.0f}/s)"
        )


if __name__ == "__main__":
    main()
