"""The `distillq` command line. Thin: parses options, calls the library, prints results."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from distillq import __version__
from distillq.cli.common import (
    BATCH_HELP,
    console,
    error_line,
    fail,
    finish,
    finish_run,
    handle_errors,
    line,
    plain,
    wide_console,
)
from distillq.cli.lazy import LazyGroup, defer_gc, gc_after_startup
from distillq.cli.options import (
    Adaptive,
    BatchOptions,
    BatchPoll,
    ExecutionOptions,
    limit_option,
    option_groups,
)
from distillq.env import load_dotenv

if TYPE_CHECKING:
    from distillq.results import StudyManifest

app = typer.Typer(
    name="distillq",
    cls=LazyGroup,
    help="Measure how far a large language model was distilled from others (identity consistency and "
    "response similarity).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ModelOpt = Annotated[
    list[str] | None, typer.Option("-M", "--model-option", help="Per-model option key=value.")
]
OutOpt = Annotated[Path, typer.Option("--out", help="Results directory (holds the store).")]


def _show_version(value: bool) -> None:
    if value:
        console.print(f"distillq {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    env_file: Annotated[
        Path | None, typer.Option("--env-file", help="Read API keys from this .env file (default: ./.env).")
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    if env_file is not None and not env_file.is_file():
        fail(f"--env-file {env_file} not found: pass an existing .env file (KEY=value lines)")
    load_dotenv(env_file if env_file is not None else Path(".env"))
    if ctx.invoked_subcommand != "collect":  # collect imports its provider's SDK first
        gc_after_startup()


@app.command()
def version() -> None:
    """Print the version."""
    console.print(f"distillq {__version__}")


@dataclasses.dataclass(frozen=True)
class CollectOptions:
    """`collect`'s own options, named as `distillq.collect`'s keywords so they are passed whole."""

    out: OutOpt = Path("distillq-results")
    limit: Annotated[int | None, typer.Option(help="Only the first N prompts.")] = None
    epochs: Annotated[int, typer.Option(help="Ask each prompt K times (sample index in the cache key).")] = 1
    rpm: Annotated[float | None, typer.Option(help="Requests per minute limit per model.")] = None
    price_in: Annotated[
        float | None, typer.Option("--price-in", help="This model's price, dollars per million input tokens.")
    ] = None
    price_out: Annotated[
        float | None,
        typer.Option("--price-out", help="This model's price, dollars per million output tokens."),
    ] = None
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the same run (the default when re-run).")
    ] = False
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace a responses.jsonl written by another collect.")
    ] = False
    model_options: ModelOpt = None

    def keywords(self) -> dict[str, Any]:
        """`distillq.collect`'s keywords (the `-M key=value` pairs parsed)."""
        from distillq.models.spec import parse_option_pairs

        out = dataclasses.asdict(self)
        out["model_options"] = parse_option_pairs(self.model_options)
        return out


@app.command()
@handle_errors
@option_groups
def collect(
    model: Annotated[str, typer.Option("--model", help="provider/model, e.g. openai/gpt-4o-mini")],
    prompts: Annotated[
        Path, typer.Option("--prompts", help="JSONL (prompt or messages) or text, one a line")
    ],
    job: CollectOptions = CollectOptions(),
    ex: ExecutionOptions = ExecutionOptions(),
    batching: BatchOptions = BatchOptions(),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Send every prompt of a file to one model; write DIR/responses.jsonl and the store."""
    from distillq.api_calls import collect as run_collect
    from distillq.cli.progress import EngineProgress
    from distillq.models.engine import import_provider

    job_keywords = job.keywords()  # a bad -M pair is reported first, as before
    import_provider(model)
    gc_after_startup()
    with EngineProgress(enabled=not quiet and sys.stderr.isatty()) as prog:
        result = run_collect(model, prompts, **job_keywords, **ex.keywords(prog), **batching.keywords())
    st = result.usage.get(result.model, {})
    table = Table(title=plain(f"collect: {result.model}"), show_header=False)
    table.add_row("responses", str(len(result.rows)))
    table.add_row("from cache", str(st.get("cached", 0)))
    table.add_row("requests sent", str(st.get("sent", 0)))
    if st.get("batched"):
        table.add_row("sent in batches", f"{st['batched']} (batch price)")
    # Rows the budget kept from being sent carry an error too; they are not failures: counted apart.
    skipped = result.skipped()
    unanswered = max(0, result.errors - skipped)
    table.add_row("errors", str(unanswered))
    if skipped:
        table.add_row("not sent (budget)", str(skipped))
    table.add_row("tokens in/out", f"{st.get('input_tokens', 0)} / {st.get('output_tokens', 0)}")
    table.add_row("cost", f"${result.total_cost_usd:.4f}")
    table.add_row("time", f"{result.seconds:.1f} s")
    table.add_row("written", plain(result.path))
    console.print(table)
    finish(unanswered, skipped, result.budget_reached)


@app.command("run")
@handle_errors
def run_cmd(
    run_file: Annotated[Path, typer.Argument(help="Run file (YAML); see `distillq schema` and examples/.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print requests and estimated cost; send nothing.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Override the run file's results_dir.")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask again even if answers are stored.")
    ] = False,
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip the HTML report.")] = False,
    limit: Annotated[
        int | None, limit_option("Override: ICE queries per target and RSE prompts per set.")
    ] = None,
    max_connections: Annotated[
        int | None, typer.Option("--max-connections", help="Override: concurrent requests per model.")
    ] = None,
    budget: Annotated[float | None, typer.Option("--budget", help="Override: dollar budget.")] = None,
    targets: Annotated[
        str | None, typer.Option("--targets", help="Override: only these targets (labels or models), a,b.")
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help=BATCH_HELP + " ICE target rounds stay live.")
    ] = False,
    batch_poll: BatchPoll = None,
    adaptive: Adaptive = None,
) -> None:
    """Run a whole study (ICE and RSE for every target) and write the report."""
    from distillq.config import apply_overrides, load_study

    study = apply_overrides(
        load_study(run_file),
        out=out,
        limit=limit,
        max_connections=max_connections,
        budget=budget,
        targets=targets.split(",") if targets else None,
        batch=True if batch else None,
        batch_poll=batch_poll,
        adaptive=adaptive,
    )
    if dry_run:
        _print_estimate(study)
        return
    _run_and_report(study, command=f"distillq run {run_file}", no_cache=no_cache, report=not no_report)


@app.command()
@handle_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Where to write the demo study.")] = Path(
        "distillq-demo"
    ),
    open_report: Annotated[
        bool, typer.Option("--open", help="Open the report in a browser when done.")
    ] = False,
) -> None:
    """Run a whole study offline on synthetic models (no key, under a minute) and write its report."""
    from importlib import resources

    from distillq.config import load_study

    with resources.as_file(resources.files("distillq.demo").joinpath("demo.yaml")) as path:
        study = load_study(path)
    study.results_dir = str(out.resolve())
    report = _run_and_report(study, command="distillq demo", no_cache=False, report=True)
    console.print(
        "These models are synthetic. To run the same study against real endpoints: "
        "[bold]distillq run examples/paper-study.yaml[/] (see examples/)."
    )
    if open_report and report is not None:
        import webbrowser

        webbrowser.open(report.resolve().as_uri())


def _print_estimate(study: object) -> None:
    from distillq.config import Study
    from distillq.errors import UsageError
    from distillq.study import estimate, preflight

    assert isinstance(study, Study)
    est = estimate(study)
    table = Table("model", "requests", "tokens in", "tokens out", "est. cost", title="dry run: nothing sent")
    for r in est["models"]:
        cost = (
            f"${r['cost_usd']:.4f}"
            if r["price_known"] or r["model"] not in est["unknown_prices"]
            else "unknown price"
        )
        table.add_row(
            plain(r["model"]), str(r["requests"]), str(r["input_tokens"]), str(r["output_tokens"]), cost
        )
    total = f"${est['cost_usd']:.4f}"
    if est["unknown_prices"]:
        total += f" + {len(est['unknown_prices'])} unknown"
    table.add_row(
        Text("total", style="bold"),
        Text(str(est["requests"]), style="bold"),
        "",
        "",
        Text(total, style="bold"),
    )
    wide_console().print(table)
    console.print(plain(est["note"]))
    for note in est.get("notes", []):
        console.print(plain(note, style="yellow"))
    if est["unknown_prices"]:
        console.print(
            plain(
                f"unknown prices (not in the total): {', '.join(est['unknown_prices'])}; "
                "add them with limits.prices (a YAML price file)",
                style="yellow",
            )
        )
    problems = preflight(study)
    if problems:  # the same checks as the real run: it would stop here
        raise UsageError("the run would stop before sending: " + "; ".join(problems))


def _run_and_report(study: object, command: str, no_cache: bool, report: bool) -> Path | None:
    from distillq.api import build_report, run_study
    from distillq.cli.progress import EngineProgress
    from distillq.config import Study

    assert isinstance(study, Study)
    with EngineProgress(enabled=sys.stderr.isatty()) as prog:
        manifest = run_study(
            study,
            progress=prog,
            use_cache=not no_cache,
            command=command,
            on_stage=lambda s: prog.console.print(plain(s, style="bold cyan")),
        )
    out_dir = Path(study.results_dir)
    report_path = build_report(out_dir) if report else None
    _print_headline(manifest, out_dir)
    if report_path is not None:
        console.print(line("report: ", report_path))
    finish_run(manifest)
    return report_path


def _print_headline(manifest: StudyManifest, out: Path) -> None:
    from distillq.results import IceSummary, RseTable, read_result

    table = Table(
        "model", "loose", "strict", "hard", "claims", "RSE vs reference", title=plain(manifest.name)
    )
    rse_rows = {}
    if manifest.rse and manifest.rse.table:
        rse_rows = {r.model: r for r in read_result(RseTable, out / manifest.rse.table).rows}
    for t in manifest.targets:
        cells = ["-", "-", "-", "-"]
        if t.ice_summary:
            s = read_result(IceSummary, out / t.ice_summary)
            # A level is None when nothing was scored (every answer failed or was unscored).
            scores = [s.level(k) for k in ("loose", "strict", "hard")]
            cells = [f"{v:.3f}" if v is not None else "-" for v in scores]
            claims = list(s.claimed.items())[:3]
            cells.append(", ".join(f"{k} {v.fraction:.0%}" for k, v in claims) or f"none ({s.scored} scored)")
        r = rse_rows.get(t.model)
        sim = (r.judge_average or r.offline_average) if r else None
        table.add_row(plain(t.label), *(plain(c) for c in cells), f"{sim:.3f}" if sim is not None else "-")
    wide_console().print(table)
    console.print(
        f"requests sent {manifest.requests_sent}, from cache {manifest.requests_cached}, "
        f"cost ${manifest.total_cost_usd:.4f}, {manifest.seconds:.1f} s"
    )


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    defer_gc()
    try:
        code = app(standalone_mode=False)
    except _CLICK_USAGE_ERROR as exc:
        code = _usage_error(exc)
    except typer.Abort:  # Ctrl-C or end of input while typer itself was reading
        sys.exit(130)
    finally:
        gc_after_startup()
    # Not standalone: an Exit (ours, --help) comes back as its code; a command that ends returns None.
    sys.exit(code if isinstance(code, int) else 0)


# click's UsageError, whether typer vendors click (typer._click) or uses the click package.
_CLICK_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def _usage_error(exc: Exception) -> int:
    """Typer's usage errors (bad or missing option, unknown command) as one line; exit code 2."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group (`distillq ice`): its help
        help_text = exc.format_message() if hasattr(exc, "format_message") else ""
        if help_text:  # typer's rich help printed itself already and left this empty
            print(help_text)
        return 2
    hint = f"see `{ctx.command_path} --help`" if ctx is not None else "see `distillq --help`"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if "No such option: --env-file" in message:  # a global option typed after the command
        hint = "it goes before the command: `distillq --env-file FILE COMMAND ...`"
    error_line(f"{message.rstrip('.')}; {hint}")
    return 2
