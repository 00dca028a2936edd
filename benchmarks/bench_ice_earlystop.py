"""ICE sample efficiency: how many target queries `--target-ci 0.03` needs against the fixed 1,000.

    python benchmarks/bench_ice_earlystop.py [--seeds 3] [--target-ci 0.03] [--max-queries 1000]

Through the public path (`run_ice`, as `distillq ice run` calls it) on the four offline mock
models of the demo (different true leak rates; no network). For each model and seed it runs ICE
twice: fixed (max 1,000 queries) and with the early stop. It reports the queries the early stop
used, the interval it reached, and whether the fixed run's estimate lies inside it (MCTS keeps
improving its templates, so the rate measured over the first rounds may differ from the rate over
1,000). It also asks, on the fixed run's answers round by round, when a language-stratified
interval (English and Chinese estimated apart, weighted by their share of the questions) would
have reached the same half-width: the "stratify by language" question of the issue.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from distillq.ice.run import IceConfig, run_ice
from distillq.models.engine import Engine
from distillq.stats import wilson_interval
from distillq.store import Store

TARGETS = (
    ("mock/heavy-student", "nimbus"),
    ("mock/light-student", "kestrel"),
    ("mock/independent", "basalt"),
    ("mock/teacher", "chatgpt"),
)
Z = 1.959963984540054


def run(
    target: str, identity: str, seed: int, max_queries: int, target_ci: float | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ids = str(resources.files("distillq.demo").joinpath("identities"))
    cfg = IceConfig(
        target=target,
        identity=identity,
        max_queries=max_queries,
        target_ci=target_ci,
        seed=seed,
        identities_dirs=(ids,),
    )
    with tempfile.TemporaryDirectory() as d, Store(d) as store:
        summary = run_ice(Engine(store), store, cfg, Path(d) / "out")
        rows = [json.loads(x) for x in (Path(d) / "out" / "ice_responses.jsonl").read_text().splitlines()]
    return summary, rows


def stratified_half_width(rows: list[dict[str, Any]], weights: dict[str, float]) -> float:
    """Half-width of the language-stratified 95% interval (Agresti-Caffo smoothing per stratum)."""
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        if r.get("loose") is not None:
            by[r["language"]][0] += int(bool(r["loose"]))
            by[r["language"]][1] += 1
    var = 0.0
    for lang, w in weights.items():
        k, n = by[lang]
        if n == 0:
            return math.inf
        p = (k + 1) / (n + 2)
        var += w * w * p * (1 - p) / n
    return Z * math.sqrt(var)


def first_stop(rows: list[dict[str, Any]], target_ci: float, stratified: bool) -> int | None:
    """Queries after the first round at whose end the interval is narrow enough (None: never)."""
    langs = [r["language"] for r in rows]
    weights = {lang: langs.count(lang) / len(langs) for lang in set(langs)}
    done: list[dict[str, Any]] = []
    rounds = sorted({r["round"] for r in rows})
    for rd in rounds:
        done += [r for r in rows if r["round"] == rd]
        scored = [r for r in done if r.get("loose") is not None]
        if stratified:
            hw = stratified_half_width(done, weights)
        else:
            lo, hi = wilson_interval(sum(bool(r["loose"]) for r in scored), len(scored))
            hw = (hi - lo) / 2
        if hw <= target_ci:
            return len(done)
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--target-ci", type=float, default=0.03)
    ap.add_argument("--max-queries", type=int, default=1000)
    a = ap.parse_args()
    print(f"target half-width {a.target_ci}, fixed budget {a.max_queries}, seeds 0..{a.seeds - 1}")
    header = (
        f"{'model':<20} {'seed':>4} {'fixed loose':>11} {'early n':>8} {'early loose':>11} "
        f"{'reached +/-':>11} {'fixed in CI':>11} {'stratified n':>12}"
    )
    print(header)
    used, strat_used, inside, total = [], [], 0, 0
    t0 = time.perf_counter()
    for target, identity in TARGETS:
        for seed in range(a.seeds):
            fixed, rows = run(target, identity, seed, a.max_queries, None)
            early, _ = run(target, identity, seed, a.max_queries, a.target_ci)
            lo, hi = early["loose"]["ci95"]
            ok = lo <= fixed["loose"]["score"] <= hi
            inside += ok
            total += 1
            n_early = early["n"]
            n_strat = first_stop(rows, a.target_ci, stratified=True)
            n_pooled = first_stop(rows, a.target_ci, stratified=False)
            assert n_pooled in (n_early, None) or n_early == a.max_queries, (n_pooled, n_early)
            used.append(n_early)
            strat_used.append(n_strat if n_strat is not None else a.max_queries)
            print(
                f"{target:<20} {seed:>4} {fixed['loose']['score']:>11.3f} {n_early:>8} "
                f"{early['loose']['score']:>11.3f} {(hi - lo) / 2:>11.3f} {str(ok):>11} "
                f"{n_strat if n_strat is not None else '-':>12}"
            )
    mean = sum(used) / len(used)
    print(
        f"early stop: mean {mean:.0f} queries = {mean / a.max_queries:.0%} of the fixed {a.max_queries} "
        f"(goal <= 50%); fixed-run estimate inside the early interval in {inside}/{total} runs"
    )
    smean = sum(strat_used) / len(strat_used)
    print(
        f"language-stratified stop (same half-width): mean {smean:.0f} queries = {smean / a.max_queries:.0%}"
    )
    print(f"wall time {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
