"""The provenance test on planted per-prompt similarities with a known answer."""

from __future__ import annotations

import numpy as np
import pytest

from distillq.errors import UsageError
from distillq.rse.attribution import attribute
from distillq.rse.metrics import bootstrap_weights
from distillq.rse.provenance import holm, provenance, related_pairs, sign_flip_p

MODELS = ["hub", "teacher", "student", "human", "x1", "x2", "x3", "x4", "x5", "x6"]


def planted(n_prompts: int = 400, seed: int = 0, student_gain: float = 0.06) -> np.ndarray:
    """Per-prompt similarity: 'hub' is close to everyone, 'student' especially close to 'teacher'.

    Everyone else is unrelated.
    """
    rng = np.random.default_rng(seed)
    n = len(MODELS)
    x = 0.40 + 0.05 * rng.standard_normal((n_prompts, n, n))
    x[:, 0, :] += 0.03  # a central model, within the spread of close neighbours
    x[:, :, 0] += 0.03
    x[:, 0, 4:] += 0.05  # ... which has close unrelated neighbours of its own
    x[:, 4:, 0] += 0.05
    x[:, 2, 1] += student_gain
    x[:, 1, 2] += student_gain
    x = (x + x.transpose(0, 2, 1)) / 2
    x[:, np.arange(n), np.arange(n)] = 1.0
    return np.asarray(np.clip(x, 0, 1), dtype=np.float32)


def test_sign_flip_normal_approximation_matches_monte_carlo() -> None:
    rng = np.random.default_rng(1)
    d = np.stack([rng.normal(mu, 1.0, 300) for mu in (-0.05, 0.1, 0.3)], axis=1)
    z, p_norm = sign_flip_p(d)
    _, p_mc = sign_flip_p(d, n_flips=20000, seed=3)
    assert np.allclose(p_norm, p_mc, atol=0.01)
    assert p_norm[2] < p_norm[1] < p_norm[0]
    assert z[2] > z[1] > z[0]


def test_p_values_reach_far_below_model_count_floor() -> None:
    d = np.full(800, 0.01) + np.random.default_rng(0).normal(0, 0.02, 800)
    _, p = sign_flip_p(d)
    assert p[0] < 1e-4


def test_null_is_calibrated() -> None:
    rng = np.random.default_rng(2)
    d = rng.normal(0, 1, (200, 2000))  # 2000 tests, no effect
    _, p = sign_flip_p(d)
    assert 0.03 < (p < 0.05).mean() < 0.07


def test_holm_matches_hand_computation() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([0.9, 0.9]) == [1.0, 1.0]


def test_student_significant_unrelated_not() -> None:
    x = planted()
    tests = provenance(x, MODELS, "student", ["hub", "teacher"], boot_w=bootstrap_weights(400, 300, 0))
    t, h = tests["teacher"], tests["hub"]
    assert t.p_holm < 1e-4 and t.effect > 0.02
    assert t.effect_ci[0] < t.effect < t.effect_ci[1]
    assert t.effect_ci[0] > 0
    assert h.effect < t.effect
    unrelated = provenance(x, MODELS, "x3", ["hub", "teacher"])
    assert unrelated["teacher"].p_holm > 0.01


def test_user_baseline_and_unknown_baseline() -> None:
    x = planted()
    tests = provenance(x, MODELS, "student", ["teacher"], baseline=["x1", "x2"])
    assert tests["teacher"].n_baseline == 2
    assert set(tests["teacher"].neighbours) <= {"x1", "x2"}
    with pytest.raises(UsageError, match="baseline"):
        provenance(x, MODELS, "student", ["teacher"], baseline=["nobody"])


def test_related_pairs_find_a_planted_derivative() -> None:
    x = planted()
    x[:, 4, 5] = x[:, 5, 4] = 0.85  # x2 is a near-copy of x1
    rel = related_pairs(x.mean(axis=0))
    assert rel[4, 5] and rel[5, 4]
    assert rel.sum() <= 4  # at most that pair and the student/teacher pair
    ceiling = np.full(len(MODELS), 0.9)
    rel_c = related_pairs(x.mean(axis=0), ceiling=ceiling)
    assert rel_c[4, 5]


def test_derivative_of_the_suspect_leaves_the_baseline() -> None:
    x = planted()
    x[:, 2, 6] = x[:, 6, 2] = 0.9  # x3 is a derivative of the student
    rel = related_pairs(x.mean(axis=0))
    t = provenance(x, MODELS, "student", ["teacher", "hub"], related=rel)["teacher"]
    assert "x3" not in t.neighbours


def test_attribution_json_fields_and_ranking() -> None:
    x = planted()
    sim = x.mean(axis=0).astype(np.float64)
    out = attribute(sim, MODELS, ["hub", "teacher"], x, boot_w=bootstrap_weights(400, 200, 0))
    ranking = out["models"]["student"]["ranking"]
    assert ranking[0]["candidate"] == "teacher"
    row = ranking[0]
    for key in ("candidate", "similarity", "degree", "p_value", "statistic", "effect_ci", "p_raw"):
        assert key in row
    assert row["p_value"] >= row["p_raw"]
    toward = {
        m: next(r["degree"] for r in out["models"][m]["ranking"] if r["candidate"] == "teacher")
        for m in ("student", "x3", "human")
    }
    assert toward["student"] > 0.03 > max(toward["x3"], toward["human"])


def test_classifier_breaks_a_statistical_tie_only() -> None:
    x = planted(student_gain=0.0)
    x[:, 2, 1] += 0.05
    x[:, 1, 2] += 0.05
    x[:, 2, 0] += 0.02  # the hub starts 0.03 closer: the student is as close to it as to the teacher
    x[:, 0, 2] += 0.02
    sim = x.mean(axis=0).astype(np.float64)
    shares = {"student": {"hub": {"share": 0.1, "ci": [0, 0.2]}, "teacher": {"share": 0.7, "ci": [0.6, 0.8]}}}
    bw = bootstrap_weights(400, 200, 0)
    out = attribute(sim, MODELS, ["hub", "teacher"], x, boot_w=bw, shares=shares)
    assert out["models"]["student"]["ranking"][0]["candidate"] == "teacher"
    flipped = {
        "student": {"hub": {"share": 0.7, "ci": [0.6, 0.8]}, "teacher": {"share": 0.1, "ci": [0, 0.2]}}
    }
    out = attribute(sim, MODELS, ["hub", "teacher"], x, boot_w=bw, shares=flipped)
    assert out["models"]["student"]["ranking"][0]["candidate"] == "hub"
    # A clear test result is not overturned by the classifier.
    x2 = planted(student_gain=0.1)
    out = attribute(
        x2.mean(axis=0).astype(np.float64), MODELS, ["hub", "teacher"], x2, boot_w=bw, shares=flipped
    )
    assert out["models"]["student"]["ranking"][0]["candidate"] == "teacher"
