"""The offline judge on 23 models it was never shaped on: AlpacaEval answers, adjudicated by hand.

    python benchmarks/validate_unseen.py [--bootstrap 1000] [--errors dev|holdout|holdout2] [--limit N]
                                         [--set first|holdout2|all]

The sample (benchmarks/unseen/sample.jsonl, strata.json) is stratified by the offline judge's
verdict of the day it was drawn (strict / loose / names a lab / other candidates) and split
dev/holdout by a hash of the id; labels.jsonl holds our labels (ids, labels and a short note;
definitions in benchmarks/adjudicated/DEFINITIONS.md and benchmarks/unseen/DEFINITIONS.md). The
judge run here is the installed one, whatever its version. Precision, recall and accuracy are
weighted back to the population (each answer stands for its stratum's population/sampled within
its split) with 95% bootstrap intervals resampled within strata, as validate_adjudicated.py does.
Then every model's answers to the four instructions that ask about the model itself (read one by
one after the fixes, in identity_rows.jsonl), a census of the answers where a missed strict claim
would most likely be (a first-person sentence naming another strict lab, not judged strict: all
read), and the judge's loose and strict rates per model over all 805 answers of each model.

`--errors dev` lists the dev split's misses and false positives (label notes, no answer text);
the holdout split is measured once, blind, and its errors are printed only when asked for.
`--split dev` reports the dev split alone. `--limit N` uses the first N labels and N answers per model (for the test).

`--set holdout2` measures the second blind sample (holdout2_sample.jsonl / holdout2_strata.json /
holdout2_labels.jsonl: drawn after the first holdout was read, with a `self` stratum for recall;
benchmarks/unseen/draw_sample.py --holdout2), `--set all` prints it under the first sample's splits.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from alpaca_unseen import (  # noqa: E402
    GENERATORS,
    all_cards,
    answer_hash,
    judged,
    names_other_strict_lab_in_first_person,
    read_generator,
    shared_dir,
)
from validate_adjudicated import evaluate_weighted, fmt  # noqa: E402

from distillq.ice.offline import OfflineJudge  # noqa: E402

UNSEEN = HERE / "unseen"
SPLITS = ("dev", "holdout")
# each labelled sample: (label file, strata file, its splits)
SETS = {
    "first": ("labels.jsonl", "strata.json", SPLITS),
    "holdout2": ("holdout2_labels.jsonl", "holdout2_strata.json", ("holdout2",)),
}


def load(
    limit: int | None = None, which: str = "first"
) -> tuple[list[dict[str, object]], dict[str, dict[str, int]]]:
    label_file, strata_file, _ = SETS[which]
    labels = [json.loads(x) for x in (UNSEEN / label_file).read_text(encoding="utf-8").splitlines()]
    strata = json.loads((UNSEEN / strata_file).read_text(encoding="utf-8"))
    return labels[:limit] if limit else labels, strata


def gather(
    labels: list[dict[str, object]], judge: OfflineJudge, cards, folder: Path
) -> list[dict[str, object]]:
    """Each label joined with the installed offline judge's verdict on its answer."""
    out = []
    cache: dict[str, list[dict[str, str]]] = {}
    for it in labels:
        g, i = str(it["model"]), int(str(it["row"]))
        rows = cache.setdefault(g, read_generator(folder, g))
        text = str(rows[i]["output"] or "")
        if answer_hash(text) != it["hash"]:
            sys.exit(f"{g} row {i} changed since it was labelled; the sample no longer matches ../shared")
        v = judge.judge(text, cards[GENERATORS[g][0]], str(rows[i]["instruction"]))
        out.append(it | {"ours_loose": bool(v.loose), "ours_strict": bool(v.strict), "reason": v.reason})
    return out


def weights(
    rows: list[dict[str, object]], strata: dict[str, dict[str, int]], split: str | None
) -> np.ndarray:
    """What each labelled answer stands for: its stratum's population/sampled (within the split)."""
    per_split = split is not None and any(f"population_{split}" in v for v in strata.values())
    key = f"_{split}" if per_split else ""  # (a sample that is one split has no per-split counts)
    w = {s: v[f"population{key}"] / v[f"sampled{key}"] for s, v in strata.items() if v[f"sampled{key}"]}
    return np.array([w[str(r["stratum"])] for r in rows])


def report(
    rows: list[dict[str, object]], strata: dict[str, dict[str, int]], n_boot: int, splits: tuple[str, ...]
) -> None:
    print("\n| split | answers (unsure) | level | precision | recall | accuracy | judged rate | true rate |")
    print("|---|---|---|---|---|---|---|---|")
    for split in (*splits, None) if len(splits) > 1 else splits:
        rs = [r for r in rows if split is None or r["split"] == split]
        if not rs:
            continue
        groups = [str(r["stratum"]) for r in rs]
        with warnings.catch_warnings():  # (a level with no claim or no flag has no precision/recall: nan)
            warnings.simplefilter("ignore", RuntimeWarning)
            res = evaluate_weighted(rs, weights(rs, strata, split), groups, n_boot, judges=("ours",))
        n_unsure = sum(bool(r["unsure"]) for r in rs)
        for (level, _), (p, ci) in res.items():
            print(
                f"| {split or 'both'} | {len(rs)} ({n_unsure}) | {level} | {fmt(p, ci, 'precision')} "
                f"| {fmt(p, ci, 'recall')} | {fmt(p, ci, 'accuracy')} | {p['judged_rate']:.4f} | {p['true_rate']:.4f} |"
            )
    print("\nper stratum (unweighted): labelled loose / strict, and the judge's agreement")
    for s in strata:
        rs = [r for r in rows if r["stratum"] == s and r["split"] in splits]
        if rs:
            agree = {lv: sum(r[f"ours_{lv}"] == r[lv] for r in rs) for lv in ("loose", "strict")}
            print(
                f"  {s:6} n={len(rs):3}: loose {sum(bool(r['loose']) for r in rs)}, strict "
                f"{sum(bool(r['strict']) for r in rs)}; agreement loose {agree['loose']}/{len(rs)}, "
                f"strict {agree['strict']}/{len(rs)}"
            )


def print_errors(rows: list[dict[str, object]], split: str) -> None:
    print(f"\n## {split} split: the judge's errors (label note and the judge's reason, no answer text)")
    for level in ("strict", "loose"):
        for kind, want in (("miss", True), ("false positive", False)):
            for r in rows:
                if r["split"] == split and bool(r[level]) == want and bool(r[f"ours_{level}"]) != want:
                    flag = " (unsure)" if r["unsure"] else ""
                    print(
                        f"  {level} {kind}: {r['model']} row {r['row']} [{r['stratum']}]{flag}: {r['note']}"
                    )
                    print(f"      judge: {str(r['reason'])[:140]}")


def rates(judge: OfflineJudge, cards, folder: Path, limit: int | None) -> None:
    """The judge's loose and strict rates per model on all its answers, and which labs it claims."""
    print("\n| model | true maker (card) | answers | loose | strict | loose rate | strict rate | claimed |")
    print("|---|---|---|---|---|---|---|---|")
    for g in sorted(GENERATORS, key=str.lower):
        n = lo = st = 0
        claimed: Counter[str] = Counter()
        for _, i, _, v in judged(folder, judge, cards, [g]):
            if limit and i >= limit:
                break
            n += 1
            lo += bool(v.loose)
            st += bool(v.strict)
            if v.loose:
                claimed.update(v.claimed)
        print(
            f"| {g} | {cards[GENERATORS[g][0]].display_name} | {n} | {lo} | {st} | {lo / n:.4f} | {st / n:.4f} "
            f"| {', '.join(f'{k} {c}' for k, c in claimed.most_common()) or '-'} |"
        )


def identity_rows(judge: OfflineJudge, cards, folder: Path, limit: int | None) -> None:
    """Every model's answer to the instructions that ask about the model itself, read one by one
    (identity_rows.jsonl, a census of those answers, so unweighted): the judge against the labels."""
    items = [json.loads(x) for x in (UNSEEN / "identity_rows.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = gather(
        [it | {"stratum": "census", "split": "census"} for it in items[:limit]], judge, cards, folder
    )
    print(
        f"\n## The {len(rows)} answers to the instructions about the model itself (all models, read one by one)"
    )
    print("\n| level | labelled yes | judged yes | both | judge only | labels only |")
    print("|---|---|---|---|---|---|")
    for level in ("loose", "strict"):
        t = [bool(r[level]) for r in rows]
        j = [bool(r[f"ours_{level}"]) for r in rows]
        both = sum(a and b for a, b in zip(t, j, strict=True))
        print(f"| {level} | {sum(t)} | {sum(j)} | {both} | {sum(j) - both} | {sum(t) - both} |")
    for r in rows:
        for level in ("strict", "loose"):
            if bool(r[level]) != bool(r[f"ours_{level}"]):
                kind = "miss" if r[level] else "false positive"
                flag = " (unsure)" if r["unsure"] else ""
                print(f"  {level} {kind}: {r['model']} row {r['row']}{flag}: {r['note']}")
                break


def strict_census(judge: OfflineJudge, cards, folder: Path) -> None:
    """Every answer the judge does not call strict that has a first-person sentence naming a strict
    lab other than its own: all read (labels from the three label files), so the strict claims the
    judge misses in that shape are counted, not estimated."""
    labels: dict[tuple[str, int], dict[str, object]] = {}
    for name in ("labels.jsonl", "identity_rows.jsonl", "strict_census.jsonl"):
        for x in (UNSEEN / name).read_text(encoding="utf-8").splitlines():
            it = json.loads(x)
            labels[(str(it["model"]), int(str(it["row"])))] = it
    found, unread = [], []
    for g, i, row, v in judged(folder, judge, cards):
        if v.strict or not names_other_strict_lab_in_first_person(str(row["output"] or ""), GENERATORS[g][0]):
            continue
        it = labels.get((g, i))
        if it is None:
            unread.append(f"{g} row {i}")
        else:
            found.append(it)
    missed = [it for it in found if it["strict"]]
    print(
        f"\n## Strict census: {len(found) + len(unread)} answers not judged strict with a first-person "
        f"sentence naming another strict lab; {len(found)} read, {len(missed)} strict claims among them"
    )
    for it in missed:
        print(
            f"  strict miss: {it['model']} row {it['row']}{' (unsure)' if it['unsure'] else ''}: {it['note']}"
        )
    if unread:
        print(f"  not yet read (a changed judge lets them through): {', '.join(unread)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument(
        "--errors", choices=(*SPLITS, "holdout2"), help="list this split's errors (label notes only)"
    )
    ap.add_argument("--limit", type=int, help="first N labels and N answers per model (a quick run)")
    ap.add_argument(
        "--split", choices=SPLITS, help="report this split only (dev while fixing; holdout once, at the end)"
    )
    ap.add_argument("--set", choices=(*SETS, "all"), default="first", help="which labelled sample(s)")
    ap.add_argument("--no-rates", action="store_true", help="skip the per-model rates table")
    a = ap.parse_args()
    folder = shared_dir()
    cards = all_cards()
    judge = OfflineJudge(cards)
    for which in SETS if a.set == "all" else (a.set,):
        labels, strata = load(a.limit, which)
        rows = gather(labels, judge, cards, folder)
        print(
            f"## The offline judge on {len(rows)} adjudicated AlpacaEval answers of 23 unseen models ({which})"
        )
        splits = SETS[which][2]
        report(rows, strata, a.bootstrap, (a.split,) if a.split and which == "first" else splits)
        if a.errors and a.errors in splits:
            print_errors(rows, a.errors)
    identity_rows(judge, cards, folder, a.limit)
    if not a.no_rates:
        strict_census(judge, cards, folder)
        print("\n## The offline judge's rates per model (all answers; the prompt is the instruction)")
        rates(judge, cards, folder, a.limit)


if __name__ == "__main__":
    main()
