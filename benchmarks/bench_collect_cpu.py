"""CPU time of the whole `distillq collect` command: this checkout against another one, interleaved.

    python benchmarks/bench_collect_cpu.py --other /path/to/other/checkout [--runs 3] [--n 1000]

On a machine shared with other jobs, wall times say more about the neighbours than about the code;
the CPU time (user + sys) a command needs barely depends on them. Each run sends n fresh prompts
(100 ms latency, 32 connections) through the fake server in its own process, alternating between
this checkout's `src` and the other's (`PYTHONPATH`), and the medians are compared. Both trees are
byte-compiled first, as `pip install .` would.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench_collect import timed

from distillq.testing.fake_openai import start_subprocess

HERE = Path(__file__).resolve().parents[1] / "src"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", type=Path, required=True, help="another checkout (its src/ is used)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=32)
    a = ap.parse_args()
    trees = {"this checkout": HERE, f"other ({a.other})": a.other.resolve() / "src"}
    for src in trees.values():
        compileall.compile_dir(str(src / "distillq"), quiet=1)
    proc, base_url = start_subprocess(latency_ms=100, max_concurrency=1024)
    env = {"FAKE_BASE_URL": base_url, "FAKE_API_KEY": "bench-key"}
    cpu: dict[str, list[float]] = {k: [] for k in trees}
    wall: dict[str, list[float]] = {k: [] for k in trees}
    load = [os.getloadavg()[0]]
    try:
        with tempfile.TemporaryDirectory() as d:
            for r in range(a.runs):
                for i, (name, src) in enumerate(trees.items()):
                    prompts = Path(d) / f"p{r}-{i}.jsonl"
                    prompts.write_text(
                        "".join(
                            json.dumps({"prompt": f"cpu run {r} tree {i} prompt {j}"}) + "\n"
                            for j in range(a.n)
                        )
                    )
                    w, c = timed(
                        [
                            sys.executable,
                            "-m",
                            "distillq",
                            "collect",
                            "--model",
                            "openai-api/fake/cpu",
                            "--prompts",
                            str(prompts),
                            "--out",
                            str(Path(d) / f"out{r}-{i}"),
                            "--max-connections",
                            str(a.connections),
                            "-q",
                        ],
                        {**env, "PYTHONPATH": str(src)},
                    )
                    wall[name].append(w)
                    cpu[name].append(c)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    load.append(os.getloadavg()[0])
    print(
        f"{a.n} prompts, 100 ms, {a.connections} connections; {a.runs} runs each, interleaved; load {load[0]:.1f} -> {load[1]:.1f}"
    )
    for name in trees:
        print(
            f"{name}: CPU median {statistics.median(cpu[name]):.2f} s (runs: "
            f"{', '.join(f'{c:.2f}' for c in cpu[name])}); wall median {statistics.median(wall[name]):.2f} s"
        )
    mine, other = (statistics.median(cpu[k]) for k in trees)
    print(f"CPU this / other: {mine / other:.2f}")


if __name__ == "__main__":
    main()
