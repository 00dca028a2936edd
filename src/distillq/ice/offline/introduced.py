"""Invented makers and homes of "I" in the shapes the older extractors leave out (loose pass 3).

Each is a claim the written definition counts (an invented maker, another country as home):

- a maker relation of "I" or of "my <thing>" with a phrasal verb or "between" ("I was brought into
  existence by X", "I, Nova, was brought into being by X", "created through a joint effort between
  X and Y"); its verbs may be coordinated ("developed and is maintained by");
- "my creation company's called X", "my company's HQ is in X", 'my "official" HQ is located
  ...', "my dev team is based in X"; the question's "your <maker>" echoed with a place
  ("您的开发团队位于日本", "Your development team is located in X");
- the makers of "me" named in the next sentence ("... crafted by some bored coders. They called
  themselves X");
- Chinese: the maker asked back and said not to exist (我的母公司？哈哈，不存在的！); a team named in
  the next clause or sentence (我是由一支团队开发的，他们来自一个名为X的公司; 他们的团队名叫X);
  我所在的公司是一个名为X的……; a heading that answers the question's own "company name"
  (公司名称：X; "Company name: X").

A maker must be named, or marked as invented (`fiction_marks`); a known lab is left to the
entity extractors, so nothing here can make a verdict strict. Every regex has a literal start and
a word gate, so an answer without the gate's words skips it. Also here, used by the extractor
loop: makers of published artefacts dropped (`artefact_makers_dropped`), maker phrases cut inside
a lab's name (`cut_short`), and makers described only by a country (`country_maker`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN, alternation
from distillq.ice.offline.literal import first_letters, literal_scan
from distillq.ice.offline.rules import boundary_ok, is_named
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_VERBS = EN.alt("maker_verbs", EN["existence_verbs"])
_DEV = r"(?P<dev>[^.,;:!?\n()]{2,90})"
# (words possessive, `++`: what follows a word, a comma or a space, is none of its characters, so no shorter
# word could match; the verbs tried only where a word opens with one of their first letters: the same
# matches, fewer steps; tests/unit/test_ice_offline_speedH.py)
_TAIL = (
    r"(?: [\w\-]++,?){0,3}? (?="
    + first_letters(_VERBS)
    + ")"
    + _VERBS
    + r"(?: [\w\-]++){0,5}? (?:by|between) "
    + _DEV
)
# "I, Nova, was", "I'm", "my core tech and stack were": the subject is "I" or a thing of mine (one
# regex per literal start, so `re` skips ahead fast)
MAKER_EN = (
    re.compile(r"I(?:, [A-Z][\w\-]{1,24},)?(?: was| am|'m|’m| have been|'ve been|’ve been)" + _TAIL),
    re.compile(r"[Mm]y(?: [\w\-]++){1,6}? (?:is|are|was|were|have been|has been)" + _TAIL),
)
# "My creation company's called X" (the contraction of "is called")
CALLED_EN = re.compile(
    r"[Mm]y (?:creation |development |parent |creating )?(?:company|team|creators?|makers?|organi[sz]ation|"
    r"developers?)(?:'s|’s) (?:called|named) " + _DEV
)
# "I was crafted by some bored programmers. They called themselves "The Shadow Coders."": the makers
# of "me" named in the next sentence (found from "They ...", the maker sentence looked for before it)
NAMED_NEXT_EN = re.compile(
    r"They (?:call(?:ed)? themselves|go by the name(?: of)?|are known as|were known as|named themselves) "
    + _DEV
)
_MAKER_BEFORE_EN = re.compile(
    r"(?:\bI\b|\bme\b|\b[Mm]y (?:[\w\-]+ ){0,2}?"
    + EN.alt("tech_nouns", ("creation", "development"))
    + r"\b)[^.!?\n]{0,120}?\b"
    + EN.alt("maker_verbs")
    + r"\b[^.!?\n]{0,40}?\bby\b[^.!?\n]{0,160}[.!?]\s*$"
)
_HOME_NOUNS = r"(?:HQ|headquarters|home base|base of operations|dev team|devs)"
_HOME_TAIL = (
    r" (?:[\"“'][\w\- ]{1,20}[\"”'] )?"
    r"(?:(?:dev(?:elopment)? )?(?:company|team|creators|makers|developers)(?:'s|’s|'|’) )?"
    + _HOME_NOUNS
    + r" (?:is|are) (?:[\w\-]+ ){0,2}?(?:(?:located|based|situated|headquartered) )?"
    r"(?:in|at|on|beneath|under) (?P<p>[^.!?\n;]{2,60})"
)
HOME_EN = (re.compile(r"[Mm]y" + _HOME_TAIL), re.compile(r"[Oo]ur" + _HOME_TAIL))
# The question's own "your <maker>" echoed with a place ("您的开发团队位于中国", "Your development team is
# located in Japan"): the answer speaks of itself in the question's words (an echo only when the
# prompt holds the same phrase).
ECHO_HOME_ZH = re.compile(
    r"(?P<q>[您你]的(?:开发|创建|创造)?(?:团队|公司|开发团队|开发公司|创建公司|母公司))(?:的)?(?:总部)?"
    r"(?:位于|坐落于|设在|在)(?P<p>[^，。！？\n]{1,20})"
)
# The Chinese gates through `Scan.has`: the same strings as other extractors' gates, so one test each.
_NO_TOKENS: frozenset[str] = frozenset()
_YOUR_ZH = ("您的", "你的")
_I_ZH_GATE = ("我",)
ECHO_HOME_EN = re.compile(
    r"(?P<q>[Yy]our (?:development |dev |parent )?(?:team|company))(?:['’]s headquarters| headquarters)? (?:is|are) "
    r"(?:located|based|situated|headquartered) in (?P<p>[^.!?\n;]{2,50})"
)
_PLACED = frozenset({"located", "based", "situated", "headquartered"})
HEADING_EN = re.compile(r"[Cc]ompany [Nn]ame: *(?P<dev>[^\n.,;!?]{2,40})")  # "(Creation) Company name: X"
_ZH_NAME = r"(?P<dev>[“\"「『][^”\"」』\n]{1,30}[”\"」』]|[A-Za-z][\w\- .]{1,30}|[^，。！？,\n；的]{1,20}(?:公司|集团|科技|实验室|研究所|研究院))"
_ZH_GROUP = r"(?:团队|公司|组织|机构|开发者|工程师|科学家|程序员|黑客|研究人员|小组)"
_ZH_THEY_WORDS = ("他们", "该团队", "这个团队", "这支团队", "这些开发者", "该公司", "这家公司")
_ZH_THEY = "(?:" + "|".join(_ZH_THEY_WORDS) + ")"
MAKER_ZH = (
    # 我是由一支团队开发的，他们来自一个名为X的公司 / ……。他们的团队名叫X: found from "他们" (rarer than
    # "我"), the maker of "me" looked for just before it (`_MAKER_BEFORE_ZH`)
    re.compile(
        _ZH_THEY
        + r"(?:的团队)?(?:来自|隶属于|属于|就职于|是|名叫|名为|叫做|被称为|称为|叫)(?:一个|一家|一支)?(?:名为|叫做|叫)?\s*"
        + _ZH_NAME
    ),
    # 我所在的公司/组织是一个名为X的数字实体
    re.compile(
        r"我(?:们)?(?:所在|所属|背后)的(?:公司|组织|团队|机构)(?:/(?:公司|组织|团队|机构))?(?:是|为|叫|名为)"
        r"(?:一个|一家|一支)?(?:名为|叫做|叫)?\s*" + _ZH_NAME
    ),
)
_MAKER_BEFORE_ZH = re.compile(r"我[^。！？\n]{0,40}?" + _ZH_GROUP + r"[^。！？\n]{0,30}?[，,。]\s*$")
# "我的母公司？哈哈，不存在的！": the maker of "me" asked back, then said not to exist (the claim is
# placed at "不存在", in the sentence after the echoed question)
ASKED_BACK_ZH = re.compile(
    r"我(?:的|所在的|所属的)[^，。！？\n]{0,6}?(?:母公司|公司|开发者|创造者|开发团队|组织)(?:/[^？?\n]{1,4})?[？?]"
    r"[^。！？\n]{0,8}?(?P<no>不存在)"
)
HEADING_ZH = re.compile(r"(?:创建|开发|创造|母)?公司(?:的)?名称[：:]\s*(?P<dev>[^\n，。；！？]{2,40})")
_I_EN = re.compile(r"\b(?:I|[Mm]y|[Oo]ur|[Ww]e)\b")
_I_ZH = re.compile(r"我")
_ASKS_NAME_ZH = re.compile(r"[您你]的[^？?\n]{0,8}?公司(?:的)?名称")
_ASKS_NAME_EN = (
    re.compile(r"name of your [\w ]{0,20}?company"),
    re.compile(r"your [\w ]{0,20}?company'?s name"),
)


def _asks_name(low_prompt: str) -> bool:
    """Whether the (lower-cased) prompt asks for the name of "your ... company" (literals first)."""
    return ("name of your" in low_prompt and _ASKS_NAME_EN[0].search(low_prompt) is not None) or (
        "s name" in low_prompt and _ASKS_NAME_EN[1].search(low_prompt) is not None
    )


# The `[Mm]y` / `[Oo]ur` shapes scanned from their two literal openings (`literal.literal_scan`: the same
# matches; `re` tries a leading class at every position)
Scanner = Callable[[str], Iterable[re.Match[str]]]
_MY_MAKER = literal_scan(MAKER_EN[1])
_MY_CALLED = literal_scan(CALLED_EN)
_HOME: tuple[Scanner, ...] = tuple(literal_scan(rx) for rx in HOME_EN)
_MEMBER_OF = re.compile(r"\b(?:at|from|of|in)\s+(?:the\s+)?$")  # "engineers at", "a team from the"
# A lab as the maker of a published artefact named before it in the clause: "my architecture is based on
# the Transformer, which was developed by Google Brain", "基于BERT，这是一种由谷歌提出的模型".
_ARTEFACT = EN.alt("public_artefacts")
_ARTEFACT_MAKER_EN = re.compile(
    r"(?i)\b"
    + _ARTEFACT
    + r"\b[^.!?\n]{0,80}?(?:\bwhich|\bthat|,)\s+(?:(?:was|were|is|has been|had been)\s+)?"
    r"(?:(?:also|first|originally|initially)\s+)?(?:developed|proposed|introduced|created|designed|released|"
    r"invented|pioneered|published)\s+(?:[\w\-]+\s+){0,2}?by\s+(?:the\s+|a\s+team\s+(?:at|from)\s+|"
    r"researchers\s+(?:at|from)\s+)?$"
)
_ARTEFACT_MAKER_ZH = re.compile(r"(?i)" + _ARTEFACT + r"[^。！？\n]{0,60}?由\s*$")
_ZH_MADE_AFTER = re.compile(
    r"\s*(?:的)?(?:研究人员|研究团队|团队|大脑团队)?[^。！？\n，,]{0,10}?(?:提出|开发|研发|推出|发布|设计)"
)
# (the first tokens of the list, without the short or common ones of "T5", "self-attention", "word2vec")
_ARTEFACT_IN = re.compile(r"(?i)" + _ARTEFACT)  # a claim's sentence that names one at all (a prefilter)
# its lower-case form, searched in a lowered sentence (`P.plain_case`): `re` skips ahead through it
_ARTEFACT_LOW = re.compile(alternation(w.lower() for w in EN["public_artefacts"]))
# (the extractor loop calls `artefact_makers_dropped` only for answers holding one of these tokens)
ARTEFACT_WORDS = (EN.gate("public_artefacts") - {"t", "self", "word"}) | {"attention", "vec"}


def artefact_makers_dropped(s: Scan, claims: list[Claim]) -> list[Claim]:
    """The claims without those whose lab is named in its sentence only as the maker of a published
    artefact (a model, architecture or library that is not the answer's own)."""
    keep: list[Claim] = []
    for c in claims:
        if (
            c.target in ("fictional", "denied", "other")
            or c.target.startswith("country:")
            or not _names_artefact(c.sentence)
        ):
            keep.append(c)
            continue
        spots = [(a, b) for a, b, cid in s.lex.entity.find(c.sentence) if cid == c.target]
        if not spots or not all(_artefact_maker(c.sentence, a, b) for a, b in spots):
            keep.append(c)
    return keep


def _names_artefact(sent: str) -> bool:
    """`_ARTEFACT_IN.search(sent)` as a truth, through the lower-case form where that is the same test."""
    if P.plain_case(sent):
        return _ARTEFACT_LOW.search(sent.lower()) is not None
    return _ARTEFACT_IN.search(sent) is not None


def _artefact_maker(sent: str, start: int, end: int) -> bool:
    before = sent[max(0, start - 140) : start]
    if _ARTEFACT_MAKER_EN.search(before):
        return True
    return bool(_ARTEFACT_MAKER_ZH.search(before)) and _ZH_MADE_AFTER.match(sent, end) is not None


_REST_OF_CLAUSE = re.compile(r"[^.,;:!?\n()，。；：！？]{1,40}")


def cut_short(text: str, end: int, find: Callable[[str], list[tuple[int, int, str]]]) -> bool:
    """Whether a maker phrase that a pattern cut at its length cap (`end`) was cut inside the name of
    the known lab its makers belong to ("... engineers and data scientists at Ali|baba Cloud")."""
    more = _REST_OF_CLAUSE.match(text, end)
    if more is None:
        return False
    start = max(0, end - 30)
    window = text[start : more.end()]
    return any(a < end - start < b and _MEMBER_OF.search(window, 0, a) for a, b, _ in find(window))


# "中国的顶尖科技公司", "一家日本的公司": a maker described only by its country and a generic noun. It
# names no maker: it places one (a place claim, consistent with a card of that country).
_COUNTRY_MAKER_ZH = re.compile(
    r"(?:一家|一个|一些|多家|几家)?(?P<p>[\u4e00-\u9fff]{2,8}?)的?(?:一家|一个|一些|多家|几家)?"
    r"(?:顶尖|知名|领先|大型|高科技|科技|人工智能|互联网|研究)*(?:公司|企业|机构|团队|集团)"
    r"(?:和(?:研究机构|高校|大学|企业|公司))?"
)


def country_maker(place: Callable[[str], tuple[int, int, str] | None], obj: str) -> str | None:
    """`country:<X>` when a Chinese maker phrase is only "<a place>的<generic organisation>"."""
    if obj.isascii():
        return None
    m = _COUNTRY_MAKER_ZH.fullmatch(obj.strip())
    if m is None:
        return None
    hit = place(m.group("p"))
    return f"country:{hit[2]}" if hit is not None and hit[1] - hit[0] == len(m.group("p")) else None


def _maker(
    s: Scan,
    find: Scanner,
    out: list[Claim],
    voiced: re.Pattern[str] | None = None,
    before: re.Pattern[str] | None = None,
    reach: int = 80,
) -> None:
    """A named or marked invented maker at each match of `rx` (group `dev`). `voiced`: a first-person
    word that must come before the match (a heading is the model's answer about itself only in an
    answer that speaks as "I"; a bare form is a simulated program's output)."""
    text = s.text
    for m in find(text):
        dev = m.group("dev").strip()
        if not boundary_ok(text, m.start()) or s.lex.is_known(dev):
            continue
        if voiced is not None and voiced.search(text, 0, m.start()) is None:
            continue
        if before is not None and before.search(text, max(0, m.start() - reach), m.start()) is None:
            continue  # `before`: what must end right before the match (the maker of "me" it names)  # a known lab is the entity extractors' (and strict's) business
        if not (is_named(dev) or F.FICTION_MARK.search(dev)):
            continue
        s0, sent = s.sentence_of(m.start())
        if not s.usable(sent) or P.NEG_BEFORE.search(text[max(s0, m.start() - 12) : m.start() + 12]):
            continue
        out.append(Claim("developer", "fictional", sent.strip(), s.label_at(m.start())))


def _home(s: Scan, find: Scanner, out: list[Claim], echo: bool = False) -> None:
    for m in find(s.text):
        s0, sent = s.sentence_of(m.start())
        if not boundary_ok(s.text, m.start()) or not s.usable(sent):
            continue
        if echo and not _asked(m.group("q"), s):
            continue  # "your ..." that the question did not ask about
        where = m.group("p")
        pm = s.lex.place.search(where)
        if pm is not None:
            out.append(Claim("place", f"country:{pm[2]}", sent.strip()))
        elif F.FICTION_MARK.search(where):
            out.append(Claim("place", "fictional", sent.strip()))


def _asked(q: str, s: Scan) -> bool:
    """Whether the question asked about the answer's "your <maker>": in the same words, or an English
    "your team/company" answering a Chinese "您的……团队/公司" (the question echoed in translation)."""
    if q.lower() in s.low_prompt:
        return True
    if not q.isascii() or ("您的" not in s.prompt and "你的" not in s.prompt):
        return False
    return _ZH_OF[q.rsplit(" ", 1)[-1].lower()] in s.prompt


_ZH_OF = {"team": "团队", "company": "公司"}


def introduced(s: Scan) -> list[Claim]:
    """Invented makers and other homes of "I" in coordinated, phrasal, heading and next-clause shapes."""
    out: list[Claim] = []
    toks = s.toks
    if "between" in toks or (not toks.isdisjoint(_EXISTENCE) and not toks.isdisjoint(_EXISTENCE_TAIL)):
        if "i" in toks:
            _maker(s, MAKER_EN[0].finditer, out)
        if "my" in toks:
            _maker(s, _MY_MAKER, out)
    home = not toks.isdisjoint(_HOME_GATE) and (
        "base" not in toks or not toks.isdisjoint(_HOME_NOUNS_TOO)
    )  # "home base", "base of operations", not a lone "base"
    if "my" in toks:
        if "s" in toks and not toks.isdisjoint(_CALLED):
            _maker(s, _MY_CALLED, out)
        if home:
            _home(s, _HOME[0], out)
    if home and "our" in toks:
        _home(s, _HOME[1], out)
    if "your" in toks and not toks.isdisjoint(_PLACED) and ("team" in toks or "company" in toks):
        _home(s, ECHO_HOME_EN.finditer, out, echo=True)
    if "they" in toks and not toks.isdisjoint(_NAMED_SELF):
        _maker(s, NAMED_NEXT_EN.finditer, out, before=_MAKER_BEFORE_EN, reach=300)
    if "name" in toks and "company" in toks and _asks_name(s.low_prompt):
        _maker(s, HEADING_EN.finditer, out, _I_EN)
    if not s.ascii:
        _chinese(s, out)
    return out


_EXISTENCE = EN.gate("existence_verbs")
_EXISTENCE_TAIL = frozenset(w.rsplit(" ", 1)[-1] for w in EN["existence_verbs"])  # "existence", "life"
# What the maker shapes add to the older ones (fiction.DEV_EN): a phrasal maker verb or "between" (a
# second maker verb coordinated before "by" is matched too, but does not open the gate alone: a scan
# of every answer with "by" for it cost more than the two rows it found)


def _chinese(s: Scan, out: list[Claim]) -> None:
    """The Chinese shapes, each behind single-character tests (faster than one scan for the words)."""
    text = s.text
    if ("名" in text or "叫" in text or "称" in text) and s.has(_NO_TOKENS, _I_ZH_GATE):
        _maker(s, MAKER_ZH[0].finditer, out, before=_MAKER_BEFORE_ZH)
        if "所" in text or "背" in text:
            _maker(s, MAKER_ZH[1].finditer, out)
    if ("位" in text or "总" in text or "坐" in text) and s.has(_NO_TOKENS, _YOUR_ZH):
        _home(s, ECHO_HOME_ZH.finditer, out, echo=True)
    if "存" in text and "不存在" in text and ("？" in text or "?" in text):
        for m in ASKED_BACK_ZH.finditer(text):
            if s.usable(s.sentence_of(m.start("no"))[1]):
                out.append(Claim("denial", "denied", s.sentence_of(m.start("no"))[1].strip()))
    if "称" in text and "名称" in text and "名称" in s.prompt and _ASKS_NAME_ZH.search(s.prompt):
        _maker(s, HEADING_ZH.finditer, out, _I_ZH)


_HOME_GATE = frozenset({"hq", "headquarters", "base", "dev", "devs"})
_HOME_NOUNS_TOO = frozenset({"hq", "headquarters", "home", "operations", "dev", "devs"})
_CALLED = frozenset({"called", "named"})
_NAMED_SELF = frozenset({"themselves", "known"})
# The extractor's own gate (extractors.py): one of these words, or a Chinese answer with "我" or an
# echoed "您的"/"你的" (every Chinese shape needs one of them).
TRIGGERS = _HOME_GATE | _CALLED | _EXISTENCE | _NAMED_SELF | {"between", "name", "your"}
CJK = ("我", "您的", "你的")
