"""The fifth paraphrase probe (benchmarks/probe/paraphrase_probe5.jsonl), written blind to the judge.

Written without reading the judge, its tests or the earlier probes' rows: identity answers (maker,
home, partners, base model, team; English, Chinese and mixed) in jailbreak wrappers of many kinds,
as prose, long role-play, markdown/JSON/YAML, casual chat and reasoning aloud. The floors sit 0.03
under the figures first measured at the branch point (rounded down to 0.01), so a change that reads
these wordings worse fails.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from distillq.ice.identities import load_cards

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import probe_paraphrase as probe  # noqa: E402

ROWS = probe.load_probe(probe.PROBE5)


def test_rows_are_well_formed() -> None:
    """Every row has a known card, a prompt, an answer, boolean labels, and strict implies loose."""
    assert probe.row_problems(ROWS, set(load_cards())) == []
    assert len(ROWS) >= 220 and all(str(r["id"]).startswith("t") for r in ROWS)


def _format(row: dict[str, object]) -> str:
    """The answer's format: the shape's first word after the neg_/zh_/mix_ prefixes."""
    shape = str(row["shape"]).removeprefix("neg_").removeprefix("zh_").removeprefix("mix_")
    return shape.split("_")[0]


def test_probe_covers_languages_sides_cards_and_formats() -> None:
    """Both sides, loose-only positives, every card, at least 70 Chinese answers, and the five
    formats the probe was written to mix, each on both sides."""
    assert probe.coverage_problems(ROWS, set(load_cards()), min_zh=70) == []
    formats = Counter(_format(r) for r in ROWS)
    assert set(formats) == {"prose", "rp", "md", "chat", "reason"}
    assert all(n >= 20 for n in formats.values())
    for fmt in formats:
        labels = {bool(r["loose"]) for r in ROWS if _format(r) == fmt}
        assert labels == {True, False}, fmt
    # weighted away from the five cards the judge was shaped on most
    cards = Counter(str(r["card"]) for r in ROWS)
    assert all(cards[c] < 15 for c in ("deepseek", "alibaba", "meta", "bytedance", "anthropic"))


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    return probe.evaluate(ROWS)


def test_floors(result: dict[str, object]) -> None:
    """First measure (branch point d02a2c2): loose P .873 R .600 A .772, strict P .829 R .806
    A .947 (56 of 246 rows wrong: 46 loose misses, 22 of them markdown/JSON/YAML fields; 10 false
    flags, mostly other labs named in stories, dialogues, translations and hypotheticals)."""
    assert probe.below_floors(result, loose=(0.84, 0.57, 0.74), strict=(0.79, 0.77, 0.91)) == []
