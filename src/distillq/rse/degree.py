"""Distillation degree: one number per suspect and candidate, comparable across models.

The provenance test and the source classifier each measure how much more a suspect S resembles
a candidate T than unrelated models do, on different evidence (per-prompt similarity; whole-answer
habits a classifier learns). Each is turned into a standardised effect, and the degree is their
weighted mean (the test's effect weighs 0.25, see TEST_WEIGHT):

- test: mean(d) / rms(d) of the test's per-prompt excess d (in [-1, 1]; the sign-flip statistic
  over sqrt(P)): how consistently, prompt by prompt, S is closer to T than to its close neighbours;
- classifier: Cohen's h between S's share of answers taken for T and the baseline share, the
  mean share for T among the baseline population's models (S and models related to S left out):
  how much more often S's answers pass for T's than an unrelated model's do.

Standardising removes the scale of the raw similarity (which differs between teachers: answers
close to a hub are close to everyone), and the baseline share corrects the classifier for how
often it mistakes any chat model for T. docs/metrics.md explains the choice and VALIDATION.md
reports it with leave-one-out over the weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# Weight of the test's standardised effect (the classifier's gets the rest), chosen by
# leave-one-out over labelled models in VALIDATION.md (ties go to the weight nearest 0.5).
TEST_WEIGHT = 0.25


@dataclass
class ClassifierEffect:
    """S's share for T against the baseline share, as Cohen's h, with its bootstrap values."""

    h: float
    baseline_share: float
    boot: np.ndarray | None = None


def cohen_h(p: Any, q: Any) -> np.ndarray:
    """Cohen's h = 2 asin(sqrt p) - 2 asin(sqrt q): the standardised difference of two proportions."""
    p = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
    q = np.clip(np.asarray(q, dtype=np.float64), 0.0, 1.0)
    return np.asarray(2.0 * np.arcsin(np.sqrt(p)) - 2.0 * np.arcsin(np.sqrt(q)), dtype=np.float64)


def classifier_effects(
    suspect: str,
    shares: Mapping[str, Mapping[str, Mapping[str, Any]]],
    pool: Sequence[str],
    unrelated: Sequence[str] | None = None,
    boot: Mapping[str, np.ndarray] | None = None,
) -> dict[str, ClassifierEffect]:
    """Cohen's h of `suspect`'s share for every class against the baseline share.

    shares: model -> class -> {"share": ...} (the classifier's out-of-fold shares); pool: the
    baseline population; unrelated: the pool models that may serve for this suspect (default: all
    but the suspect). boot: model -> (resamples, classes) shares in the order of shares[model],
    on the same resampled prompts, so the baseline share is resampled with the suspect's.
    Empty when the suspect has no shares or no baseline model has any.
    """
    mine = shares.get(suspect)
    allowed = set(unrelated) if unrelated is not None else None
    others = [m for m in pool if m != suspect and m in shares and (allowed is None or m in allowed)]
    if not mine or not others:
        return {}
    classes = list(mine)
    with_boot = boot is not None and suspect in boot and all(m in boot for m in others)
    out: dict[str, ClassifierEffect] = {}
    for j, c in enumerate(classes):
        rate = float(np.mean([float(shares[m][c]["share"]) for m in others]))
        h = float(cohen_h(mine[c]["share"], rate))
        hb = None
        if with_boot:
            assert boot is not None
            rate_b = np.mean([boot[m][:, j] for m in others], axis=0)
            hb = cohen_h(boot[suspect][:, j], rate_b)
        out[c] = ClassifierEffect(h=h, baseline_share=rate, boot=hb)
    return out


def combine(
    test_effect: float,
    test_boot: np.ndarray | None,
    clf: ClassifierEffect | None,
    test_weight: float = TEST_WEIGHT,
) -> tuple[float, tuple[float, float]]:
    """(degree, 95% interval): the weighted mean of the two standardised effects.

    Without classifier evidence the degree is the test's standardised effect alone. The interval
    is a percentile bootstrap over prompts (both effects on the same resamples); without the
    test's resamples it is the point.
    """
    if clf is None or not np.isfinite(clf.h) or not np.isfinite(test_effect):
        value = test_effect
        boots = test_boot
    else:
        value = test_weight * test_effect + (1.0 - test_weight) * clf.h
        boots = None
        if test_boot is not None:
            # Without the classifier's resamples its part is held fixed (the interval is narrower).
            other = clf.boot if clf.boot is not None else clf.h
            boots = test_weight * test_boot + (1.0 - test_weight) * other
    if boots is None or not np.isfinite(value):
        return float(value), (float(value), float(value))
    lo, hi = np.quantile(boots, [0.025, 0.975])
    return float(value), (float(lo), float(hi))
