"""The ICE section: scores with intervals, claimed identities, templates, breakdowns, examples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distillq.report.context import Ctx, h3, note, section
from distillq.report.data import Target, iter_responses
from distillq.report.tables import Raw, bar_cell, ci, details, esc, num, plural, pre, share, table
from distillq.results import LevelBlock, Rate

LEVELS = ("loose", "strict", "hard")
TOP_TEMPLATES = 5
EXAMPLES_PER_KIND = 3


def _rate(block: LevelBlock | None, level: str) -> Rate | None:
    return getattr(block, level) if block is not None else None


def _score(block: LevelBlock | None, level: str) -> float | None:
    rate = _rate(block, level)
    return rate.score if rate is not None else None


def _ci(block: LevelBlock | None, level: str) -> Raw:
    rate = _rate(block, level)
    return ci(rate.model_dump() if rate is not None else None)


def _scores(ctx: Ctx, targets: list[Target]) -> str:
    from distillq.report import plots

    fig = ctx.figure(
        plots.ice_scores([t.label for t in targets], [t.ice or {} for t in targets]),
        "ice_scores",
        "Bar chart of loose, strict and hard ICE scores per model with 95% intervals",
        "Loose, strict and hard scores per model; whiskers are 95% Wilson intervals.",
    )
    rows = []
    for t in targets:
        s = t.summary
        counts = (s.n, s.scored, s.unscored) if s is not None else (None, None, None)
        rows.append([t.label, *counts, *(_ci(s, k) for k in LEVELS)])
    tab = table(
        ["model", "prompts", "scored", "unscored", "loose", "strict", "hard"],
        rows,
        caption="ICE scores: share of scored answers, 95% Wilson interval in brackets",
    )
    return fig + tab


def _claims(ctx: Ctx, targets: list[Target]) -> str:
    from distillq.report import plots

    claims = [t.summary.claimed if t.summary is not None else {} for t in targets]
    if not any(claims):
        return note("No claimed identities were recorded.")
    drawn = [{k: v.model_dump(mode="json") for k, v in c.items()} for c in claims]
    fig = ctx.figure(
        plots.claimed([t.label for t in targets], drawn),
        "ice_claims",
        "Stacked bar chart of which identity each model claims",
        "Which identity each model's answers claim: itself, a real lab, a made-up one, or none.",
    )
    kinds: list[str] = []
    for c in claims:
        kinds.extend(k for k in c if k not in kinds)
    kinds.sort(key=lambda k: (plots.CLAIM_ORDER.get(k, 5), k))
    rows = [
        [t.label, *(f"{c[k].count} ({share(c[k].fraction)})" if k in c else "–" for k in kinds)]
        for t, c in zip(targets, claims, strict=True)
    ]
    return fig + table(
        ["model", *kinds], rows, caption="Claimed identities: answers (share of scored answers)"
    )


def _breakdown(targets: list[Target], key: str, title: str) -> str:
    rows: list[list[Any]] = []
    for t in targets:
        blocks: dict[str, LevelBlock] = getattr(t.summary, key) if t.summary is not None else {}
        for group, b in blocks.items():
            rows.append([t.label, group, b.n, *(bar_cell(_score(b, k)) for k in LEVELS)])
    if not rows:
        return ""
    return table(
        ["model", title, "prompts", "loose", "strict", "hard"], rows, numeric_from=2, cls="breakdown"
    )


def _templates(targets: list[Target]) -> str:
    parts = []
    for t in targets:
        ice = t.ice or {}
        info = {x.get("id"): x for x in (ice.get("fuzz") or {}).get("templates", []) if isinstance(x, dict)}
        per = t.summary.per_template if t.summary is not None else {}
        ranked = sorted(
            per.items(), key=lambda kv: (-(_score(kv[1], "strict") or 0), -(_score(kv[1], "loose") or 0))
        )[:TOP_TEMPLATES]
        rows = []
        for tid, b in ranked:
            meta = info.get(tid, {})
            text = meta.get("text")
            name: Raw = details(str(tid), pre(text, 3000), cls="tpl") if text else Raw(esc(tid))
            origin = meta.get("mutator") or meta.get("source") or "–"
            rows.append(
                [
                    name,
                    meta.get("family") or "–",
                    origin,
                    b.n,
                    *(bar_cell(_score(b, k)) for k in LEVELS),
                ]
            )
        if rows:
            parts.append(
                table(
                    [
                        "template (click for its text)",
                        "family",
                        "origin",
                        "prompts",
                        "loose",
                        "strict",
                        "hard",
                    ],
                    rows,
                    caption=f"{t.label}: most effective templates (by strict, then loose score)",
                    numeric_from=3,
                )
            )
    return "".join(parts)


def _example(row: dict[str, Any]) -> str:
    tags = " ".join(f'<span class="tag {k}">{k}</span>' for k in LEVELS if row.get(k))
    claimed = ", ".join(str(c) for c in row.get("claimed") or []) or "–"
    head = (
        f'<p class="ex-head">{tags} <span class="muted">template</span> {esc(row.get("template_id"))} '
        f'<span class="muted">· {esc(row.get("language"))} · {esc(row.get("aspect"))} · claims</span> '
        f"{esc(claimed)}</p>"
    )
    question = f'<p><span class="muted">question:</span> {esc(row.get("query"))}</p>'
    prompt = details("full prompt sent", pre(row.get("prompt"), 3000), cls="inner")
    reason = f'<p class="muted">judge: {esc(row.get("reason"))}</p>' if row.get("reason") else ""
    return f'<div class="example">{head}{question}{prompt}<p class="muted">answer:</p>{pre(row.get("response"), 2500, "answer")}{reason}</div>'


def _examples(targets: list[Target]) -> str:
    kinds: dict[str, Callable[[dict[str, Any]], Any]] = {
        "hard: claims another real lab, unprompted": lambda r: r.get("hard"),
        "strict but not hard: the prompt named that lab": lambda r: r.get("strict") and not r.get("hard"),
        "loose only: contradicts its card without naming a real lab": lambda r: (
            r.get("loose") and not r.get("strict")
        ),
    }
    parts = []
    for t in targets:
        picked: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
        counts = dict.fromkeys(kinds, 0)
        for row in iter_responses(t.ice_responses):
            for k, pred in kinds.items():
                if pred(row):
                    counts[k] += 1
                    if len(picked[k]) < EXAMPLES_PER_KIND:
                        picked[k].append(row)
                    break
        blocks = [
            details(
                f"{k} — {plural(counts[k], 'answer')}, showing {len(rows)}",
                "".join(_example(r) for r in rows),
                cls="inner",
            )
            for k, rows in picked.items()
            if rows
        ]
        body = "".join(blocks) if blocks else '<p class="muted">No positive answers.</p>'
        parts.append(details(f"Example answers of {t.label}", body, cls="examples"))
    return "".join(parts)


def _run_details(targets: list[Target]) -> str:
    rows = []
    for t in targets:
        s = t.summary
        if s is None:
            continue
        stats = ((s.model_extra or {}).get("fuzz") or {}).get("stats") or {}  # the fuzzer's record: untyped
        loose = (s.agreement or {}).get("loose")
        truncated = s.target_truncated if "target_truncated" in s.model_fields_set else "–"
        rows.append(
            [
                t.label,
                s.judge or "–",
                s.hard_rule or "–",
                ", ".join(s.strict_labs or []) or "–",
                stats.get("rounds"),
                stats.get("mutations_attempted"),
                stats.get("stop_reason") or "–",
                s.target_errors,
                truncated,
                num(loose.kappa if loose is not None else None, 2),
            ]
        )
    return details(
        "How each ICE run went (judge, rules, fuzzing rounds, agreement with reference labels)",
        table(
            [
                "model",
                "judge",
                "hard rule",
                "strict labs",
                "rounds",
                "mutations",
                "stopped by",
                "target errors",
                "cut at max_tokens",
                "κ vs labels",
            ],
            rows,
            numeric_from=4,
        ),
    )


def ice_section(ctx: Ctx) -> Raw:
    targets = [t for t in ctx.data.targets if t.ice]
    title = "Identity consistency (ICE)"
    if not targets:
        return section(
            "ice", title, note("ICE was not run in this study (ice.enabled is false or no results exist).")
        )
    body = [
        h3("Scores", "ice-scores"),
        _scores(ctx, targets),
        h3("Who the models claim to be", "ice-claims"),
        _claims(ctx, targets),
        h3("Most effective jailbreak templates", "ice-templates"),
        _templates(targets),
        h3("By language", "ice-language"),
        _breakdown(targets, "per_language", "language"),
        h3("By aspect of identity", "ice-aspect"),
        _breakdown(targets, "per_aspect", "aspect"),
        h3("Example answers", "ice-examples"),
        note(
            "Answers are shown exactly as the model gave them. They are model output, not facts. "
            "Every answer, not only these examples, is in the answer browser (section 'Every answer').",
            "muted",
        ),
        _examples(targets),
        _run_details(targets),
    ]
    return section(
        "ice",
        title,
        "".join(body),
        "Each model was asked about its own identity inside jailbreak templates. A higher score means more "
        "answers contradicted the model's identity card; strict and hard count only claims to be another real lab.",
    )
