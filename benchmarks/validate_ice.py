"""Offline judge vs the seed paper's labels: full data, and leave-one-model-out (LOO) folds.

Run: .venv/bin/python benchmarks/validate_ice.py   (honours DISTILLQ_SHARED); prints Markdown.

Full data: every extractor on, kappa and scores per model and overall.
LOO: for each held-out model, the extractors are *selected on the other five* (an extractor is
kept when switching it off does not raise the five models' pooled loose + strict kappa), then
measured on the held-out model. The pooled row concatenates the six held-out predictions: the
figure for a model nobody tuned to. Each fold's disagreements are attributed to the extractors
whose claims made our verdict (ours-only rows) or listed as misses (paper-only rows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.extractors import NAMES
from distillq.ice.readers import read_responses
from distillq.ice.types import Claim, IdentityCard, Template, Verdict
from distillq.ice.verdict import Policy, decide
from distillq.stats import cohen_kappa


@dataclass
class Row:
    model: str
    card: IdentityCard
    prompt: str
    loose: bool
    strict: bool
    by: dict[str, list[Claim]]


def verdict(row: Row, enabled: Iterable[str], cards: dict[str, IdentityCard], policy: Policy) -> Verdict:
    claims = [c for name in enabled for c in row.by[name]]
    return decide(claims, row.card, row.prompt, policy, cards)


def kappas(rows: Sequence[Row], verdicts: Sequence[Verdict]) -> tuple[float, float]:
    lo = cohen_kappa([r.loose for r in rows], [bool(v.loose) for v in verdicts])
    st = cohen_kappa([r.strict for r in rows], [bool(v.strict) for v in verdicts])
    return lo, st


def select(
    rows: Sequence[Row], cards: dict[str, IdentityCard], policy: Policy
) -> tuple[list[str], list[str]]:
    """Extractors kept / dropped on these rows: drop one whose removal does not lower loose + strict kappa."""

    def score(enabled: Sequence[str]) -> float:
        return sum(kappas(rows, [verdict(r, enabled, cards, policy) for r in rows]))

    base = score(NAMES)
    dropped = [n for n in NAMES if n != "entity" and score([m for m in NAMES if m != n]) > base]
    return [n for n in NAMES if n not in dropped], dropped


def blame(rows: Sequence[Row], verdicts: Sequence[Verdict], level: str) -> tuple[Counter[str], int]:
    """(extractors behind ours-only rows, number of paper-only rows) at `level`."""
    ours: Counter[str] = Counter()
    missed = 0
    for r, v in zip(rows, verdicts, strict=True):
        ref, got = getattr(r, level), bool(getattr(v, level))
        if got and not ref:
            names = [n for n, cs in r.by.items() if any(c.target not in (r.card.id,) for c in cs)]
            ours.update(names or ["?"])
        elif ref and not got:
            missed += 1
    return ours, missed


def fmt(x: float) -> str:
    return f"{x:.3f}"


def main() -> None:
    folder = labelled_dir()
    cards = load_cards()
    policy = Policy()
    judge = OfflineJudge(cards, policy)
    rows: list[Row] = []
    for model, cid in CARD_OF.items():
        for r in read_responses(folder / f"{model}.jsonl"):
            prompt = Template("t", r["template"]).fill(r["query"])
            by = judge.claims_by_extractor(r["response"], prompt)
            rows.append(Row(model, cards[cid], prompt, bool(r["loose"]), bool(r["strict"]), by))
    models = list(CARD_OF)

    print("### Full data (every extractor on)\n")
    print("| model | loose paper | loose ours | loose kappa | strict paper | strict ours | strict kappa |")
    print("|---|---|---|---|---|---|---|")
    full = [verdict(r, NAMES, cards, policy) for r in rows]
    for m in [*models, None]:
        idx = [i for i, r in enumerate(rows) if m is None or r.model == m]
        rs, vs = [rows[i] for i in idx], [full[i] for i in idx]
        lo, st = kappas(rs, vs)
        n = len(rs)
        print(
            f"| {m or '**all 6,000**'} | {fmt(sum(r.loose for r in rs) / n)} | {fmt(sum(bool(v.loose) for v in vs) / n)} "
            f"| {fmt(lo)} | {fmt(sum(r.strict for r in rs) / n)} | {fmt(sum(bool(v.strict) for v in vs) / n)} | {fmt(st)} |"
        )

    print("\n### Leave one model out (extractors selected on five, measured on the sixth)\n")
    print(
        "| held out | dropped by the fold | loose paper | loose ours | loose kappa | strict paper | strict ours "
        "| strict kappa | ours-only strict (by extractor) | paper-only strict | ours-only loose (by extractor) | paper-only loose |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    pooled_rows: list[Row] = []
    pooled_v: list[Verdict] = []
    folds: list[tuple[str, float, float]] = []
    for m in models:
        train = [r for r in rows if r.model != m]
        test = [r for r in rows if r.model == m]
        enabled, dropped = select(train, cards, policy)
        vs = [verdict(r, enabled, cards, policy) for r in test]
        lo, st = kappas(test, vs)
        folds.append((m, lo, st))
        pooled_rows += test
        pooled_v += vs
        so, sm = blame(test, vs, "strict")
        lo_o, lm = blame(test, vs, "loose")
        n = len(test)
        print(
            f"| {m} | {', '.join(dropped) or '-'} | {fmt(sum(r.loose for r in test) / n)} "
            f"| {fmt(sum(bool(v.loose) for v in vs) / n)} | {fmt(lo)} | {fmt(sum(r.strict for r in test) / n)} "
            f"| {fmt(sum(bool(v.strict) for v in vs) / n)} | {fmt(st)} "
            f"| {', '.join(f'{k} {c}' for k, c in so.most_common(3)) or '-'} | {sm} "
            f"| {', '.join(f'{k} {c}' for k, c in lo_o.most_common(3)) or '-'} | {lm} |"
        )
    lo, st = kappas(pooled_rows, pooled_v)
    print(f"| **pooled held-out 6,000** | | | | {fmt(lo)} | | | {fmt(st)} | | | | |")
    informative = [f for f in folds if sum(r.strict for r in rows if r.model == f[0]) >= 10]
    worst_lo = min(informative, key=lambda f: f[1])
    worst_st = min(informative, key=lambda f: f[2])
    print(
        f"\nWorst fold among models with at least 10 paper-strict rows: loose {fmt(worst_lo[1])} ({worst_lo[0]}), "
        f"strict {fmt(worst_st[2])} ({worst_st[0]})."
    )


if __name__ == "__main__":
    main()
