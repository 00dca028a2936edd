"""`rse run`: collect answers from a reference and test models, score similarity, write the table.

Answers are collected through the engine (concurrent across models, cached, resumable). Each test
model is scored against the reference per prompt set with the judge-free metrics and, if asked,
the LLM judge (the paper's 1-5 scale); then all models go through `compare` for the similarity
matrix, lineage tree and teacher attribution.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from distillq import __version__
from distillq.config import RseSection
from distillq.core.types import ChatRequest, ModelOutput
from distillq.errors import UsageError
from distillq.models.engine import Engine
from distillq.models.roles import role_spec
from distillq.models.spec import ModelSpec
from distillq.results import RseTable, write_result
from distillq.rse.promptsets import Prompt, load_promptset
from distillq.stats import bootstrap_ci
from distillq.store import Store, canonical_json

ASPECTS = ("style", "logic", "content")


class RseConfig(RseSection):
    """One RSE run: the run file's `rse` section (its fields, one shape) with what a study resolves.

    Adds the reference and test models, the generation options per model and per role ("reference",
    "test", "judge") and the labels. Prompt sets are always `PromptSetRef`s here. All of it defines
    the run, and so its run id.
    """

    reference: str
    tests: list[str]
    model_options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    role_options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _refs(self) -> RseConfig:
        self.promptsets = list(self.promptset_refs())
        return self

    def settings(self) -> dict[str, Any]:
        """What defines the run (stored with it): every field but whether the section is enabled."""
        return self.model_dump(exclude={"enabled"})

    def run_id(self) -> str:
        return "rse-" + hashlib.sha256(canonical_json(self.settings()).encode()).hexdigest()[:16]

    def spec(self, model: str) -> ModelSpec:
        """The reference and candidate teachers answer as "reference", the others as "test"."""
        role = "test" if model in self.tests else "reference"
        cap = {"max_tokens": self.max_tokens} if self.max_tokens is not None else None
        return role_spec(role, model, self.role_options.get(role), cap, self.model_options.get(model))

    def judge_spec(self) -> ModelSpec | None:
        if self.metrics == "offline" or not self.judge:
            return None
        return role_spec(
            "judge", self.judge, self.role_options.get("judge"), self.model_options.get(self.judge)
        )


def validate(cfg: RseConfig) -> None:
    if not cfg.tests:
        raise UsageError("rse needs at least one --test model")
    if cfg.metrics not in ("offline", "judge", "all"):
        raise UsageError(f"unknown --metrics {cfg.metrics!r}: use offline, judge or all")
    if cfg.metrics != "offline" and not cfg.judge:
        raise UsageError(f"--metrics {cfg.metrics} needs --judge MODEL")
    if cfg.reference in cfg.tests:
        raise UsageError("the reference model cannot also be a test model")


def all_models(cfg: RseConfig) -> list[str]:
    """Reference, tests and extra candidates, each once, in that order."""
    return list(dict.fromkeys([cfg.reference, *cfg.tests, *(cfg.candidates or [])]))


def load_sets(cfg: RseConfig) -> dict[str, list[Prompt]]:
    sets: dict[str, list[Prompt]] = {}
    for ps in cfg.promptset_refs():
        prompts = load_promptset(ps.path or ps.name, ps.sample or cfg.sample, cfg.seed)
        if not prompts:
            raise UsageError(f"prompt set {ps.name!r} has no prompts")
        sets[ps.name] = prompts
    return sets


async def run_rse_async(engine: Engine, store: Store, cfg: RseConfig, out_dir: Path) -> dict[str, Any]:
    validate(cfg)
    t0 = time.time()
    sets = load_sets(cfg)
    models = all_models(cfg)
    specs = {m: cfg.spec(m) for m in models}
    for s in specs.values():
        s.api_key()
    judge_spec = cfg.judge_spec()
    if judge_spec is not None:
        judge_spec.api_key()
    run_id = cfg.run_id()
    store.start_run(run_id, "rse", cfg.settings())
    requests = {
        name: [ChatRequest.from_prompt(p.text, id=f"{name}:{p.id}") for p in prompts]
        for name, prompts in sets.items()
    }
    flat = [r for reqs in requests.values() for r in reqs]
    results = await asyncio.gather(*(engine.generate(specs[m], flat, run_id=run_id) for m in models))
    answers: dict[str, dict[str, ModelOutput]] = {
        m: {r.id or "": o for r, o in zip(flat, outs, strict=True)}
        for m, outs in zip(models, results, strict=True)
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    resp_dir = out_dir / "responses"
    resp_dir.mkdir(exist_ok=True)
    files = []
    for m in models:
        path = resp_dir / (_slug(m) + ".jsonl")
        with path.open("w", encoding="utf-8") as fh:
            for r in flat:
                o = answers[m][r.id or ""]
                fh.write(
                    json.dumps(
                        {
                            "prompt_id": r.id,
                            "prompt": r.messages[-1]["content"],
                            "model": cfg.labels.get(m, m),
                            "response": o.text,
                            "finish_reason": o.finish_reason,
                            "error": o.error,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        files.append(path)

    judge = None
    if judge_spec is not None:
        from distillq.rse.judge import LLMSimilarityJudge

        judge = LLMSimilarityJudge(
            engine.completer(judge_spec, run_id),
            name=judge_spec.name,
            both_orders=cfg.both_orders,
            seed=cfg.seed,
        )
    rows = []
    for test in cfg.tests:
        row: dict[str, Any] = {"model": test, "label": cfg.labels.get(test, test), "offline": {}, "judge": {}}
        judged: list[Any] = []
        for name, prompts in sets.items():
            pairs = [
                (p, answers[cfg.reference][f"{name}:{p.id}"], answers[test][f"{name}:{p.id}"])
                for p in prompts
            ]
            ok = [(p, a, b) for p, a, b in pairs if a.ok and b.ok and a.text and b.text]
            if cfg.metrics in ("offline", "all") and ok:
                from distillq.rse.metrics import score_pairs

                sc = score_pairs(
                    [a.text or "" for _, a, _ in ok], [b.text or "" for _, _, b in ok], seed=cfg.seed
                )
                row["offline"][name] = {
                    k: {"mean": v["mean"], "ci95": [v["ci_low"], v["ci_high"]]}
                    for k, v in sc["aggregate"].items()
                } | {"n": len(ok), "missing": len(pairs) - len(ok)}
            if judge is not None and ok:
                from distillq.rse.judge import SimilarityItem

                items = [SimilarityItem(f"{name}:{p.id}", p.text, a.text, b.text) for p, a, b in ok]
                verdicts = await judge.score_many(items)
                judged.extend(verdicts)
                row["judge"][name] = _judge_block(verdicts, cfg.seed) | {"missing": len(pairs) - len(ok)}
        if judged:  # every pair's scores, for the report's answer browser and Inspect export
            _write_judged(out_dir / "judge" / (_slug(test) + ".jsonl"), judged)
        row["offline_average"] = _average(row["offline"], "overall")
        row["judge_average"] = _average(row["judge"], "overall")
        rows.append(row)
    from distillq.rse.compare import compare

    cands = [cfg.labels.get(c, c) for c in (cfg.candidates or [cfg.reference])]
    warnings = judge_warnings(cfg)
    silent = [m for m in models if not any(o.ok and o.text for o in answers[m].values())]
    comp: dict[str, Any] = {}
    if silent:  # stopped by the budget or every call failed: say so, keep the table, exit by finish()
        warnings.append(
            "comparison skipped: no answers from " + ", ".join(cfg.labels.get(m, m) for m in silent)
        )
    else:
        comparison = compare(files, out_dir, candidates=cands, seed=cfg.seed)
        comp = {k: comparison[k] for k in ("models", "n_prompts", "attribution", "lineage", "files")}
    errors = {m: sum(1 for o in answers[m].values() if not o.ok) for m in models}
    truncated = {m: sum(1 for o in answers[m].values() if o.finish_reason == "length") for m in models}
    table: dict[str, Any] = {
        "kind": "rse",
        "run_id": run_id,
        "distillq_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0)),
        "seconds": round(time.time() - t0, 3),
        "reference": cfg.reference,
        "reference_label": cfg.labels.get(cfg.reference, cfg.reference),
        "tests": cfg.tests,
        "promptsets": {n: len(p) for n, p in sets.items()},
        "metrics": cfg.metrics,
        "judge": cfg.judge,
        "both_orders": cfg.both_orders,
        "seed": cfg.seed,
        "rows": rows,
        "warnings": warnings,
        "comparison": comp,
        "errors": errors,
        "truncated": truncated,  # answers cut at max_tokens: compared as they are, counted here
        "usage": {name: st.as_dict() for name, st in engine.stats.items()},
        "budget_reached": engine.budget_reached,
    }
    write_result(RseTable, table, out_dir / "rse_table.json")
    store.put_result(run_id, "rse_table", table)
    store.finish_run(run_id, "done" if not any(errors.values()) else "incomplete")
    return table


def judge_warnings(cfg: RseConfig) -> list[str]:
    """Warn when the judge is the reference model: LLM judges favour answers like their own."""
    if cfg.metrics == "offline" or not cfg.judge:
        return []
    same = cfg.judge == cfg.reference or cfg.judge.rsplit("/", 1)[-1] == cfg.reference.rsplit("/", 1)[-1]
    if not same:
        return []
    return [
        f"The judge ({cfg.judge}) is also the reference model. LLM judges prefer answers like their own "
        "(self-preference), so its similarity scores can be inflated; use a judge from another family."
    ]


def run_rse(engine: Engine, store: Store, cfg: RseConfig, out_dir: Path) -> dict[str, Any]:
    return engine.run(lambda: run_rse_async(engine, store, cfg, out_dir))


def _write_judged(path: Path, verdicts: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = ("prompt_id", "style", "logic", "content", "overall", "swapped", "reason")
    with path.open("w", encoding="utf-8") as fh:
        for v in verdicts:
            fh.write(json.dumps({k: getattr(v, k, None) for k in keys}, ensure_ascii=False) + "\n")


def _judge_block(verdicts: list[Any], seed: int) -> dict[str, Any]:
    scored = [v for v in verdicts if v.scored]
    block: dict[str, Any] = {"n": len(scored), "unscored": len(verdicts) - len(scored)}
    if not scored:
        return block | {"overall": None}
    for k in (*ASPECTS, "overall"):
        vals = [float(getattr(v, k)) for v in scored if getattr(v, k) is not None]
        lo, hi = bootstrap_ci(vals, seed=seed)
        block[k] = {"mean": float(np.mean(vals)), "ci95": [lo, hi]}
    swapped = [v.swapped for v in scored if v.swapped is not None]
    if swapped:
        block["swapped_fraction"] = sum(swapped) / len(swapped)
    return block


def _average(per_set: dict[str, Any], key: str) -> float | None:
    """The paper's average column: the plain mean over prompt sets."""
    vals = [b[key]["mean"] for b in per_set.values() if isinstance(b.get(key), dict)]
    return float(np.mean(vals)) if vals else None


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name)
