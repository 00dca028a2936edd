"""Group commit: the answers that finish in one event-loop pass are stored in one transaction.

Why: answers that finish close together are delivered in the same loop pass. Writing each in its
own transaction made the whole bunch wait for every commit before any freed slot could start its
next request, so bunches stayed bunched and every cycle paid for all of them. Deferring the write
with `loop.call_soon` lets the woken requests go out first and pays one commit per pass.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from distillq.core.types import ChatRequest, ModelOutput

Answer = tuple[str, ChatRequest, ModelOutput]


class GroupCommit:
    """Collects delivered answers and hands them to `write` once per loop pass (or on `flush`)."""

    def __init__(self, write: Callable[[list[Answer]], None]) -> None:
        self._write = write
        self._answers: list[Answer] = []
        self._handle: asyncio.Handle | None = None
        self.failed: BaseException | None = None  # an unexpected error of a scheduled write

    def add(self, key: str, request: ChatRequest, out: ModelOutput) -> None:
        self._answers.append((key, request, out))
        if self._handle is None:
            self._handle = asyncio.get_running_loop().call_soon(self._scheduled)

    def _scheduled(self) -> None:
        self._handle = None
        try:
            self.flush()
        except Exception as exc:  # a loop callback cannot raise to anyone: kept for `flush` to raise
            self.failed = exc

    def flush(self) -> None:
        """Write what is pending now; raises an error a scheduled write met earlier."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        answers, self._answers = self._answers, []
        if answers:
            self._write(answers)
        if self.failed is not None:
            failed, self.failed = self.failed, None
            raise failed
