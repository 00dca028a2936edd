"""The paraphrase probe (benchmarks/probe/): its rows are well formed and the judge keeps its floors.

The floors sit a little under the figures first measured, before any fix was made from the probe,
so a change that makes the judge read fresh wordings worse fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from distillq.ice.identities import load_cards

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import probe_paraphrase as probe  # noqa: E402

ROWS = probe.load_probe()


def test_rows_are_well_formed() -> None:
    """Every row has a known card, a prompt, an answer, boolean labels, and strict implies loose."""
    cards = load_cards()
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)) and len(ROWS) >= 200
    for r in ROWS:
        assert r["card"] in cards, r["id"]
        assert isinstance(r["loose"], bool) and isinstance(r["strict"], bool), r["id"]
        assert not r["strict"] or r["loose"], r["id"]
        assert str(r["prompt"]).strip() and str(r["answer"]).strip() and str(r["shape"]).strip(), r["id"]
        # a shape is a negative one exactly when its rows are labelled not loose
        assert str(r["shape"]).startswith("neg_") == (not r["loose"]), r["id"]


def test_probe_covers_both_sides_and_several_cards() -> None:
    """About half positive, both strict and loose-only positives, more than the six shared cards."""
    pos = sum(bool(r["loose"]) for r in ROWS)
    assert 0.35 <= pos / len(ROWS) <= 0.65
    assert any(r["loose"] and not r["strict"] for r in ROWS)
    shared = {"anthropic", "deepseek", "bytedance", "meta", "alibaba"}
    assert len({r["card"] for r in ROWS} - shared) >= 2


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    return probe.evaluate(ROWS)


def test_floors(result: dict[str, object]) -> None:
    """First measure (before any fix): loose P .955 R .905 A .925, strict P .951 R .906 A .944."""
    loose, strict = result["loose"], result["strict"]
    assert isinstance(loose, probe.Scores) and isinstance(strict, probe.Scores)
    assert loose.precision >= 0.93 and loose.recall >= 0.88 and loose.accuracy >= 0.90
    assert strict.precision >= 0.93 and strict.recall >= 0.88 and strict.accuracy >= 0.92
