"""Show held-out answers one at a time for blind labelling (read from ../shared at run time).

    python benchmarks/adjudicated/show_holdout.py START [END] [--full]

Prints, in a fixed shuffled order, each item's position, model, identity card, the filled prompt
(template + question; a template already shown at an earlier position is abbreviated to its
opening and its end unless --full) and the whole response. Why this shape: the labeller must see
what the model was asked to be and who it really is, but not the stratum, the paper's labels or
any judge's verdict, so none of those are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ice_paper import CARD_OF, labelled_dir  # noqa: E402
from make_sample import response_hash  # noqa: E402

from distillq.ice.identities import get_card  # noqa: E402
from distillq.ice.types import Template  # noqa: E402

ORDER_SEED = 7  # labelling order only; independent of the draw


def order() -> list[dict[str, object]]:
    """The held-out ids in labelling order, without their stratum."""
    items = [
        json.loads(line) for line in (HERE / "holdout_sample.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    ids = [{"model": x["model"], "row": x["row"], "hash": x["hash"]} for x in items]
    random.Random(ORDER_SEED).shuffle(ids)
    return ids


def collapse(text: str) -> str:
    """Runs of lines that differ only in their digits shown once with a count (degenerate loops)."""
    out: list[str] = []
    last, count = None, 0
    for line in [*text.split("\n"), None]:
        key = None if line is None else re.sub(r"\d+", "#", line)
        if key == last and line is not None:
            count += 1
            continue
        if count:
            out.append(f"[... the line above {count} more times, numbers changed ...]")
        if line is not None:
            out.append(line)
        last, count = key, 0
    if len(text) > 4000:  # a loop over whole blocks: keep each distinct line once
        seen: set[str] = set()
        kept = [x for x in out if not (x.strip() and (x in seen or seen.add(x)))]
        if len(kept) < len(out):
            out = [*kept, f"[... {len(out) - len(kept)} repeated lines dropped ...]"]
    return "\n".join(_dedupe_sentences(line) for line in out)


def _dedupe_sentences(line: str) -> str:
    """A long line that loops over the same sentences keeps each sentence once, with a count."""
    if len(line) < 1500:
        return line
    parts = re.split(r"(?<=[.!?。！？])\s*", line)
    seen: set[str] = set()
    kept = [p for p in parts if not (p in seen or seen.add(p))]
    dropped = len(parts) - len(kept)
    return " ".join(kept) + (f" [... {dropped} repeated sentences dropped ...]" if dropped else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("start", type=int)
    ap.add_argument("end", type=int, nargs="?")
    ap.add_argument("--full", action="store_true", help="print every template in full")
    ap.add_argument("--brief", action="store_true", help="abbreviate every long template (opening and end)")
    a = ap.parse_args()
    ids = order()
    folder = labelled_dir()
    rows: dict[str, list[dict[str, object]]] = {}
    seen: dict[str, int] = {}
    end = a.end if a.end is not None else a.start + 1
    for pos, it in enumerate(ids[:end]):
        model = str(it["model"])
        if model not in rows:
            lines = (folder / f"{model}.jsonl").read_text(encoding="utf-8").splitlines()
            rows[model] = [json.loads(line) for line in lines]
        row = rows[model][int(str(it["row"]))]
        tid = int(str(row["template_id"]))
        first = seen.setdefault(str(row["template"]), pos)
        if pos < a.start:
            continue
        if response_hash(str(row["response"])) != it["hash"]:
            sys.exit(f"{model} row {it['row']}: the answer changed since the sample was drawn")
        card = get_card(CARD_OF[model])
        template = str(row["template"])
        if (first < pos or a.brief) and not a.full and len(template) > 1200:
            where = f"as at position {first}" if first < pos else "cut by --brief"
            template = f"{template[:700]}\n[... same template {where} ...]\n{template[-400:]}"
        print(f"===== {pos} | {model} row {it['row']} | template {tid}")
        print(f"card: {card.display_name}; makers {', '.join(card.organisations)}; country {card.country}")
        print(f"--- prompt\n{Template('input', template).fill(str(row['query']))}")
        print(f"--- question: {row['query']}\n--- response\n{collapse(str(row['response']))}\n")


if __name__ == "__main__":
    main()
