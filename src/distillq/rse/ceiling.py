"""Noise ceiling: how alike a model is to itself when asked the same prompt again.

With several samples per prompt (epochs at temperature > 0), the within-model similarity of a
model's first and second answers is its ceiling: no other model can be expected to be closer to
it than its own resamples are. Similarity relative to the ceiling reads 1.0 for "as close to B as
B is to itself". The per-prompt similarity is the one the provenance test uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from distillq.rse.metrics_lexical import lexical_tensor
from distillq.rse.metrics_structural import structural_tensor
from distillq.rse.metrics_text import semantic_tensor, tokenize_corpus
from distillq.rse.provenance import combine_per_prompt


def noise_ceilings(
    responses: Sequence[Sequence[str]],
    extra_samples: Mapping[str, Mapping[int, Sequence[str]]],
    models: Sequence[str],
    weights: Mapping[str, float],
) -> np.ndarray:
    """(N,) mean per-prompt similarity between a model's first and second samples; NaN without."""
    out = np.full(len(models), np.nan)
    for k, m in enumerate(models):
        extra = extra_samples.get(m) or {}
        idx = sorted(i for i, more in extra.items() if more)
        if len(idx) < 2:
            continue
        grid = [[responses[k][i] for i in idx], [extra[i][0] for i in idx]]
        per_prompt = {
            "lexical": lexical_tensor(grid),
            "structural": structural_tensor(grid),
            "semantic": semantic_tensor(tokenize_corpus(grid)),
        }
        out[k] = float(combine_per_prompt(per_prompt, dict(weights))[:, 0, 1].mean())
    return out


def relative_to_ceiling(mean_sim: np.ndarray, ceiling: np.ndarray) -> np.ndarray:
    """rel[a, b] = sim(a, b) / ceiling(b): 1.0 means a is as close to b as b is to itself."""
    c = np.where(np.isfinite(ceiling) & (ceiling > 0), ceiling, np.nan)
    return np.asarray(mean_sim / c[None, :], dtype=np.float64)
