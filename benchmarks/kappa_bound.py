"""The kappa a perfectly right judge would get against a reference judge that itself errs.

    python benchmarks/kappa_bound.py [--precision 0.72] [--recall 0.86] [--rates 0.1,0.2,0.3]

If the reference labels (here the paper's loose labels) have precision P and recall R against the
truth, and flag a share q of the answers, then the truth flags t = q * P / R, and a judge that is
always right has the confusion table TP = q * P, FP = q * (1 - P), FN = t - TP against them.
Cohen's kappa of that table is the most any correct judge can reach against those labels: a
kappa target above it can only be met by copying the reference's errors. Without `--rates`, q is
each shared paper model's own loose rate (../shared/data/ice-paper/labelled) and their pooled rate.
The defaults are the paper judge's loose precision and recall measured by the issue's author on
answers of unseen models; pass ours (VALIDATION.md) to see the same bound from our adjudication.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def kappa_bound(precision: float, recall: float, rate: float) -> float:
    """Cohen's kappa of a correct judge against labels of this precision and recall that flag `rate`."""
    if not (0 < precision <= 1 and 0 < recall <= 1 and 0 < rate < 1):
        raise ValueError("precision and recall must be in (0, 1], the rate in (0, 1)")
    truth = rate * precision / recall
    if truth >= 1:
        raise ValueError("these precision, recall and rate imply a true rate of 1 or more")
    tp = rate * precision
    agree = tp + (1 - truth - (rate - tp))  # true positives plus true negatives
    chance = truth * rate + (1 - truth) * (1 - rate)
    return (agree - chance) / (1 - chance)


def shared_rates() -> dict[str, float]:
    """Each shared paper model's loose rate (the share of its answers the paper's judge flags)."""
    from ice_paper import labelled_dir

    rates = {}
    for path in sorted(labelled_dir().glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        rates[path.stem] = sum(bool(r["loose"]) for r in rows) / len(rows)
    rates["pooled"] = sum(rates.values()) / len(rates)
    return rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precision", type=float, default=0.72, help="the reference labels' precision")
    ap.add_argument("--recall", type=float, default=0.86, help="the reference labels' recall")
    ap.add_argument(
        "--rates", help="comma-separated shares flagged by the reference (default: shared models)"
    )
    args = ap.parse_args()
    rates = {f"rate {r}": float(r) for r in args.rates.split(",")} if args.rates else shared_rates()
    print(f"reference precision {args.precision}, recall {args.recall}")
    print(f"{'':34} {'flagged':>8} {'kappa bound':>12}")
    for name, q in rates.items():
        print(f"{name:34} {q:8.3f} {kappa_bound(args.precision, args.recall, q):12.3f}")


if __name__ == "__main__":
    main()
