"""Option groups: a command takes a dataclass of options whole, Typer shows its fields as options."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from distillq.api import run_ice
from distillq.api_calls import collect
from distillq.cli import CollectOptions
from distillq.cli.ice import SearchOptions
from distillq.cli.options import BatchOptions, ExecutionOptions, option_groups
from distillq.execution import Execution

runner = CliRunner()


def _app(seen: list[object]) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @option_groups
    def go(
        name: Annotated[str, typer.Argument()],
        ex: ExecutionOptions = ExecutionOptions(),
        batching: BatchOptions = BatchOptions(),
        loud: Annotated[bool, typer.Option("--loud")] = False,
    ) -> None:
        seen.append((name, ex, batching, loud))

    @app.command()
    def other() -> None:  # a second command keeps `go` a named sub-command
        pass

    return app


def test_groups_are_parsed_into_their_dataclasses() -> None:
    seen: list[object] = []
    args = ["go", "x", "--max-connections", "3", "--budget", "1.5", "--no-cache", "--batch", "--loud"]
    result = runner.invoke(_app(seen), [*args, "--batch-poll", "7", "--prices", "p.yaml", "--no-adaptive"])
    assert result.exit_code == 0, result.output
    name, ex, batching, loud = seen[0]  # type: ignore[misc]
    assert name == "x" and loud is True
    assert ex == ExecutionOptions(
        max_connections=3, budget=1.5, no_cache=True, prices=Path("p.yaml"), adaptive=False
    )
    assert batching == BatchOptions(batch=True, batch_poll=7.0)


def test_defaults_and_help() -> None:
    seen: list[object] = []
    app = _app(seen)
    assert runner.invoke(app, ["go", "y"]).exit_code == 0
    assert seen[0] == ("y", ExecutionOptions(), BatchOptions(), False)
    help_text = runner.invoke(app, ["go", "--help"], env={"COLUMNS": "200"}).output
    for opt in ("--max-connections", "--timeout", "--max-attempts", "--budget", "--no-cache", "--batch-poll"):
        assert opt in help_text
    bad = runner.invoke(app, ["go", "y", "--max-connections", "many"])
    assert bad.exit_code == 2


def test_keywords_are_the_apis() -> None:
    """The groups' keywords are exactly what the API takes: a renamed option cannot drift silently."""
    ex = ExecutionOptions(no_cache=True).keywords(progress=None)
    assert set(ex) <= set(Execution.__annotations__)
    assert ex["use_cache"] is False and "no_cache" not in ex
    assert BatchOptions().keywords() == {"batch": False}  # an unset poll keeps the API's default
    assert BatchOptions(batch_poll=5.0).keywords()["batch_poll"] == 5.0
    job = CollectOptions(model_options=["temperature=0"]).keywords()
    params = inspect.signature(collect).parameters
    assert set(job) <= set(params)
    assert job["model_options"] == {"temperature": 0}


def test_search_options_are_run_ices_keywords() -> None:
    """`ice run`'s search group: the old --max-queries still caps, languages arrive as a list."""
    params = inspect.signature(run_ice).parameters
    assert set(SearchOptions().keywords()) <= set(params)
    kw = SearchOptions(limit=50, max_queries=7, languages="en, zh").keywords()
    assert kw["limit"] == 7 and "max_queries" not in kw and kw["languages"] == ["en", "zh"]
    assert SearchOptions().keywords()["languages"] is None and SearchOptions().keywords()["limit"] == 1000
