"""Exact gates of the first-person test's costlier patterns (`rules.is_first_person_claim`): the "as ..."
opening before a name (`P.AS_CLAIM`) and a maker working on "me" after it (`P.WORKS_ON_ME`).

Split from rules.py (which re-exports them) to keep it short; each gate answers as the plain pattern
does, for every text (tests/unit/test_ice_offline_speedE.py, ..._speedP.py, ..._speedU.py).
"""

from __future__ import annotations

import re

from distillq.ice.offline import patterns as P


def _may_be_as(before: str, latin: bool) -> bool:
    """Exact gate of `P.AS_CLAIM` at the end of `before`: "as " (any case) opens its English shape and
    stands within its last 68 characters; "作为" opens the Chinese one. `(?i)` "s" also matches "ſ", which
    `lower()` keeps: such a text always passes."""
    if latin:  # ASCII: the English shape only, within its reach of the end
        return "as " in before[-72:].lower()
    # ("s " before lowering the text: only "s" and "S" lower to "s", only a space is a space)
    return (
        "作为" in before
        or "身为" in before
        or "ſ" in before
        or (("s " in before or "S " in before) and "as " in before.lower())
    )


# The verb stems of `P.WORKS_ON_ME`, each of which a match holds (lower-cased).
_WORK_STEMS = (
    "optimi",
    "support",
    "develop",
    "maintain",
    "buil",
    "power",
    "train",
    "shap",
    "creat",
    "birth",
    "design",
)


def _may_work(tail: str) -> bool:
    """Exact gate of `P.WORKS_ON_ME`: one of its verb stems in the lower-cased text, or a character
    `(?i)` folds otherwise than `lower()` (a regex scan tries its verbs at every position)."""
    low = tail.lower()
    return any(map(low.__contains__, _WORK_STEMS)) or not P.plain_case(tail)


def works_on_me(tail: str) -> bool:
    """`P.WORKS_ON_ME.search(tail)` as a truth test, without its lazy prefix's try of every verb at each
    of up to 141 places: in a text without `P.ODD_CASE` characters, the leftmost match of its lower-case
    literal-first form in the lower-cased text (same places and lengths: `names.LOWER_TO_ASCII`) starts
    at or before the 140th character with none of ".!?\n" before it exactly when the prefix reaches it."""
    if not _may_work(tail):
        return False
    if not P.plain_case(tail):
        return P.WORKS_ON_ME.search(tail) is not None
    m = P.WORKS_ON_ME_LOWER.search(tail.lower())
    if m is None or m.start() > 140:
        return False
    head = tail[: m.start()]
    return not ("." in head or "!" in head or "?" in head or "\n" in head)


# The farthest from the end of a text that AS_CLAIM's "as " or "作为" can start: "as ", "the ", 60
# characters and a last newline (`$`); "作为" is nearer.
_AS_REACH = 68


def as_claim_at(before: str) -> re.Match[str] | None:
    """`P.AS_CLAIM.search(before)`, searched from a little before its reach of the end only.

    Every match ends at the end (`$`) with its "as " within `_AS_REACH` of it; before that only
    whitespace and one opening character (or the text's start, `^`): so no match starts before the
    whitespace run around that point, less one character, and `search` from there (`^` matches only
    at the real start; the pattern has no look-behind) finds the same leftmost match."""
    pos = len(before) - _AS_REACH
    if pos <= 0:
        return P.AS_CLAIM.search(before)
    while pos > 0 and before[pos - 1].isspace():
        pos -= 1
    return P.AS_CLAIM.search(before, max(0, pos - 1))
