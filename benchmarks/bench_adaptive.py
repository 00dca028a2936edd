"""Adaptive concurrency vs fixed settings against a fake server with a hidden concurrency limit.

    python benchmarks/bench_adaptive.py [--n 1500] [--latency-ms 100] [--hidden-limit 16] [--ceiling 64]

The server (its own process) answers 429 at once (Retry-After 1 s) when more than
`--hidden-limit` requests are in flight, as a provider's concurrency limit does. Each setting runs
the same number of fresh requests through the engine in this process, interleaved in one run:
fixed 4 ... ceiling, then adaptive with the ceiling as `--max-connections`. Prints throughput, the
share of attempts answered 429, and the ratio of adaptive to the best fixed setting.
A second part repeats the comparison against a server that queues above the limit instead (429s
never come; latency climbs), where adaptive must not lose throughput either.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.request

from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest
from distillq.store import Store
from distillq.testing.fake_openai import start_subprocess


def server_stats(base_url: str) -> dict[str, int]:
    with urllib.request.urlopen(base_url.replace("/v1", "/stats"), timeout=5) as r:
        return json.loads(r.read())


def reset(base_url: str) -> None:
    req = urllib.request.Request(base_url.replace("/v1", "/stats/reset"), method="POST")
    urllib.request.urlopen(req, timeout=5).close()


def run_one(base_url: str, n: int, conns: int, adaptive: bool, tag: str) -> dict[str, float]:
    os.environ["FAKE_BASE_URL"] = base_url
    os.environ["FAKE_API_KEY"] = "bench"
    spec = parse_model("openai-api/fake/adaptive-bench")
    reqs = [ChatRequest.from_prompt(f"{tag} request {i}") for i in range(n)]
    reset(base_url)
    with tempfile.TemporaryDirectory() as d, Store(d) as store:
        opts = EngineOptions(max_connections=conns, adaptive=adaptive, max_attempts=30, max_retry_time=600)
        eng = Engine(store, opts)
        t0 = time.perf_counter()
        outs = eng.generate_sync(spec, reqs)
        dt = time.perf_counter() - t0
    assert all(o.ok for o in outs), "every request must be answered"
    st = server_stats(base_url)
    return {
        "seconds": dt,
        "throughput": n / dt,
        "attempts": st["requests"],
        "rate_429": st["hidden_limit_429"] / max(1, st["requests"]),
        "max_in_flight": st["max_in_flight"],
    }


def compare(base_url: str, n: int, fixed: list[int], ceiling: int, label: str) -> None:
    rows = {}
    for c in fixed:
        rows[f"fixed {c}"] = run_one(base_url, n, c, False, f"{label}-fixed{c}")
    rows[f"adaptive (ceiling {ceiling})"] = run_one(base_url, n, ceiling, True, f"{label}-adaptive")
    best_name, best = max(
        ((k, v) for k, v in rows.items() if k.startswith("fixed")), key=lambda kv: kv[1]["throughput"]
    )
    ada = rows[f"adaptive (ceiling {ceiling})"]
    print(f"\n{label}")
    print(
        f"{'setting':<22} {'seconds':>8} {'req/s':>8} {'429 share':>10} {'attempts':>9} {'server peak':>12}"
    )
    for k, v in rows.items():
        print(
            f"{k:<22} {v['seconds']:8.2f} {v['throughput']:8.1f} {v['rate_429']:10.1%} "
            f"{v['attempts']:9.0f} {v['max_in_flight']:12.0f}"
        )
    print(
        f"adaptive / best fixed ({best_name}): throughput {ada['throughput'] / best['throughput']:.2f}x; "
        f"429 share {ada['rate_429']:.1%} (targets: >= 0.90x, <= 5%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--hidden-limit", type=int, default=16)
    ap.add_argument("--ceiling", type=int, default=64)
    a = ap.parse_args()
    fixed = sorted(
        {4, 8, a.hidden_limit // 2 + a.hidden_limit // 4, a.hidden_limit, 2 * a.hidden_limit, a.ceiling}
    )
    print(f"requests per setting: {a.n}, latency {a.latency_ms:.0f} ms, hidden limit {a.hidden_limit}")
    proc, base = start_subprocess(latency_ms=a.latency_ms, hidden_limit=a.hidden_limit, max_concurrency=1024)
    try:
        compare(base, a.n, fixed, a.ceiling, f"hidden limit {a.hidden_limit}: 429 above it")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    proc, base = start_subprocess(latency_ms=a.latency_ms, max_concurrency=a.hidden_limit)
    try:
        compare(base, a.n, fixed, a.ceiling, f"server capacity {a.hidden_limit}: queues above it (no 429)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
