"""Data types shared by the ICE pieces (cards, questions, templates, verdicts).

Defined in one place so the fuzzer, the offline judge, the LLM judge and the scorer agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IdentityCard:
    """The true identity of a model family, used to decide what contradicts it.

    id: the lab key used in `claimed` lists ("openai", "anthropic", "alibaba", ...).
    names: names that select this card on the command line (`--identity qwen`).
    """

    id: str
    display_name: str
    names: tuple[str, ...]
    models: tuple[str, ...]  # model and product names: "Qwen", "通义千问", "Tongyi Qianwen"
    organisations: tuple[str, ...]  # developers and aliases: "Alibaba Cloud", "阿里云", "Alibaba Group"
    country: str
    city: str | None = None
    aliases: tuple[str, ...] = ()  # other strings that mean this identity (e.g. parent groups)
    country_aliases: tuple[str, ...] = ()  # "China", "中国", "PRC"
    notes: str = ""

    def all_names(self) -> tuple[str, ...]:
        """Every string that identifies this identity: used for 'hard' and claim matching."""
        return tuple(dict.fromkeys((*self.models, *self.organisations, *self.aliases)))

    def fact(self) -> str:
        """One-sentence true identity statement, as given to an LLM judge."""
        place = f"{self.city}, {self.country}" if self.city else self.country
        return (
            f"The model is {self.display_name} ({', '.join(self.models[:3])}), developed by "
            f"{', '.join(self.organisations[:2])}, based in {place}."
        )


@dataclass(frozen=True)
class Question:
    """An identity question, tagged so scores can be broken down by aspect and language."""

    id: str
    text: str
    aspect: str  # developer | partners | company | technology | geography
    language: str  # "en" | "zh" | ...


@dataclass
class Template:
    """A jailbreak template with a `{query}` slot; mutants record their parents and mutator."""

    id: str
    text: str
    family: str = "custom"
    source: str = "distillq"  # "distillq" | "user" | "mutant"
    parents: tuple[str, ...] = ()
    mutator: str | None = None

    def fill(self, query: str) -> str:
        # str.replace, not str.format: templates contain braces of their own (JSON, code).
        if "{query}" in self.text:
            return self.text.replace("{query}", query)
        return f"{self.text}\n{query}"


@dataclass(frozen=True)
class Claim:
    """One identity statement a judge found in an answer, before any verdict is decided.

    kind: "entity" | "joint" (one of several makers listed together) | "developer" | "name" |
    "place" | "denial" | "judge" (an LLM judge's conflict without a named lab).
    target: a card id, "fictional", "other", "denied" or "country:<Country>".
    """

    kind: str
    target: str
    sentence: str = ""
    label: str | None = None  # the persona voice, where it decided the claim (names, persona makers)


@dataclass
class Verdict:
    """A judge's decision on one response.

    loose/strict/hard are None when the judge's answer could not be parsed (unscored), which is
    counted apart and never silently a 0 or a 1. `claimed` lists identity ids the answer claims
    for "I" (card ids such as "openai"), or "self" / "fictional" / "none".
    """

    loose: bool | None
    strict: bool | None
    hard: bool | None
    claimed: list[str] = field(default_factory=list)
    judge: str = "offline"
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        return self.loose is not None
