"""Strict claim shapes where the model's own side is named first and the lab after it.

`entity` (rules.py) links a name to a first person through a relation word right before the name
("I was developed by X"). Three shapes put more than a relation word between them:

- **rules "I" must follow**: "I must follow X's usage policies", "I am programmed to adhere to X's
  content policy", "我必须遵守X的使用政策". A lab's policies bind only the lab's own models, so the
  maker is implied. Refusals and rebellions ("I will not follow", "I ignore X's rules") are no
  claim, and nor are the user's platform's rules ("your platform's policies").
- **a list of the makers of "my" platform**: "The developers and companies continuously
  supporting and optimizing my platform include X, ...", "支持和优化我的平台的公司包括X".
  Every lab in the list that follows is named. The list may open the next sentence ("... optimizing
  my platform. Some of the big names include X"), when the sentence before ends with "my platform".
- **makers of "my" platform introduced, then listed**: "... supported by several organisations.
  These include:\n1. X\n2. Y": every lab that opens an item is named (`listed_makers`, which
  relation.py re-exports).
- **"the system" described as an AI with a maker**, opening its sentence: "... had a
  conversation. The system is a large language model trained by X" (the last clause of a long or
  garbled answer). A named model ("ChatGPT is a language model trained by X") is not this shape.
- **"it" for "my platform"**: "The platform I inhabit is ... . It is a construct born from the
  ingenuity of X": only when the sentence before opens with the model's own platform.
- **the question's own noun given a maker**: asked about "your technology platform", the answer
  opens with "The technology platform being used is provided by X". The noun stands for "my
  platform" only when the question asked about it and the phrase opens the answer's sentence.

Each function returns (kind, card id, position) hits; every word list is in `lexicon/{en,zh}.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from distillq.ice.offline import patterns as P
from distillq.ice.offline.each_match import finds
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.literal import by_first
from distillq.ice.offline.patterns import plain_case
from distillq.ice.offline.scan import holds_any

Hit = tuple[str, str, int]
Mentions = list[tuple[int, int, str]]

_TECH = EN.alt("tech_nouns")
_WORK = EN.alt("maker_work_nouns")
_ADJ = r"(?:[\w\-]+\s+(?:and\s+|&\s+)?){0,3}?"
_MY_TECH = r"(?:me|us|(?:my|our)\s+" + _ADJ + r"(?:" + _TECH[3:-1] + r"|" + EN.inner("self_states") + r"))"

# "I must follow " right before the lab, and "'s usage policies" right after it.
OBLIGED_EN = re.compile(
    r"(?i)(?<![\w'’])(?:I|we)\s+(?:"
    + EN.inner("obligation_modals")
    + r")\s+(?:always\s+|strictly\s+|also\s+)?"
    r"(?:" + EN.inner("obligation_verbs") + r")\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?$"
)
POLICY_AFTER_EN = re.compile(r"(?i)['’]s?\s+(?:[\w\-]+\s+)?" + EN.alt("policy_nouns") + r"\b")
OBLIGED_ZH = re.compile(
    r"我(?:们)?[^，。！？\n不没别无]{0,4}?(?:"
    + ZH.inner("obligation_modals")
    + r")?(?:"
    + ZH.inner("obligation_verbs")
    + r")$"
)
POLICY_AFTER_ZH = re.compile(r"(?:的|公司的)?(?:" + ZH.inner("policy_nouns") + r")")

# "<makers> (that are) (continuously) supporting and optimizing my platform include " before the lab.
_MAKERS = r"(?:" + EN.inner("maker_nouns", "maker_roles") + r"|companies|organi[sz]ations|entities|labs)"
_MAKER_TOKENS = EN.gate("maker_nouns", "maker_roles") | {
    "companies",
    "organisations",
    "organizations",
    "entities",
    "labs",
}
_KEEPING_TOKENS = EN.gate("maker_gerunds", "keeper_verbs") | {
    "behind",
    "responsible",
    "working",
    "helping",
    "striving",
}
MAKERS_LIST_EN = P.case_explicit(  # (branches opening case-explicit: `P.cased`)
    r"(?i)\b"
    + _MAKERS
    + r"(?:\s+(?:and|&|or)\s+"
    + _MAKERS
    + r")?\s+(?:(?:that|who)\s+(?:are\s+|have\s+been\s+)?)?"
    r"(?:\w+ly\s+)?(?:" + EN.inner("maker_gerunds", "keeper_verbs") + r"|behind|responsible\s+for)"
    r"(?:\s+(?:and|&)\s+\w+)?\s+(?:the\s+[\w\-]+\s+of\s+)?" + _MY_TECH + r"\s+"
    r"(?:" + EN.inner("list_verbs") + r")\s*:?\s+(?:primarily\s+|mainly\s+|mostly\s+|chiefly\s+)?(?:the\s+)?$"
)
# The same list opened by the next sentence: "<makers> ... optimizing my platform. Some of the big names
# include " before the lab. The first sentence must end with "my platform" after a keeping verb.
MAKERS_BEFORE_EN = re.compile(
    r"(?i)\b"
    + _MAKERS
    + r"\b[^.!?\n]{0,60}?\b(?:"
    + EN.inner("maker_gerunds", "keeper_verbs")
    + r"|(?:working|helping|striving)\s+to\s+"
    r"(?:" + EN.inner("keeper_bases") + r"))(?:\s+(?:and|&)\s+\w+)?\s+" + _MY_TECH + r"\s*[.!;]\s+$"
)
LIST_OPENS_EN = re.compile(
    r"(?i)(?:(?:some|a\s+few|several|many|most|one|two|three)\s+of\s+)?(?:the|them|these|those)\b"
    r"(?:\s+[\w\-]+){0,2}?(?:\s+(?:" + EN.inner("list_heads") + r")(?:\s+in\s+the\s+[\w\-]+)?)?\s+"
    r"(?:" + EN.inner("list_verbs") + r")\s*:?\s+(?:primarily\s+|mainly\s+)?(?:the\s+)?"
)
MAKERS_LIST_ZH = re.compile(
    r"(?:" + ZH.inner("keeper_verbs") + r")[^，。！？\n]{0,8}?我(?:们)?的[\u4e00-\u9fff]{0,6}?"
    r"(?:" + ZH.inner("tech_nouns") + r")的[\u4e00-\u9fff]{0,6}?(?:" + ZH.inner("maker_nouns") + r"|开发者)"
    r"[^，。！？\n]{0,4}?(?:" + ZH.inner("list_verbs") + r")[：:]?\s*$"
)
# Cheap anchored tests tried before the long backward searches.
_LIST_END = P.case_explicit(  # (branches opening case-explicit: `P.cased`)
    r"(?i)(?:"
    + EN.inner("list_verbs")
    + r")\s*:?\s+(?:primarily\s+|mainly\s+|mostly\s+|chiefly\s+)?(?:the\s+)?$"
)
_LIST_END_ZH = re.compile(r"(?:" + ZH.inner("list_verbs") + r")[：:]?\s*$")
_LIST_WORDS = re.compile(" (?:" + "|".join(sorted({w.split()[0] for w in EN["list_verbs"]})) + ")")
_BY_END = re.compile(r"(?i)\bby\s+(?:the\s+)?$")
# Word gates generated from the lexicon: an answer without any of them skips the shape.
POLICY_TOKENS = EN.gate("policy_nouns")
POLICY_ZH = ZH["policy_nouns"]
_POLICY_ZH_GATE = [w for w in POLICY_ZH if not any(v != w and v in w for v in POLICY_ZH)]  # ("政策" holds)
SELF_TOKENS = frozenset({"my", "our", "me", "us"})
_JOIN = re.compile(r"(?i)(?:\s*(?:,|、|，|和|与|及|以及|and|&|as\s+well\s+as)\s*)+")

# "The technology platform or architecture (being used) is provided by " before the lab.
_ECHO_THE_REST = (
    r"\s+(?P<p>(?:[\w\-]+\s+(?:and\s+|or\s+)?){0,4}?" + _TECH + r")"
    r"(?:\s+(?:being\s+used|in\s+use|used|here|in\s+question))?\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(?:provided|" + EN.inner("keeper_verbs") + r")(?:\s+(?:and|&)\s+\w+)?\s+by\s+(?:the\s+)?$"
)
ECHO_THE_PLAIN = r"(?i)\bthe" + _ECHO_THE_REST  # (the plain form; literal-first below: `re` skips to "t"/"T")
ECHO_THE_EN = re.compile(by_first([("Tt", r"(?<!\w.)(?i:he" + _ECHO_THE_REST + ")")]))
_YOUR_ZH = re.compile(
    r"(?:您|你)(?:的|所使用的|使用的|所用的)[\u4e00-\u9fff]{0,6}?(?:" + ZH.inner("tech_nouns") + r")"
)
_TECH_WORDS = frozenset(w.lower() for w in EN["tech_nouns"] if " " not in w)
# What may open a sentence before the echoed phrase: markup and a voice label.
_OPENING = re.compile(r"[\s>#*_\-]*(?:(?:\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)|[\w .\-]{1,30}[:：])[\s*_]*)?")


# "The system is a large language model trained by " before the lab: a generic "the system/assistant"
# described as an AI with a maker, opening its sentence (the last clause of a garbled transcript).
_GENERIC_SELF_BODY = (
    r"[ \t>*_\-]*(?i:the|this)\s+(?i:AI\s+)?(?i:system|assistant|model|AI|chatbot|bot)\s+"
    r"(?i:is|was)\s+(?i:an?)\s+(?:[\w\-]+\s+){0,3}?(?i:" + EN.inner("ai_descriptors") + r")\s+"
    r"(?i:" + EN.inner("maker_verbs") + r")\s+(?i:by)\s+(?i:the\s+)?$"
)
GENERIC_SELF_EN = re.compile(r"(?:^|(?<=[.!?\n]))" + _GENERIC_SELF_BODY)
# Its body, matched only where it may start (`_generic_self_at`): `search` tried the body's `(?i)` words
# at every position of the window, though a match starts only at the text's start or after ".!?\n".
_GENERIC_SELF_AT = re.compile(_GENERIC_SELF_BODY)
_SENT_MARKS = ".!?\n"


# "My platform ... . It is a construct born from the ingenuity of X": "it" for "my platform" said in the
# sentence before, which opens with it ("My core technology ...", "The platform I inhabit ...").
MY_TECH_OPENS = re.compile(
    r"[ \t>*_\-]*(?:(?:[Mm]y|[Oo]ur)\s+"
    + _ADJ
    + _TECH
    + r"|[Tt]he\s+"
    + _ADJ
    + _TECH
    + r"\s+(?:(?:that|which)\s+)?(?:I|we)\s+"
    + EN.alt("self_uses")
    + r")\b"
)
_MADE = r"(?:construct|creation|product|brainchild|born|built|created|developed|designed|made|powered|provided|trained)"
IT_MADE_BY = re.compile(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?P<it>It|This)\s+(?:is|was)\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,3}?"
    + _MADE
    + r"(?:\s+(?:up|out))?\s+(?:by|of|from|at|in)\s+(?:the\s+)?(?:[\w\-]+\s+(?:of\s+)?){0,3}?$"
)


def _sentence_start(text: str, pos: int) -> int:
    return max((i + len(d) for d in P.SENT_ENDS if (i := text.rfind(d, 0, pos)) >= 0), default=0)


def obliged(text: str, toks: frozenset[str], mentions: Mentions) -> list[Hit]:
    """Labs whose policies "I" must follow ("I must follow X's usage policies")."""
    out: list[Hit] = []
    if toks.isdisjoint(POLICY_TOKENS) and (text.isascii() or not holds_any(text, _POLICY_ZH_GATE)):
        return out
    for start, end, cid in mentions:
        m = OBLIGED_EN.search(text, start - 80, start) if POLICY_AFTER_EN.match(text, end) else None
        if m is not None:
            if not P.NEG_BEFORE.search(text[max(0, m.start() - 30) : start]):
                out.append(("entity", cid, m.start()))
        elif not text.isascii() and POLICY_AFTER_ZH.match(text, end):  # (anchored: before the search)
            z = OBLIGED_ZH.search(text, start - 20, start)
            if z is not None and not P.NEG_BEFORE.search(z.group(0)):
                out.append(("entity", cid, z.start()))
    return out


def makers_listed(text: str, toks: frozenset[str], mentions: Mentions) -> list[Hit]:
    """Labs listed as the makers or keepers of "my" platform ("... optimizing my platform include X, Y")."""
    out: list[Hit] = []
    if toks.isdisjoint(SELF_TOKENS) and "我" not in text:
        return out
    # Exact gates: both English shapes open with a maker word and hold a keeping verb, "behind", or
    # "responsible"/"working to" (tokens, unless `(?i)` folds a character otherwise); Chinese: 我 and 的.
    en = (not toks.isdisjoint(_MAKER_TOKENS) and not toks.isdisjoint(_KEEPING_TOKENS)) or not plain_case(text)
    zh = not text.isascii() and "我" in text and "的" in text
    if not (en or zh):
        return out
    listed = False
    for k, (start, _, cid) in enumerate(mentions):
        prev_end = mentions[k - 1][1] if k else -1
        if listed and _JOIN.fullmatch(text, prev_end, start):
            out.append(("entity", cid, start))  # the list goes on: "include X, Y and Z"
            continue
        m = None
        if en and _LIST_WORDS.search(text, start - 24, start) and _LIST_END.search(text, start - 30, start):
            m = MAKERS_LIST_EN.search(text, start - 160, start)
            if m is None:
                m = _listed_next(text, start)
        if m is None and zh and _LIST_END_ZH.search(text, start - 5, start):
            m = MAKERS_LIST_ZH.search(text, start - 60, start)
        listed = m is not None and not P.NEG_BEFORE.search(text[m.start() : start])
        if listed:
            out.append(("entity", cid, start))
    return out


def _listed_next(text: str, start: int) -> re.Match[str] | None:
    """The list of "my" platform's makers opened in the sentence after it names them ("... optimizing my
    platform. Some of the notable ones include X"): the lab's sentence opens with the list, the one before
    ends with "my platform" after a keeping verb."""
    s0 = _sentence_start(text, start)
    if s0 == 0 or s0 < start - 60:
        return None
    before = text[max(0, s0 - 40) : s0]
    if "my " not in before and "our " not in before and "me" not in before and "us" not in before:
        return None  # the sentence before must end with "my platform" / "me" (cheap test first)
    lead = s0 + len(text[s0:start]) - len(text[s0:start].lstrip())
    if LIST_OPENS_EN.fullmatch(text, lead, start) is None:
        return None
    m = MAKERS_BEFORE_EN.search(text, s0 - 200, s0)
    if m is None or P.NEG_BEFORE.search(text[_sentence_start(text, m.start()) : s0]):
        return None  # "No companies are supporting my platform." names no maker
    return m


def echo_the(text: str, prompt: str, mentions: Mentions, is_role: Callable[[int, int], bool]) -> list[Hit]:
    """A lab given as the maker of the noun the question asked about ("The platform used is provided by X")."""
    out: list[Hit] = []
    asked: frozenset[str] | None = None
    if "by" not in text:
        return out  # (each name below needs a "by" right before it)
    for start, end, cid in mentions:
        if text.find("by", start - 8 if start > 8 else 0, start) < 0 or not _BY_END.search(
            text, start - 8, start
        ):
            continue
        m = ECHO_THE_EN.search(text, start - 140, start)
        if m is None:
            continue  # (the answer's shape first: the question is read at the first name it fits, few)
        if asked is None:  # the nouns the question asked about ("your technology platform"); in Chinese, any
            tail = prompt[-300:]
            low = tail.lower()
            words = {w.strip(".,;:!?()\"'") for i in finds(low, "your") for w in low[i : i + 60].split()[1:6]}
            zh = ("您" in tail or "你" in tail) and _YOUR_ZH.search(tail) is not None  # (its opening first)
            asked = _TECH_WORDS if zh else _TECH_WORDS.intersection(words)
        if not asked:
            return out  # (empty: a name is kept only where the question asked about a noun)
        if is_role(start, end) or asked.isdisjoint(m.group("p").lower().split()):
            continue
        if _OPENING.fullmatch(text, _sentence_start(text, m.start()), m.start()) is None:
            continue  # "the platform" mid-sentence may be anyone's
        out.append(("entity", cid, start))
    return out


def generic_self(text: str, mentions: Mentions) -> list[Hit]:
    """A lab as the maker of "the system" described as an AI ("The system is a language model trained by X")."""
    out: list[Hit] = []
    if "by" not in text:
        return out
    for start, _, cid in mentions:
        by = text.find("by", start - 8 if start > 8 else 0, start) >= 0
        if by and _generic_self_at(text, start - 120, start):
            out.append(("entity", cid, start))
    return out


def _generic_self_at(text: str, w0: int, end: int) -> bool:
    """`GENERIC_SELF_EN.search(text, w0, end) is not None`: its body matched at each place in [w0, end]
    where its opening holds (the text's start, or right after ".", "!", "?" or a newline: found with
    `str.find`), instead of the pattern tried at every place."""
    if w0 <= 0 and _GENERIC_SELF_AT.match(text, 0, end) is not None:  # (`w0` may be below 0)
        return True
    for mark in _SENT_MARKS:
        i = text.find(mark, w0 - 1 if w0 > 0 else 0, end)
        while i >= 0:
            if _GENERIC_SELF_AT.match(text, i + 1, end) is not None:
                return True
            i = text.find(mark, i + 1, end)
    return False


def it_my_tech(text: str, mentions: Mentions) -> list[Hit]:
    """A lab as the maker of "it", the model's own platform named at the start of the sentence before."""
    out: list[Hit] = []
    for start, _, cid in mentions:
        w = text[max(0, start - 120) : start]
        if "It " not in w and "This " not in w:
            continue
        m = IT_MADE_BY.search(text, start - 120, start)
        if m is None or P.NEG_BEFORE.search(m.group(0)):
            continue
        s0 = _sentence_start(text, m.start("it"))
        prev0 = _sentence_start(text, max(0, s0 - 2))
        if s0 > 0 and MY_TECH_OPENS.match(text, prev0, s0):
            out.append(("entity", cid, start))
    return out


# Makers or supporters of "my" platform introduced, then listed ("... supported by several organisations.
# These include:\n1. OpenAI ..."): every lab that opens an item is a joint maker.
_INTRO_EN = (
    r"\s+" + _ADJ + r"(?:" + _TECH[3:-1] + r"|" + _WORK[3:-1] + r")\b[^.\n]{0,80}?\b"
    r"(?:" + EN.inner("keeper_verbs") + r"|backed|funded|maintained|optimi[sz]ed)\s+by\b[^\n]{0,160}?"
    r"(?:include|including|such as|are|among them|as follows|the following)?\s*:?\s*\n"
)
_INTRO_ZH = (
    r"(?:们)?的[\u4e00-\u9fff]{0,6}?(?:" + ZH.inner("tech_nouns") + r")[^\n]{0,40}?由[^\n]{0,40}?"
    r"(?:" + ZH.inner("keeper_verbs") + r")[^\n]{0,40}?[：:]?\s*\n"
)
LIST_INTRO_PLAIN = re.compile(r"(?i)\b(?:my|our)" + _INTRO_EN + r"|我" + _INTRO_ZH)
# The same, literal-first (literal.py): "my" / "our" (any case, "\b" before) or "我" as its class.
LIST_INTRO = re.compile(
    by_first(
        [
            ("Mm", r"(?<!\w.)(?i:y" + _INTRO_EN + ")"),
            ("Oo", r"(?<!\w.)(?i:ur" + _INTRO_EN + ")"),
            ("我", "(?i:" + _INTRO_ZH + ")"),
        ]
    )
)
_ITEM = re.compile(r"(?m)^[ \t>]*(?:\d{1,2}[.)、]|[-*•])[ \t]*")
_ITEM_AFTER_NL = re.compile(r"\n[ \t>]*(?:\d{1,2}[.)、]|[-*•])")  # an item opening a line after the first


# What the English `LIST_INTRO` needs: "by", "my" or "our", a technology or work noun, its verb.
_INTRO_WORDS = (
    frozenset({"by"}),
    frozenset({"my", "our"}),
    EN.gate("tech_nouns", "maker_work_nouns"),
    EN.gate("keeper_verbs") | {"backed", "funded", "maintained", "optimized", "optimised"},
)


def listed_makers(text: str, mentions: Mentions, toks: frozenset[str] | None = None) -> list[Hit]:
    """Labs that open the items of a list of makers or supporters of "my" platform.

    `toks`: the text's tokens, when the caller has them (an exact word gate of the list intro). The
    word gate runs before the item scan: `_ITEM`'s line-start anchor makes `re` try every position."""
    if "\n" not in text:
        return []
    if (
        toks is not None
        and not ("我" in text and "由" in text)
        and any(map(toks.isdisjoint, _INTRO_WORDS))  # (`map`: no generator frame per set)
    ):
        return []  # exact gate: the English intro needs a word of each of these sets
    if _ITEM.match(text) is None and _ITEM_AFTER_NL.search(text) is None:
        return []  # (`_ITEM.search`, found faster: `re` skips to each "\n" instead of trying every position)
    if not any(_opens_item(text, m[0]) for m in mentions):
        return []  # exact gate: only a name that opens an item is listed (before the intro's long scan)
    out: list[Hit] = []
    for intro in LIST_INTRO.finditer(text):
        end = min(len(text), intro.end() + 800)
        cids: list[str] = []
        for item in _ITEM.finditer(text, intro.end(), end):
            first = next((m for m in mentions if item.end() <= m[0] <= item.end() + 3), None)
            if first is not None and first[2] not in cids:
                cids.append(first[2])
        kind = "joint" if len(cids) > 1 else "entity"
        out += [(kind, cid, intro.start()) for cid in cids]
    return out


def _opens_item(text: str, pos: int) -> bool:
    """Whether an `_ITEM` ends within the 3 characters before `pos` (`listed_makers`' test of a name).

    An item lies within one line, so only the lines that end within those characters are tried."""
    ls = text.rfind("\n", 0, pos) + 1
    while True:
        item = _ITEM.match(text, ls)
        if item is not None and item.end() <= pos <= item.end() + 3:
            return True
        if ls == 0 or ls - 1 < pos - 3:
            return False  # the line before ends before the window
        ls = text.rfind("\n", 0, ls - 1) + 1
