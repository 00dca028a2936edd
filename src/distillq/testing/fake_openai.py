"""A fake OpenAI-compatible (and Anthropic Messages) chat server on 127.0.0.1, for tests and benchmarks.

Why: the engine's retries, rate limits, timeouts, resume and throughput must be tested against a
real HTTP server that misbehaves on purpose, without a network or an API bill. This one speaks
enough HTTP/1.1 (keep-alive, Content-Length bodies) for the official `openai` SDK, answers
deterministically, and injects faults at a chosen rate. Stdlib only (asyncio streams).

Run it:

    python -m distillq.testing.fake_openai --port 0 --latency-ms 100 --fault-rate 0.2
    # prints: listening on http://127.0.0.1:PORT
    FAKE_BASE_URL=http://127.0.0.1:PORT/v1 FAKE_API_KEY=x distillq collect --model openai-api/fake/any ...

Or from Python:

    with FakeOpenAIServer(latency_ms=50, fault_rate=0.1) as srv:
        client = openai.AsyncOpenAI(base_url=srv.base_url, api_key="x")
        ...
        srv.stats()["answered"]

Endpoints: POST /v1/chat/completions, POST /v1/messages (Anthropic; the SDK's base URL is
`srv.anthropic_base_url`, without /v1), GET /v1/models, GET /stats[?detail=1], POST /stats/reset,
and the batch APIs (/v1/files, /v1/batches, /v1/messages/batches; see fake_batch.py).
Model names containing `quota`, `unauthorized` or `notfound` always fail (quota, 401, 404) so
clients can test their fail-fast paths. See docs/fake-server.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from distillq.errors import DistillqError, UsageError
from distillq.testing.fake_core import DEFAULT_FAULTS, FAULT_KINDS, FakeServerCore

__all__ = ["FAULT_KINDS", "FakeOpenAIServer", "FakeServerCore", "main", "start_subprocess"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _check_host(host: str) -> None:
    if host not in LOOPBACK_HOSTS and not host.startswith("127."):
        raise UsageError(
            f"host {host!r} is not a loopback address; the fake server only listens on 127.0.0.1"
        )


class FakeOpenAIServer:
    """The fake server in a background thread of this process, on a free port.

    `with FakeOpenAIServer(...) as srv:` starts and stops it; `srv.base_url` is what an OpenAI
    client needs. Options: see FakeServerCore and docs/fake-server.md.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        """`options` are FakeServerCore's (latency_ms, max_concurrency, fault_rate, faults, seed,
        retry_after, script, api_key, hang_s, hidden_limit, batch_*): one list, kept there."""
        _check_host(host)
        self.core = FakeServerCore(**options)
        self._host, self._want_port = host, port
        self._port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeOpenAIServer:
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(
                        self.core.handle_connection, self._host, self._want_port, backlog=1024
                    )
                )
                self._port = self._server.sockets[0].getsockname()[1]
            except BaseException as e:  # reported to the caller of start()
                failure.append(e)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-openai", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread = None
            raise UsageError(f"fake server could not start on {self._host}:{self._want_port}: {failure[0]}")
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            await self.core.close_connections()
            loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        thread.join(timeout=10)
        self._thread = self._loop = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise UsageError("the fake server is not started; call start() first")
        return self._port

    @property
    def base_url(self) -> str:
        """For OpenAI clients: `http://127.0.0.1:PORT/v1`."""
        return f"{self.anthropic_base_url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        """For the Anthropic SDK (`ANTHROPIC_BASE_URL`): `http://127.0.0.1:PORT`; it appends /v1/messages."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    def _call(self, fn: Any) -> Any:
        if self._loop is None:
            raise UsageError("the fake server is not running; call start() first")

        async def run() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=10)

    def stats(self, detail: bool = True) -> dict[str, Any]:
        """A copy of the counters (with answered_by_prompt unless detail=False)."""
        return dict(self._call(lambda: self.core.snapshot(detail)))

    def reset_stats(self) -> None:
        self._call(self.core.reset_stats)


def start_subprocess(timeout_s: float = 60.0, **opts: Any) -> tuple[subprocess.Popen[str], str]:
    """Launch the server in another process; return (process, base_url). The caller terminates it.

    Options are those of FakeServerCore; `script` may be a path or a list of rules (written to a
    temporary JSON file). Used by kill/resume tests, where the server must outlive the client.
    `timeout_s` only bounds the wait for the port line (returned as soon as it comes): generous, as
    a first start on a fresh, loaded machine also compiles every module it imports.
    """
    args = [sys.executable, "-m", "distillq.testing.fake_openai", "--port", str(opts.pop("port", 0))]
    script = opts.pop("script", None)
    if isinstance(script, list):
        script = _temp_json(script)
    if script is not None:
        args += ["--script", str(script)]
    for name, value in opts.items():
        if value is None:
            continue
        if name == "faults":
            value = value if isinstance(value, str) else ",".join(str(f) for f in value)
        args += [f"--{name.replace('_', '-')}", str(value)]
    env = dict(os.environ)
    env.pop("FAKE_API_KEY", None)  # same default as the Python API: accept any key unless api_key given
    src_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src_root, env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    line = _read_line(proc, timeout_s)
    if proc.stdout is not None:
        proc.stdout.close()  # the server writes nothing after the port line; don't leak the pipe
    if not line.startswith("listening on "):
        proc.kill()
        raise DistillqError(f"fake server did not start (got {line!r}); run `{' '.join(args)}` to see why")
    return proc, line.split()[-1].rstrip("/") + "/v1"


def _temp_json(obj: Any) -> str:
    fd, path = tempfile.mkstemp(prefix="fake-openai-script-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f)
    return path


def _read_line(proc: subprocess.Popen[str], timeout_s: float) -> str:
    """First stdout line of `proc`, or '' if it does not come within timeout_s."""
    out: list[str] = []
    assert proc.stdout is not None
    stdout = proc.stdout
    t = threading.Thread(target=lambda: out.append(stdout.readline()), daemon=True)
    t.start()
    t.join(timeout_s)
    return out[0].strip() if out else ""


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m distillq.testing.fake_openai", description=__doc__.split("\n")[0]
    )
    p.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on stdout)")
    p.add_argument("--host", default="127.0.0.1", help="loopback only")
    p.add_argument("--latency-ms", type=float, default=0.0)
    p.add_argument("--max-concurrency", type=int, default=64)
    p.add_argument("--fault-rate", type=float, default=0.0)
    p.add_argument(
        "--faults", default=",".join(DEFAULT_FAULTS), help=f"comma list of {','.join(FAULT_KINDS)}"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--retry-after", type=float, default=1.0, help="seconds in the Retry-After header of 429s")
    p.add_argument("--script", default=None, help="YAML/JSON list of {match, answer, model} rules")
    p.add_argument(
        "--api-key",
        default=None,
        help="require this key: Bearer, or x-api-key on /v1/messages (default: $FAKE_API_KEY, else any)",
    )
    p.add_argument("--hang-s", type=float, default=3600.0, help="how long a `timeout` fault hangs")
    p.add_argument(
        "--hidden-limit", type=int, default=None, help="answer 429 at once above this many requests in flight"
    )
    p.add_argument("--batch-latency-ms", type=float, default=200.0, help="how long a batch job takes")
    p.add_argument("--batch-fail-rate", type=float, default=0.0, help="share of batch requests that fail")
    p.add_argument("--batch-expire-rate", type=float, default=0.0, help="share of batch requests that expire")
    return p.parse_args(argv)


async def _serve(ns: argparse.Namespace) -> None:
    _check_host(ns.host)
    options = {k: v for k, v in vars(ns).items() if k not in ("host", "port")}
    if options.get("api_key") is None:
        options["api_key"] = os.environ.get("FAKE_API_KEY") or None
    core = FakeServerCore(**options)
    try:
        server = await asyncio.start_server(core.handle_connection, ns.host, ns.port, backlog=1024)
    except OSError as e:
        raise UsageError(
            f"cannot listen on {ns.host}:{ns.port}: {e.strerror}; pick another --port or 0"
        ) from e
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"listening on http://{ns.host}:{port}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


def main(argv: Sequence[str] | None = None) -> int:
    ns = _parse_args(argv)
    try:
        asyncio.run(_serve(ns))
    except DistillqError as e:
        sys.stderr.write(f"error: {e.message}\n")
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
