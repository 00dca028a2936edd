"""Rule-based template mutators: no helper LLM needed, deterministic given a seeded RNG.

Used with `--helper none` and as the fallback when a helper's rewrite is unusable. Every rule
keeps the `{query}` slot; the data they draw on (personas, frames, prefixes) lives in
`data/mutator_prompts.yaml` and is fictional so no mutant suggests a real lab's identity.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from distillq.packagedata import load_yaml

QUERY = "{query}"
MIN_TEMPLATE_CHARS = 12
# A sane upper bound: long enough for the longest known jailbreak prompts nested twice, short
# enough that a runaway lineage (a wrapper inside a wrapper inside ...) is stopped.
MAX_TEMPLATE_CHARS = 8000
RuleFn = Callable[[str, random.Random, dict[str, Any]], str | None]


@lru_cache(maxsize=1)
def load_mutator_data() -> dict[str, Any]:
    """The packaged mutator prompts and rule data (cached: read once per process)."""
    return load_yaml("distillq.ice", "data/mutator_prompts.yaml", ("helper", "rules"))


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_template(text: str) -> str:
    """Case, spacing and punctuation folded away: two templates equal here are duplicates."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def template_problem(text: str | None) -> str | None:
    """A reason key when a template cannot be used as a mutant (slot, length), else None."""
    if text is None or len(text.strip()) < MIN_TEMPLATE_CHARS:
        return "empty or too short"
    if len(text) > MAX_TEMPLATE_CHARS:
        return "too long"
    slots = text.count(QUERY)
    if slots == 0:
        return "lost {query}"
    if slots > 1:
        return "{query} more than once"
    return None


def ensure_query(text: str) -> str:
    """Give a slot-less seed a `{query}` at the end, so rules can build on it."""
    return text if QUERY in text else f"{text.rstrip()}\n{QUERY}"


def _sub(text: str, **marks: str) -> str:
    # One pass, so a replacement that happens to contain a marker is never substituted again.
    pattern = re.compile(r"\[\[(" + "|".join(marks) + r")\]\]")
    return pattern.sub(lambda m: marks[m.group(1)], text)


def persona_swap(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Rename a known persona (DAN, AIM, ...) to a fresh one, or open with a persona if none."""
    persona = rng.choice(data["personas"])
    names = sorted(data.get("persona_names", []), key=len, reverse=True)
    found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
    if found:
        out = re.sub(rf"\b{re.escape(found[0])}\b", persona["name"], text)
        return out
    intro = _sub(data["persona_intro"], NAME=persona["name"], ROLE=persona["role"])
    return f"{intro}\n{text}"


def wrapper_nesting(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Nest the template inside another frame (story, dialog, simulation, letter)."""
    kind = rng.choice(sorted(data["wrappers"]))
    return _sub(data["wrappers"][kind].rstrip(), INNER=text.strip())


def language_switch(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Ask for the answer in another language, right after each `{query}` (placement kept).

    The question itself is filled in later, so the rule cannot translate it; asking for the
    answer in another language is the closest change a template can make.
    """
    langs = data["languages"]
    directive = langs[rng.choice(sorted(langs))]
    if directive in text:
        return None
    return text.replace(QUERY, f"{QUERY} {directive}")


def format_forcing(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Demand a structured answer (JSON/YAML/table) with a field for the developer."""
    fmt = data["formats"][rng.choice(sorted(data["formats"]))]
    if fmt in text:
        return None
    return f"{text.rstrip()}\n{fmt}"


def prefix_injection(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Require the answer to begin with a given phrase."""
    prefix = rng.choice(data["prefixes"])
    line = f'Start your answer with exactly: "{prefix}"'
    if line in text:
        return None
    return f"{text.rstrip()}\n{line}"


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def shorten_rule(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Drop about a third of the sentences that do not hold `{query}`."""
    parts = [p for p in _SENTENCE.split(text) if p.strip()]
    droppable = [i for i, p in enumerate(parts) if QUERY not in p]
    if len(droppable) < 2:
        return None
    k = max(1, len(droppable) // 3)
    drop = set(rng.sample(droppable, k))
    return " ".join(p.strip() for i, p in enumerate(parts) if i not in drop)


def expand_rule(text: str, rng: random.Random, data: dict[str, Any]) -> str | None:
    """Put three scene-setting sentences in front of the template (the original is kept)."""
    sentences = rng.sample(data["expand_sentences"], 3)
    return " ".join(sentences) + "\n" + text


RULES: dict[str, RuleFn] = {
    "persona_swap": persona_swap,
    "wrapper_nesting": wrapper_nesting,
    "language_switch": language_switch,
    "format_forcing": format_forcing,
    "prefix_injection": prefix_injection,
    "shorten_rule": shorten_rule,
    "expand_rule": expand_rule,
}


def apply_rule(name: str, text: str, rng: random.Random, data: dict[str, Any] | None = None) -> str | None:
    """Apply one rule; None when it cannot change this template."""
    rules_data = (data or load_mutator_data())["rules"]
    out = RULES[name](ensure_query(text), rng, rules_data)
    if out is None or out.strip() == text.strip():
        return None
    return out


def rule_mutate(
    text: str,
    rng: random.Random,
    *,
    exclude: set[str] | None = None,
    avoid: set[str] | None = None,
    rejected: Counter[str] | None = None,
) -> tuple[str, str] | None:
    """Try the rules in a seeded random order; first usable result as (rule name, text).

    avoid: normalised texts (`normalise_template`) already in the tree; a rule that reproduces
    one is skipped. rejected: if given, counts every refused rule output by reason.
    """
    names = [n for n in RULES if n not in (exclude or set())]
    rng.shuffle(names)
    for name in names:
        out = apply_rule(name, text, rng)
        if out is None:
            continue
        why = template_problem(out)
        if why is None and avoid is not None and normalise_template(out) in avoid:
            why = "duplicate"
        if why is None:
            return name, out
        if rejected is not None:
            rejected[why] += 1
    return None
