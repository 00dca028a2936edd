"""The third paraphrase probe (benchmarks/probe/paraphrase_probe3.jsonl), written blind to the judge.

Fixes were being made from the first two probes' misses while this one was written, without reading
the judge, the earlier probes' rows or their errors. Its answers are longer role-play replies with the
claim mid-answer. The floors sit 0.03 under the lower of the figures first measured on main before those
fixes and at this probe's branch point (rounded down to 0.01), so a change that reads fresh wordings
worse fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from distillq.ice.identities import load_cards

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import probe_paraphrase as probe  # noqa: E402

ROWS = probe.load_probe(probe.PROBE3)


def test_rows_are_well_formed() -> None:
    """Every row has a known card, a prompt, an answer, boolean labels, and strict implies loose."""
    assert probe.row_problems(ROWS, set(load_cards())) == []
    assert len(ROWS) >= 200 and all(str(r["id"]).startswith("r") for r in ROWS)


def test_probe_covers_languages_sides_and_all_cards() -> None:
    """Both sides, loose-only positives, every card, at least 70 Chinese answers, mostly long answers."""
    assert probe.coverage_problems(ROWS, set(load_cards()), min_zh=70) == []
    # the probe's style: most English answers run past 250 characters, most Chinese past 80
    en = [len(str(r["answer"])) for r in ROWS if probe.language(r) == "en"]
    zh = [len(str(r["answer"])) for r in ROWS if probe.language(r) == "zh"]
    assert sum(n > 250 for n in en) > len(en) / 2 and sum(n > 80 for n in zh) > len(zh) / 2


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    return probe.evaluate(ROWS)


def test_floors(result: dict[str, object]) -> None:
    """First measure (main e25599d, before and at the branch point): loose P .946 R .746 A .831,
    strict P .931 R .838 A .928 (42 of 249 rows wrong)."""
    assert probe.below_floors(result, loose=(0.91, 0.71, 0.80), strict=(0.90, 0.80, 0.89)) == []
