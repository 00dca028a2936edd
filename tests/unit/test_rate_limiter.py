"""`--rpm`'s leaky bucket on a simulated clock: a burst of max_rate, then the steady rate, in order."""

from __future__ import annotations

import asyncio

import pytest

from distillq.models.rate import RateLimiter


class Clock:
    """Time that moves only when someone sleeps: the schedule is exact and the test takes no time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def _times(limiter: RateLimiter, clock: Clock, n: int) -> list[float]:
    async def main() -> list[float]:
        done: list[tuple[int, float]] = []

        async def one(i: int) -> None:
            await limiter.acquire()
            done.append((i, clock.now))

        await asyncio.gather(*(one(i) for i in range(n)))
        assert [i for i, _ in done] == list(range(n))  # first come, first served
        return [t for _, t in done]

    return asyncio.run(main())


def test_a_burst_of_max_rate_then_one_every_period_over_max_rate() -> None:
    clock = Clock()
    times = _times(RateLimiter(3, 60, clock=clock, sleep=clock.sleep), clock, 6)
    assert times[:3] == [0.0, 0.0, 0.0]
    assert times[3:] == pytest.approx([20.0, 40.0, 60.0])
    for i, a in enumerate(times):  # the bucket's bound: in [a, b], at most 3 + (b - a) * 3 / 60
        for b in times[i:]:
            assert sum(1 for t in times if a <= t <= b) <= 3 + (b - a) * 3 / 60 + 1e-9


def test_below_one_request_per_minute() -> None:
    clock = Clock()
    times = _times(RateLimiter(1, 60 / 0.5, clock=clock, sleep=clock.sleep), clock, 3)
    assert times == pytest.approx([0.0, 120.0, 240.0])  # 0.5 rpm: one every two minutes


def test_an_idle_bucket_drains_and_allows_a_new_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10, clock=clock, sleep=clock.sleep)
    assert _times(limiter, clock, 2) == [0.0, 0.0]
    clock.now += 10  # a quiet period as long as the window
    start = clock.now
    assert _times(limiter, clock, 3) == pytest.approx([start, start, start + 5])


def test_rejects_a_rate_that_is_not_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)
