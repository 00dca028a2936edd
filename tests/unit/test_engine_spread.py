"""SendSpreader: what it measures, when it spaces sends, and that the engine's bunches come apart."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import pytest

from distillq.core.types import ChatRequest, ModelOutput, Usage
from distillq.models import engine_spread
from distillq.models.engine import Engine, EngineOptions
from distillq.models.engine_spread import SendSpreader
from distillq.models.spec import parse_model


class CpuClock:
    """A process-CPU clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def cpu(monkeypatch: pytest.MonkeyPatch) -> CpuClock:
    clock = CpuClock()
    monkeypatch.setattr(engine_spread.time, "process_time", clock)
    return clock


def test_no_spacing_until_a_window_of_answers_was_measured(cpu: CpuClock) -> None:
    sp = SendSpreader()
    for _ in range(4):  # the window's first answer opens it; three more are not yet `slots` answers
        cpu.now += 0.002
        sp.answered(0.1, slots=4, backlog=True)
    assert sp.spacing == 0.0 and sp.cpu_per_answer is None
    cpu.now += 0.002
    sp.answered(0.1, slots=4, backlog=True)
    assert sp.cpu_per_answer == pytest.approx(0.002)
    assert sp.spacing == pytest.approx(0.002)


def test_the_first_window_opens_at_the_first_send(cpu: CpuClock) -> None:
    sp = SendSpreader()
    asyncio.run(sp.wait(backlog=False))  # the first round's sends: nothing measured, nothing held
    for _ in range(4):  # the first round's four answers close the window (4 slots)
        cpu.now += 0.002
        sp.answered(0.1, slots=4, backlog=True)
    assert sp.cpu_per_answer == pytest.approx(0.002) and sp.spacing == pytest.approx(0.002)


def test_no_spacing_when_answers_cost_more_cpu_than_the_slots_refill(cpu: CpuClock) -> None:
    sp = SendSpreader()
    for _ in range(3):  # 60 ms of CPU per answer (the caller's own work, say), 0.1 s latency, 2 slots
        cpu.now += 0.06
        sp.answered(0.1, slots=2, backlog=True)
    assert sp.cpu_per_answer == pytest.approx(0.06)
    assert sp.spacing == 0.0  # 0.05 s per refill: the loop cannot keep up, spacing would only slow it
    for _ in range(10):  # the same answers at 1 ms of CPU each: now the slots outrun the loop's CPU
        cpu.now += 0.001
        sp.answered(0.1, slots=2, backlog=True)
    assert 0.001 < sp.spacing < 0.05


def test_cpu_is_not_counted_while_nothing_queues(cpu: CpuClock) -> None:
    sp = SendSpreader()
    sp.answered(0.1, slots=2, backlog=True)
    cpu.now += 5.0  # work between batches, with no backlog: the window starts again
    sp.answered(0.1, slots=2, backlog=False)
    for _ in range(3):
        cpu.now += 0.001
        sp.answered(0.1, slots=2, backlog=True)
    assert sp.cpu_per_answer == pytest.approx(0.001)


def test_wait_spaces_backlog_sends_only() -> None:
    async def main() -> tuple[float, float]:
        sp = SendSpreader()
        sp.spacing = 0.05
        t0 = time.monotonic()
        for _ in range(6):
            await sp.wait(backlog=False)
        free = time.monotonic() - t0
        t0 = time.monotonic()
        for _ in range(6):
            await sp.wait(backlog=True)
        return free, time.monotonic() - t0

    free, spaced = asyncio.run(main())
    # Spacing the free sends would take at least five spacings (0.25 s); the bound is half of that so a
    # loaded machine cannot fail the test while a spreader that spaces free sends still does.
    assert free < 0.125
    assert spaced >= 0.25  # the first goes at once, the next five 50 ms apart each


def test_waiters_woken_late_still_leave_one_spacing_apart() -> None:
    """A loop pass that runs long (here a blocking 50 ms) must not let every waiter whose time came go at once."""

    async def main() -> list[float]:
        sp = SendSpreader()
        sp.spacing = 0.005
        left: list[float] = []

        async def send() -> None:
            await sp.wait(backlog=True)
            left.append(time.monotonic())

        tasks = [asyncio.ensure_future(send()) for _ in range(5)]
        await asyncio.sleep(0)
        time.sleep(0.05)  # the loop is busy well past all five turns
        await asyncio.gather(*tasks)
        return left

    left = asyncio.run(main())
    gaps = [b - a for a, b in zip(left, left[1:], strict=False)]
    assert min(gaps) >= 0.004, gaps


def test_a_cancelled_waiter_does_not_hold_up_the_others() -> None:
    async def main() -> int:
        sp = SendSpreader()
        sp.spacing = 0.005
        done = 0

        async def send() -> None:
            nonlocal done
            await sp.wait(backlog=True)
            done += 1

        tasks = [asyncio.ensure_future(send()) for _ in range(4)]
        await asyncio.sleep(0)
        tasks[1].cancel()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=1)
        return done

    assert asyncio.run(main()) == 3


class BurnProvider:
    """Answers after `latency` s, then spends `cpu` s of CPU on the answer (what the SDK's parsing does)."""

    def __init__(self, latency: float, cpu: float) -> None:
        self.latency, self.cpu = latency, cpu
        self.sends: list[float] = []

    async def generate(self, messages: list[Any], config: Any) -> ModelOutput:
        self.sends.append(time.monotonic())
        await asyncio.sleep(self.latency)
        end = time.process_time() + self.cpu
        while time.process_time() < end:
            pass
        return ModelOutput(text="ok", finish_reason="stop", usage=Usage(1, 1))

    async def aclose(self) -> None:
        return None


def test_the_engine_unbunches_answers_that_arrive_together() -> None:
    """Eight slots answered at once stay bunched without spreading: their next sends leave together."""
    provider = BurnProvider(latency=0.04, cpu=0.002)
    eng = Engine(options=EngineOptions(max_connections=8, adaptive=False))
    eng._provider = lambda spec: provider  # type: ignore[method-assign,assignment,return-value]
    reqs = [ChatRequest.from_prompt(f"p{i}", id=str(i)) for i in range(96)]
    outs = eng.generate_sync(parse_model("openai/spread-test"), reqs)
    assert all(o.ok for o in outs)
    late = provider.sends[48:]  # rounds 7-12: after the spacing was measured
    gaps = [b - a for a, b in zip(late, late[1:], strict=False)]
    together = sum(1 for g in gaps if g < 0.0005)
    # Bunched, 7 of every 8 sends leave within microseconds of the previous one (about 41 of 47 gaps).
    assert together <= len(gaps) // 4, f"{together} of {len(gaps)} sends left together"
    assert statistics.median(gaps) >= 0.001
