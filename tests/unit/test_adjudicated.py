"""The adjudicated ICE sets in benchmarks/adjudicated: ids and labels only, consistent with ../shared.

Two sets: the first (labels.jsonl, strata.json) and the held-out one (holdout_*), drawn from the
answers outside the first sample and labelled blind. Both are checked the same way."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
ADJ = ROOT / "benchmarks" / "adjudicated"
FIELDS = {"model", "row", "hash", "stratum", "loose", "strict", "unsure", "note"}
SETS = {"first": ("", 300, 400), "holdout": ("holdout_", 150, 260)}  # file prefix, size bounds


def _labels(stem: str) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in (ADJ / f"{stem}labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]


@pytest.mark.parametrize("name", sorted(SETS))
def test_labels_are_ids_and_labels_only(name: str) -> None:
    stem, low, high = SETS[name]
    labels = _labels(stem)
    strata = json.loads((ADJ / f"{stem}strata.json").read_text(encoding="utf-8"))
    assert low <= len(labels) <= high
    assert all(set(x) == FIELDS for x in labels)  # no answer text is kept in the project
    assert all(len(str(x["note"])) <= 120 for x in labels)
    assert all(x["loose"] or not x["strict"] for x in labels)  # strict needs loose
    assert Counter(str(x["stratum"]) for x in labels) == {s: v["sampled"] for s, v in strata.items()}
    assert len({(x["model"], x["row"]) for x in labels}) == len(labels)


def test_holdout_is_disjoint_from_the_first_set_and_matches_its_draw() -> None:
    first = {(x["model"], x["row"]) for x in _labels("")}
    holdout = _labels("holdout_")
    assert not first & {(x["model"], x["row"]) for x in holdout}
    sample = [
        json.loads(line) for line in (ADJ / "holdout_sample.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    drawn = {(x["model"], x["row"], x["hash"], x["stratum"]) for x in sample}
    assert drawn == {(x["model"], x["row"], x["hash"], x["stratum"]) for x in holdout}
    strata = json.loads((ADJ / "holdout_strata.json").read_text(encoding="utf-8"))
    first_strata = json.loads((ADJ / "strata.json").read_text(encoding="utf-8"))
    # the holdout population is what the first sample left
    assert sum(v["population"] for v in strata.values()) == sum(
        v["population"] for v in first_strata.values()
    ) - len(first)


@pytest.mark.parametrize("name", sorted(SETS))
def test_labels_point_at_unchanged_answers(name: str, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "ice-paper" / "labelled"
    rows: dict[str, list[str]] = {}
    for x in _labels(SETS[name][0]):
        model = str(x["model"])
        if model not in rows:
            lines = (folder / f"{model}.jsonl").read_text(encoding="utf-8").splitlines()
            rows[model] = [json.loads(line)["response"] for line in lines]
        response = rows[model][int(str(x["row"]))]
        assert hashlib.sha256(response.encode("utf-8")).hexdigest()[:16] == x["hash"]
    assert rows, f"{name}: no labels read"  # an empty label file would pass the loop unchecked


def _validate_module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import validate_adjudicated
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return validate_adjudicated


def _row(stratum: str, truth: bool, ours: bool) -> dict[str, object]:
    return {
        "stratum": stratum,
        "loose": truth,
        "strict": truth,
        "unsure": False,
        "ours_loose": ours,
        "ours_strict": ours,
        "paper_loose": truth,
        "paper_strict": truth,
    }


def test_pooled_estimate_is_the_mean_of_both_sets_over_the_whole_population() -> None:
    va = _validate_module()
    # first set: population 100 (a: 90, b: 10); holdout: the 98 answers the first sample left
    first = (
        [_row("a", True, True), _row("b", False, True)],
        {"a": {"population": 90, "sampled": 1}, "b": {"population": 10, "sampled": 1}},
    )
    hold = (
        [_row("a", True, False), _row("b", False, False)],
        {"a": {"population": 89, "sampled": 1}, "b": {"population": 9, "sampled": 1}},
    )
    rows, w, groups = va.pooled(first, hold)
    assert float(w.sum()) == pytest.approx(100.0)  # both estimates cover the same 100 answers
    assert np.allclose(w, [45.5, 5.5, 44.5, 4.5])
    assert groups == ["first:a", "first:b", "holdout:a", "holdout:b"]
    res = va.evaluate_weighted(rows, w, groups, n_boot=0)
    point, _ = res[("loose", "ours")]
    # ours is right on first:a (45.5) and holdout:b (4.5) of 100
    assert point["accuracy"] == pytest.approx(0.5)
    assert point["recall"] == pytest.approx(45.5 / 90)


def test_sure_only_keeps_populations_and_drops_unsure_rows() -> None:
    va = _validate_module()
    rows = [_row("a", True, True) | {"unsure": True}, _row("a", False, False), _row("b", True, True)]
    kept, strata = va.sure_only(
        rows, {"a": {"population": 50, "sampled": 2}, "b": {"population": 5, "sampled": 1}}
    )
    assert len(kept) == 2
    assert strata == {"a": {"population": 50, "sampled": 1}, "b": {"population": 5, "sampled": 1}}


def test_weighted_kappa_matches_scikit_learn_and_flips_unsure_labels() -> None:
    from sklearn.metrics import cohen_kappa_score

    va = _validate_module()
    rng = np.random.default_rng(3)
    a, b = rng.random(200) < 0.3, rng.random(200) < 0.4
    b[:60] = a[:60]  # some agreement beyond chance
    w = rng.uniform(1, 50, 200)
    assert va.kappa(a, b, w) == pytest.approx(cohen_kappa_score(a, b, sample_weight=w))
    rows = [
        _row("a", True, True) | {"unsure": True},
        _row("a", False, False),
        _row("b", True, False) | {"paper_loose": True},
        _row("b", False, True) | {"paper_loose": False},
    ]
    res = va.agreement(rows, np.ones(4), ["a", "a", "b", "b"], n_boot=20)
    point, ci, flipped = res[("loose", "truth", "paper")]
    assert point == pytest.approx(1.0)  # the paper's loose equals the labels on all four
    assert flipped < point  # taking the unsure label the other way breaks one agreement
    assert ci[0] <= ci[1]
    assert res[("loose", "ours", "paper")][2] == res[("loose", "ours", "paper")][0]  # no labels involved


def test_kappa_bound_is_the_kappa_of_a_correct_judge_against_erring_labels() -> None:
    """The bound equals scikit-learn's kappa on the confusion table it implies, and falls with the rate."""
    from sklearn.metrics import cohen_kappa_score

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import kappa_bound

    precision, recall, rate = 0.75, 0.8, 0.24
    truth = rate * precision / recall
    tp, fp = rate * precision, rate * (1 - precision)
    fn = truth - tp
    cells = {(1, 1): tp, (0, 1): fp, (1, 0): fn, (0, 0): 1 - tp - fp - fn}  # (correct judge, labels)
    judge = [j for j, _ in cells]
    labels = [lab for _, lab in cells]
    expected = cohen_kappa_score(judge, labels, sample_weight=list(cells.values()))
    assert kappa_bound.kappa_bound(precision, recall, rate) == pytest.approx(expected)
    assert kappa_bound.kappa_bound(1.0, 1.0, rate) == pytest.approx(1.0)  # labels without errors
    low, high = (kappa_bound.kappa_bound(precision, recall, q) for q in (0.1, 0.4))
    assert low > high  # the same errors cost more agreement when more answers are flagged
    with pytest.raises(ValueError):
        kappa_bound.kappa_bound(0.5, 0.2, 0.5)  # would need a true rate above 1
