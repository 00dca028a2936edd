"""Spread a model's queued sends apart by what one answer costs, so that bunched answers unbunch.

Why: one event loop handles every answer. When several answers arrive together, asyncio moves
them forward one await at a time in turn (the SDK's HTTP path has several), so each waits for all
the others, their next requests leave together and come back together one round trip later. The
bunch keeps itself going round after round, and every round costs the whole bunch's CPU: with the
real SDK, about 0.25 s on a 1,000-prompt `collect` (BENCHMARKS.md, collect section). Spacing the
sends of a backlog by the CPU one answer costs this process breaks a bunch within a round trip;
answers then arrive apart and each is handled as it comes.

Only sends that have requests queued behind them are spaced (a batch smaller than the slots goes
out at once), and only while one answer's CPU is less than latency / slots, the pace at which the
slots refill: spreading never sends slower than the slots allow, and a client that cannot keep up
anyway (a provider answering at once, or a caller doing its own work between batches) is left alone.
"""

from __future__ import annotations

import asyncio
import collections
import time

# Weight of the newest measurement in the running averages (latency, CPU per answer).
SMOOTHING = 0.2


class SendSpreader:
    """One model's spacing between queued sends: the measured CPU per answer, while under latency / slots."""

    def __init__(self) -> None:
        self.spacing = 0.0  # seconds between two spaced sends; 0 until measured
        self.cpu_per_answer: float | None = None
        self.latency: float | None = None
        self._last_send = -1e9
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._timer: asyncio.TimerHandle | None = None
        self._window_start: float | None = None  # process CPU time when the current window began
        self._window_answers = 0

    async def wait(self, backlog: bool) -> None:
        """Before a send: with requests queued behind it, keep `spacing` after the previous spaced send.

        Waiters leave one at a time, in order, each `spacing` after the previous one left: a single
        timer lets the next one go, so a loop pass that ran late releases one waiter, not all those
        whose time had come (they would leave together, the very bunch this is meant to break).
        """
        if self.cpu_per_answer is None and self._window_start is None:
            # The first window opens at the first send: it then closes with the first round's last
            # answer, in time to spread the second round (answers of the first round come bunched).
            self._window_start, self._window_answers = time.process_time(), 0
        if not backlog or self.spacing <= 0.0:
            return
        now = time.monotonic()
        if not self._waiters and now >= self._last_send + self.spacing:
            self._last_send = now
            return
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        self._waiters.append(fut)
        if self._timer is None:
            self._timer = loop.call_at(self._last_send + self.spacing, self._release_next)
        try:
            await fut
        except asyncio.CancelledError:
            if not fut.cancelled():  # let go just as it was cancelled: the next waiter takes its turn
                self._release_next()
            raise

    def _release_next(self) -> None:
        self._timer = None
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)
                break
        self._last_send = time.monotonic()
        if self._waiters:
            self._timer = asyncio.get_running_loop().call_at(
                self._last_send + self.spacing, self._release_next
            )

    def answered(self, latency: float, slots: int, backlog: bool) -> None:
        """After a successful answer: update latency and, over windows of `slots` answers, the CPU cost.

        The CPU is measured only while requests queue (steady state): an idle pause or the caller's own
        work between batches would otherwise count as the cost of answers.
        """
        self.latency = latency if self.latency is None else self._smooth(self.latency, latency)
        if not backlog:
            self._window_start = None
            return
        now = time.process_time()
        if self._window_start is None:
            self._window_start, self._window_answers = now, 0
            return
        self._window_answers += 1
        if self._window_answers >= max(1, slots):
            per = (now - self._window_start) / self._window_answers
            self.cpu_per_answer = (
                per if self.cpu_per_answer is None else self._smooth(self.cpu_per_answer, per)
            )
            self._window_start, self._window_answers = now, 0
        if self.cpu_per_answer is not None:
            # Slower to answer than the slots refill: the loop is the bottleneck, and spacing sends
            # would only slow it; answers can then not arrive faster than they are handled anyway.
            refill = self.latency / max(1, slots)
            self.spacing = self.cpu_per_answer if self.cpu_per_answer < refill else 0.0

    @staticmethod
    def _smooth(old: float, new: float) -> float:
        return old + SMOOTHING * (new - old)
