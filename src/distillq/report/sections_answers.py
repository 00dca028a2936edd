"""The answer browser: every ICE answer and every RSE answer pair, filtered, searched, sorted, paged.

The data goes into the page as JSON in a `<script type="application/json">` block, escaped so no
answer can close that element; a script (assets/browser.js, allowed by its sha256 in the CSP and
by nothing else) renders it with textContent only, so answers stay text, never markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from typing import Any

from distillq.report.answers import JUDGE_ASPECTS, PAIR_METRICS, ice_answers, rse_pairs
from distillq.report.context import Ctx, h3, note, section
from distillq.report.tables import Raw

DATA_ID = "dq-answers"
_C1 = re.compile("[\x7f-\x9f]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_text() -> str:
    """The browser's script, exactly as inlined (its hash must match these bytes)."""
    text = resources.files("distillq.report").joinpath("assets/browser.js").read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError("assets/browser.js must not contain '</' (it is inlined in a <script> element)")
    return text


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def json_block(payload: Any) -> str:
    """JSON that is inert inside HTML: no '<', '>', '&', line separator or control byte survives unescaped."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, rep in _JSON_ESCAPES.items():
        text = text.replace(ch, rep)
    # C1 controls (and DEL) as escapes too, so no raw control byte reaches the file (json escapes C0)
    text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def _filled(template: str, query: str) -> str:
    """What `Template.fill` sends: the slot replaced, or the question on a line of its own."""
    return template.replace("{query}", query) if "{query}" in template else f"{template}\n{query}"


def ice_payload(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Compact rows (positional fields); a prompt is stored only when its template cannot rebuild it."""
    models: list[str] = []
    templates: dict[str, str] = {}
    out = []
    for r in rows:
        if r["model"] not in models:
            models.append(r["model"])
        tid = r["template_id"]
        templates.setdefault(tid, r["template"])
        prompt = r["prompt"]
        same = prompt == _filled(templates[tid], r["query"])
        out.append(
            [
                models.index(r["model"]),
                tid,
                r["question_id"],
                r["language"],
                r["aspect"],
                r["verdict"],
                r["claimed"],
                r["query"],
                r["response"] if not r["error"] else f"[error] {r['error']}",
                r["reason"],
                None if same else prompt,
            ]
        )
    return {"models": models, "templates": templates, "rows": out}


def _r(x: Any) -> float | None:
    return None if x is None else round(float(x), 4)


def rse_payload(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    models: list[str] = []
    out = []
    for p in pairs:
        if p["model"] not in models:
            models.append(p["model"])
        judge = [_r(p["judge"].get(a)) for a in JUDGE_ASPECTS] if p["judge"] else None
        out.append(
            [
                models.index(p["model"]),
                p["promptset"],
                p["prompt_id"],
                p["prompt"],
                p["reference"],
                p["response"],
                [_r(p["metrics"].get(m)) for m in PAIR_METRICS],
                judge,
                p["judge_reason"],
            ]
        )
    return {"models": models, "metrics": list(PAIR_METRICS), "aspects": list(JUDGE_ASPECTS), "rows": out}


def _panel(kind: str, filters: list[tuple[str, str]], placeholder: str) -> str:
    """Controls and an empty table; `kind`, names and labels are fixed strings chosen here, never data."""
    selects = "".join(
        f'<label>{label} <select data-filter="{name}"><option value="">all</option></select></label>'
        for name, label in filters
    )
    return (
        f'<div class="browser" data-browser="{kind}">'
        f'<div class="controls">{selects}<label class="search">search '
        f'<input type="search" data-filter="q" placeholder="{placeholder}"></label></div>'
        '<p class="count" aria-live="polite"></p>'
        '<div class="tw bw"><table class="answers"><thead></thead><tbody></tbody></table></div>'
        '<div class="pager"><button type="button" data-page="prev">previous</button>'
        '<span class="page"></span><button type="button" data-page="next">next</button></div></div>'
    )


def answers_section(ctx: Ctx) -> tuple[Raw, str]:
    """The section, and the inline script it needs ("" when there is nothing to browse)."""
    ice_rows = ice_answers(ctx.data)
    pairs = rse_pairs(ctx.data) if ctx.data.rse_enabled else []
    title = "Every answer"
    if not ice_rows and not pairs:
        return section("answers", title, note("No stored answers to browse in this study.")), ""
    payload = {"ice": ice_payload(ice_rows), "rse": rse_payload(pairs)}
    body = [
        '<p class="js-off note">The answer browser needs JavaScript; the answers are also in '
        "ice/*/ice_responses.jsonl and rse/responses/*.jsonl.</p>",
    ]
    if ice_rows:
        body += [
            h3("Identity answers (ICE)", "answers-ice"),
            _panel(
                "ice",
                [
                    ("model", "model"),
                    ("verdict", "verdict"),
                    ("claimed", "claims"),
                    ("template", "template"),
                    ("language", "language"),
                ],
                "words in the answer, question or judge's reason",
            ),
        ]
    if pairs:
        body += [
            h3("Answer pairs (RSE)", "answers-rse"),
            _panel(
                "rse",
                [("model", "model"), ("promptset", "prompt set")],
                "words in the prompt or either answer",
            ),
        ]
    body.append(json_block(payload))
    lead = (
        "Read the answers behind the scores: filter, search and sort them; click a row to read it whole. "
        "Answers are model output shown as plain text."
    )
    return section("answers", title, "".join(body), lead), script_text()
