"""Options several commands share, declared once so their names, defaults and help never drift.

Options that travel together are a dataclass (`ExecutionOptions`, `BatchOptions`, a command's own
group): a command takes the dataclass as one parameter and `option_groups` shows Typer its fields
as options, so the command passes the group whole instead of re-listing every option.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from distillq.cli.common import BATCH_HELP, fail
from distillq.core.defaults import DEFAULT_MAX_ATTEMPTS

OutDir = Annotated[Path, typer.Option("--out", help="Results directory.")]
MaxConnections = Annotated[int, typer.Option(help="Concurrent requests per model.")]
Timeout = Annotated[float, typer.Option(help="Seconds per request.")]
MaxAttempts = Annotated[int, typer.Option(help="Attempts per request, retries included.")]
Budget = Annotated[
    float | None, typer.Option(help="Dollar budget for all calls: nothing new is sent once it is spent.")
]
Prices = Annotated[Path | None, typer.Option(help="YAML price table for models not in the built-in one.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Ask again even if answers are stored.")]
OldSample = Annotated[int | None, typer.Option("--sample", hidden=True)]  # the old name of --limit
BATCH_POLL_HELP = "Longest wait in seconds between two polls of a batch job (polls start fast and slow down)."

F = TypeVar("F", bound=Callable[..., Any])


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


def at_least_one(param: typer.CallbackParam, value: int | None) -> int | None:
    """Counts and caps (`--limit`, `--max-tokens`, ...) are 1 or more: said in the flag's name at parse time."""
    if value is not None and value < 1:
        fail(f"{param.opts[0]} must be at least 1 (got {value})")
    return value


def limit_option(help: str) -> Any:
    """`--limit`, the one size cap of every command; what it caps is the command's to say."""
    return typer.Option("--limit", help=help, callback=at_least_one)


@dataclasses.dataclass(frozen=True)
class ExecutionOptions:
    """How a command's model calls execute: the run file's `limits` (and the cache) as options."""

    max_connections: MaxConnections = 16
    timeout: Timeout = 120.0
    max_attempts: MaxAttempts = DEFAULT_MAX_ATTEMPTS
    budget: Budget = None
    prices: Prices = None
    no_cache: NoCache = False
    adaptive: Adaptive = None

    def keywords(self, progress: Any) -> dict[str, Any]:
        """The `distillq.execution.Execution` keywords of these options."""
        out = dataclasses.asdict(self)
        out["use_cache"] = not out.pop("no_cache")
        out["progress"] = progress
        return out


@dataclasses.dataclass(frozen=True)
class BatchOptions:
    """`--batch` and `--batch-poll`, for commands whose requests may wait for a batch job."""

    batch: Batch = False
    batch_poll: BatchPoll = None

    def keywords(self) -> dict[str, Any]:
        """The `Execution` keywords (an unset poll interval left out: the API's default holds)."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


def pacing(adaptive: bool | None, batch_poll: float | None) -> dict[str, Any]:
    """The `Execution` keywords of `--adaptive/--no-adaptive` and `--batch-poll` (unset ones left out)."""
    out: dict[str, Any] = {"adaptive": adaptive}
    if batch_poll is not None:
        out["batch_poll"] = batch_poll
    return out


def option_groups(func: F) -> F:
    """Let a command take option dataclasses whole: Typer sees each one's fields as options.

    A parameter annotated with a dataclass is replaced, in the signature Typer reads, by that
    dataclass's fields (their `Annotated` types carry the Typer options); the call rebuilds it.
    """
    sig = inspect.signature(func, eval_str=True)
    params: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for p in sig.parameters.values():
        cls = p.annotation
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            params.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
            continue
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = dataclasses.fields(cls)
        groups[p.name] = (cls, [f.name for f in fields])
        params += [
            inspect.Parameter(
                f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name]
            )
            for f in fields
        ]

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        for name, (cls, names) in groups.items():
            kwargs[name] = cls(**{n: kwargs.pop(n) for n in names})
        return func(**kwargs)

    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params} | {"return": sig.return_annotation}
    return wrapper  # type: ignore[return-value]
