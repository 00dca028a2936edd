"""Options several commands share, declared once so their names, defaults and help never drift."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from distillq.cli.common import BATCH_HELP, fail

OutDir = Annotated[Path, typer.Option("--out", help="Results directory.")]
MaxConnections = Annotated[int, typer.Option(help="Concurrent requests per model.")]
Timeout = Annotated[float, typer.Option(help="Seconds per request.")]
MaxAttempts = Annotated[int, typer.Option(help="Attempts per request, retries included.")]
Budget = Annotated[float | None, typer.Option(help="Dollar budget for all calls.")]
Prices = Annotated[Path | None, typer.Option(help="YAML price table for models not in the built-in one.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Ask again even if answers are stored.")]
OldSample = Annotated[int | None, typer.Option("--sample", hidden=True)]  # the old name of --limit
BATCH_POLL_HELP = "Longest wait in seconds between two polls of a batch job (polls start fast and slow down)."


def _positive_seconds(value: float | None) -> float | None:
    """`--batch-poll` above 0 (a zero or negative wait would poll in a busy loop), checked at parse time."""
    if value is not None and not (math.isfinite(value) and value > 0):
        fail(f"--batch-poll must be above 0 seconds (got {value:g}); e.g. --batch-poll 30")
    return value


Batch = Annotated[bool, typer.Option("--batch", help=BATCH_HELP)]
BatchPoll = Annotated[
    float | None, typer.Option("--batch-poll", help=BATCH_POLL_HELP, callback=_positive_seconds)
]
Adaptive = Annotated[
    bool | None,
    typer.Option(
        "--adaptive/--no-adaptive",
        help="AIMD concurrency per model under --max-connections (default: on for remote APIs, off for "
        "servers on this machine).",
    ),
]


def limit_option(help: str) -> Any:
    """`--limit`, the one size cap of every command; what it caps is the command's to say."""
    return typer.Option("--limit", help=help)


def execution(
    max_connections: int,
    budget: float | None,
    timeout: float,
    max_attempts: int,
    prices: Path | None,
    no_cache: bool,
    progress: Any,
) -> dict[str, Any]:
    """The `distillq.api.Execution` keywords of a command's shared options."""
    return {
        "max_connections": max_connections,
        "budget": budget,
        "timeout": timeout,
        "max_attempts": max_attempts,
        "prices": prices,
        "use_cache": not no_cache,
        "progress": progress,
    }


def pacing(adaptive: bool | None, batch_poll: float | None) -> dict[str, Any]:
    """The `Execution` keywords of `--adaptive/--no-adaptive` and `--batch-poll` (unset ones left out)."""
    out: dict[str, Any] = {"adaptive": adaptive}
    if batch_poll is not None:
        out["batch_poll"] = batch_poll
    return out
