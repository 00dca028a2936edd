"""Literal-first forms of hot patterns: the same matches, found faster.

`re` skips ahead through text only when a pattern opens with a literal or a character class; a
pattern that opens with a look-behind (`(?<![A-Za-z])I`) or a case-insensitive word is tried at
every position. Each form here opens with the class of its possible first characters and checks
the original look-behind after that character, so `re` jumps from candidate to candidate. Every
form is tested against its plain definition (tests/unit/test_ice_offline_gates4.py).
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN

# A character whose `(?i)` fold set is more than its two ASCII cases ("i": "İ", "ı"; "s": "ſ"; "k": the
# Kelvin sign): a leading class of its two cases would miss a match.
_ODD_FOLDS = frozenset("iks")

# The first person of `patterns.FIRST_EN`: each word is one of these; the first character and what may follow it.
_PRONOUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I", ("", "'m", "’m", "'ve")),
    ("Mm", ("e", "y", "yself")),
    ("Ww", ("e",)),
    ("Oo", ("ur",)),
    ("Uu", ("s",)),
)
_NOT_WORD = "[A-Za-z'’]"


def _pronoun_source() -> tuple[str, str]:
    """(plain, literal-first) sources of the first-person words, the plain one as `FIRST_EN` spells them."""
    plain = "|".join(f"[{c}]{r}" if len(c) > 1 else c + r for c, rests in _PRONOUNS for r in rests)
    branches = "|".join(f"(?<=[{c}])(?:{'|'.join(re.escape(r) for r in rests)})" for c, rests in _PRONOUNS)
    first = "".join(c for c, _ in _PRONOUNS)
    return (
        f"(?<!{_NOT_WORD})(?:{plain})(?!{_NOT_WORD})",
        f"[{first}](?<!{_NOT_WORD}.)(?:{branches})(?!{_NOT_WORD})",
    )


def _self_noun_source(words: tuple[str, ...]) -> tuple[str, str | None]:
    """(plain, literal-first) sources of `(?i:\\b<self nouns>\\b)` ("this model"); the second is None when
    a word does not open with an ASCII letter of two plain cases (then only the plain one is exact)."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))  # the order of `lexicon.alternation`
    esc = [re.escape(w).replace(r"\ ", r"\s+") for w in parts]
    plain = r"(?i:\b(?:" + "|".join(esc) + r")\b)"
    firsts: dict[str, list[str]] = {}
    for w, e in zip(parts, esc, strict=True):
        c = w[:1].lower()
        if not (c.isascii() and c.isalpha()) or c in _ODD_FOLDS or e[:1] != w[:1]:
            return plain, None
        firsts.setdefault(c, []).append(e[1:])  # (in order: within one first letter the order is kept)
    cls = "".join(c + c.upper() for c in firsts)
    branches = "|".join(f"(?<=[{c}{c.upper()}])(?i:{'|'.join(rests)})" for c, rests in firsts.items())
    return plain, f"[{cls}](?<!\\w.)(?:{branches})\\b"


def first_person_pattern(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(plain, literal-first) first-person patterns: a first-person word, or a self noun (`words`)."""
    pron_plain, pron_fast = _pronoun_source()
    noun_plain, noun_fast = _self_noun_source(words)
    plain = re.compile(pron_plain + "|" + noun_plain)
    if noun_fast is None:
        return plain, plain
    # one leading class for both: the pronoun branch first, as in the plain alternation
    cls = "[" + "".join(c for c, _ in _PRONOUNS) + noun_fast[1 : noun_fast.index("]")] + "]"
    pron_rest = pron_fast[pron_fast.index("]") + 1 :]
    noun_rest = noun_fast[noun_fast.index("]") + 1 :]
    return plain, re.compile(f"{cls}(?:{pron_rest}|{noun_rest})")


FIRST_EN_PLAIN, FIRST_EN = first_person_pattern(EN["self_nouns"])


def by_first(branches: list[tuple[str, str]]) -> str:
    """Literal-first source of an alternation whose branches open with known characters.

    `branches`: (the characters a branch may open with, the branch's source after that character). The
    result opens with one class of all of them, and each branch checks its own opening character with a
    look-behind, in the branches' order; so it matches what `(?:[c1]rest1|[c2]rest2|...)` matches, and
    `re` scans for the class instead of trying every position.
    """
    cls = "".join(dict.fromkeys(c for chars, _ in branches for c in chars))
    alts = "|".join(f"(?<=[{chars}]){rest}" for chars, rest in branches)
    return f"[{cls}](?:{alts})"
