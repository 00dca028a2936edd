"""Two source trees of the offline judge timed in one process, cold passes interleaved (one core).

The speed passes compare a change with main before it. Separate runs of bench_offline_judge.py move
with the machine's load more than a few-percent change does; here both trees are imported into one
process (each under the package name `distillq`, their modules swapped in `sys.modules`), and each
round builds a new judge from each tree and judges the 6,000 labelled answers once (cold), the order
alternating. Reported: answers per CPU-second of each tree (median) and the per-round ratio.

Run: python benchmarks/bench_offline_judge_ab.py BASE_SRC NEW_SRC [--rounds 12]
     (BASE_SRC / NEW_SRC: the `src` folders of two checkouts; honours DISTILLQ_SHARED)
     python benchmarks/bench_offline_judge_ab.py --single SRC --passes 1
     (one tree, N cold passes and nothing else: for an instruction count under
     `valgrind --tool=callgrind`, minus a run with --passes 0)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _load(src: str) -> tuple[Any, dict[str, Any], dict[str, ModuleType]]:
    """(OfflineJudge class, cards, the tree's modules) of the tree at `src`."""
    for name in [k for k in sys.modules if k == "distillq" or k.startswith("distillq.")]:
        del sys.modules[name]
    sys.path.insert(0, src)
    try:
        from distillq.ice.identities import load_cards
        from distillq.ice.offline import OfflineJudge

        cards = load_cards()
        mods = {k: v for k, v in sys.modules.items() if k == "distillq" or k.startswith("distillq.")}
    finally:
        sys.path.remove(src)
    return OfflineJudge, cards, mods


def _answers() -> list[tuple[str, str, str]]:
    """(response, card id, prompt) of every labelled answer (read with whichever tree is loaded)."""
    from ice_paper import CARD_OF, labelled_dir

    from distillq.ice.readers import read_responses
    from distillq.ice.types import Template

    out = []
    for model, cid in CARD_OF.items():
        for r in read_responses(labelled_dir() / f"{model}.jsonl"):
            out.append((r["response"], cid, Template("t", r["template"]).fill(r["query"])))
    return out


def _cold(tree: tuple[Any, dict[str, Any], dict[str, ModuleType]], jobs: list[tuple[str, Any, str]]) -> float:
    """CPU seconds of one cold pass: a new judge of this tree over every answer."""
    judge_cls, cards, mods = tree
    sys.modules.update(mods)  # imports inside functions resolve to this tree
    judge = judge_cls(cards)
    t0 = time.process_time()
    for text, card, prompt in jobs:
        judge.judge(text, card, prompt)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", nargs="?", help="src folder of the tree before the change")
    ap.add_argument("new", nargs="?", help="src folder of the tree after it")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--single", help="time one tree only (for an instruction count)")
    ap.add_argument("--passes", type=int, default=1, help="with --single: cold passes to run")
    args = ap.parse_args()
    if args.single:
        tree = _load(args.single)
        raw = _answers()
        jobs = [(a, tree[1][c], p) for a, c, p in raw]
        for _ in range(args.passes):
            _cold(tree, jobs)
        return
    if not (args.base and args.new):
        ap.error("give BASE_SRC and NEW_SRC, or --single SRC")
    trees = {"base": _load(args.base), "new": _load(args.new)}
    raw = _answers()
    jobs = {w: [(a, trees[w][1][c], p) for a, c, p in raw] for w in trees}
    rates: dict[str, list[float]] = {"base": [], "new": []}
    ratios = []
    for k in range(args.rounds):
        order = ("base", "new") if k % 2 == 0 else ("new", "base")
        got = {w: len(raw) / _cold(trees[w], jobs[w]) for w in order}
        for w, r in got.items():
            rates[w].append(r)
        ratios.append(got["new"] / got["base"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"offline judge, {len(raw)} answers, {args.rounds} rounds (a new judge per tree and round, cold), "
        f"load average {load:.1f}"
    )
    print(
        f"  base median {statistics.median(rates['base']):,.0f}, new median {statistics.median(rates['new']):,.0f} "
        f"answers per CPU-second; new/base per round: median {statistics.median(ratios):.3f} "
        f"(range {min(ratios):.3f}-{max(ratios):.3f})"
    )


if __name__ == "__main__":
    main()
