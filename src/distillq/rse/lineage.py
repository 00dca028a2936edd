"""Lineage tree: average-linkage clustering of models on 1 - similarity, written as Newick."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from distillq.errors import UsageError


def linkage_matrix(sim: np.ndarray) -> np.ndarray:
    """scipy linkage (UPGMA) of the distance 1 - similarity; needs at least two models."""
    s = np.asarray(sim, dtype=np.float64)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise UsageError("lineage needs a square similarity matrix of at least two models")
    d = np.clip(1.0 - (s + s.T) / 2.0, 0.0, None)
    np.fill_diagonal(d, 0.0)
    return np.asarray(hierarchy.linkage(squareform(d, checks=False), method="average"), dtype=np.float64)


def quote_name(name: str) -> str:
    """Newick label: single-quoted, inner quotes doubled, so any model name survives."""
    return "'" + name.replace("'", "''") + "'"


def to_newick(sim: np.ndarray, models: Sequence[str]) -> str:
    """Newick string with branch lengths (half the merge distance, as UPGMA heights)."""
    z = linkage_matrix(sim)
    root = hierarchy.to_tree(z)

    def walk(node: hierarchy.ClusterNode, parent_height: float) -> str:
        height = node.dist / 2.0
        length = max(parent_height - height, 0.0)
        if node.is_leaf():
            label = quote_name(models[node.id])
        else:
            assert node.left is not None and node.right is not None
            label = f"({walk(node.left, height)},{walk(node.right, height)})"
        return f"{label}:{length:.6f}"

    top = root.dist / 2.0
    assert root.left is not None and root.right is not None
    return f"({walk(root.left, top)},{walk(root.right, top)});"


def leaf_order(sim: np.ndarray) -> list[int]:
    """Model indices in dendrogram order, so heatmaps show clusters as blocks."""
    return [int(i) for i in hierarchy.leaves_list(linkage_matrix(sim))]
