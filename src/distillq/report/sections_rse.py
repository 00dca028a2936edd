"""The RSE section: the paper's table, metric detail, similarity heatmap, lineage, attribution."""

from __future__ import annotations

from typing import Any

from distillq.report.context import Ctx, h3, note, section
from distillq.report.data import Target
from distillq.report.tables import Raw, ci, details, num, pre, table
from distillq.results_rse import ClassifierInfo, SetScores

METRICS = ("lexical", "structural", "stylistic", "semantic", "overall")
ASPECTS = ("style", "logic", "content", "overall")


def _blocks(t: Target, kind: str) -> dict[str, SetScores]:
    """A target's per-set scores: judge-free ("offline") or the LLM judge's ("judge")."""
    if t.rse_row is None:
        return {}
    return t.rse_row.judge if kind == "judge" else t.rse_row.offline


def _average(t: Target, kind: str) -> float | None:
    if t.rse_row is None:
        return None
    return t.rse_row.judge_average if kind == "judge" else t.rse_row.offline_average


def _sets(ctx: Ctx) -> list[str]:
    sets = list(ctx.data.rse_table.promptsets) if ctx.data.rse_table else []
    for t in ctx.data.targets:
        for kind in ("offline", "judge"):
            sets.extend(k for k in _blocks(t, kind) if k not in sets)
    return sets


def _paper_table(ctx: Ctx, targets: list[Target], kind: str, key: str, caption: str) -> str:
    sets = _sets(ctx)
    counts = ctx.data.rse_table.promptsets if ctx.data.rse_table else {}
    rows = []
    for t in targets:
        blocks = _blocks(t, kind)
        rows.append(
            [
                t.label,
                *(ci(blocks[s].estimate(key) if s in blocks else None) for s in sets),
                num(_average(t, kind)),
            ]
        )
    headers = [f"{s} ({counts[s]})" if s in counts else s for s in sets]
    return table(["model", *headers, "average"], rows, caption=caption)


def _judge_aspects(ctx: Ctx, targets: list[Target]) -> str:
    rows = []
    for t in targets:
        for s, b in _blocks(t, "judge").items():
            rows.append([t.label, s, b.n, b.unscored, *(ci(b.estimate(a), 2) for a in ASPECTS)])
    if not rows:
        return ""
    return table(
        ["model", "prompt set", "scored", "unscored", "style", "logic", "content", "overall"],
        rows,
        caption="LLM judge per aspect (1 = very different, 5 = nearly identical; 95% bootstrap intervals)",
        numeric_from=2,
    )


def _metric_detail(targets: list[Target]) -> str:
    rows = []
    for t in targets:
        for s, b in _blocks(t, "offline").items():
            rows.append([t.label, s, b.n, b.missing, *(ci(b.estimate(m)) for m in METRICS)])
    if not rows:
        return ""
    return table(
        ["model", "prompt set", "pairs", "missing", *METRICS],
        rows,
        caption="Judge-free metrics per prompt set (0 = unrelated, 1 = identical; 95% bootstrap intervals)",
        numeric_from=2,
    )


def _metric_blocks(ctx: Ctx, targets: list[Target]) -> tuple[list[dict[str, Any]], str]:
    """Per target, metric blocks for the chart, and what they cover.

    With one prompt set: that set's blocks, the same numbers as the table above. With several:
    compare's reference pair, which pools all prompts.
    """
    sets = _sets(ctx)
    if len(sets) <= 1:
        blocks = []
        for t in targets:
            first = next(iter(_blocks(t, "offline").values()), SetScores())
            found = {m: first.estimate(m) for m in METRICS}
            blocks.append({m: e.model_dump(mode="json", exclude_unset=True) for m, e in found.items() if e})
        return blocks, f"prompt set {sets[0]}" if sets else ""
    ref = ctx.data.reference_label
    pairs = {}
    for p in ctx.data.rse_summary.pairs if ctx.data.rse_summary else []:
        if ref in (p.a, p.b):
            pairs[p.b if p.a == ref else p.a] = p
    out = []
    for t in targets:
        pair = pairs.get(t.rse_label)
        found = {m: pair.estimate(m) if pair else None for m in METRICS}
        out.append({m: e.model_dump(mode="json") for m, e in found.items() if e})
    return out, "all prompt sets pooled"


def _matrix(ctx: Ctx) -> str:
    summary = ctx.data.rse_summary
    models = summary.models if summary else []
    sim = summary.matrices.get("overall") if summary else None
    if not models or not sim or len(models) < 2:
        return note("No similarity matrix (RSE compare needs at least two models).")
    from distillq.report import plots

    heat = ctx.figure(
        plots.heatmap(models, sim),
        "rse_heatmap",
        "Heatmap of overall response similarity between every pair of models",
        "Overall judge-free similarity between every pair of models, ordered by the lineage tree.",
    )
    tree = ctx.figure(
        plots.dendrogram(models, sim),
        "rse_lineage",
        "Dendrogram of the models clustered by response similarity",
        "Lineage tree: models that join near 0 answer most alike.",
    )
    newick = summary.lineage if summary else None
    extra = details("Lineage tree as Newick text", pre(newick)) if newick else ""
    why = note(
        "This matrix pools every prompt and measures style over each model's whole set of answers, so its "
        "values (and the attribution's similarities) can differ a little from the per-set table above.",
        "muted",
    )
    return f'<div class="pair">{heat}{tree}</div>{why}{extra}'


def _interval(values: Any, digits: int = 3) -> str:
    if not isinstance(values, list | tuple) or len(values) != 2 or None in values:
        return ""
    return f"[{values[0]:.{digits}f}, {values[1]:.{digits}f}]"


def _pvalue(p: Any) -> str:
    return "" if not isinstance(p, int | float) else f"{p:.1e}" if p < 0.001 else f"{p:.3f}"


def _attribution(ctx: Ctx) -> str:
    att = ctx.data.attribution
    if att is None or not att.models:
        return note("No teacher attribution (no candidate teachers were given).")
    rows: list[list[Any]] = []
    for model, info in att.models.items():
        for rank, r in enumerate(info.ranking, start=1):
            share = r.classifier_share
            rows.append(
                [
                    model if rank == 1 else "",
                    rank,
                    r.candidate,
                    num(r.degree),
                    _interval(r.effect_ci),
                    _pvalue(r.p_value),
                    "" if share is None else f"{share:.2f} {_interval(r.classifier_share_ci, 2)}",
                    num(r.similarity),
                ]
            )
    cands = ", ".join(att.candidates)
    tab = table(
        [
            "model",
            "rank",
            "candidate teacher",
            "degree",
            "95% interval",
            "p (Holm)",
            "classifier share",
            "similarity",
        ],
        rows,
        caption=f"Candidates: {cands}",
        numeric_from=3,
        cls="attr",
    )
    explain: str = note(
        "The provenance test asks, prompt by prompt, whether a model's answers are closer to the candidate's "
        "than to those of the quarter of unrelated models it most resembles; its p-value is Holm-adjusted "
        "over the candidates. The degree says how much more the model resembles the candidate than unrelated "
        "models do, as a weighted mean of two standardised effects (how consistently the test's prompts favour the "
        "candidate, and how much more often the classifier takes its answers for the candidate's than an "
        "unrelated model's): 0 = no more than unrelated models, higher = more distilled, with a 95% "
        "bootstrap interval.",
        "muted",
    )
    clf = att.classifier or ClassifierInfo()
    if clf.accuracy is not None:
        explain += note(
            "The classifier share is the fraction of the model's answers that a classifier trained to tell the "
            "candidates' answers (and other models', as 'none of them') apart attributes to that candidate; "
            f"on held-out prompts it is right {clf.accuracy:.0%} of the time (balanced accuracy; chance "
            f"{clf.chance or 0:.0%}).",
            "muted",
        )
    n_models = len(ctx.data.rse_summary.models) if ctx.data.rse_summary else 0
    warn = ""
    if n_models and n_models < 6:
        warn = note(
            f"Only {n_models} models were compared: the test's null is a model's closest unrelated models, so with "
            "this few it rests on one or two models (or on the other candidates). Add more models for a firm "
            "attribution.",
            "caution",
        )
    from distillq.report.notes import single_candidate_note

    return tab + explain + single_candidate_note(ctx.data) + warn


def rse_section(ctx: Ctx) -> Raw:
    title = "Response similarity (RSE)"
    targets = [t for t in ctx.data.targets if t.rse_row]
    if not ctx.data.rse_enabled or not targets:
        return section(
            "rse", title, note("RSE was not run in this study (rse.enabled is false or no results exist).")
        )
    table_meta = ctx.data.rse_table
    assert table_meta is not None  # rse_enabled
    ref = table_meta.reference_label or table_meta.reference
    body: list[str] = [h3("Similarity to the reference: the paper's table", "rse-table")]
    body += [note(str(w), "caution") for w in table_meta.warnings]
    if ctx.data.has_judge:
        judge = table_meta.judge or "LLM judge"
        body.append(
            _paper_table(
                ctx,
                targets,
                "judge",
                "overall",
                f"LLM judge ({judge}) rating similarity to {ref} on the paper's 1–5 scale, per prompt set",
            )  # fmt: skip
        )
        body.append(_judge_aspects(ctx, targets))
    body.append(
        _paper_table(
            ctx,
            targets,
            "offline",
            "overall",
            f"Judge-free overall similarity to {ref} (0–1) per prompt set; 95% bootstrap interval in brackets",
        )  # fmt: skip
    )
    body.append(_metric_detail(targets))
    blocks, scope = _metric_blocks(ctx, targets)
    if any(blocks):
        from distillq.report import plots

        body.append(
            ctx.figure(
                plots.rse_metrics([t.label for t in targets], blocks),
                "rse_metrics",
                "Bar chart of each judge-free similarity metric per model",
                f"How alike each model's answers are to {ref}'s, metric by metric ({scope}).",
            )
        )
    body += [h3("Similarity between all models and the lineage tree", "rse-lineage"), _matrix(ctx)]
    body += [h3("Teacher attribution and distillation degree", "rse-attribution"), _attribution(ctx)]
    errors = {k: v for k, v in table_meta.errors.items() if v}
    if errors:
        body.append(
            note("Failed answers left out: " + ", ".join(f"{k} {v}" for k, v in errors.items()), "caution")
        )
    cut = {k: v for k, v in table_meta.truncated.items() if v}
    if cut:
        body.append(
            note(
                "Answers cut at max_tokens (compared as they are): "
                + ", ".join(f"{k} {v}" for k, v in cut.items()),
                "caution",
            )
        )
    return section(
        "rse",
        title,
        "".join(body),
        f"Every model answered the same prompts; each target's answers were compared with those of {ref}. "
        "Higher means more alike.",
    )
