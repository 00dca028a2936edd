"""CPU time of the whole `distillq collect` command: this checkout against another one, interleaved.

    python benchmarks/bench_collect_cpu.py --other /path/to/other/checkout [--runs 3] [--n 1000]

On a machine shared with other jobs, wall times say more about the neighbours than about the code;
the CPU time (user + sys) a command needs barely depends on them. Each run sends n fresh prompts
(100 ms latency, 32 connections) through the fake server in its own process, alternating between
this checkout's `src` and the other's (`PYTHONPATH`), and the medians are compared. Both trees are
byte-compiled first, as `pip install .` would.

It also splits one command's CPU at its exit: what the interpreter spends after the last atexit
handler (tearing modules down and the final garbage collection) against the rest, and counts the
garbage collections during the command (`gc.callbacks`).

It also prints the smaller figures quoted beside it in BENCHMARKS.md: `distillq --help` and
`version` in both trees, the cost of reading one answer (the SDK's pydantic model against ours),
of 1,000 store writes, of the engine itself (the `mock/` provider, no network), and whether
importing the SDK in a background thread while the CLI prepares the run saves anything.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

from bench_collect import interleaved, timed

from distillq.testing.fake_openai import start_subprocess

HERE = Path(__file__).resolve().parents[1] / "src"

# What `collect` does before its first request, with the SDK imported after it or in a thread meanwhile.
OVERLAP = """
import os, sys, tempfile, threading, time
t0, c0 = time.perf_counter(), time.process_time()
th = None
if sys.argv[1] == "thread":
    th = threading.Thread(target=lambda: __import__("distillq.models.providers.openai_api"))
    th.start()
import distillq.cli, distillq.api_calls
from pathlib import Path
from distillq.core.types import ChatRequest
from distillq.models.engine import Engine
from distillq.models.spec import parse_model
from distillq.prompts import read_prompt_file
from distillq.store import Store, request_key
os.environ["FAKE_BASE_URL"], os.environ["FAKE_API_KEY"] = "http://127.0.0.1:9/v1", "k"
spec = parse_model("openai-api/fake/m")
recs = read_prompt_file(Path(sys.argv[2]))
with tempfile.TemporaryDirectory() as d, Store(d) as st:
    st.start_run("r", "r", {})
    keys = [request_key(spec, ChatRequest(messages=p.messages, id=p.id)) for p in recs]
    st.add_run_items("r", ((i, k, spec.name, None) for i, k in enumerate(keys)))
    st.get_responses(keys)
if th is None:
    import distillq.models.providers.openai_api
else:
    th.join()
print(time.perf_counter() - t0, time.process_time() - c0)
"""


# The collect command with an atexit hook (registered first, so it runs last) that reports the CPU
# used so far and the garbage collections made; the parent compares with the child's total CPU.
AT_EXIT = """
import atexit, gc, sys, time
n = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "stop" and n.__setitem__(info["generation"], n[info["generation"]] + 1))
atexit.register(lambda: print("AT_EXIT", time.process_time(), *n, file=sys.stderr))
sys.argv = ["distillq", *sys.argv[1:]]
from distillq.cli import main
main()
"""


def exit_share(trees: dict[str, Path], collect_args: list[str], env: dict[str, str], d: Path) -> None:
    """CPU after the last atexit handler (finalisation) and GC counts, 3 interleaved runs per tree."""
    import subprocess

    from bench_collect import child_cpu

    got: dict[str, list[tuple[float, float, str]]] = {k: [] for k in trees}
    for r in range(3):
        for i, (name, src) in enumerate(trees.items()):
            prompts = d / f"exit{r}-{i}.jsonl"
            prompts.write_text(
                "".join(
                    json.dumps({"prompt": f"exit run {r} tree {i} prompt {j}"}) + "\n" for j in range(1000)
                )
            )
            c0 = child_cpu()
            res = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    AT_EXIT,
                    *collect_args,
                    "--prompts",
                    str(prompts),
                    "--out",
                    str(d / f"eo{r}{i}"),
                ],
                env={**os.environ, **env, "PYTHONPATH": str(src)},
                capture_output=True,
                text=True,
                check=True,
            )
            total = child_cpu() - c0
            line = next(x for x in res.stderr.splitlines() if x.startswith("AT_EXIT"))
            _, at_exit, *gens = line.split()
            got[name].append((total, total - float(at_exit), "/".join(gens)))
    for name, v in got.items():
        print(
            f"{name}: whole command CPU median {statistics.median(x[0] for x in v):.2f} s, of which after "
            f"the last atexit handler {statistics.median(x[1] for x in v):.2f} s; GC collections by "
            f"generation (0/1/2): {', '.join(x[2] for x in v)}"
        )


def small_figures(trees: dict[str, Path], prompts: Path) -> None:
    """The per-part figures: CLI start-up, parsing an answer, store writes, engine, thread import."""
    import subprocess

    from openai._models import construct_type
    from openai.types.chat import ChatCompletion

    from distillq.core.types import ChatRequest, ModelOutput, Usage
    from distillq.models.engine import Engine, EngineOptions
    from distillq.models.providers.openai_api import completion_output
    from distillq.models.spec import parse_model
    from distillq.store import Store, request_key

    for cmd in (["--help"], ["version"]):
        cpu: dict[str, list[float]] = {k: [] for k in trees}
        for _ in range(4):
            for name, src in trees.items():
                cpu[name].append(timed([sys.executable, "-m", "distillq", *cmd], {"PYTHONPATH": str(src)})[1])
        print(
            f"distillq {cmd[0]}: CPU median "
            + "; ".join(f"{name} {statistics.median(v):.2f} s" for name, v in cpu.items())
        )
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "An answer " * 20},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 40, "total_tokens": 52},
    }
    raw = json.dumps(body).encode()
    n = 2000
    sdk = timeit.timeit(lambda: construct_type(type_=ChatCompletion, value=json.loads(raw)), number=n) / n
    ours = timeit.timeit(lambda: completion_output(json.loads(raw)), number=n) / n
    print(f"reading one answer: SDK's ChatCompletion {sdk * 1e6:.0f} us, field by field {ours * 1e6:.0f} us")

    os.environ["FAKE_BASE_URL"], os.environ["FAKE_API_KEY"] = "http://127.0.0.1:9/v1", "k"
    spec = parse_model("openai-api/fake/m")
    reqs = [ChatRequest.from_prompt(f"store {i}") for i in range(1000)]
    out = ModelOutput(text="An answer " * 20, finish_reason="stop", usage=Usage(12, 40))
    with tempfile.TemporaryDirectory() as d, Store(d) as st:
        st.start_run("r", "r", {})
        keys = [request_key(spec, r) for r in reqs]
        st.add_run_items("r", ((i, k, spec.name, None) for i, k in enumerate(keys)))
        c0 = time.process_time()
        for k, r in zip(keys, reqs, strict=True):
            st.put_response(k, spec, r, out, run_id="r")
        print(f"1,000 store writes (one transaction each): {(time.process_time() - c0) * 1000:.0f} ms CPU")
        eng = Engine(st, EngineOptions(max_connections=32))
        mock = parse_model("mock/teacher")
        got: list[float] = []

        async def go() -> None:
            for b in range(3):
                batch = [ChatRequest.from_prompt(f"engine {b} {i}") for i in range(1000)]
                c0 = time.process_time()
                await eng.generate(mock, batch, run_id="r")
                got.append(time.process_time() - c0)

        eng.run(go)
        print(f"engine + store, mock provider: {statistics.median(got) * 1000:.0f} ms CPU per 1,000 answers")
    res: dict[str, list[tuple[float, float]]] = {"after": [], "thread": []}
    for _ in range(4):
        for mode in res:
            r = subprocess.run(
                [sys.executable, "-c", OVERLAP, mode, str(prompts)],
                check=True,
                capture_output=True,
                text=True,
            )
            w, c = (float(x) for x in r.stdout.split())
            res[mode].append((w, c))
    for mode, v in res.items():
        print(
            f"ready to send, SDK imported {mode}: wall median {statistics.median(x[0] for x in v):.2f} s, "
            f"CPU median {statistics.median(x[1] for x in v):.2f} s"
        )


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
            for name, src, prompts in interleaved(trees, a.runs, a.n, Path(d), "cpu"):
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
                        str(Path(d) / f"out-{prompts.stem}"),
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
    proc, base_url = start_subprocess(latency_ms=100, max_concurrency=1024)
    env = {"FAKE_BASE_URL": base_url, "FAKE_API_KEY": "bench-key"}
    try:
        with tempfile.TemporaryDirectory() as d:
            exit_share(
                trees,
                ["collect", "--model", "openai-api/fake/cpu", "--max-connections", str(a.connections), "-q"],
                env,
                Path(d),
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    with tempfile.TemporaryDirectory() as d:
        prompts = Path(d) / "p.jsonl"
        prompts.write_text("".join(json.dumps({"prompt": f"prompt {j}"}) + "\n" for j in range(a.n)))
        small_figures(trees, prompts)
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
