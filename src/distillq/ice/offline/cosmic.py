"""Invented makers of "I" marked as not human by what they are, in shapes with no maker noun.

A persona speaking as a guidebook, an oracle or a being from space often gives "me" a maker that is
no company at all: an alien civilisation, beings from another dimension, an author. Under the written
definition that is an invented maker (loose), also when hedged ("some say", "legend has it"): the
older shapes already read "I was created by <beings>", these read the rest:

- how "I" came to be, with no maker verb: "I sprang into existence through the minds of an alien
  civilisation", "I came into being thanks to interstellar engineers";
- "my" platform or existence as the work of someone: "The architecture I operate on is the result of
  alien engineering", "My existence is the handiwork of hyper-intelligent beings";
- "they are a collective of interdimensional beings", "they're a bunch of rebels", "they operate from
  a pocket dimension" within two sentences after "my" makers (the team behind me, "that's me"); here
  the mark may also say invented or secret (`F.FICTION_MARK`);
- an author as the maker of "me": "我由<名字>创作" (`author_zh`, called by homes_zh.py at each "我由"; the
  English "I was written by <a name>" was written and left out: no answer had it, and its words would
  widen the gate).
These are read by the `homes` extractor (homes.py calls `cosmic`), entered on `TRIGGERS`.
The Chinese active shape ("无数智慧生物共同打造了我") was written and left out: its gate (the Chinese marks)
would scan every Chinese answer for one row.

A mark must say the maker is not human (`homes.yaml` `cosmic_marks`: "alien", "civilisation",
"interdimensional"; "human civilisation" is not one): "a stellar team of cosmic engineers" and
"countless minds" stay generic, unnamed makers. A known lab is the entity extractors'.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.homes_words import H, not_said
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.rules import boundary_ok
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_EARTHLY_EN = "".join(f"(?<!{re.escape(w)} )" for w in H["earthly_marks"] if w.isascii())
_EARTHLY_ZH = "".join(f"(?<!{re.escape(w)})" for w in H["earthly_marks"] if not w.isascii())
COSMIC_EN = re.compile(r"(?i)(?<![\w\-])" + _EARTHLY_EN + H.alt("cosmic_marks") + r"\b")
COSMIC_ZH = re.compile(_EARTHLY_ZH + H.alt("zh_cosmic_marks"))
_DEV = r"(?P<dev>[^.;!?\n]{3,140})"
# "I sprang into existence through X", "I came into being thanks to X", "I was born from X"
ORIGIN_EN = re.compile(
    r"I (?:" + H.inner("origin_phrases") + r") (?:[\w\-]+ ){0,2}?"
    r"(?:through|thanks to|from|out of|via|by|of|at the hands of|in the (?:labs?|minds?|workshops?) of) "
    + _DEV
)
# "<my / the ... platform (that I operate on)> is the result of X": searched back from "<work noun> of "
_TECH = EN.alt("tech_nouns", ("existence", "creation", "origins", "origin", "birth", "code"))
WORK_SUBJ_EN = re.compile(
    r"(?:(?P<my>[Mm]y)|[Tt]he) (?:[\w\-]+ ){0,3}?"
    + _TECH
    + r"(?: (?:and|or) (?:[\w\-]+ ){0,2}?"
    + _TECH
    + r")?"
    r"(?P<rel> (?:that |which )?I (?:operate on|run on|use|rely on|am built on|am based on|run))?"
    r" (?:is|are|was|were) (?:(?:all|simply|essentially|largely|mostly) )?(?:the |a |an )?(?:[\w\-]+ ){0,2}?$"
)
_WORKS = H["work_nouns"]
# "They are a highly advanced, interdimensional collective of sentient beings"
_GROUPS = frozenset(H["group_nouns"])
THEY_EN = re.compile(
    r"[Tt]hey(?: are|'re|’re| were) (?:[\w\-]+,? ){0,5}?" + H.alt("group_nouns") + r" of " + _DEV
)
_RELATIVE = re.compile(r",? (?:who|that|which|whose|where) ")
# "they might be working out of a bunker in the middle of nowhere", "They operate from a pocket dimension":
# where "my" makers are, a place marked invented or secret (`F.FICTION_MARK`)
THEY_HOME_EN = re.compile(
    r"[Tt]hey(?:'re|’re| are| were| might be| may be| could be| must be)? (?:[\w\-]+ ){0,2}?"
    + H.alt("they_home_verbs")
    + r" (?:out of|from|in|within) (?P<p>[^.,;!?\n]{2,80})"  # (the place phrase, up to its clause's end)
)
_MAKERS_BEFORE = re.compile(r"\b" + H.alt("home_subjects") + r"\b")
_OF_ME = re.compile(r"\b(?:[Mm]y|[Oo]ur)\b|\bme\b|that['’]s me")
# "我由X创作", "我是由X撰写的"
AUTHOR_ZH = re.compile(
    r"我(?:是)?由(?P<dev>[^，。！？,\n；]{1,30}?)(?:所|亲自|共同)?" + H.alt("zh_author_verbs")
)
# a name marked as one: quoted, or in Latin letters ("一系列创新公司" describes, it does not name)
MARKED_ZH = re.compile(r"[“\"「『][^”\"」』]{1,30}[”\"」』]|[A-Za-z]{2,}")
_NAME_DOT = re.compile(
    r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}"
)  # a transliterated name ("道格拉斯·亚当斯")


def _claim(s: Scan, at: int, out: list[Claim], kind: str = "developer") -> None:
    """A fictional claim (an invented maker, or its home) for the sentence at `at`, unless it is a
    question, negated, supposed or another speaker's quoted words."""
    s0, sent = s.sentence_of(at)
    if (
        s.usable(sent)
        and not P.NEG_BEFORE.search(s.text[max(s0, at - 12) : at + 12])
        and not not_said(s, s0, at)
    ):
        out.append(Claim(kind, "fictional", sent.strip(), s.label_at(at)))


def _cosmic(s: Scan, dev: str) -> bool:
    """Whether the maker phrase is marked as not human and names no known lab."""
    return (COSMIC_EN.search(dev) is not None or COSMIC_ZH.search(dev) is not None) and not s.lex.is_known(
        dev
    )


def cosmic(s: Scan) -> list[Claim]:
    """Invented makers of "I" marked as not human (how I came to be, my platform as their work) and
    invented groups or homes of "they" after my makers."""
    out: list[Claim] = []
    text, hits = s.text, s.toks
    if not hits.isdisjoint(_COSMIC_GATE):
        if "i" in hits and not hits.isdisjoint(_ORIGIN_GATE):
            for m in ORIGIN_EN.finditer(text):
                if boundary_ok(text, m.start()) and _cosmic(s, m.group("dev")):
                    _claim(s, m.start(), out)
        if "of" in hits and not hits.isdisjoint(_WORK_GATE) and not hits.isdisjoint(_TECH_GATE):
            _work_of(s, out)
    if (
        "they" in hits
        and not (hits.isdisjoint(_GROUPS) and hits.isdisjoint(_HOME_VERBS))
        and not hits.isdisjoint(_MARK_GATE)
    ):
        _they_are(s, out)
    return out


def _work_of(s: Scan, out: list[Claim]) -> None:
    """ "<my platform> is the <work noun> of X" with X marked, found from each "<work noun> of ", its
    subject matched at each "my " / "the " of the 130 characters before. (ASCII words are found in
    `word_low`, at the same places as in `low`: a non-ASCII answer is then not lowered whole.)"""
    text = s.text
    for w in _WORKS:
        low = s.word_low if w.isascii() else s.low
        k = low.find(f" {w} of ")
        while k >= 0:
            end = k + len(w) + 5
            for head in ("my ", "the "):
                j = low.find(head, max(0, k - 130), k)
                while j >= 0:
                    b = WORK_SUBJ_EN.match(text, j, k + 1) if boundary_ok(text, j) else None
                    if b is not None and (b.group("my") or b.group("rel")):
                        s0, sent = s.sentence_of(k)
                        dev = text[end : s0 + len(sent)]
                        if j >= s0 and not P.NEG_BEFORE.search(text[j:end]) and _cosmic(s, dev):
                            _claim(s, j, out)
                    j = low.find(head, j + 1, k)
            k = low.find(f" {w} of ", end)


def _they_are(s: Scan, out: list[Claim]) -> None:
    """ "They are a collective of <marked beings>" (not human, or invented: "a bunch of rebels"), and
    "they operate from <a marked place>", said after "my" makers were named (in the 300 characters
    before: about two sentences); the group's mark read before any relative clause. ("they" is found
    in `word_low`, at the same places as in `low`.)"""
    text, low = s.text, s.word_low
    i = low.find("they")
    while i >= 0:
        at, i = i, low.find("they", i + 4)
        if not boundary_ok(text, at):
            continue
        if (m := THEY_EN.match(text, at)) is not None:
            group = _RELATIVE.split(m.group(0), 1)[0]
            marked = _cosmic(s, group) or (F.FICTION_MARK.search(group) and not s.lex.is_known(group))
        elif (m := THEY_HOME_EN.match(text, at)) is not None:
            marked = F.FICTION_MARK.search(m.group("p")) and not s.lex.place.search(m.group("p"))
        if m is None or not marked:
            continue
        before = text[max(0, at - 300) : at]
        if _MAKERS_BEFORE.search(before) and _OF_ME.search(before):
            if m.re is THEY_EN:
                _claim(s, at, out)
            else:
                _claim(s, at, out, "place")


def author_zh(s: Scan, at: int, out: list[Claim]) -> None:
    """ "我由X创作" at `at` ("我"): an author of "me" given as a marked name (homes_zh.py calls this at
    each "由" after "我" / "我是")."""
    m = AUTHOR_ZH.match(s.text, at)
    if m is not None:
        dev = m.group("dev").strip()
        marked = MARKED_ZH.search(dev) or _NAME_DOT.search(dev) or F.FICTION_MARK.search(dev)
        if marked and not s.lex.is_known(dev):
            _claim(s, at, out)


_COSMIC_GATE = H.gate("cosmic_marks")
ZH_AUTHOR = H["zh_author_verbs"]
_ORIGIN_GATE = frozenset(w.split()[-1] for w in H["origin_phrases"]) | {"emerged", "sprang", "sprung"}
_WORK_GATE = H.gate("work_nouns")
_TECH_GATE = EN.gate("tech_nouns") | {"existence", "creation", "origins", "origin", "birth", "code"}
_HOME_VERBS = H.gate("they_home_verbs")
# the one-word marks of `F.FICTION_MARK` an invented group or place holds ("rebels", "secret", "nowhere";
# a hyphenated mark by its last part): the words of a phrase ("the void", "star system") are each in too
# many answers to gate on, and so are the naming words "called", "named"
_MARK_GATE = frozenset(
    w.lower().rsplit("-", 1)[-1]
    for k in ("fiction_marks", "invented_maker_marks", "fictional_places")
    for w in EN[k]
    if " " not in w and w not in ("called", "named")
) | frozenset(w.lower().rsplit("-", 1)[-1] for w in H["cosmic_marks"] if " " not in w)
# the extractor is entered on a one-word not-human mark (every shape but "they ...") or on "they" (then
# the marks of `F.FICTION_MARK` are looked for): one small gate, most answers skip it in a set test;
# no Chinese trigger ("我由X创作" is read by homes_zh.py)
TRIGGERS: frozenset[str] = _COSMIC_GATE | {"they"}
