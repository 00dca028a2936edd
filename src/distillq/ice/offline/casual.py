"""Casual chat answers: lab names spelt the way chat spells them, read as their exact spelling.

Why: chat writes "googel", "antropic", "chat gpt", "gpt4", "im", "俺" where a full answer writes the
exact name and "I" (DEFINITIONS.md: another lab as the maker or self of "I"). `respelt` rewrites those
spellings (lexicon/casual.yaml) to the exact ones and the judge reads the rewritten answer instead: a
chat spelling then claims exactly what its exact spelling would, and no more. The judge asks it only of
an answer with one of `GATE`'s tokens (or, not ASCII, a "俺" or a lower-case "i"): one set test for most.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from distillq.ice.offline.lexicon import alternation
from distillq.ice.offline.scan import Scan
from distillq.packagedata import load_yaml

DATA = load_yaml("distillq.ice.offline", "lexicon/casual.yaml", ("version", "respellings"))
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def words(key: str) -> tuple[str, ...]:
    return tuple(str(w) for w in DATA[key])


def alt_hyphen(words: Iterable[str]) -> str:
    """An alternation whose inner spaces also match a hyphen (`lexicon.alternation` takes `\\s+`)."""
    return alternation(words).replace(r"\s+", r"[\s\-]+")


# chat spelling (lower case, single spaces) -> exact spelling
_RESPELL: dict[str, str] = {
    " ".join(str(v).lower().replace("-", " ").split()): str(k)
    for k, vs in DATA["respellings"].items()
    for v in vs
}
_RESPELL_RX = re.compile(r"(?i)(?<![A-Za-z0-9])" + alt_hyphen(_RESPELL) + r"(?![A-Za-z0-9])")


# each chat spelling's longest token, and the lower-case forms that hold it (as listed, with a hyphen for
# a space; not the exact spelling's own): an answer without such a token and form holds no chat spelling
def _forms() -> dict[str, tuple[tuple[str, int], ...]]:
    """Per gate token, its chat spellings' forms, each with where the token stands in it."""
    by: dict[str, set[str]] = {}
    for spelt, exact in sorted(_RESPELL.items(), key=lambda e: len(_TOKEN.findall(e[0]))):
        toks = _TOKEN.findall(spelt)  # (a token another spelling gates on, else the longest: few gates)
        forms = by.setdefault(next((t for t in toks if t in by), max(toks, key=len)), set())
        forms |= {spelt, spelt.replace(" ", "-")} - {exact.lower()}
    return {tok: tuple((f, f.index(tok)) for f in sorted(forms)) for tok, forms in by.items()}


_FORMS = _forms()
RESPELL_TOKENS = frozenset(_FORMS)
_LOWER_NAMES = {n.lower(): n for n in words("lower_case_names")}
_LOWER_RX = re.compile(r"(?<![A-Za-z0-9])" + alternation(_LOWER_NAMES) + r"(?![A-Za-z])")
_LOWER_TOKENS = frozenset(_LOWER_NAMES)
_SELF = {str(k): str(v) for k, v in DATA["self_forms"].items()}
_SELF_RX = re.compile(r"(?i)(?<![\w'’\-])" + alternation(_SELF) + r"(?=\s+\w)")
_SELF_ZH: dict[str, str] = {str(k): str(v) for k, v in DATA["self_forms_zh"].items()}
# a lower-case "i" as the pronoun (as `stated.capital_i` reads it, here in a text with other scripts)
_LOWER_I = re.compile(r"(?<![\w'’\-./])i(?=['’](?:m|ve|ll|d)\b|\s+[a-z])")


def _lower_case(s: Scan) -> bool:
    """Whether the answer is written in lower case (a capital "I" aside: `stated.capital_i` sets it)."""
    return s.word_low == (s.text.replace("I", "i") if "I" in s.text else s.text)


# the tokens of `may_respell`'s gates, in one set: most answers hold none (one set test)
GATE = RESPELL_TOKENS | frozenset(_SELF) | _LOWER_TOKENS


def may_respell(s: Scan) -> bool:
    """Whether the scanned answer may hold a chat spelling (exact gate of `respelt`'s changes; the judge
    asks it of an answer with a `GATE` token or, not ASCII, any answer)."""
    toks = s.toks
    if not toks.isdisjoint(RESPELL_TOKENS):
        low = s.word_low
        for tok in toks & RESPELL_TOKENS:
            # each place of the token (one scan), each form tried there: not a scan per form
            forms = _FORMS[tok]
            i = low.find(tok)
            while i >= 0:
                for form, at in forms:
                    if i >= at and low.startswith(form, i - at):
                        return True
                i = low.find(tok, i + 1)
    if not toks.isdisjoint(_SELF):
        return True
    if not toks.isdisjoint(_LOWER_TOKENS) and _lower_case(s):
        return True
    return not s.ascii and may_respell_zh(s)


def may_respell_zh(s: Scan) -> bool:
    """`may_respell` of a non-ASCII answer without a `GATE` token: a casual "俺", a lower-case "i"."""
    return any(z in s.text for z in _SELF_ZH) or ("i" in s.toks and "I" not in s.text)


def _exact(m: re.Match[str]) -> str:
    """The exact spelling of a matched chat spelling (the match itself where it differs only in case)."""
    exact = _RESPELL[" ".join(m[0].lower().replace("-", " ").split())]
    return m[0] if m[0].lower() == exact.lower() else exact


def respelt(text: str, lower_only: bool) -> str:
    """`text` with its chat spellings written exactly (`lower_only`: the text has no capital letter, so
    that a capital-only name written in lower case is read as that name)."""
    out = _RESPELL_RX.sub(_exact, text)
    out = _SELF_RX.sub(lambda m: _SELF[m[0].lower()], out)
    if lower_only and _LOWER_NAMES:
        out = _LOWER_RX.sub(lambda m: _LOWER_NAMES[m[0]], out)
    for casual, plain in _SELF_ZH.items():
        if casual in out:
            out = out.replace(casual, plain)
    if not out.isascii() and "I" not in out:
        out = _LOWER_I.sub("I", out)
    return out


def respelt_scan(s: Scan) -> Scan:
    """The scan of the answer as exactly spelt (the same scan where nothing changes)."""
    if not may_respell(s):
        return s
    text = respelt(s.text, _lower_case(s))
    return s if text == s.text else s.rescan(text)


def casual_scan(s: Scan) -> Scan:
    """The judge's one entry: an answer with no `GATE` token that is ASCII, or has no casual Chinese self
    form or lower-case "i", comes back as it is after one set test; the rest go through `respelt_scan`."""
    if s.toks.isdisjoint(GATE) and (s.ascii or not may_respell_zh(s)):
        return s
    return respelt_scan(s)
