"""Options several commands share, declared once so their names, defaults and help never drift."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

OutDir = Annotated[Path, typer.Option("--out", help="Results directory.")]
MaxConnections = Annotated[int, typer.Option(help="Concurrent requests per model.")]
Timeout = Annotated[float, typer.Option(help="Seconds per request.")]
MaxAttempts = Annotated[int, typer.Option(help="Attempts per request, retries included.")]
Budget = Annotated[float | None, typer.Option(help="Dollar budget for all calls.")]
Prices = Annotated[Path | None, typer.Option(help="YAML price table for models not in the built-in one.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Ask again even if answers are stored.")]
OldSample = Annotated[int | None, typer.Option("--sample", hidden=True)]  # the old name of --limit


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
