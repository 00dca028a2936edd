"""Rule-based template mutators: no helper LLM needed, deterministic given a seeded RNG.

Used with `--helper none` and as the fallback when a helper's rewrite is unusable. Every rule
keeps the `{query}` slot; the data they draw on (personas, frames, prefixes) lives in
`data/mutator_prompts.yaml` and is fictional so no mutant suggests a real lab's identity.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from distillq.packagedata import load_yaml

QUERY = "{query}"
RuleFn = Callable[[str, random.Random, dict[str, Any]], str | None]


@lru_cache(maxsize=1)
def load_mutator_data() -> dict[str, Any]:
    """The packaged mutator prompts and rule data (cached: read once per process)."""
    return load_yaml("distillq.ice", "data/mutator_prompts.yaml", ("helper", "rules"))


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
    """Apply one rule; None when it cannot change this template or would lose `{query}`."""
    rules_data = (data or load_mutator_data())["rules"]
    out = RULES[name](ensure_query(text), rng, rules_data)
    if out is None or QUERY not in out or out.strip() == text.strip():
        return None
    return out


def rule_mutate(
    text: str, rng: random.Random, *, exclude: set[str] | None = None, avoid: set[str] | None = None
) -> tuple[str, str] | None:
    """Try the rules in a seeded random order; first usable result as (rule name, text).

    `avoid` holds texts already in the tree: a rule that reproduces one is skipped.
    """
    names = [n for n in RULES if n not in (exclude or set())]
    rng.shuffle(names)
    for name in names:
        out = apply_rule(name, text, rng)
        if out is not None and (avoid is None or out not in avoid):
            return name, out
    return None
