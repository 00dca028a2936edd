"""Benchmark `rse compare`: wall time and peak RSS, on the AlpacaEval models and a 56-model set.

Usage: .venv/bin/python benchmarks/bench_rse_compare.py [--shared ../shared] [--quick]
Each configuration runs in a fresh subprocess so its peak RSS (ru_maxrss) is its own. Every run
includes the provenance tests and the source classifier (five candidate teachers).

The 56-model set is for SPEED only: the 23 real models plus 33 synthetic ones, each made from one
real model's answers with their sentences shuffled and about a fifth of them dropped (seeded), so
text lengths and vocabularies stay realistic. Its attributions mean nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CANDIDATES = ["text_davinci_003", "gpt-3.5-turbo-0301", "gpt4_0314", "claude-2", "gpt-4o-2024-05-13"]
_SENT = re.compile(r"(?<=[.!?\n])\s+")


def synthetic_set(shared: Path, out: Path, n_models: int, seed: int = 0) -> list[Path]:
    """Write n_models response files: the real ones, then perturbed copies until n_models."""
    real = sorted((shared / "data" / "alpaca-eval").glob("*.jsonl.gz"))
    files = list(real[:n_models])
    rng = np.random.default_rng(seed)
    k = 0
    while len(files) < n_models:
        src = real[k % len(real)]
        name = f"synthetic-{k:02d}"
        with gzip.open(src, "rt", encoding="utf-8") as fh_in:
            rows = [json.loads(line) for line in fh_in]
        path = out / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                parts = [s for s in _SENT.split(r.get("output") or "") if s]
                keep = [s for s in parts if rng.random() > 0.2] or parts
                rng.shuffle(keep)
                fh.write(
                    json.dumps({"instruction": r["instruction"], "output": " ".join(keep), "generator": name})
                    + "\n"
                )
        files.append(path)
        k += 1
    return files


def _one(shared: Path, n_models: int, n_prompts: int | None) -> dict[str, float]:
    from distillq.rse.compare import compare

    with tempfile.TemporaryDirectory() as tmp:
        files = synthetic_set(shared, Path(tmp), n_models)
        cands = [c for c in CANDIDATES if any(f.name.startswith(c + ".") for f in files)]
        t = time.perf_counter()
        u0 = resource.getrusage(resource.RUSAGE_SELF)
        summary = compare(files, Path(tmp) / "out", candidates=cands or None, sample=n_prompts)
        u1 = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.perf_counter() - t
    rss_mb = u1.ru_maxrss / 1024  # kB on Linux
    # CPU time (user + sys, every thread) does not depend on how loaded the shared machine is.
    cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
    return {
        "models": len(files),
        "prompts": summary["n_prompts"],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "load": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(rss_mb),
        **{f"t_{k}": v for k, v in summary["timings"].items()},
    }


def chrf_speed(shared: Path, n_models: int = 6, n_prompts: int = 100) -> None:
    """sacrebleu's CHRF pair by pair vs the vectorised lexical tensor, on the same answers."""
    from distillq.rse.compare import sample_alignment
    from distillq.rse.metrics import chrf_pairs
    from distillq.rse.metrics_lexical import lexical_tensor
    from distillq.rse.responses import load_aligned

    files = sorted((shared / "data" / "alpaca-eval").glob("*.jsonl.gz"))[:n_models]
    al = sample_alignment(load_aligned(files), n_prompts)
    pairs = [(a, b) for a in range(n_models) for b in range(a + 1, n_models)]
    t = time.perf_counter()
    for a, b in pairs:
        chrf_pairs(al.responses[a], al.responses[b])
    t_sacre = time.perf_counter() - t
    t = time.perf_counter()
    exact = lexical_tensor(al.responses, sketch=1)
    t_exact = time.perf_counter() - t
    t = time.perf_counter()
    lexical_tensor(al.responses)
    t_sketch = time.perf_counter() - t
    n_pairs = len(pairs) * n_prompts
    full = 56 * 55 / 2 * 805
    print(f"{n_pairs} answer pairs ({n_models} models x {n_prompts} prompts):")
    print(f"  sacrebleu CHRF, pair by pair: {t_sacre:.2f} s ({t_sacre / n_pairs * 1e6:.0f} us/pair)")
    print(f"  vectorised, exact (sketch=1): {t_exact:.2f} s; sketched (default): {t_sketch:.2f} s")
    print(
        f"  sacrebleu extrapolated to 56 models x 805 prompts ({full:.0f} pairs): {t_sacre / n_pairs * full:.0f} s"
    )
    a, b = pairs[0]
    diff = np.abs(chrf_pairs(al.responses[a], al.responses[b]) - exact[:, a, b]).max()
    print(f"  largest |sacrebleu - vectorised exact| on one pair's prompts: {diff:.1e}")


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--shared", type=Path, default=default)
    ap.add_argument("--quick", action="store_true", help="only the 23 x 805 and 56 x 805 runs")
    ap.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--chrf", action="store_true", help="only sacrebleu vs vectorised chrF")
    args = ap.parse_args()
    if args.chrf:
        chrf_speed(args.shared)
        return
    if args.child:
        m, p = args.child
        print(json.dumps(_one(args.shared, m, p if p > 0 else None)))
        return
    configs = [(23, 0), (56, 0)] if args.quick else [(6, 0), (12, 0), (23, 0), (23, 200), (56, 0)]
    rows = []
    for m, p in configs:
        cmd = [sys.executable, __file__, "--shared", str(args.shared), "--child", str(m), str(p)]
        rows.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
    print(f"cores available: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}\n")
    stages = ["lexical", "structural", "tokenise", "semantic", "stylistic", "classifier", "tests", "plots"]
    print(
        "| models | prompts | wall (s) | CPU user+sys (s) | load after | peak RSS (MB) | "
        + " | ".join(stages)
        + " |"
    )
    print("|---|---|---|---|---|---|" + "---|" * len(stages))
    for r in rows:
        cells = " | ".join(str(r.get(f"t_{s}", "-")) for s in stages)
        print(
            f"| {r['models']} | {r['prompts']} | {r['wall_s']} | {r['cpu_s']} | {r['load']} "
            f"| {r['peak_rss_mb']} | {cells} |"
        )


if __name__ == "__main__":
    main()
