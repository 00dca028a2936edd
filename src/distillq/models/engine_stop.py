"""How a batch of requests stops: the requests on the wire then, abandoned, and what they may cost.

Why: a run stopped by Ctrl-C or `kill` (or by a fatal error that cancels the rest) drops the
requests already sent and not yet answered. The provider may still bill them, and nothing else
would ever count them. The engine notes each one here when its call is cancelled; the run journal
marks them `abandoned` (a re-run asks them again under the same cache keys) and the CLI's last line
says how many there were and, where the model is priced, a bound on what they may cost.

The bound is an upper one, never an estimate: prompt tokens are counted as the UTF-8 bytes of the
request's JSON (a token of a byte-level tokenizer is at least one byte, and the JSON's keys and
quotes more than cover a chat template's few tokens per message), completion tokens as max_tokens.
A paid model without a price or without max_tokens has no bound: it is counted as `unbounded`.

Apart from engine.py, which schedules requests; this is what happens when scheduling stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from distillq.core.types import Usage
from distillq.models.engine_safety import FREE_PROVIDERS

if TYPE_CHECKING:
    from distillq.core.types import ChatRequest
    from distillq.models.pricing import PriceTable
    from distillq.models.spec import ModelSpec
    from distillq.store import Store

ANTHROPIC_DEFAULT_MAX_TOKENS = 2048  # the cap the Anthropic provider sends when none is set (its default)


def max_completion_tokens(spec: ModelSpec) -> int | None:
    """The completion cap a request of `spec` was sent with, or None when the server decides."""
    if spec.config.max_tokens is not None:
        return spec.config.max_tokens
    return ANTHROPIC_DEFAULT_MAX_TOKENS if spec.provider == "anthropic" else None


def cost_bound(prices: PriceTable, spec: ModelSpec, request: ChatRequest) -> float | None:
    """The most one sent request of `spec` can cost in dollars; None if that has no bound."""
    if spec.provider in FREE_PROVIDERS:
        return 0.0
    cap = max_completion_tokens(spec)
    if cap is None or prices.lookup(spec.service, spec.model) is None:
        return None
    prompt = json.dumps({"system": spec.config.system, "messages": request.messages}, ensure_ascii=False)
    return prices.cost(spec.service, spec.model, Usage(len(prompt.encode("utf-8", "replace")), cap))


@dataclass
class Abandoned:
    """Requests sent and never answered because their call was cancelled (the run stopped)."""

    bounds: dict[str, float | None] = field(default_factory=dict)  # request key -> its cost bound

    def add(self, prices: PriceTable, spec: ModelSpec, request: ChatRequest, key: str) -> None:
        self.bounds[key] = cost_bound(prices, spec, request)

    def part(self, keys: Iterable[str]) -> Abandoned:
        """The share of `keys` (one batch's): what its run's journal records."""
        return Abandoned({k: self.bounds[k] for k in keys if k in self.bounds})

    @property
    def count(self) -> int:
        return len(self.bounds)

    @property
    def max_cost_usd(self) -> float:
        """The sum of the bounds of those that have one."""
        return sum(b for b in self.bounds.values() if b is not None)

    @property
    def unbounded(self) -> int:
        """Paid requests without a bound (no price, or no max_tokens)."""
        return sum(b is None for b in self.bounds.values())

    def describe(self) -> str:
        return describe(self.count, self.max_cost_usd, self.unbounded)


def describe(count: int, max_cost_usd: float, unbounded: int) -> str:
    """`4 requests in flight abandoned, at most $0.0021`: the words the CLI and `runs` share.

    Free models (bound 0) get no cost note; requests without a bound are said to have none.
    """
    if count == 0:
        return "no request was in flight"
    what = f"{count} request{'s' if count != 1 else ''} in flight abandoned"
    if unbounded == count:
        return f"{what}, cost unbounded (no price or no max_tokens)"
    if unbounded:
        return (
            f"{what}, at most ${max_cost_usd:.4f} for {count - unbounded} of them and no cost bound "
            f"for {unbounded} (no price or no max_tokens)"
        )
    return f"{what}, at most ${max_cost_usd:.4f}" if max_cost_usd > 0 else what


def journal_abandoned(store: Store, run_id: str, lost: Abandoned, exc: BaseException) -> None:
    """After a batch stopped on `exc`: its abandoned requests go to the run's journal (`runs` shows
    them, a re-run asks them again); a stop by Ctrl-C or kill also marks the run interrupted.
    Never raises: the error already on its way is the one to report."""
    stopped = isinstance(exc, asyncio.CancelledError | KeyboardInterrupt)
    if lost.count or stopped:
        with contextlib.suppress(Exception):
            store.record_abandoned(run_id, lost.bounds, interrupted=stopped)


async def run_tasks(tasks: list[asyncio.Future[None]]) -> None:
    """Wait for every task; the first exception cancels the rest (their requests on the wire are
    abandoned) and is raised."""
    if not tasks:
        return
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for t in done:
            if t.exception() is not None:
                raise t.exception()  # type: ignore[misc]
    finally:
        for t in tasks:
            if not t.done():
                t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def sigterm_as_sigint() -> Callable[[], None]:
    """While a job runs, SIGTERM (`kill`) stops it as Ctrl-C does: cancelled, counted, journalled.

    asyncio.run installs its own SIGINT handler (cancel the job, then raise KeyboardInterrupt);
    SIGTERM gets the same one. Returns what puts the previous SIGTERM handler back.
    """
    on_sigint = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(on_sigint):
        return lambda: None
    if on_sigint is signal.default_int_handler:  # asyncio installed none (not the main thread's loop)
        return lambda: None
    previous = signal.signal(signal.SIGTERM, on_sigint)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
