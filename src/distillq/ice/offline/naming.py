"""Does a phrase name someone: the naming half of the offline judge's shared rules (rules.py holds the
other, whether a name is said of "I"; split for size, re-exported there).
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F


def boundary_ok(text: str, pos: int) -> bool:
    """A Latin-word match must not start inside a word ("AI was" is not "I was")."""
    return pos == 0 or not (text[pos - 1].isascii() and text[pos - 1].isalnum())


def is_named(obj: str) -> bool:
    """Whether a developer phrase names someone ("Nexus Labs", "“星辰智能”"), not just describes."""
    obj = obj.strip()
    if F.PREDICATE.match(obj) or F.ASKED.match(obj) or PLACEHOLDER.match(obj):
        return False  # "located in China", "composed of experts", "[Company Name]": a description or
        # a slot of a template for the user to fill, not a developer
    if F.CJK.search(obj):
        return not F.GENERIC_ZH.match(obj) and F.NAMED_ZH.search(obj) is not None
    if F.GENERIC_DEV.match(obj) and not F.NAMED_EN.search(obj[1:]):
        return False
    return any(m.group(0) not in NOT_NAMES for m in F.NAMED_EN.finditer(obj))


PLACEHOLDER = re.compile(r"[\[{<][^\]}>]{1,40}[\]}>]")  # "[Student's name]", "{company}", "<Your Name>"
NOT_NAMES = frozenset({"The", "A", "An", "AI", "My", "Our", "I", "It", "This", "They", "We"})


def ai_named(sent: str, pos: int) -> bool:
    """Whether the words right after a claimed name describe an AI ("I am Nova, a rogue AI")."""
    return F.AI_DESCRIPTOR.search(sent, pos, pos + 40) is not None


def names_maker(obj: str, memo: dict[str, bool] | None = None) -> bool:
    """Whether a maker phrase names someone or marks an invented maker ("Nexus Labs", "a secret
    collective"): the developer extractors' test of an object they read, pure in it.

    `memo`: the judge's (`names.Lexicon.makers`), where it is remembered: invented makers and generic
    phrases recur across answers ("a team of researchers", a persona's lab)."""
    if memo is None:
        return is_named(obj) or F.FICTION_MARK.search(obj)
    hit = memo.get(obj)
    if hit is None:
        if len(memo) >= 20_000:
            memo.clear()
        hit = memo[obj] = is_named(obj) or F.FICTION_MARK.search(obj)
    return hit
