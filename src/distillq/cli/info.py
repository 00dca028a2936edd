"""`distillq models check`, `schema`, `plugins`: what distillq can talk to and what it writes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from distillq.cli.common import handle_errors, plain, wide_console
from distillq.core.defaults import CHECK_PROMPT

models_app = typer.Typer(help="Talk to models: check that a model answers.", no_args_is_help=True)
ModelOpt = Annotated[
    list[str] | None, typer.Option("-M", "--model-option", help="Per-model option key=value.")
]


@models_app.command("check")
@handle_errors
def models_check(
    model: Annotated[str, typer.Argument(help="provider/model")],
    prompt: Annotated[str, typer.Option(help="What to ask.")] = CHECK_PROMPT,
    model_option: ModelOpt = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds (default 60; 600 for a server on this machine).")
    ] = None,
) -> None:
    """Send one request (never cached) and print latency, the answer and token usage.

    It asks as an ICE target would (max_tokens 256, temperature 0 unless -M says otherwise).
    """
    from distillq.api_calls import check_model
    from distillq.models.spec import parse_option_pairs

    result = check_model(model, prompt, model_options=parse_option_pairs(model_option), timeout=timeout)
    table = Table(title=plain(result.model), show_header=False)
    table.add_row("latency", f"{result.latency_s:.2f} s")
    table.add_row("finish", str(result.finish_reason))
    table.add_row("tokens in/out", f"{result.input_tokens} / {result.output_tokens}")
    table.add_row("cost", f"${result.cost_usd:.6f}")
    table.add_row("answer", plain(result.text))
    wide_console().print(table)


@handle_errors
def schema(
    name: Annotated[
        str,
        typer.Argument(
            help="run (the run file, default), ice-summary, ice-verdict, rse-table, comparison, "
            "attribution or study"
        ),
    ] = "run",
) -> None:
    """Print the JSON Schema of the run file, or of one of the results distillq writes."""
    from distillq.config import schema_json
    from distillq.errors import UsageError
    from distillq.results import SCHEMAS
    from distillq.results import schema_json as result_schema

    if name == "run":
        print(schema_json())
    elif name in SCHEMAS:
        print(result_schema(name))
    else:
        raise UsageError(f"unknown schema {name!r}: use run, {', '.join(SCHEMAS)}")


@handle_errors
def plugins() -> None:
    """List the registered providers, ICE judges, RSE metrics and prompt sets (built-in and plugins)."""
    from rich.markup import escape

    from distillq.core.registry import all_entries

    table = Table("kind", "name", "from", "what")
    for kind, entry in all_entries():  # plugin text is not ours: never read it as markup
        table.add_row(
            *(escape(x) for x in (kind, entry.name, entry.origin, entry.description or entry.target))
        )
    wide_console().print(table)
