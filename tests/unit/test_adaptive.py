"""AdaptiveLimiter: the AIMD control law (driven with explicit clocks) and its semaphore."""

from __future__ import annotations

import asyncio

import pytest

from distillq.models.adaptive import AdaptiveLimiter


def saturate(lim: AdaptiveLimiter) -> None:
    lim.in_flight = lim.slots  # growth needs the limit to be what holds requests back


def test_starts_at_half_the_ceiling_and_fixed_never_moves() -> None:
    fixed = AdaptiveLimiter(32, adaptive=False)
    fixed.record(None, overloaded=True, now=1.0)
    fixed.record(5.0, now=2.0)
    assert fixed.slots == 32 and fixed.decreases == 0
    assert AdaptiveLimiter(32).slots == 16


def test_unlimited_server_reaches_the_ceiling_in_one_round_trip() -> None:
    lim = AdaptiveLimiter(32)
    for i in range(16):  # the first wave of 16 answers, each while all slots are busy
        saturate(lim)
        lim.record(0.1, now=0.1 + i * 1e-4)
    assert lim.slots == 32


def test_each_overload_answer_takes_one_slot() -> None:
    lim = AdaptiveLimiter(64)
    lim.limit = 64.0
    for i in range(48):  # a hidden limit of 16: the first wave's 48 extra requests are rejected at once
        lim.record(None, overloaded=True, now=1.0 + i * 1e-4)
    assert lim.slots == 16 and lim.overload_at == 17.0 and lim.overloads == 48


def test_growth_fast_below_last_overload_then_cautious() -> None:
    lim = AdaptiveLimiter(64)
    lim.record(0.1, now=0.0)
    lim.limit, lim.overload_at = 10.0, 20.0
    for i in range(7):
        saturate(lim)
        lim.record(0.1, now=1.0 + i)
    assert lim.limit == pytest.approx(17.0)  # +1 per success while below 0.85 x 20
    saturate(lim)
    lim.record(0.1, now=20.0)
    assert lim.limit == pytest.approx(17.0 + 1 / 68)  # near the overload point: +1/(4 x limit)


def test_no_growth_when_the_limit_is_not_used() -> None:
    lim = AdaptiveLimiter(64)
    lim.limit = 10.0
    lim.in_flight = 2
    lim.record(0.1, now=1.0)
    assert lim.limit == 10.0


def test_latency_climb_backs_off_and_floor_is_respected() -> None:
    lim = AdaptiveLimiter(16, floor=2)
    for i in range(5):
        lim.record(0.1, now=float(i))
    for i in range(40):  # the server starts queueing: latency far above its floor
        lim.record(0.5, now=10.0 + i)
    assert 2 <= lim.slots < 16 and lim.decreases >= 1
    for i in range(100):
        lim.record(None, overloaded=True, now=100.0 + i)
    assert lim.slots == 2


def test_semaphore_never_exceeds_its_slots_and_follows_the_limit() -> None:
    async def main() -> tuple[int, int]:
        lim = AdaptiveLimiter(8)
        peak = 0

        async def job(i: int) -> None:
            nonlocal peak
            async with lim:
                peak = max(peak, lim.in_flight)
                await asyncio.sleep(0.001)
                if i == 0:
                    lim.limit = 3.0  # shrink mid-run: later jobs see at most 3 in flight

        await asyncio.gather(*(job(i) for i in range(20)))
        first_peak = peak
        peak = 0
        await asyncio.gather(*(job(i + 1) for i in range(20)))
        return first_peak, peak

    first, later = asyncio.run(main())
    assert first <= 8 and later == 3


def test_cancelled_waiter_passes_its_slot_on() -> None:
    async def main() -> int:
        lim = AdaptiveLimiter(1)
        await lim.acquire()
        waiter = asyncio.ensure_future(lim.acquire())
        other = asyncio.ensure_future(lim.acquire())
        await asyncio.sleep(0)
        lim.release()  # hands the slot to `waiter`...
        waiter.cancel()  # ...which is cancelled before it runs
        await asyncio.wait_for(other, 1.0)
        return lim.in_flight

    assert asyncio.run(main()) == 1


def test_queue_pause_composes_with_the_limiter() -> None:
    """Fixed: every 429 pauses the whole queue. Adaptive: a 429 costs one slot; only at the floor
    (or for non-overload answers with Retry-After) does the whole queue wait."""
    assert AdaptiveLimiter(16, adaptive=False).should_pause(overloaded=True)
    lim = AdaptiveLimiter(16, floor=2)
    assert not lim.should_pause(overloaded=True)
    assert lim.should_pause(overloaded=False)
    lim.limit = 2.0
    assert lim.should_pause(overloaded=True)
