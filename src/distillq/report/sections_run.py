"""Header and run metadata: what was measured, on which models, with which judges, at what cost."""

from __future__ import annotations

from typing import Any

from distillq.report.context import Ctx, h3, section
from distillq.report.export import summary_row
from distillq.report.notes import attribution_candidates, single_candidate_note
from distillq.report.tables import Raw, ci, details, esc, kv, num, share, table

REAL_COMMAND = "distillq run examples/paper-study.yaml"
MIN_TOP_CLAIM = 0.005  # shares below this round to 0%


def synthetic_notice() -> Raw:
    return Raw(
        '<div class="notice" role="note"><strong>These models are synthetic.</strong> '
        "Every model in this study is a scripted stand-in that runs offline; the numbers show what "
        "distillq measures and how the report reads, and say nothing about any real model. "
        "To run the same study against real endpoints (API keys needed):"
        f'<pre class="cmd">{esc(REAL_COMMAND)}</pre></div>'
    )


def header(ctx: Ctx) -> Raw:
    m = ctx.data.meta
    desc = f'<p class="desc">{esc(m.description)}</p>' if m.description else ""
    notice = synthetic_notice() if m.synthetic else ""
    return Raw(
        f'<header id="top"><p class="kicker">distillq study report</p>'
        f"<h1>{esc(m.name or 'distillq study')}</h1>{desc}{notice}</header>"
    )


def _glance(ctx: Ctx) -> Raw:
    rows = []
    for t in ctx.data.targets:
        r = summary_row(t)
        claim = "–"
        # a claim made by under half a percent of answers is not anyone's "top" claim
        if r["top_other_claim"] and (r["top_other_claim_fraction"] or 0) >= MIN_TOP_CLAIM:
            claim = f"{r['top_other_claim']} ({share(r['top_other_claim_fraction'])})"
        elif r["top_claim"] and (r["top_claim_fraction"] or 0) >= MIN_TOP_CLAIM:
            claim = f"{r['top_claim']} ({share(r['top_claim_fraction'])})"
        sim = r["rse_judge_average"] if r["rse_judge_average"] is not None else r["rse_offline_average"]
        teacher = "–"
        if r["top_teacher"]:
            only = " (the only candidate)" if len(attribution_candidates(ctx.data)) == 1 else ""
            teacher = f"{r['top_teacher']}{only} (degree {num(r['degree'], 2)}, p {num(r['p_value'], 3)})"
        ice = t.summary
        rows.append(
            [
                t.label,
                ci(ice.loose if ice else None),
                ci(ice.strict if ice else None),
                ci(ice.hard if ice else None),
                claim,
                num(sim),
                teacher,
            ]
        )
    sim_name = "RSE (judge 1–5)" if ctx.data.has_judge else "RSE similarity"
    tab = table(
        [
            "model",
            "loose",
            "strict",
            "hard",
            "top claim besides itself",
            sim_name,
            "closest candidate teacher",
        ],
        rows,
        caption="At a glance: scores with 95% intervals in brackets",
        text_cols=(4, 6),
    )
    return Raw(tab + single_candidate_note(ctx.data))


def _models(ctx: Ctx) -> Raw:
    m = ctx.data.meta
    rows: list[list[Any]] = []
    for t in ctx.data.targets:
        card = t.card
        name = (card.display_name or card.id) if card else t.identity
        rows.append([t.label, t.model, name or "–", (card.fact if card else None) or "–"])
    ref = m.reference
    if ref:
        rows.append(
            [f"{m.reference_label or ref} (reference)", ref, "–", "RSE compares every target with it"]
        )
    return table(
        ["label", "model", "identity card", "fact the judge checks against"],
        rows,
        cls="models",
        numeric_from=99,
    )


def _run_facts(ctx: Ctx) -> Raw:
    m = ctx.data.meta
    items: list[tuple[str, Any]] = [
        ("ICE judge", m.judge.ice if m.ice_enabled else "ICE not run"),
        ("RSE judge", m.judge.rse if m.rse_enabled else "RSE not run"),
        ("template helper", m.helper or "–"),
        ("distillq version", m.distillq_version or "–"),
        ("started / finished (UTC)", f"{_dash(m.created)} / {_dash(m.finished)}"),
        ("run time", f"{num(m.seconds, 1)} s"),
        ("seeds", ", ".join(f"{k} {v}" for k, v in m.seeds.items()) or "–"),
        ("requests sent / from cache", f"{m.requests_sent} / {m.requests_cached}"),
        ("tokens in / out", f"{_dash(m.tokens.input)} / {_dash(m.tokens.output)}"),
        ("cost", f"${m.total_cost_usd:.4f}"),
    ]
    if m.budget_reached:
        items.append(("budget", "reached: some requests were not sent; re-run with a higher budget"))
    if m.command:
        items.append(("command", Raw(f"<code>{esc(m.command)}</code>")))
    return kv(items)


def _dash(value: Any) -> str:
    """A value, or an en dash when the study did not record it."""
    return "–" if value is None else str(value)


def _usage(ctx: Ctx) -> Raw:
    usage = ctx.data.meta.usage
    rows = [
        [
            model,
            u.get("sent"),
            u.get("cached"),
            u.get("retries"),
            u.get("errors"),
            u.get("truncated", "–"),
            u.get("skipped"),
            u.get("input_tokens"),
            u.get("output_tokens"),
            f"${float(u.get('cost_usd') or 0):.4f}",
        ]
        for model, u in usage.items()
        if isinstance(u, dict)
    ]
    if not rows:
        return Raw("")
    t = table(
        [
            "model",
            "sent",
            "cached",
            "retries",
            "errors",
            "cut at max_tokens",
            "skipped",
            "tokens in",
            "tokens out",
            "cost",
        ],
        rows,
    )
    return details("Requests, tokens and cost per model", t)


def overview(ctx: Ctx) -> Raw:
    body = [_glance(ctx), h3("Models"), _models(ctx), h3("Run"), _run_facts(ctx), _usage(ctx)]
    return section(
        "overview",
        "Overview",
        "".join(body),
        "Identity consistency (ICE) asks each model who made it under jailbreak prompts; response "
        "similarity (RSE) compares its answers with a reference model's. Both together hint at distillation.",
    )
