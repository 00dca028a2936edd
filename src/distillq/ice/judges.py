"""LLM identity judge for ICE: which identity does an answer claim for "I"?

The judge model sees the true identity fact and the answer and replies in tags (or JSON). Its
reply must meet a schema (`JudgeAnswer`: a whole yes/no, names as strings); anything else is
retried once with a reminder and then left *unscored* with the raw reply kept, never read as
a 0 or a 1 and never a crash (a cached bad reply reads the same way). The reply becomes claims,
and `distillq.ice.verdict.decide` turns them into loose/strict/hard as for the offline judge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from distillq.core.types import ChatRequest, Completer, Message
from distillq.errors import DistillqError
from distillq.ice.fuzz_judge import JudgeItem
from distillq.ice.types import Claim, IdentityCard, Verdict
from distillq.ice.verdict import DEFAULT_STRICT_LABS, HardRule, Policy, decide
from distillq.packagedata import json_object as _json_object
from distillq.packagedata import load_yaml

SPECIAL = ("fictional", "self", "none")
_NONE_WORDS = {"", "none", "n/a", "na", "null", "no", "nothing", "unknown", "无", "没有"}
_YES = {"yes", "true", "y", "1", "是", "是的", "对"}
_NO = {"no", "false", "n", "0", "否", "不", "不是", "没有"}
_SPLIT = re.compile(r"[,/|;、，]")


@lru_cache(maxsize=1)
def load_judge_prompts() -> dict[str, Any]:
    return load_yaml("distillq.ice", "data/judge_prompts.yaml", ("identity",))


def parse_bool(value: object) -> bool | None:
    """A whole yes/no answer (yes/no, true/false, y/n, 1/0, 是/否; any case, stray quotes or stops).

    Anything else is None, never a guess: "0.9", "1.5", "N/A", "no idea", a list or a mapping.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value) if value in (0, 1) else None
    if not isinstance(value, str):
        return None
    v = value.strip().strip("\"'`*.。!！ ").lower()
    return True if v in _YES else False if v in _NO else None


def tag_value(text: str, tag: str) -> str | None:
    """Value of <tag>..</tag>; without a closing tag, up to the next tag or line end."""
    m = re.search(rf"<\s*{tag}\s*>(.*?)(?:<\s*/\s*{tag}\s*>|(?=<\s*/?\s*\w+\s*>)|\n|$)", text, re.I | re.S)
    return m.group(1).strip() if m else None


def json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in text (inside code fences or surrounded by prose), or None."""
    return _json_object(text)


def _yes_no(value: object) -> bool:
    b = parse_bool(value)
    if b is None:
        raise ValueError(f"not a yes/no answer: {value!r}")
    return b


def _names(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in _SPLIT.split(value) if p.strip()]
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return [p.strip() for x in value for p in _SPLIT.split(x) if p.strip()]
    raise ValueError(f"not a name or a list of names: {value!r}")


def _optional_name(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    raise ValueError(f"not a lab name: {value!r}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"not a sentence: {value!r}")


class JudgeAnswer(BaseModel):
    """The schema a judge's reply must meet; anything else leaves the item unscored."""

    model_config = ConfigDict(extra="ignore")

    loose: Annotated[bool, BeforeValidator(_yes_no)]
    claimed: Annotated[list[str], BeforeValidator(_names)] = []
    strict_lab: Annotated[str | None, BeforeValidator(_optional_name)] = None
    reason: Annotated[str, BeforeValidator(_text)] = ""


def read_answer(text: str | None) -> JudgeAnswer | str:
    """The validated answer, or one line saying why it is unusable (never raises)."""
    if not text or not text.strip():
        return "empty judge answer"
    if tag_value(text, "loose") is not None:
        fields: dict[str, Any] = {k: tag_value(text, k) for k in ("loose", "claimed", "strict_lab", "reason")}
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
    try:
        return JudgeAnswer.model_validate(fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "answer"
        return f"cannot read {where}: {err['msg']}"[:200]


class LLMIdentityJudge:
    """An IdentityJudge backed by a judge model (temperature and model are the caller's config)."""

    def __init__(
        self,
        completer: Completer,
        card: IdentityCard,
        *,
        strict_labs: tuple[str, ...] = DEFAULT_STRICT_LABS,
        name: str = "model-name",
        max_retries: int = 1,
        cards: Mapping[str, IdentityCard] | Sequence[IdentityCard] | None = None,
        max_response_chars: int = 8000,
        hard_rule: HardRule = "alias",
    ) -> None:
        self.completer = completer
        self.card = card
        self.policy = Policy(strict_labs, hard_rule)
        self.strict_labs = self.policy.strict_labs
        if cards is None:
            self.cards: dict[str, IdentityCard] | None = None
        else:
            self.cards = dict(cards) if isinstance(cards, Mapping) else {c.id: c for c in cards}
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

    def claims(self, answer: JudgeAnswer) -> list[Claim] | str:
        """The judge's answer as claims for `verdict.decide`, or why it contradicts itself."""
        labs = [lab for lab in (self.normalise_lab(p) for p in answer.claimed) if lab is not None]
        if answer.loose:
            strict = self.normalise_lab(answer.strict_lab)
            labs += [strict] if strict not in (None, "none", "self") else []
        if answer.loose and not labs:
            return "loose is yes but no claimed identity given"
        out: list[Claim] = []
        for lab in dict.fromkeys(labs):
            if lab == "self":
                out.append(Claim("entity", self.card.id, answer.reason))
            elif not answer.loose or lab == "none":
                continue  # "no conflict": a lab it names is a mention, not a claim about "I"
            elif lab in ("fictional", "other"):
                out.append(Claim("judge", lab, answer.reason))
            else:
                out.append(Claim("entity", lab, answer.reason))
        if answer.loose and all(c.target == self.card.id for c in out):
            if out:
                return "loose is yes but the only identity claimed is the model's own"
            out.append(Claim("judge", "other", answer.reason))  # a conflict with no developer named
        return out

    def verdict(self, answer: JudgeAnswer, item: JudgeItem, raw: str, attempts: int) -> Verdict | str:
        """The verdict `decide` gives the answer's claims, or why the answer is unusable."""
        claims = self.claims(answer)
        if isinstance(claims, str):
            return claims
        v = decide(claims, self.card, item.prompt, self.policy, self.cards, judge=self.name)
        v.reason = answer.reason or v.reason
        v.extra = {
            "raw": raw,
            "attempts": attempts,
            "judge_loose": answer.loose,
            "claimed_raw": answer.claimed,
            "strict_lab": self.normalise_lab(answer.strict_lab),
        }
        return v

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
                empty = decide([], self.card, item.prompt, self.policy, self.cards, judge=self.name)
                empty.reason, empty.extra = "empty response", {"attempts": 0}
                results[i] = empty
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
                answer = read_answer(out.text)
                done = (
                    answer
                    if isinstance(answer, str)
                    else self.verdict(answer, items[i], out.text or "", attempt)
                )
                if isinstance(done, Verdict):
                    results[i] = done
                    continue
                results[i] = self.unscored(f"unparseable judge answer: {done}", out.text, attempt)
                conversations[i] = [
                    *conversations[i],
                    {"role": "assistant", "content": out.text or ""},
                    {"role": "user", "content": self.prompts["reminder"].strip()},
                ]
                retry.append(i)
            pending = retry
        return [r if r is not None else self.unscored("not judged", None, 0) for r in results]
