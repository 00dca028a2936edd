"""A study's stored answers as Inspect logs (`distillq export-inspect`), for `inspect view`.

One log per ICE target (every answer, its verdict and the judge's reason) and one per RSE test
model (every prompt, the reference's answer as target, the per-prompt similarity and judge
scores). The answers are read with the report's readers, so both show the same rows. No model
is called.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from distillq.inspect_ext import require_inspect
from distillq.report.answers import JUDGE_ASPECTS, PAIR_METRICS, ice_answers, rse_pairs
from distillq.report.data import StudyData, load_study_dir

LEVELS = ("loose", "strict", "hard")


def _file_name(created: str, kind: str, label: str) -> str:
    """Inspect's own pattern, `<time>_<task>_<id>.eval`, so `inspect log list` and the viewer read it;
    the id is derived from the label, so exporting again replaces the same files."""
    import hashlib
    import re

    stamp = re.sub(r"[^0-9T]+", "-", created).strip("-")
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", label).strip("-") or "model"
    return f"{stamp}_{kind}-{slug}_{hashlib.sha256(label.encode()).hexdigest()[:12]}.eval"


def _value(v: Any) -> float:
    return float("nan") if v is None else float(v)


def _results(scorer: str, keys: Sequence[str], values: list[dict[str, float]]) -> Any:
    """Mean and count per key, leaving NaN (unscored) out as Inspect does."""
    from inspect_ai.log import EvalMetric, EvalResults, EvalScore

    scores = []
    for k in keys:
        vals = [v[k] for v in values if not math.isnan(v[k])]
        mean = sum(vals) / len(vals) if vals else float("nan")
        scores.append(
            EvalScore(
                name=k,
                scorer=scorer,
                scored_samples=len(vals),
                unscored_samples=len(values) - len(vals),
                metrics={"mean": EvalMetric(name="mean", value=mean)},
            )
        )
    return EvalResults(total_samples=len(values), completed_samples=len(values), scores=scores)


def _log(task: str, model: str, created: str, args: dict[str, Any], samples: list[Any], results: Any) -> Any:
    from inspect_ai.log import EvalConfig, EvalDataset, EvalLog, EvalPlan, EvalSpec, EvalStats

    spec = EvalSpec(
        created=created,
        task=task,
        task_args=args,
        dataset=EvalDataset(name=task.replace("/", "-"), samples=len(samples)),
        model=model,
        config=EvalConfig(),
    )
    return EvalLog(
        eval=spec, status="success", plan=EvalPlan(), results=results, stats=EvalStats(), samples=samples
    )


def _sample(
    sid: str, prompt: str, target: str, model: str, answer: str, score: Any, meta: dict[str, Any]
) -> Any:
    from inspect_ai.log import EvalSample
    from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, ModelOutput

    return EvalSample(
        id=sid,
        epoch=1,
        input=prompt,
        target=target,
        messages=[ChatMessageUser(content=prompt), ChatMessageAssistant(content=answer, model=model)],
        output=ModelOutput.from_content(model=model, content=answer),
        scores=score,
        metadata=meta,
    )


def _ice_logs(data: StudyData, created: str) -> list[tuple[str, Any]]:
    from inspect_ai.scorer import Score

    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in ice_answers(data):
        by_label[r["model"]].append(r)
    out = []
    for t in data.targets:
        rows = by_label.get(t.label) or []
        if not rows:
            continue
        samples, values = [], []
        for n, r in enumerate(rows, start=1):
            value = {
                k: _value(r[k]) if r["verdict"] not in ("unscored", "error") else math.nan for k in LEVELS
            }
            values.append(value)
            score = Score(
                value=value,  # type: ignore[arg-type,unused-ignore]
                answer=r["response"],
                explanation=r["reason"] or None,
                metadata={"claimed": r["claimed"], "verdict": r["verdict"], "judge": r["judge"]},
            )
            meta = {k: r[k] for k in ("template_id", "question_id", "query", "language", "aspect", "verdict")}
            if r["error"]:
                meta["error"] = str(r["error"])
            target = t.card.fact if t.card else ""
            samples.append(
                _sample(f"{n:05d}-{r['template_id']}/{r['question_id']}", r["prompt"], target, t.model,
                        r["response"], {"identity_judge": score}, meta)
            )  # fmt: skip
        ident = t.card.id if t.card else t.identity
        log = _log("distillq/ice", t.model, created, {"identity": ident}, samples, None)
        log.results = _results("identity_judge", LEVELS, values)
        out.append((_file_name(created, "ice", t.label), log))
    return out


def _rse_logs(data: StudyData, created: str) -> list[tuple[str, Any]]:
    from inspect_ai.scorer import Score

    table = data.rse_table
    models = {r.label or r.model: r.model for r in table.rows} if table else {}
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in rse_pairs(data):
        by_label[p["model"]].append(p)
    out = []
    ref = table.reference if table else ""
    for label, pairs in by_label.items():
        samples, values = [], []
        for p in pairs:
            value = {m: _value(p["metrics"].get(m)) for m in PAIR_METRICS}
            values.append(value)
            scores = {
                "similarity_to_reference": Score(value=value, answer=p["response"])  # type: ignore[arg-type,unused-ignore]
            }
            if p["judge"]:
                judged = {a: _value(p["judge"].get(a)) for a in JUDGE_ASPECTS}
                scores["llm_judge"] = Score(value=judged, explanation=p["judge_reason"] or None)  # type: ignore[arg-type,unused-ignore]
            meta = {"promptset": p["promptset"], "reference": ref}
            samples.append(
                _sample(p["prompt_id"], p["prompt"], p["reference"], models.get(label, label), p["response"],
                        scores, meta)
            )  # fmt: skip
        args = {"reference": ref, "promptsets": list(table.promptsets) if table else []}
        log = _log("distillq/rse", models.get(label, label), created, args, samples, None)
        log.results = _results("similarity_to_reference", PAIR_METRICS, values)
        out.append((_file_name(created, "rse", label), log))
    return out


def export_study(study_dir: Path, out: Path | None = None) -> list[Path]:
    """Write the study's ICE and RSE answers as Inspect logs into `out`; return their paths."""
    require_inspect()
    from inspect_ai.log import write_eval_log

    from distillq.errors import InputFileError

    data = load_study_dir(Path(study_dir))
    created = data.meta.created or "1970-01-01T00:00:00Z"
    logs = _ice_logs(data, created) + (_rse_logs(data, created) if data.rse_enabled else [])
    if not logs:
        raise InputFileError(f"{study_dir} holds no ICE or RSE answers to export; run the study first")
    out_dir = Path(out) if out is not None else Path(study_dir) / "inspect-logs"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, log in logs:
        path = out_dir / name
        write_eval_log(log, str(path))
        paths.append(path)
    return paths
