"""Provenance test: is suspect S closer to candidate teacher T than to its unrelated neighbours?

After Model Provenance Testing (Nikolic et al., 2025), on prompts as the unit of replication.
For every prompt p the statistic is

    d_p = x_p(S, T) - mean_{B in N(S)} x_p(S, B)

where x_p is the per-prompt similarity and N(S) is S's *upper quartile* of the baseline
population: the quarter of baseline models most similar to S overall. The baseline is every
other model minus the candidates and minus near-duplicates or derivatives of S or T (or the
models the user names as independent). The null hypothesis "T is no closer to S than S's close
unrelated neighbours are" lies between two extremes that both fail: the mean of all others
(every modern model is closer to GPT-3.5 than the average model is, so everything is
significant) and the single closest model (a co-student of the same teacher beats the teacher).
docs/metrics.md explains the choice. The test is a one-sided paired sign-flip test of mean(d) > 0
(normal approximation to the exact sign-flip distribution, or Monte Carlo flips for few prompts);
p-values are Holm-adjusted over each suspect's candidates; the effect mean(d) carries a bootstrap
interval over prompts. The standardised effect mean(d) / rms(d) (the sign-flip statistic over
sqrt(P)) is the test's half of the distillation degree (`degree.py`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from distillq.errors import UsageError

DEFAULT_QUANTILE = 0.25  # share of the baseline (closest to S first) forming the null neighbourhood
RELATED_Z = 3.5  # robust z of a pair's residual similarity above which two models count as related
CEILING_RATIO = 0.9  # with repeated samples: related when as close as 90% of the noise ceiling
MIN_BASELINE = 2  # fewer baseline models than this: the other candidates serve as the null
MIN_PROMPTS = 10  # fewer prompts: effects only, no p-values
MC_BELOW = 50  # fewer prompts than this: Monte Carlo sign flips instead of the normal approximation


@dataclass
class PairTest:
    """One suspect-candidate test."""

    effect: float  # mean excess similarity over the null neighbourhood (the degree)
    effect_ci: tuple[float, float]
    statistic: float  # standardised sign-flip statistic sum(d) / sqrt(sum(d^2))
    p_raw: float
    p_holm: float = float("nan")
    n_baseline: int = 0
    neighbours: list[str] = field(default_factory=list)
    # mean(d) / rms(d): how consistently, prompt by prompt, S is closer to T (in [-1, 1])
    std_effect: float = float("nan")
    std_boot: np.ndarray | None = None  # its values on the bootstrap resamples of prompts


def sign_flip_p(d: np.ndarray, n_flips: int = 0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(statistic, one-sided p) of the paired sign-flip test of mean(d) > 0, for columns of d.

    Under H0 each d_p is symmetric about 0, so flipping signs gives the null distribution of
    sum(d). Its standardised form sum(d)/sqrt(sum d^2) is close to normal for hundreds of prompts
    (the flips are independent and bounded); n_flips > 0 asks for Monte Carlo flips instead.
    """
    d = np.asarray(d, dtype=np.float64)
    if d.ndim == 1:
        d = d[:, None]
    total = d.sum(axis=0)
    ss = np.sqrt((d * d).sum(axis=0))
    stat = np.where(ss > 0, total / np.where(ss > 0, ss, 1.0), 0.0)
    if n_flips <= 0:
        # erfc keeps precision in the far tail; 2^-P is the smallest p an exact sign flip can give.
        floor = 2.0 ** -min(d.shape[0], 1000)
        p = np.array([0.5 * math.erfc(float(z) / math.sqrt(2.0)) for z in stat])
        return stat, np.clip(p, floor, 1.0)
    rng = np.random.default_rng(seed)
    exceed = np.zeros(d.shape[1])
    chunk = 2000
    done = 0
    while done < n_flips:
        k = min(chunk, n_flips - done)
        signs = rng.choice(np.array([-1.0, 1.0]), size=(k, d.shape[0]))
        exceed += (signs @ d >= total[None, :] - 1e-12).sum(axis=0)
        done += k
    return stat, (1.0 + exceed) / (1.0 + n_flips)


def _standardised(total: np.ndarray, sum_sq: np.ndarray, n_prompts: int) -> np.ndarray:
    """mean(d) / rms(d) = sum(d) / sqrt(P * sum(d^2)), from sums over P (resampled) prompts."""
    q = np.asarray(sum_sq, dtype=np.float64) * n_prompts
    return np.asarray(np.where(q > 0, total / np.sqrt(np.where(q > 0, q, 1.0)), 0.0), dtype=np.float64)


def holm(p: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (step-down, monotone, capped at 1)."""
    arr = np.asarray(p, dtype=np.float64)
    m = arr.size
    order = np.argsort(arr)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * float(arr[i])))
        adj[i] = running
    return [float(x) for x in adj]


def related_pairs(
    mean_sim: np.ndarray, ceiling: np.ndarray | None = None, z: float = RELATED_Z
) -> np.ndarray:
    """(N, N) bool: pairs so alike that one is a near-duplicate or derivative of the other.

    With a within-model noise ceiling (several samples per prompt), a pair is related when its
    similarity reaches CEILING_RATIO of the geometric mean of the two ceilings. Without one, a
    pair is related when its double-centred similarity is a robust outlier among all pairs
    (more than `z` scaled MADs above the median), i.e. far beyond how unrelated models differ.
    """
    from distillq.rse.attribution import residual_matrix

    s = np.asarray(mean_sim, dtype=np.float64)
    n = s.shape[0]
    out = np.zeros((n, n), dtype=bool)
    if ceiling is not None:
        c = np.sqrt(np.outer(ceiling, ceiling))
        out |= s >= CEILING_RATIO * np.where(c > 0, c, np.inf)
    if n >= 4:
        r = residual_matrix(s)
        vals = r[np.triu_indices(n, 1)]
        med = float(np.median(vals))
        mad = 1.4826 * float(np.median(np.abs(vals - med)))
        if mad > 0:
            out |= np.nan_to_num((r - med) / mad, nan=-np.inf) > z
    np.fill_diagonal(out, False)
    return out | out.T


def combine_per_prompt(per_prompt: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Weighted mean of the per-prompt metric tensors (weights renormalised over those present)."""
    names = [k for k in per_prompt if weights.get(k, 0.0) > 0]
    if not names:
        names = list(per_prompt)
        weights = dict.fromkeys(names, 1.0)
    total = sum(weights[k] for k in names)
    out = np.zeros(per_prompt[names[0]].shape, dtype=np.float32)
    for k in names:
        out += np.float32(weights[k] / total) * per_prompt[k].astype(np.float32)
    return out


def provenance(
    x: np.ndarray,
    models: Sequence[str],
    suspect: str,
    candidates: Sequence[str],
    *,
    baseline: Sequence[str] | None = None,
    related: np.ndarray | None = None,
    exclude_candidates: bool = True,
    quantile: float = DEFAULT_QUANTILE,
    boot_w: np.ndarray | None = None,
    n_flips: int = 0,
    seed: int = 0,
) -> dict[str, PairTest]:
    """Test `suspect` against every candidate; Holm-adjusted within this suspect.

    x: (prompts, models, models) per-prompt similarity. baseline: user-named independent
    references (otherwise every other model that is not related to S or T, and not a candidate
    unless exclude_candidates is False, as when every model is a candidate of every other).
    """
    idx = {m: i for i, m in enumerate(models)}
    if suspect not in idx:
        raise UsageError(f"unknown model '{suspect}' in the provenance test")
    if not 0 < quantile <= 1:
        raise UsageError("the null neighbourhood quantile must be in (0, 1]")
    i = idx[suspect]
    p_count = x.shape[0]
    rel = np.zeros((len(models), len(models)), dtype=bool) if related is None else related
    blocked = {suspect, *(candidates if exclude_candidates else ())}
    if baseline is not None:
        unknown = [b for b in baseline if b not in idx]
        if unknown:
            raise UsageError(f"baseline model(s) {', '.join(unknown)} not among the models; check --baseline")
    mean_s = x[:, i, :].mean(axis=0)
    tests: dict[str, PairTest] = {}
    cols: list[np.ndarray] = []
    names: list[str] = []
    for cand in candidates:
        j = idx[cand]
        if baseline is not None:
            pool = [idx[b] for b in baseline if b not in (suspect, cand)]
        else:
            pool = [
                k
                for k, m in enumerate(models)
                if m not in blocked and m != cand and not rel[i, k] and not rel[j, k]
            ]
        if len(pool) < MIN_BASELINE and baseline is None:
            # Too few other models: the other candidates are the only possible null.
            pool = [idx[c] for c in candidates if c != cand and not rel[i, idx[c]] and not rel[j, idx[c]]]
        if len(pool) < 1:
            tests[cand] = PairTest(float("nan"), (float("nan"), float("nan")), float("nan"), float("nan"))
            continue
        pool_arr = np.array(pool)
        k_top = max(1, int(np.ceil(quantile * pool_arr.size)))
        top = pool_arr[np.argsort(-mean_s[pool_arr], kind="stable")[:k_top]]
        d = x[:, i, j].astype(np.float64) - x[:, i, top].astype(np.float64).mean(axis=1)
        cols.append(d)
        names.append(cand)
        tests[cand] = PairTest(
            effect=float(d.mean()),
            effect_ci=(float("nan"), float("nan")),
            statistic=float("nan"),
            p_raw=float("nan"),
            n_baseline=len(pool),
            neighbours=[models[k] for k in top],
        )
    if cols:
        dmat = np.stack(cols, axis=1)
        for cand, v in zip(
            names, _standardised(dmat.sum(axis=0), (dmat * dmat).sum(axis=0), p_count), strict=True
        ):
            tests[cand].std_effect = float(v)
    if cols and p_count < MIN_PROMPTS:
        for cand in names:
            tests[cand].effect_ci = (tests[cand].effect, tests[cand].effect)
    elif cols:
        stat, pv = sign_flip_p(dmat, n_flips=n_flips or (10000 if p_count < MC_BELOW else 0), seed=seed)
        if boot_w is not None:
            bw = boot_w.astype(np.float64)
            sums = bw @ dmat
            boots = sums / p_count
            lo, hi = np.quantile(boots, 0.025, axis=0), np.quantile(boots, 0.975, axis=0)
            std_boot = _standardised(sums, bw @ (dmat * dmat), p_count)
        else:
            lo = hi = dmat.mean(axis=0)
            std_boot = None
        for k, cand in enumerate(names):
            t = tests[cand]
            t.statistic, t.p_raw, t.effect_ci = float(stat[k]), float(pv[k]), (float(lo[k]), float(hi[k]))
            t.std_boot = None if std_boot is None else std_boot[:, k]
    tested = [c for c in candidates if np.isfinite(tests[c].p_raw)]
    for cand, adj in zip(tested, holm([tests[c].p_raw for c in tested]), strict=True):
        tests[cand].p_holm = adj
    return tests
