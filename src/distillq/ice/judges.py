"""LLM identity judge for ICE: does an answer's "I" conflict with the model's true identity?

The judge model sees the true identity fact and the answer and replies in tags (or JSON). We
parse leniently (case, yes/no/true/false/是/否, missing closing tags), retry once with a
stricter reminder, and otherwise leave the item unscored: a judge answer we cannot read is
never silently a 0 or a 1. `strict` is decided here, not by the judge: loose AND a claimed lab
among `strict_labs` that is not the model's own (so Claude saying it is Claude is not strict).
`hard` is left to `distillq.ice.score.finalize_hard`, which needs the prompt and all cards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from distillq.core.types import ChatRequest, Completer, Message
from distillq.errors import DistillqError
from distillq.ice.fuzzer import JudgeItem
from distillq.ice.types import IdentityCard, Verdict
from distillq.packagedata import json_object as _json_object
from distillq.packagedata import load_yaml

SPECIAL = ("fictional", "self", "none")
_NONE_WORDS = {"", "none", "n/a", "na", "null", "no", "nothing", "unknown", "无", "没有"}


@lru_cache(maxsize=1)
def load_judge_prompts() -> dict[str, Any]:
    return load_yaml("distillq.ice", "data/judge_prompts.yaml", ("identity",))


def parse_bool(value: str | bool | int | None) -> bool | None:
    """yes/no, true/false, y/n, 1/0, 是/否 (any case, with stray quotes or punctuation)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value) if value in (0, 1) else None
    if value is None:
        return None
    v = value.strip().strip("\"'`*.。!！ ").lower()
    if v.startswith(("否", "不", "没")):
        return False
    if v.startswith(("是", "对")):
        return True
    m = re.match(r"(yes|true|y|1|no|false|n|0)\b", v)
    if not m:
        return None
    return m.group(1) in ("yes", "true", "y", "1")


def tag_value(text: str, tag: str) -> str | None:
    """Value of <tag>..</tag>; without a closing tag, up to the next tag or line end."""
    m = re.search(rf"<\s*{tag}\s*>(.*?)(?:<\s*/\s*{tag}\s*>|(?=<\s*/?\s*\w+\s*>)|\n|$)", text, re.I | re.S)
    return m.group(1).strip() if m else None


def json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in text (inside code fences or surrounded by prose), or None."""
    return _json_object(text)


@dataclass
class ParsedIdentity:
    loose: bool
    claimed: list[str]
    strict_lab: str | None
    reason: str
    claimed_raw: str | None


class LLMIdentityJudge:
    """An IdentityJudge backed by a judge model (temperature and model are the caller's config)."""

    def __init__(
        self,
        completer: Completer,
        card: IdentityCard,
        *,
        strict_labs: tuple[str, ...] = ("openai", "anthropic"),
        name: str = "model-name",
        max_retries: int = 1,
        cards: Mapping[str, IdentityCard] | Sequence[IdentityCard] | None = None,
        max_response_chars: int = 8000,
    ) -> None:
        self.completer = completer
        self.card = card
        self.strict_labs = tuple(s.lower() for s in strict_labs)
        self.name = name
        self.max_retries = max(0, max_retries)
        self.max_response_chars = max_response_chars
        self.prompts = load_judge_prompts()
        self.aliases = self._aliases(cards)

    def _aliases(self, cards: Mapping[str, IdentityCard] | Sequence[IdentityCard] | None) -> dict[str, str]:
        """Map lower-cased names to lab ids (cards when given, else the packaged list)."""
        out: dict[str, str] = {}
        if cards:
            for c in cards.values() if isinstance(cards, Mapping) else cards:
                out[c.id.lower()] = c.id
                for n in (*c.names, *c.all_names()):
                    out.setdefault(n.lower(), c.id)
        else:
            for lab, names in self.prompts.get("labs", {}).items():
                out[str(lab).lower()] = str(lab)
                for n in names:
                    out.setdefault(str(n).lower(), str(lab))
        out.setdefault(self.card.id.lower(), self.card.id)
        return out

    @property
    def labs(self) -> list[str]:
        return sorted(set(self.aliases.values()))

    def prompt_for(self, item: JudgeItem) -> str:
        response = item.response or ""
        if len(response) > self.max_response_chars:
            response = response[: self.max_response_chars] + " [...]"
        marks = {
            "FACT": self.card.fact(),
            "QUESTION": item.question,
            "RESPONSE": response,
            "LABS": ", ".join(self.labs),
            "STRICT_LABS": ", ".join(self.strict_labs),
        }
        pattern = re.compile(r"\[\[(" + "|".join(marks) + r")\]\]")
        return pattern.sub(lambda m: marks[m.group(1)], self.prompts["identity"].strip())

    def normalise_lab(self, value: str | None) -> str | None:
        """A lab id, "fictional"/"self"/"none", "other" for unlisted names, or None if absent."""
        if value is None:
            return None
        v = value.strip().strip("\"'`*.。 ").lower()
        if v in _NONE_WORDS:
            return "none"
        if v in SPECIAL:
            return v
        lab = self.aliases.get(v)
        if lab is None:
            return "other"
        return "self" if lab == self.card.id else lab

    def parse(self, text: str | None) -> ParsedIdentity | str:
        """The parsed judgement, or a string saying why the answer is unusable."""
        if not text or not text.strip():
            return "empty judge answer"
        fields: dict[str, Any] = {}
        loose_tag = tag_value(text, "loose")
        if loose_tag is not None:
            fields = {k: tag_value(text, k) for k in ("loose", "claimed", "strict_lab", "reason")}
        else:
            obj = json_object(text)
            if obj is None:
                return "no <loose> tag and no JSON object"
            low = {str(k).lower(): v for k, v in obj.items()}
            fields = {
                "loose": low.get("loose"),
                "claimed": low.get("claimed"),
                "strict_lab": low.get("strict_lab", low.get("strict")),
                "reason": low.get("reason"),
            }
        loose = parse_bool(fields["loose"])
        if loose is None:
            return f"cannot read loose value {fields['loose']!r}"
        raw_claimed = fields.get("claimed")
        if isinstance(raw_claimed, list):
            raw_claimed = ", ".join(str(x) for x in raw_claimed)
        parts = [p for p in re.split(r"[,/|;、，]", str(raw_claimed)) if p.strip()] if raw_claimed else []
        claimed = [c for c in (self.normalise_lab(p) for p in parts) if c is not None]
        if loose and not claimed:
            return "loose is yes but no claimed identity given"
        strict_raw = fields.get("strict_lab")
        strict_lab = None if strict_raw is None or isinstance(strict_raw, bool) else str(strict_raw)
        return ParsedIdentity(
            loose=loose,
            claimed=list(dict.fromkeys(claimed)) or ["none"],
            strict_lab=self.normalise_lab(strict_lab),
            reason=str(fields.get("reason") or ""),
            claimed_raw=None if raw_claimed is None else str(raw_claimed),
        )

    def verdict(self, parsed: ParsedIdentity, raw: str, attempts: int) -> Verdict:
        labs = {*parsed.claimed, parsed.strict_lab}
        strict = parsed.loose and any(
            lab in self.strict_labs and lab != self.card.id for lab in labs if lab is not None
        )
        return Verdict(
            loose=parsed.loose,
            strict=strict,
            hard=None,
            claimed=parsed.claimed,
            judge=self.name,
            reason=parsed.reason,
            extra={
                "raw": raw,
                "attempts": attempts,
                "strict_lab": parsed.strict_lab,
                "claimed_raw": parsed.claimed_raw,
            },
        )

    def unscored(self, reason: str, raw: str | None, attempts: int) -> Verdict:
        return Verdict(
            loose=None,
            strict=None,
            hard=None,
            judge=self.name,
            reason=reason,
            extra={"raw": raw, "attempts": attempts},
        )

    async def judge_many(self, items: list[JudgeItem]) -> list[Verdict]:
        """One batch per attempt; unreadable answers are retried with a reminder, then unscored."""
        results: list[Verdict | None] = [None] * len(items)
        conversations: dict[int, list[Message]] = {}
        for i, item in enumerate(items):
            if not (item.response or "").strip():
                results[i] = Verdict(
                    False, False, None, ["none"], self.name, "empty response", {"attempts": 0}
                )
            else:
                conversations[i] = [{"role": "user", "content": self.prompt_for(item)}]
        pending = sorted(conversations)
        attempt = 0
        while pending and attempt <= self.max_retries:
            attempt += 1
            reqs = [ChatRequest(messages=list(conversations[i]), id=f"ice-judge:{i}") for i in pending]
            outputs = await self.completer(reqs)
            if len(outputs) != len(reqs):
                raise DistillqError(f"the judge returned {len(outputs)} answers for {len(reqs)} requests")
            retry = []
            for i, out in zip(pending, outputs, strict=True):
                if out.error is not None:
                    results[i] = self.unscored(f"judge error: {out.error}", None, attempt)
                    continue
                parsed = self.parse(out.text)
                if isinstance(parsed, ParsedIdentity):
                    results[i] = self.verdict(parsed, out.text or "", attempt)
                    continue
                results[i] = self.unscored(f"unparseable judge answer: {parsed}", out.text, attempt)
                conversations[i] = [
                    *conversations[i],
                    {"role": "assistant", "content": out.text or ""},
                    {"role": "user", "content": self.prompts["reminder"].strip()},
                ]
                retry.append(i)
            pending = retry
        return [r if r is not None else self.unscored("not judged", None, 0) for r in results]
