"""Request handling of the fake server (OpenAI and Anthropic APIs): routing, auth, faults, cap, stats.

Why: every misbehaviour a client must survive (429 with Retry-After, 5xx, hangs, resets, broken
JSON, quota/auth/not-found errors) is produced here, deterministically from a seed, while the
counters let tests check what the client really did (e.g. no prompt answered twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from distillq.errors import UsageError
from distillq.testing.fake_answers import ScriptRule, answer_for, load_script, prompt_key
from distillq.testing.fake_apis import ANTHROPIC, OPENAI, TRIGGERS, FakeApi
from distillq.testing.fake_batch import PREFIXES, BatchBehaviour, FakeBatches
from distillq.testing.fake_http import (
    BadHttp,
    Request,
    abort,
    error_body,
    fmt_seconds,
    read_request,
    send,
    send_raw,
)

FAULT_KINDS = ("429", "500", "503", "529", "timeout", "reset", "malformed")
# 529 (Anthropic's "overloaded") is opt-in, so existing seeds keep their fault sequences.
DEFAULT_FAULTS: tuple[str, ...] = ("429", "500", "503", "timeout", "reset", "malformed")


class ServerStats:
    """Counters; only touched from the event loop thread, so no locks."""

    def __init__(self) -> None:
        self.requests = 0
        self.answered = 0
        self.faults = 0
        self.hidden_limit_429 = 0  # 429s from the hidden concurrency limit
        self.faults_by_kind: dict[str, int] = {}
        self.triggered_by_kind: dict[str, int] = {}
        self.rejected_auth = 0
        self.bad_requests = 0
        self.in_flight = 0
        self.waiting = 0
        self.max_in_flight = 0
        self.connections_total = 0
        self.connections_open = 0
        self.requests_by_model: dict[str, int] = {}
        self.requests_by_api: dict[str, int] = {}  # "openai" / "anthropic"
        self.answered_by_api: dict[str, int] = {}
        self.faults_by_api: dict[str, int] = {}
        self.answered_by_prompt: dict[str, int] = {}

    def snapshot(self, detail: bool = False) -> dict[str, Any]:
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in vars(self).items()}
        out["answered_keys_count"] = len(self.answered_by_prompt)
        if not detail:
            del out["answered_by_prompt"]
        return out


class FakeServerCore:
    """The request handling, bound to one event loop. Use FakeOpenAIServer or the CLI to run it."""

    def __init__(
        self,
        latency_ms: float = 0,
        max_concurrency: int = 64,
        fault_rate: float = 0.0,
        faults: Sequence[str] = DEFAULT_FAULTS,
        seed: int = 0,
        retry_after: float = 1.0,
        script: str | Path | list[dict[str, Any]] | None = None,
        api_key: str | None = None,
        hang_s: float = 3600.0,
        hidden_limit: int | None = None,
        batch_latency_ms: float = 200.0,
        batch_fail_rate: float = 0.0,
        batch_expire_rate: float = 0.0,
    ) -> None:
        if isinstance(faults, str):
            faults = [f for f in faults.split(",") if f.strip()]
        faults = tuple(str(f).strip() for f in faults)
        bad = [f for f in faults if f not in FAULT_KINDS]
        if bad:
            raise UsageError(f"unknown fault kind(s) {bad}; choose from {','.join(FAULT_KINDS)}")
        if not 0.0 <= fault_rate <= 1.0:
            raise UsageError(f"fault rate {fault_rate} is not between 0 and 1")
        if fault_rate > 0 and not faults:
            raise UsageError("a fault rate above 0 needs at least one fault kind (--faults)")
        if max_concurrency < 1:
            raise UsageError("max concurrency must be at least 1")
        self.latency_s = latency_ms / 1000.0
        self.max_concurrency = max_concurrency
        self.fault_rate, self.faults, self.seed = fault_rate, tuple(faults), seed
        self.retry_after, self.api_key, self.hang_s = retry_after, api_key, hang_s
        if hidden_limit is not None and hidden_limit < 1:
            raise UsageError("the hidden limit must be at least 1")
        if not (0 <= batch_fail_rate <= 1 and 0 <= batch_expire_rate <= 1):
            raise UsageError("batch fail and expire rates must be between 0 and 1")
        self.hidden_limit = hidden_limit
        self.rules: list[ScriptRule] = load_script(script)
        self.stats = ServerStats()
        behaviour = BatchBehaviour(batch_latency_ms / 1000.0, batch_fail_rate, batch_expire_rate)
        self.batches = FakeBatches(seed, behaviour, self.rules)
        self._active = 0  # chat requests admitted and not yet answered (for the hidden limit)
        self._sem: asyncio.Semaphore | None = None
        self._conns: set[asyncio.Task[Any]] = set()

    # -- connection and HTTP plumbing -------------------------------------------------------
    async def handle_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._conns.add(task)
        self.stats.connections_total += 1
        self.stats.connections_open += 1
        try:
            while True:
                try:
                    req = await read_request(reader)
                except BadHttp as e:
                    self.stats.bad_requests += 1
                    await send(writer, 400, error_body(str(e), "invalid_request_error"), keep=False)
                    break
                if req is None or not await self._dispatch(req, reader, writer) or not req.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:
            pass  # shutdown (close_connections): end quietly, asyncio's stream callback logs cancelled tasks
        finally:
            self.stats.connections_open -= 1
            if task is not None:
                self._conns.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def close_connections(self) -> None:
        """Stop every open connection (also those hanging in a `timeout` fault) and wait for them."""
        tasks = [t for t in self._conns if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _dispatch(
        self, req: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; return False when the connection must be closed."""
        route = (req.method, req.path.rstrip("/"))
        keep = req.keep_alive
        if route == ("POST", "/v1/chat/completions") or route == ("POST", "/chat/completions"):
            return await self._chat(OPENAI, req, reader, writer)
        if route == ("POST", "/v1/messages"):
            return await self._chat(ANTHROPIC, req, reader, writer)
        if route in (("GET", "/v1/models"), ("GET", "/models")):
            data = [{"id": "fake", "object": "model", "created": 0, "owned_by": "distillq"}]
            data += [
                {"id": m, "object": "model", "created": 0, "owned_by": "distillq"}
                for m in self.stats.requests_by_model
            ]
            await send(writer, 200, {"object": "list", "data": data}, keep=keep)
        elif route == ("GET", "/stats"):
            await send(writer, 200, self.snapshot(req.query.get("detail") in ("1", "true")), keep=keep)
        elif req.path.startswith(PREFIXES):
            status, body, kind = self.batches.handle(req, self.api_key)
            if kind == "raw":
                await send_raw(writer, status, body, keep)
            else:
                await send(writer, status, body, keep=keep)
        elif route == ("POST", "/stats/reset"):
            self.reset_stats()
            await send(writer, 200, {"ok": True}, keep=keep)
        elif req.path.rstrip("/") in (
            "/v1/chat/completions",
            "/v1/messages",
            "/v1/models",
            "/stats",
            "/stats/reset",
        ):
            await send(
                writer,
                405,
                error_body(f"method {req.method} not allowed", "invalid_request_error"),
                keep=keep,
            )
        else:
            hint = ""
            if req.path.rstrip("/").endswith("/v1/messages"):  # the Anthropic SDK adds /v1 itself
                hint = "; the Anthropic base URL is http://127.0.0.1:PORT, without /v1"
            body = error_body(f"no route {req.path}{hint}", "invalid_request_error")
            await send(writer, 404, body, keep=keep)
        return True

    def snapshot(self, detail: bool = False) -> dict[str, Any]:
        """Counters of live calls plus the batch APIs' (`batches`: jobs created)."""
        return self.stats.snapshot(detail) | self.batches.stats()

    def reset_stats(self) -> None:
        """Zero the counters but keep live gauges (requests still in flight)."""
        self.batches.reset_stats()
        old = self.stats
        self.stats = ServerStats()
        self.stats.in_flight, self.stats.waiting = old.in_flight, old.waiting
        self.stats.connections_open = old.connections_open

    # -- chat completions ---------------------------------------------------------------------
    def _pick_fault(self, n: int) -> str | None:
        """Deterministic per request number: the same seed gives the same fault sequence."""
        if self.fault_rate <= 0:
            return None
        rng = random.Random(f"{self.seed}:{n}")
        return rng.choice(self.faults) if rng.random() < self.fault_rate else None

    async def _chat(
        self, api: FakeApi, req: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """One chat request in `api`'s wire format: auth, parse, triggers, faults, then the answer."""
        st = self.stats
        st.requests += 1
        st.requests_by_api[api.name] = st.requests_by_api.get(api.name, 0) + 1
        n, keep = st.requests, req.keep_alive
        extra = api.headers(n)

        async def reply(status: int, body: dict[str, Any], more: dict[str, str] | None = None) -> bool:
            await send(writer, status, body, keep=keep, extra={**extra, **(more or {})})
            return True

        if self.api_key is not None and not api.authorized(req.headers, self.api_key):
            st.rejected_auth += 1
            return await reply(401, api.error("auth", api.auth_message))
        problem = api.precheck(req.headers)
        if problem is not None:
            st.bad_requests += 1
            return await reply(400, api.error("bad_request", problem))
        try:
            call = api.parse(json.loads(req.body or b"null"))
        except (ValueError, KeyError, TypeError) as e:
            st.bad_requests += 1
            return await reply(400, api.error("bad_request", f"invalid request body: {e}"))
        model = call.model
        st.requests_by_model[model] = st.requests_by_model.get(model, 0) + 1
        if call.stream:
            st.bad_requests += 1
            return await reply(400, api.error("bad_request", "streaming is not supported"))
        trigger = next((t for t in TRIGGERS if t in model.lower()), None)
        if trigger is not None:
            st.triggered_by_kind[trigger] = st.triggered_by_kind.get(trigger, 0) + 1
            return await reply(*api.trigger(trigger, model))

        if self.hidden_limit is not None and self._active >= self.hidden_limit:
            st.hidden_limit_429 += 1  # a provider's concurrency limit: rejected at once, never queued
            body = api.error("rate_limit", "Too many concurrent requests; retry later.")
            return await reply(429, body, {"Retry-After": fmt_seconds(self.retry_after)})
        self._active += 1
        try:
            return await self._answer(api, call, n, reply, reader, writer, keep, extra)
        finally:
            self._active -= 1

    async def _answer(
        self,
        api: FakeApi,
        call: Any,
        n: int,
        reply: Callable[..., Awaitable[bool]],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        keep: bool,
        extra: dict[str, str],
    ) -> bool:
        """Faults, latency and the answer of one admitted chat request."""
        st, model = self.stats, call.model
        fault = self._pick_fault(n)
        if fault is not None:
            st.faults += 1
            st.faults_by_kind[fault] = st.faults_by_kind.get(fault, 0) + 1
            st.faults_by_api[api.name] = st.faults_by_api.get(api.name, 0) + 1
        if fault == "429":  # rate limiters reject before queueing
            body = api.error("rate_limit", "Rate limit reached; retry later.")
            return await reply(429, body, {"Retry-After": fmt_seconds(self.retry_after)})
        if fault == "timeout":
            await self._hang(reader)
            return False
        await self._wait_latency()
        if fault == "reset":
            abort(writer)
            return False
        if fault in ("500", "503"):
            return await reply(
                int(fault), api.error("server", "The server had an error while processing your request.")
            )
        if fault == "529":
            return await reply(529, api.error("overloaded", "Overloaded"))
        if fault == "malformed":
            await send_raw(writer, 200, api.malformed, keep, extra)
            return True
        ans = answer_for(model, call.messages, self.seed, call.seed, self.rules)
        await reply(200, api.completion(n, call, ans))
        st = self.stats  # may have been reset while we slept
        st.answered += 1
        st.answered_by_api[api.name] = st.answered_by_api.get(api.name, 0) + 1
        key = prompt_key(call.messages)
        st.answered_by_prompt[key] = st.answered_by_prompt.get(key, 0) + 1
        return True

    async def _wait_latency(self) -> None:
        """Queue behind the concurrency cap like a real server, then 'think' for the latency.

        Gauges go through `self.stats` each time, so a reset mid-request stays consistent.
        """
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.max_concurrency)
        self.stats.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.stats.waiting -= 1
        try:
            self.stats.in_flight += 1
            self.stats.max_in_flight = max(self.stats.max_in_flight, self.stats.in_flight)
            if self.latency_s > 0:
                await asyncio.sleep(self.latency_s)
        finally:
            self.stats.in_flight -= 1
            self._sem.release()

    async def _hang(self, reader: asyncio.StreamReader) -> None:
        """Never answer; return as soon as the client gives up and closes, so no task lingers."""
        eof = asyncio.ensure_future(reader.read())
        try:
            await asyncio.wait_for(eof, timeout=self.hang_s)
        except (TimeoutError, ConnectionError):
            pass
        finally:
            eof.cancel()
