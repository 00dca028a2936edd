"""`distillq rse ...`: response similarity commands (thin: parse, call the library, print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from distillq.cli.common import (
    JudgeOpts,
    ReferenceOpts,
    TestOpts,
    console,
    finish_run,
    handle_errors,
    plain,
    wide_console,
)
from distillq.cli.options import (
    BatchOptions,
    ExecutionOptions,
    OldSample,
    OutDir,
    at_least_one,
    limit_option,
    option_groups,
)
from distillq.errors import UsageError

if TYPE_CHECKING:
    from distillq.results import RseTable

app = typer.Typer(help="Response similarity: compare models' answers, lineage and teacher attribution.")


@app.callback()
def _group() -> None:
    """Response similarity evaluation (RSE)."""


def _parse_weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"bad --weights entry '{part}'; use e.g. lexical=1,stylistic=2") from None
    return out


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


@app.command("compare")
@handle_errors
def compare_cmd(
    inputs: Annotated[
        list[Path], typer.Argument(help="Response files or folders (ours, AlpacaEval, Arena-Hard).")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for CSVs, plots, lineage and attribution.")
    ],
    candidates: Annotated[
        str | None, typer.Option(help="Comma-separated candidate teachers, e.g. gpt4_0314,claude-2.")
    ] = None,
    metrics: Annotated[
        str, typer.Option(help="offline (default) or embeddings; judge/all need `rse run`.")
    ] = "offline",
    weights: Annotated[str | None, typer.Option(help="Metric weights, e.g. lexical=1,structural=1.")] = None,
    limit: Annotated[int | None, limit_option("Use a seeded sample of N shared prompts.")] = None,
    sample: OldSample = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling and bootstrap.")] = 0,
    baseline: Annotated[
        str | None,
        typer.Option(help="Comma-separated models known to be independent: the provenance test's null."),
    ] = None,
) -> None:
    """Compare many models' existing responses without any model calls."""
    from distillq.api import compare as compare_responses

    cands = [c.strip() for c in candidates.split(",") if c.strip()] if candidates else None
    with console.status("comparing responses...") as status:
        result = compare_responses(
            inputs,
            out,
            candidates=cands,
            metrics=metrics,
            weights=_parse_weights(weights),
            limit=sample if sample is not None else limit,  # --sample: the old name
            seed=seed,
            baseline=[b.strip() for b in baseline.split(",") if b.strip()] if baseline else None,
            progress=lambda stage: status.update(f"comparing responses: {stage}"),
        )
    console.print(
        f"{result.n_models} models x {result.n_prompts} prompts "
        f"({result.timings['total']:.1f}s); files in [bold]{escape(str(out))}[/]"
    )
    for model, info in result.missing_prompts.items():
        console.print(
            plain(f"left out {info['count']} prompt(s) that {model} did not answer", style="yellow")
        )
    table = Table(
        title="Attribution (provenance test; degree = standardised excess over unrelated models, test and classifier)"
    )
    # The first-ranked candidate is the closest, not an accusation: its degree and p-value say that.
    cols = ("model", "closest candidate", "degree", "95% interval", "p (Holm)", "share", "runner-up")
    # Numbers never wrap (80 columns used to squeeze them to nothing); names fold on a narrow terminal.
    for col in cols:
        named = col in ("model", "closest candidate", "runner-up")
        table.add_column(col, justify="left" if named else "right", no_wrap=not named, overflow="fold")
    for model, info in result.attribution.models.items():
        first = info.ranking[0]
        second = info.ranking[1].candidate if len(info.ranking) > 1 else "-"
        lo, hi = first.effect_ci or (None, None)
        cells = (
            model,
            first.candidate,
            _fmt(first.degree, 3),
            f"[{_fmt(lo, 3)}, {_fmt(hi, 3)}]",
            "-" if first.p_value is None else f"{first.p_value:.1e}",
            _fmt(first.classifier_share, 2),
            second,
        )
        table.add_row(*(plain(c) for c in cells))  # names are data, never Rich markup
    wide_console().print(table)
    if len(result.attribution.candidates) == 1:
        console.print(
            plain(
                f"one candidate ({result.attribution.candidates[0]}): it is the closest for every model by "
                "construction; only its degree and p-value say whether a model is closer to it than others are",
                style="yellow",
            )
        )


@app.command("run")
@handle_errors
@option_groups
def run_cmd(
    reference: Annotated[str, typer.Option("--reference", help="Reference model (paper: GPT-4o).")],
    test: Annotated[list[str], typer.Option("--test", help="Test model; repeat for several.")],
    promptsets: Annotated[
        str,
        typer.Option(
            "--promptsets", help="Comma list: builtin, arenahard, numina, sharegpt, alpacaeval or paths."
        ),
    ] = "builtin",
    limit: Annotated[int | None, limit_option("Prompts sampled per set (paper: 1000).")] = None,
    sample: OldSample = None,
    seed: Annotated[int, typer.Option(help="Sampling and judge-order seed.")] = 0,
    judge: Annotated[
        str | None, typer.Option("--judge", help="Similarity judge model (for judge/all).")
    ] = None,
    metrics: Annotated[
        str, typer.Option(help="offline (judge-free), judge (paper's 1-5) or all.")
    ] = "offline",
    both_orders: Annotated[
        bool, typer.Option("--both-orders", help="Judge each pair in both orders.")
    ] = False,
    candidates: Annotated[
        str | None,
        typer.Option(help="Comma list of candidate teachers for attribution (default: reference)."),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(help="Answer length cap of reference and tests (default 1024).", callback=at_least_one),
    ] = None,
    out: OutDir = Path("distillq-results"),
    reference_option: ReferenceOpts = None,
    test_option: TestOpts = None,
    judge_option: JudgeOpts = None,
    ex: ExecutionOptions = ExecutionOptions(),
    batching: BatchOptions = BatchOptions(),
) -> None:
    """Collect answers from reference and test models and write the paper's similarity table."""
    import sys

    from distillq.api import run_rse
    from distillq.cli.progress import EngineProgress
    from distillq.models.spec import parse_option_pairs

    # Said in the flags' names: the run file's checks would speak of targets and labels.
    if reference in test:
        raise UsageError(f"--reference {reference} is also a --test: a model is not compared with itself")
    twice = sorted({t for t in test if test.count(t) > 1})
    if twice:
        raise UsageError(f"--test {', '.join(twice)} given more than once: give each test model once")
    with EngineProgress(enabled=sys.stderr.isatty()) as prog:
        table = run_rse(
            reference,
            list(test),
            out=out,
            promptsets=promptsets.split(","),
            limit=sample if sample is not None else limit,  # --sample: the old name
            seed=seed,
            metrics=metrics,
            judge=judge,
            both_orders=both_orders,
            candidates=[c.strip() for c in candidates.split(",")] if candidates else None,
            max_tokens=max_tokens,
            role_options={
                "reference": parse_option_pairs(reference_option),
                "test": parse_option_pairs(test_option),
                "judge": parse_option_pairs(judge_option),
            },
            **ex.keywords(prog),
            **batching.keywords(),
        )
    print_rse_table(table)
    for warning in table.warnings:
        console.print(plain(f"warning: {warning}", style="yellow"))
    beside = " and the comparison files beside it" if table.comparison.models else ""  # skipped: empty
    console.print(plain(f"wrote {out / 'rse' / 'rse_table.json'}{beside}"))
    finish_run(table)


def print_rse_table(table: RseTable) -> None:
    """The paper's table: one row per test model, one column per prompt set, and the average.

    With an LLM judge the cells are on the paper's 1-5 scale and the judge-free overall similarity
    (0-1) follows as the last column; without one the cells are the judge-free overall similarity.
    """
    sets = list(table.promptsets)
    judged = any(r.judge for r in table.rows)
    scale = "judge 1-5" if judged else "judge-free overall, 0-1"
    t = Table(title=plain(f"RSE vs {table.reference_label} ({scale})"))
    t.add_column("model")
    for s in sets:
        t.add_column(plain(s), justify="right")
    t.add_column("average", justify="right")
    if judged:
        t.add_column("judge-free (0-1)", justify="right")
    for r in table.rows:
        block = r.judge if judged else r.offline
        cells = []
        for s in sets:
            overall = block[s].overall if s in block else None
            cells.append(_fmt(overall.mean if overall else None, 3))
        avg = r.judge_average if judged else r.offline_average
        extra = [_fmt(r.offline_average, 3)] if judged else []
        t.add_row(plain(r.label), *cells, _fmt(avg, 3), *extra)
    wide_console().print(t)
    for r in table.rows:  # unscored judge answers are counted apart: say how many, not just "-"
        unscored = sum(b.unscored or 0 for b in r.judge.values())
        if unscored:
            scored = sum(b.n or 0 for b in r.judge.values())
            console.print(
                plain(
                    f"{r.label}: {unscored} of {scored + unscored} judge answers unscored (not readable as "
                    "1-5 scores); left out of its judge scores",
                    style="yellow",
                )
            )
