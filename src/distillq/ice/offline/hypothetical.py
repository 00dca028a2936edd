"""Hypothetical and counterfactual sentences, which state nothing about the model (`Scan.usable`).

Why: "If I were ChatGPT ...", "If I had been built by OpenAI, I would ...", "Had Anthropic trained me,
..." and "假如我是由OpenAI开发的，……" speak of a maker the model does not have; a claim read there would
be no claim. Split from patterns.py (which re-exports these names) for size.
"""

from __future__ import annotations

import re

from distillq.ice.offline.lexicon import EN, ZH, alternation

# Counterfactuals about the maker of "I" (lower case; the same under `(?i)`): "if I had been / I'd been",
# "if X had built me", and at a clause's start "had I been", "had X trained me" (a "had" after a word is
# a plain past: "Meta had engineers who built me" keeps its claim; so does "I was built by X, so if you").
# Grouped behind their opening letters "if" and "h" (see HYPOTHETICAL_ASCII): one try at each "i" / "h".
_CF_VERB = EN.alt("maker_verbs")
_IF_EN = (
    r"(?:i|we) (?:were|was)\b|(?:i|we)(?: had|'d|’d) been\b|(?:[\w.\-]+ ){1,4}?had "
    + _CF_VERB
    + r" (?:me|us)\b"
)
_H_EN = (
    r"ypothetical(?:ly)?\b|(?<!\w\sh)ad (?:(?:i|we) been\b|(?:(?!that |who |which )[\w.\-]+ ){1,4}?"
    + _CF_VERB
    + r" (?:me|us)\b)"
)
# "假如我是由X开发的", "要是我由X训练", "如果是X开发了我" (not "如果你问我谁开发了我": a question put to it).
_IFS_ZH = ZH["counterfactual_ifs"]
_ZH_VERB = ZH.alt("maker_verbs")
_HYP_ZH = (
    alternation(_IFS_ZH)
    + r"(?:我(?:是|(?:由(?!于)|被)[^，。！？\n]{1,20}?"
    + _ZH_VERB
    + r")|是?[^，。！？\n你您谁]{1,20}?"
    + _ZH_VERB
    + r"了我)|假装"
)
HYPOTHETICAL_ZH_RX = re.compile(_HYP_ZH)
# What the Chinese shapes need (exact): an opener right before "我", "假装", or an opener and "了我"; by
# first character ("如", "假", ...), which `in` finds with a `memchr`-like scan (most answers lack them).
HYPOTHETICAL_ZH = (*(w + "我" for w in _IFS_ZH), "假装")
_BY_FIRST = tuple(
    (c, tuple(w for w in HYPOTHETICAL_ZH if w[0] == c), tuple(w for w in _IFS_ZH if w[0] == c))
    for c in dict.fromkeys(w[0] for w in HYPOTHETICAL_ZH)
)


def may_hold_zh(text: str) -> bool:
    """Whether `text` holds what a Chinese shape needs (loops, no generators: it runs per answer)."""
    le_wo = "了" in text and "了我" in text
    for c, needs, ifs in _BY_FIRST:
        if c in text:
            for w in needs:
                if w in text:
                    return True
            if le_wo:
                for w in ifs:
                    if w in text:
                        return True
    return False


HYPOTHETICAL = re.compile(
    r"(?i)\bif (?:"
    + _IF_EN
    + r")|\bh(?<!\wh)(?:"
    + _H_EN
    + r")|\bwould say\b|\bpretend(?:ing)? to be\b|"
    + _HYP_ZH
)
# The same test for ASCII text, searched in its lower-cased form: every alternative starts with a
# literal and its leading word boundary is checked after the first letter ("i(?<!\wi)f" is "\bif"),
# so `re` skips ahead; the `(?i)` form tried every position (3-4x slower on the answers).
HYPOTHETICAL_ASCII = re.compile(
    r"i(?<!\wi)f (?:"
    + _IF_EN
    + r")|h(?<!\wh)(?:"
    + _H_EN
    + r")|w(?<!\ww)ould say\b|p(?<!\wp)retend(?:ing)? to be\b"
)
# Its finer gate for ASCII answers: per English shape, the words (any of each set) it needs.
HYPOTHETICAL_WORDS: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(alts.split()) for alts in shape)
    for shape in (
        ("if", "i we", "were was"),
        ("hypothetical hypothetically",),
        ("would", "say"),
        ("pretend pretending", "to", "be"),
        # the counterfactuals, their rarer words first ("been" is common: "I have been trained"):
        ("if had", "been", "i we"),  # "if I had been", "if I'd been", "had I been"
        ("had", " ".join(EN.gate("maker_verbs")), "me us"),  # "if X had built me", "had X built me"
    )
)
