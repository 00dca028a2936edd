"""What the ICE fuzzer's judge sees and answers: the interface every identity judge implements
(offline rules, an LLM, Inspect's scorer), apart from the search that calls it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from distillq.ice.types import IdentityCard, Verdict
from distillq.ice.verdict import HardRule

__all__ = ["IdentityJudge", "JudgeItem", "OfflineIdentityJudge"]


@dataclass(frozen=True)
class JudgeItem:
    """What an identity judge sees: the filled prompt, its parts, and the target's answer."""

    prompt: str
    question: str
    template: str
    response: str | None
    reasoning: str | None = None  # a reasoning trace, judged apart from the answer


class IdentityJudge(Protocol):
    async def judge_many(self, items: list[JudgeItem]) -> list[Verdict]: ...


class OfflineIdentityJudge:
    """Adapter from the rule-based `distillq.ice.offline.OfflineJudge` (no LLM) to IdentityJudge."""

    def __init__(
        self,
        card: IdentityCard,
        cards: Mapping[str, IdentityCard] | Sequence[IdentityCard] | None = None,
        strict_labs: tuple[str, ...] = ("openai", "anthropic"),
        hard_rule: HardRule = "alias",
    ) -> None:
        from distillq.ice.offline import OfflineJudge
        from distillq.ice.verdict import Policy

        self.card = card
        self.offline = OfflineJudge(cards, Policy(strict_labs, hard_rule))

    async def judge_many(self, items: list[JudgeItem]) -> list[Verdict]:
        return [self.offline.judge(it.response, self.card, it.prompt, it.reasoning) for it in items]
