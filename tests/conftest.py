"""Shared fixtures: where ../shared is (skipping cleanly when it is absent), what an engine decided, a refused port."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from distillq.models.engine import Engine

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_path() -> Path:
    env = os.environ.get("DISTILLQ_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def client_timeout(kind: str) -> float:
    """Short where the test needs the client to give up on a hanging server, generous elsewhere.

    Why: a client that gives up on an answer the server is still sending asks again, and the server
    then answers that prompt twice. On a loaded 2-core machine a normal answer from the in-process
    server took up to 1 s (64 connections, load 11), so 0.5 s made the exact answer counts flaky."""
    return 2.0 if kind == "timeout" else 30.0


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    p = shared_path()
    if not (p / "data").is_dir():
        pytest.skip(f"shared data not found at {p} (set DISTILLQ_SHARED); a fresh clone has none")
    return p


@pytest.fixture
def chosen_delays(monkeypatch: pytest.MonkeyPatch) -> Callable[[Engine], list[float]]:
    """Record every wait an engine chooses before retrying (also the last, never slept).

    Why: tests of Retry-After and retry budgets check the engine's decisions, which are exact,
    instead of the wall clock alone, which a loaded machine stretches at will."""

    def attach(eng: Engine) -> list[float]:
        delays: list[float] = []
        choose = eng._backoff

        def recording(attempt: int, retry_after: float | None) -> float:
            delays.append(choose(attempt, retry_after))
            return delays[-1]

        monkeypatch.setattr(eng, "_backoff", recording)
        return delays

    return attach


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A loopback port where every connection is refused, for as long as the test runs.

    Why bound and kept: a port found free and closed again can be taken by any other process
    (another test run's fake server) before the test connects. Bound without listen(), it refuses
    connections and nobody else can take it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])
