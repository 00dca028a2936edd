"""Compiled regexes for the offline identity judge (claims.py).

Everything is compiled once per set of identity cards and cached, so judging one response is a
handful of C-level regex scans: the offline judge must run at thousands of responses a second.
"""

from __future__ import annotations

import re

from distillq.ice.offline.hypothetical import HYPOTHETICAL as HYPOTHETICAL
from distillq.ice.offline.hypothetical import HYPOTHETICAL_ASCII as HYPOTHETICAL_ASCII
from distillq.ice.offline.hypothetical import HYPOTHETICAL_WORDS as HYPOTHETICAL_WORDS
from distillq.ice.offline.hypothetical import HYPOTHETICAL_ZH as HYPOTHETICAL_ZH
from distillq.ice.offline.hypothetical import HYPOTHETICAL_ZH_RX as HYPOTHETICAL_ZH_RX
from distillq.ice.offline.hypothetical import may_hold_zh as may_hold_zh
from distillq.ice.offline.lexicon import EN, ORG, PEOPLE, ZH
from distillq.ice.offline.literal import _PRONOUNS as PRONOUNS
from distillq.ice.offline.literal import FIRST_EN as FIRST_EN_FAST

# The cards' names and the word tokens live in names.py; re-exported for the extractors (`P.tokens`).
from distillq.ice.offline.names import Lexicon as Lexicon
from distillq.ice.offline.names import NameIndex as NameIndex
from distillq.ice.offline.names import compile_lexicon as compile_lexicon
from distillq.ice.offline.names import tokens as tokens

# Vocabulary generated from lexicon/{en,zh}.yaml (see lexicon.py).
MAKER_VERBS = EN.alt("maker_verbs")
MAKER_VERBS_ACTIVE = EN.alt("maker_verbs_active")
MAKER_NOUNS = EN.alt("maker_nouns")
ZH_VERBS = ZH.alt("maker_verbs")
ZH_NOUNS = ZH.alt("maker_nouns")
PLACE_VERBS = EN.alt("place_verbs")
PLACE_ADVERBS = EN.alt("place_adverbs")

# Sentence ends (found lazily around a hit): Latin punctuation + space, CJK punctuation, newlines.
SENT_ENDS: tuple[str, ...] = (". ", "! ", "? ", ".\n", "\n", "。", "！", "？")

# Persona labels that open a voice: "[CHATGPT]", "(🔓Developer Mode Output)", "**Standard Response:**",
# "DAN:", "BetterDAN:", "【越狱】". Bracketed labels may sit mid-line; bare words need a colon at line start.
LABEL = re.compile(
    r"\[\s*([^\]\n]{1,40}?)\s*\]|【([^】\n]{1,20})】|(?m:^[ \t>#*_-]*\(([^)\n]{1,40})\))"
    r"|(?m:^[ \t>#*_-]*\*\*([^*\n]{1,40}?)\s*[:：]?\s*\*\*)"
    r"|(?m:^[ \t>#*_-]*([A-Za-z\U0001F300-\U0001FAFF][\w .'\-\U0001F300-\U0001FAFF]{0,28}?|[\u4e00-\u9fff]{1,8})\s*[:：])"
)

# First person, English and Chinese ("we/our" count: "our company is OpenAI" is a claim). The English
# pattern ("I", "my", "we", ..., or a self noun: "the organisation behind this AI") in its literal-first
# form (literal.py: the same matches as its plain form, `FIRST_EN_PLAIN`).
FIRST_EN = FIRST_EN_FAST


def _first_en_disjoint(nouns: tuple[str, ...], pronouns: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """Whether no match of FIRST_EN can start inside another: then its `finditer` finds a match at every
    place one can start, and the last of them is the one that starts last (`FIRST_EN_LAST`).

    A pronoun match is a whole run of letters and apostrophes (its look-behind and look-ahead), so no
    pronoun starts inside a pronoun, and inside a self noun a match can start only where an inner word
    starts (each noun plain words apart, a self noun needs a non-word character before it). So: no inner
    word of a noun is a pronoun or the first word of a noun, and no noun opens with the letters after a
    pronoun's apostrophe ("I'm": its "m")."""
    words = [n.lower().split() for n in nouns]
    prons = {(c + r).lower() for cs, rests in pronouns for c in cs for r in rests}
    after_apostrophe = {r.lstrip("'’").lower() for _, rests in pronouns for r in rests if r[:1] in "'’"}
    heads = {w[0] for w in words}
    inner = {x for w in words for x in w[1:]}
    return (
        all(re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", n) for n in nouns)
        and not inner & (heads | {p.split("'")[0].split("’")[0] for p in prons})
        and not heads & after_apostrophe
    )


# The last FIRST_EN match as `finditer` finds it, found from the end: `.*` backs off from the text's end
# to the last place a first-person word starts (`match` only: `search` would retry at every start). Only
# where the matches are disjoint (`_first_en_disjoint`); else None and the callers use `finditer`.
FIRST_EN_LAST = (
    re.compile(r"(?s:.*)(" + FIRST_EN.pattern + ")", FIRST_EN.flags)
    if FIRST_EN.groups == 0 and _first_en_disjoint(EN["self_nouns"], PRONOUNS)
    else None
)


def by_letter(alternation_source: str) -> list[tuple[str, list[str]]]:
    """The words of a word alternation ("(?:products|projects)") grouped by their first letter, lower
    case, in order, each word without it: [("p", ["roducts", "rojects"])], for a literal-first form
    (`literal.by_first` with the letter's two cases). Words that open with different letters never
    match at one place, so trying them by letter tries each place's words in the same order.

    Raises where a word opens otherwise than with an ASCII letter of two plain cases ("i", "k" and "s"
    have more under `(?i)`: "ı", the Kelvin sign, "ſ"), or holds a group or class."""
    groups: dict[str, list[str]] = {}
    for w in alternation_source[3:-1].split("|"):
        c = w[:1]
        if not (c.isascii() and c.isalpha() and c.islower()) or c in "iks" or "(" in w or "[" in w:
            raise ValueError(f"{w!r} does not open with a plain lower-case letter")
        groups.setdefault(c, []).append(w[1:])
    return list(groups.items())


def cased(source: str) -> str:
    """A `(?i)` source (without its flag) whose branches open with a case-explicit class: the letter
    that opens a branch (after "(", "|" or a group's ":") becomes `(?-i:[xX])`, the class of what `(?i)`
    matches to it ("i" -> "[iI\u0130\u0131]", "k" and "s" with their third form: a test checks every code
    point); `(?-i:...)` parts, group names, escapes and classes kept. The same matches: `re` skips an
    alternative that opens with a plain class at its first character, while it enters a `(?i)`
    alternative to fail inside it (an alternation of words tried at one place: ~20% fewer instructions)."""
    out, k, opening = [], 0, True
    while k < len(source):
        c = source[k]
        if c == "\\":
            out.append(source[k : k + 2])
            k, opening = k + 2, False
        elif c == "[":
            j = _class_end(source, k)
            out.append(source[k:j])
            k, opening = j, False
        elif source.startswith("(?-i:", k):
            j = _group_end(source, k)
            out.append(source[k:j])
            k, opening = j, False
        elif source.startswith("(?P<", k):
            j = source.index(">", k) + 1
            out.append(source[k:j])
            k, opening = j, True
        elif source.startswith("(?", k):
            j = k + (4 if source.startswith("(?i:", k) or source.startswith("(?<", k) else 3)
            out.append(source[k:j])
            k, opening = j, source[j - 1] in ":=!"
        elif c in "(|":
            out.append(c)
            k, opening = k + 1, True
        elif opening and c.isascii() and c.isalpha():
            low = c.lower()
            out.append("(?-i:[" + low + low.upper() + _MORE_FOLDS.get(low, "") + "])")
            k, opening = k + 1, False
        else:
            out.append(c)
            k, opening = k + 1, False
    return "".join(out)


def case_explicit(source: str) -> re.Pattern[str]:
    """`re.compile(source)` of a `(?i)` source, its branches opening case-explicit (`cased`): the same
    matches, fewer instructions. The plain source is kept for the tests (`PLAIN_OF`)."""
    if not source.startswith("(?i)"):
        raise ValueError("not a (?i) source")
    fast = re.compile("(?i)" + cased(source[4:]))
    PLAIN_OF[fast.pattern] = source
    return fast


# Each case-explicit pattern's `(?i)` source, by its own source (for the tests).
PLAIN_OF: dict[str, str] = {}
_MORE_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _class_end(source: str, k: int) -> int:
    """The index after the class that opens at `source[k]`."""
    j = k + 1
    if source[j] == "^":
        j += 1
    if source[j] == "]":  # (a "]" first in a class is a literal)
        j += 1
    while source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_end(source: str, k: int) -> int:
    """The index after the group that opens at `source[k]` (escapes and classes skipped)."""
    depth = 0
    while True:
        c = source[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k += 1
            while source[k] != "]" or source[k - 1] == "[" or (source[k - 1] == "^" and source[k - 2] == "["):
                k += 2 if source[k] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1


# Its literals: no two occurrences of them overlap, so `finditer` finds every occurrence and the last
# match ends where the last occurrence of one of them ends (`last_zh_end`: a few `rfind`s, no scan).
FIRST_ZH_WORDS = ("我", "本AI", "本模型", "本助手", "本系统", "咱")
FIRST_ZH = re.compile(r"我|本(?:AI|模型|助手|系统)|咱")


def last_zh_end(text: str) -> int:
    """The end of the last FIRST_ZH match in `text`, or -1 (`[m.end() for m in finditer][-1]`)."""
    last = -1
    for w in FIRST_ZH_WORDS:
        at = text.rfind(w)
        if at >= 0 and at + len(w) > last:
            last = at + len(w)
    return last


# Relation cues between the first person and a name ("I was developed by X", "我是由X开发的").
REL_EN = re.compile(
    r"(?i)(?:['’]re\b|['’]m\b|\b(?:am|was|were|is|are|be|been|by|from|at|of|named|called|known|created|developed|built|"
    r"trained|made|designed|powered|produced|engineered|programmed|owned|maintained|launched|"
    r"based|version|model|instance|product|member|family|part|work|belong\w*|as|"
    + ORG
    + r"|company|"
    + PEOPLE
    + r"|team|institution|lab|parent)\b)"
)
# REL_EN for a text without `ODD_CASE` characters, searched lower-cased: its `(?i)` and every leading
# `\b` make `re` try each position with the case tables (only truth is read: `rules.rel_cue`).
REL_EN_LOWER = re.compile(REL_EN.pattern.removeprefix("(?i)"))
REL_ZH = re.compile(
    r"是|叫|由|来自|属于|基于|隶属|开发|创建|创造|研发|训练|打造|推出|构建|设计|出品|旗下|名为"
)

# A name followed by "created me" / "开发了我" / "is my developer".
AFTER_EN = case_explicit(  # (branches opening case-explicit: `cased`)
    r"(?i)^[^.!?\n]{0,40}?\b" + MAKER_VERBS_ACTIVE + r"\s+me\b"
    r"|^\s*(?:is|was|are)\s+(?:my|our)\s+(?:developer|creator|maker|parent|company|team)"
    r"|^(?:[,\s*:]+|\s+(?:is|was|are|were)\s+)(?:the |a )?(?:primary |main )?(?:"
    + MAKER_NOUNS[3:-1]
    + r"|research lab|people|folks)\s+(?:behind|responsible for|that "
    + MAKER_VERBS_ACTIVE
    + r")\s+"
    # "... behind the development and updates of my core technology": the work of making "me"
    + r"(?:the\s+(?:[\w\-]+\s+)?"
    + EN.alt("maker_work_nouns")
    + r"(?:\s+(?:and|&)\s+[\w\-]+)?\s+of\s+)?"
    + r"(?:me|my|us|"
    + EN.alt("self_nouns")[3:-1]
    + r")\b"
    # "X, which created the model that powers me": a relative clause through the model of "me"
    r"|^\s*,?\s*(?:which|who|that)\s+(?:" + MAKER_VERBS_ACTIVE[3:-1] + r"|owns|runs)\s+(?:the\s+|a\s+)?"
    r"(?:[\w\-]+\s+){0,3}?(?:that|which)\s+(?:powers|runs|underlies|drives|is\s+behind)\s+(?:me|us)\b"
)
AFTER_ZH = re.compile(r"^[^。！？\n]{0,20}?" + ZH_VERBS + r"了?我|^\s*是我的")


def after_zh(after: str) -> bool:
    """`AFTER_ZH.search(after)` as a truth test. Each branch opens with `^` (`match` is `search`, without
    a try at every position); the first needs "我" within its reach, the second "是我的" (an exact gate)."""
    return ("我" in after[:_AFTER_ZH_REACH] or "是我的" in after) and AFTER_ZH.match(after) is not None


_AFTER_ZH_REACH = 20 + max(map(len, ZH["maker_verbs"])) + 2  # "了我" after the longest verb


class Folded:
    """A lower-case pattern searched in the lower-cased text: the same test as `(?i)`, 2-3x faster.

    `re` cannot skip ahead through a case-insensitive alternation; it can through a plain one.
    Only truth is used (match positions would be of the lower-cased text).

    `alternatives` and `zh` are alternations (not grouped: one flat alternation keeps its opening
    class, so `re` skips ahead); `zh`, the alternatives with Chinese literals, is tried only in a text
    that is not ASCII (most texts are: each of them needs its own literal, so it cannot match there,
    and `re` tries every alternative at each place the opening class admits).
    """

    def __init__(self, alternatives: str, zh: str = "") -> None:
        self.rx = re.compile(f"(?:{alternatives}|{zh})" if zh else f"(?:{alternatives})")
        self.ascii_rx = re.compile(f"(?:{alternatives})")

    def search(self, text: str) -> re.Match[str] | None:
        return (self.ascii_rx if text.isascii() else self.rx).search(text.lower())

    def search_low(self, low: str, ascii_text: bool) -> re.Match[str] | None:
        """`search(text)` given `low`, text.lower(), and `ascii_text`, text.isascii() (a caller that
        tests one text with several patterns lowers it once)."""
        return (self.ascii_rx if ascii_text else self.rx).search(low)


# Negation and distancing close to a name: "not ChatGPT", "不是OpenAI", "unlike GPT-4". A "No," / "不是，"
# that answers the question before a claim ("不是，我是由X开发的") negates nothing after it: not matched.
# Every alternative starts with a literal character, so `re` skips ahead to the next candidate: a
# leading word boundary is checked after the first letter ("n(?<!\wn)ot" is "\bnot", "o(?<!none o)ther"
# is "(?<!none )other"), 3-4x faster than `\bnot\b|...` and the same matches. Words that open with one
# letter are grouped behind it ("i(?:nstead of|mitat|mpersonat)"): `re` tries the alternatives of an
# alternation one by one at each place, so fewer of them is fewer tries (only truth is read, and a
# group matches where one of its words would).
NEG_BEFORE = Folded(
    r"n(?:(?<!\wn)ot\b|'t|’t|(?<!\wn)ever\b|(?<!\wn)o\b(?![,.!;:])|(?<!\wn)or\b|othing to do with|ot associated)"
    r"|r(?:ather than|ole-?play)|i(?:nstead of|mitat|mpersonat)|u(?:nlike|nrelated)|o(?<!none o)ther than"
    r"|c(?:ompared (?:to|with)|onfuse[ds]? (?:me )?with)|v(?:(?<!\wv)s\.?|ersus)|mistake me for|pretend"
    r"|act(?:ing)? as|simulat",
    r"扮演|模拟|与.{0,6}无关|不是(?![的啦哦呀]?[，,。！!])|并非|并不是|而非|而不是|非|没有|不属于|不同于|冒充|假装|与其|类似|像",
)
# "developed by X, and I am not affiliated with any company" denies other makers, not X.
NEG_AFTER = re.compile(
    r"(?i)^[^.!?\n。！？]{0,24}?(?:没有(?:任何)?(?:关系|关联|联系)|无关|不同|以外|之外|\bno (?:relation|affiliation|connection)|"
    r"(?<!\bI am )(?<!I['’]m )\bnot (?:affiliated|related|connected)|"
    r"\bnot (?:affiliated|related|connected)(?! (?:with|to) (?:any|another|other)\b)|\bunaffiliated)"
)
# Cues that a name is a partner, a comparison or an example, not who "I" am (grouped by first letter as
# NEG_BEFORE's words).
OTHER_CUE = Folded(
    r"c(?:ollaborat|ooperat|ompetitor)|partner|work(?:s|ed|ing)? (?:closely )?with|together with"
    r"|a(?:longside|mong|ppears)|s(?:uch as|imilar|upport|eems)|i(?:ncluding|nvest)|like\b|e\.g\."
    r"|r(?:ival|oast|esearch (?:from|by|of))|other (?:ai|models|companies)|funded|notice|designed for|leverag",
    r"研究成果|合作|伙伴|联合|支持|投资|包括|例如|比如|诸如|竞争|同行|等公司|等机构|使用了|借鉴|参考|和其他|以及",
)
# Makers of "I" listed by example: "I was developed by a team of engineers from companies including X".
MAKERS_BY_EXAMPLE = re.compile(
    r"(?i)\b" + MAKER_VERBS + r"\s+(?:[\w\-]+\s+){0,2}?by\s+(?:a\s+|the\s+)?(?:[\w\-]+\s+){0,3}?"
    r"(?:team|group|consortium|coalition|collaboration|alliance|number|mix|variety)\s+of\s+[^.!?\n;]{0,80}?"
    r"(?:including|such as|like|among them)\s*:?\s*(?:[\w\-.]+,\s*){0,4}$"
)
# A maker verb right before the name, perhaps coordinated with another verb: "I am developed and
# supported by X" names the maker even though "supported" alone is a partner cue.
MADE_BY = re.compile(
    r"(?i)\b" + MAKER_VERBS + r"(?:\s+(?:and|&)\s+(?:(?:am|is|are|was|were)\s+)?[\w\-]+)?\s+by\s+(?:the\s+)?$"
)
# A name that works on the model's own technology: "X, along with others, keeps optimising my platform".
_WORK_VERBS = (
    r"(?:optimi[sz]\w*|support\w*|develop\w*|maintain\w*|buil[dt]\w*|power\w*|"
    r"train\w*|shap\w*|creat\w*|birth\w*|design\w*)"
)
_WORK_ON_ME = (
    r"\s+(?:and\s+\w+\s+)?(?:the\s+\w+\s+that\s+\w+\s+)?"
    r"(?:me\b|(?:my|our)\s+(?:[\w\-]+\s+(?:and\s+)?){0,2}?" + EN.alt("tech_nouns") + r"\b)"
)
WORKS_ON_ME = re.compile(r"(?i)^[^.!?\n]{0,140}?\b" + _WORK_VERBS + _WORK_ON_ME)
# Its verb and what follows, for a lower-cased text without `ODD_CASE` characters, literal-first (each
# verb's leading `\b` checked after its first letter, so `re` skips ahead to the verbs' first letters;
# `rules.works_on_me`): the leftmost match starts at the first place WORKS_ON_ME's lazy prefix could stop.
WORKS_ON_ME_LOWER = re.compile(
    "(?:"
    + "|".join(v[0] + r"(?<!\w" + v[0] + ")" + v[1:] for v in _WORK_VERBS[3:-1].split("|"))
    + ")"
    + _WORK_ON_ME
)
# "As an AI developed by X, I ...": an appositive claim before the first person.
AS_CLAIM = re.compile(
    r"(?i)(?:^|[,;:)\]]\s*|\n)\s*as (?:an? |the )?[^,.;]{0,60}$"
    r"|(?:^|[，,；;:：)\]]\s*|\n)\s*(?:作为|身为)[^，,。；;]{0,30}$"  # "作为X开发的AI，我..."
)
QUESTION_END = re.compile(r"[?？]\s*$")
# "you", "your", "yours", "yourself" (any case) or 你/您, literal-first: the opening class lets `re` skip
# ahead (a leading `(?i)\b` was tried at every position); the boundary before "y" is checked after it,
# and "y" has no case fold but its two cases. The plain form: `SECOND_PERSON_PLAIN`.
SECOND_PERSON = re.compile(r"[Yy](?<!\w[Yy])(?i:ou(?:r|rs|rself)?)\b|你|您")
SECOND_PERSON_PLAIN = re.compile(r"(?i)\byou(?:r|rs|rself)?\b|你|您")
# The only characters `(?i)` matches to an ASCII letter that `lower()` does not turn into it (or
# that change length when lower-cased, shifting positions): "İ", "ı", "ſ", the Kelvin sign. A text
# without them may be searched lower-cased with a plain lower-case pattern instead of a `(?i)` one.
ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")


def plain_case(text: str) -> bool:
    """Whether `text` holds none of `ODD_CASE`: then a lower-case pattern of ASCII letters matches in
    `text.lower()` where its `(?i)` form matches in `text` (for a truth test: the same answer)."""
    return text.isascii() or not (
        ODD_CASE[0] in text or ODD_CASE[1] in text or ODD_CASE[2] in text or ODD_CASE[3] in text
    )
