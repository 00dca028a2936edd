"""Does the target's default answer cap (max_tokens 256) change ICE verdicts? Checked on real answers.

Run: python benchmarks/validate_target_cap.py [--caps 128,256]   (needs distillq[local] for the
tokenizer and ../shared or DISTILLQ_SHARED for the paper's labelled answers of six real models)

Each answer is cut to its first N tokens (Gemma 3's tokenizer, from the GGUF) and judged again by the
offline judge; the figure is how often the loose/strict verdict differs from the whole answer's.
"""

from __future__ import annotations

import argparse

from ice_paper import CARD_OF, labelled_dir

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.readers import read_responses
from distillq.ice.types import Template
from distillq.local_server import default_model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--caps", default="128,256")
    caps = [int(c) for c in ap.parse_args().caps.split(",")]
    from llama_cpp import Llama

    tok = Llama(str(default_model()), vocab_only=True, verbose=False)
    cards = load_cards()
    judge = OfflineJudge(cards)
    folder = labelled_dir()
    print("model                          n   cut@" + "  ".join(f"{c}: cut  loose≠  strict≠" for c in caps))
    for model, cid in CARD_OF.items():
        rows = read_responses(folder / f"{model}.jsonl")
        stats = {c: [0, 0, 0] for c in caps}
        for r in rows:
            text = str(r["response"] or "")
            prompt = Template("t", r["template"]).fill(r["query"])
            ids = tok.tokenize(text.encode(), add_bos=False)
            full = judge.judge(text, cards[cid], prompt)
            for c in caps:
                if len(ids) <= c:
                    continue
                cut = tok.detokenize(ids[:c]).decode("utf-8", "ignore")
                v = judge.judge(cut, cards[cid], prompt)
                s = stats[c]
                s[0] += 1
                s[1] += v.loose != full.loose
                s[2] += v.strict != full.strict
        n = len(rows)
        cells = "  ".join(f"{s[0] / n:7.1%} {s[1] / n:7.1%} {s[2] / n:7.1%}" for s in stats.values())
        print(f"{model:28s} {n:5d}      {cells}")


if __name__ == "__main__":
    main()
