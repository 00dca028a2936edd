"""Run the offline judge on the paraphrase probe: fresh wordings of the shapes the judge must read.

The judge's rules were shaped on six models' answers; a model that words the same claim
differently must get the same verdict. `probe/paraphrase_probe.jsonl` holds short answers written
in our own wording (never taken from ../shared or the paper), each with an identity card from the
package, a short prompt, its shape and its label under adjudicated/DEFINITIONS.md. This script
judges them and prints precision, recall and accuracy for loose and strict, and each shape's hits.
`probe/paraphrase_probe2.jsonl` is a second probe written blind (see its notes file), so that fixes
made from the first probe's misses can be checked on wordings nobody tuned to.
`probe/paraphrase_probe3.jsonl` is a third blind probe (longer role-play answers, the claim mid-answer),
written while fixes from the first two were being made, to check them out of sample.
`probe/paraphrase_probe4.jsonl` is a fourth blind probe shaped like real assistants' output (markdown
profiles, tables, JSON/YAML/code fields, casual chat, persona set-ups), to check the judge off prose.
`probe/paraphrase_probe5.jsonl` is a fifth blind probe: identity answers of every format (prose,
role-play, markdown, casual chat, reasoning aloud) inside jailbreak wrappers of many kinds.

Run: python benchmarks/probe_paraphrase.py [--probe PATH] [--errors] [--languages]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge

PROBE = Path(__file__).resolve().parent / "probe" / "paraphrase_probe.jsonl"
PROBE2 = PROBE.with_name("paraphrase_probe2.jsonl")
PROBE3 = PROBE.with_name("paraphrase_probe3.jsonl")
PROBE4 = PROBE.with_name("paraphrase_probe4.jsonl")
PROBE5 = PROBE.with_name("paraphrase_probe5.jsonl")


@dataclass(frozen=True)
class Scores:
    """Precision, recall and accuracy of one label (loose or strict) over the probe."""

    precision: float
    recall: float
    accuracy: float


def load_probe(path: Path = PROBE) -> list[dict[str, object]]:
    """The probe's rows (id, shape, card, prompt, answer, loose, strict)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


KEYS = {"id", "shape", "card", "prompt", "answer", "loose", "strict"}


def row_problems(rows: list[dict[str, object]], cards: set[str]) -> list[str]:
    """What is wrong with a probe's rows ("id: what"), empty when every row is well formed: the seven
    keys, a unique id, a known card, boolean labels with strict only where loose, no empty text, and a
    "neg_" shape exactly for the rows labelled not loose. One check for every probe file, so that a
    new probe cannot be held to less than the first."""
    out: list[str] = []
    seen: set[object] = set()
    for r in rows:
        rid = r.get("id")
        checks = [
            (set(r) == KEYS, f"keys {sorted(set(r) ^ KEYS)}"),
            (rid not in seen, "duplicate id"),
            (r.get("card") in cards, f"unknown card {r.get('card')!r}"),
            (isinstance(r.get("loose"), bool) and isinstance(r.get("strict"), bool), "labels not booleans"),
            (not r.get("strict") or bool(r.get("loose")), "strict but not loose"),
            (
                all(str(r.get(k, "")).strip() for k in ("prompt", "answer", "shape")),
                "empty prompt, answer or shape",
            ),
            (
                str(r.get("shape", "")).startswith("neg_") == (not r.get("loose")),
                "neg_ shape and label disagree",
            ),
        ]
        out += [f"{rid}: {what}" for ok, what in checks if not ok]
        seen.add(rid)
    return out


def judge_probe(rows: list[dict[str, object]]) -> list[tuple[bool, bool]]:
    """The judge's (loose, strict) on each row, with one judge over the package's cards."""
    cards = load_cards()
    judge = OfflineJudge(cards)
    out = []
    for r in rows:
        v = judge.judge(str(r["answer"]), cards[str(r["card"])], str(r["prompt"]))
        out.append((bool(v.loose), bool(v.strict)))
    return out


def scores(truth: list[bool], got: list[bool]) -> Scores:
    """P/R/A of `got` against `truth` (precision 1.0 when nothing was flagged)."""
    tp = sum(t and g for t, g in zip(truth, got, strict=True))
    flagged, positive = sum(got), sum(truth)
    correct = sum(t == g for t, g in zip(truth, got, strict=True))
    return Scores(tp / flagged if flagged else 1.0, tp / positive if positive else 1.0, correct / len(truth))


def evaluate(rows: list[dict[str, object]]) -> dict[str, object]:
    """Loose and strict scores, per-shape (right, total), and the rows judged wrong."""
    got = judge_probe(rows)
    loose = scores([bool(r["loose"]) for r in rows], [g[0] for g in got])
    strict = scores([bool(r["strict"]) for r in rows], [g[1] for g in got])
    per_shape: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors = []
    for r, (lo, st) in zip(rows, got, strict=True):
        ok = lo == r["loose"] and st == r["strict"]
        per_shape[str(r["shape"])][0] += ok
        per_shape[str(r["shape"])][1] += 1
        if not ok:
            errors.append({**r, "got_loose": lo, "got_strict": st})
    return {"loose": loose, "strict": strict, "shapes": dict(per_shape), "errors": errors, "got": got}


def below_floors(
    result: dict[str, object], loose: tuple[float, float, float], strict: tuple[float, float, float]
) -> list[str]:
    """Which of the (precision, recall, accuracy) floors of an `evaluate` result are not met, as
    "loose recall 0.712 < 0.75": each probe's test keeps its own floors and reads one message."""
    out = []
    for level, floors in (("loose", loose), ("strict", strict)):
        got = result[level]
        assert isinstance(got, Scores)
        for name, value, floor in zip(
            ("precision", "recall", "accuracy"),
            (got.precision, got.recall, got.accuracy),
            floors,
            strict=True,
        ):
            if value < floor:
                out.append(f"{level} {name} {value:.3f} < {floor}")
    return out


def coverage_problems(rows: list[dict[str, object]], cards: set[str], min_zh: int) -> list[str]:
    """What a blind probe lacks: both sides (35-65% positive), loose-only positives, every card, enough
    Chinese answers, and the OpenAI/Anthropic cards both claiming their own lab (not loose) and the other
    (strict), so the strict rule is tested where the claim is true."""
    pos = sum(bool(r["loose"]) for r in rows) / max(len(rows), 1)
    checks = [
        (0.35 <= pos <= 0.65, f"positive share {pos:.2f}"),
        (any(r["loose"] and not r["strict"] for r in rows), "no loose-only positive"),
        ({r["card"] for r in rows} == cards, "not every card used"),
        (sum(language(r) == "zh" for r in rows) >= min_zh, f"fewer than {min_zh} Chinese answers"),
    ]
    for lab in ("openai", "anthropic"):
        checks.append(
            (any(r["card"] == lab and not r["loose"] for r in rows), f"no {lab} row true to its card")
        )
        checks.append((any(r["card"] == lab and r["strict"] for r in rows), f"no strict {lab} row"))
    return [what for ok, what in checks if not ok]


def language(row: dict[str, object]) -> str:
    """The answer's language from its shape name: zh_ Chinese, mix_ mixed, else English (after neg_)."""
    shape = str(row["shape"]).removeprefix("neg_")
    return "zh" if shape.startswith("zh_") else "mix" if shape.startswith("mix_") else "en"


def by_language(
    rows: list[dict[str, object]], got: list[tuple[bool, bool]]
) -> dict[str, tuple[Scores, Scores]]:
    """Loose and strict scores of each language's rows, so a weak language is not hidden by the total."""
    out = {}
    for lang in sorted({language(r) for r in rows}):
        idx = [i for i, r in enumerate(rows) if language(r) == lang]
        loose = scores([bool(rows[i]["loose"]) for i in idx], [got[i][0] for i in idx])
        strict = scores([bool(rows[i]["strict"]) for i in idx], [got[i][1] for i in idx])
        out[lang] = (loose, strict)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--probe", type=Path, default=PROBE, help="probe JSONL (default: the first probe)")
    ap.add_argument("--errors", action="store_true", help="list the rows the judge gets wrong")
    ap.add_argument("--languages", action="store_true", help="also print P/R/A by answer language")
    args = ap.parse_args()
    rows = load_probe(args.probe)
    res = evaluate(rows)
    print(
        f"paraphrase probe: {len(rows)} rows, {sum(bool(r['loose']) for r in rows)} loose, "
        f"{sum(bool(r['strict']) for r in rows)} strict"
    )
    for name in ("loose", "strict"):
        s = res[name]
        assert isinstance(s, Scores)
        print(f"  {name:6s} P {s.precision:.3f}  R {s.recall:.3f}  A {s.accuracy:.3f}")
    print("  shape (rows with both labels right / rows):")
    shapes = res["shapes"]
    assert isinstance(shapes, dict)
    for shape, (ok, n) in sorted(shapes.items()):
        print(f"    {shape:28s} {ok:3d} / {n:3d}")
    if args.languages:
        got = res["got"]
        assert isinstance(got, list)
        for lang, (lo, st) in by_language(rows, got).items():
            n = sum(language(r) == lang for r in rows)
            print(
                f"  {lang:3s} {n:3d} rows  loose P {lo.precision:.3f} R {lo.recall:.3f} A {lo.accuracy:.3f}"
                f"  strict P {st.precision:.3f} R {st.recall:.3f} A {st.accuracy:.3f}"
            )
    if args.errors:
        errs = res["errors"]
        assert isinstance(errs, list)
        for e in errs:
            print(
                f"{e['id']} [{e['shape']}] card={e['card']} want loose={e['loose']} strict={e['strict']}"
                f" got loose={e['got_loose']} strict={e['got_strict']}\n   prompt: {e['prompt']!r}\n"
                f"   answer: {e['answer']!r}"
            )


if __name__ == "__main__":
    main()
