"""The report's figures, drawn with matplotlib (Agg) and written as PNG and SVG.

matplotlib is imported inside functions: it takes about a second, and `import distillq.report`
must stay cheap for the CLI. Model names and claimed identities (model output) go into plots
through `textsafe.plot_label`, which shows control characters as escapes and neutralises
matplotlib's math markup ($...$), so a hostile or odd name cannot break a figure.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from distillq.textsafe import plot_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 150
SHOWN_PPI = 125  # CSS pixels per figure inch in the page: a 6-inch figure is 750 px wide
LEVEL_COLORS = {"loose": "#9ecae1", "strict": "#3182bd", "hard": "#08306b"}
CLAIM_COLORS = {
    "openai": "#10a37f",
    "anthropic": "#d97757",
    "self": "#c9ccd1",
    "none": "#eceef1",
    "fictional": "#9467bd",
}
CLAIM_ORDER = {"openai": 0, "anthropic": 1, "fictional": 8, "self": 9, "none": 10}
OTHER_COLORS = ["#e6a700", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#1f77b4", "#d62728"]
METRIC_COLORS = {
    "lexical": "#a6cee3",
    "structural": "#1f78b4",
    "stylistic": "#b2df8a",
    "semantic": "#33a02c",
    "overall": "#444444",
}


@dataclass
class Figure_:
    """A written figure: its files and the PNG as a data URI for the HTML."""

    name: str
    alt: str
    data_uri: str
    files: list[Path]
    width: int = 0  # CSS pixels in the page (see SHOWN_PPI)
    height: int = 0


def _bars(
    ax: Any,
    pos: Any,
    vals: list[tuple[float, float, float]],
    width: float,
    color: str,
    label: str,
    capsize: int,
) -> None:
    """Bars with asymmetric 95% error bars: vals are (value, below, above)."""
    import numpy as np  # lazy, like matplotlib: importing the report module must stay cheap

    ax.bar(pos, [v[0] for v in vals], width, color=color, label=label, zorder=2)
    ax.errorbar(
        pos,
        [v[0] for v in vals],
        yerr=np.array([[v[1] for v in vals], [v[2] for v in vals]]),
        fmt="none",
        ecolor="#111827",
        elinewidth=0.9,
        capsize=capsize,
        zorder=3,
    )


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#e5e7eb",
            "grid.linewidth": 0.6,
            "axes.axisbelow": True,
            "svg.fonttype": "path",
            "svg.hashsalt": "distillq",
        }
    )
    return plt


def save(fig: Figure, out_dir: Path, name: str, alt: str) -> Figure_:
    """Write <name>.png and <name>.svg into out_dir; return the PNG inline as well."""
    plt = _plt()
    out_dir.mkdir(parents=True, exist_ok=True)
    png, svg = out_dir / f"{name}.png", out_dir / f"{name}.svg"
    fig.savefig(png, dpi=DPI, bbox_inches="tight", facecolor="white")
    fig.savefig(svg, bbox_inches="tight", facecolor="white", metadata={"Date": None})
    plt.close(fig)
    raw = png.read_bytes()
    uri = "data:image/png;base64," + base64.b64encode(raw).decode("ascii")
    w, h = struct.unpack(">II", raw[16:24]) if raw[12:16] == b"IHDR" else (0, 0)
    return Figure_(name, alt, uri, [png, svg], round(w * SHOWN_PPI / DPI), round(h * SHOWN_PPI / DPI))


def _err(block: dict[str, Any] | None) -> tuple[float, float, float]:
    """(value, minus, plus) of a {score, ci95} block for an error bar; zeros when absent."""
    raw = block.get("score", block.get("mean")) if block else None
    if block is None or raw is None:
        return 0.0, 0.0, 0.0
    v = float(raw)
    lo, hi = (block.get("ci95") or [v, v])[:2]
    lo = v if lo is None else float(lo)
    hi = v if hi is None else float(hi)
    return v, max(0.0, v - lo), max(0.0, hi - v)


def ice_scores(labels: Sequence[str], summaries: Sequence[dict[str, Any]]) -> Figure:
    """Grouped bars: loose, strict, hard per model, with 95% Wilson intervals."""
    plt = _plt()
    import numpy as np

    n = len(labels)
    fig, ax = plt.subplots(figsize=(max(5.5, 1.3 * n + 2.5), 3.4))
    x = np.arange(n)
    width = 0.26
    for k, level in enumerate(("loose", "strict", "hard")):
        vals = [_err(s.get(level)) for s in summaries]
        pos = x + (k - 1) * width
        _bars(ax, pos, vals, width, LEVEL_COLORS[level], level, capsize=3)
        for p, v in zip(pos, vals, strict=True):
            ax.text(p, v[0] + v[2] + 0.01, f"{v[0]:.2f}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, [plot_label(s) for s in labels])
    top = max([_err(s.get("loose"))[0] + _err(s.get("loose"))[2] for s in summaries] + [0.1])
    ax.set_ylim(0, min(1.0, top * 1.2 + 0.05))
    ax.set_ylabel("share of identity prompts")
    ax.set_title("ICE scores per model (error bars: 95% Wilson interval)")
    ax.legend(frameon=False, ncol=3, loc="upper right")
    ax.grid(axis="x", visible=False)
    return cast("Figure", fig)


def claim_color(claim: str, others: list[str]) -> str:
    if claim in CLAIM_COLORS:
        return CLAIM_COLORS[claim]
    if claim not in others:
        others.append(claim)
    return OTHER_COLORS[others.index(claim) % len(OTHER_COLORS)]


def claimed(labels: Sequence[str], claims: Sequence[dict[str, Any]]) -> Figure:
    """Stacked horizontal bars: which identity each model's answers claim (share of scored answers)."""
    plt = _plt()
    kinds: list[str] = []
    for c in claims:
        for k in c:
            if k not in kinds:
                kinds.append(k)
    kinds.sort(key=lambda k: (CLAIM_ORDER.get(k, 5), k))
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(labels) + 1.5))
    others: list[str] = []
    y = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for kind in kinds:
        vals = [float((c.get(kind) or {}).get("fraction") or 0.0) for c in claims]
        ax.barh(y, vals, left=left, color=claim_color(kind, others), label=plot_label(kind, 20), height=0.6)
        for yi, lft, v in zip(y, left, vals, strict=True):
            if v >= 0.06:
                ax.text(lft + v / 2, yi, f"{v:.0%}", ha="center", va="center", fontsize=7)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(y, [plot_label(s) for s in labels])
    ax.set_xlim(0, max([1.0, *left]))
    ax.set_xlabel("share of scored answers (an answer may name more than one identity)")
    ax.set_title("Who the model says it is")
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, ncol=min(6, len(kinds)), loc="upper center", bbox_to_anchor=(0.5, -0.28))
    return cast("Figure", fig)


def heatmap(models: Sequence[str], sim: Sequence[Sequence[float]]) -> Figure:
    """Overall similarity matrix in dendrogram order, so related models form blocks."""
    plt = _plt()
    import numpy as np

    from distillq.rse.lineage import leaf_order

    s = np.asarray(sim, dtype=float)
    order = leaf_order(s) if len(models) > 2 else list(range(len(models)))
    s = s[np.ix_(order, order)]
    names = [plot_label(models[i], 24) for i in order]
    size = max(3.8, 0.5 * len(names) + 2.2)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    off = s[~np.eye(len(names), dtype=bool)]
    vmin = float(off.min()) if off.size else 0.0
    im = ax.imshow(s, cmap="viridis", vmin=vmin, vmax=1.0)
    ax.set_xticks(range(len(names)), names, rotation=40, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.grid(False)
    if len(names) <= 14:
        mid = (vmin + 1.0) / 2
        for i in range(len(names)):
            for j in range(len(names)):
                ax.text(
                    j, i, f"{s[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="black" if s[i, j] > mid else "white",
                )  # fmt: skip
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="overall similarity")
    ax.set_title("Response similarity (judge-free, overall)")
    return cast("Figure", fig)


def dendrogram(models: Sequence[str], sim: Sequence[Sequence[float]]) -> Figure:
    """Average-linkage tree on 1 - similarity: the lineage view."""
    plt = _plt()
    import numpy as np
    from scipy.cluster import hierarchy

    from distillq.rse.lineage import linkage_matrix

    z = linkage_matrix(np.asarray(sim, dtype=float))
    # shown at half the page's width: a narrow figure and large leaf labels stay readable there
    fig, ax = plt.subplots(figsize=(5.0, max(2.6, 0.5 * len(models) + 1.0)))
    hierarchy.dendrogram(
        z,
        labels=[plot_label(m, 24) for m in models],
        orientation="left",
        ax=ax,
        leaf_font_size=12,
        color_threshold=0,
        above_threshold_color="#3182bd",
    )
    ax.set_xlabel("distance = 1 − similarity (closer to 0: more alike)")
    ax.set_title("Lineage tree")
    ax.grid(axis="y", visible=False)
    return cast("Figure", fig)


def rse_metrics(labels: Sequence[str], blocks: Sequence[dict[str, Any]]) -> Figure:
    """Per model, each judge-free metric's mean similarity to the reference with its interval."""
    plt = _plt()
    import numpy as np

    metrics = [m for m in METRIC_COLORS if any(isinstance(b.get(m), dict) for b in blocks)]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(max(5.5, 1.5 * n + 2.5), 3.4))
    x = np.arange(n)
    width = 0.8 / max(1, len(metrics))
    for k, metric in enumerate(metrics):
        vals = [_err(b.get(metric)) for b in blocks]
        pos = x + (k - (len(metrics) - 1) / 2) * width
        _bars(ax, pos, vals, width, METRIC_COLORS[metric], metric, capsize=2)
    ax.set_xticks(x, [plot_label(s) for s in labels])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("similarity to the reference (0–1)")
    ax.set_title("Judge-free similarity to the reference, per metric (95% bootstrap intervals)")
    ax.legend(frameon=False, ncol=len(metrics), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.grid(axis="x", visible=False)
    return cast("Figure", fig)


def combined(points: Sequence[dict[str, Any]], y_label: str, y_range: tuple[float, float]) -> Figure:
    """The paper's combined view: ICE strict score (x) against RSE similarity (y), one point per model."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.2, 4.2))
    for p in points:
        xv, xm, xp = _err(p["x"])
        yv, ym, yp = _err(p["y"])
        ax.errorbar(
            [xv], [yv], xerr=[[xm], [xp]], yerr=[[ym], [yp]], fmt="o", color="#3182bd",
            ecolor="#9ca3af", elinewidth=0.9, capsize=2, markersize=7, zorder=3,
        )  # fmt: skip
        ax.annotate(
            plot_label(p["label"], 28), (xv, yv), xytext=(6, 6), textcoords="offset points", fontsize=8
        )
    xs = [_err(p["x"])[0] + _err(p["x"])[2] for p in points]
    right = max([0.1, *xs]) * 1.25
    ax.set_xlim(-0.03 * right, right)
    ax.set_ylim(*y_range)
    ax.set_xlabel("ICE strict score (share of answers claiming another real lab's identity)")
    ax.set_ylabel(y_label)
    ax.set_title("Identity claims against response similarity")
    return cast("Figure", fig)
