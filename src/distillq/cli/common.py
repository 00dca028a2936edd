"""Shared CLI plumbing: one console, one way to show untrusted text, one line + exit 2 for errors.

Model answers, file paths, labels and server error bodies are untrusted: they are shown through
`plain()` (a rich Text, never parsed as markup, control characters made visible), so `[/oops]`
cannot crash a command, `[link=...]` cannot make a link and an ANSI or OSC escape in an answer
cannot reach the terminal.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from distillq.env import redact
from distillq.errors import EXIT_BUDGET, EXIT_INCOMPLETE, DistillqError, RunInterrupted
from distillq.textsafe import visible

BATCH_HELP = (
    "Send OpenAI/Anthropic requests through their batch APIs (half price, answers within 24 h; "
    "re-run to pick a batch up again). Other models stay live."
)

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


def wide_console() -> Console:
    """The terminal's console, or into a file or pipe (where nothing wraps lines) one 160 columns wide
    rather than the 80 rich assumes: wide tables keep whole names there."""
    return console if console.is_terminal else Console(width=max(console.width, 160))


def plain(value: Any, style: str = "") -> Text:
    """Untrusted text for a table cell or a print: no markup, controls shown as `\\x1b`."""
    return Text(visible(value), style=style)


def line(*parts: Any, style: str = "") -> Text:
    """A message assembled from trusted text (str with no markup) and untrusted values, as is."""
    out = Text(style=style)
    for p in parts:
        out.append(p if isinstance(p, Text) else Text(visible(p)))
    return out


def error_line(message: str) -> None:
    """Print `error: message` as one line on stderr (redacted, controls made visible)."""
    text = " ".join(visible(redact(message), keep_newlines=False).split())
    err_console.print(Text.assemble(("error:", "bold red"), " ", text), highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit; never a traceback for a user's mistake."""
    error_line(message)
    raise typer.Exit(code)


def finish_run(result: Any) -> None:
    """`finish` for a typed result of model calls (`IceSummary`, `RseTable`, `StudyManifest`)."""
    finish(result.unanswered(), result.skipped(), result.budget_reached)


def finish(unanswered: int, budget_skipped: int, budget_reached: bool) -> None:
    """The last line of a command that ran: say what is left undone and exit with its code.

    Exit 3: requests unanswered after retries (re-run to retry them). Exit 4: stopped at the budget.
    """
    if budget_reached:
        err_console.print(
            line(
                f"stopped at the budget: {budget_skipped} requests not sent, {unanswered} unanswered; "
                "re-run with a higher --budget to finish",
                style="yellow",
            ),
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_BUDGET)
    if unanswered:
        err_console.print(
            line(
                f"incomplete: {unanswered} requests unanswered after retries; "
                "re-run the same command to retry them (answers so far are stored)",
                style="yellow",
            ),
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INCOMPLETE)


def handle_errors(func: F) -> F:
    """Decorator for commands: DistillqError (and storage or encoding faults) -> one line, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DistillqError as exc:
            fail(exc.message, exc.exit_code)
        except UnicodeDecodeError as exc:
            fail(f"an input file is not UTF-8 text ({exc.reason} at byte {exc.start}): convert it to UTF-8")
        except sqlite3.Error as exc:
            fail(f"the store could not be read or written ({exc}): check the disk and the --out directory")
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            fail(f"cannot read or write{where}: {exc.strerror or exc}; check the path and free disk space")
        except KeyboardInterrupt as exc:
            # What was on the wire is said, as it may be billed; it is asked again on the re-run.
            lost = f"{exc.summary}; " if isinstance(exc, RunInterrupted) else ""
            err_console.print(
                line(f"interrupted: {lost}everything answered so far is stored; re-run to resume"),
                soft_wrap=True,
            )
            sys.exit(130)
        return None

    return wrapper  # type: ignore[return-value]
