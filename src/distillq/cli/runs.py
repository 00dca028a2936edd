"""`distillq runs ...`: what a results directory's store holds (read-only)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Column, Table

from distillq.cli.common import console, handle_errors, line, plain, wide_console

runs_app = typer.Typer(help="Inspect and export runs in a results directory.", no_args_is_help=True)
OutOpt = Annotated[Path, typer.Option("--out", help="Results directory (holds the store).")]


def _status(run: dict[str, Any], out: Path) -> str:
    """A run interrupted (Ctrl-C, kill) or journalled as running whose process is gone (SIGKILL, a
    crash) was stopped: say so, with the requests a stop left on the wire (they may be billed)."""
    from distillq.models.engine_stop import describe
    from distillq.storelock import writer_alive

    status = str(run["status"])
    if status == "interrupted" or (status == "running" and not writer_alive(out)):
        status = "stopped (re-run to resume)"
    if run.get("abandoned"):
        status += "; " + describe(run["abandoned"], run["abandoned_max_usd"], run["abandoned_unbounded"])
    return status


@runs_app.command("list")
@handle_errors
def runs_list(out: OutOpt = Path("distillq-results")) -> None:
    """List the runs stored in a results directory: kind, models, when, requests and cost."""
    from distillq.store import Store

    with Store(out, read_only=True) as store:
        runs = [r | {"status": _status(r, out)} for r in store.runs()]
        table = Table("kind", "models", "created", "requests done/all", "cost", "status")
        table.columns.insert(0, Column("run", no_wrap=True))
        for r in runs:
            table.add_row(
                plain(r["run_id"]),
                plain(r["kind"]),
                plain(", ".join(r["models"])),
                time.strftime("%Y-%m-%d %H:%M", time.localtime(r["created_at"])),
                f"{r['done']}/{r['items']}",
                f"${r['cost_usd']:.4f}",
                plain(r["status"]),
            )
        wide_console().print(table)


@runs_app.command("show")
@handle_errors
def runs_show(
    run_id: Annotated[str, typer.Argument(help="Run id or a unique prefix (see `distillq runs list`).")],
    out: OutOpt = Path("distillq-results"),
) -> None:
    """Show one run: its configuration, requests, cost, and the results stored for it."""
    from distillq.store import Store
    from distillq.textsafe import dumps

    with Store(out, read_only=True) as store:
        run = store.run(run_id)
    table = Table(title=plain(run["run_id"]), show_header=False)
    table.add_row("kind", plain(run["kind"]))
    table.add_row("status", plain(_status(run, out)))
    table.add_row("models", plain(", ".join(run["models"])))
    table.add_row("created", time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run["created_at"])))
    table.add_row("requests done/all", f"{run['done']}/{run['items']}")
    table.add_row("cost", f"${run['cost_usd']:.4f}")
    table.add_row("configuration", plain(dumps(run["config"], indent=1)))
    for name, result in run["results"].items():
        headline = {
            k: result.get(k) for k in ("loose", "strict", "hard", "promptsets", "tests") if k in result
        }
        table.add_row(f"result: {name}", plain(dumps(headline) if headline else f"{len(result)} fields"))
    console.print(table)


@runs_app.command("export")
@handle_errors
def runs_export(
    run_id: Annotated[str, typer.Argument(help="Run id or a unique prefix (see `distillq runs list`).")],
    path: Annotated[Path, typer.Argument(help="Output file: .jsonl, .csv or .parquet")],
    out: OutOpt = Path("distillq-results"),
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl, csv or parquet (default: from suffix)")
    ] = None,
) -> None:
    """Export one run's table (requests and answers) to JSONL, CSV or Parquet."""
    from distillq.export import export_run
    from distillq.store import Store

    with Store(out, read_only=True) as store:
        n = export_run(store, run_id, path, fmt)
    console.print(line(f"wrote {n} rows to ", path))
