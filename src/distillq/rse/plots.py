"""Static figures for RSE: a similarity heatmap and a lineage dendrogram (PNG and SVG)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from scipy.cluster import hierarchy  # noqa: E402

from distillq.rse.lineage import leaf_order, linkage_matrix  # noqa: E402
from distillq.textsafe import plot_label  # noqa: E402


def _save(fig: Figure, out_base: Path) -> list[Path]:
    paths = [out_base.with_suffix(".png"), out_base.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=120, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    plt.close(fig)
    return paths


def heatmap(
    sim: np.ndarray, models: Sequence[str], out_base: Path, title: str = "Response similarity"
) -> list[Path]:
    """Heatmap in dendrogram order; writes <out_base>.png and .svg and returns their paths."""
    order = leaf_order(sim) if len(models) > 2 else list(range(len(models)))
    s = np.asarray(sim)[np.ix_(order, order)]
    names = [plot_label(models[i], 40) for i in order]
    size = max(4.0, 0.38 * len(names) + 2.0)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    off = s[~np.eye(len(names), dtype=bool)]
    im = ax.imshow(s, cmap="viridis", vmin=float(off.min()) if off.size else 0.0, vmax=1.0)
    ax.set_xticks(range(len(names)), names, rotation=90, fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    if len(names) <= 12:
        for i in range(len(names)):
            for j in range(len(names)):
                ax.text(j, i, f"{s[i, j]:.2f}", ha="center", va="center", fontsize=7, color="w")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="similarity")
    ax.set_title(title)
    return _save(fig, out_base)


def dendrogram(sim: np.ndarray, models: Sequence[str], out_base: Path, title: str = "Lineage") -> list[Path]:
    """Average-linkage dendrogram on 1 - similarity; writes PNG and SVG."""
    z = linkage_matrix(sim)
    fig, ax = plt.subplots(figsize=(8.0, max(3.0, 0.32 * len(models) + 1.0)))
    hierarchy.dendrogram(
        z, labels=[plot_label(m, 40) for m in models], orientation="left", ax=ax, color_threshold=0
    )
    ax.set_xlabel("1 - similarity")
    ax.set_title(title)
    ax.tick_params(axis="y", labelsize=8)
    return _save(fig, out_base)
