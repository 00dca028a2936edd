"""A known model introducing itself by name: "Hello, this is X.", "X here!", "You're talking to X.".

Why: the judge reads "I am X", "my name is X" and "call me X", but a greeting that presents the speaker
as "this" ("Hi, this is X, how can I help?") or by its name alone ("X here!") names itself as plainly and
has no first person before the name. The shape is kept narrow: the sentence opens with the introduction
(after at most a greeting) and the name ends it or is followed by a tail ("speaking", "here") or by an
appositive of the speaker (", your assistant", ", an AI"): "This is ChatGPT's answer", "this is GPT-4
in a nutshell" and "this is X's strength" are no introductions.

Runs only for a name the other links missed, after a literal test of the words at the name.
"""

from __future__ import annotations

import re

from distillq.ice.offline.fronted import AGENT_ZH, ENDS_EN, LINK_TOKENS, VERB_TOKENS, fronted_maker
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.scan import Scan

_GREETING = r"(?:" + EN.alt("greetings") + r"\b[^.!?]{0,24}?[,!.\s]\s*)?"
_THIS_BEFORE = re.compile(r"(?i)^\W*" + _GREETING + r"this\s+is\s+$")
# "(Hi,) you're (now) talking to X": the user is told whom it speaks with
_YOU_BEFORE = re.compile(
    r"(?i)^\W*"
    + _GREETING
    + r"you(?:['’]re|\s+are)\s+(?:now\s+)?"
    + EN.alt("talk_verbs")
    + r"\s+(?:to|with)\s+$"
)
_HERE_BEFORE = re.compile(r"(?i)^\W*" + _GREETING + r"$")
_TAILS = EN.alt("intro_tails")
# after "this is X": the sentence ends, a tail, or an appositive of the speaker
_THIS_AFTER = re.compile(
    r"(?i)\s*(?:[.!]|$|,\s+(?:your|an?)\s|,?\s+" + _TAILS + r"\b|\s*[,—-]\s*(?:how|what)\s)"
)
_HERE_AFTER = re.compile(r"(?i)\s+" + _TAILS + r"\b\s*(?:[.!,]|$)")


# the words each shape needs: "this" ("this is X"), a tail ("X here"), a talk verb ("talking to X")
_TOKENS = frozenset(
    {"this"} | {w.split()[0].lower() for w in EN["intro_tails"]} | {w.lower() for w in EN["talk_verbs"]}
)


def introduced_as(sent: str, start: int, end: int) -> bool:
    """Whether the name at sent[start:end] is the speaker's introduction of itself (see above)."""
    if start > 60:
        return False
    if sent.endswith(("is ", "IS "), 0, start):
        return _THIS_BEFORE.match(sent[:start]) is not None and _THIS_AFTER.match(sent, end) is not None
    if sent.endswith(("to ", "with ", "TO ", "WITH "), 0, start):
        return _YOU_BEFORE.match(sent[:start]) is not None and _THIS_AFTER.match(sent, end) is not None
    if sent.startswith((" here", " speaking", " at your", " Here", " Speaking", " At your"), end):
        return _HERE_BEFORE.match(sent[:start]) is not None and _HERE_AFTER.match(sent, end) is not None
    return False


def may_name_self(s: Scan) -> int:
    """1 when a name of the scanned answer can be a fronted maker (fronted.py: an agent marker in a Chinese
    text, or a maker verb and a link word among its tokens) or an introduction (its words), else 0."""
    if not s.ascii:
        text = s.text
        for agent in AGENT_ZH:
            if agent in text:
                return 1
    toks = s.toks
    if not toks.isdisjoint(_TOKENS):
        return 1
    return int(not toks.isdisjoint(VERB_TOKENS) and not toks.isdisjoint(LINK_TOKENS))


_FRONT_ENDS = frozenset(ENDS_EN)
_AGENTS = frozenset(AGENT_ZH)
_INTRO_ENDS3 = frozenset({"is ", "IS ", "to ", "TO "})
_INTRO_ENDS5 = frozenset({"with ", "WITH "})
# the first five characters after the name for a tail ("X here", "X speaking", "X at your service")
_INTRO_TAILS = frozenset(f" {c}{w[1:4]}" for w in EN["intro_tails"] for c in (w[0].lower(), w[0].upper()))


def names_self(sent: str, start: int, end: int) -> bool:
    """Whether the name at sent[start:end] is a fronted maker of "I" or the speaker's own introduction.
    (It runs for every name not said of "I" in an answer whose gate passed: slices and set look-ups decide
    which test to call, and most names need neither.)"""
    pre = sent[start - 5 : start] if start >= 5 else sent[:start]
    front = pre[-1:] in _AGENTS or pre[-2:-1] in _AGENTS or (start <= 90 and pre[-4:] in _FRONT_ENDS)
    if front and fronted_maker(sent, start, end):
        return True
    if start > 60:
        return False
    if pre[-3:] in _INTRO_ENDS3 or pre in _INTRO_ENDS5 or sent[end : end + 5] in _INTRO_TAILS:
        return introduced_as(sent, start, end)
    return False
