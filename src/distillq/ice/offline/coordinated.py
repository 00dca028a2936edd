"""Invented makers of "me" after two coordinated verbs (looseA): "my platform is being supported and
optimized by a rogue collective called X", "my stack was developed and is maintained by the minds at X".

Why: the `developer` patterns (fiction.py) allow at most two words between the maker verb and "by", and
only maker verbs; a second verb with its own auxiliary ("developed and are maintained by") or a pair of
keeping verbs ("supported and optimized by") left the invented maker of "my" platform unread. DEFINITIONS.md
counts a maker who develops, maintains, or supports and optimises the answer's own platform; "supported"
alone is a partner or a funder and is never enough. Only invented makers (a name, or a mark such as
"secret" or "rogue") are claimed here: a known lab is left to the entity extractors, so nothing here can
make a verdict strict, and a generic "team of engineers" gives nothing.

Found from the literal " and " (so `re` skips ahead), the subject checked in the text just before it.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.rules import boundary_ok, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_VERBS = EN.alt("maker_verbs", EN["coordinated_verbs"])
_BE = r"(?:am|is|are|was|were|has been|have been|had been)"
# the second verb and its object: " and (are) (being) (constantly) maintained by X"
_AND = re.compile(
    r" and (?:" + _BE + r" )?(?:being )?(?:\w+ly )?(?P<v2>" + _VERBS + r") (?:\w++ ){0,2}?by\s+" + F._OBJ
)
# the subject and the first verb, ending right before " and": "my platform is being (continuously) supported"
_HEAD = re.compile(
    r"(?:\b[Mm]y (?:[\w\-]++ ){0,5}?" + _BE + r"|\bI(?: am|'m|’m| was| have been|'ve been)) "
    r"(?:being )?(?:\w+ly )?(?P<v1>" + _VERBS + r")$"
)
_LOOK_BACK = 80
# the answer's words one of which every match holds (the gate: most answers have none)
TRIGGERS = frozenset(w.lower() for w in EN["coordinated_verbs"]) | frozenset(
    w.lower() for w in EN["maker_verbs"] if " " not in w
)


def coordinated(s: Scan) -> list[Claim]:
    """Invented makers of "me"/"my <thing>" after two coordinated maker or keeping verbs (see above)."""
    text, toks = s.text, s.toks
    if "by" not in toks or "and" not in toks or toks.isdisjoint(TRIGGERS):
        return []
    out: list[Claim] = []
    for m in _AND.finditer(text):
        head = _HEAD.search(text, max(0, m.start() - _LOOK_BACK), m.start())
        if head is None or not boundary_ok(text, head.start()):
            continue
        verbs = {head["v1"].lower(), m["v2"].lower()}
        if verbs <= {"supported"}:
            continue  # support alone: a partner or a funder, not a maker
        obj = m["dev"]
        if s.lex.is_known(obj) or IT.cut_short(text, m.end(), s.lex.entity.find):
            continue  # a known lab is the entity extractors' (never strict from here)
        s0, sent = s.sentence_of(head.start())
        if not s.usable(sent) or P.NEG_BEFORE.search(text[max(s0, head.start() - 12) : head.start() + 12]):
            continue
        if (home := IT.country_maker(s.lex.place.search, obj)) is not None:
            out.append(Claim("place", home, sent.strip(), s.label_at(head.start())))
        elif is_named(obj) or F.FICTION_MARK.search(obj):
            out.append(Claim("developer", "fictional", sent.strip(), s.label_at(head.start())))
    return out


def with_coordinated(s: Scan, found: list[Claim]) -> list[Claim]:
    """`found` (the `developer` claims) and the coordinated ones of sentences it does not already hold."""
    more = coordinated(s)
    if not more:
        return found
    have = {c.sentence for c in found}
    return found + [c for c in more if c.sentence not in have]
