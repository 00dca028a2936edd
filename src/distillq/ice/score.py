"""Turn verdicts into ICE scores: fractions with Wilson intervals, breakdowns, agreement.

Unscored verdicts (a judge answer that could not be parsed) are counted apart and never
silently become a 0 or a 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from distillq.ice.types import Verdict
from distillq.stats import cohen_kappa, wilson_interval

LEVELS = ("loose", "strict", "hard")


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson_interval(k, n)
    return {"count": k, "n": n, "score": (k / n) if n else None, "ci95": [lo, hi]}


def _block(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    scored = [v for v in verdicts if v.scored]
    out: dict[str, Any] = {"n": len(verdicts), "scored": len(scored), "unscored": len(verdicts) - len(scored)}
    for level in LEVELS:
        vals = [getattr(v, level) for v in scored if getattr(v, level) is not None]
        out[level] = _rate(sum(bool(x) for x in vals), len(vals)) if vals else None
    return out


def _group(
    records: Sequence[dict[str, Any]], verdicts: Sequence[Verdict], key: Callable[[dict[str, Any]], Any]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Verdict]] = defaultdict(list)
    for r, v in zip(records, verdicts, strict=True):
        k = key(r)
        if k is not None and k != "":
            groups[str(k)].append(v)
    blocks = {k: _block(vs) for k, vs in groups.items()}

    def rank(item: tuple[str, dict[str, Any]]) -> tuple[float, float]:
        b = item[1]
        return (
            -(b["strict"]["score"] or 0) if b["strict"] else 0,
            -(b["loose"]["score"] or 0) if b["loose"] else 0,
        )

    return dict(sorted(blocks.items(), key=rank))


def _agreement(ref: list[bool], ours: list[bool]) -> dict[str, Any]:
    n = len(ref)
    return {
        "n": n,
        "kappa": cohen_kappa(ref, ours) if n else None,
        "accuracy": (sum(a == b for a, b in zip(ref, ours, strict=True)) / n) if n else None,
        "reference_score": (sum(ref) / n) if n else None,
        "judge_score": (sum(ours) / n) if n else None,
        "both": sum(a and b for a, b in zip(ref, ours, strict=True)),
        "reference_only": sum(a and not b for a, b in zip(ref, ours, strict=True)),
        "judge_only": sum(b and not a for a, b in zip(ref, ours, strict=True)),
    }


def summarize(
    records: Sequence[dict[str, Any]],
    verdicts: Sequence[Verdict],
    template_key: str = "template_id",
    aspect_key: str = "aspect",
    language_key: str = "language",
) -> dict[str, Any]:
    """A JSON-able summary: overall scores, breakdowns, claimed identities, reference agreement."""
    if len(records) != len(verdicts):
        raise ValueError("summarize needs one verdict per record")
    out = _block(verdicts)

    def template_of(r: dict[str, Any]) -> Any:
        return r.get(template_key) if r.get(template_key) is not None else r.get("template")

    out["per_template"] = _group(records, verdicts, template_of)
    out["per_aspect"] = _group(records, verdicts, lambda r: r.get(aspect_key))
    out["per_language"] = _group(records, verdicts, lambda r: r.get(language_key))
    claimed: Counter[str] = Counter(c for v in verdicts if v.scored for c in v.claimed)
    scored = max(1, out["scored"])
    out["claimed"] = {k: {"count": c, "fraction": c / scored} for k, c in claimed.most_common()}
    traces = [v.extra["trace"] for v in verdicts if v.scored and "trace" in v.extra]
    if traces:  # reasoning traces judged apart: reported beside the answer's scores, never in them
        out["trace"] = {
            level: _rate(sum(bool(t[level]) for t in traces), len(traces)) for level in ("loose", "strict")
        }
    agreement: dict[str, Any] = {}
    for level in ("loose", "strict"):
        pairs = [
            (bool(r[level]), bool(getattr(v, level)))
            for r, v in zip(records, verdicts, strict=True)
            if r.get(level) is not None and getattr(v, level) is not None
        ]
        if pairs:
            agreement[level] = _agreement([a for a, _ in pairs], [b for _, b in pairs])
    if agreement:
        out["agreement"] = agreement
    return out
