"""Every stored answer of a study, as plain rows: what the answer browser and Inspect export show.

ICE: one row per answer in each target's ice_responses.jsonl, with its verdict. RSE: one row per
prompt a test model and the reference both answered, with that pair's per-prompt metric values
(recomputed per prompt set exactly as `rse run` scores them) and the LLM judge's scores that
`rse run` wrote to rse/judge/<model>.jsonl.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from distillq.report.data import StudyData, iter_responses

PAIR_METRICS = ("lexical", "structural", "semantic", "overall")
JUDGE_ASPECTS = ("style", "logic", "content", "overall")


def verdict_of(row: dict[str, Any]) -> str:
    """The single strongest verdict of an answer: hard > strict > loose > consistent; or why none."""
    if row.get("error"):
        return "error"
    if row.get("loose") is None:
        return "unscored"
    if row.get("hard"):
        return "hard"
    if row.get("strict"):
        return "strict"
    return "loose" if row.get("loose") else "consistent"


def ice_answers(data: StudyData) -> list[dict[str, Any]]:
    """Every ICE answer of every target, in file order."""
    out = []
    for t in data.targets:
        if not t.ice:
            continue
        for r in iter_responses(t.ice_responses):
            claimed = r.get("claimed") or []
            out.append(
                {
                    "model": t.label,
                    "template_id": str(r.get("template_id") or ""),
                    "template": str(r.get("template") or ""),
                    "question_id": str(r.get("question_id") or ""),
                    "query": str(r.get("query") or ""),
                    "prompt": str(r.get("prompt") or ""),
                    "language": str(r.get("language") or ""),
                    "aspect": str(r.get("aspect") or ""),
                    "response": "" if r.get("response") is None else str(r["response"]),
                    "error": r.get("error"),
                    "verdict": verdict_of(r),
                    "loose": r.get("loose"),
                    "strict": r.get("strict"),
                    "hard": r.get("hard"),
                    "claimed": [str(c) for c in claimed] if isinstance(claimed, list) else [str(claimed)],
                    "reason": str(r.get("reason") or ""),
                    "judge": str(r.get("judge") or ""),
                }
            )
    return out


def _responses_dir(data: StudyData) -> Path | None:
    rel = data.meta.rse.table if data.meta.rse else None
    if not isinstance(rel, str):
        return None
    d = (data.root / rel).resolve().parent / "responses"
    return d if d.is_dir() and d.is_relative_to(data.root.resolve()) else None


def _read_answers(directory: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """model label -> prompt id -> record, from the response files `rse run` wrote."""
    by_model: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for path in sorted(directory.glob("*.jsonl")):
        for r in iter_responses(path):
            if r.get("prompt_id") is not None and r.get("model") is not None:
                by_model[str(r["model"])][str(r["prompt_id"])] = r
    return by_model


def _judge_scores(directory: Path, test: str) -> dict[str, dict[str, Any]]:
    """The LLM judge's scores of one test model's pairs, keyed by prompt id ({} without a judge).

    `rse run` writes them to rse/judge/<model>.jsonl, beside rse/responses/.
    """
    slug = "".join(c if c.isalnum() or c in "-._" else "_" for c in test)
    return {
        str(r["prompt_id"]): r
        for r in iter_responses(directory.parent / "judge" / f"{slug}.jsonl")
        if r.get("prompt_id")
    }


def _ok(r: dict[str, Any] | None) -> bool:
    return bool(r) and not r.get("error") and bool(str(r.get("response") or "").strip())  # type: ignore[union-attr]


def rse_pairs(data: StudyData) -> list[dict[str, Any]]:
    """Every (reference answer, test answer) pair with its metric values and judge scores."""
    from distillq.rse.metrics import score_pairs

    table = data.rse_table
    directory = _responses_dir(data)
    if table is None or directory is None:
        return []
    answers = _read_answers(directory)
    ref = answers.get(table.reference_label or table.reference, {})
    out: list[dict[str, Any]] = []
    for row in table.rows:
        test_label, test_model = row.label or row.model, row.model
        test = answers.get(test_label, {})
        judged = _judge_scores(directory, test_model)
        by_set: dict[str, list[str]] = defaultdict(list)
        for pid in ref:
            if pid in test:
                by_set[pid.split(":", 1)[0] if ":" in pid else ""].append(pid)
        for set_name, pids in by_set.items():
            ok = [p for p in pids if _ok(ref[p]) and _ok(test[p])]
            per: dict[str, list[float]] = {}
            if ok:
                seed = table.seed
                texts = [str(ref[p]["response"]) for p in ok], [str(test[p]["response"]) for p in ok]
                per = score_pairs(texts[0], texts[1], seed=seed)["per_prompt"]
            index = {p: i for i, p in enumerate(ok)}
            for pid in pids:
                i = index.get(pid)
                j = judged.get(pid) or {}
                out.append(
                    {
                        "model": test_label,
                        "promptset": set_name,
                        "prompt_id": pid,
                        "prompt": str(ref[pid].get("prompt") or test[pid].get("prompt") or ""),
                        "reference": str(ref[pid].get("response") or ""),
                        "response": str(test[pid].get("response") or ""),
                        "metrics": {
                            m: (per[m][i] if i is not None and m in per else None) for m in PAIR_METRICS
                        },
                        "judge": {a: j.get(a) for a in JUDGE_ASPECTS} if j else None,
                        "judge_reason": str(j.get("reason") or "") if j else "",
                    }
                )
    return out
