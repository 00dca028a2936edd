"""Adaptive concurrency per model: AIMD on overload answers (429/529) and on latency.

Why: providers limit concurrent requests by account tier, and the limit is hidden. A fixed
`--max-connections` above it turns many requests into 429s and retries; one below it wastes
throughput. The limiter starts at half the ceiling (`--max-connections`) and grows by one slot
per success while it is what holds requests back (doubling per round trip, so an unlimited
server reaches the ceiling within one round trip). Every overload answer takes one slot away:
a provider's concurrency limit rejects at once, so the first wave above it lands the limit right
on it. Past the last overload point it grows cautiously (one slot per 4 x limit successes), and
it backs off by 10% when latency climbs well above its floor (the server is queueing). It only
decides how many requests may be in flight; pauses after a Retry-After and retries are the
engine's.
"""

from __future__ import annotations

import asyncio
import collections
import time

REMOTE_PROVIDERS = ("openai", "anthropic", "openai-api")  # adaptive by default; local servers are not
BACKOFF = 0.9  # a latency climb: shave 10% (at most once per round trip)
PROBE = 4  # past the last overload point: one slot per PROBE x limit successes
LATENCY_TOLERANCE = 2.5  # latency above this multiple of the floor counts as queueing
NEAR = 0.85  # below NEAR x the last overload point, grow fast; above it, probe slowly


class AdaptiveLimiter:
    """An asyncio semaphore whose size follows AIMD between `floor` and `ceiling`.

    `async with limiter:` holds a slot; after each attempt call `record(latency, overloaded)`.
    With `adaptive=False` it is a plain semaphore of `ceiling` slots.
    """

    def __init__(self, ceiling: int, adaptive: bool = True, floor: int = 1) -> None:
        self.ceiling, self.floor, self.adaptive = max(1, ceiling), max(1, min(floor, ceiling)), adaptive
        self.limit = float(max(self.floor, self.ceiling // 2) if adaptive else self.ceiling)
        self.in_flight = 0
        self.overload_at: float | None = None  # the limit when the last overload answer came
        self.decreases = 0
        self.overloads = 0
        self._floor_latency: float | None = None
        self._ewma: float | None = None
        self._last_decrease = -1e9
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    # -- the semaphore ----------------------------------------------------------------------------
    @property
    def slots(self) -> int:
        return max(self.floor, int(self.limit))

    async def acquire(self) -> None:
        while self.in_flight >= self.slots:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    self._wake()  # we were handed a slot we will not use: pass it on
                raise
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        free = self.slots - self.in_flight
        while free > 0 and self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)
                free -= 1

    async def __aenter__(self) -> AdaptiveLimiter:
        await self.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()

    # -- the control law --------------------------------------------------------------------------
    def should_pause(self, overloaded: bool) -> bool:
        """Whether an answer asking to wait should pause the model's whole queue (the engine's rule).

        Fixed concurrency: always. Adaptive: an overload answer already took one slot away, which is
        how a concurrency limit is found without stalling everyone; only once the limiter is down to
        its floor, or for a server error with Retry-After, does the whole queue wait.
        """
        return not self.adaptive or not overloaded or self.slots <= self.floor

    def window(self) -> float:
        """About one round trip: latency back-offs closer together than this see the same queue."""
        return max(0.02, self._ewma or self._floor_latency or 0.1)

    def record(self, latency: float | None, overloaded: bool = False, now: float | None = None) -> None:
        """Feed one attempt's outcome: `latency` of a successful call, or an overload answer."""
        if not self.adaptive:
            return
        now = time.monotonic() if now is None else now
        if overloaded:  # one slot less per overload answer: one request too many was in flight
            self.overloads += 1
            self.overload_at = self.limit
            self.limit = max(float(self.floor), self.limit - 1.0)
            self.decreases += 1
            return
        if latency is None:
            return
        self._ewma = latency if self._ewma is None else 0.9 * self._ewma + 0.1 * latency
        if self._floor_latency is None or latency < self._floor_latency:
            self._floor_latency = latency
        else:  # let the floor drift up slowly: answers may legitimately get longer
            self._floor_latency += (latency - self._floor_latency) * 0.001
        if self._ewma > LATENCY_TOLERANCE * self._floor_latency:
            if now - self._last_decrease >= self.window():  # one back-off per round trip
                self.limit = max(float(self.floor), self.limit * BACKOFF)
                self._last_decrease = now
                self.decreases += 1
            return
        if self.in_flight + 1 < self.slots:
            return  # the limit is not what holds us back: do not grow it
        fast = self.overload_at is None or self.limit < NEAR * self.overload_at
        self.limit = min(float(self.ceiling), self.limit + (1.0 if fast else 1.0 / (PROBE * self.limit)))
        self._wake()
