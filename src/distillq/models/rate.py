"""`--rpm`: a leaky bucket, a burst of up to `max_rate` requests and then `max_rate` per `period`.

Why our own: it is a few lines, and a whole dependency for one option is not worth it. The bucket
fills by one per request and drains at max_rate / period per second; a request waits while the
bucket is full, in arrival order (asyncio.Lock is fair). That is how providers meter a per-minute
limit (a bucket refilled continuously), so pacing by it does not run into their 429s. Over any span
of t seconds at most max_rate + t x max_rate / period requests go through.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class RateLimiter:
    """A burst of `max_rate` acquisitions, then `max_rate` per `period` seconds on average."""

    def __init__(
        self,
        max_rate: float,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if max_rate <= 0 or period <= 0:
            raise ValueError("max_rate and period must be positive")
        self.max_rate = max_rate
        self._drain = max_rate / period  # per second
        self._clock, self._sleep = clock, sleep
        self._level = 0.0
        self._last = clock()
        self._lock: asyncio.Lock | None = None  # made in the loop that first waits on it

    def _leak(self) -> None:
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._last) * self._drain)
        self._last = now

    async def acquire(self) -> None:
        """Return when one more request fits; waiters go through in the order they came."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                self._leak()
                if self._level + 1 <= self.max_rate + 1e-9:
                    self._level += 1
                    return
                await self._sleep((self._level + 1 - self.max_rate) / self._drain)
