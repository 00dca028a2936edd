"""The fake server's batch APIs: OpenAI Files + Batches and Anthropic Message Batches, in memory.

Why: `--batch` must be tested end to end through the official SDKs (upload, create, poll,
download, partial failures, expiry, resume after a kill) without a network. A batch is
"processed" lazily: its answers are computed when it is first looked at after `latency_s`, with
the same deterministic answers the live routes give, so a batch answer equals the live one.
Batch work never counts in `requests` (live calls); `batches` counts jobs created.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as email_policy
from typing import Any

from distillq.testing.fake_answers import ScriptRule, answer_for
from distillq.testing.fake_apis import ANTHROPIC, OPENAI, Call
from distillq.testing.fake_http import Request, error_body

PREFIXES = ("/v1/files", "/v1/batches", "/v1/messages/batches")


@dataclass
class Job:
    """One batch job, OpenAI or Anthropic; `lines` are (custom_id, request body) in input order."""

    id: str
    api: str
    number: int
    lines: list[tuple[str, dict[str, Any]]]
    created: float
    input_file_id: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    cancelled: bool = False
    outcome: dict[str, tuple[str, Any]] | None = None  # custom_id -> (kind, payload) once ended
    output_file_id: str | None = None
    error_file_id: str | None = None


@dataclass(frozen=True)
class BatchBehaviour:
    """How the fake batch API behaves: how long a job takes, what share of requests fail or expire."""

    latency_s: float = 0.2
    fail_rate: float = 0.0
    expire_rate: float = 0.0


class FakeBatches:
    """State and routes of the batch APIs; `handle` answers a request under one of PREFIXES."""

    def __init__(
        self, seed: int = 0, behaviour: BatchBehaviour | None = None, rules: list[ScriptRule] | None = None
    ) -> None:
        b = behaviour or BatchBehaviour()
        self.seed, self.latency_s = seed, b.latency_s
        self.fail_rate, self.expire_rate = b.fail_rate, b.expire_rate
        self.rules = rules or []
        self.files: dict[str, tuple[str, bytes]] = {}  # id -> (purpose, content)
        self.jobs: dict[str, Job] = {}
        self.created = 0  # jobs ever created (stats: `batches`)
        self.batch_requests = 0

    def stats(self) -> dict[str, int]:
        return {"batches": self.created, "batch_requests": self.batch_requests, "files": len(self.files)}

    def reset_stats(self) -> None:
        self.created = self.batch_requests = 0

    # -- routing ----------------------------------------------------------------------------------
    def handle(self, req: Request, key: str | None) -> tuple[int, Any, str]:
        """(status, body, content type): JSON bodies are dicts, JSONL/file bodies are bytes."""
        parts = [p for p in req.path.rstrip("/").split("/") if p][1:]  # drop "v1"
        anthropic = parts[:2] == ["messages", "batches"]
        api = ANTHROPIC if anthropic else OPENAI
        if key is not None and not api.authorized(req.headers, key):
            return 401, api.error("auth", api.auth_message), "json"
        try:
            if anthropic:
                return self._anthropic(req, parts[2:])
            if parts[0] == "files":
                return self._files(req, parts[1:])
            return self._openai(req, parts[1:])
        except (ValueError, KeyError, TypeError) as e:
            return 400, api.error("bad_request", f"invalid request: {e}"), "json"

    def _missing(self, api: Any, what: str) -> tuple[int, Any, str]:
        return 404, api.error("not_found", f"no such {what}"), "json"

    # -- OpenAI files -----------------------------------------------------------------------------
    def _files(self, req: Request, rest: list[str]) -> tuple[int, Any, str]:
        if req.method == "POST" and not rest:
            purpose, content, name = _multipart(req)
            fid = f"file-fake{len(self.files) + 1:06d}"
            self.files[fid] = (purpose, content)
            return 200, _file_obj(fid, purpose, content, name), "json"
        if not rest or rest[0] not in self.files:
            return self._missing(OPENAI, "file")
        purpose, content = self.files[rest[0]]
        if req.method == "GET" and rest[1:] == ["content"]:
            return 200, content, "raw"
        if req.method == "GET" and len(rest) == 1:
            return 200, _file_obj(rest[0], purpose, content, "input.jsonl"), "json"
        return 405, error_body("method not allowed", "invalid_request_error"), "json"

    # -- OpenAI batches ---------------------------------------------------------------------------
    def _openai(self, req: Request, rest: list[str]) -> tuple[int, Any, str]:
        if req.method == "POST" and not rest:
            body = json.loads(req.body or b"null")
            fid = body["input_file_id"]
            if fid not in self.files:
                return self._missing(OPENAI, f"file {fid}")
            if body.get("endpoint") != "/v1/chat/completions":
                raise ValueError("only /v1/chat/completions batches are supported")
            lines = []
            for raw in self.files[fid][1].decode("utf-8").splitlines():
                if raw.strip():
                    item = json.loads(raw)
                    lines.append((str(item["custom_id"]), item["body"]))
            new = self._new(f"batch_fake{self.created + 1:06d}", "openai", lines)
            new.input_file_id, new.metadata = fid, body.get("metadata") or {}
            return 200, self._openai_obj(new), "json"
        if req.method == "GET" and not rest:
            jobs = [j for j in self.jobs.values() if j.api == "openai"][::-1]
            data = [self._openai_obj(j) for j in jobs[: int(req.query.get("limit", "20"))]]
            return 200, {"object": "list", "data": data, "has_more": False}, "json"
        job = self.jobs.get(rest[0])
        if job is None or job.api != "openai":
            return self._missing(OPENAI, "batch")
        if req.method == "POST" and rest[1:] == ["cancel"]:
            job.cancelled = True
        return 200, self._openai_obj(job), "json"

    def _openai_obj(self, job: Job) -> dict[str, Any]:
        done, status = self._progress(job)
        counts = {"total": len(job.lines), "completed": done, "failed": 0}
        if job.outcome is not None:
            counts["completed"] = sum(1 for k, _ in job.outcome.values() if k == "ok")
            counts["failed"] = len(job.lines) - counts["completed"]
            if job.output_file_id is None:
                job.output_file_id, job.error_file_id = self._openai_files(job)
        return {
            "id": job.id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "errors": None,
            "input_file_id": job.input_file_id,
            "completion_window": "24h",
            "status": {"ended": "completed"}.get(status, status),
            "output_file_id": job.output_file_id,
            "error_file_id": job.error_file_id,
            "created_at": int(job.created),
            "in_progress_at": int(job.created),
            "expires_at": int(job.created) + 86400,
            "completed_at": int(time.time()) if status == "completed" else None,
            "expired_at": int(time.time()) if status == "expired" else None,
            "cancelled_at": int(time.time()) if status == "cancelled" else None,
            "request_counts": counts,
            "metadata": job.metadata,
        }

    def _openai_files(self, job: Job) -> tuple[str | None, str | None]:
        assert job.outcome is not None
        out, err = [], []
        for i, (cid, _) in enumerate(job.lines):
            kind, payload = job.outcome[cid]
            line: dict[str, Any] = {"id": f"batch_req_{job.number}_{i}", "custom_id": cid}
            if kind == "ok":
                line |= {"response": {"status_code": 200, "request_id": f"req_{i}", "body": payload}}
                line["error"] = None
                out.append(line)
            elif kind == "failed":
                body = OPENAI.error("server", "The server had an error while processing your request.")
                line |= {"response": {"status_code": 500, "request_id": f"req_{i}", "body": body}}
                line["error"] = None
                err.append(line)
            else:
                line |= {"response": None, "error": {"code": f"batch_{kind}", "message": f"request {kind}"}}
                err.append(line)
        ids: list[str | None] = []
        for lines in (out, err):
            if not lines:
                ids.append(None)
                continue
            fid = f"file-fake{len(self.files) + 1:06d}"
            data = "".join(json.dumps(x) + "\n" for x in lines).encode("utf-8")
            self.files[fid] = ("batch_output", data)
            ids.append(fid)
        return ids[0], ids[1]

    # -- Anthropic message batches ----------------------------------------------------------------
    def _anthropic(self, req: Request, rest: list[str]) -> tuple[int, Any, str]:
        host = req.headers.get("host", "127.0.0.1")
        if req.method == "POST" and not rest:
            if not req.headers.get("anthropic-version"):
                raise ValueError("anthropic-version: header is required")
            body = json.loads(req.body or b"null")
            lines = [(str(r["custom_id"]), r["params"]) for r in body["requests"]]
            new = self._new(f"msgbatch_fake{self.created + 1:06d}", "anthropic", lines)
            return 200, self._anthropic_obj(new, host), "json"
        if req.method == "GET" and not rest:
            jobs = [j for j in self.jobs.values() if j.api == "anthropic"][::-1]
            data = [self._anthropic_obj(j, host) for j in jobs[: int(req.query.get("limit", "20"))]]
            first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
            return 200, {"data": data, "has_more": False, "first_id": first, "last_id": last}, "json"
        job = self.jobs.get(rest[0])
        if job is None or job.api != "anthropic":
            return self._missing(ANTHROPIC, "message batch")
        if req.method == "POST" and rest[1:] == ["cancel"]:
            job.cancelled = True
        if req.method == "GET" and rest[1:] == ["results"]:
            self._progress(job)
            if job.outcome is None:
                return 400, ANTHROPIC.error("bad_request", "batch is still processing"), "json"
            return 200, self._anthropic_results(job), "raw"
        return 200, self._anthropic_obj(job, host), "json"

    def _anthropic_obj(self, job: Job, host: str) -> dict[str, Any]:
        done, status = self._progress(job)
        counts = {"processing": len(job.lines) - done, "succeeded": done, "errored": 0}
        counts |= {"canceled": 0, "expired": 0}
        if job.outcome is not None:
            counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
            for kind, _ in job.outcome.values():
                name = {"ok": "succeeded", "failed": "errored", "cancelled": "canceled"}.get(kind, kind)
                counts[name] += 1
        ended = job.outcome is not None
        return {
            "id": job.id,
            "type": "message_batch",
            "processing_status": "ended" if ended else ("canceling" if job.cancelled else "in_progress"),
            "request_counts": counts,
            "created_at": _rfc3339(job.created),
            "ended_at": _rfc3339(time.time()) if ended else None,
            "expires_at": _rfc3339(job.created + 86400),
            "archived_at": None,
            "cancel_initiated_at": _rfc3339(time.time()) if job.cancelled else None,
            "results_url": f"http://{host}/v1/messages/batches/{job.id}/results" if ended else None,
        }

    def _anthropic_results(self, job: Job) -> bytes:
        assert job.outcome is not None
        lines = []
        for cid, _ in job.lines:
            kind, payload = job.outcome[cid]
            if kind == "ok":
                result: dict[str, Any] = {"type": "succeeded", "message": payload}
            elif kind == "failed":
                result = {"type": "errored", "error": ANTHROPIC.error("server", "Internal server error")}
            else:
                result = {"type": {"cancelled": "canceled"}.get(kind, kind)}
            lines.append(json.dumps({"custom_id": cid, "result": result}) + "\n")
        return "".join(lines).encode("utf-8")

    # -- processing -------------------------------------------------------------------------------
    def _new(self, job_id: str, api: str, lines: list[tuple[str, dict[str, Any]]]) -> Job:
        if not lines:
            raise ValueError("a batch needs at least one request")
        self.created += 1
        self.batch_requests += len(lines)
        job = Job(job_id, api, self.created, lines, time.time())
        self.jobs[job_id] = job
        return job

    def _progress(self, job: Job) -> tuple[int, str]:
        """(requests done, status); ends the job (computing every answer) once its time is up."""
        if job.outcome is not None:
            kinds = {k for k, _ in job.outcome.values()}
            return len(job.lines), (
                "cancelled" if job.cancelled else "expired" if "expired" in kinds else "completed"
            )
        elapsed = time.time() - job.created
        if elapsed < self.latency_s and not job.cancelled:
            return int(len(job.lines) * elapsed / max(self.latency_s, 1e-9)), "in_progress"
        job.outcome = {}
        for i, (cid, body) in enumerate(job.lines):
            job.outcome[cid] = self._answer(job, i, body)
        return self._progress(job)

    def _answer(self, job: Job, i: int, body: dict[str, Any]) -> tuple[str, Any]:
        rng = random.Random(f"batch:{self.seed}:{job.number}:{i}")
        roll = rng.random()
        if job.cancelled:
            return "cancelled", None
        if roll < self.expire_rate:
            return "expired", None
        if roll < self.expire_rate + self.fail_rate:
            return "failed", None
        api = ANTHROPIC if job.api == "anthropic" else OPENAI
        call: Call = api.parse(body)
        ans = answer_for(call.model, call.messages, self.seed, call.seed, self.rules)
        return "ok", api.completion(job.number * 100000 + i, call, ans)


def _multipart(req: Request) -> tuple[str, bytes, str]:
    """(purpose, file content, file name) of a multipart/form-data upload."""
    ctype = req.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise ValueError("file uploads must be multipart/form-data")
    msg = BytesParser(policy=email_policy).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode("latin-1") + req.body
    )
    purpose, content, name = "", b"", "upload.jsonl"
    for part in msg.iter_parts():
        field_name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""  # decode=True on a leaf part gives bytes
        if field_name == "purpose":
            purpose = payload.decode("utf-8")
        elif field_name == "file":
            content, name = payload, part.get_filename() or name
    if purpose != "batch" or not content:
        raise ValueError("upload needs purpose=batch and a non-empty file")
    return purpose, content, name


def _file_obj(fid: str, purpose: str, content: bytes, name: str) -> dict[str, Any]:
    return {
        "id": fid,
        "object": "file",
        "bytes": len(content),
        "created_at": int(time.time()),
        "filename": name,
        "purpose": purpose,
        "status": "processed",
    }


def _rfc3339(t: float) -> str:
    return _dt.datetime.fromtimestamp(t, _dt.UTC).isoformat().replace("+00:00", "Z")
