"""Anthropic's Message Batches through the official SDK (`client.messages.batches`).

Why apart from `batch.py`: the runner is provider-neutral; this is Anthropic's wire format (the
same Messages params as a live call, so answers match) and its error mapping.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Awaitable
from typing import Any, TypeVar

import anthropic

from distillq.env import redact
from distillq.models.batch import BatchStatus, SdkBatches, sdk_call
from distillq.models.providers.anthropic_api import AnthropicProvider, message_output
from distillq.models.providers.base import CallError
from distillq.models.spec import ModelSpec
from distillq.models.types import ChatRequest, GenerateConfig, ModelOutput

T = TypeVar("T")
RETRYABLE_TYPES = ("api_error", "overloaded_error", "rate_limit_error", "timeout_error")


class AnthropicBatches(SdkBatches):
    max_requests = 100_000  # Anthropic's limits per batch: 100,000 requests, 256 MB
    max_bytes = 200 * 1024 * 1024

    def __init__(self, spec: ModelSpec, timeout: float) -> None:
        super().__init__(AnthropicProvider(spec, timeout, 4))

    def entry(self, key: str, request: ChatRequest, config: GenerateConfig) -> dict[str, Any]:
        # custom_id: 1-64 of [A-Za-z0-9_-]; a request key is 64 hex digits
        return {"custom_id": key, "params": self.live.request_params(request.messages, config)}

    async def submit(self, entries: list[dict[str, Any]], tag: str) -> str:
        job = await _call(self.client.messages.batches.create(requests=entries))
        return str(job.id)

    async def find(self, tag: str, since: float, n: int) -> str | None:
        """Message batches carry no metadata: adopt the job created within a minute after we
        journalled ours with the same number of requests (the only trace a kill can leave)."""
        page = await _call(self.client.messages.batches.list(limit=100))
        async for job in page:
            created = job.created_at.timestamp() if isinstance(job.created_at, _dt.datetime) else 0.0
            if since - 5 <= created <= since + 60 and _total(job.request_counts) == n:
                return str(job.id)
            if created < since - 600:
                break
        return None

    async def poll(self, batch_id: str) -> BatchStatus:
        job = await _call(self.client.messages.batches.retrieve(batch_id))
        total = _total(job.request_counts)
        done = total - job.request_counts.processing
        return BatchStatus(job.processing_status, done, total, job.processing_status == "ended")

    async def results(self, batch_id: str) -> dict[str, ModelOutput | CallError]:
        out: dict[str, ModelOutput | CallError] = {}
        decoder = await _call(self.client.messages.batches.results(batch_id))
        async for item in decoder:
            res = item.result
            if res.type == "succeeded":
                out[item.custom_id] = message_output(res.message)
            elif res.type == "errored":
                kind = getattr(getattr(res.error, "error", None), "type", "api_error")
                msg = getattr(getattr(res.error, "error", None), "message", "") or kind
                retry = kind in RETRYABLE_TYPES
                out[item.custom_id] = CallError(
                    "server" if retry else "bad_request", f"{kind}: {redact(msg)}"
                )
            else:  # canceled or expired: never answered, worth another batch
                out[item.custom_id] = CallError("server", f"batch request {res.type}")
        return out


def _total(c: Any) -> int:
    return int(c.processing + c.succeeded + c.errored + c.canceled + c.expired)


def _call(call: Awaitable[T]) -> Awaitable[T]:
    return sdk_call(call, anthropic)
