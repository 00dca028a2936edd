"""The Chinese forms of the homes shapes (homes.py): homes and invented makers of "我" the older
Chinese patterns miss.

- a second clause that places "my" makers: "我的开发团队分布在世界各地，但总部位于X";
- "我是一个由X开发的……" with X marked as a name (quoted, or in Latin letters): the older shape reads
  "我是由X开发的" only;
- the question's "您的……由哪个团队开发" echoed with an invented maker: "您的核心算法是由一个秘密团队开发的".

Written by homes4 and left out for their cost (1.3%: every "由" was looked at with a regex); here the
extractor is entered on "总部" or "由" (two `in` tests), each is found with one `str.find` pass, and at
each "由" only the few characters before it are read before any regex runs: a measure word after "我是一"
("个", "款": `homes.yaml` `zh_measure_words`), "我" / "我是" (cosmic.py's "我由X创作"), "您" / "你" once the
question (read once per prompt) asks who made something of "yours". A known lab is the entity
extractors': nothing here makes a verdict strict.
homes4's fourth form, the question's "您的……总部在哪里" answered with "总部位于X", is left out: it reads
most answers to that question (a place claim for each) and changed one row of 6,000.
"""

from __future__ import annotations

import re

from distillq.ice.offline import cosmic as CO
from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.homes_words import H, not_said
from distillq.ice.offline.lexicon import ZH
from distillq.ice.offline.scan import Scan, holds_any
from distillq.ice.types import Claim

_MADE = r"(?:所|共同|独立|自主|负责|进行)?" + ZH.alt("maker_verbs")
# "我的开发团队分布在世界各地，但总部位于美国": the second clause, found from "总部"
SECOND_ZH = re.compile(r"总部(?:则|都|也)?(?:位于|设在|坐落于|集中在|扎根于|在)(?P<p>[^，。！？\n；]{1,20})")
_CLAUSE_ZH = re.compile(r"[，,]\s*(?:但|不过|其中|而)?(?:是)?$")
SUBJ_ZH = re.compile(r"我(?:们)?的?[\u4e00-\u9fff]{0,4}?(?:团队|公司|开发者|创造者|工程师|研究人员)")
# "我是一个由X开发的语言模型"
A_MADE_ZH = re.compile(r"由(?P<dev>[^，。！？,\n；]{1,30}?)" + _MADE)
# "您使用的核心技术是由一个高度机密的团队开发的": the question's "您的……" echoed with an invented maker
ECHO_DEV_ZH = re.compile(
    r"(?P<q>[您你](?:的|使用的|所使用的)[^，。！？\n由]{1,10}?)(?:是)?由(?P<dev>[^，。！？,\n；]{1,30}?)"
    + _MADE
)
_ASKING = ZH["question_words"]  # ("哪个团队": the question itself echoed, no maker)
_MEASURE = frozenset(H["zh_measure_words"])  # ("个", "款": the word before "由" in "我是一个由X开发的")


def _named_zh(s: Scan, m: re.Match[str], out: list[Claim]) -> None:
    """An invented maker for a marked name in group `dev` (a known lab is the entity extractors')."""
    dev = m.group("dev").strip()
    if (
        any(w in dev for w in _ASKING)
        or s.lex.is_known(dev)
        or not (CO.MARKED_ZH.search(dev) or F.FICTION_MARK.search(dev))
    ):
        return
    s0, sent = s.sentence_of(m.start())
    negated = P.NEG_BEFORE.search(s.text[max(s0, m.start() - 12) : m.start() + 12])
    if s.usable(sent) and not negated and not not_said(s, s0, m.start()):
        out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))


def homes_zh(s: Scan) -> list[Claim]:
    """Chinese homes of "my" makers (a second clause) and invented makers of "我" ("我是一个由X开发的",
    "我由X创作", the question's "您的……" echoed with its maker), found from each "总部" and "由" (one
    `str.find` pass each), every other test made on the few characters before them."""
    out: list[Claim] = []
    text = s.text
    i = text.find("总部")
    while i >= 0:
        _head_zh(s, i, out)
        i = text.find("总部", i + 2)
    made: bool | None = None  # (the question read at the first "您……由" that asks nothing: most have none)
    authored: bool | None = None  # (an author verb anywhere: looked for once, at the first "我由")
    you = "您" in text or "你" in text  # (the echo below needs one before its "由": most answers have none)
    i = text.find("由")
    while i >= 0:
        c = text[i - 1 : i]
        if c in _MEASURE and text[max(0, i - 4) : i - 1].endswith(("我是一", "我是")):
            if (a := A_MADE_ZH.match(text, i)) is not None:
                _named_zh(s, a, out)  # "我是一个由X开发的模型"
        elif c == "我" or (c == "是" and text[i - 2 : i - 1] == "我"):
            if authored is None:
                authored = holds_any(text, CO.ZH_AUTHOR)
            if authored:
                CO.author_zh(s, i - 1 if c == "我" else i - 2, out)  # "我由X创作" (cosmic.py)
        j = -1
        if you:
            b0 = max(0, i - 16)
            j = max(text.rfind("您", b0, i), text.rfind("你", b0, i))
        if j >= 0 and not any(w in text[i + 1 : i + 4] for w in _ASKING):  # ("由哪个团队": the question)
            if made is None:
                made = bool(s.prompt) and s.lex.of_prompt("asks_made", s.prompt, _asks_made)
            e = ECHO_DEV_ZH.match(text, j) if made else None  # the question's "您的……" echoed before "由"
            if e is not None and e.end("q") <= i and _echoed(s, e):
                _named_zh(s, e, out)
        i = text.find("由", i + 1)
    return out


def _echoed(s: Scan, e: re.Match[str]) -> bool:
    """The "您的……" before "由" is the question's own ("的核心技术"), and what follows names no one by
    asking ("哪个团队": the question itself echoed); the cheap test first, the prompt read last."""
    dev = e.group("dev")
    return not any(w in dev for w in _ASKING) and e.group("q")[1:] in s.prompt


def _head_zh(s: Scan, i: int, out: list[Claim]) -> None:
    """A second clause placing the headquarters of "my" makers, at "总部"."""
    text = s.text
    if _CLAUSE_ZH.search(text, i - 8, i) and (m := SECOND_ZH.match(text, i)) is not None:
        s0, sent = s.sentence_of(i)
        pm = s.lex.place.search(m.group("p"))
        if SUBJ_ZH.search(text, max(s0, i - 40), i) and pm and pm[0] == 0 and s.usable(sent):
            out.append(Claim("place", f"country:{pm[2]}", sent.strip(), s.label_at(i)))


def _asks_made(prompt: str) -> bool:
    """Whether the question asks who made something of "yours" ("由哪个团队开发"); remembered per judge
    through `Lexicon.of_prompt` (a run asks the same questions of many templates)."""
    return ("您" in prompt or "你" in prompt) and "由" in prompt


CJK = ("总部", "由")  # (two strings, each tested with `in` before the `homes` extractor is called)
