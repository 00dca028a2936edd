"""`distillq ice ...` and `distillq identities ...`: thin commands over distillq.ice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from distillq.cli.common import console, handle_errors
from distillq.errors import InputFileError, UsageError
from distillq.ice.claims import judge_offline
from distillq.ice.identities import get_card, load_cards
from distillq.ice.readers import read_responses
from distillq.ice.score import summarize
from distillq.ice.types import Template

app = typer.Typer(
    help="Identity consistency evaluation (ICE): judge and score identity answers.", no_args_is_help=True
)
identities_app = typer.Typer(
    help="List and show identity cards (who each model family really is).", no_args_is_help=True
)


@app.callback()
def _ice() -> None:
    """Identity consistency evaluation (ICE)."""


def _fmt(block: dict[str, Any] | None) -> str:
    if not block or block.get("score") is None:
        return "-"
    lo, hi = block["ci95"]
    return f"{block['score']:.3f} [{lo:.3f}, {hi:.3f}] ({block['count']})"


@app.command("judge")
@handle_errors
def judge(
    input: Annotated[
        Path, typer.Argument(help="Responses: our JSONL, the paper's attack_result JSONL, or CSV.")
    ],
    identity: Annotated[str, typer.Option("--identity", "-i", help="True identity card (id or name).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL: input fields + verdict fields.")],
    judge_name: Annotated[
        str, typer.Option("--judge", help="Judge to use; only 'offline' for now.")
    ] = "offline",
    hard_rule: Annotated[
        str, typer.Option("--hard-rule", help="alias (principled) or paper (compatibility).")
    ] = "alias",
    summary_json: Annotated[
        Path | None, typer.Option("--summary-json", help="Write the summary as JSON.")
    ] = None,
    identities_dir: Annotated[
        list[Path] | None, typer.Option("--identities-dir", help="Extra identity card folder.")
    ] = None,
) -> None:
    """Judge every response against the true identity and print loose/strict/hard scores."""
    if judge_name != "offline":
        raise UsageError("LLM judges are not wired yet; use --judge offline")
    if hard_rule not in ("alias", "paper"):
        raise UsageError(f"unknown --hard-rule '{hard_rule}'; use alias or paper")
    extra = tuple(identities_dir or ())
    cards = load_cards(extra)
    card = get_card(identity, extra)
    records = read_responses(input)
    verdicts = []
    for r in records:
        prompt = None
        if r.get("template"):
            prompt = Template("input", str(r["template"])).fill(str(r.get("query", "")))
        elif r.get("prompt"):
            prompt = str(r["prompt"])
        verdicts.append(
            judge_offline(str(r["response"] or ""), card, prompt=prompt, cards=cards, hard_rule=hard_rule)  # type: ignore[arg-type]
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for r, v in zip(records, verdicts, strict=True):
                row = {k: val for k, val in r.items() if k not in ("loose", "strict")}
                if "loose" in r:
                    row["reference_loose"] = r["loose"]
                if "strict" in r:
                    row["reference_strict"] = r["strict"]
                row.update(
                    loose=v.loose,
                    strict=v.strict,
                    hard=v.hard,
                    claimed=v.claimed,
                    judge=v.judge,
                    reason=v.reason,
                )
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputFileError(f"cannot write {out}: {exc.strerror}") from exc
    summary = summarize(records, verdicts)
    summary.update(identity=card.id, judge=judge_name, hard_rule=hard_rule, input=str(input))
    if summary_json:
        summary_json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    table = Table(title=f"ICE ({card.display_name}, {summary['scored']}/{summary['n']} scored)")
    table.add_column("level")
    table.add_column("score [95% CI] (count)")
    table.add_column("paper label: score / kappa")
    for level in ("loose", "strict", "hard"):
        ag = summary.get("agreement", {}).get(level)
        ref = f"{ag['reference_score']:.3f} / {ag['kappa']:.3f}" if ag else "-"
        table.add_row(level, _fmt(summary[level]), ref)
    console.print(table)
    claimed = ", ".join(f"{k} {v['fraction']:.3f}" for k, v in list(summary["claimed"].items())[:8])
    console.print(f"claimed: {claimed}")
    console.print(f"wrote {len(verdicts)} verdicts to {out}")


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
        table.add_row(card.id, card.display_name, ", ".join(card.names), card.country)
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
    console.print(f"[bold]{card.display_name}[/] ({card.id})")
    console.print(f"fact: {card.fact()}")
    console.print(f"models: {', '.join(card.models)}")
    console.print(f"organisations: {', '.join(card.organisations)}")
    if card.aliases:
        console.print(f"aliases: {', '.join(card.aliases)}")
    console.print(f"country: {card.country} ({', '.join(card.country_aliases)}); city: {card.city or '-'}")
