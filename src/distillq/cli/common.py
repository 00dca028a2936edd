"""Shared CLI plumbing: one console, and one place that turns errors into one line + exit 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from distillq.errors import DistillqError

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

_KEYS = "key=value (max_tokens, temperature, timeout, ...), repeatable"
# Generation settings of the other roles' models (distillq.models.roles), like -M for the target.
HelperOpts = Annotated[
    list[str] | None, typer.Option("--helper-option", help=f"Helper model option {_KEYS}.")
]
JudgeOpts = Annotated[list[str] | None, typer.Option("--judge-option", help=f"Judge model option {_KEYS}.")]
ReferenceOpts = Annotated[
    list[str] | None, typer.Option("--reference-option", help=f"Reference model option {_KEYS}.")
]
TestOpts = Annotated[list[str] | None, typer.Option("--test-option", help=f"Test models' option {_KEYS}.")]


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit; never a traceback for a user's mistake."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(func: F) -> F:
    """Decorator for commands: DistillqError -> one line on stderr, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DistillqError as exc:
            fail(exc.message, exc.exit_code)
        except KeyboardInterrupt:
            err_console.print("interrupted: everything answered so far is stored; re-run to resume")
            sys.exit(130)
        return None

    return wrapper  # type: ignore[return-value]
