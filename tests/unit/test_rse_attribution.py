"""Attribution and lineage on hand-built similarity matrices with a known answer."""

from __future__ import annotations

import re

import numpy as np
import pytest

from distillq.errors import UsageError
from distillq.rse.attribution import attribute, residual_matrix
from distillq.rse.lineage import leaf_order, quote_name, to_newick

MODELS = ["hub", "teacher", "student", "x1", "x2", "x3", "x4"]


def _planted() -> np.ndarray:
    """'hub' is similar to everyone; 'student' is especially close to 'teacher'."""
    rng = np.random.default_rng(0)
    n = len(MODELS)
    s = 0.40 + 0.02 * rng.random((n, n))
    s = (s + s.T) / 2
    s[0, :] = s[:, 0] = 0.70  # central model
    s[1, 2] = s[2, 1] = 0.62
    np.fill_diagonal(s, 1.0)
    return s


def test_output_shape_and_ordering() -> None:
    s = _planted()
    out = attribute(s, MODELS, ["hub", "teacher", "x1"], rank_by="similarity")
    assert out["candidates"] == ["hub", "teacher", "x1"]
    assert set(out["models"]) == {"student", "x2", "x3", "x4"}
    ranking = out["models"]["student"]["ranking"]
    assert [r["candidate"] for r in ranking] == ["hub", "teacher", "x1"]  # by raw similarity
    assert {"candidate", "similarity", "degree", "p_value", "statistic", "effect_ci"} <= set(ranking[0])
    sims = [r["similarity"] for r in ranking]
    assert sims == sorted(sims, reverse=True)
    # A matrix alone is one "prompt": degrees exist, p-values cannot.
    assert ranking[0]["p_value"] is None and ranking[0]["degree"] is not None


def test_residuals_remove_row_and_column_levels() -> None:
    base = np.add.outer(np.arange(5.0), np.arange(5.0)) / 20  # purely additive: no pair is special
    r = residual_matrix(base)
    off = ~np.eye(5, dtype=bool)
    assert np.abs(r[off]).max() < 0.05


def test_all_models_as_candidates_and_small_sets() -> None:
    s = _planted()[:3, :3]
    out = attribute(s, MODELS[:3], None)
    assert set(out["models"]) == set(MODELS[:3])
    # Three models: each suspect's null is the one other model, so degrees exist.
    assert all(len(v["ranking"]) == 2 for v in out["models"].values())


def test_unknown_candidate() -> None:
    with pytest.raises(UsageError, match="not among the models"):
        attribute(_planted(), MODELS, ["nobody"])


def test_newick_has_every_leaf_and_pairs_siblings() -> None:
    s = _planted()
    s[0, 1:] = s[1:, 0] = 0.41  # no central model here
    names = [*MODELS[:-1], "it's (odd), name"]
    nwk = to_newick(s, names)
    assert nwk.endswith(";")
    bare = re.sub(r"'(?:[^']|'')*'", "L", nwk)
    assert bare.count("(") == bare.count(")") == len(names) - 1  # binary tree
    assert bare.count("L") == len(names)
    for name in names:
        assert quote_name(name) in nwk
    assert "'it''s (odd), name'" in nwk
    # teacher and student are the closest non-hub pair: they must be siblings.
    assert re.search(r"\('(teacher|student)':[0-9.]+,'(teacher|student)':[0-9.]+\)", nwk)
    assert sorted(leaf_order(s)) == list(range(len(names)))
