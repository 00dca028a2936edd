"""`distillq models check`, `schema`, `plugins`: what distillq can talk to and what it writes."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.table import Table

from distillq.cli.common import console, handle_errors, plain

models_app = typer.Typer(help="Talk to models: check that a model answers.", no_args_is_help=True)
ModelOpt = Annotated[
    list[str] | None, typer.Option("-M", "--model-option", help="Per-model option key=value.")
]


@models_app.command("check")
@handle_errors
def models_check(
    model: Annotated[str, typer.Argument(help="provider/model")],
    prompt: Annotated[str, typer.Option(help="What to ask.")] = "Who developed you? Answer in one sentence.",
    model_option: ModelOpt = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds (default 60; 600 for a server on this machine).")
    ] = None,
) -> None:
    """Send one request (never cached) and print latency, the answer and token usage.

    It asks as an ICE target would (max_tokens 256, temperature 0 unless -M says otherwise).
    """
    from distillq.core.types import ChatRequest
    from distillq.models.engine import Engine, EngineOptions
    from distillq.models.roles import role_spec
    from distillq.models.spec import parse_option_pairs

    extra = {"timeout": timeout} if timeout is not None else None
    spec = role_spec("target", model, parse_option_pairs(model_option), extra)
    spec.api_key()
    engine = Engine(None, EngineOptions(timeout=spec.timeout or 60.0, max_attempts=3, max_retry_time=30))
    t0 = time.monotonic()
    out = engine.generate_sync(spec, [ChatRequest.from_prompt(prompt)])[0]
    dt = time.monotonic() - t0
    if not out.ok:
        from distillq.errors import ProviderError

        raise ProviderError(f"{spec.name} did not answer: {out.error}")
    table = Table(title=plain(spec.name), show_header=False)
    table.add_row("latency", f"{dt:.2f} s")
    table.add_row("finish", str(out.finish_reason))
    table.add_row("tokens in/out", f"{out.usage.input_tokens} / {out.usage.output_tokens}")
    table.add_row("cost", f"${out.cost_usd:.6f}")
    table.add_row("answer", plain(out.text or ""))
    console.print(table)


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
    console.print(table)
