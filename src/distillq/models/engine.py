"""The async engine: every model request in distillq goes through here.

Why one engine: connection limits, rate limits, retries with backoff that honour Retry-After,
the response cache, the run journal, token and cost accounting and the dollar budget must hold
for every stage (collect, ICE, RSE, judges, mutators) alike, and be tested once.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from distillq.core.types import ChatRequest, Completer, ModelOutput
from distillq.env import redact
from distillq.errors import ProviderError, RunInterrupted, StorageError, UsageError
from distillq.models.adaptive import REMOTE_PROVIDERS, AdaptiveLimiter
from distillq.models.engine_commit import Answer, GroupCommit
from distillq.models.engine_safety import Unstored, require_prices
from distillq.models.engine_spread import SendSpreader
from distillq.models.engine_stop import Abandoned, journal_abandoned, run_tasks, sigterm_as_sigint
from distillq.models.engine_types import (
    STORE_FAILED,
    EngineOptions,
    ModelStats,
    ProgressCallback,
    ProgressEvent,
)
from distillq.models.pricing import PriceTable
from distillq.models.provider_defs import import_provider, make_provider, provider_def
from distillq.models.providers.base import CallError, Provider
from distillq.models.spec import ModelSpec, is_local
from distillq.store import Store, request_key
from distillq.textsafe import normalise_answer

__all__ = [
    "Engine",
    "EngineOptions",
    "ModelStats",
    "ProgressCallback",
    "ProgressEvent",
    "import_provider",
    "make_provider",
]

T = TypeVar("T")
UNREACHABLE_LIMIT = 3


@dataclass
class _ModelState:
    semaphore: AdaptiveLimiter  # bound to one event loop, hence kept per loop
    limiter: Any  # models.rate.RateLimiter with --rpm, else None
    stats: ModelStats  # shared across loops: accounting spans the whole engine's life
    paused_until: float = 0.0  # monotonic time before which nothing is sent (Retry-After, 429, 529)
    waiting: int = 0  # requests waiting for a slot: a backlog's sends are spread (engine_spread.py)
    spreader: SendSpreader = field(default_factory=SendSpreader)


class Engine:
    """Runs batches of chat requests concurrently, cached and journalled in a `Store`."""

    def __init__(
        self,
        store: Store | None = None,
        options: EngineOptions | None = None,
        prices: PriceTable | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.store = store
        self.opts = options or EngineOptions()
        self.prices = prices or PriceTable.load()
        self.progress = progress
        self._states: dict[tuple[int, str], _ModelState] = {}
        self._stats: dict[str, ModelStats] = {}
        self._providers: dict[tuple[int, str, str | None], Provider] = {}
        self._rng = random.Random(self.opts.seed)
        # Spend in whole pico-dollars: a float sum drifts (10 x $0.10 = $0.9999...), past an exact budget.
        self._spent_pico = 0
        self.total_cost_usd = 0.0
        self.budget_reached = False
        # The first failed store write stops scheduling; answers still arriving go to a side file.
        self.storage_error: StorageError | None = None
        self.unstored = Unstored(store.dir if store is not None else None)
        # Requests on the wire when their call was cancelled (Ctrl-C, kill, a fatal error elsewhere).
        self.abandoned = Abandoned()

    # -- public API -----------------------------------------------------------------------------

    @property
    def stats(self) -> dict[str, ModelStats]:
        return dict(self._stats)

    def completer(self, spec: ModelSpec, run_id: str | None = None, live: bool = False) -> Completer:
        """A `Completer` bound to one model: what the fuzzer, judges and mutators call.

        live: never batch (ICE rounds need each answer before choosing the next template).
        """

        async def complete(requests: list[ChatRequest]) -> list[ModelOutput]:
            return await self.generate(spec, requests, run_id=run_id, live=live)

        return complete

    def run(self, coro_fn: Callable[[], Awaitable[T]]) -> T:
        """Run an async job from sync code, closing provider clients afterwards. Ctrl-C (and `kill`, alike)
        cancels it: requests on the wire are counted and journalled; `RunInterrupted` says how many."""

        async def main() -> T:
            restore = sigterm_as_sigint()
            try:
                return await coro_fn()
            finally:
                restore()
                await self.aclose()

        try:
            return asyncio.run(main())
        except RunInterrupted:
            raise
        except KeyboardInterrupt:
            raise RunInterrupted(self.abandoned.count, self.abandoned.describe()) from None

    def generate_sync(
        self, spec: ModelSpec, requests: list[ChatRequest], run_id: str | None = None
    ) -> list[ModelOutput]:
        return self.run(lambda: self.generate(spec, requests, run_id=run_id))

    async def aclose(self) -> None:
        providers, self._providers = self._providers, {}
        for p in providers.values():
            with contextlib.suppress(Exception):  # closing must never mask the real result
                await p.aclose()

    async def generate(
        self, spec: ModelSpec, requests: list[ChatRequest], run_id: str | None = None, live: bool = False
    ) -> list[ModelOutput]:
        """Answer every request (same order). Cached answers are reused; duplicates are sent once.

        With `batch` on and `live` off, OpenAI and Anthropic requests go through their batch APIs.

        Failures after retries come back as ModelOutput(error=...). Fatal provider errors (bad key,
        unknown model, exhausted quota, rejected request) raise ProviderError and stop the batch.
        """
        state = self._state(spec)
        if self.opts.budget_usd is not None:
            require_prices(self.prices, [spec])  # a budget cannot hold on a model whose price is unknown
        keys = [request_key(spec, r) for r in requests]
        results: list[ModelOutput | None] = [None] * len(requests)
        state.stats.total += len(requests)
        store = self.store
        if store is not None and run_id is not None:
            store.add_run_items(
                run_id, ((i, k, spec.name, r.id) for i, (k, r) in enumerate(zip(keys, requests, strict=True)))
            )
        cached: dict[str, ModelOutput] = {}
        if store is not None:
            if self.opts.use_cache:
                cached = store.get_responses(keys)
            elif run_id is not None:  # --no-cache: reuse only what this very run already fetched
                done_keys = {it.key for it in store.run_items(run_id) if it.status == "done"}
                cached = store.get_responses([k for k in keys if k in done_keys])
        pending: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            if k in cached:
                results[i] = cached[k]
                state.stats.cached += 1
                state.stats.truncated += cached[k].finish_reason == "length"
                state.stats.done += 1
            else:
                pending.setdefault(k, []).append(i)
        if cached and store is not None and run_id is not None:
            store.mark_keys_done(run_id, list(cached))
        self._emit(spec.name, state)

        commit = None
        if store is not None:
            commit = GroupCommit(lambda answers: self._store(store, spec, answers, run_id))

        def deliver(key: str, out: ModelOutput) -> None:
            idxs = pending[key]
            if out.ok and out.raw_json is None:  # lone surrogates: valid text for everyone, raw kept
                out.text, out.reasoning, out.raw_json = normalise_answer(out.text, out.reasoning)
            if commit is not None:  # written at the end of this loop pass, with the pass's other answers
                commit.add(key, requests[idxs[0]], out)
            for n, i in enumerate(idxs):
                results[i] = out
                state.stats.done += 1
                if n > 0:  # a duplicate is counted as its one request was: stats count rows, not keys
                    state.stats.count_duplicate(out.error, self.budget_skip_message())
            self._emit(spec.name, state)

        async def one(key: str, idxs: list[int]) -> None:
            deliver(key, await self._call(spec, state, requests[idxs[0]], key))

        try:
            if pending and self.opts.batch and not live:
                from distillq.models import batch  # only with --batch: `collect` starts sooner without it

                if batch.supports_batch(spec):
                    wanted = {k: requests[idxs[0]] for k, idxs in pending.items()}
                    await batch.generate_batched(self, spec, state.stats, wanted, deliver)
                    pending = {}
            await run_tasks([asyncio.ensure_future(one(k, idxs)) for k, idxs in pending.items()])
        except BaseException as exc:
            if commit is not None:  # store what was delivered, but report the error already on its way
                with contextlib.suppress(Exception):
                    commit.flush()
            if store is not None and run_id is not None and self.storage_error is None:
                journal_abandoned(store, run_id, self.abandoned.part(pending), exc)
            raise
        if commit is not None:  # every delivered answer is stored (or side-filed) before we return
            commit.flush()
        if self.storage_error is not None:
            raise StorageError(f"{self.storage_error.message}; {self.unstored.describe()}")
        return [
            r if r is not None else ModelOutput(text=None, finish_reason="error", error="not run")
            for r in results
        ]

    def budget_skip_message(self) -> str:
        """The error of a request not sent because of the budget (live and batch paths alike)."""
        return f"skipped: budget of ${self.opts.budget_usd or 0:g} reached"

    # -- internals ------------------------------------------------------------------------------

    def _state(self, spec: ModelSpec) -> _ModelState:
        key = (id(asyncio.get_running_loop()), spec.name)
        st = self._states.get(key)
        if st is None:
            conns = spec.max_connections or self.opts.max_connections
            cap = provider_def(spec).max_connections
            if cap is not None:
                conns = min(conns, cap)
            if conns < 1:
                raise UsageError(f"{spec.name}: max_connections must be at least 1 (got {conns})")
            rpm = self.opts.rpm
            limiter = None
            if rpm:
                from distillq.models.rate import RateLimiter  # only with --rpm: keeps start-up light

                # a bucket holds at least one request: below 1 rpm, one request per 60/rpm s
                limiter = RateLimiter(rpm, 60) if rpm >= 1 else RateLimiter(1, 60 / rpm)
            stats = self._stats.setdefault(spec.name, ModelStats())
            adaptive = self.opts.adaptive
            if adaptive is None:  # a hosted API hides its limit; a server on this machine is not adaptive
                adaptive = spec.provider in REMOTE_PROVIDERS and not is_local(spec)
            st = _ModelState(AdaptiveLimiter(conns, adaptive), limiter, stats)
            self._states[key] = st
        return st

    def _provider(self, spec: ModelSpec) -> Provider:
        key = (id(asyncio.get_running_loop()), spec.name, spec.base_url)
        p = self._providers.get(key)
        if p is None:
            conns = spec.max_connections or self.opts.max_connections
            p = make_provider(spec, spec.timeout or self.opts.timeout, conns)
            self._providers[key] = p
        return p

    def emit(self, spec: ModelSpec) -> None:
        """Report a model's progress (the batch path calls this as its jobs advance)."""
        self._emit(spec.name, self._state(spec))

    def account(self, spec: ModelSpec, out: ModelOutput) -> None:
        """Count a fresh answer's tokens and cost (the batch path's answers too)."""
        self._account(self._state(spec), out)

    def _emit(self, model: str, state: _ModelState) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(model, state.stats, self.total_cost_usd))

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            # Honour the server, plus a little jitter so a crowd of clients does not return in step.
            return retry_after + self._rng.uniform(0, 0.1 * max(retry_after, 0.1))
        expo = min(self.opts.backoff_cap, self.opts.backoff_base * (2 ** (attempt - 1)))
        return self._rng.uniform(expo / 2, expo)  # "equal jitter"

    def _store(self, store: Store, spec: ModelSpec, answers: list[Answer], run_id: str | None) -> None:
        """One loop pass's answers and journal entries in one transaction; after a failed write,
        every answer of the pass (and any later one) goes to the side file."""
        if self.storage_error is None:
            ok = [a for a in answers if a[2].ok]
            errors = [(k, out.error) for k, _, out in answers if not out.ok] if run_id is not None else []
            try:
                if ok or errors:
                    store.put_responses(spec, ok, run_id=run_id, errors=errors)
                return
            except StorageError as exc:
                self.storage_error = exc
        for key, request, out in answers:
            if out.ok and not out.cached:
                self.unstored.save(key, spec.name, request, out)

    async def _wait_pause(self, state: _ModelState) -> None:
        """Hold every request of a model while the server asked us to wait (Retry-After, 429, 529)."""
        while (wait := state.paused_until - time.monotonic()) > 0:
            await asyncio.sleep(wait)

    async def _call(self, spec: ModelSpec, state: _ModelState, request: ChatRequest, key: str) -> ModelOutput:
        provider = self._provider(spec)
        timeout = spec.timeout or self.opts.timeout
        started: float | None = None  # the retry budget counts from the first send, not from queueing
        attempt = 0
        last_error = "unknown error"
        while True:
            attempt += 1
            state.waiting += 1
            try:
                await state.semaphore.acquire()
            finally:
                state.waiting -= 1
            try:
                if self.storage_error is not None:  # the store failed: send nothing more
                    return ModelOutput(text=None, finish_reason="error", error=STORE_FAILED)
                if self.opts.budget_usd is not None and self.total_cost_usd >= self.opts.budget_usd:
                    self.budget_reached = True
                    state.stats.skipped += 1
                    return ModelOutput(text=None, finish_reason="error", error=self.budget_skip_message())
                await self._wait_pause(state)
                if state.limiter is not None:
                    await state.limiter.acquire()
                await state.spreader.wait(state.waiting > 0)
                t0 = time.monotonic()
                if started is None:
                    started = t0
                state.stats.sent += 1
                try:
                    # asyncio.timeout, not wait_for: no extra task per request (CPU is the bottleneck)
                    async with asyncio.timeout(timeout + 5):
                        out = await provider.generate(request.messages, spec.config)
                except TimeoutError:
                    err: CallError | None = CallError("timeout", f"no answer within {timeout:g} s")
                except CallError as exc:
                    err = exc
                except asyncio.CancelledError:  # sent and never answered: may be billed, so counted
                    self.abandoned.add(self.prices, spec, request, key)
                    raise
                else:
                    err = None
                # AIMD: an overload answer shrinks the model's concurrency, a fast success grows it
                overloaded = err is not None and (err.kind == "rate_limit" or err.status == 529)
                latency = time.monotonic() - t0
                state.semaphore.record(latency if err is None else None, overloaded)
                if err is None:
                    state.spreader.answered(latency, state.semaphore.slots, state.waiting > 0)
            finally:
                state.semaphore.release()
            if err is None:
                out.latency_s = time.monotonic() - t0
                out.cost_usd = self.prices.cost(spec.service, spec.model, out.usage)
                self._account(state, out)
                return out
            if err.kind == "content_filter":
                out = ModelOutput(text="", finish_reason="content_filter", latency_s=time.monotonic() - t0)
                return out
            if not err.retryable:
                raise ProviderError(f"{spec.name}: {redact(str(err))}")
            if err.kind == "unreachable":
                state.stats.unreachable_streak += 1
                # Nothing listening and never answered: a wrong base URL, not a flaky server. Fail fast.
                if state.stats.answered == 0 and state.stats.unreachable_streak >= UNREACHABLE_LIMIT:
                    raise ProviderError(
                        f"{spec.name}: {redact(str(err))}; check that the server is running and the base URL"
                    )
            last_error = redact(str(err))
            delay = self._backoff(attempt, err.retry_after)
            if (
                err.retry_after is not None or err.kind == "rate_limit" or err.status in (429, 529)
            ) and state.semaphore.should_pause(overloaded):
                # The server is overloaded for everyone: pause the model's whole queue, not one request.
                state.paused_until = max(state.paused_until, time.monotonic() + delay)
            elapsed = time.monotonic() - (started or t0)
            if attempt >= self.opts.max_attempts or elapsed + delay > self.opts.max_retry_time:
                state.stats.errors += 1
                return ModelOutput(
                    text=None,
                    finish_reason="error",
                    error=f"{last_error} (gave up after {attempt} attempts, {elapsed:.0f} s)",
                )
            state.stats.retries += 1
            await asyncio.sleep(delay)

    def _account(self, state: _ModelState, out: ModelOutput) -> None:
        state.stats.answered += 1
        state.stats.truncated += out.finish_reason == "length"
        state.stats.unreachable_streak = 0
        state.stats.input_tokens += out.usage.input_tokens
        state.stats.output_tokens += out.usage.output_tokens
        state.stats.cost_usd += out.cost_usd
        self._spent_pico += round(out.cost_usd * 1e12)
        self.total_cost_usd = self._spent_pico / 1e12
