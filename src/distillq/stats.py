"""Small statistics used across ICE and RSE: intervals, bootstrap, agreement, AUC.

Kept dependency-light and pure so scores are reproducible and testable. scipy is imported lazily:
importing scipy.stats costs ~0.6 s, which every CLI start would otherwise pay.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from statistics import NormalDist

import numpy as np


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; behaves well at 0 and 1, unlike Wald."""
    if n <= 0:
        return (0.0, 1.0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_ci(
    values: Sequence[float],
    statistic: Callable[[np.ndarray], float] = lambda a: float(np.mean(a)),
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval over items (prompts), seeded for reproducibility."""
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return (float("nan"), float("nan"))
    if arr.size == 1:
        return (float(arr[0]), float(arr[0]))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, arr.size, size=(n_resamples, arr.size))
    if statistic is bootstrap_ci.__defaults__[0]:  # type: ignore[index]
        stats_ = arr[idx].mean(axis=1)
    else:
        stats_ = np.array([statistic(arr[i]) for i in idx])
    alpha = (1 - confidence) / 2
    return (float(np.quantile(stats_, alpha)), float(np.quantile(stats_, 1 - alpha)))


def cohen_kappa(a: Sequence[bool | int], b: Sequence[bool | int]) -> float:
    """Cohen's kappa for two binary raters; 1.0 when both are constant and equal."""
    if len(a) != len(b):
        raise ValueError("cohen_kappa needs two sequences of the same length")
    n = len(a)
    if n == 0:
        return float("nan")
    x = np.asarray(a, dtype=int)
    y = np.asarray(b, dtype=int)
    po = float(np.mean(x == y))
    p1 = float(np.mean(x)) * float(np.mean(y))
    p0 = (1 - float(np.mean(x))) * (1 - float(np.mean(y)))
    pe = p1 + p0
    if pe >= 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def roc_auc(scores: Sequence[float], labels: Sequence[bool | int]) -> float:
    """Area under the ROC curve via the Mann-Whitney statistic (ties count half)."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    pos, neg = s[y], s[~y]
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([pos, neg]))
    r_pos = float(ranks[: pos.size].sum())
    return float((r_pos - pos.size * (pos.size + 1) / 2) / (pos.size * neg.size))
