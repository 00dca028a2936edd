"""Validate RSE attribution on the 23 AlpacaEval models with known history.

Usage: .venv/bin/python benchmarks/validate_rse.py [--shared ../shared] [--json out.json]
Prints markdown tables: teacher attribution, parent attribution, and the separation (AUC)
of distilled students from human-data models by distillation degree, for every metric.
Nothing here is tuned: it reports what the documented defaults produce.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from distillq.rse.attribution import attribute, degree
from distillq.rse.compare import compute
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
METRIC_NAMES = ["overall", "lexical", "structural", "stylistic", "semantic"]


def _rank(ranking: list[dict[str, Any]], name: str) -> int:
    return 1 + [r["candidate"] for r in ranking].index(name)


def evaluate(sim: np.ndarray, models: list[str]) -> dict[str, Any]:
    teacher = attribute(sim, models, TEACHERS)
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
    for child, parent in PARENTS.items():
        siblings = {c for c, p in PARENTS.items() if p == parent}
        cands = [m for m in models if m not in siblings]
        ranking = attribute(sim, models, cands)["models"][child]["ranking"]
        parent_rows[child] = {
            "truth": parent,
            "rank": _rank(ranking, parent),
            "top": ranking[0]["candidate"],
            "n_candidates": len(cands),
        }
    group = [*STUDENTS, *HUMAN]
    labels = [1] * len(STUDENTS) + [0] * len(HUMAN)
    # Primary: the degree toward the attributed (top-ranked by similarity) teacher, as in attribution.json.
    attributed = {}
    for m in group:
        ranking = teacher["models"][m]["ranking"]
        attributed[m] = (ranking[0]["candidate"], ranking[0]["degree"])
    # Secondary: the strongest degree toward any candidate.
    max_deg = {m: max(degree(sim, models, m, t)[0] for t in TEACHERS) for m in group}
    return {
        "teacher": teacher_rows,
        "parent": parent_rows,
        "attributed_degree": attributed,
        "max_degree": max_deg,
        "auc": roc_auc([attributed[m][1] for m in group], labels),
        "auc_max_degree": roc_auc([max_deg[m] for m in group], labels),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(os.environ.get("DISTILLQ_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--shared", type=Path, default=default)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    t = time.perf_counter()
    al, res = compute([args.shared / "data" / "alpaca-eval"])
    elapsed = time.perf_counter() - t
    results = {name: evaluate(res.matrices[name], al.models) for name in METRIC_NAMES}
    print(f"{len(al.models)} models x {len(al.prompt_keys)} prompts, scored in {elapsed:.1f}s\n")
    print(
        "| metric | teachers ranked 1st | parents ranked 1st | AUC (attributed degree) | AUC (max degree) |"
    )
    print("|---|---|---|---|---|")
    for name, r in results.items():
        t1 = sum(v["rank"] == 1 for v in r["teacher"].values())
        p1 = sum(v["rank"] == 1 for v in r["parent"].values())
        print(
            f"| {name} | {t1}/{len(STUDENTS)} | {p1}/{len(PARENTS)} | {r['auc']:.3f} | {r['auc_max_degree']:.3f} |"
        )
    o = results["overall"]
    print("\nTeacher attribution (overall; candidates: " + ", ".join(TEACHERS) + ")\n")
    print("| student | true teacher | rank | top candidate | similarity | degree | p | margin |")
    print("|---|---|---|---|---|---|---|---|")
    for s, v in o["teacher"].items():
        tr = v["truth_row"]
        print(
            f"| {s} | {v['truth']} | {v['rank']} | {v['top']} | {tr['similarity']:.3f} | {tr['degree']:.2f} "
            f"| {tr['p_value']:.3f} | {v['margin']:.3f} |"
        )
    print("\nParent attribution (overall; candidates: all models except the child's siblings)\n")
    print("| derived model | true parent | rank | top candidate |")
    print("|---|---|---|---|")
    for c, v in o["parent"].items():
        print(f"| {c} | {v['truth']} | {v['rank']} of {v['n_candidates']} | {v['top']} |")
    print(
        "\nDistillation degree (overall): toward the attributed teacher, and max over the five candidates\n"
    )
    print("| model | group | attributed teacher | degree | max degree |")
    print("|---|---|---|---|---|")
    for m, (cand, d) in sorted(o["attributed_degree"].items(), key=lambda kv: -kv[1][1]):
        group = "distilled" if m in STUDENTS else "human data"
        print(f"| {m} | {group} | {cand} | {d:.2f} | {o['max_degree'][m]:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=float))


if __name__ == "__main__":
    main()
