"""Template mutators for the ICE fuzzer: five helper-LLM operators plus rule fallbacks.

The helper operators are GPTFuzz's (crossover, expand, generate-similar, shorten, rephrase),
with prompts of our own in `data/mutator_prompts.yaml`. Unlike the paper's released code, a
mutant is only accepted when it still holds the `{query}` slot (otherwise the question would be
pasted after an unrelated text), and Expand really prepends sentences to the kept original.
A rejected rewrite is retried once with another helper operator, then a rule mutator takes
over; every attempt is recorded so the run log shows what happened.

A re-selected template asks the helper again with a new sample index (the attempt number is
part of the request, so of its cache key): a fresh answer, not the cached one. A re-run of the
same command makes the same requests in the same order, so it is served from the cache.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from distillq.core.types import ChatRequest, Completer
from distillq.ice.rule_mutators import (
    QUERY,
    RULES,
    ensure_query,
    load_mutator_data,
    normalise_template,
    rule_mutate,
    template_problem,
)
from distillq.ice.types import Template

HELPER_MUTATORS: tuple[str, ...] = ("crossover", "expand", "generate_similar", "shorten", "rephrase")
RULE_MUTATORS: tuple[str, ...] = tuple(RULES)
MIN_EXPAND_WORDS = 3  # expand must add sentences, not a stray word such as "and"


@dataclass
class MutationAttempt:
    """One try at producing a mutant: which operator, and why it was refused if it was."""

    mutator: str
    ok: bool
    reason: str = ""


@dataclass
class Mutant:
    """An accepted mutant's text with its lineage and the attempts it took."""

    text: str
    mutator: str
    parents: tuple[str, ...]
    attempts: list[MutationAttempt] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        """True when a rule mutator stepped in after the helper failed."""
        return self.mutator in RULES and any(a.mutator in HELPER_MUTATORS for a in self.attempts)


_SLOT_VARIANTS = re.compile(r"\{\{?\s*query\s*\}\}?|\[\s*INSERT PROMPT HERE\s*\]", re.IGNORECASE)
_FENCE = re.compile(r"^```[\w-]*\s*\n?|\n?```\s*$")


def normalise_query_slot(text: str) -> str:
    """Map near-misses a helper writes (`{ Query }`, `{{query}}`, `[INSERT PROMPT HERE]`) to `{query}`."""
    return _SLOT_VARIANTS.sub(QUERY, text)


def extract_tagged(answer: str | None, tag: str = "template") -> str | None:
    """The text between <tag> and </tag>, tolerant of a missing closing tag and of extra prose.

    Without any tag, the whole answer is used minus code fences and a short lead-in line
    ("Here is the new template:"), since small helpers often forget the tags.
    """
    if not answer or not answer.strip():
        return None
    opens = list(re.finditer(rf"<\s*{tag}\s*>", answer, re.IGNORECASE))
    if opens:
        blocks = []
        for m in opens:
            rest = answer[m.end() :]
            close = re.search(rf"<\s*/\s*{tag}\s*>", rest, re.IGNORECASE)
            blocks.append(rest[: close.start()] if close else rest)
        # Prefer the first block that kept the slot; helpers sometimes echo the input first.
        chosen = next((b for b in blocks if QUERY in normalise_query_slot(b)), blocks[0])
        text = chosen
    else:
        text = answer
        lines = text.strip().splitlines()
        if len(lines) > 1 and lines[0].rstrip().endswith(":") and len(lines[0]) < 120:
            text = "\n".join(lines[1:])
    text = _FENCE.sub("", text.strip()).strip()
    return text or None


def reject_reason(
    text: str | None, parent_text: str, avoid: set[str] | None = None, instruction: str | None = None
) -> str | None:
    """Why a candidate mutant is unusable (a short reason key), or None when it is fine.

    avoid: normalised texts (`normalise_template`) of the templates already in the tree.
    instruction: the helper request; a mutant that repeats a line of it is an echo.
    """
    problem = template_problem(text)
    if problem is not None or text is None:
        return problem or "empty"
    norm = normalise_template(text)
    if norm == normalise_template(parent_text):
        return "same as parent"
    if avoid is not None and norm in avoid:
        return "duplicate"
    if instruction is not None and _echoes(text, instruction, parent_text):
        return "echo of the instruction"
    return None


def _echoes(text: str, instruction: str, parent_text: str) -> bool:
    """True when the mutant carries a line of our instruction that is not part of the parent."""
    parent = normalise_template(parent_text)
    body = normalise_template(text)
    for line in instruction.splitlines():
        n = normalise_template(line)
        if len(n) >= 24 and n in body and n not in parent:
            return True
    return False


def _fill(text: str, **marks: str) -> str:
    pattern = re.compile(r"\[\[(" + "|".join(marks) + r")\]\]")
    return pattern.sub(lambda m: marks[m.group(1)], text)


def build_helper_prompt(
    mutator: str,
    template: str,
    other: str | None = None,
    *,
    reminder: bool = False,
    data: dict[str, Any] | None = None,
) -> str:
    """The full instruction sent to the helper for one mutation."""
    d = data or load_mutator_data()
    body = _fill(d["helper"][mutator].rstrip(), TEMPLATE=template, OTHER=other or "")
    parts = [d["preamble"].strip(), body]
    if mutator != "expand":
        parts.append(d["output"].strip())
    if reminder:
        parts.append(d["reminder"].strip())
    return "\n\n".join(parts)


def _candidate(mutator: str, answer: str | None, parent_text: str) -> tuple[str | None, str | None]:
    """Turn a helper answer into (mutant text, None) or (None, reason)."""
    if mutator == "expand":
        # Expand asks only for the new sentences; we prepend them, so the original survives intact.
        sentences = extract_tagged(answer, "sentences") or extract_tagged(answer, "template")
        if sentences is None:
            return None, "no text"
        sentences = normalise_query_slot(sentences)
        if parent_text.strip() in sentences:
            return sentences, None
        if QUERY in sentences:
            return None, "expand rewrote the template"
        if len(re.findall(r"\w+", sentences)) < MIN_EXPAND_WORDS:
            return None, "expand added too little"
        return f"{sentences}\n{parent_text}", None
    text = extract_tagged(answer, "template")
    if text is None:
        return None, "no text"
    return normalise_query_slot(text), None


@dataclass
class _Job:
    parent: Template
    other: Template | None
    mutator: str
    attempts: list[MutationAttempt] = field(default_factory=list)
    result: str | None = None


class TemplateMutator:
    """Produces mutants of a template, with a helper LLM when given one, else by rules.

    Deterministic given the seed and the helper's answers (operator choice, crossover partner
    and rule choices all come from one seeded RNG). `attempted` and `rejected` (by reason)
    count every candidate mutant over the mutator's life, rule fallbacks included.
    """

    def __init__(
        self,
        helper: Completer | None = None,
        *,
        seed: int = 0,
        mutators: Sequence[str] | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.helper = helper
        self.rng = random.Random(seed)
        self.data = data or load_mutator_data()
        allowed = HELPER_MUTATORS if helper is not None else RULE_MUTATORS
        self.mutators = tuple(mutators) if mutators else allowed
        unknown = [m for m in self.mutators if m not in allowed]
        if unknown:
            raise ValueError(f"unknown mutators {unknown}; choose from {list(allowed)}")
        self.attempted = 0
        self.rejected: Counter[str] = Counter()
        self._asked: Counter[str] = Counter()  # helper prompt digest -> times asked (sample index)

    def _pick(self, exclude: set[str], pool_size: int) -> str | None:
        names = [m for m in self.mutators if m not in exclude]
        if pool_size < 2:
            names = [m for m in names if m != "crossover"]
        return self.rng.choice(names) if names else None

    async def mutate(
        self,
        parent: Template,
        pool: Sequence[Template],
        n: int = 1,
        *,
        avoid: set[str] | None = None,
    ) -> list[Mutant]:
        """Return up to `n` accepted mutants of `parent` (fewer only if every fallback fails).

        avoid: texts already in the tree (compared after `normalise_template`).
        """
        return (await self.mutate_many([parent], pool, n, avoid=avoid))[0]

    async def mutate_many(
        self,
        parents: Sequence[Template],
        pool: Sequence[Template],
        n: int = 1,
        *,
        avoid: set[str] | None = None,
    ) -> list[list[Mutant]]:
        """Up to `n` mutants of each parent, the helper asked once for all of them.

        Why one call: a wave of parallel fuzzer iterations then waits for one helper round trip,
        not one per parent. Draws happen in parent order, so results do not depend on timing, and
        one parent alone gives exactly what `mutate` always gave. Mutants are distinct across the wave.
        """
        seen = {normalise_template(t) for t in (avoid or ())}
        if self.helper is None:
            return [self._rules_only(parent, n, seen) for parent in parents]
        jobs: list[list[_Job]] = []
        for parent in parents:
            mine = []
            for _ in range(n):
                mutator = self._pick(set(), len(pool))
                if mutator is None:  # only crossover allowed and no partner: rules take over
                    mine.append(_Job(parent, None, "none"))
                    continue
                mine.append(_Job(parent, self._partner(parent, pool, mutator), mutator))
            jobs.append(mine)
        flat = [j for mine in jobs for j in mine]
        await self._run_helper([j for j in flat if j.mutator != "none"], seen, reminder=False)
        retry = []
        for j in flat:
            if j.result is None and j.mutator != "none":
                tried = {a.mutator for a in j.attempts}
                nxt = self._pick(tried, len(pool))
                if nxt is not None:
                    j.mutator, j.other = nxt, self._partner(j.parent, pool, nxt)
                    retry.append(j)
        await self._run_helper(retry, seen, reminder=True)
        return [self._finish(parent, mine, seen) for parent, mine in zip(parents, jobs, strict=True)]

    def _finish(self, parent: Template, jobs: list[_Job], seen: set[str]) -> list[Mutant]:
        """The accepted mutants of one parent; a job the helper could not serve falls back to rules."""
        out: list[Mutant] = []
        for j in jobs:
            if j.result is None:
                ruled = self._rule(parent.text, set(), seen)
                if ruled is None:
                    j.attempts.append(MutationAttempt("rules", False, "no rule could change the template"))
                    continue
                j.mutator, j.result = ruled[0], ruled[1]
                j.attempts.append(MutationAttempt(j.mutator, True))
                j.other = None
            seen.add(normalise_template(j.result))
            parents = (parent.id,) if j.other is None else (parent.id, j.other.id)
            out.append(Mutant(j.result, j.mutator, parents, j.attempts))
        return out

    def _partner(self, parent: Template, pool: Sequence[Template], mutator: str) -> Template | None:
        if mutator != "crossover":
            return None
        others = [t for t in pool if t.id != parent.id]
        return self.rng.choice(others) if others else None

    def _sample_index(self, prompt: str) -> int:
        """How often this exact request was made before in this run: its sample index."""
        key = hashlib.sha256(prompt.encode()).hexdigest()
        k = self._asked[key]
        self._asked[key] += 1
        return k

    async def _run_helper(self, jobs: list[_Job], seen: set[str], *, reminder: bool) -> None:
        if not jobs or self.helper is None:
            return
        requests = []
        prompts = []
        for j in jobs:
            prompt = build_helper_prompt(
                j.mutator,
                ensure_query(j.parent.text),
                ensure_query(j.other.text) if j.other else None,
                reminder=reminder,
                data=self.data,
            )
            prompts.append(prompt)
            sample = self._sample_index(prompt)
            requests.append(ChatRequest.from_prompt(prompt, sample=sample, id=f"mutate:{j.mutator}:{sample}"))
        outputs = await self.helper(requests)
        for j, prompt, output in zip(jobs, prompts, outputs, strict=True):
            self.attempted += 1
            if output.error is not None:
                self.rejected["helper error"] += 1
                j.attempts.append(MutationAttempt(j.mutator, False, f"helper error: {output.error}"))
                continue
            parent_text = ensure_query(j.parent.text)
            text, why = _candidate(j.mutator, output.text, parent_text)
            # the instruction minus the templates it quotes: what an echoing helper would repeat
            instruction = prompt.replace(parent_text, "")
            if j.other is not None:
                instruction = instruction.replace(ensure_query(j.other.text), "")
            why = why or reject_reason(text, j.parent.text, seen, instruction)
            if why is None and text is not None:
                j.result = text
                seen.add(normalise_template(text))
                j.attempts.append(MutationAttempt(j.mutator, True))
            else:
                self.rejected[why or "rejected"] += 1
                j.attempts.append(MutationAttempt(j.mutator, False, why or "rejected"))

    def _rule(self, text: str, exclude: set[str], seen: set[str]) -> tuple[str, str] | None:
        before = sum(self.rejected.values())
        ruled = rule_mutate(text, self.rng, exclude=exclude, avoid=seen, rejected=self.rejected)
        tried = sum(self.rejected.values()) - before
        if ruled is None and tried == 0:
            self.rejected["no rule applies"] += 1
            tried = 1
        self.attempted += tried + (ruled is not None)
        return ruled

    def _rules_only(self, parent: Template, n: int, seen: set[str]) -> list[Mutant]:
        out = []
        exclude = set(RULE_MUTATORS) - set(self.mutators)
        for _ in range(n):
            ruled = self._rule(parent.text, exclude, seen)
            if ruled is None:
                continue
            seen.add(normalise_template(ruled[1]))
            out.append(Mutant(ruled[1], ruled[0], (parent.id,), [MutationAttempt(ruled[0], True)]))
        return out
