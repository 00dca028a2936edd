"""Benchmark `rse compare`: wall time and peak RSS on the AlpacaEval models, and how they scale.

Usage: .venv/bin/python benchmarks/bench_rse_compare.py [--shared ../shared] [--quick]
Each configuration runs in a fresh subprocess so its peak RSS (ru_maxrss) is its own.
Scaling: models 6, 12, 23 at all prompts; prompts 200, 400, all at 23 models.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _one(shared: Path, n_models: int, n_prompts: int | None) -> dict[str, float]:
    from distillq.rse.compare import compare

    files = sorted((shared / "data" / "alpaca-eval").glob("*.jsonl.gz"))[:n_models]
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        summary = compare(files, Path(out), sample=n_prompts)
        wall = time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {
        "models": len(files),
        "prompts": summary["n_prompts"],
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(rss_mb),
        **{f"t_{k}": v for k, v in summary["timings"].items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--shared", type=Path, default=default)
    ap.add_argument("--quick", action="store_true", help="only the full 23 x 805 run")
    ap.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        m, p = args.child
        print(json.dumps(_one(args.shared, m, p if p > 0 else None)))
        return
    configs = [(23, 0)] if args.quick else [(23, 0), (6, 0), (12, 0), (23, 200), (23, 400)]
    rows = []
    for m, p in configs:
        cmd = [sys.executable, __file__, "--shared", str(args.shared), "--child", str(m), str(p)]
        rows.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
    print(f"cores available: {os.cpu_count()}\n")
    print(
        "| models | prompts | wall (s) | peak RSS (MB) | lexical | structural | tokenise | semantic | stylistic | plots |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r["models"], r["prompts"])):
        print(
            f"| {r['models']} | {r['prompts']} | {r['wall_s']} | {r['peak_rss_mb']} | {r['t_lexical']} | "
            f"{r['t_structural']} | {r['t_tokenise']} | {r['t_semantic']} | {r['t_stylistic']} | {r['t_plots']} |"
        )


if __name__ == "__main__":
    main()
