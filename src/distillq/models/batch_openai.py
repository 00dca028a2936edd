"""OpenAI's Batch API through the official SDK: a JSONL file to `/v1/files`, a job on `/v1/batches`.

Why apart from `batch.py`: the runner is provider-neutral; this is the OpenAI wire format (the
same chat-completions body as a live call, so answers match) and its error mapping.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any, TypeVar

import openai

from distillq.env import redact
from distillq.models.batch import BatchStatus, SdkBatches, sdk_call
from distillq.models.providers.base import CallError
from distillq.models.providers.openai_api import OpenAIProvider, classify_status, completion_output
from distillq.models.spec import ModelSpec
from distillq.models.types import ChatRequest, GenerateConfig, ModelOutput

T = TypeVar("T")
ENDED = ("completed", "expired", "failed", "cancelled")
TAG = "distillq_tag"


class OpenAIBatches(SdkBatches):
    max_requests = 50_000  # OpenAI's limits per batch: 50,000 requests, a 200 MB input file
    max_bytes = 180 * 1024 * 1024

    def __init__(self, spec: ModelSpec, timeout: float) -> None:
        super().__init__(OpenAIProvider(spec, timeout, 4))

    def entry(self, key: str, request: ChatRequest, config: GenerateConfig) -> dict[str, Any]:
        body = self.live.request_body(request.messages, config)
        return {"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body}

    async def submit(self, entries: list[dict[str, Any]], tag: str) -> str:
        data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8")
        f = await _call(self.client.files.create(file=("distillq-batch.jsonl", data), purpose="batch"))
        job = await _call(
            self.client.batches.create(
                input_file_id=f.id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
                metadata={TAG: tag},
            )
        )
        return str(job.id)

    async def find(self, tag: str, since: float, n: int) -> str | None:
        """The job carrying our tag in its metadata, among those created since `since` (minus slack)."""
        page = await _call(self.client.batches.list(limit=100))
        async for job in page:
            if (job.metadata or {}).get(TAG) == tag:
                return str(job.id)
            if job.created_at < since - 600:
                break
        return None

    async def poll(self, batch_id: str) -> BatchStatus:
        job = await _call(self.client.batches.retrieve(batch_id))
        c = job.request_counts
        done = (c.completed + c.failed) if c is not None else 0
        return BatchStatus(job.status, done, c.total if c is not None else 0, job.status in ENDED)

    async def results(self, batch_id: str) -> dict[str, ModelOutput | CallError]:
        job = await _call(self.client.batches.retrieve(batch_id))
        if job.status == "failed":  # the input was rejected as a whole (validation)
            why = "; ".join(e.message or "" for e in (job.errors.data or [])) if job.errors else ""
            raise CallError("bad_request", f"batch {batch_id} failed: {why or 'no reason given'}")
        out: dict[str, ModelOutput | CallError] = {}
        for fid in (job.output_file_id, job.error_file_id):
            if not fid:
                continue
            content = await _call(self.client.files.content(fid))
            for line in content.text.splitlines():
                if line.strip():
                    cid, res = parse_line(json.loads(line))
                    out[cid] = res
        return out


def parse_line(item: dict[str, Any]) -> tuple[str, ModelOutput | CallError]:
    """One line of a batch output or error file: an answer or a classified error."""
    cid = str(item.get("custom_id"))
    resp, err = item.get("response"), item.get("error")
    if isinstance(resp, dict) and resp.get("status_code") == 200:
        try:
            return cid, completion_output(resp.get("body"))
        except (ValueError, CallError) as exc:
            return cid, CallError("malformed", f"malformed batch answer: {redact(str(exc))[:200]}")
    if isinstance(resp, dict):
        return cid, classify_status(int(resp.get("status_code") or 500), json.dumps(resp.get("body")), {})
    code = (err or {}).get("code") or "unknown"
    msg = (err or {}).get("message") or ""
    # expired or cancelled requests were never answered: worth another batch
    return cid, CallError("server", f"batch request {code}: {redact(str(msg))[:200]}")


def _call(call: Awaitable[T]) -> Awaitable[T]:
    return sdk_call(call, openai)
