"""Judge-free response similarity: four metrics, their weighted overall, and bootstrap intervals.

Per-prompt metrics (lexical, structural, semantic) give a (prompts, models, models) tensor;
the stylistic metric compares whole-model profiles. Aggregates are means over prompts, and
95% intervals come from one shared set of prompt resamples, so every pair and metric is
bootstrapped over the same prompts. See docs/metrics.md for the formulas and the reasons.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from distillq.errors import UsageError
from distillq.rse.metrics_lexical import lexical_tensor
from distillq.rse.metrics_structural import structural_tensor
from distillq.rse.metrics_text import (
    semantic_tensor,
    stylistic_features,
    stylistic_similarity,
    tokenize_corpus,
)

METRICS: tuple[str, ...] = ("lexical", "structural", "stylistic", "semantic")
PER_PROMPT: tuple[str, ...] = ("lexical", "structural", "semantic")
# Equal weights: no metric is privileged a priori; docs/metrics.md explains why we did not tune them.
DEFAULT_WEIGHTS: dict[str, float] = {m: 0.25 for m in METRICS}
METRIC_MODES = ("offline", "embeddings")
ProgressFn = Callable[[str], None]


@dataclass
class SimilarityResult:
    """Every matrix RSE derives from one aligned set of responses."""

    models: list[str]
    n_prompts: int
    matrices: dict[str, np.ndarray]  # metric or "overall" -> (N, N)
    intervals: dict[str, np.ndarray]  # metric or "overall" -> (N, N, 2) bootstrap 95% interval
    per_prompt: dict[str, np.ndarray]  # per-prompt metric -> (P, N, N)
    weights: dict[str, float]
    semantic_backend: str
    timings: dict[str, float] = field(default_factory=dict)
    features: Any = None  # (models * prompts, F) sparse stylistic features, reused by the classifier

    def pair_table(self) -> list[dict[str, Any]]:
        """One row per unordered pair: every metric with its interval."""
        rows: list[dict[str, Any]] = []
        n = len(self.models)
        for a in range(n):
            for b in range(a + 1, n):
                row: dict[str, Any] = {"a": self.models[a], "b": self.models[b]}
                for name, mat in self.matrices.items():
                    lo, hi = self.intervals[name][a, b]
                    row[name] = round(float(mat[a, b]), 4)
                    row[f"{name}_ci"] = [round(float(lo), 4), round(float(hi), 4)]
                rows.append(row)
        return rows


def plugin_metrics() -> dict[str, Callable[[list[list[str]]], np.ndarray]]:
    """Per-prompt metrics added through the `distillq.metrics` entry points (beyond the four built-ins).

    Each is `fn(responses[model][prompt]) -> (prompts, models, models)` similarities in [0, 1]; it is
    computed and reported, and joins the overall score only when given a weight (`--weights name=1`).
    """
    from distillq.core import registry

    return {name: registry.metrics.get(name) for name in registry.metrics.names() if name not in METRICS}


def resolve_weights(weights: Mapping[str, float] | None, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Validate user weights (any non-negative numbers) and scale them to sum to one."""
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    known = (*METRICS, *extra)
    unknown = set(w) - set(known)
    if unknown:
        raise UsageError(f"unknown metric weight(s) {sorted(unknown)}; use {', '.join(known)}")
    w = {m: float(w.get(m, 0.0)) for m in known}
    if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise UsageError("metric weights must be non-negative and not all zero")
    total = sum(w.values())
    return {m: v / total for m, v in w.items()}


def check_mode(metrics: str) -> None:
    """Reject metric modes that need model calls or do not exist, before any work is done."""
    if metrics in ("judge", "all"):
        raise UsageError(f"--metrics {metrics} needs model calls; use rse run")
    if metrics not in METRIC_MODES:
        raise UsageError(f"unknown --metrics '{metrics}'; use one of {', '.join(METRIC_MODES)}")


def embedding_tensor(responses: list[list[str]]) -> np.ndarray:
    """Per-prompt cosine of sentence embeddings (optional `sentence-transformers`)."""
    import os

    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise UsageError(
            "--metrics embeddings needs the 'embeddings' extra (sentence-transformers); use --metrics offline"
        ) from None
    name = os.environ.get("DISTILLQ_EMBEDDING_MODEL", "paraphrase-multilingual-MiniLM-L12-v2")
    model = SentenceTransformer(name)
    n, p = len(responses), len(responses[0])
    emb = model.encode([t for rs in responses for t in rs], normalize_embeddings=True)
    e = np.asarray(emb, dtype=np.float32).reshape(n, p, -1)
    return np.asarray(np.clip(np.einsum("apd,bpd->pab", e, e), 0.0, 1.0), dtype=np.float32)


def bootstrap_weights(n_prompts: int, n_resamples: int, seed: int) -> np.ndarray:
    """(resamples, prompts) multiplicities of a seeded percentile bootstrap over prompts."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n_prompts, size=(n_resamples, n_prompts))
    w = np.zeros((n_resamples, n_prompts), dtype=np.float32)
    np.add.at(w, (np.repeat(np.arange(n_resamples), n_prompts), idx.ravel()), 1.0)
    return w


def similarity_matrices(
    responses: list[list[str]],
    models: list[str],
    metrics: str = "offline",
    weights: Mapping[str, float] | None = None,
    n_resamples: int = 200,
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> SimilarityResult:
    """All metric matrices for responses[model][prompt] (a full, aligned grid)."""
    check_mode(metrics)
    extra = plugin_metrics()
    w = resolve_weights(weights, tuple(extra))
    n = len(models)
    if n != len(responses) or n < 2 or len({len(r) for r in responses}) != 1 or not responses[0]:
        raise UsageError("need an aligned grid of responses from at least two models")
    p = len(responses[0])
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    per_prompt: dict[str, np.ndarray] = {}

    t = time.perf_counter()
    say("lexical")
    per_prompt["lexical"] = lexical_tensor(responses)
    timings["lexical"] = time.perf_counter() - t
    t = time.perf_counter()
    say("structural")
    per_prompt["structural"] = structural_tensor(responses)
    timings["structural"] = time.perf_counter() - t
    t = time.perf_counter()
    say("tokenise")
    corpus = tokenize_corpus(responses)
    timings["tokenise"] = time.perf_counter() - t
    t = time.perf_counter()
    say("semantic")
    if metrics == "embeddings":
        per_prompt["semantic"] = embedding_tensor(responses)
        backend = "sentence-transformers"
    else:
        per_prompt["semantic"] = semantic_tensor(corpus)
        backend = "tfidf"
    timings["semantic"] = time.perf_counter() - t
    t = time.perf_counter()
    say("stylistic")
    boot_w = bootstrap_weights(p, n_resamples, seed)
    features = stylistic_features(corpus)
    style, style_boot = stylistic_similarity(corpus, boot_w, features)
    assert style_boot is not None
    timings["stylistic"] = time.perf_counter() - t
    for name, fn in extra.items():
        t = time.perf_counter()
        say(name)
        per_prompt[name] = np.clip(np.asarray(fn(responses), dtype=np.float32).reshape(p, n, n), 0.0, 1.0)
        timings[name] = time.perf_counter() - t

    t = time.perf_counter()
    say("bootstrap")
    matrices: dict[str, np.ndarray] = {}
    boots: dict[str, np.ndarray] = {}
    for name, tensor in per_prompt.items():
        flat = tensor.reshape(p, n * n).astype(np.float64)
        matrices[name] = flat.mean(axis=0).reshape(n, n)
        boots[name] = ((boot_w.astype(np.float64) @ flat) / p).reshape(-1, n, n)
    matrices["stylistic"] = style
    boots["stylistic"] = style_boot
    matrices["overall"] = np.sum([w[m] * matrices[m] for m in w], axis=0)
    boots["overall"] = np.sum([w[m] * boots[m] for m in w], axis=0)
    intervals = {
        name: np.stack([np.quantile(b, 0.025, axis=0), np.quantile(b, 0.975, axis=0)], axis=-1)
        for name, b in boots.items()
    }
    for mat in matrices.values():
        mat[:] = (mat + mat.T) / 2.0
        np.fill_diagonal(mat, 1.0)
    timings["bootstrap"] = time.perf_counter() - t
    ordered = {m: matrices[m] for m in (*METRICS, *extra, "overall")}
    return SimilarityResult(
        models=list(models),
        n_prompts=p,
        matrices=ordered,
        intervals=intervals,
        per_prompt=per_prompt,
        weights=w,
        semantic_backend=backend,
        timings=timings,
        features=features,
    )


def chrf_pairs(reference: list[str], test: list[str]) -> np.ndarray:
    """Exact per-pair chrF from sacrebleu (beta = 1, lower-cased): the same formula as
    `lexical_tensor`, whose sketched form is needed only for all-pairs matrices (BENCHMARKS.md)."""
    from sacrebleu.metrics.chrf import CHRF

    chrf = CHRF(char_order=4, word_order=0, beta=1, lowercase=True)
    out = np.empty(len(reference), dtype=np.float64)
    for k, (a, b) in enumerate(zip(reference, test, strict=True)):
        empty = not "".join(a.split()) and not "".join(b.split())
        out[k] = 1.0 if empty else chrf.sentence_score(b, [a]).score / 100.0
    return out


def score_pairs(
    reference: list[str],
    test: list[str],
    metrics: str = "offline",
    weights: Mapping[str, float] | None = None,
    seed: int = 0,
    n_resamples: int = 1000,
) -> dict[str, Any]:
    """Score a test model against a reference on aligned prompts (for `rse run`).

    Returns per-prompt values of the per-prompt metrics, the model-level stylistic score
    (two-model form: distributions compared directly, no background), and each metric's
    mean with a bootstrap 95% interval over prompts. The stylistic profiles are recomputed on
    every resample, and the overall interval uses the same resamples for all four metrics.
    """
    if len(reference) != len(test) or not reference:
        raise UsageError("reference and test responses must be non-empty lists of the same length")
    check_mode(metrics)
    w = resolve_weights(weights)
    grid = [list(reference), list(test)]
    corpus = tokenize_corpus(grid)
    per_prompt: dict[str, np.ndarray] = {
        "lexical": chrf_pairs(grid[0], grid[1]),
        "structural": structural_tensor(grid)[:, 0, 1].astype(np.float64),
        "semantic": (embedding_tensor(grid) if metrics == "embeddings" else semantic_tensor(corpus))[
            :, 0, 1
        ].astype(np.float64),
    }
    boot_w = bootstrap_weights(len(reference), n_resamples, seed).astype(np.float64)
    style, style_boot = stylistic_similarity(corpus, boot_w)
    assert style_boot is not None
    stylistic = float(style[0, 1])
    overall_pp = np.sum([w[m] * per_prompt[m] for m in PER_PROMPT], axis=0) + w["stylistic"] * stylistic
    n = len(reference)
    boots = {name: boot_w @ vals / n for name, vals in per_prompt.items()}
    boots["stylistic"] = style_boot[:, 0, 1]
    boots["overall"] = np.sum([w[m] * boots[m] for m in METRICS], axis=0)
    means = {name: float(np.mean(vals)) for name, vals in per_prompt.items()}
    means["stylistic"] = stylistic
    means["overall"] = float(np.mean(overall_pp))
    aggregate: dict[str, dict[str, float]] = {}
    for name, b in boots.items():
        lo, hi = (float(v) for v in np.quantile(b, [0.025, 0.975]))
        aggregate[name] = {"mean": means[name], "ci_low": lo, "ci_high": hi}
    return {
        "per_prompt": {k: [float(x) for x in v] for k, v in per_prompt.items()}
        | {"overall": [float(x) for x in overall_pp]},
        "aggregate": aggregate,
        "weights": w,
    }
