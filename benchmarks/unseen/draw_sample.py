"""Draw the stratified sample of the unseen-model check (ids only; the answers stay in ../shared).

    python benchmarks/unseen/draw_sample.py     # writes sample.jsonl and strata.json here
    python benchmarks/unseen/draw_sample.py --holdout2 [--count]
        # the second blind sample: holdout2_sample.jsonl, holdout2_strata.json (--count: sizes only)

Population: the AlpacaEval answers of 23 models (benchmarks/alpaca_unseen.py) that pass our
candidate filter (lab names, AI self-reference, first-person identity phrases), plus any answer
the offline judge calls loose. Answers outside it are taken as no claim (not sampled). Strata, on
the offline judge's verdict of the day the sample was drawn (frozen in the files):

- strict: the judge says strict;
- loose: loose but not strict;
- lab: neither, but the answer names a lab or one of its products;
- rest: the other candidates.

Each item also gets its split, dev or holdout, from a hash of its id (generator and row), fixed
before any answer was read: dev misses may be read to fix the judge, holdout is measured once.

Holdout2 (drawn after the first holdout had been read for its misses, with the judge of main that
day): the same population less every answer in sample.jsonl, a fifth stratum `self` (neither flagged
nor naming a lab, but the answer refers to itself as an AI: `alpaca_unseen.AI_SELF`) so that recall
is measured where unflagged claims would most likely be, every flagged answer taken, and a new seed.
All of it is one split, `holdout2`, measured once after the last judge change.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "adjudicated"))

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

from alpaca_unseen import AI_SELF, CANDIDATE, NAMES_LAB, all_cards, answer_hash, judged, shared_dir  # noqa: E402
from make_sample import draw, freeze  # noqa: E402

from distillq.ice.offline import OfflineJudge  # noqa: E402

SIZES = {"strict": 40, "loose": 45, "lab": 60, "rest": 40}
SEED = 20261206
# holdout2: all flagged answers (strict, loose), then the unflagged strata; a new seed
SIZES2 = {"strict": 100, "loose": 100, "lab": 45, "self": 35, "rest": 30}
SEED2 = 2026120602
SELF_AI = re.compile(AI_SELF, re.IGNORECASE)


def split_of(generator: str, row: int) -> str:
    """dev or holdout, half each, from a hash of the id alone (not of the answer or any verdict)."""
    digest = hashlib.sha256(f"{generator}:{row}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "holdout"


def population(
    sizes: dict[str, int] = SIZES, exclude: frozenset[tuple[str, int]] = frozenset()
) -> dict[str, list[dict[str, object]]]:
    """The candidates by stratum (the judge's verdict of today), less the `exclude`d ids; a `self`
    stratum only when `sizes` has one."""
    cards = all_cards()
    pop: dict[str, list[dict[str, object]]] = {k: [] for k in sizes}
    for g, i, row, v in judged(shared_dir(), OfflineJudge(cards), cards):
        if (g, i) in exclude:
            continue
        text = str(row["output"] or "")
        if v.strict:
            s = "strict"
        elif v.loose:
            s = "loose"
        elif not CANDIDATE.search(text):
            continue
        elif NAMES_LAB.search(text):
            s = "lab"
        else:
            s = "self" if "self" in sizes and SELF_AI.search(text) else "rest"
        split = split_of(g, i) if sizes is SIZES else "holdout2"
        pop[s].append({"model": g, "row": i, "hash": answer_hash(text), "stratum": s, "split": split})
    return pop


def holdout2(count_only: bool) -> None:
    """The second blind sample: ids and strata only (nothing of an answer is printed)."""
    first = {
        (str(it["model"]), int(it["row"]))
        for it in map(json.loads, (HERE / "sample.jsonl").read_text(encoding="utf-8").splitlines())
    }
    pop = population(SIZES2, frozenset(first))
    if count_only:
        print(json.dumps({s: len(items) for s, items in pop.items()}))
        return
    sample, strata = draw(pop, SIZES2, SEED2)
    freeze(sample, strata, stem="holdout2_", folder=HERE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--holdout2", action="store_true", help="draw the second blind sample")
    ap.add_argument("--count", action="store_true", help="with --holdout2: stratum sizes only")
    a = ap.parse_args()
    if a.holdout2:
        holdout2(a.count)
        return
    pop = population()
    sample, strata = draw(pop, SIZES, SEED)
    for s, items in pop.items():  # what each split's sampled answers stand for (per-split weights)
        for split in ("dev", "holdout"):
            strata[s][f"population_{split}"] = sum(it["split"] == split for it in items)
            strata[s][f"sampled_{split}"] = sum(it["split"] == split and it["stratum"] == s for it in sample)
    freeze(sample, strata, stem="", folder=HERE)


if __name__ == "__main__":
    main()
