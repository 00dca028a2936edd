"""`distillq run study.yaml`: ICE and RSE for every target, resumably, then the report.

Also the dry run: how many requests each model will get and what they will cost, before any is sent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillq import __version__
from distillq.config import Limits, Study
from distillq.errors import MissingKeyError, UsageError
from distillq.ice.identities import get_card, load_cards
from distillq.ice.run import IceConfig, run_ice_async
from distillq.models.engine import Engine, EngineOptions, ProgressCallback
from distillq.models.engine_safety import unpriced
from distillq.models.pricing import PriceTable
from distillq.models.spec import ModelSpec, parse_model
from distillq.results import StudyManifest, write_result
from distillq.rse.run import RseConfig, all_models, load_sets, run_rse_async
from distillq.store import Store


def slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name)


def ice_dir(results_dir: Path, model: str) -> Path:
    """Where one target's ICE files go."""
    return results_dir / "ice" / slug(model)


def engine_options(limits: Limits, use_cache: bool = True) -> EngineOptions:
    """The engine settings of a run file's `limits` section."""
    same = (
        "max_connections",
        "rpm",
        "timeout",
        "max_attempts",
        "budget_usd",
        "batch",
        "batch_poll_s",
        "adaptive",
    )
    return EngineOptions(**{k: getattr(limits, k) for k in same}, use_cache=use_cache)


def ice_config(study: Study, target_index: int) -> IceConfig:
    """The run file's `ice` section, whole, resolved for one target."""
    t = study.targets[target_index]
    ice = study.ice
    return IceConfig(
        **ice.model_dump(exclude={"judge"}),
        target=t.model,
        identity=t.identity or "",
        judge=study.effective_ice_judge(),
        identities_dirs=tuple(study.identities_dirs),
        target_options=study.options_for(t.model, t.options, role="target"),
        judge_options=study.options_for(study.effective_ice_judge(), role="judge"),
        helper_options=study.options_for(ice.helper, role="helper"),
    )


def rse_config(study: Study) -> RseConfig:
    """The run file's `rse` section, whole, with the study's models, their options and labels."""
    rse = study.rse
    assert study.reference is not None
    models = [study.reference, *[t.model for t in study.targets], *(rse.candidates or [])]
    judge = study.effective_rse_judge() if rse.metrics != "offline" else None
    return RseConfig(
        **rse.model_dump(exclude={"judge"}),
        reference=study.reference,
        tests=[t.model for t in study.targets],
        judge=judge,
        # role settings reach RseConfig.spec through role_options, under these per-model ones
        model_options={
            m: study.options_for(m, next((t.options for t in study.targets if t.model == m), None))
            for m in [*models, *([judge] if judge else [])]
        },
        role_options={r: dict(getattr(study.roles, r)) for r in ("reference", "test", "judge")},
        labels={m: study.label_of(m) for m in models},
    )


def study_models(study: Study) -> list[str]:
    """Every model a study will call: targets, reference, candidates, judges, helper."""
    names = [t.model for t in study.targets]
    if study.rse.enabled:
        names += [study.reference or "", *(study.rse.candidates or [])]
        if study.rse.metrics != "offline":
            names.append(study.effective_rse_judge())
    if study.ice.enabled:
        names += [study.effective_ice_judge(), study.ice.helper]
    return [n for n in dict.fromkeys(names) if n and n not in ("offline", "none")]


def study_specs(study: Study) -> list[ModelSpec]:
    """The resolved spec of every model a study calls, with its per-model options."""
    specs = []
    for name in study_models(study):
        opts = next((t.options for t in study.targets if t.model == name), None)
        specs.append(parse_model(name, study.options_for(name, opts)))
    return specs


def study_prices(study: Study) -> PriceTable:
    return PriceTable.load(study.limits.prices)


def _identity_problems(study: Study) -> list[str]:
    """A card folder that cannot be read is named as such (not as N unknown identities)."""
    dirs = tuple(study.identities_dirs)
    try:
        load_cards(dirs)
    except UsageError as exc:
        return [exc.message]
    unknown = []
    for t in study.targets:
        try:
            get_card(t.identity or "", dirs)
        except UsageError:
            unknown.append(f"unknown identity {t.identity!r} for {t.model}")
    if unknown:
        unknown[-1] += " (valid names: `distillq identities list`; a new card: docs/identity-cards.md)"
    return unknown


def preflight(study: Study) -> list[str]:
    """Everything that would stop the study, all of it at once: unknown identities, missing keys,
    and, with a budget, models of unknown price. Empty when the study can start."""
    problems: list[str] = []
    if study.ice.enabled:
        problems += _identity_problems(study)
    specs = study_specs(study)
    missing = []
    for spec in specs:
        try:
            spec.api_key()
        except MissingKeyError:
            missing.append(f"{spec.api_key_env} (for {spec.name})")
    if missing:
        problems.append(f"missing API keys: {', '.join(missing)}; set them in the environment or a .env file")
    if study.limits.budget_usd is not None:
        unknown = unpriced(study_prices(study), specs)
        if unknown:
            problems.append(
                f"budget set but no price known for {', '.join(unknown)}: add them to limits.prices (a YAML price file)"
            )
    return problems


def check_keys(study: Study) -> None:
    """Fail before the first request if anything would stop the study (not halfway through it)."""
    problems = preflight(study)
    if problems:
        raise UsageError("; ".join(problems))


@dataclass
class StudyResult:
    out_dir: Path
    meta: dict[str, Any]


def run_study(
    study: Study,
    *,
    progress: ProgressCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
    use_cache: bool = True,
    command: str = "",
) -> StudyResult:
    """Run every stage; each is resumable, so re-running after an interruption finishes the job."""
    check_keys(study)
    out = Path(study.results_dir)
    say = on_stage or (lambda _s: None)
    t0 = time.time()
    opts = engine_options(study.limits, use_cache)
    targets_meta: list[dict[str, Any]] = []
    rse_table: dict[str, Any] | None = None
    with Store(out) as store:
        engine = Engine(store, opts, study_prices(study), progress=progress)

        async def ice_one(i: int) -> dict[str, Any]:
            t = study.targets[i]
            d = ice_dir(out, t.model)
            summary = await run_ice_async(engine, store, ice_config(study, i), d)
            say(f"ICE done: {study.label_of(t.model)}")
            return {
                "model": t.model,
                "label": study.label_of(t.model),
                "identity": summary["identity"],
                "ice_summary": str((d / "ice_summary.json").relative_to(out)),
                "ice_responses": str((d / "ice_responses.jsonl").relative_to(out)),
            }

        async def rse_all() -> dict[str, Any]:
            table = await run_rse_async(engine, store, rse_config(study), out / "rse")
            say("RSE done")
            return table

        async def main() -> None:
            # Every stage runs at once: each model has its own connection limit in the engine, so a
            # study of N targets takes about as long as its slowest target, not N times as long.
            nonlocal rse_table
            say(
                "running "
                + ", ".join(s for s, on in (("ICE", study.ice.enabled), ("RSE", study.rse.enabled)) if on)
            )
            ice_tasks = [ice_one(i) for i in range(len(study.targets))] if study.ice.enabled else []
            rse_task = [rse_all()] if study.rse.enabled else []
            results = await asyncio.gather(*ice_tasks, *rse_task)
            if study.ice.enabled:
                targets_meta.extend(results[: len(ice_tasks)])
            else:
                targets_meta.extend(
                    {"model": t.model, "label": study.label_of(t.model)} for t in study.targets
                )
            if study.rse.enabled:
                rse_table = results[-1]

        engine.run(main)
        stats = {m: s.as_dict() for m, s in engine.stats.items()}
        meta = {
            "kind": "study",
            "name": study.name,
            "description": study.description,
            "synthetic": study.synthetic,
            "distillq_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0)),
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds": round(time.time() - t0, 2),
            "command": command,
            "reference": study.reference,
            "reference_label": study.label_of(study.reference) if study.reference else None,
            "judge": {
                "ice": study.effective_ice_judge(),
                "rse": study.effective_rse_judge()
                if study.rse.metrics != "offline"
                else "offline (judge-free metrics)",
            },
            "helper": study.ice.helper,
            "seeds": {"ice": study.ice.seed, "rse": study.rse.seed},
            "ice_enabled": study.ice.enabled,
            "rse_enabled": study.rse.enabled,
            "targets": targets_meta,
            "rse": {"table": "rse/rse_table.json", "summary": "rse/rse_summary.json"} if rse_table else None,
            "usage": stats,
            "requests_sent": sum(s["sent"] for s in stats.values()),
            "requests_cached": sum(s["cached"] for s in stats.values()),
            "tokens": {
                "input": sum(s["input_tokens"] for s in stats.values()),
                "output": sum(s["output_tokens"] for s in stats.values()),
            },
            "total_cost_usd": round(engine.total_cost_usd, 6),
            "budget_reached": engine.budget_reached,
            "config": study.model_dump(mode="json"),
        }
        write_result(StudyManifest, meta, out / "study.json")
        store.put_result("study", "study", meta)
    return StudyResult(out, meta)


# -- dry run ---------------------------------------------------------------------------------------

# Rough answer lengths (tokens) used for cost estimates; real answers vary, so the estimate says so.
KNOWN_SET_SIZES = {"arenahard": 500, "alpacaeval": 805}
EST_OUT_TOKENS = {"ice": 150, "rse": 450, "judge": 80, "helper": 300}


def estimate(study: Study) -> dict[str, Any]:
    """Requests and an estimated cost per model, computed without sending anything."""
    prices = study_prices(study)
    per: dict[str, dict[str, float]] = {}
    notes: list[str] = []

    def add(model: str, n: int, in_tokens: float, kind: str) -> None:
        if model in ("offline", "none") or n <= 0:
            return
        d = per.setdefault(model, {"requests": 0, "input_tokens": 0.0, "output_tokens": 0.0})
        d["requests"] += n
        d["input_tokens"] += n * in_tokens
        d["output_tokens"] += n * EST_OUT_TOKENS[kind]

    if study.ice.enabled:
        from distillq.ice.questions import load_questions

        qs = load_questions(study.ice.questions, languages=study.ice.languages)
        from distillq.ice.sampling import DEFAULT_QUESTIONS_PER_ROUND

        per_round = min(study.ice.questions_per_round or DEFAULT_QUESTIONS_PER_ROUND, len(qs)) or 1
        rounds = -(-study.ice.max_queries // per_round)
        for t in study.targets:
            add(t.model, study.ice.max_queries, 350, "ice")
            add(study.effective_ice_judge(), study.ice.max_queries, 600, "judge")
            add(study.ice.helper, rounds, 500, "helper")
    if study.rse.enabled and study.reference:
        cfg = rse_config(study)
        n = 0
        chars = 0
        for ps in cfg.promptset_refs():
            try:
                prompts = load_sets(cfg.model_copy(update={"promptsets": [ps]}))[ps.name]
                n += len(prompts)
                chars += sum(len(p.text) for p in prompts)
            except UsageError as exc:  # not available here (hub set offline): estimate from its size
                from distillq.core import registry

                if ps.name.lower() not in registry.promptsets:
                    raise  # a misspelt name or a missing file: the real run would stop on it too
                size = ps.sample or cfg.sample or KNOWN_SET_SIZES.get(ps.name.lower(), 1000)
                n += size
                chars += size * 600
                notes.append(f"prompt set {ps.name} not loaded ({exc.message}); assumed {size} prompts")
        avg_in = chars / max(1, n) / 4 + 10
        for m in all_models(cfg):
            add(m, n, avg_in, "rse")
        if cfg.metrics != "offline" and cfg.judge:
            add(cfg.judge, n * len(cfg.tests) * (2 if cfg.both_orders else 1), avg_in + 1000, "judge")
    rows: list[dict[str, Any]] = []
    specs = {s.name: s for s in study_specs(study)}  # with their options (base_url, ...)
    for model, d in per.items():
        spec = specs.get(model) or parse_model(model)
        if not unpriced(PriceTable({}), [spec]):  # mock and local models cost nothing: price known
            prices = prices.with_price(spec.service, spec.model, 0.0, 0.0)
        from distillq.core.types import Usage

        cost = prices.cost(spec.service, spec.model, Usage(int(d["input_tokens"]), int(d["output_tokens"])))
        known = prices.lookup(spec.service, spec.model) is not None
        rows.append(
            {
                "model": model,
                "requests": int(d["requests"]),
                "input_tokens": int(d["input_tokens"]),
                "output_tokens": int(d["output_tokens"]),
                "cost_usd": round(cost, 4),
                "price_known": known,
            }
        )
    return {
        "models": rows,
        "requests": sum(r["requests"] for r in rows),
        "cost_usd": round(sum(r["cost_usd"] for r in rows), 4),
        "unknown_prices": [r["model"] for r in rows if not r["price_known"]],
        "note": "upper bound on requests (ICE may stop early); costs assume typical answer lengths",
        "notes": notes,
    }
