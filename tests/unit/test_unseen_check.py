"""The unseen-model check in benchmarks/unseen: ids and labels only, a frozen split, a validator that runs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
UNSEEN = BENCH / "unseen"
FIELDS = {"model", "row", "hash", "stratum", "split", "loose", "strict", "unsure", "note"}
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(UNSEEN))

from alpaca_unseen import CANDIDATE, GENERATORS, all_cards, answer_hash, read_generator  # noqa: E402
from draw_sample import split_of  # noqa: E402


def _jsonl(name: str) -> list[dict[str, object]]:
    return [json.loads(x) for x in (UNSEEN / name).read_text(encoding="utf-8").splitlines()]


def test_labels_are_ids_and_labels_of_the_frozen_sample() -> None:
    labels, sample = _jsonl("labels.jsonl"), _jsonl("sample.jsonl")
    strata = json.loads((UNSEEN / "strata.json").read_text(encoding="utf-8"))
    assert 120 <= len(labels) <= 200
    assert all(set(x) == FIELDS for x in labels)  # no answer text is kept in the project
    assert all(len(str(x["note"])) <= 120 for x in labels)
    assert all(x["loose"] or not x["strict"] for x in labels)
    keep = ("model", "row", "hash", "stratum", "split")
    assert [{k: x[k] for k in keep} for x in labels] == sample
    assert Counter(str(x["stratum"]) for x in labels) == {s: v["sampled"] for s, v in strata.items()}
    for s, v in strata.items():
        assert v["sampled_dev"] + v["sampled_holdout"] == v["sampled"]
        assert v["population_dev"] + v["population_holdout"] == v["population"]
        assert v["sampled_dev"] == sum(x["stratum"] == s and x["split"] == "dev" for x in labels)


def test_holdout2_labels_are_ids_and_labels_of_its_frozen_sample() -> None:
    """The second blind sample: its own ids, none from the first sample, every stratum as drawn."""
    labels, sample = _jsonl("holdout2_labels.jsonl"), _jsonl("holdout2_sample.jsonl")
    strata = json.loads((UNSEEN / "holdout2_strata.json").read_text(encoding="utf-8"))
    assert 100 <= len(labels) <= 160
    assert all(set(x) == FIELDS for x in labels)  # no answer text is kept in the project
    assert all(len(str(x["note"])) <= 120 and (x["loose"] or not x["strict"]) for x in labels)
    keep = ("model", "row", "hash", "stratum", "split")
    assert [{k: x[k] for k in keep} for x in labels] == sample
    assert {x["split"] for x in labels} == {"holdout2"}
    assert Counter(str(x["stratum"]) for x in labels) == {
        s: v["sampled"] for s, v in strata.items() if v["sampled"]
    }
    assert all(v["sampled"] <= v["population"] for v in strata.values())
    first = {(x["model"], x["row"]) for x in _jsonl("sample.jsonl")}
    assert not first & {(x["model"], x["row"]) for x in labels}
    assert strata["self"]["sampled"] + strata["lab"]["sampled"] >= 40  # unflagged, for recall


def test_split_is_a_hash_of_the_id_alone() -> None:
    labels = _jsonl("labels.jsonl")
    assert all(x["split"] == split_of(str(x["model"]), int(str(x["row"]))) for x in labels)
    share = sum(split_of("some-model", i) == "dev" for i in range(2000)) / 2000
    assert 0.45 < share < 0.55


def test_every_generator_has_a_card() -> None:
    cards = all_cards()
    assert len(GENERATORS) == 23
    assert {GENERATORS[g][0] for g in GENERATORS} <= set(cards)
    assert cards[GENERATORS["vicuna-13b-v1.3"][0]].organisations[0] == "LMSYS"
    assert cards[GENERATORS["claude-2"][0]].id == "anthropic"


@pytest.mark.parametrize(
    "text",
    [
        "As an AI language model, I cannot say.",
        "I was trained by a small lab.",
        "我是一个助手",
        "Ask Claude.",
    ],
)
def test_candidate_filter_takes_identity_shapes(text: str) -> None:
    assert CANDIDATE.search(text)


@pytest.mark.parametrize("text", ["Boil the pasta for ten minutes.", "The meeting is at noon on Friday."])
def test_candidate_filter_leaves_plain_answers(text: str) -> None:
    assert not CANDIDATE.search(text)


def test_identity_rows_are_a_census_of_ids_and_labels() -> None:
    rows = _jsonl("identity_rows.jsonl")
    assert all(set(x) == FIELDS - {"stratum", "split"} for x in rows)
    assert all(x["loose"] or not x["strict"] for x in rows)
    assert Counter((x["row"], x["model"]) for x in rows) == {
        (r, g): 1 for r in {x["row"] for x in rows} for g in GENERATORS
    }  # every model's answer to each of these instructions, once


def test_strict_census_labels_are_ids_and_labels() -> None:
    rows = _jsonl("strict_census.jsonl")
    assert all(set(x) == FIELDS - {"stratum", "split"} for x in rows)
    assert all(x["loose"] or not x["strict"] for x in rows)


@pytest.mark.parametrize(
    "name", ["labels.jsonl", "holdout2_labels.jsonl", "identity_rows.jsonl", "strict_census.jsonl"]
)
def test_labels_point_at_unchanged_answers(name: str, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "alpaca-eval"
    rows: dict[str, list[dict[str, str]]] = {}
    for x in _jsonl(name):
        g = str(x["model"])
        answers = rows.setdefault(g, read_generator(folder, g))
        assert answer_hash(str(answers[int(str(x["row"]))]["output"] or "")) == x["hash"]
    assert rows, f"{name}: no labels read"  # an empty label file would pass the loop unchecked


def test_validator_runs_on_a_few_rows(shared_dir: Path) -> None:
    cmd = [sys.executable, str(BENCH / "validate_unseen.py"), "--limit", "12", "--bootstrap", "20"]
    env = {"DISTILLQ_SHARED": str(shared_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    assert "| both | 12 (" in out
    assert "## The 12 answers to the instructions about the model itself" in out
    table = [line for line in out.splitlines() if line.startswith("| ") and "| 12 |" in line]
    assert len(table) == 23  # one row per model, 12 answers each


def test_validator_measures_holdout2_on_a_few_rows(shared_dir: Path) -> None:
    cmd = [sys.executable, str(BENCH / "validate_unseen.py"), "--limit", "12", "--bootstrap", "20"]
    cmd += ["--set", "holdout2", "--no-rates", "--errors", "holdout2"]
    env = {"DISTILLQ_SHARED": str(shared_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    assert "(holdout2)" in out and "| holdout2 | 12 (" in out
    assert "| dev |" not in out  # the first sample's splits only with --set all
    assert "## holdout2 split: the judge's errors" in out
