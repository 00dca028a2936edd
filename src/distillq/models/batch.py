"""`--batch`: send requests through the providers' batch APIs at half the price.

Why: a study is ~35,000 target requests plus a judge call each; OpenAI's Batch API (JSONL file +
`/v1/batches`) and Anthropic's Message Batches bill half and have their own rate limits. A batch
answer is stored under the same request key as a live one, so either path is a cache hit for the
other. Every job is journalled in the store before it is submitted (`batch_journal`), so a killed
process picks its jobs up again and never submits the same requests twice. Requests a batch
could not answer (server errors, expiry) go into a follow-up batch, up to `max_rounds` batches.
With a dollar budget, a batch is billed after it ends, so each submission is checked first: its
projected cost (`BatchBudget`) plus what is spent and what jobs in flight may still cost must fit.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from distillq.env import redact
from distillq.errors import ProviderError, UsageError
from distillq.models.batch_journal import BatchJob, BatchJournal
from distillq.models.providers.base import CallError
from distillq.models.spec import ModelSpec
from distillq.models.types import ChatRequest, GenerateConfig, ModelOutput, Usage

BATCH_PROVIDERS = ("openai", "anthropic")
T = TypeVar("T")


def supports_batch(spec: ModelSpec) -> bool:
    """Only OpenAI and Anthropic have a batch API distillq speaks; other models stay live."""
    return spec.provider in BATCH_PROVIDERS


@dataclass
class BatchOptions:
    first_poll_s: float = 0.5  # polls start fast (small jobs end in seconds) and slow down
    poll_s: float = 60.0  # longest wait between polls
    max_rounds: int = 3  # batches per request before its failure is final


@dataclass
class BatchBudget:
    """The dollar budget as the batch path keeps it: requests are priced before they are sent.

    project: an upper-bound estimate of one request's cost at the batch rate (input from its text,
    output at its max_tokens); spent: dollars already accounted by the engine.
    """

    limit: float
    spent: Callable[[], float]
    project: Callable[[ChatRequest], float]


@dataclass
class BatchStatus:
    state: str  # the provider's word: validating, in_progress, completed, expired, ended...
    done: int
    total: int
    ended: bool


class BatchBackend(Protocol):
    max_requests: int
    max_bytes: int

    def entry(self, key: str, request: ChatRequest, config: GenerateConfig) -> dict[str, Any]: ...

    async def submit(self, entries: list[dict[str, Any]], tag: str) -> str: ...

    async def find(self, tag: str, since: float, n: int) -> str | None: ...

    async def poll(self, batch_id: str) -> BatchStatus: ...

    async def results(self, batch_id: str) -> dict[str, ModelOutput | CallError]: ...

    async def aclose(self) -> None: ...


class SdkBatches:
    """What both SDK backends share: the live provider (its client, and its request body builder)."""

    def __init__(self, live: Any) -> None:
        self.live = live
        self.client = live.client

    async def aclose(self) -> None:
        await self.live.aclose()


async def sdk_call(call: Awaitable[T], sdk: Any) -> T:
    """Await an `openai` or `anthropic` SDK call (`sdk` is the module: both name their errors alike),
    turning its exceptions into classified `CallError`s."""
    from distillq.models.providers.openai_api import classify_status

    base_error: type[Exception] = getattr(sdk, "OpenAIError", None) or sdk.AnthropicError
    try:
        return await call
    except sdk.APIStatusError as exc:
        raise classify_status(exc.status_code, exc.response.text[:500], exc.response.headers) from None
    except sdk.APITimeoutError:
        raise CallError("timeout", "request timed out") from None
    except sdk.APIConnectionError as exc:
        raise CallError("connection", f"connection error: {redact(str(exc.__cause__ or exc))}") from None
    except base_error as exc:
        raise CallError("server", redact(str(exc))[:200]) from None  # e.g. results before the end


def make_backend(spec: ModelSpec, timeout: float) -> BatchBackend:
    if spec.provider == "openai":
        from distillq.models.batch_openai import OpenAIBatches

        return OpenAIBatches(spec, timeout)
    if spec.provider == "anthropic":
        from distillq.models.batch_anthropic import AnthropicBatches

        return AnthropicBatches(spec, timeout)
    raise UsageError(f"{spec.name} has no batch API; run it without --batch")


OnAnswer = Callable[[str, ChatRequest, ModelOutput], None]
OnError = Callable[[str, str], None]
OnState = Callable[[str, int], None]


class BatchRunner:
    """Submits, resumes and polls the batch jobs of one model until every wanted key is settled."""

    def __init__(
        self,
        backend: BatchBackend,
        journal: BatchJournal,
        spec: ModelSpec,
        opts: BatchOptions,
        on_answer: OnAnswer,
        on_error: OnError,
        on_state: OnState,
        budget: BatchBudget | None = None,
        on_skip: Callable[[str], None] | None = None,
    ) -> None:
        self.backend, self.journal, self.spec, self.opts = backend, journal, spec, opts
        self.on_answer, self.on_error, self.on_state = on_answer, on_error, on_state
        self.budget, self.on_skip = budget, on_skip
        self._status: dict[str, BatchStatus] = {}

    async def run(self, wanted: dict[str, ChatRequest]) -> None:
        active = await self._resume(wanted)
        covered = {k for job in active for k in job.requests}
        todo = {k: r for k, r in wanted.items() if k not in covered}
        rounds: dict[str, int] = {k: 1 for k in covered & wanted.keys()}
        while todo or active:
            if todo:
                todo = self._within_budget(todo, active)
            if todo:
                for k in todo:
                    rounds[k] = rounds.get(k, 0) + 1
                active += await self._submit(todo)
                todo = {}
            delay = self.opts.first_poll_s
            ended: list[BatchJob] = []
            while active:
                ended = await self._poll(active)
                if ended:
                    break
                await asyncio.sleep(delay)
                delay = min(self.opts.poll_s, delay * 1.5)
            for job in ended:
                active.remove(job)
                retry = await self._collect(job, wanted)
                for k, why in retry.items():
                    if rounds.get(k, 1) >= self.opts.max_rounds:
                        self.on_error(k, f"{why} (gave up after {rounds[k]} batches)")
                    else:
                        todo[k] = wanted[k]

    def _within_budget(self, todo: dict[str, ChatRequest], active: list[BatchJob]) -> dict[str, ChatRequest]:
        """The requests (in order) whose projected cost fits in what the budget has left after the
        money spent and the projected cost of jobs still in flight; the rest are skipped."""
        if self.budget is None:
            return todo
        b = self.budget
        room = b.limit - b.spent() - sum(b.project(r) for job in active for r in job.requests.values())
        fit: dict[str, ChatRequest] = {}
        for k, r in todo.items():
            room -= b.project(r)
            if room < 0:
                break
            fit[k] = r
        for k in todo.keys() - fit.keys():
            if self.on_skip is not None:
                self.on_skip(k)
        return fit

    async def _resume(self, wanted: dict[str, ChatRequest]) -> list[BatchJob]:
        """Open jobs of this model holding wanted keys; a job journalled but maybe never submitted
        is looked up at the provider by its tag, and forgotten if the provider never got it."""
        active = []
        for job in self.journal.open_jobs(self.spec.name):
            if job.batch_id is None:
                found = await self.backend.find(job.tag, job.created_at, len(job.requests))
                if found is None:
                    self.journal.drop(job.tag)
                    continue
                self.journal.submitted(job.tag, found)
                job.batch_id = found
            if wanted.keys() & job.requests.keys():
                active.append(job)
        return active

    async def _submit(self, todo: dict[str, ChatRequest]) -> list[BatchJob]:
        jobs = []
        for chunk in self._chunks(todo):
            tag = uuid.uuid4().hex
            self.journal.begin(tag, self.spec.provider, self.spec.name, chunk)
            entries = [self.backend.entry(k, r, self.spec.config) for k, r in chunk.items()]
            try:
                batch_id = await self.backend.submit(entries, tag)
            except CallError as exc:
                if not exc.retryable:  # rejected: it does not exist at the provider
                    self.journal.drop(tag)
                    raise ProviderError(f"{self.spec.name}: batch rejected: {redact(str(exc))}") from None
                raise ProviderError(  # it may exist: the next run looks it up by its tag
                    f"{self.spec.name}: could not submit a batch ({redact(str(exc))}); run the same "
                    "command again to pick it up"
                ) from None
            self.journal.submitted(tag, batch_id)
            jobs.append(BatchJob(tag, batch_id, self.spec.name, "submitted", time.time(), chunk))
        return jobs

    def _chunks(self, todo: dict[str, ChatRequest]) -> list[dict[str, ChatRequest]]:
        """Split by the provider's limits on requests and bytes per batch."""
        chunks: list[dict[str, ChatRequest]] = [{}]
        size = 0
        for k, r in todo.items():
            n = len(json.dumps(self.backend.entry(k, r, self.spec.config)).encode("utf-8")) + 1
            if chunks[-1] and (
                len(chunks[-1]) >= self.backend.max_requests or size + n > self.backend.max_bytes
            ):
                chunks.append({})
                size = 0
            chunks[-1][k] = r
            size += n
        return [c for c in chunks if c]

    async def _poll(self, active: list[BatchJob]) -> list[BatchJob]:
        ended = []
        for job in active:
            assert job.batch_id is not None
            try:
                st = await self.backend.poll(job.batch_id)
            except CallError as exc:
                if not exc.retryable:
                    raise ProviderError(
                        f"{self.spec.name}: batch {job.batch_id}: {redact(str(exc))}"
                    ) from None
                continue  # a transient error while polling: ask again next time
            self._status[job.tag] = st
            if st.ended:
                ended.append(job)
        done = sum(s.done for s in self._status.values())
        states = sorted({s.state for t, s in self._status.items() if any(j.tag == t for j in active)})
        self.on_state(f"batch {'/'.join(states)}", done)
        return ended

    async def _collect(self, job: BatchJob, wanted: dict[str, ChatRequest]) -> dict[str, str]:
        """Deliver a finished job's answers; return the wanted keys worth another batch, with why."""
        assert job.batch_id is not None
        try:
            results = await self.backend.results(job.batch_id)
        except CallError as exc:
            raise ProviderError(f"{self.spec.name}: batch {job.batch_id}: {redact(str(exc))}") from None
        retry: dict[str, str] = {}
        for key, req in job.requests.items():
            res = results.get(key, CallError("server", f"no result for this request in batch {job.batch_id}"))
            if isinstance(res, CallError) and res.kind == "content_filter":  # an answer, as when live
                res = ModelOutput(text="", finish_reason="content_filter")
            if isinstance(res, ModelOutput):
                self.on_answer(key, req, res)
            elif key in wanted and res.retryable:
                retry[key] = redact(str(res))
            elif key in wanted:
                self.on_error(key, f"batch {job.batch_id}: {redact(str(res))}")
        self.journal.finish(job.tag, self._status.get(job.tag, BatchStatus("ended", 0, 0, True)).state)
        return retry


async def generate_batched(
    engine: Any,
    spec: ModelSpec,
    stats: Any,
    wanted: dict[str, ChatRequest],
    deliver: Callable[[str, ModelOutput], None],
) -> None:
    """The engine's batch path for one `generate` call: answers go through `deliver` (which stores
    them under the run) as each job ends, priced at the batch rate; answers for keys of an older job
    that this call does not want are stored in the cache all the same (they are paid for)."""
    store = engine.store
    if store is None:
        raise UsageError("--batch needs a results directory (the store keeps the batch ids)")
    journal = BatchJournal(store)
    backend = make_backend(spec, spec.timeout or engine.opts.timeout)
    stats.batched += len(wanted)

    def on_answer(key: str, req: ChatRequest, out: ModelOutput) -> None:
        out.cost_usd = engine.prices.cost(spec.service, spec.model, out.usage, batch=True)
        engine.account(spec, out)
        if key in wanted:
            deliver(key, out)
        else:
            store.put_response(key, spec, req, out)

    def on_error(key: str, why: str) -> None:
        stats.errors += 1
        deliver(key, ModelOutput(text=None, finish_reason="error", error=why))

    def on_state(text: str, done: int) -> None:
        stats.batch_state = f"{text} {done}/{len(wanted)}"
        engine.emit(spec)

    def on_skip(key: str) -> None:  # as the live path does when the budget is reached
        engine.budget_reached = True
        stats.skipped += 1
        stats.batched -= 1
        deliver(key, ModelOutput(text=None, finish_reason="error", error=engine.budget_skip_message()))

    limit = engine.opts.budget_usd
    budget = None
    if limit is not None:
        budget = BatchBudget(
            limit, lambda: float(engine.total_cost_usd), lambda r: project_cost(engine, spec, r)
        )
    opts = BatchOptions(poll_s=engine.opts.batch_poll_s)
    runner = BatchRunner(backend, journal, spec, opts, on_answer, on_error, on_state, budget, on_skip)
    try:
        await runner.run(wanted)
    finally:
        stats.batch_state = ""
        await backend.aclose()


ASSUMED_MAX_TOKENS = 2048  # the answer cap assumed for a projection when the model sets none


def project_cost(engine: Any, spec: ModelSpec, request: ChatRequest) -> float:
    """An upper-bound guess of one request's batch cost: a token per 3 bytes of UTF-8 text (most
    tokenizers need fewer), 4 per message, and an answer as long as max_tokens allows."""
    text_bytes = sum(len(str(m.get("content") or "").encode("utf-8")) for m in request.messages)
    tokens_in = text_bytes // 3 + 4 * len(request.messages) + 1
    tokens_out = spec.config.max_tokens or ASSUMED_MAX_TOKENS
    return float(engine.prices.cost(spec.service, spec.model, Usage(tokens_in, tokens_out), batch=True))
