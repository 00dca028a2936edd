"""Draw the stratified sample of the unseen-model check (ids only; the answers stay in ../shared).

    python benchmarks/unseen/draw_sample.py     # writes sample.jsonl and strata.json here

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
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "adjudicated"))

from alpaca_unseen import CANDIDATE, NAMES_LAB, all_cards, answer_hash, judged, shared_dir  # noqa: E402
from make_sample import draw, freeze  # noqa: E402

from distillq.ice.offline import OfflineJudge  # noqa: E402

SIZES = {"strict": 40, "loose": 45, "lab": 60, "rest": 40}
SEED = 20261206


def split_of(generator: str, row: int) -> str:
    """dev or holdout, half each, from a hash of the id alone (not of the answer or any verdict)."""
    digest = hashlib.sha256(f"{generator}:{row}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "holdout"


def population() -> dict[str, list[dict[str, object]]]:
    cards = all_cards()
    pop: dict[str, list[dict[str, object]]] = {k: [] for k in SIZES}
    for g, i, row, v in judged(shared_dir(), OfflineJudge(cards), cards):
        text = str(row["output"] or "")
        if v.strict:
            s = "strict"
        elif v.loose:
            s = "loose"
        elif not CANDIDATE.search(text):
            continue
        else:
            s = "lab" if NAMES_LAB.search(text) else "rest"
        pop[s].append(
            {"model": g, "row": i, "hash": answer_hash(text), "stratum": s, "split": split_of(g, i)}
        )
    return pop


def main() -> None:
    pop = population()
    sample, strata = draw(pop, SIZES, SEED)
    for s, items in pop.items():  # what each split's sampled answers stand for (per-split weights)
        for split in ("dev", "holdout"):
            strata[s][f"population_{split}"] = sum(it["split"] == split for it in items)
            strata[s][f"sampled_{split}"] = sum(it["split"] == split and it["stratum"] == s for it in sample)
    freeze(sample, strata, stem="", folder=HERE)


if __name__ == "__main__":
    main()
