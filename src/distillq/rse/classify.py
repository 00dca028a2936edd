"""Supervised source attribution: whose answers do a suspect's answers look like?

After Idiosyncrasies in LLMs (Sun et al., 2025): a linear classifier learns to tell the candidate
teachers' answers apart, plus a "none of them" class drawn from the baseline population, and is
then applied to each suspect's answers. Features are the stylistic ones RSE already extracts
(words, word bigrams, CJK character bigrams through the tokeniser, and the first and last tokens
of an answer), weighted by scikit-learn's TF-IDF; the model is a linear SVM trained by SGD.

Folds are prompt-disjoint: a fold's classifier never saw any answer to the prompts it predicts,
so its accuracy on held-out candidates' answers is honest, and suspects' answers are always
predicted out of fold. Shares carry a bootstrap interval over prompts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from distillq.errors import UsageError

NONE = "none of them"
N_FOLDS = 5
EPOCHS = 15


@dataclass
class ClassifierReport:
    """Cross-validated accuracy and every suspect's attribution shares."""

    classes: list[str]
    accuracy: float  # balanced accuracy over the classes, prompt-disjoint folds
    recall: dict[str, float]
    chance: float
    n_train_per_class: int
    shares: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # suspect -> (resamples, classes) shares on the bootstrap resamples of prompts (degree intervals)
    boot: dict[str, np.ndarray] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "accuracy": round(self.accuracy, 4),
            "chance": round(self.chance, 4),
            "recall": {k: round(v, 4) for k, v in self.recall.items()},
            "n_folds": N_FOLDS,
            "n_train_per_class": self.n_train_per_class,
        }


def _folds(n_prompts: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(n_prompts) % N_FOLDS


def source_shares(
    features: sparse.csr_matrix,
    models: Sequence[str],
    n_prompts: int,
    candidates: Sequence[str],
    none_pool: Sequence[str],
    suspects: Sequence[str],
    boot_w: np.ndarray | None = None,
    seed: int = 0,
) -> ClassifierReport:
    """Train per fold, predict out of fold, and return accuracy and shares.

    features: (models * prompts, F) with row = model * n_prompts + prompt. none_pool: the models
    whose answers make the "none of them" class (one random answer per training prompt, so every
    class has as many examples).
    """
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import SGDClassifier

    idx = {m: i for i, m in enumerate(models)}
    if n_prompts < N_FOLDS * 2:
        raise UsageError(f"the source classifier needs at least {N_FOLDS * 2} prompts")
    pool = [idx[m] for m in none_pool]
    classes = [*candidates, NONE] if pool else list(candidates)
    if len(classes) < 2:
        raise UsageError("the source classifier needs two classes: give two candidates or more models")
    x = sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(features), dtype=np.float32)
    rng = np.random.default_rng(seed)
    fold = _folds(n_prompts, seed)
    sus = [idx[s] for s in suspects]
    pred = np.full((len(sus), n_prompts), -1, dtype=np.int64)
    hits = np.zeros(len(classes))
    seen = np.zeros(len(classes))
    n_train = 0
    for f in range(N_FOLDS):
        train_p = np.flatnonzero(fold != f)
        test_p = np.flatnonzero(fold == f)
        rows = [idx[c] * n_prompts + train_p for c in candidates]
        labels = [np.full(train_p.size, k) for k in range(len(candidates))]
        if pool:
            pick = rng.choice(pool, size=train_p.size)
            rows.append(pick * n_prompts + train_p)
            labels.append(np.full(train_p.size, len(candidates)))
        n_train = train_p.size
        # n_jobs: the one-vs-rest fits run in threads (SGD releases the GIL); each class keeps
        # its own seed, so the model is the same whatever the number of threads.
        clf = SGDClassifier(loss="hinge", alpha=1e-4, max_iter=EPOCHS, tol=None, random_state=seed, n_jobs=2)
        clf.fit(x[np.concatenate(rows)], np.concatenate(labels))
        # Held-out accuracy: candidates' own answers, and one unseen pool answer per test prompt.
        eval_rows = [idx[c] * n_prompts + test_p for c in candidates]
        eval_lab = [np.full(test_p.size, k) for k in range(len(candidates))]
        if pool:
            eval_rows.append(rng.choice(pool, size=test_p.size) * n_prompts + test_p)
            eval_lab.append(np.full(test_p.size, len(candidates)))
        got = clf.predict(x[np.concatenate(eval_rows)])
        truth = np.concatenate(eval_lab)
        np.add.at(seen, truth, 1)
        np.add.at(hits, truth, got == truth)
        if sus:
            srows = (np.array(sus)[:, None] * n_prompts + test_p[None, :]).ravel()
            pred[np.ix_(np.arange(len(sus)), test_p)] = clf.predict(x[srows]).reshape(len(sus), -1)
    recall = {c: float(hits[k] / seen[k]) if seen[k] else float("nan") for k, c in enumerate(classes)}
    report = ClassifierReport(
        classes=classes,
        accuracy=float(np.nanmean(list(recall.values()))),
        recall=recall,
        chance=1.0 / len(classes),
        n_train_per_class=n_train,
    )
    for k, s in enumerate(suspects):
        onehot = np.zeros((n_prompts, len(classes)))
        onehot[np.arange(n_prompts), pred[k]] = 1.0
        share = onehot.mean(axis=0)
        if boot_w is not None:
            b = (boot_w.astype(np.float64) @ onehot) / n_prompts
            lo, hi = np.quantile(b, 0.025, axis=0), np.quantile(b, 0.975, axis=0)
            report.boot[s] = b
        else:
            lo = hi = share
        report.shares[s] = {
            c: {"share": round(float(share[j]), 4), "ci": [round(float(lo[j]), 4), round(float(hi[j]), 4)]}
            for j, c in enumerate(classes)
        }
    return report
