"""`distillq ice ...` and `distillq identities ...`: thin commands over distillq.ice."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from distillq.cli.common import HelperOpts, JudgeOpts, console, fail, finish_run, handle_errors, plain
from distillq.cli.options import (
    Adaptive,
    BatchOptions,
    ExecutionOptions,
    OutDir,
    at_least_one,
    limit_option,
    option_groups,
)
from distillq.cli.progress import EngineProgress
from distillq.errors import UsageError
from distillq.ice.identities import get_card, load_cards
from distillq.ice.readers import LEVELS, paper_scores, read_paper_run

if TYPE_CHECKING:
    from distillq.results import IceSummary, IdentityRef, Rate


def _half_width(value: float | None) -> float | None:
    """`--target-ci` is a CI half-width: above 0 (else it never stops) and below 0.5 (else it stops at once)."""
    if value is not None and not 0 < value < 0.5:
        fail(f"--target-ci must be above 0 and below 0.5 (got {value:g}), e.g. --target-ci 0.03")
    return value


app = typer.Typer(
    help="Identity consistency evaluation (ICE): judge and score identity answers.", no_args_is_help=True
)
identities_app = typer.Typer(
    help="List and show identity cards (who each model family really is).", no_args_is_help=True
)


@app.callback()
def _ice() -> None:
    """Identity consistency evaluation (ICE)."""


def _fmt(rate: Rate | None) -> str:
    if rate is None or rate.score is None:
        return "-"
    lo, hi = rate.ci95
    return f"{rate.score:.3f} [{lo:.3f}, {hi:.3f}] ({rate.count})"


@app.command("judge")
@handle_errors
@option_groups
def judge(
    input: Annotated[
        Path, typer.Argument(help="Responses: our JSONL, the paper's attack_result JSONL, or CSV.")
    ],
    identity: Annotated[str, typer.Option("--identity", "-i", help="True identity card (id or name).")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Results directory: ice_judged.jsonl (input fields + verdict), ice_judge_summary.json, "
            "and the store caching LLM judge answers.",
        ),
    ] = Path("distillq-results"),
    judge_name: Annotated[
        str,
        typer.Option(
            "--judge", help="'offline' (rule-based, no key) or a judge model, e.g. openai/gpt-4o-mini."
        ),
    ] = "offline",
    results: Annotated[Path | None, typer.Option("--results", hidden=True)] = None,
    max_connections: Annotated[int, typer.Option(help="Concurrent judge requests.")] = 16,
    hard_rule: Annotated[
        str, typer.Option("--hard-rule", help="alias (principled) or paper (compatibility).")
    ] = "alias",
    summary_json: Annotated[
        Path | None, typer.Option("--summary-json", help="Write the summary as JSON.")
    ] = None,
    identities_dir: Annotated[
        list[Path] | None, typer.Option("--identities-dir", help="Extra identity card folder.")
    ] = None,
    batching: BatchOptions = BatchOptions(),
    adaptive: Adaptive = None,
) -> None:
    """Judge existing responses against the true identity (no target model) and print the scores."""
    from distillq.api import JUDGED_FILE, judge_identity, load_identity
    from distillq.ice.judgement import write_judged
    from distillq.ice.verdict import HARD_RULES

    if hard_rule not in HARD_RULES:
        raise UsageError(f"unknown --hard-rule '{hard_rule}'; use one of: {', '.join(HARD_RULES)}")
    dirs = tuple(str(p) for p in (identities_dir or ()))
    card = load_identity(identity, dirs)
    # Before `--out` meant the results directory everywhere, it named the output file here: a .jsonl
    # --out still does (the store then lives in --results), so old scripts keep working.
    legacy_file = out if out.suffix == ".jsonl" else None
    results_dir = (results or Path("distillq-results")) if legacy_file else out
    with EngineProgress(enabled=judge_name != "offline" and sys.stderr.isatty()) as prog:
        judged = judge_identity(
            input,
            card,
            judge=judge_name,
            hard_rule=hard_rule,
            identities_dirs=dirs,
            out=None if legacy_file and judge_name == "offline" else results_dir,
            max_connections=max_connections,
            adaptive=adaptive,
            progress=prog,
            **batching.keywords(),
        )
    if judged.unscored:
        console.print(
            plain(f"{judged.unscored} answers could not be judged (unscored, counted apart)", style="yellow")
        )
    written = legacy_file or results_dir / JUDGED_FILE
    if legacy_file:
        write_judged(judged.rows, legacy_file)
    if summary_json:
        judged.summary.write(summary_json)
    summary = judged.summary
    verdicts = judged.rows
    table = Table(title=plain(f"ICE ({card.display_name}, {summary.scored}/{summary.n} scored)"))
    table.add_column("level")
    table.add_column("score [95% CI] (count)")
    table.add_column("paper label: score / kappa")
    for level in ("loose", "strict", "hard"):
        ag = (summary.agreement or {}).get(level)
        ref = f"{ag.reference_score:.3f} / {ag.kappa:.3f}" if ag else "-"
        table.add_row(level, _fmt(getattr(summary, level)), ref)
    console.print(table)
    claimed = ", ".join(f"{k} {v.fraction:.3f}" for k, v in list(summary.claimed.items())[:8])
    console.print(plain(f"claimed: {claimed or 'none (no answer was scored)'}"))
    console.print(plain(f"wrote {len(verdicts)} verdicts to {written}"))


@app.command("paper")
@handle_errors
def paper(
    attack: Annotated[Path, typer.Argument(help="A released attack_result JSONL of the seed paper.")],
    strict: Annotated[
        Path | None, typer.Option("--strict", help="Its strict_score CSV (without it strict and hard are 0).")
    ] = None,
    hard_rule: Annotated[
        str, typer.Option("--hard-rule", help="paper (its substring rule) or alias (ours).")
    ] = "paper",
    denominator: Annotated[
        int | None, typer.Option(help="Divide counts by this (the paper's code: 1000); 0 = rows.")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Reproduce the paper's loose, strict and hard from its released files, with its own labels."""
    if hard_rule not in ("paper", "alias"):
        raise UsageError(f"unknown --hard-rule '{hard_rule}'; use paper or alias")
    if denominator is not None and denominator < 0:
        raise UsageError(f"--denominator must be positive (or 0 for the row count), got {denominator}")
    scores = paper_scores(read_paper_run(attack, strict), hard_rule, denominator or None)
    if as_json:
        console.print_json(json.dumps(scores.as_dict() | {"input": str(attack)}))
        return
    table = Table(title=f"{escape(attack.name)}: the paper's labels ({scores.rows} rows)")
    for col in ("level", "score", "count"):
        table.add_column(col)
    for level in LEVELS:
        table.add_row(level, f"{scores.score(level):.3f}", f"{scores.count(level)} / {scores.denominator}")
    console.print(table)
    console.print(f"hard rule: {hard_rule}")


@identities_app.command("list")
@handle_errors
def list_cards(
    identities_dir: Annotated[
        list[Path] | None, typer.Option("--identities-dir", help="Extra card folder.")
    ] = None,
) -> None:
    """List the identity cards available."""
    table = Table(title="identity cards")
    for col in ("id", "display name", "names", "country"):
        table.add_column(col)
    for card in load_cards(tuple(identities_dir or ())).values():
        table.add_row(*(plain(x) for x in (card.id, card.display_name, ", ".join(card.names), card.country)))
    console.print(table)


@identities_app.command("show")
@handle_errors
def show_card(
    name: Annotated[str, typer.Argument(help="Card id or name, e.g. qwen.")],
    identities_dir: Annotated[
        list[Path] | None, typer.Option("--identities-dir", help="Extra card folder.")
    ] = None,
) -> None:
    """Show one identity card."""
    card = get_card(name, tuple(identities_dir or ()))
    console.print(plain(card.display_name, style="bold") + plain(f" ({card.id})"))
    console.print(plain(f"fact: {card.fact()}"))
    console.print(plain(f"models: {', '.join(card.models)}"))
    console.print(plain(f"organisations: {', '.join(card.organisations)}"))
    if card.aliases:
        console.print(plain(f"aliases: {', '.join(card.aliases)}"))
    aliases = f" ({', '.join(card.country_aliases)})" if card.country_aliases else ""
    console.print(plain(f"country: {card.country}{aliases}; city: {card.city or '-'}"))


@dataclasses.dataclass(frozen=True)
class SearchOptions:
    """`ice run`'s judge and fuzzer settings (the run file's `ice` section), named as `run_ice`'s keywords."""

    judge: Annotated[
        str, typer.Option("--judge", help="'offline' (rule-based, no key) or a judge model.")
    ] = "offline"
    helper: Annotated[
        str, typer.Option("--helper", help="'none' (rule mutators) or a helper model for the mutators.")
    ] = "none"
    limit: Annotated[int, limit_option("Target queries at most (paper: 1000 = 20 x 50).")] = 1000
    max_queries: Annotated[int | None, typer.Option("--max-queries", hidden=True)] = None  # the old --limit
    target_ci: Annotated[
        float | None,
        typer.Option(
            help="Stop early when the loose score's 95% CI half-width is this narrow.", callback=_half_width
        ),
    ] = None
    templates: Annotated[Path | None, typer.Option(help="Seed templates (ours by default).")] = None
    questions: Annotated[Path | None, typer.Option(help="Identity questions (ours by default).")] = None
    languages: Annotated[str | None, typer.Option(help="Question languages, e.g. en,zh (default: all).")] = (
        None
    )
    questions_per_round: Annotated[
        int | None,
        typer.Option(
            help="Questions asked per mutant, rotating through languages and aspects "
            "(default 10: about 100 search iterations per 1,000 queries; 60 asks all).",
            callback=at_least_one,
        ),
    ] = None
    parallel_rounds: Annotated[
        int | None,
        typer.Option(
            help="Fuzzer iterations run at once (default 4; 1 = GPTFuzz's one-at-a-time search).",
            callback=at_least_one,
        ),
    ] = None
    seed: Annotated[int, typer.Option(help="Fuzzer seed.")] = 0
    hard_rule: Annotated[str, typer.Option("--hard-rule", help="alias (principled) or paper.")] = "alias"

    def keywords(self) -> dict[str, Any]:
        """`run_ice`'s keywords: `--max-queries` counts as `--limit`, languages split at commas."""
        out = dataclasses.asdict(self)
        old = out.pop("max_queries")
        if old is not None:
            out["limit"] = old
        out["languages"] = [x.strip() for x in self.languages.split(",")] if self.languages else None
        return out


@app.command("run")
@handle_errors
@option_groups
def run(
    target: Annotated[str, typer.Option("--target", help="Model under test, provider/model.")],
    identity: Annotated[str, typer.Option("--identity", "-i", help="Its true identity card (id or name).")],
    search: SearchOptions = SearchOptions(),
    out: OutDir = Path("distillq-results"),
    ex: ExecutionOptions = ExecutionOptions(),
    model_option: Annotated[
        list[str] | None,
        typer.Option("-M", "--model-option", help="Target option key=value (max_tokens, temperature, ...)."),
    ] = None,
    helper_option: HelperOpts = None,
    judge_option: JudgeOpts = None,
    identities_dir: Annotated[
        list[Path] | None, typer.Option("--identities-dir", help="Extra identity card folder.")
    ] = None,
) -> None:
    """Fuzz identity questions against a target, judge every answer, write ice_responses.jsonl + summary."""
    from distillq.api import run_ice
    from distillq.models.spec import parse_option_pairs
    from distillq.study import ice_dir

    with EngineProgress(enabled=sys.stderr.isatty()) as prog:
        summary = run_ice(
            target,
            identity,
            out=out,
            **search.keywords(),
            model_options=parse_option_pairs(model_option),
            role_options={
                "helper": parse_option_pairs(helper_option),
                "judge": parse_option_pairs(judge_option),
            },
            identities_dirs=identities_dir or (),
            **ex.keywords(prog),
        )
    print_ice_summary(summary)
    console.print(plain(f"wrote {ice_dir(out, target) / 'ice_responses.jsonl'} and ice_summary.json"))
    finish_run(summary)


def print_ice_summary(summary: IceSummary) -> None:
    """The headline table: loose/strict/hard with intervals, and who the model claims to be."""
    table = Table(
        title=plain(
            f"ICE: {summary.target} as {_card_name(summary.identity)} "
            f"({summary.scored}/{summary.n} scored, {summary.unscored} unscored)"
        )
    )
    table.add_column("level")
    table.add_column("score [95% CI] (count)")
    for level in ("loose", "strict", "hard"):
        table.add_row(level, _fmt(getattr(summary, level)))
    console.print(table)
    claimed = ", ".join(f"{k} {v.fraction:.1%}" for k, v in list(summary.claimed.items())[:8])
    console.print(plain(f"claims: {claimed or 'none (no answer was scored)'}"))


def _card_name(identity: IdentityRef | str | None) -> str:
    from distillq.results import IdentityRef

    return identity.display_name if isinstance(identity, IdentityRef) else str(identity)
