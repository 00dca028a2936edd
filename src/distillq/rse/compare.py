"""`rse compare`: similarity of many models' existing responses, with lineage and attribution.

Reads response files, aligns prompts, computes judge-free metrics, and writes every artefact
into one folder. Pure computation lives in metrics/lineage/attribution; this module is I/O.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from distillq.errors import UsageError
from distillq.results import Attribution, Comparison, write_result
from distillq.rse.attribution import attribute
from distillq.rse.ceiling import noise_ceilings, relative_to_ceiling
from distillq.rse.degree import TEST_WEIGHT
from distillq.rse.lineage import to_newick
from distillq.rse.metrics import (
    ProgressFn,
    SimilarityResult,
    bootstrap_weights,
    check_mode,
    similarity_matrices,
)
from distillq.rse.provenance import DEFAULT_QUANTILE, combine_per_prompt, related_pairs
from distillq.rse.responses import Alignment, load_aligned


def sample_alignment(al: Alignment, sample: int | None, seed: int = 0) -> Alignment:
    """Keep `sample` prompts chosen by a seeded hash of their keys (stable whatever the file order)."""
    if sample is None or sample >= len(al.prompt_keys):
        return al
    if sample < 2:
        raise UsageError("--limit needs at least 2 prompts")
    ranked = sorted(
        range(len(al.prompt_keys)),
        key=lambda i: hashlib.sha256(f"{seed}:{al.prompt_keys[i]}".encode()).hexdigest(),
    )
    keep = sorted(ranked[:sample])
    return Alignment(
        models=al.models,
        prompt_keys=[al.prompt_keys[i] for i in keep],
        prompts=[al.prompts[i] for i in keep],
        responses=[[rs[i] for i in keep] for rs in al.responses],
        missing=al.missing,
        extra_samples={
            m: {j: d[i] for j, i in enumerate(keep) if i in d} for m, d in al.extra_samples.items()
        },
    )


def write_matrix_csv(path: Path, sim: np.ndarray, models: Sequence[str]) -> None:
    """N x N CSV; header row and first column hold model names."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["model", *models])
        for name, row in zip(models, sim, strict=True):
            w.writerow([name, *(f"{x:.4f}" for x in row)])


def read_matrix_csv(path: Path) -> tuple[list[str], np.ndarray]:
    """Inverse of write_matrix_csv, for reuse and tests."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    models = rows[0][1:]
    return models, np.array([[float(x) for x in r[1:]] for r in rows[1:]])


def compute(
    inputs: Sequence[Path],
    metrics: str = "offline",
    weights: Mapping[str, float] | None = None,
    sample: int | None = None,
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> tuple[Alignment, SimilarityResult]:
    """Load, align, sample and score in memory (no files written)."""
    check_mode(metrics)
    if progress:
        progress("load")
    al = sample_alignment(load_aligned([Path(p) for p in inputs]), sample, seed)
    return al, similarity_matrices(
        al.responses, al.models, metrics=metrics, weights=weights, seed=seed, progress=progress
    )


def check_names(
    models: Sequence[str], candidates: Sequence[str] | None, baseline: Sequence[str] | None
) -> None:
    """Every --candidates and --baseline name must be a model of the files: a typo is a usage error."""
    for flag, names in (("--candidates", candidates), ("--baseline", baseline)):
        unknown = [n for n in names or () if n not in models]
        if unknown:
            raise UsageError(
                f"{flag}: {', '.join(unknown)} not among the models in the files; "
                f"use their names as they appear there: {', '.join(models)}"
            )


def run_attribution(
    res: SimilarityResult,
    models: Sequence[str],
    candidates: Sequence[str] | None,
    baseline: Sequence[str] | None = None,
    seed: int = 0,
    n_resamples: int = 1000,
    timings: dict[str, float] | None = None,
    quantile: float = DEFAULT_QUANTILE,
    ceiling: np.ndarray | None = None,
    test_weight: float = TEST_WEIGHT,
) -> dict[str, Any]:
    """Provenance tests, the source classifier and the combined ranking for every suspect.

    ceiling: per-model noise ceilings (NaN where unknown); related models are then found by it.
    """
    check_names(models, candidates, baseline)
    t = time.perf_counter()
    x = combine_per_prompt(res.per_prompt, res.weights)
    related = related_pairs(res.matrices["overall"], ceiling=ceiling)
    boot_w = bootstrap_weights(x.shape[0], n_resamples, seed)
    shares = None
    share_boot: dict[str, np.ndarray] | None = None
    none_pool: list[str] | None = None
    classifier: dict[str, Any] | None = None
    cands = list(candidates) if candidates else None
    if cands and res.features is not None and res.n_prompts >= 10:
        from distillq.rse.classify import source_shares

        ci = {m: k for k, m in enumerate(models)}
        if baseline:
            pool = [b for b in baseline if b in ci and b not in cands]
        else:
            pool = [m for m in models if m not in cands and not any(related[ci[m], ci[c]] for c in cands)]
        suspects = [m for m in models if m not in cands]
        t_cls = time.perf_counter()
        report = source_shares(res.features, models, res.n_prompts, cands, pool, suspects, boot_w, seed)
        shares, share_boot, none_pool = report.shares, report.boot, pool
        classifier = report.as_dict() | {"none_pool": pool}
        if timings is not None:
            timings["classifier"] = time.perf_counter() - t_cls
    out = attribute(
        res.matrices["overall"],
        models,
        cands,
        x,
        baseline=list(baseline) if baseline else None,
        related=related,
        boot_w=boot_w,
        shares=shares,
        share_boot=share_boot,
        none_pool=none_pool,
        test_weight=test_weight,
        quantile=quantile,
        seed=seed,
    )
    if classifier is not None:
        out["classifier"] = classifier
    if ceiling is not None and np.isfinite(ceiling).any():
        rel = relative_to_ceiling(x.mean(axis=0), ceiling)
        idx = {m: k for k, m in enumerate(models)}
        for m, info in out["models"].items():
            for row in info["ranking"]:
                v = rel[idx[m], idx[row["candidate"]]]
                row["similarity_vs_ceiling"] = round(float(v), 4) if np.isfinite(v) else None
    if timings is not None:
        timings["tests"] = time.perf_counter() - t - timings.get("classifier", 0.0)
    return out


def compare(
    inputs: Sequence[Path],
    out_dir: Path,
    candidates: Sequence[str] | None = None,
    metrics: str = "offline",
    weights: Mapping[str, float] | None = None,
    progress: ProgressFn | None = None,
    sample: int | None = None,
    seed: int = 0,
    baseline: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Compare models' responses and write similarity CSVs, lineage, plots and attribution.

    baseline: models the user knows to be independent of the suspects, used as the provenance
    test's null population instead of the automatically cleaned population.
    """
    t0 = time.perf_counter()
    t = time.perf_counter()
    al, res = compute(inputs, metrics=metrics, weights=weights, sample=sample, seed=seed, progress=progress)
    load_and_score = time.perf_counter() - t
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    overall = res.matrices["overall"]
    write_matrix_csv(out / "similarity.csv", overall, al.models)
    files["similarity"] = "similarity.csv"
    for m in (k for k in res.matrices if k != "overall"):
        write_matrix_csv(out / f"similarity_{m}.csv", res.matrices[m], al.models)
        files[f"similarity_{m}"] = f"similarity_{m}.csv"
    newick = to_newick(overall, al.models)
    (out / "lineage.nwk").write_text(newick + "\n", encoding="utf-8")
    files["lineage"] = "lineage.nwk"
    if progress:
        progress("provenance tests and source classifier")
    att_times: dict[str, float] = {}
    ceiling = (
        noise_ceilings(al.responses, al.extra_samples, al.models, res.weights) if al.extra_samples else None
    )
    attribution = run_attribution(
        res, al.models, candidates, baseline=baseline, seed=seed, timings=att_times, ceiling=ceiling
    )
    write_result(Attribution, attribution, out / "attribution.json")
    files["attribution"] = "attribution.json"
    t = time.perf_counter()
    if progress:
        progress("plots")
    from distillq.rse import plots  # matplotlib is slow to import; only when drawing

    plots.heatmap(overall, al.models, out / "heatmap")
    plots.dendrogram(overall, al.models, out / "dendrogram")
    files.update(heatmap="heatmap.png", dendrogram="dendrogram.png")
    plot_time = time.perf_counter() - t
    summary: dict[str, Any] = {
        "models": al.models,
        "n_models": len(al.models),
        "n_prompts": len(al.prompt_keys),
        "metrics_mode": metrics,
        "semantic_backend": res.semantic_backend,
        "weights": res.weights,
        "missing_prompts": {m: {"count": len(ks), "keys": ks[:50]} for m, ks in al.missing.items()},
        "matrices": {k: np.round(v, 4).tolist() for k, v in res.matrices.items()},
        "pairs": res.pair_table(),
        "lineage": newick,
        "attribution": attribution,
        "noise_ceiling": None
        if ceiling is None
        else {
            m: (round(float(c), 4) if np.isfinite(c) else None)
            for m, c in zip(al.models, ceiling, strict=True)
        },
        "files": files,
        "timings": {
            **{k: round(v, 3) for k, v in res.timings.items()},
            "load_and_score": round(load_and_score, 3),
            **{k: round(v, 3) for k, v in att_times.items()},
            "plots": round(plot_time, 3),
            "total": round(time.perf_counter() - t0, 3),
        },
    }
    write_result(Comparison, summary, out / "rse_summary.json")
    return summary
