"""Steady-state cost of the engine itself: a stub provider that only sleeps, no SDK, no server.

    python benchmarks/bench_engine_stub.py [--n 640] [--latency-ms 100] [--slots 32] [--rounds 3] [--cpu-ms 0]

Why: the whole `distillq collect` command mixes start-up, the SDK's CPU and the engine's own
scheduling. With a provider that only sleeps, what is left above the sleep is the engine: its
limiter, its bookkeeping and its store writes, and how they bunch answers that finish together.
It prints the time per request slot (wall x slots / requests) of three variants, interleaved
within one run so a loaded machine stretches them alike:

- plain: asyncio with a semaphore and the same sleep (the floor),
- engine: `Engine.generate` without a store,
- engine+store: `Engine.generate` writing every answer and the run journal to a real SQLite store.

With `--cpu-ms`, the stub also spends that much CPU on each answer after its sleep, as the SDK does
parsing the response: answers that arrive together then queue on the one event loop, which is
what the engine's spreading of sends (`models/engine_spread.py`) is for. Run it with
`PYTHONPATH=<another checkout>/src` to measure another engine with the same stub.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from typing import Any

from distillq.core.types import ChatRequest, ModelOutput, Usage
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.store import Store


class SleepProvider:
    """Answers every request after `latency` seconds, then spends `cpu` seconds of CPU on it."""

    def __init__(self, latency: float, cpu: float = 0.0) -> None:
        self.latency, self.cpu = latency, cpu

    async def generate(self, messages: list[Any], config: Any) -> ModelOutput:
        await asyncio.sleep(self.latency)
        burn(self.cpu)
        return ModelOutput(text="stub answer", finish_reason="stop", usage=Usage(5, 3))

    async def aclose(self) -> None:
        return None


def burn(seconds: float) -> None:
    """Busy the process for `seconds` of CPU time (what parsing an answer costs)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def requests(n: int, tag: str) -> list[ChatRequest]:
    return [ChatRequest.from_prompt(f"prompt {tag} {i}", id=str(i)) for i in range(n)]


async def plain(n: int, latency: float, slots: int, cpu: float) -> float:
    sem = asyncio.Semaphore(slots)

    async def one() -> None:
        async with sem:
            await asyncio.sleep(latency)
            burn(cpu)

    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    return time.perf_counter() - t0


def engine_run(n: int, latency: float, slots: int, store: Store | None, tag: str, cpu: float) -> float:
    eng = Engine(store=store, options=EngineOptions(max_connections=slots, adaptive=False))
    stub = SleepProvider(latency, cpu)
    eng._provider = lambda spec: stub  # type: ignore[method-assign,assignment,return-value]
    spec = parse_model("openai/stub-model")
    reqs = requests(n, tag)
    if store is not None:
        store.start_run(tag, "bench", {})
    t0 = time.perf_counter()
    outs = eng.run(lambda: eng.generate(spec, reqs, run_id=tag if store is not None else None))
    wall = time.perf_counter() - t0
    assert all(o.ok for o in outs), "a stub request failed"
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=640)
    ap.add_argument("--latency-ms", type=float, default=100.0)
    ap.add_argument("--slots", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cpu-ms", type=float, default=0.0, help="CPU the stub spends on each answer")
    a = ap.parse_args()
    lat, cpu = a.latency_ms / 1000, a.cpu_ms / 1000
    per_slot: dict[str, list[float]] = {"plain": [], "engine": [], "engine+store": []}
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        for r in range(a.rounds):
            per_slot["plain"].append(asyncio.run(plain(a.n, lat, a.slots, cpu)))
            per_slot["engine"].append(engine_run(a.n, lat, a.slots, None, f"nostore{r}", cpu))
            per_slot["engine+store"].append(engine_run(a.n, lat, a.slots, store, f"store{r}", cpu))
    ideal_ms = a.latency_ms
    print(
        f"{a.n} requests, {a.slots} slots, {a.latency_ms:g} ms sleep, {a.cpu_ms:g} ms CPU per answer, "
        f"median of {a.rounds} rounds"
    )
    print("variant        ms per request slot   / ideal")
    for name, walls in per_slot.items():
        ms = statistics.median(walls) * a.slots / a.n * 1000
        print(f"{name:<14} {ms:8.1f}              {ms / ideal_ms:.3f}x")


if __name__ == "__main__":
    main()
