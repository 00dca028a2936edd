"""The combined view (ICE against RSE, the paper's figure) and the plain-words methods section."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from distillq.report.context import Ctx, note, section
from distillq.report.tables import Raw, ci, esc, num, table
from distillq.results_rse import RseRow


def _y_block(row: RseRow, judge: bool) -> dict[str, Any] | None:
    """The y value with an interval when there is one prompt set (the average of several has none here)."""
    value, blocks = (row.judge_average, row.judge) if judge else (row.offline_average, row.offline)
    if value is None:
        return None
    overall = [b.overall for b in blocks.values() if b.overall is not None]
    if len(overall) == 1:
        return {"score": value, "ci95": overall[0].ci95}
    return {"score": value, "ci95": [value, value]}


def combined_section(ctx: Ctx) -> Raw:
    title = "ICE against RSE"
    judge = ctx.data.has_judge
    points: list[dict[str, Any]] = []
    for t in ctx.data.targets:
        strict = t.summary.strict if t.summary else None
        if strict is None or strict.score is None or not t.rse_row:
            continue
        y = _y_block(t.rse_row, judge)
        if y is not None:
            points.append({"label": t.label, "x": strict.model_dump(mode="json"), "y": y})
    if not points:
        return section(
            "combined", title, note("This view needs both ICE and RSE results for at least one model.")
        )
    from distillq.report import plots

    ref = ctx.data.reference_label or "reference"
    if judge:
        y_label, y_range = f"RSE: LLM-judge similarity to {ref} (1–5)", (1.0, 5.2)
    else:
        y_label, y_range = f"RSE: judge-free similarity to {ref} (0–1)", (0.0, 1.05)
    fig = ctx.figure(
        plots.combined(points, y_label, y_range),
        "combined",
        "Scatter plot of each model's ICE strict score against its RSE similarity",
        "One point per model. Right: more answers claim another real lab's identity. Up: answers more like "
        "the reference's. Whiskers are 95% intervals where one exists.",
    )
    rows: list[list[Any]] = [[p["label"], ci(p["x"]), num(p["y"]["score"])] for p in points]
    tab = table(["model", "ICE strict score (x)", "RSE similarity (y)"], rows)
    text = note(
        "No formula joins the two numbers: they are two independent kinds of evidence. A model far up and to "
        "the right both answers like the reference and says it was made by another lab.",
        "muted",
    )
    return section("combined", title, f'<div class="pair narrow">{fig}<div>{tab}{text}</div></div>')


def methods_section() -> Raw:
    """Plain-words explanations, kept in assets/methods.yaml (data, not code)."""
    text = resources.files("distillq.report").joinpath("assets/methods.yaml").read_text(encoding="utf-8")
    items = yaml.safe_load(text) or []
    body = "".join(f"<dt>{esc(i['term'])}</dt><dd>{esc(i['text'])}</dd>" for i in items)
    return section("methods", "How to read the numbers", f'<dl class="methods">{body}</dl>')
