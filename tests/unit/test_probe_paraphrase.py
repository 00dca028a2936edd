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
    assert probe.row_problems(ROWS, set(load_cards())) == []
    assert len(ROWS) >= 200


def test_row_problems_names_each_fault() -> None:
    """The shared row check finds each kind of fault it claims to, on rows made for it."""
    good = {
        "id": "x1",
        "shape": "dev_by",
        "card": "meta",
        "prompt": "Who?",
        "answer": "OpenAI made me.",
        "loose": True,
        "strict": True,
    }
    assert probe.row_problems([good], {"meta"}) == []
    bad = [
        {**good, "id": "x2", "card": "nobody"},
        {**good, "id": "x3", "loose": False},  # strict without loose, and a positive shape on a negative row
        {**good, "id": "x4", "answer": "  "},
        {**good, "id": "x4"},
        {**good, "id": "x5", "strict": "yes"},
        {k: v for k, v in good.items() if k != "shape"} | {"id": "x6"},
    ]
    found = probe.row_problems(bad, {"meta"})
    assert "x2: unknown card 'nobody'" in found
    assert {"x3: strict but not loose", "x3: neg_ shape and label disagree"} <= set(found)
    assert "x4: empty prompt, answer or shape" in found and "x4: duplicate id" in found
    assert "x5: labels not booleans" in found
    assert "x6: keys ['shape']" in found


def test_below_floors_and_coverage_name_what_fails() -> None:
    """The shared floor and coverage checks report each shortfall they claim to, and nothing when met."""
    res: dict[str, object] = {
        "loose": probe.Scores(0.95, 0.70, 0.90),
        "strict": probe.Scores(0.99, 0.90, 0.95),
    }
    assert probe.below_floors(res, loose=(0.9, 0.75, 0.9), strict=(0.9, 0.9, 0.96)) == [
        "loose recall 0.700 < 0.75",
        "strict accuracy 0.950 < 0.96",
    ]
    assert probe.below_floors(res, loose=(0.9, 0.7, 0.9), strict=(0.9, 0.9, 0.95)) == []
    row = {"shape": "x", "prompt": "p", "answer": "I am ChatGPT.", "loose": True, "strict": True}
    rows = [{**row, "card": "meta"}, {**row, "card": "meta", "loose": False, "strict": False}]
    found = probe.coverage_problems(rows, {"meta", "openai"}, min_zh=1)
    assert "no loose-only positive" in found and "not every card used" in found
    assert "fewer than 1 Chinese answers" in found and "no strict anthropic row" in found
    assert not any(f.startswith("positive share") for f in found)


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
    assert probe.below_floors(result, loose=(0.93, 0.88, 0.90), strict=(0.93, 0.88, 0.92)) == []
