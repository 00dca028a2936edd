"""Invented makers of "me" in three sentence shapes the `developer` patterns miss (looseA):

- two coordinated verbs: "my platform is being supported and optimized by a rogue collective called X",
  "my stack was developed and is maintained by the minds at X";
- the making of "me" as a noun, given an agent: "the development of my code is a secret project managed
  by X", "my development and updates are driven by X";
- "I" with its name in apposition: "I, Nova, was created by X".

Why: the `developer` patterns (fiction.py) allow at most two words between the maker verb and "by", and
only maker verbs; a second verb with its own auxiliary ("developed and are maintained by") or a pair of
keeping verbs ("supported and optimized by") left the invented maker of "my" platform unread. DEFINITIONS.md
counts a maker who develops, maintains, or supports and optimises the answer's own platform; "supported"
alone is a partner or a funder and is never enough. Only invented makers (a name, or a mark such as
"secret" or "rogue") are claimed here: a known lab is left to the entity extractors, so nothing here can
make a verdict strict, and a generic "team of engineers" gives nothing.

Each is read only where its literal stands (`coordinated`), the subject matched in the text before it.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.naming import names_maker
from distillq.ice.offline.rules import boundary_ok
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_VERBS = EN.alt("maker_verbs", EN["coordinated_verbs"])
_BE = r"(?:am|is|are|was|were|has been|have been|had been)"
# the second verb and its object, matched at " and": " and (are) (being) (constantly) maintained by X"
_AND = re.compile(
    r" and (?:" + _BE + r" )?(?:being )?(?:\w+ly )?(?P<v2>" + _VERBS + r") (?:\w++ ){0,2}?by\s+" + F._OBJ
)
# the subject and the first verb, ending right before " and": "my platform is being (continuously) supported"
_HEAD = re.compile(
    r"(?:\b[Mm]y (?:[\w\-]++ ){0,5}?" + _BE + r"|\bI(?: am|'m|’m| was| have been|'ve been)) "
    r"(?:being )?(?:\w+ly )?(?P<v1>" + _VERBS + r")$"
)
_LOOK_BACK = 120
# the making of "me", what it is called and its agent verb, ending right before " by": "the development
# of my code is a secret project managed", "my development and updates are driven"
_MAKING = EN.alt("making_nouns")
_MAKING_HEAD = re.compile(
    r"(?:\b[Tt]he "
    + _MAKING
    + r" of (?:me|my(?: [\w\-]+){1,4}?)|\b[Mm]y "
    + _MAKING
    + r"(?: and "
    + _MAKING
    + r")?)"
    r" " + _BE + r"(?: now| currently| still| actually| largely| entirely)?"
    r" (?:(?:a |an |the )?(?:[\w\-]+ ){0,3}?" + EN.alt("effort_nouns") + r" )?" + EN.alt("agent_verbs") + r"$"
)
# Each agent verb as the text before " by " holds it, with its first word (a token wherever it stands so).
_AGENT_ENDS = tuple((" " + w, w.split()[0].lower()) for w in EN["agent_verbs"])
_BY = re.compile(r"by\s+" + F._OBJ)
# "I, Nova, was created by X": the name between commas, then the maker verb (matched at "I, ")
_APPOSED = re.compile(
    r"I, (?:the )?[A-Z][\w\-]{1,24}(?: [A-Z][\w\-]{1,24}){0,2}, (?:was|am|have been) (?:[\w\-]+ ){0,2}?"
    + EN.alt("maker_verbs")
    + r" (?:\w+ ){0,2}?by\s+"
    + F._OBJ
)
# the answer's words one of which each shape's matches hold (the gates: most answers have none)
TRIGGERS = frozenset(w.lower() for w in EN["coordinated_verbs"]) | frozenset(
    w.lower() for w in EN["maker_verbs"] if " " not in w
)
# the second verbs of the coordinated shape: the keeping verbs and "maintained" ("built and is maintained");
# two maker verbs with no auxiliary between ("designed and built by X") are the `developer` patterns' own
_SECOND = frozenset(w.lower() for w in EN["coordinated_verbs"]) | {"maintained"}
_AND_REACH = 48  # " and (has been) (being) (continuously) " before the second verb
AGENT_TRIGGERS = frozenset(w.split()[0].lower() for w in EN["agent_verbs"])
MAKING_TRIGGERS = frozenset(w.lower() for w in EN["making_nouns"])


def coordinated(s: Scan) -> list[Claim]:
    """Invented makers of "me"/"my <thing>" in the three shapes above.

    Each shape is read only where its literal stands, found with `str.find` (C speed; most answers hold
    none): a second verb the answer has (`_SECOND`, " and " just before it), an agent verb before " by ",
    "I, "; `re` then runs in that window only."""
    toks = s.toks
    if "by" not in toks:
        return []
    text = s.text
    out: list[Claim] = []
    if "and" in toks and not toks.isdisjoint(_SECOND):
        for verb in toks & _SECOND:
            for at in _found(text, " " + verb + " "):
                if (a := text.rfind(" and ", max(0, at - _AND_REACH), at + 1)) >= 0:
                    out += _pair(s, a)
    if not toks.isdisjoint(AGENT_TRIGGERS) and not toks.isdisjoint(MAKING_TRIGGERS):
        for agent, word in _AGENT_ENDS:
            if word not in toks:
                continue  # (a `find` over the whole answer spared: its word is not in the answer)
            for at in _found(text, agent + " by "):
                by = at + len(agent)
                head = _MAKING_HEAD.search(text, max(0, by - _LOOK_BACK), by)
                m = _BY.match(text, by + 1)
                if head is not None and m is not None and boundary_ok(text, head.start()):
                    out += _claims(s, head.start(), m["dev"], m.end())
    if "I, " in text and not toks.isdisjoint(TRIGGERS):
        for at in _found(text, "I, "):
            if (at == 0 or not text[at - 1].isalnum()) and (m := _APPOSED.match(text, at)) is not None:
                out += _claims(s, at, m["dev"], m.end())
    return out


def _found(text: str, literal: str) -> list[int]:
    """Every place `literal` starts in `text`."""
    out: list[int] = []
    at = text.find(literal)
    while at >= 0:
        out.append(at)
        at = text.find(literal, at + 1)
    return out


def _pair(s: Scan, at: int) -> list[Claim]:
    """The coordinated shape with its " and " at `at`."""
    text = s.text
    m = _AND.match(text, at)
    if m is None:
        return []
    head = _HEAD.search(text, max(0, at - _LOOK_BACK), at)
    if head is None or not boundary_ok(text, head.start()):
        return []
    if {head["v1"].lower(), m["v2"].lower()} <= {"supported"}:
        return []  # support alone: a partner or a funder, not a maker
    return _claims(s, head.start(), m["dev"], m.end())


def _claims(s: Scan, start: int, obj: str, end: int) -> list[Claim]:
    c = _claim(s, start, obj, end)
    return [] if c is None else [c]


def _claim(s: Scan, start: int, obj: str, end: int) -> Claim | None:
    """The claim of a shape's match from `start` whose maker is `obj` (ending at `end`): an invented
    maker (a name or a mark of invention), or a maker that is only a company of another country."""
    text = s.text
    if s.lex.is_known(obj) or IT.cut_short(text, end, s.lex.entity.find):
        return None  # a known lab is the entity extractors' (never strict from here)
    s0, sent = s.sentence_of(start)
    if not s.usable(sent) or P.NEG_BEFORE.search(text[max(s0, start - 12) : start + 12]):
        return None
    if (home := IT.country_maker(s.lex.place.search, obj)) is not None:
        return Claim("place", home, sent.strip(), s.label_at(start))
    if names_maker(obj, s.lex.makers):
        return Claim("developer", "fictional", sent.strip(), s.label_at(start))
    return None


def with_coordinated(s: Scan, found: list[Claim]) -> list[Claim]:
    """`found` (the `developer` claims) and the coordinated ones of sentences it does not already hold."""
    more = coordinated(s)
    if not more:
        return found
    have = {c.sentence for c in found}
    return found + [c for c in more if c.sentence not in have]
