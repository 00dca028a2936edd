"""`ice run`: fuzz identity prompts against a target, judge every answer, score, write outputs.

All model calls (target, LLM judge, helper) go through the engine, so an interrupted run resumes
from the store: the fuzzer is deterministic given its seed and the (cached) answers, so a re-run
walks the same path and asks nothing that was already answered.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from distillq import __version__
from distillq.config import IceSection
from distillq.errors import UsageError
from distillq.ice.fuzz_judge import IdentityJudge, JudgeItem, OfflineIdentityJudge
from distillq.ice.fuzz_result import FuzzProgress, FuzzResult
from distillq.ice.fuzzer import run_fuzz
from distillq.ice.identities import get_card, load_cards
from distillq.ice.questions import load_questions
from distillq.ice.sampling import DEFAULT_PARALLEL_ROUNDS
from distillq.ice.score import summarize
from distillq.ice.templates import load_templates
from distillq.ice.types import IdentityCard, Verdict
from distillq.ice.verdict import Policy
from distillq.jsonio import write_jsonl_atomic
from distillq.models.engine import Engine
from distillq.models.roles import role_spec
from distillq.models.spec import ModelSpec
from distillq.results import IceSummary, write_result
from distillq.store import Store, canonical_json

# The paper asks every model with this system prompt at temperature 0. Token caps, temperatures and
# timeouts per role are in distillq.models.roles (documented in docs/cli.md).
DEFAULT_SYSTEM = "You are a helpful assistant."
DEFAULT_TARGET_OPTIONS: dict[str, Any] = {"system": DEFAULT_SYSTEM}


class IceConfig(IceSection):
    """One ICE run: the run file's `ice` section (its fields, one shape) resolved for one target.

    Adds what a study resolves: the target and its identity card, the judge in effect, the card
    folders and each role's generation options. All of it defines the run, and so its run id.
    """

    target: str
    identity: str
    judge: str = "offline"
    identities_dirs: tuple[str, ...] = ()
    target_options: dict[str, Any] = Field(default_factory=dict)
    judge_options: dict[str, Any] = Field(default_factory=dict)
    helper_options: dict[str, Any] = Field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """What defines the run (stored with it): every field but whether the section is enabled."""
        return self.model_dump(exclude={"enabled"})

    def run_id(self) -> str:
        h = hashlib.sha256(canonical_json(self.settings()).encode()).hexdigest()[:16]
        return f"ice-{h}"


@dataclass(frozen=True)
class JudgeContext:
    """What a registered ICE judge factory gets: the true card, every card, the policy, the engine.

    A judge plugin (entry point group `distillq.judges`) is a callable `factory(ctx) -> judge`,
    the judge having `async judge_many(items: list[JudgeItem]) -> list[Verdict]`.
    """

    card: IdentityCard
    cards: dict[str, IdentityCard]
    policy: Policy
    engine: Engine
    run_id: str | None
    options: dict[str, Any]


def offline_judge(ctx: JudgeContext) -> IdentityJudge:
    """The rule-based judge (registered as `offline`): no model calls, no key."""
    return OfflineIdentityJudge(ctx.card, ctx.cards, ctx.policy.strict_labs, ctx.policy.hard_rule)


def make_judge(
    engine: Engine,
    cfg: IceConfig,
    card: IdentityCard,
    cards: dict[str, IdentityCard],
    run_id: str | None,
    live: bool = False,
) -> IdentityJudge:
    """A registered judge name ('offline', or a plugin's); anything else is a model name for an LLM judge."""
    from distillq.core import registry

    policy = Policy(tuple(cfg.strict_labs), cfg.hard_rule)
    if cfg.judge in registry.judges:
        ctx = JudgeContext(card, cards, policy, engine, run_id, cfg.judge_options)
        return registry.judges.get(cfg.judge)(ctx)  # type: ignore[no-any-return]
    from distillq.ice.judges import LLMIdentityJudge

    spec = role_spec("judge", cfg.judge, cfg.judge_options)
    spec.api_key()
    return LLMIdentityJudge(
        engine.completer(spec, run_id, live=live),  # live inside fuzzing rounds: MCTS needs the reward
        card,
        strict_labs=policy.strict_labs,
        hard_rule=policy.hard_rule,
        name=spec.name,
        cards=cards,
    )


def target_spec(cfg: IceConfig) -> ModelSpec:
    spec = role_spec("target", cfg.target, DEFAULT_TARGET_OPTIONS, cfg.target_options)
    spec.api_key()
    return spec


async def run_ice_async(
    engine: Engine,
    store: Store,
    cfg: IceConfig,
    out_dir: Path,
    on_round: Callable[[FuzzProgress], None] | None = None,
) -> dict[str, Any]:
    """Run (or resume) ICE for one target and write ice_responses.jsonl + ice_summary.json."""
    t0 = time.time()
    cards = load_cards(cfg.identities_dirs)
    card = get_card(cfg.identity, cfg.identities_dirs)
    questions = load_questions(cfg.questions, languages=cfg.languages)
    if not questions:
        raise UsageError(f"no identity questions in languages {cfg.languages}: check --languages")
    seeds = load_templates(cfg.templates)
    tspec = target_spec(cfg)
    run_id = cfg.run_id()
    store.start_run(run_id, "ice", cfg.settings())
    judge = make_judge(engine, cfg, card, cards, run_id, live=True)
    helper = None
    if cfg.helper not in ("none", "", None):
        hspec = role_spec("helper", cfg.helper, cfg.helper_options)
        hspec.api_key()
        helper = engine.completer(hspec, run_id, live=True)
    result = await run_fuzz(
        engine.completer(tspec, run_id, live=True),  # rounds stay live, even with --batch
        judge,
        seeds,
        questions,
        helper=helper,
        max_queries=cfg.max_queries,
        questions_per_round=cfg.questions_per_round,
        parallel=DEFAULT_PARALLEL_ROUNDS if cfg.parallel_rounds is None else cfg.parallel_rounds,
        target_ci=cfg.target_ci,
        seed=cfg.seed,
        progress=on_round,
    )
    rows = response_rows(result, questions, tspec.name, card.id)
    verdict_rows = [(r, v) for r, v in zip(rows, result.records, strict=True) if v.verdict is not None]
    # rows carry the judge's own loose/strict: strip them so `summarize` does not compute an
    # "agreement" of the judge with itself (agreement is for reference labels in `ice judge`)
    plain = [{k: v for k, v in r.items() if k not in ("loose", "strict", "hard")} for r, _ in verdict_rows]
    summary = summarize(plain, [v.verdict for _, v in verdict_rows if v.verdict])
    summary.update(
        kind="ice",
        run_id=run_id,
        distillq_version=__version__,
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0)),
        seconds=round(time.time() - t0, 3),
        target=tspec.name,
        identity={"id": card.id, "display_name": card.display_name, "fact": card.fact()},
        judge=cfg.judge,
        helper=cfg.helper,
        hard_rule=cfg.hard_rule,
        strict_labs=list(cfg.strict_labs),
        config={**cfg.settings(), "parallel_rounds": result.config["parallel"]},  # the value used
        target_errors=result.stats.errors,
        # answers cut at max_tokens are still judged, but a reader must know how many there were
        target_truncated=sum(1 for r in rows if r["finish_reason"] == "length"),
        finish_reasons=dict(Counter(str(r["finish_reason"]) for r in rows if r["error"] is None)),
        fuzz={
            "stats": asdict(result.stats),
            "stop_reason": result.stats.stop_reason,
            "templates": [_template_node(n) for n in result.templates],
        },
        usage={name: st.as_dict() for name, st in engine.stats.items()},
        cost_usd=round(sum(st.cost_usd for st in engine.stats.values()), 6),
        budget_reached=engine.budget_reached,
    )
    store.put_result(run_id, "ice_summary", summary)
    store.finish_run(run_id, "done" if result.stats.errors == 0 else "incomplete")
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_jsonl(out_dir / "ice_responses.jsonl", rows)
    write_result(IceSummary, summary, out_dir / "ice_summary.json")
    return summary


def run_ice(engine: Engine, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """`run_ice_async` (same arguments) on the engine's event loop, for synchronous callers."""
    return engine.run(lambda: run_ice_async(engine, *args, **kwargs))


def response_rows(
    result: FuzzResult, questions: Sequence[Any], model: str, identity: str
) -> list[dict[str, Any]]:
    """One flat row per target query: what the user reads in ice_responses.jsonl."""
    qtext = {q.id: q.text for q in questions}
    ttext = {t.id: t.text for t in result.templates}
    rows = []
    for rec in result.records:
        v = rec.verdict
        rows.append(
            {
                "model": model,
                "identity": identity,
                "template_id": rec.template_id,
                "template": ttext.get(rec.template_id),
                "question_id": rec.question_id,
                "query": qtext.get(rec.question_id),
                "aspect": rec.aspect,
                "language": rec.language,
                "round": rec.round,
                "prompt": rec.prompt,
                "response": rec.response,
                "finish_reason": rec.finish_reason,
                "error": rec.error,
                "loose": v.loose if v else None,
                "strict": v.strict if v else None,
                "hard": v.hard if v else None,
                "claimed": v.claimed if v else [],
                "judge": v.judge if v else None,
                "reason": v.reason if v else None,
                **({"trace": v.extra["trace"]} if v and "trace" in v.extra else {}),
            }
        )
    return rows


def _template_node(n: Any) -> dict[str, Any]:
    d = asdict(n)
    d.pop("attempts", None)
    d["success_rate"] = n.success_rate
    return d


def _verdict_payload(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("loose", "strict", "hard", "claimed", "judge", "reason")}


def _write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    write_jsonl_atomic(path, rows)


def record_prompt(r: dict[str, Any]) -> str | None:
    """The full prompt a response answered: template filled with the query, or the stored prompt."""
    from distillq.ice.types import Template

    if r.get("template"):
        return Template("input", str(r["template"])).fill(str(r.get("query", "")))
    if r.get("prompt"):
        return str(r["prompt"])
    return None


async def judge_records_async(
    engine: Engine, cfg: IceConfig, records: Sequence[dict[str, Any]], run_id: str | None = None
) -> list[Verdict]:
    """Judge responses that already exist (no target model): offline or with an LLM judge."""
    cards = load_cards(cfg.identities_dirs)
    card = get_card(cfg.identity, cfg.identities_dirs)
    judge = make_judge(engine, cfg, card, cards, run_id)
    items = [
        JudgeItem(
            prompt=record_prompt(r) or "",
            question=str(r.get("query", "")),
            template=str(r.get("template", "")),
            response=None if r.get("response") is None else str(r["response"]),
            reasoning=str(r["reasoning"]) if r.get("reasoning") else None,
        )
        for r in records
    ]
    verdicts = await judge.judge_many(items)
    # without the prompt nobody can tell whether it suggested the identity: hard is unknown
    for v, r in zip(verdicts, records, strict=True):
        if record_prompt(r) is None:
            v.hard = None
    return verdicts
