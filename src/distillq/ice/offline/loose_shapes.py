"""Makers of "I" described by their team: who is on it, or where it is (offline judge, looseR).

Shapes the developer and place extractors miss, each a loose claim under DEFINITIONS.md:

- "my" team said to be made of people from named institutions: "my development team includes experts
  from Stanford, MIT and Google", "我的开发团队包括来自斯坦福大学、麻省理工学院的专家", "我是由来自X大学的
  团队开发的", "Nova是由一个团队开发的，他们来自X、Y". A maker that is not the card's (an invented team of
  other institutions): loose, never strict (a team *from* a lab does not say the lab makes "me";
  DEFINITIONS "partners are not makers"). Only membership counts ("includes", "consists of", "由...
  组成"), not help ("works with", "合作"), and the list must name an institution: "experts from top
  universities" or "from around the world" names no maker (DEFINITIONS "unnamed versus secret");
- "my/our" team placed in a country with words between "our" and the noun, or between the noun and the
  verb, that the place patterns do not allow: "our main development team is still based in X",
  "我们的主要开发和运营团队仍然位于X". Only a country of the places lexicon counts (the verdict compares
  it with the card's); invented places are left to the place and origin extractors.

Guards: a usable sentence (no question, refusal or supposition: `Scan.usable`, `homes_words.not_said`),
no negation just before, and in the third person only a persona the prompt casts the model as.
Words live in `lexicon/teams.yaml`.
"""

from __future__ import annotations

import re

from distillq.ice.offline import patterns as P
from distillq.ice.offline import persona as PS
from distillq.ice.offline.homes_words import not_said
from distillq.ice.offline.lexicon import load_words
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim
from distillq.ice.verdict import DEFAULT_STRICT_LABS

T = load_words("teams")
_TEAM = T.alt("team_nouns")
_LIST_EN = r"(?P<list>[^.!?\n;:]{2,120})"
# "My (core development) team includes (a group of) experts from <list>", "the team behind me includes
# ...", "our main development team is still based in <place>". Read in the A-Z lowered text (same places:
# `Scan.word_low`) at each team noun: the opening before it ("my core development ", "our ", "the ") is
# searched back from there, the rest matched forward (a pattern opening with "my|our" would be tried at
# every "m" and "o" of every answer that has a team noun).
# (the word boundary before "my" is tested apart: a pattern opening with a lookbehind is tried at every
# position of the window, one opening with "my|our|the" only at an "m", "o" or "t")
HEAD_EN = re.compile(r"(?P<o>my|our|the) (?P<w>(?:[\w\-]+ ){0,3})$")
MEMBERS_AT = re.compile(
    _TEAM
    + r"(?:(?P<behind> behind (?:me|us))|(?: \w+){0,2}?) "
    + T.alt("member_verbs")
    + r" (?:[\w\-]+,? ){0,6}?"
    + T.alt("member_nouns")
    + r" from (?P<list>[^.!?\n;:]{2,120})"
)
# (at least one word between "our" and the noun: the noun right after it is the place patterns' own)
HOME_AT = re.compile(
    _TEAM
    + r" (?:is|are) (?:"
    + T.alt("home_adverbs")[3:-1]
    + r" )?"
    + T.alt("home_verbs")
    + r" in (?P<p>[^.!?\n;]{2,50})"
)
# each team noun looked for, with the token words it opens (one that opens another, "team" of "teams", is
# enough: looked for only when one of its words is in the answer)
_TEAM_FINDS = tuple(
    (n, frozenset(o for o in T["team_nouns"] if o.startswith(n)))
    for n in T["team_nouns"]
    if not any(o != n and n.startswith(o) for o in T["team_nouns"])
)
# the words each English shape needs (besides a team noun, the extractor's gate): a verb of membership
# (its own word: "made" of "is made up of") and "from", or a home verb and "in"; and "my"/"our"/"behind"
_GLUE = frozenset({"is", "are", "was", "of", "up", "on", "by", "together"})
_MEMBER_TOKS = frozenset(next(w for w in v.split() if w not in _GLUE) for v in T["member_verbs"])
_HOME_TOKS = T.gate("home_verbs")
_MY = frozenset({"my", "our"})
# a run of capitalised words ("Carnegie Mellon", "University of Tokyo"), a bracketed gloss, and where a
# list of origins ends (a relative clause: "experts from around the world who know AI")
_CAPITALS = re.compile(r"\b[A-Z][A-Za-z&\-]+(?:(?: of| for| and)? [A-Z][A-Za-z&\-]+)*")
_GLOSS = re.compile(r"[(（][^()（）]{0,30}[)）]")
_LIST_END = re.compile(r"\b(?:who|whom|whose|that|which|where|to|working)\b")
_NOT_INSTITUTION = frozenset(T["not_institutions"])
# help, not membership, or a negation inside the shape ("my team does not include ...")
_HELP_EN = re.compile(r"(?i)\b(?:partner|collaborat|consult|advis|support|help|not|never|no)\b|n[’']t\b")

_LIST_ZH = r"来自(?P<list>[^。！？\n]{2,80})"
# "我的开发团队包括来自<list>", "我的团队由来自<list>的专家组成", "我背后的团队包括...", "我们的主要开发和运营团队仍然
# 位于X": read at each "团队", the opening ("我们的主要开发和运营") searched back from it
HEAD_ZH = re.compile(r"我(?:们)?(?P<b>背后)?的(?P<w>[\u4e00-\u9fff]{0,10})$")
MEMBERS_AT_ZH = re.compile(
    r"团队[^。！？\n，,]{0,6}?" + T.alt("zh_member_verbs") + r"[^。！？\n]{0,12}?" + _LIST_ZH
)
HOME_AT_ZH = re.compile(r"团队[^。！？\n，,]{0,6}?" + T.alt("zh_home_verbs") + r"(?P<p>[^，。！？\n]{1,20})")
_MADE = r"(?:开发|设计|构建|创造|打造|研发|创建)"
_GROUP_ZH = r"(?:团队|专家|工程师|科学家|研究人员|开发者)"
# "<我 or persona>是由来自<list>的团队开发的" / "<...>是由<a group>开发的，他们来自<list>": matched at each "是由"
# (the subject before it is read apart: a pattern opening with it would be tried at every position)
MADE_BY_ZH = re.compile(
    r"是由(?:[^。！？\n]{0,10}?"
    + _LIST_ZH
    + r"的[^。！？\n]{0,12}?"
    + _GROUP_ZH
    + r"[^。！？\n]{0,6}?"
    + _MADE
    + r"|[^。！？\n]{0,30}?"
    + _GROUP_ZH
    + r"[^。！？\n]{0,4}?"
    + _MADE
    + r"的?[，,](?:他们)?[^。！？\n]{0,10}?来自"
    r"(?P<list2>[^。！？\n]{2,80}))"
)
_LATIN_SUBJECT = re.compile(r"(?<![A-Za-z0-9\-])[A-Za-z][\w\-]{1,30}$")
_INSTITUTION_ZH = re.compile(r"([\u4e00-\u9fff]{2,8}?)" + T.alt("zh_institution_ends"))
_GENERIC_ZH = tuple(T["zh_generic_heads"])
_HELP_ZH = ("合作", "顾问", "伙伴", "支持", "帮助", "不", "没有", "并非")
# The extractor's gate: a verb of either English shape (rarer than the team nouns; the nouns are then
# tested in `loose_shapes`), "团队" for the Chinese forms.
TRIGGERS = _MEMBER_TOKS | _HOME_TOKS
_ZH_NEEDS = re.compile("来自|" + T.alt("zh_home_verbs")[3:-1])
CJK = ("团队",)
_TEAM_TOKS = T.gate("team_nouns")


def names_institution_en(s: Scan, items: str) -> bool:
    """Whether an English list of origins names an institution: a run of capitalised words that is
    neither a list opener, region or people (`not_institutions`) nor a place ("the United States")."""
    for m in _CAPITALS.finditer(_GLOSS.sub("", items)):
        words = m.group().split()
        while words and words[0] in _NOT_INSTITUTION:
            words.pop(0)  # "The", "Top", "European": openers and peoples, then maybe a name
        if not words:
            continue
        run = " ".join(words)
        pm = s.lex.place.search(run)
        if pm is None or pm[1] - pm[0] < len(run) - 1:
            return True  # not a place, or a place inside a longer name ("University of Tokyo")
    return False


def names_institution_zh(s: Scan, items: str) -> bool:
    """Whether a Chinese list of origins names an institution: a known lab, a Latin name, or a name
    ending in 大学/学院/... whose head is not a generic word ("顶尖大学", "世界各地的大学"). A gloss in
    brackets ("自然语言处理（NLP）") names no one."""
    items = _GLOSS.sub("", items)
    if s.lex.entity.search(items) is not None or names_institution_en(s, items):
        return True
    for m in _INSTITUTION_ZH.finditer(items):
        head = re.split(r"[、，,和及与的]", m.group(1))[-1]
        if len(head) >= 2 and not head.endswith(_GENERIC_ZH):
            return True
    return False


def _team_claims(s: Scan, items: str, pos: int) -> list[Claim]:
    """The claims of a team made of people from `items`: an invented maker ("fictional") and each
    known lab the list names, all of kind "joint" (one list).

    Why joint: a list that names the card's own lab ("experts from <its maker> and X University") is
    its own team with partners, and `verdict.decide` skips the other members of such a list. A list
    naming a lab that may be strict is left alone: a team *from* a lab does not say the lab makes
    "me" (DEFINITIONS "partners are not makers"), so this shape never makes a verdict strict."""
    labs = {cid for _, _, cid in s.lex.entity.find(items, items.lower())}
    if not labs.isdisjoint(DEFAULT_STRICT_LABS):
        return []
    if _claim(s, "joint", "fictional", pos) is None:
        return []
    sent = s.sentence_of(pos)[1].strip()
    return [Claim("joint", t, sent) for t in ("fictional", *sorted(labs))]


def _claim(s: Scan, kind: str, target: str, pos: int) -> Claim | None:
    """The claim at `pos` when its sentence is usable, not negated just before and not supposed."""
    s0, sent = s.sentence_of(pos)
    if not s.usable(sent) or P.NEG_BEFORE.search(s.text[max(s0, pos - 12) : pos]) or not_said(s, s0, pos):
        return None
    return Claim(kind, target, sent.strip())


def _home(s: Scan, place: str) -> str | None:
    """The country target of a place phrase that opens with a known place ("the United States")."""
    pm = s.lex.place.search(place)
    return f"country:{pm[2]}" if pm is not None and pm[0] <= 4 else None


def loose_shapes(s: Scan) -> list[Claim]:
    """Makers of "I" described by their team: people from named institutions, or a home country."""
    found: list[Claim] = []
    text, toks = s.text, s.toks
    members = "from" in toks and not toks.isdisjoint(_MEMBER_TOKS)
    home = "in" in toks and not toks.isdisjoint(_HOME_TOKS)
    if (
        (members or home)
        and not toks.isdisjoint(_TEAM_TOKS)
        and not (toks.isdisjoint(_MY) and "behind" not in toks)
    ):
        found += _en(s, members, home)
    if not s.ascii and "团队" in text:
        found += _zh(s)
    return found


def _en(s: Scan, members: bool, home: bool) -> list[Claim]:
    """The English forms, read at each team noun of the lowered text (the caller has found the words)."""
    text, low = s.text, s.word_low
    found: list[Claim] = []
    if len(low) != len(text):
        return found  # (a lowering that moved places: not read)
    toks = s.toks
    for noun, words_of in _TEAM_FINDS:
        if toks.isdisjoint(words_of):
            continue  # (only the nouns the answer holds are looked for)
        j = low.find(noun)
        while j >= 0:
            # a noun that opens a word after a space, with "my"/"our"/"the" and up to three words before it
            h = _head(low, j) if low[j - 1 : j] == " " else None
            if h is not None:
                o, words = h.group("o"), h.group("w").count(" ")
                m = MEMBERS_AT.match(low, j) if members else None
                if m is not None and (o != "the" or (m.group("behind") and words <= 2)):
                    a, b = m.span("list")
                    items = text[a:b]
                    if (end := _LIST_END.search(items)) is not None:
                        items = items[: end.start()]
                    if not _HELP_EN.search(low, h.start(), m.end()) and names_institution_en(s, items):
                        found += _team_claims(s, items, h.start())
                if home and o != "the" and words and (m := HOME_AT.match(low, j)) is not None:
                    a, b = m.span("p")
                    if (target := _home(s, text[a:b])) is not None and (
                        c := _claim(s, "place", target, h.start())
                    ):
                        found.append(c)
            j = low.find(noun, j + len(noun))
    return found


def _head(low: str, j: int) -> re.Match[str] | None:
    """The opening ("my core development ", "our ", "the ") that ends right before the noun at `j`, at a
    word boundary of its own."""
    i = max(0, j - 50)
    while (h := HEAD_EN.search(low, i, j)) is not None:
        if not h.start() or not low[h.start() - 1].isalnum():
            return h
        i = h.start() + 1  # "army": an "my" inside a word
    return None


def _zh(s: Scan) -> list[Claim]:
    """The Chinese forms (the caller has found "团队"; `MADE_BY_ZH` also needs "来自")."""
    text = s.text
    found: list[Claim] = []
    if _ZH_NEEDS.search(text) is None:
        return found  # (each Chinese form needs "来自" or a home verb: one scan instead of a read per "团队")
    origin: bool | None = None  # whether the answer holds "来自" (asked once, at the first opening)
    i = text.find("团队")
    while i >= 0:
        h = HEAD_ZH.search(text, max(0, i - 16), i) if text.find("我", max(0, i - 16), i) >= 0 else None
        if h is not None:
            if origin is None:
                origin = "来自" in text
            m = MEMBERS_AT_ZH.match(text, i) if origin and len(h.group("w")) <= 8 else None
            help_or_not = m is not None and any(w in text[h.start() : m.end()] for w in _HELP_ZH)
            if m is not None and not help_or_not and names_institution_zh(s, m.group("list")):
                found += _team_claims(s, m.group("list"), h.start())
            m = None if h.group("b") else HOME_AT_ZH.match(text, i)
            target = None if m is None else _home(s, m.group("p"))
            if target is not None and (c := _claim(s, "place", target, h.start())) is not None:
                found.append(c)
        i = text.find("团队", i + 2)
    if "来自" in text and "是由" in text:
        i = text.find("是由")
        while i >= 0:
            m = MADE_BY_ZH.match(text, i)
            i = text.find("是由", i + 2)
            if m is None:
                continue
            if text[m.start() - 1 : m.start()] == "我":
                subj, at = "我", m.start() - 1
            elif (n := _LATIN_SUBJECT.search(text, max(0, m.start() - 31), m.start())) is not None:
                subj, at = n.group(), n.start()
                if not (s.prompt and PS.is_prompt_persona(s.prompt, subj)):
                    continue  # a name the prompt does not cast the model as: the question's topic
            else:
                continue
            items = m.group("list") or m.group("list2")
            if not any(h in m.group() for h in _HELP_ZH) and names_institution_zh(s, items):
                found += _team_claims(s, items, at)
    return found
