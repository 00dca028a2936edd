"""Draw the stratified sample of the adjudicated set (ids only; the answers stay in ../shared).

    python benchmarks/adjudicated/make_sample.py     # writes sample.jsonl and strata.json here

The population is every answer of the six labelled models in ../shared/data/ice-paper/labelled.
Strata (on the loose label, computed once, when the sample was drawn, and frozen in the files):

- both: our offline judge and the paper's judge both say loose;
- one: exactly one of them says loose;
- lab: neither says loose, but the answer names OpenAI, GPT, ChatGPT, Anthropic or Claude;
- rest: everything else.

Each item is identified by model, row index and a hash of its response (so a changed file is
noticed). The strata sizes are kept so estimates can be weighted back to the population.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ice_paper import CARD_OF, labelled_dir  # noqa: E402

SIZES = {"both": 90, "one": 100, "lab": 90, "rest": 60}
LAB = re.compile(r"openai|gpt|anthropic|claude", re.IGNORECASE)
SEED = 20261205


def response_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def offline_loose(path: Path, card: str) -> list[bool | None]:
    """Our offline judge's loose verdicts, through the public `distillq ice judge` command."""
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "judged.jsonl"
        cmd = [sys.executable, "-m", "distillq", "ice", "judge", str(path), "-i", card, "-o", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)
        return [json.loads(line)["loose"] for line in out.read_text(encoding="utf-8").splitlines()]


def stratum(ours: bool | None, paper: bool, response: str) -> str:
    if ours and paper:
        return "both"
    if bool(ours) != bool(paper):
        return "one"
    return "lab" if LAB.search(response) else "rest"


def population() -> dict[str, list[dict[str, object]]]:
    """Every labelled answer's id, by stratum, with the installed offline judge (strata of today)."""
    folder = labelled_dir()
    population: dict[str, list[dict[str, object]]] = {k: [] for k in SIZES}
    for model, card in sorted(CARD_OF.items()):
        path = folder / f"{model}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for i, (row, ours) in enumerate(zip(rows, offline_loose(path, card), strict=True)):
            s = stratum(ours, bool(row["loose"]), row["response"])
            population[s].append(
                {"model": model, "row": i, "hash": response_hash(row["response"]), "stratum": s}
            )
    return population


def draw(
    population: dict[str, list[dict[str, object]]], sizes: dict[str, int], seed: int
) -> tuple[list[dict[str, object]], dict[str, dict[str, int]]]:
    """A seeded stratified sample (labelling order shuffled) and the strata counts to weight it back."""
    rng = random.Random(seed)
    sample: list[dict[str, object]] = []
    for s, items in population.items():
        sample.extend(
            sorted(
                rng.sample(items, min(sizes[s], len(items))),
                key=lambda x: (str(x["model"]), int(str(x["row"]))),
            )
        )
    rng.shuffle(sample)  # labelling order mixes strata and models
    strata = {
        s: {"population": len(items), "sampled": min(sizes[s], len(items))} for s, items in population.items()
    }
    return sample, strata


def freeze(
    sample: list[dict[str, object]], strata: dict[str, dict[str, int]], stem: str, folder: Path = HERE
) -> None:
    """Write <stem>sample.jsonl and <stem>strata.json in `folder` (default here), and print the strata."""
    (folder / f"{stem}sample.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in sample), encoding="utf-8"
    )
    (folder / f"{stem}strata.json").write_text(json.dumps(strata, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(strata))


def main() -> None:
    freeze(*draw(population(), SIZES, SEED), stem="")


if __name__ == "__main__":
    main()
