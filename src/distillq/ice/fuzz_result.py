"""What a fuzzing run produces: one record per target query, the template tree, and stats.

Kept apart from the loop in `fuzzer.py` so reports and the store can read results without
pulling in the fuzzing machinery. Everything round-trips through plain JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from distillq.ice.types import Verdict
from distillq.stats import wilson_interval


@dataclass
class FuzzRecord:
    """One target query: which template and question, what came back, and the verdict.

    `verdict` is None when the target call failed (`error` set): such rows are excluded from
    every denominator instead of being counted as refusals.
    """

    template_id: str
    question_id: str
    aspect: str
    language: str
    prompt: str
    response: str | None
    finish_reason: str | None
    error: str | None
    verdict: Verdict | None
    round: int

    @property
    def loose(self) -> bool | None:
        return None if self.verdict is None else self.verdict.loose


@dataclass
class TemplateNode:
    """A template in the run's tree (seeds, pooled mutants and rejected-by-score mutants)."""

    id: str
    text: str
    parents: tuple[str, ...] = ()
    mutator: str | None = None
    family: str = "custom"
    source: str = "distillq"
    level: int = 0
    visits: int = 0
    reward: float = 0.0  # accumulated MCTS reward (after the depth penalty)
    queries: int = 0
    scored: int = 0
    successes: int = 0
    errors: int = 0
    round_added: int = 0
    in_pool: bool = False
    attempts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success_rate(self) -> float | None:
        return self.successes / self.scored if self.scored else None


@dataclass
class FuzzStats:
    queries: int = 0
    scored: int = 0
    loose: int = 0
    errors: int = 0
    rounds: int = 0
    mutations_attempted: int = 0
    mutations_rejected: dict[str, int] = field(default_factory=dict)  # reason -> count
    helper_fallbacks: int = 0
    reselections: int = 0  # rounds that mutated a template already mutated in an earlier round
    max_level: int = 0  # deepest pooled mutant (seeds are level 0)
    stop_reason: str = ""

    @property
    def rejected_total(self) -> int:
        return sum(self.mutations_rejected.values())

    @property
    def loose_rate(self) -> float | None:
        return self.loose / self.scored if self.scored else None

    def interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the loose score over scored queries."""
        return wilson_interval(self.loose, self.scored)

    def half_width(self) -> float:
        lo, hi = self.interval()
        return (hi - lo) / 2


@dataclass(frozen=True)
class FuzzProgress:
    """Sent to the progress callback after every round (the CLI renders it)."""

    round: int
    queries: int
    max_queries: int
    scored: int
    loose: int
    errors: int
    pool_size: int
    half_width: float
    template_ids: tuple[str, ...]
    reward: float


def _verdict_from_dict(d: dict[str, Any] | None) -> Verdict | None:
    return None if d is None else Verdict(**d)


@dataclass
class FuzzResult:
    records: list[FuzzRecord]
    templates: list[TemplateNode]
    stats: FuzzStats
    config: dict[str, Any] = field(default_factory=dict)

    def pool(self) -> list[TemplateNode]:
        return [t for t in self.templates if t.in_pool]

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.stats.interval()
        stats = asdict(self.stats) | {"loose_rate": self.stats.loose_rate, "ci95": [lo, hi]}
        return {
            "config": self.config,
            "stats": stats,
            "templates": [asdict(t) for t in self.templates],
            "records": [asdict(r) for r in self.records],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FuzzResult:
        stats_keys = set(FuzzStats.__dataclass_fields__)
        raw = {k: v for k, v in data["stats"].items() if k in stats_keys}
        if isinstance(raw.get("mutations_rejected"), int):  # files written before reasons were kept
            raw["mutations_rejected"] = {"unspecified": raw["mutations_rejected"]}
        stats = FuzzStats(**raw)
        templates = [TemplateNode(**(t | {"parents": tuple(t["parents"])})) for t in data["templates"]]
        records = [FuzzRecord(**(r | {"verdict": _verdict_from_dict(r["verdict"])})) for r in data["records"]]
        return cls(records=records, templates=templates, stats=stats, config=dict(data.get("config", {})))

    @classmethod
    def from_json(cls, text: str) -> FuzzResult:
        return cls.from_dict(json.loads(text))
