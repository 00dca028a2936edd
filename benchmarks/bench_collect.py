"""Throughput of `distillq collect` against the fake server, vs the ideal and vs one-at-a-time.

    python benchmarks/bench_collect.py [--n 1000] [--latency-ms 100] [--connections 32]

Prints the figures quoted in BENCHMARKS.md. The server runs in its own process so its CPU time
does not slow the client (2 shared cores). Besides wall times (which a loaded machine stretches),
it prints the CPU time (user + sys) of each command: it barely depends on the load, and on an idle
machine it is what separates the whole command from the ideal.

distillq's own modules are byte-compiled first (what `pip install .` does), so that an
environment with PYTHONDONTWRITEBYTECODE set (as this machine's is) does not make every timed
command recompile them from source.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import distillq
from distillq.testing.fake_openai import start_subprocess


def stats(base_url: str) -> dict[str, int]:
    with urllib.request.urlopen(base_url.replace("/v1", "/stats"), timeout=5) as r:
        return json.loads(r.read())


def child_cpu() -> float:
    """User + sys seconds of the waited-for child processes so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one command run to completion."""
    c0, t0 = child_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0, child_cpu() - c0


def interleaved(
    trees: dict[str, Path], runs: int, n: int, d: Path, label: str
) -> Iterator[tuple[str, Path, Path]]:
    """(tree, its src, a file of n prompts never asked before) for each run, alternating the trees."""
    for r in range(runs):
        for i, (name, src) in enumerate(trees.items()):
            prompts = d / f"{label}{r}-{i}.jsonl"
            prompts.write_text(
                "".join(
                    json.dumps({"prompt": f"{label} run {r} tree {i} prompt {j}"}) + "\n" for j in range(n)
                )
            )
            yield name, src, prompts


def run_collect(
    prompts: Path, out: Path, connections: int, env: dict[str, str], *extra: str
) -> tuple[float, float]:
    return timed(
        [
            sys.executable,
            "-m",
            "distillq",
            "collect",
            "--model",
            "openai-api/fake/bench",
            "--prompts",
            str(prompts),
            "--out",
            str(out),
            "--max-connections",
            str(connections),
            "-q",
            *extra,
        ],
        env,
    )


def engine_throughput(n: int, connections: int, base_url: str) -> tuple[float, float]:
    """The engine alone, in this process: (cold, warm) seconds for n requests.

    Cold is the first batch of a fresh process (TCP connections opened, the SDK's response models
    built on first use); warm is the same engine's next batch of n new prompts: the steady state.
    """
    from distillq.models.engine import Engine, EngineOptions
    from distillq.models.spec import parse_model
    from distillq.models.types import ChatRequest
    from distillq.store import Store

    os.environ["FAKE_BASE_URL"] = base_url
    os.environ["FAKE_API_KEY"] = "bench-key"
    spec = parse_model("openai-api/fake/bench-inproc")
    times = []
    with tempfile.TemporaryDirectory() as d, Store(d) as store:
        store.start_run("bench", "bench", {})
        eng = Engine(store, EngineOptions(max_connections=connections))

        async def both() -> None:
            for batch in ("cold", "warm"):
                reqs = [ChatRequest.from_prompt(f"in-process {batch} prompt {i}") for i in range(n)]
                t0 = time.perf_counter()
                outs = await eng.generate(spec, reqs, run_id="bench")
                times.append(time.perf_counter() - t0)
                assert all(o.ok for o in outs)

        eng.run(both)
    return times[0], times[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--sequential-sample", type=int, default=50, help="prompts timed one at a time")
    a = ap.parse_args()
    compileall.compile_dir(str(Path(distillq.__file__).parent), quiet=1)
    proc, base_url = start_subprocess(latency_ms=a.latency_ms, max_concurrency=1024)
    env = {"FAKE_BASE_URL": base_url, "FAKE_API_KEY": "bench-key"}
    try:
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            prompts = tmp / "p.jsonl"
            prompts.write_text(
                "".join(json.dumps({"prompt": f"benchmark prompt {i}"}) + "\n" for i in range(a.n))
            )
            load_start = os.getloadavg()[0]
            # Process start-up (imports) is part of what a user waits for; report it separately too.
            startup, startup_cpu = timed([sys.executable, "-m", "distillq", "version"])
            import_openai, import_openai_cpu = timed([sys.executable, "-c", "import openai"])

            before = stats(base_url)["requests"]
            # The command as a user types it: a server on this machine gets fixed concurrency.
            t_par, cpu_par = run_collect(prompts, tmp / "par", a.connections, env)
            sent = stats(base_url)["requests"] - before
            ideal = a.n * a.latency_ms / 1000 / a.connections

            # What a remote API gets by default: adaptive concurrency, starting at half the ceiling.
            adaptive_prompts = tmp / "f.jsonl"
            adaptive_prompts.write_text(
                "".join(json.dumps({"prompt": f"adaptive-concurrency prompt {i}"}) + "\n" for i in range(a.n))
            )
            t_adapt, cpu_adapt = run_collect(
                adaptive_prompts, tmp / "adaptive", a.connections, env, "--adaptive"
            )

            before = stats(base_url)["requests"]
            t_cached, _ = run_collect(prompts, tmp / "par", a.connections, env)
            cached_sent = stats(base_url)["requests"] - before

            seq_prompts = tmp / "s.jsonl"
            seq_prompts.write_text(
                "".join(
                    json.dumps({"prompt": f"sequential prompt {i}"}) + "\n"
                    for i in range(a.sequential_sample)
                )
            )
            t_seq_sample = run_collect(seq_prompts, tmp / "seq", 1, env)[0] - startup
            t_seq = t_seq_sample / a.sequential_sample * a.n  # extrapolated to n prompts

            cold, warm = engine_throughput(a.n, a.connections, base_url)
            load = os.getloadavg()[0]
            print(
                f"prompts: {a.n}, latency: {a.latency_ms:.0f} ms, connections: {a.connections}; "
                f"load average {load_start:.1f} at the start, {load:.1f} at the end ({os.cpu_count()} cores)"
            )
            for name, t in (("cold (first batch of a process)", cold), ("warm (steady state)", warm)):
                print(
                    f"engine, {name}: {t:.2f} s; ideal {ideal:.2f} s; ratio to ideal {t / ideal:.2f}x; "
                    f"{a.n / t:.0f} requests/s; speed-up over one at a time {t_seq / t:.1f}x"
                )
            print(f"process start-up (distillq version): {startup:.2f} s wall, {startup_cpu:.2f} s CPU")
            print(f"python -c 'import openai': {import_openai:.2f} s wall, {import_openai_cpu:.2f} s CPU")
            print(
                f"distillq collect command (as is: fixed {a.connections} for a server on this machine): "
                f"{t_par:.2f} s wall ({sent} requests); ideal {ideal:.2f} s; "
                f"ratio to ideal {t_par / ideal:.2f}x (excluding start-up {(t_par - startup) / ideal:.2f}x); "
                f"CPU (user + sys) {cpu_par:.2f} s"
            )
            print(
                f"same command with --adaptive (a remote API's default): {t_adapt:.2f} s = "
                f"{t_adapt / ideal:.2f}x ideal; adaptive / fixed {t_adapt / t_par:.2f}; CPU {cpu_adapt:.2f} s"
            )
            print(f"whole command / warm engine (start-up, cold start and I/O overhead): {t_par / warm:.2f}")
            print(
                f"one at a time (measured on {a.sequential_sample}, extrapolated): {t_seq:.1f} s; "
                f"speed-up {t_seq / t_par:.1f}x"
            )
            print(f"cached re-run: {t_cached:.2f} s wall, {cached_sent} requests sent")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
