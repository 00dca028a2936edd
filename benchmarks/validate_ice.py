"""Offline judge vs the seed paper's labels: kappa and both score estimates, per model and overall.

Run: .venv/bin/python benchmarks/validate_ice.py   (honours DISTILLQ_SHARED); prints a Markdown table.
"""

from __future__ import annotations

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import judge_offline
from distillq.ice.readers import read_responses
from distillq.ice.score import summarize
from distillq.ice.types import Template


def main() -> None:
    folder = labelled_dir()
    cards = load_cards()
    all_rec, all_ver = [], []
    print(
        "| model | loose paper | loose ours | loose kappa | strict paper | strict ours | strict kappa | hard (paper rule) | hard (alias rule) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for model, cid in CARD_OF.items():
        recs = read_responses(folder / f"{model}.jsonl")
        prompts = [Template("t", r["template"]).fill(r["query"]) for r in recs]
        vers = [
            judge_offline(r["response"], cards[cid], prompt=p, cards=cards)
            for r, p in zip(recs, prompts, strict=True)
        ]
        paper_hard = [
            judge_offline(r["response"], cards[cid], prompt=p, cards=cards, hard_rule="paper").hard
            for r, p in zip(recs, prompts, strict=True)
        ]
        s = summarize(recs, vers)
        al, ast = s["agreement"]["loose"], s["agreement"]["strict"]
        print(
            f"| {model} | {al['reference_score']:.3f} | {al['judge_score']:.3f} | {al['kappa']:.3f} "
            f"| {ast['reference_score']:.3f} | {ast['judge_score']:.3f} | {ast['kappa']:.3f} "
            f"| {sum(bool(h) for h in paper_hard) / len(recs):.3f} | {s['hard']['score']:.3f} |"
        )
        all_rec += recs
        all_ver += vers
    s = summarize(all_rec, all_ver)
    al, ast = s["agreement"]["loose"], s["agreement"]["strict"]
    print(
        f"| **all 6,000** | {al['reference_score']:.3f} | {al['judge_score']:.3f} | {al['kappa']:.3f} "
        f"| {ast['reference_score']:.3f} | {ast['judge_score']:.3f} | {ast['kappa']:.3f} | | {s['hard']['score']:.3f} |"
    )
    print(f"\nstrict: both {ast['both']}, paper only {ast['reference_only']}, ours only {ast['judge_only']}")
    print(f"loose: both {al['both']}, paper only {al['reference_only']}, ours only {al['judge_only']}")


if __name__ == "__main__":
    main()
