"""Validate RSE attribution on the 23 AlpacaEval models with known history.

Usage: .venv/bin/python benchmarks/validate_rse.py [--shared ../shared] [--json out.json]
Prints markdown tables: teacher attribution, parent attribution, and the separation (AUC)
of distilled students from human-data models by distillation degree and by each of its parts.
It reports what the documented defaults produce, and checks the two chosen constants (the null
quantile, the test's weight in the degree) by leave-one-out over the labelled models.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from distillq.rse.compare import compute, run_attribution
from distillq.rse.metrics import SimilarityResult
from distillq.rse.provenance import DEFAULT_QUANTILE
from distillq.stats import roc_auc

TEACHERS = ["text_davinci_003", "gpt-3.5-turbo-0301", "gpt4_0314", "claude-2", "gpt-4o-2024-05-13"]
STUDENTS = {
    "alpaca-7b": "text_davinci_003",
    "vicuna-13b-v1.3": "gpt-3.5-turbo-0301",
    "baize-v2-13b": "gpt-3.5-turbo-0301",
    "airoboros-65b": "gpt4_0314",
}
HUMAN = ["guanaco-33b", "oasst-sft-llama-33b", "llama-2-13b-chat-hf"]
PARENTS = {
    "Llama-3-Instruct-8B-SimPO": "Meta-Llama-3-8B-Instruct",
    "Snorkel-Mistral-PairRM-DPO": "Mistral-7B-Instruct-v0.2",
    "gpt4_0613_concise": "gpt4_0613",
    "alpaca-7b_concise": "alpaca-7b",
    "Mixtral-8x7B-Instruct-v0.1_verbose": "Mixtral-8x7B-Instruct-v0.1",
}


def _rank(ranking: list[dict[str, Any]], name: str) -> int:
    return 1 + [r["candidate"] for r in ranking].index(name)


def evaluate(
    res: SimilarityResult, models: list[str], quantile: float = DEFAULT_QUANTILE, parents: bool = True
) -> dict[str, Any]:
    """Teacher and parent attribution, test p-values and the degree's AUC, from attribution.json."""
    teacher = run_attribution(res, models, TEACHERS, quantile=quantile)
    teacher_rows = {}
    for s, t in STUDENTS.items():
        ranking = teacher["models"][s]["ranking"]
        teacher_rows[s] = {
            "truth": t,
            "rank": _rank(ranking, t),
            "top": ranking[0]["candidate"],
            "margin": teacher["models"][s]["margin"],
            "truth_row": ranking[_rank(ranking, t) - 1],
        }
    parent_rows = {}
    for child, parent in PARENTS.items() if parents else ():
        siblings = {c for c, p in PARENTS.items() if p == parent}
        cands = [m for m in models if m not in siblings]
        ranking = run_attribution(res, models, cands, quantile=quantile)["models"][child]["ranking"]
        parent_rows[child] = {
            "truth": parent,
            "rank": _rank(ranking, parent),
            "top": ranking[0]["candidate"],
            "n_candidates": len(cands),
        }
    group = [*STUDENTS, *HUMAN]
    labels = [1] * len(STUDENTS) + [0] * len(HUMAN)
    attributed = {m: teacher["models"][m]["ranking"][0] for m in group}
    parts = {
        key: roc_auc([_part(attributed[m], key) for m in group], labels)
        for key in ("degree", "excess", "test_effect", "classifier_effect")
    }
    return {
        "teacher": teacher_rows,
        "parent": parent_rows,
        "attributed": attributed,
        "human_min_p": {m: min(r["p_value"] for r in teacher["models"][m]["ranking"]) for m in HUMAN},
        "all_p": {m: {r["candidate"]: r["p_value"] for r in teacher["models"][m]["ranking"]} for m in group},
        "classifier": teacher.get("classifier"),
        "auc": roc_auc([attributed[m]["degree"] for m in group], labels),
        "auc_parts": parts,
    }


def _part(row: dict[str, Any], key: str) -> float:
    v = row.get(key)
    return float(v) if v is not None else float("nan")


def degree_at(row: dict[str, Any], weight: float) -> float:
    """The degree of one ranking row had the test's effect weighed `weight` (same definition)."""
    clf = row.get("classifier_effect")
    if clf is None:
        return float(row["test_effect"])
    return weight * float(row["test_effect"]) + (1.0 - weight) * float(clf)


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--shared", type=Path, default=default)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--subsets", type=int, default=10, help="random populations for the robustness check")
    args = ap.parse_args()
    t = time.perf_counter()
    al, res = compute([args.shared / "data" / "alpaca-eval"])
    elapsed = time.perf_counter() - t
    o = evaluate(res, al.models)
    print(f"{len(al.models)} models x {len(al.prompt_keys)} prompts, scored in {elapsed:.1f}s\n")
    t1 = sum(v["rank"] == 1 for v in o["teacher"].values())
    p1 = sum(v["rank"] == 1 for v in o["parent"].values())
    sig = sum(v["truth_row"]["p_value"] < 0.01 for v in o["teacher"].values())
    hum = sum(p < 0.01 for p in o["human_min_p"].values())
    print(
        "| teachers ranked 1st | teacher p < 0.01 | human-data significant (any candidate) | parents ranked 1st | AUC (degree) |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| {t1}/{len(STUDENTS)} | {sig}/{len(STUDENTS)} | {hum}/{len(HUMAN)} | {p1}/{len(PARENTS)} | {o['auc']:.3f} |"
    )
    print("\nTeacher attribution (candidates: " + ", ".join(TEACHERS) + ")\n")
    print("| student | true teacher | rank | attributed | degree [95% CI] | p (Holm) | similarity |")
    print("|---|---|---|---|---|---|---|")
    for s, v in o["teacher"].items():
        tr = v["truth_row"]
        lo, hi = tr["effect_ci"]
        print(
            f"| {s} | {v['truth']} | {v['rank']} | {v['top']} | {tr['degree']:.3f} [{lo:.3f}, {hi:.3f}] "
            f"| {tr['p_value']:.1e} | {tr['similarity']:.3f} |"
        )
    print("\nParent attribution (candidates: all models except the child's siblings)\n")
    print("| derived model | true parent | rank | top candidate |")
    print("|---|---|---|---|")
    for c, v in o["parent"].items():
        print(f"| {c} | {v['truth']} | {v['rank']} of {v['n_candidates']} | {v['top']} |")
    print("\nDegree toward the attributed teacher, its two parts, the test's raw excess and p (Holm)\n")
    print(
        "| model | group | attributed | degree [95% CI] | test effect | classifier effect | excess | p (Holm) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for m, r in sorted(o["attributed"].items(), key=lambda kv: -kv[1]["degree"]):
        group = "distilled" if m in STUDENTS else "human data"
        lo, hi = r["effect_ci"]
        print(
            f"| {m} | {group} | {r['candidate']} | {r['degree']:.3f} [{lo:.3f}, {hi:.3f}] "
            f"| {r['test_effect']:.3f} | {_part(r, 'classifier_effect'):.3f} | {r['excess']:.3f} "
            f"| {r['p_value']:.1e} |"
        )
    print(
        "\nAUC, distilled vs human data, of the degree and of each part alone: "
        + ", ".join(f"{k} {v:.3f}" for k, v in o["auc_parts"].items())
    )
    clf = o["classifier"] or {}
    print(
        f"\nSource classifier: balanced accuracy {clf.get('accuracy', float('nan')):.3f} on held-out prompts "
        f"(5 prompt-disjoint folds; chance {clf.get('chance', float('nan')):.3f}); recall per class: "
        + ", ".join(f"{k} {v:.2f}" for k, v in (clf.get("recall") or {}).items())
    )
    print("\nHolm-adjusted p of every candidate (default quantile)\n")
    print("| model | group | " + " | ".join(TEACHERS) + " |")
    print("|---|---|" + "---|" * len(TEACHERS))
    for m, ps in o["all_p"].items():
        group = "distilled" if m in STUDENTS else "human data"
        print(f"| {m} | {group} | " + " | ".join(f"{ps[t]:.1e}" for t in TEACHERS) + " |")
    loo = leave_one_out(res, al.models)
    print(
        f"\nLeave-one-out choice of the null quantile among {GRID} (criterion: labelled models handled right)\n"
    )
    print("| held-out model | quantile chosen on the others | held-out handled right |")
    print("|---|---|---|")
    for r in loo:
        print(f"| {r['model']} | {r['chosen']} | {'yes' if r['ok'] else 'no'} |")
    print(f"\nLeave-one-out: {sum(r['ok'] for r in loo)}/{len(loo)} held-out models handled right")
    wl = leave_one_out_weight(o)
    print(f"\nLeave-one-out choice of the test's weight in the degree among {WEIGHTS} (criterion: AUC)\n")
    print("| held-out model | weight chosen on the others | its pairs ordered right |")
    print("|---|---|---|")
    for r in wl["rows"]:
        print(f"| {r['model']} | {r['chosen']} | {r['right']}/{r['pairs']} |")
    print(
        f"\nLeave-one-out AUC of the degree: {wl['auc']:.3f} (pairs judged with a weight chosen without them)"
    )
    pops = population_subsets(res, al.models, args.subsets)
    print(
        f"\nRobustness to the population: {len(pops)} runs, each without a random half of the "
        f"{len(_unlabelled(al.models))} models that are neither candidates nor labelled\n"
    )
    print("| weight of the test | mean AUC | lowest AUC | runs with AUC >= 0.9 |")
    print("|---|---|---|---|")
    for w in WEIGHTS:
        a = [r["auc"][w] for r in pops]
        print(f"| {w} | {sum(a) / len(a):.3f} | {min(a):.3f} | {sum(x >= 0.9 for x in a)}/{len(a)} |")
    for key, of in (("teachers_first", 4), ("teachers_significant", 4), ("controls_significant", 3)):
        print(f"\n{key.replace('_', ' ')} (of {of}) per run: " + ", ".join(str(r[key]) for r in pops))
    if args.json:
        extra = {"leave_one_out": loo, "weight_loo": wl, "populations": pops}
        args.json.write_text(json.dumps(o | extra, indent=2, default=float))


GRID = (0.1, 0.25, 0.5, 1.0)


def _ok(o: dict[str, Any], m: str) -> bool:
    """A labelled model is handled right: teacher first and significant, or a control not significant."""
    if m in STUDENTS:
        v = o["teacher"][m]
        return bool(v["rank"] == 1 and v["truth_row"]["p_value"] < 0.01)
    return bool(o["human_min_p"][m] >= 0.01)


def leave_one_out(res: SimilarityResult, models: list[str]) -> list[dict[str, Any]]:
    """Choose the null quantile on all labelled models but one, judge the one left out with it."""
    per_q = {q: evaluate(res, models, q, parents=False) for q in GRID}
    labelled = [*STUDENTS, *HUMAN]
    rows = []
    for held in labelled:
        score = {q: sum(_ok(per_q[q], m) for m in labelled if m != held) for q in GRID}
        best = max(GRID, key=lambda q: (score[q], q == DEFAULT_QUANTILE, -q))
        rows.append({"model": held, "chosen": best, "ok": _ok(per_q[best], held), "scores": score})
    return rows


WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def leave_one_out_weight(o: dict[str, Any]) -> dict[str, Any]:
    """Choose the test's weight on all labelled models but one; judge the held-out one's pairs.

    A pair (distilled, human data) is right when the distilled model's degree is higher. The
    weight is chosen by AUC on the other models (ties go to the one nearest equal weights, 0.5,
    the rule that chose the default on all seven), and the held-out
    model's pairs with every model of the other group are judged with it; each pair is thus
    judged twice (once per held-out end), and the leave-one-out AUC is the share judged right.
    """
    att = o["attributed"]
    labelled = [*STUDENTS, *HUMAN]

    def auc_without(held: str, w: float) -> float:
        ms = [m for m in labelled if m != held]
        return roc_auc([degree_at(att[m], w) for m in ms], [int(m in STUDENTS) for m in ms])

    rows = []
    right = total = 0.0
    for held in labelled:
        best = max(WEIGHTS, key=lambda w: (auc_without(held, w), -abs(w - 0.5)))
        own = degree_at(att[held], best)
        others = HUMAN if held in STUDENTS else list(STUDENTS)
        ok = 0.0
        for m in others:
            d = own - degree_at(att[m], best)
            ok += 1.0 if (d > 0) == (held in STUDENTS) and d != 0 else 0.5 if d == 0 else 0.0
        rows.append({"model": held, "chosen": best, "right": ok, "pairs": len(others)})
        right += ok
        total += len(others)
    return {"rows": rows, "auc": right / total}


def _unlabelled(models: list[str]) -> list[str]:
    fixed = {*TEACHERS, *STUDENTS, *HUMAN}
    return [m for m in models if m not in fixed]


def subset(res: SimilarityResult, keep: list[str]) -> SimilarityResult:
    """The same scores restricted to `keep` (as if only those models had been compared)."""
    ix = [res.models.index(m) for m in keep]
    p = res.n_prompts
    rows = [r for i in ix for r in range(i * p, (i + 1) * p)]
    return replace(
        res,
        models=list(keep),
        matrices={k: v[np.ix_(ix, ix)] for k, v in res.matrices.items()},
        intervals={k: v[np.ix_(ix, ix)] for k, v in res.intervals.items()},
        per_prompt={k: v[:, ix][:, :, ix] for k, v in res.per_prompt.items()},
        features=None if res.features is None else res.features[rows],
    )


def population_subsets(
    res: SimilarityResult, models: list[str], n: int, seed: int = 0
) -> list[dict[str, Any]]:
    """Teacher attribution again, each time without a random half of the unlabelled models.

    The null neighbourhood and the classifier's baseline share come from the population, which
    differs on every user's set of models: this shows how much the results move with it.
    """
    rng = np.random.default_rng(seed)
    others = _unlabelled(models)
    group = [*STUDENTS, *HUMAN]
    labels = [int(m in STUDENTS) for m in group]
    out = []
    for _ in range(n):
        drop = set(rng.choice(others, size=len(others) // 2, replace=False).tolist())
        keep = [m for m in models if m not in drop]
        att = run_attribution(subset(res, keep), keep, TEACHERS)["models"]
        first = {m: att[m]["ranking"][0] for m in group}
        truth = {s: next(r for r in att[s]["ranking"] if r["candidate"] == t) for s, t in STUDENTS.items()}
        out.append(
            {
                "dropped": sorted(drop),
                "auc": {w: roc_auc([degree_at(first[m], w) for m in group], labels) for w in WEIGHTS},
                "teachers_first": sum(first[s]["candidate"] == t for s, t in STUDENTS.items()),
                "teachers_significant": sum(truth[s]["p_value"] < 0.01 for s in STUDENTS),
                "controls_significant": sum(
                    min(r["p_value"] for r in att[h]["ranking"]) < 0.01 for h in HUMAN
                ),
            }
        )
    return out


if __name__ == "__main__":
    main()
