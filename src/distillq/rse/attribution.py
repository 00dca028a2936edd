"""Teacher attribution: the provenance test per suspect and candidate, and the combined ranking.

For every model that is not a candidate (the suspects), every candidate teacher T is tested with
`provenance.provenance` on the per-prompt similarity: `excess` is the test's effect (mean excess
similarity of S to T over S's closest unrelated neighbours), `p_value` its Holm-adjusted p. The
degree (comparable across models, higher = more distilled) combines the test's standardised
effect with the classifier's, when classifier shares are given (`degree.py`). The ranking is the
test's, with the classifier breaking the ties the test cannot resolve (docs/metrics.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from distillq.errors import UsageError
from distillq.rse.degree import TEST_WEIGHT, ClassifierEffect, classifier_effects, combine
from distillq.rse.provenance import DEFAULT_QUANTILE, PairTest, provenance

RankBy = Literal["similarity", "degree", "evidence"]


def residual_matrix(sim: np.ndarray) -> np.ndarray:
    """Double-centred similarity r(a,b) = s(a,b) - row mean(a) - row mean(b) + grand mean.

    Means are taken over off-diagonal entries, so the 1.0 self-similarity does not leak in.
    """
    s = np.asarray(sim, dtype=np.float64)
    n = s.shape[0]
    off = ~np.eye(n, dtype=bool)
    row = np.where(off, s, 0.0).sum(axis=1) / max(n - 1, 1)
    grand = s[off].mean() if n > 1 else 0.0
    r = s - row[:, None] - row[None, :] + grand
    np.fill_diagonal(r, np.nan)
    return np.asarray(r, dtype=np.float64)


def _r(x: float, digits: int) -> float | None:
    return round(float(x), digits) if np.isfinite(x) else None


def _sig(x: float) -> float | None:
    """p-values keep three significant digits: 1e-30 must not round to 0."""
    return float(f"{float(x):.3g}") if np.isfinite(x) else None


def _row(
    cand: str,
    sim: float,
    t: PairTest,
    share: Mapping[str, Any] | None,
    clf: ClassifierEffect | None,
    test_weight: float,
) -> dict[str, Any]:
    degree, ci = combine(t.std_effect, t.std_boot, clf, test_weight)
    row: dict[str, Any] = {
        "candidate": cand,
        "similarity": _r(sim, 4),
        "degree": _r(degree, 4),
        "p_value": _sig(t.p_holm),
        "statistic": _r(t.statistic, 3),
        "effect_ci": [_r(ci[0], 4), _r(ci[1], 4)],
        "p_raw": _sig(t.p_raw),
        "n_baseline": t.n_baseline,
        "excess": _r(t.effect, 4),
        "excess_ci": [_r(t.effect_ci[0], 4), _r(t.effect_ci[1], 4)],
        "test_effect": _r(t.std_effect, 4),
    }
    if share is not None:
        row["classifier_share"] = share.get("share")
        row["classifier_share_ci"] = share.get("ci")
    if clf is not None:
        row["classifier_effect"] = _r(clf.h, 4)
        row["baseline_share"] = _r(clf.baseline_share, 4)
    return row


def _none_share(shares: Mapping[str, Mapping[str, Any]] | None) -> dict[str, Any] | None:
    """The classifier's "none of them" share for one suspect, if it has that class."""
    from distillq.rse.classify import NONE

    if not shares or NONE not in shares:
        return None
    return {"share": shares[NONE].get("share"), "ci": shares[NONE].get("ci")}


def _rank_by_evidence(ranking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Combined evidence: the test's excess ranks; the classifier breaks statistical ties.

    Candidates whose excess interval reaches the leader's are indistinguishable by the test; among
    them the one with the largest classifier share (when there is one) comes first.
    """

    def deg(r: dict[str, Any]) -> float:
        return float(r["excess"]) if r["excess"] is not None else -np.inf

    by_degree = sorted(ranking, key=lambda r: (-deg(r), r["candidate"]))
    if not by_degree or by_degree[0]["excess"] is None:
        return by_degree
    lead_lo = by_degree[0]["excess_ci"][0]
    if lead_lo is None:
        return by_degree
    tied = [r for r in by_degree if r["excess_ci"][1] is not None and r["excess_ci"][1] >= lead_lo]
    if any(r.get("classifier_share") is not None for r in tied):
        best = max(tied, key=lambda r: (r.get("classifier_share") or 0.0, deg(r)))
        by_degree.remove(best)
        by_degree.insert(0, best)
    return by_degree


def attribute(
    sim: np.ndarray,
    models: Sequence[str],
    candidates: Sequence[str] | None,
    per_prompt: np.ndarray | None = None,
    *,
    rank_by: RankBy = "evidence",
    baseline: Sequence[str] | None = None,
    related: np.ndarray | None = None,
    quantile: float = DEFAULT_QUANTILE,
    boot_w: np.ndarray | None = None,
    shares: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    share_boot: Mapping[str, np.ndarray] | None = None,
    none_pool: Sequence[str] | None = None,
    test_weight: float = TEST_WEIGHT,
    seed: int = 0,
) -> dict[str, Any]:
    """Test and rank candidates for every suspect (every model that is not a candidate).

    sim: (N, N) overall similarity (reported as `similarity`); per_prompt: (P, N, N) per-prompt
    similarity for the test (default: `sim` as a single prompt, which gives no p-values).
    Output: {"candidates", "baseline", "models": {m: {"ranking": [...], "margin", "related"}}}.
    With candidates None every model is ranked against all the others (nearest relatives).
    shares/share_boot: the classifier's shares (and their bootstrap values) per model; none_pool:
    the baseline population whose mean share is the classifier's null (default: every suspect).
    """
    if not 0.0 <= test_weight <= 1.0:
        raise UsageError("the test's weight in the degree must be in [0, 1]")
    models = list(models)
    if candidates is not None:
        missing = [c for c in candidates if c not in models]
        if missing:
            raise UsageError(f"candidate(s) {', '.join(missing)} not among the models; check --candidates")
        if len(candidates) == 0:
            raise UsageError("attribution needs at least one candidate")
    s = np.asarray(sim, dtype=np.float64)
    x = np.asarray(s[None, :, :] if per_prompt is None else per_prompt)
    idx = {m: i for i, m in enumerate(models)}
    out: dict[str, Any] = {
        "candidates": list(candidates if candidates is not None else models),
        "baseline": list(baseline) if baseline is not None else "population",
        "null_quantile": quantile,
        "degree_test_weight": test_weight,
        "models": {},
    }
    for m in models:
        if candidates is not None and m in candidates:
            continue
        pool = list(candidates) if candidates is not None else [c for c in models if c != m]
        tests = provenance(
            x,
            models,
            m,
            pool,
            baseline=baseline,
            related=related,
            exclude_candidates=candidates is not None,
            quantile=quantile,
            boot_w=boot_w,
            seed=seed,
        )
        mshares = (shares or {}).get(m)
        effects: dict[str, ClassifierEffect] = {}
        if shares:
            base = (
                list(none_pool)
                if none_pool is not None
                else [k for k in models if k not in out["candidates"]]
            )
            unrelated = [k for k in base if related is None or not related[idx[m], idx[k]]]
            effects = classifier_effects(m, shares, base, unrelated, share_boot)
        ranking = [
            _row(
                c,
                s[idx[m], idx[c]],
                tests[c],
                (mshares or {}).get(c) if mshares else None,
                effects.get(c),
                test_weight,
            )
            for c in pool
        ]
        if rank_by == "evidence":
            ranking = _rank_by_evidence(ranking)
        else:
            ranking.sort(key=lambda r: (-(r[rank_by] if r[rank_by] is not None else -np.inf), r["candidate"]))
        top = [r["degree"] for r in ranking[:2]]
        margin = round(float(top[0] - top[1]), 4) if len(top) == 2 and None not in top else None
        rel = [] if related is None else [models[k] for k in np.flatnonzero(related[idx[m]])]
        out["models"][m] = {"ranking": ranking, "margin": margin, "related": rel}
        none = _none_share(mshares)
        if none is not None:
            out["models"][m]["none_share"] = none
    return out
