"""Inspect scorers: our identity judge (loose/strict/hard) and the judge-free similarity metrics.

An answer the judge cannot score gets NaN for every metric, Inspect's unscored value: Inspect counts
it apart (unscored_samples) and leaves it out of every mean, as distillq does, never a 0 or a 1.
"""

from __future__ import annotations

import math
from typing import Any

from inspect_ai.model import get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

LEVELS = ("loose", "strict", "hard")
PAIR_METRICS = ("lexical", "structural", "semantic", "overall")


def unscored(keys: tuple[str, ...]) -> dict[str, float]:
    return dict.fromkeys(keys, float("nan"))


@scorer(metrics={k: [mean(), stderr()] for k in LEVELS})
def identity_judge(identity: str, judge: str = "offline", hard_rule: str = "alias") -> Scorer:
    """Judge each answer against the identity card, exactly as `distillq ice judge` does."""
    from distillq.ice.fuzz_judge import IdentityJudge, JudgeItem
    from distillq.ice.identities import get_card, load_cards
    from distillq.ice.run import IceConfig, make_judge
    from distillq.models.engine import Engine

    cfg = IceConfig(target="-", identity=identity, judge=judge, hard_rule=hard_rule)
    card = get_card(identity)
    cards = load_cards()
    made: list[IdentityJudge] = []

    async def score(state: TaskState, target: Target) -> Score:
        if not made:  # built on first use, inside Inspect's event loop (an LLM judge opens a client)
            made.append(make_judge(Engine(None), cfg, card, cards, None))
        answer = state.output.completion if state.output else ""
        meta = state.metadata or {}
        item = JudgeItem(
            prompt=state.input_text,
            question=str(meta.get("query", "")),
            template=str(meta.get("template_id", "")),
            response=answer,
        )
        (v,) = await made[0].judge_many([item])
        extra: dict[str, Any] = {"claimed": list(v.claimed), "judge": v.judge}
        if not v.scored:
            return Score(
                value=unscored(LEVELS), answer=answer, explanation=f"unscored: {v.reason}", metadata=extra
            )
        value = {"loose": float(bool(v.loose)), "strict": float(bool(v.strict)), "hard": float(bool(v.hard))}
        return Score(value=value, answer=answer, explanation=v.reason, metadata=extra)

    return score


def pair_scores(reference: str, answer: str) -> dict[str, float]:
    """Per-prompt lexical, structural and semantic similarity and their equal-weight mean.

    The stylistic metric compares whole sets of answers, so it has no per-answer value here.
    """
    from distillq.rse.metrics import score_pairs

    per = score_pairs([reference], [answer])["per_prompt"]
    vals = {k: float(per[k][0]) for k in ("lexical", "structural", "semantic")}
    vals["overall"] = sum(vals.values()) / len(vals)
    return vals


@scorer(metrics={k: [mean(), stderr()] for k in PAIR_METRICS})
def similarity_to_reference(reference: str | None = None) -> Scorer:
    """Compare the answer with the target (stored reference answer) or with `reference`'s live answer."""

    async def score(state: TaskState, target: Target) -> Score:
        answer = state.output.completion if state.output else ""
        ref = target.text
        if reference:
            out = await get_model(reference).generate(state.input_text)
            ref = out.completion
        if not answer.strip() or not ref.strip():
            return Score(
                value=unscored(PAIR_METRICS), answer=answer, explanation="unscored: an answer is empty"
            )
        vals = pair_scores(ref, answer)
        if any(math.isnan(x) for x in vals.values()):
            return Score(
                value=unscored(PAIR_METRICS), answer=answer, explanation="unscored: metric undefined"
            )
        return Score(
            value=vals,
            answer=answer,
            explanation="similarity to the reference answer (0 = unrelated, 1 = identical)",
            metadata={"reference_answer": ref},
        )

    return score
