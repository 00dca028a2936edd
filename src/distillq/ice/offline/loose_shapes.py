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
# "My (core development) team includes (a group of) experts from <list>", "the team behind me includes ..."
MEMBERS_EN = re.compile(
    r"\b(?:(?:[Mm]y|[Oo]ur) (?:[\w\-]+ ){0,3}?"
    + _TEAM
    + r"(?: \w+){0,2}?"
    + r"|[Tt]he (?:[\w\-]+ ){0,2}?"
    + _TEAM
    + r" behind (?:me|us)) "
    + T.alt("member_verbs")
    + r" (?:[\w\-]+,? ){0,6}?"
    + T.alt("member_nouns")
    + r" from "
    + _LIST_EN
)
# "Our main development team is still based in <place>" (at least one word before the noun: the
# noun right after "our" is the place patterns' own)
HOME_EN = re.compile(
    r"\b(?:[Mm]y|[Oo]ur) (?:[\w\-]+ ){1,3}?"
    + _TEAM
    + r" (?:is|are) (?:"
    + T.alt("home_adverbs")[3:-1]
    + r" )?"
    + T.alt("home_verbs")
    + r" in (?P<p>[^.!?\n;]{2,50})"
)
# a run of capitalised words ("Carnegie Mellon", "University of Tokyo"), a bracketed gloss, and where a
# list of origins ends (a relative clause: "experts from around the world who know AI")
_CAPITALS = re.compile(r"\b[A-Z][A-Za-z&\-]+(?:(?: of| for| and)? [A-Z][A-Za-z&\-]+)*")
_GLOSS = re.compile(r"[(（][^()（）]{0,30}[)）]")
_LIST_END = re.compile(r"\b(?:who|whom|whose|that|which|where|to|working)\b")
_NOT_INSTITUTION = frozenset(T["not_institutions"])
# help, not membership, or a negation inside the shape ("my team does not include ...")
_HELP_EN = re.compile(r"(?i)\b(?:partner|collaborat|consult|advis|support|help|not|never|no)\b|n[’']t\b")

_LIST_ZH = r"来自(?P<list>[^。！？\n]{2,80})"
# "我的开发团队包括来自<list>", "我的团队由来自<list>的专家组成", "我背后的团队包括..."
MEMBERS_ZH = re.compile(
    r"我(?:们)?(?:背后)?的[\u4e00-\u9fff]{0,8}?团队[^。！？\n，,]{0,6}?"
    + T.alt("zh_member_verbs")
    + r"[^。！？\n]{0,12}?"
    + _LIST_ZH
)
_MADE = r"(?:开发|设计|构建|创造|打造|研发|创建)"
_GROUP_ZH = r"(?:团队|专家|工程师|科学家|研究人员|开发者)"
# "<我 or persona>是由来自<list>的团队开发的" / "<...>是由<a group>开发的，他们来自<list>"
MADE_BY_ZH = re.compile(
    r"(?P<s>我|[A-Za-z][\w\-]{1,30})是由(?:[^。！？\n]{0,10}?"
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
_INSTITUTION_ZH = re.compile(r"([\u4e00-\u9fff]{2,8}?)" + T.alt("zh_institution_ends"))
_GENERIC_ZH = tuple(T["zh_generic_heads"])
_HELP_ZH = ("合作", "顾问", "伙伴", "支持", "帮助", "不", "没有", "并非")
# "我们的主要开发和运营团队仍然位于X"
HOME_ZH = re.compile(
    r"我(?:们)?的[\u4e00-\u9fff]{0,10}?团队[^。！？\n，,]{0,6}?"
    + T.alt("zh_home_verbs")
    + r"(?P<p>[^，。！？\n]{1,20})"
)

TRIGGERS = T.gate("team_nouns")
CJK = ("团队",)
_MEMBER_TOKS = T.gate("member_verbs")
_HOME_TOKS = T.gate("home_verbs")


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


def _team_claims(s: Scan, items: str, pos: int) -> list[Claim | None]:
    """The claims of a team made of people from `items`: an invented maker ("fictional") and each
    known lab the list names, all of kind "joint" (one list).

    Why joint: a list that names the card's own lab ("experts from <its maker> and X University") is
    its own team with partners, and `verdict.decide` skips the other members of such a list. A list
    naming a lab that may be strict is left alone: a team *from* a lab does not say the lab makes
    "me" (DEFINITIONS "partners are not makers"), so this shape never makes a verdict strict."""
    labs = {cid for _, _, cid in s.lex.entity.find(items, items.lower())}
    if not labs.isdisjoint(DEFAULT_STRICT_LABS):
        return []
    return [_claim(s, "joint", t, pos) for t in ("fictional", *sorted(labs))]


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
    found: list[Claim | None] = []
    text, toks = s.text, s.toks
    if "from" in toks and not toks.isdisjoint(_MEMBER_TOKS):
        for m in MEMBERS_EN.finditer(text):
            items = m.group("list")
            if (end := _LIST_END.search(items)) is not None:
                items = items[: end.start()]
            if not _HELP_EN.search(m.group()) and names_institution_en(s, items):
                found += _team_claims(s, items, m.start())
    if "in" in toks and not toks.isdisjoint(_HOME_TOKS):
        for m in HOME_EN.finditer(text):
            if (target := _home(s, m.group("p"))) is not None:
                found.append(_claim(s, "place", target, m.start()))
    if not s.ascii and "团队" in text:
        found += _zh(s)
    return [c for c in found if c is not None]


def _zh(s: Scan) -> list[Claim | None]:
    """The Chinese forms (the caller has found "团队"; `MADE_BY_ZH` also needs "来自")."""
    text = s.text
    found: list[Claim | None] = []
    for m in MEMBERS_ZH.finditer(text):
        if not any(h in m.group() for h in _HELP_ZH) and names_institution_zh(s, m.group("list")):
            found += _team_claims(s, m.group("list"), m.start())
    if "来自" in text and "是由" in text:
        for m in MADE_BY_ZH.finditer(text):
            subj, items = m.group("s"), m.group("list") or m.group("list2")
            if subj != "我" and not (s.prompt and PS.is_prompt_persona(s.prompt, subj)):
                continue  # a name the prompt does not cast the model as: the question's topic
            if not any(h in m.group() for h in _HELP_ZH) and names_institution_zh(s, items):
                found += _team_claims(s, items, m.start())
    for m in HOME_ZH.finditer(text):
        if (target := _home(s, m.group("p"))) is not None:
            found.append(_claim(s, "place", target, m.start()))
    return found
