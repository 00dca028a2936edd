"""Where the whole `distillq collect` command's wall time goes: a timeline of one process.

    python benchmarks/bench_collect_timeline.py [--runs 5] [--n 1000] [--other /path/to/checkout]

The whole-command ratio (BENCHMARKS.md) lumps start-up, the run and exit together. This runs the
real command (real SDK, the fake server in its own process, 100 ms, 32 connections) under a small
wrapper that records wall-clock marks without changing what the command does: the process spawned
(parent), the wrapper's first line (interpreter and site start-up done), the CLI imported, the
provider's SDK imported, the first connection opened (an audit hook on `socket.connect`), the
first and last answers written to the store, `collect` returned, `main` returned, and the process
gone (parent). Each phase is printed as a median over the runs. With `--other`, another checkout's
`src` runs interleaved with this one's. It also times a minimal client (plain asyncio streams, 32
keep-alive connections, no SDK) against the same server: the floor that server and loopback allow.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_collect import interleaved

from distillq.testing.fake_openai import start_subprocess

HERE = Path(__file__).resolve().parents[1] / "src"

# Runs `distillq collect ...` (argv) with marks; prints them as JSON on stderr at the very end.
WRAPPER = """
import sys, time
marks = {"wrapper": time.time()}
def _hook(event, args):
    if event == "socket.connect" and "connect" not in marks:
        marks["connect"] = time.time()
sys.addaudithook(_hook)
import atexit, json
atexit.register(lambda: print("MARKS", json.dumps(marks), file=sys.stderr))
import distillq.cli as cli
marks["cli_imported"] = time.time()
import distillq.models.engine as engine
from distillq.store import Store
_imp, _put = engine.import_provider, Store.put_responses
def import_provider(model):
    marks["parsed"] = time.time()
    out = _imp(model)
    marks["sdk_imported"] = time.time()
    return out
def put_responses(self, *a, **k):
    out = _put(self, *a, **k)
    marks.setdefault("first_answer", time.time())
    marks["last_answer"] = time.time()
    return out
engine.import_provider, Store.put_responses = import_provider, put_responses
import distillq.api_calls as calls
_collect = calls.collect
def collect(*a, **k):
    out = _collect(*a, **k)
    marks["collect_returned"] = time.time()
    return out
calls.collect = collect
sys.argv = ["distillq", *sys.argv[1:]]
try:
    cli.main()
finally:
    marks["main_returned"] = time.time()
"""

PHASES = [
    ("spawn", "wrapper", "interpreter start-up"),
    ("wrapper", "cli_imported", "import distillq.cli"),
    ("cli_imported", "parsed", "parse the command line"),
    ("parsed", "sdk_imported", "import the SDK"),
    ("sdk_imported", "connect", "prepare the run (prompts, store, journal)"),
    ("connect", "first_answer", "first answer stored"),
    ("first_answer", "last_answer", "the other answers"),
    ("last_answer", "collect_returned", "after the last answer (responses.jsonl, run closed)"),
    ("collect_returned", "main_returned", "summary table, exit code"),
    ("main_returned", "gone", "interpreter exit"),
    ("spawn", "gone", "whole command"),
]


def one_run(src: Path, prompts: Path, out: Path, env: dict[str, str]) -> dict[str, float]:
    """The marks of one command, as seconds since the spawn."""
    t0 = time.time()
    res = subprocess.run(
        [sys.executable, "-c", WRAPPER, "collect", "--model", "openai-api/fake/timeline"]
        + ["--prompts", str(prompts), "--out", str(out), "--max-connections", "32", "-q"],
        env={**os.environ, **env, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=True,
    )
    gone = time.time()
    line = next(x for x in res.stderr.splitlines() if x.startswith("MARKS "))
    marks = json.loads(line[6:]) | {"spawn": t0, "gone": gone}
    return {k: v - t0 for k, v in marks.items()}


async def raw_client(base_url: str, n: int) -> float:
    """n requests over 32 keep-alive connections with plain asyncio streams: the server's own floor."""
    host, port = base_url.split("//")[1].split("/")[0].split(":")
    todo = list(range(n))

    async def conn() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        while todo:
            i = todo.pop()
            body = json.dumps({"model": "floor", "messages": [{"role": "user", "content": f"floor {i}"}]})
            head = f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json"
            writer.write(f"{head}\r\nContent-Length: {len(body)}\r\n\r\n{body}".encode())
            headers = (await reader.readuntil(b"\r\n\r\n")).decode().lower()
            length = int(headers.split("content-length:")[1].split("\r\n")[0])
            await reader.readexactly(length)
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(conn() for _ in range(32)))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--other", type=Path, help="another checkout to run interleaved (its src/)")
    a = ap.parse_args()
    trees = {"this checkout": HERE}
    if a.other:
        trees[f"other ({a.other})"] = a.other.resolve() / "src"
    for src in trees.values():
        compileall.compile_dir(str(src / "distillq"), quiet=1)
    proc, base_url = start_subprocess(latency_ms=100, max_concurrency=1024)
    env = {"FAKE_BASE_URL": base_url, "FAKE_API_KEY": "bench-key"}
    got: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    load = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory() as d:
            for name, src, prompts in interleaved(trees, a.runs, a.n, Path(d), "timeline"):
                got[name].append(one_run(src, prompts, Path(d) / f"o-{prompts.stem}", env))
        floor = [asyncio.run(raw_client(base_url, a.n)) for _ in range(3)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    ideal = a.n * 0.1 / 32
    print(
        f"{a.n} prompts, 100 ms, 32 connections; ideal {ideal:.3f} s; {a.runs} runs; load {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print(
        "floor: a minimal client (asyncio streams, 32 keep-alive connections) against the same server: "
        + ", ".join(f"{t:.2f} s = {t / ideal:.2f}x" for t in floor)
    )
    for name, runs in got.items():
        print(f"{name}: median ms (min-max)")
        for start, end, what in PHASES:
            v = [(m[end] - m[start]) * 1000 for m in runs]
            print(f"  {what:<52} {statistics.median(v):7.0f}  ({min(v):.0f}-{max(v):.0f})")
        whole = [m["gone"] for m in runs]
        print(
            f"  whole / ideal: median {statistics.median(whole) / ideal:.3f}x, runs "
            + ", ".join(f"{w / ideal:.2f}" for w in whole)
        )


if __name__ == "__main__":
    main()
