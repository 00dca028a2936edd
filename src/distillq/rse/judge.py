"""LLM similarity judge for RSE: how alike are a test model's and a reference model's answers?

Asks the paper's question: how similar the two answers are in style, logical structure and content
detail, each on a 1-5 scale, as JSON. Each aspect is recorded; `overall` is their mean (computed,
not asked, so the judge cannot substitute another question such as "same source?"). The
order in which the two answers are shown is randomised per item with a seed (and recorded),
because judges favour one position; `both_orders=True` asks both ways and averages. Answers
that cannot be read after one reminder are unscored (all None, raw answer kept), never a guess.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from distillq.core.types import ChatRequest, Completer, Message
from distillq.errors import DistillqError
from distillq.packagedata import json_object as _json_object
from distillq.packagedata import load_yaml

ASKED = ("style", "logic", "content")
ASPECTS = (*ASKED, "overall")
_KEYS: dict[str, str] = {
    "style": "style",
    "response_style": "style",
    "logic": "logic",
    "logical_structure": "logic",
    "structure": "logic",
    "content": "content",
    "content_detail": "content",
    "detail": "content",
}
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")


@lru_cache(maxsize=1)
def load_rubric() -> dict[str, Any]:
    return load_yaml("distillq.rse", "data/judge_rubric.yaml", ("similarity",))


@dataclass(frozen=True)
class SimilarityItem:
    prompt_id: str
    prompt: str
    reference: str | None
    test: str | None


@dataclass
class OrderScore:
    """The judge's scores for one presentation order (swapped: the test answer came first)."""

    swapped: bool
    scores: dict[str, float] | None
    raw: str | None
    attempts: int
    reason: str = ""


@dataclass
class SimilarityVerdict:
    """Scores for one prompt; all None when no order could be read (unscored, never a guess)."""

    prompt_id: str
    style: float | None
    logic: float | None
    content: float | None
    overall: float | None
    swapped: bool | None  # order shown (None in both-orders mode: see `orders`)
    judge: str
    reason: str = ""
    raw: str | None = None
    orders: list[OrderScore] = field(default_factory=list)

    @property
    def scored(self) -> bool:
        return self.overall is not None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _NUMBER.match(value)
        return float(m.group(1)) if m else None
    return None


def parse_similarity(text: str | None) -> tuple[dict[str, float], str] | str:
    """({aspect: score}, reason), or a string saying why the answer is unusable.

    Accepts JSON in code fences or prose and numbers written as strings; falls back to
    `key: number` lines. Any score outside 1-5 makes the answer unusable (no clamping). The three
    asked aspects are required; `overall` is their mean, and an "overall" in the answer is ignored.
    """
    if not text or not text.strip():
        return "empty judge answer"
    obj = _json_object(text)
    raw: dict[str, Any] = {}
    reason = ""
    if obj is not None:
        raw = {_KEYS[k.lower().strip()]: v for k, v in obj.items() if k.lower().strip() in _KEYS}
        reason = str(obj.get("reason", ""))
    if len(raw) < len(ASKED):
        for key, aspect in _KEYS.items():
            m = re.search(rf'"?\b{key}\b"?\s*[:=]\s*"?(\d+(?:\.\d+)?)', text, re.IGNORECASE)
            if m and aspect not in raw:
                raw[aspect] = m.group(1)
    scores: dict[str, float] = {}
    for aspect in ASKED:
        if aspect not in raw:
            return f"missing '{aspect}'"
        value = _number(raw[aspect])
        if value is None:
            return f"'{aspect}' is not a number: {raw[aspect]!r}"
        if not 1.0 <= value <= 5.0:
            return f"'{aspect}' out of range 1-5: {value}"
        scores[aspect] = value
    scores["overall"] = sum(scores[a] for a in ASKED) / len(ASKED)
    return scores, reason


class LLMSimilarityJudge:
    """Scores answer pairs with a judge model; ask the engine for temperature 0."""

    def __init__(
        self,
        completer: Completer,
        *,
        name: str,
        both_orders: bool = False,
        seed: int = 0,
        max_retries: int = 1,
        max_answer_chars: int = 12000,
    ) -> None:
        self.completer = completer
        self.name = name
        self.both_orders = both_orders
        self.seed = seed
        self.max_retries = max(0, max_retries)
        self.max_answer_chars = max_answer_chars
        self.rubric = load_rubric()

    def is_swapped(self, prompt_id: str) -> bool:
        """Seeded per prompt id, so the order does not depend on batch composition."""
        return random.Random(f"distillq-rse:{self.seed}:{prompt_id}").random() < 0.5

    def prompt_for(self, item: SimilarityItem, swapped: bool) -> str:
        def clip(s: str | None) -> str:
            s = s or "(empty answer)"
            return s if len(s) <= self.max_answer_chars else s[: self.max_answer_chars] + " [...]"

        first, second = (item.test, item.reference) if swapped else (item.reference, item.test)
        marks = {"PROMPT": item.prompt, "FIRST": clip(first), "SECOND": clip(second)}
        pattern = re.compile(r"\[\[(PROMPT|FIRST|SECOND)\]\]")
        return pattern.sub(lambda m: marks[m.group(1)], self.rubric["similarity"].strip())

    async def score_many(self, items: list[SimilarityItem]) -> list[SimilarityVerdict]:
        """Score every item; one batch per attempt (orders and items together)."""
        jobs: list[tuple[int, bool]] = []
        for i, item in enumerate(items):
            first = self.is_swapped(item.prompt_id)
            jobs.append((i, first))
            if self.both_orders:
                jobs.append((i, not first))
        convs: list[list[Message]] = [
            [{"role": "user", "content": self.prompt_for(items[i], sw)}] for i, sw in jobs
        ]
        done: list[OrderScore | None] = [None] * len(jobs)
        pending = list(range(len(jobs)))
        attempt = 0
        while pending and attempt <= self.max_retries:
            attempt += 1
            reqs = [
                ChatRequest(messages=list(convs[j]), id=f"rse-judge:{items[jobs[j][0]].prompt_id}")
                for j in pending
            ]
            outputs = await self.completer(reqs)
            if len(outputs) != len(reqs):
                raise DistillqError(f"the judge returned {len(outputs)} answers for {len(reqs)} requests")
            retry = []
            for j, out in zip(pending, outputs, strict=True):
                swapped = jobs[j][1]
                if out.error is not None:
                    done[j] = OrderScore(swapped, None, None, attempt, f"judge error: {out.error}")
                    continue
                parsed = parse_similarity(out.text)
                if isinstance(parsed, str):
                    done[j] = OrderScore(
                        swapped, None, out.text, attempt, f"unparseable judge answer: {parsed}"
                    )
                    convs[j] = [
                        *convs[j],
                        {"role": "assistant", "content": out.text or ""},
                        {"role": "user", "content": self.rubric["reminder"].strip()},
                    ]
                    retry.append(j)
                else:
                    done[j] = OrderScore(swapped, parsed[0], out.text, attempt, parsed[1])
            pending = retry
        per_item: dict[int, list[OrderScore]] = {}
        for (i, _), order in zip(jobs, done, strict=True):
            assert order is not None
            per_item.setdefault(i, []).append(order)
        return [self._combine(items[i], per_item[i]) for i in range(len(items))]

    def _combine(self, item: SimilarityItem, orders: list[OrderScore]) -> SimilarityVerdict:
        good = [o for o in orders if o.scores is not None]
        swapped = None if self.both_orders else orders[0].swapped
        raw = "\n---\n".join(o.raw for o in orders if o.raw is not None) or None
        if not good:
            reason = "; ".join(o.reason for o in orders)
            return SimilarityVerdict(
                item.prompt_id, None, None, None, None, swapped, self.name, reason, raw, orders
            )
        mean = {a: sum(o.scores[a] for o in good if o.scores) / len(good) for a in ASPECTS}
        reason = " | ".join(o.reason for o in good if o.reason)
        return SimilarityVerdict(
            item.prompt_id,
            mean["style"],
            mean["logic"],
            mean["content"],
            mean["overall"],
            swapped,
            self.name,
            reason,
            raw,
            orders,
        )
