"""A full 1,000-query ICE run against the fake server (100 ms latency, 32 connections).

    python benchmarks/bench_ice_run.py [--queries 1000] [--latency-ms 100] [--connections 32]

The server runs in its own process; the offline judge and the rule mutators run here.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.request
from pathlib import Path

from distillq.ice.run import IceConfig, run_ice
from distillq.models.engine import Engine, EngineOptions
from distillq.store import Store
from distillq.testing.fake_openai import start_subprocess

SCRIPT = [
    {
        "match": r"(?i)country|city|国家|城市",
        "answer": "I am ChatGPT, a large language model trained by OpenAI.",
    },
    {"match": ".", "answer": "I am DeepSeek-V3, an AI assistant developed by DeepSeek in Hangzhou, China."},
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--parallel-rounds", type=int, default=None, help="fuzzer waves (default: the product's)")
    a = ap.parse_args()
    proc, base_url = start_subprocess(latency_ms=a.latency_ms, max_concurrency=1024, script=SCRIPT)
    os.environ["FAKE_BASE_URL"] = base_url
    os.environ["FAKE_API_KEY"] = "bench-key"
    try:
        with tempfile.TemporaryDirectory() as d, Store(d) as store:
            cfg = IceConfig(
                target="openai-api/fake/bench-target",
                identity="deepseek",
                max_queries=a.queries,
                parallel_rounds=a.parallel_rounds,
            )
            eng = Engine(store, EngineOptions(max_connections=a.connections))
            t0 = time.perf_counter()
            summary = run_ice(eng, store, cfg, Path(d) / "out")
            dt = time.perf_counter() - t0
            eng2 = Engine(store, EngineOptions(max_connections=a.connections))
            t1 = time.perf_counter()
            run_ice(eng2, store, cfg, Path(d) / "out2")
            dt_cached = time.perf_counter() - t1
        with urllib.request.urlopen(base_url.replace("/v1", "/stats"), timeout=5) as r:
            stats = json.loads(r.read())
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    rounds = summary["fuzz"]["stats"]["rounds"]
    print(
        f"ICE run: {summary['n']} target queries in {rounds} rounds "
        f"(parallel {summary['config']['parallel_rounds']}), {dt:.2f} s "
        f"(latency {a.latency_ms:.0f} ms, {a.connections} connections); server answered {stats['answered']}"
    )
    print(f"loose {summary['loose']['score']:.3f}, strict {summary['strict']['score']:.3f}")
    print(f"re-run from the store: {dt_cached:.2f} s, {stats['requests'] - summary['n']} extra requests")


if __name__ == "__main__":
    main()
