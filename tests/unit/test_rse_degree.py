"""The distillation degree: standardised effects of the test and the classifier, and their mean."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tests.unit.test_rse_provenance import MODELS, planted

from distillq.errors import UsageError
from distillq.rse.attribution import attribute
from distillq.rse.degree import TEST_WEIGHT, ClassifierEffect, classifier_effects, cohen_h, combine
from distillq.rse.metrics import bootstrap_weights
from distillq.rse.provenance import provenance


def _shares(values: dict[str, float]) -> dict[str, dict[str, dict[str, float]]]:
    return {m: {"teacher": {"share": v}, "none of them": {"share": 1.0 - v}} for m, v in values.items()}


def test_cohen_h_values() -> None:
    assert float(cohen_h(0.3, 0.3)) == pytest.approx(0.0)
    assert float(cohen_h(1.0, 0.0)) == pytest.approx(math.pi)
    assert float(cohen_h(0.5, 0.2)) > float(cohen_h(0.4, 0.2)) > 0 > float(cohen_h(0.1, 0.2))


def test_classifier_effect_against_the_baseline_share_leaves_the_suspect_out() -> None:
    shares = _shares({"student": 0.6, "x1": 0.1, "x2": 0.2, "x3": 0.9})
    eff = classifier_effects("student", shares, ["student", "x1", "x2", "x3"], unrelated=["x1", "x2"])
    assert eff["teacher"].baseline_share == pytest.approx(0.15)  # x3 (related) and itself left out
    assert eff["teacher"].h == pytest.approx(float(cohen_h(0.6, 0.15)))
    assert eff["none of them"].h < 0
    # No baseline model left: no classifier evidence rather than a made-up one.
    assert classifier_effects("student", shares, ["student"]) == {}
    assert classifier_effects("nobody", shares, ["x1"]) == {}


def test_classifier_effect_bootstrap_resamples_both_sides() -> None:
    shares = _shares({"student": 0.6, "x1": 0.1, "x2": 0.2})
    rng = np.random.default_rng(0)
    boot = {}
    for m, v in (("student", 0.6), ("x1", 0.1), ("x2", 0.2)):
        b = np.clip(v + 0.03 * rng.standard_normal(500), 0, 1)
        boot[m] = np.stack([b, 1 - b], axis=1)
    eff = classifier_effects("student", shares, ["x1", "x2"], boot=boot)["teacher"]
    assert eff.boot is not None and eff.boot.shape == (500,)
    lo, hi = np.quantile(eff.boot, [0.025, 0.975])
    assert lo < eff.h < hi and hi - lo > 0.05


def test_combine_weights_and_fallback() -> None:
    clf = ClassifierEffect(h=0.4, baseline_share=0.1, boot=np.array([0.3, 0.4, 0.5]))
    value, (lo, hi) = combine(0.2, np.array([0.1, 0.2, 0.3]), clf, 0.5)
    assert value == pytest.approx(0.3)
    assert lo < value < hi
    assert combine(0.2, None, clf, 1.0)[0] == pytest.approx(0.2)
    assert combine(0.2, None, clf, 0.0)[0] == pytest.approx(0.4)
    assert combine(0.2, None, None, 0.5) == (0.2, (0.2, 0.2))


def test_standardised_test_effect_is_the_statistic_over_root_p() -> None:
    x = planted()
    t = provenance(x, MODELS, "student", ["teacher", "hub"], boot_w=bootstrap_weights(400, 200, 0))["teacher"]
    assert t.std_effect == pytest.approx(t.statistic / math.sqrt(400), rel=1e-6)
    assert 0 < t.std_effect <= 1
    assert t.std_boot is not None and np.quantile(t.std_boot, 0.025) < t.std_effect < np.quantile(
        t.std_boot, 0.975
    )


def test_degree_combines_test_and_classifier_in_attribution_json() -> None:
    x = planted()
    sim = x.mean(axis=0).astype(np.float64)
    suspects = [m for m in MODELS if m not in ("hub", "teacher")]
    values = dict.fromkeys(suspects, 0.1) | {"student": 0.5}
    shares = {m: {"hub": {"share": 0.05}, "teacher": {"share": v}} for m, v in values.items()}
    out = attribute(sim, MODELS, ["hub", "teacher"], x, boot_w=bootstrap_weights(400, 200, 0), shares=shares)
    rows = {m: {r["candidate"]: r for r in out["models"][m]["ranking"]} for m in suspects}
    st = rows["student"]["teacher"]
    assert st["classifier_effect"] == pytest.approx(float(cohen_h(0.5, 0.1)), abs=1e-3)
    w = TEST_WEIGHT
    assert st["degree"] == pytest.approx(w * st["test_effect"] + (1 - w) * st["classifier_effect"], abs=2e-4)
    assert st["effect_ci"][0] < st["degree"] < st["effect_ci"][1]
    assert st["excess"] > 0.03 and st["excess_ci"][0] > 0
    assert st["degree"] > max(rows[m]["teacher"]["degree"] for m in suspects if m != "student")
    assert out["degree_test_weight"] == TEST_WEIGHT
    with pytest.raises(UsageError, match="weight"):
        attribute(sim, MODELS, ["hub", "teacher"], x, test_weight=1.5)
