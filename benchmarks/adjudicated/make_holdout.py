"""Draw the held-out adjudicated sample (ids only; the answers stay in ../shared).

    python benchmarks/adjudicated/make_holdout.py   # writes holdout_sample.jsonl and holdout_strata.json

Why a second sample: the misses of the first sample (sample.jsonl) were read while the offline
judge was improved, so its figures are partly in-sample. This one is drawn from the same 6,000
answers *excluding every row of sample.jsonl*, with a new seed, and labelled blind before any judge
is run on it. Strata are those of make_sample.py (both / one / lab / rest on the loose label),
computed at draw time with the offline judge installed then, and frozen with the sample.

Why these sizes (both 50, one 60, lab 60, rest 40): the weights are population/sampled, and lab
and rest hold most of the population (about 1,200 and 3,100 answers), so each of their items stands
for 20-80 answers; a miss there moves recall most, so they get more items than their low claim
rate alone would suggest. `one` is where the judges disagree, the richest in errors, so it gets as
many as lab; `both` is mostly true claims and needs fewer to pin precision. About 210 answers is
what one careful reader can label in the time given.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_sample import draw, freeze, population  # noqa: E402

SIZES = {"both": 50, "one": 60, "lab": 60, "rest": 40}
SEED = 20261206


def main() -> None:
    first = HERE / "sample.jsonl"
    taken = {(x["model"], x["row"]) for x in map(json.loads, first.read_text(encoding="utf-8").splitlines())}
    remaining = {
        s: [x for x in items if (x["model"], x["row"]) not in taken] for s, items in population().items()
    }
    freeze(*draw(remaining, SIZES, SEED), stem="holdout_")


if __name__ == "__main__":
    main()
