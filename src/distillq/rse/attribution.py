"""Distillation degree and teacher attribution from a model x model similarity matrix.

Raw similarity is not evidence of distillation: some models (a central "GPT-4 style") are
similar to everyone. The degree of model M toward candidate T therefore removes both M's
general similarity level and T's centrality (double centring, as in classical MDS), then
compares the residual with M's residuals toward all other models (a z-score). The p-value is
a permutation test over null models: the chance that a model drawn from M's null set has a
residual at least as large as T's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from distillq.errors import UsageError

RankBy = Literal["similarity", "degree"]


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


def degree(sim: np.ndarray, models: Sequence[str], model: str, candidate: str) -> tuple[float, float]:
    """(z-score degree, permutation p-value) of `model` toward `candidate`.

    Null set: every model other than `model` and `candidate`. z = (r(M,T) - mean_null r(M,X)) /
    sd_null; p = (1 + #{X in null: r(M,X) >= r(M,T)}) / (1 + |null|), whose resolution is limited
    by the number of models (with 22 null models the smallest p is 1/23 ~= 0.043).
    """
    idx = {m: i for i, m in enumerate(models)}
    if model not in idx or candidate not in idx:
        raise UsageError(f"unknown model '{model if model not in idx else candidate}' in attribution")
    i, j = idx[model], idx[candidate]
    r = residual_matrix(sim)
    null = np.array([r[i, k] for k in range(len(models)) if k not in (i, j)])
    if null.size == 0:
        return float("nan"), float("nan")
    sd = float(null.std(ddof=1)) if null.size > 1 else 0.0
    z = (r[i, j] - null.mean()) / sd if sd > 0 else float("nan")
    p = (1 + int((null >= r[i, j]).sum())) / (1 + null.size)
    return float(z), float(p)


def attribute(
    sim: np.ndarray,
    models: Sequence[str],
    candidates: Sequence[str] | None,
    rank_by: RankBy = "similarity",
) -> dict[str, Any]:
    """Rank candidates for every non-candidate model.

    Output: {"candidates": [...], "models": {m: {"ranking": [{candidate, similarity, degree,
    p_value}, ...], "margin": first - second in the ranking key}}}. With candidates None every
    model is ranked against all the others (nearest relatives).
    """
    models = list(models)
    if candidates is not None:
        missing = [c for c in candidates if c not in models]
        if missing:
            raise UsageError(f"candidate(s) {', '.join(missing)} not among the models; check --candidates")
        if len(candidates) == 0:
            raise UsageError("attribution needs at least one candidate")
    s = np.asarray(sim, dtype=np.float64)
    idx = {m: i for i, m in enumerate(models)}
    out: dict[str, Any] = {"candidates": list(candidates if candidates is not None else models), "models": {}}
    for m in models:
        if candidates is not None and m in candidates:
            continue
        pool = candidates if candidates is not None else [x for x in models if x != m]
        ranking: list[dict[str, Any]] = []
        for c in pool:
            z, p = degree(s, models, m, c)
            ranking.append(
                {
                    "candidate": c,
                    "similarity": round(float(s[idx[m], idx[c]]), 4),
                    "degree": round(z, 3) if np.isfinite(z) else None,
                    "p_value": round(p, 4) if np.isfinite(p) else None,
                }
            )
        key = "similarity" if rank_by == "similarity" else "degree"
        ranking.sort(key=lambda row: (-(row[key] if row[key] is not None else -np.inf), row["candidate"]))
        top = [row[key] for row in ranking[:2]]
        margin = round(float(top[0] - top[1]), 4) if len(top) == 2 and None not in top else None
        out["models"][m] = {"ranking": ranking, "margin": margin}
    return out
