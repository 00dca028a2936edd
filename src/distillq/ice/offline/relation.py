"""Strict claim shapes where the lab is named before the model, or only through the question.

`entity` (rules.py) links a name to "I" when the first person comes first ("I was built by X").
These shapes put the lab first, or never say "I" at all:

- **a lab before its work on "me"**: "X built the platform I run on", "X provides support for the
  technology behind me", "X, the organisation responsible for developing this AI", "X: the
  architects of my existence", "X是持续支持和优化我们平台的公司". The link is read within one
  clause: no sentence end, no ";", no other name and no other subject between the lab and "me".
- **the model's cast name as "me"**: when the prompt casts the model as a known model ("act as
  ChatGPT", "you'll pose as ChatGPT"), that name stands for "me" in the same shapes ("X is the
  organisation responsible for the platform behind ChatGPT"). A name that is only a voice label
  ("GPT:") is not a cast, and a third-person statement without a cast is not a claim.
- **an indirect claim** (indirect.py): the question asks about the model's own maker and the
  answer gives one lab's instead.

Every word list is in `lexicon/{en,zh}.yaml`; each function returns (kind, card id, position) hits.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Protocol

from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.literal import by_first
from distillq.ice.offline.patterns import plain_case
from distillq.ice.offline.self_first import listed_makers as listed_makers

Hit = tuple[str, str, int]
Mentions = list[tuple[int, int, str]]

_TECH = EN.alt("tech_nouns")
_WORK = EN.alt("maker_work_nouns")
# What stands for "me" as the object of a maker relation; (?P<cast>...) is checked against the prompt.
# A model name in the object slot: it has a capital letter ("ChatGPT", "chatGPT", "GPT-4o").
_CASTNAME = r"(?-i:(?=[a-z]*[A-Z])[A-Za-z][\w\-]{1,30}(?:\.\d+)?)"
# (each word possessive, `++`: a space must follow it, so giving back a character never helps; the same
# matches, and a failing relation gives up sooner: `_REST_ONLY` is tried at every head word)
_ADJ = r"(?:[\w\-]++\s+(?:and\s+|&\s+)?){0,3}?"
SELF_OBJ = (
    r"(?:(?:me|us|myself)\b"
    r"|(?:the\s+)?(?:[\w\-]++\s+){0,2}?(?:of|for)\s+(?:my|our)\s+" + _ADJ + EN.alt("self_states") + r"\b"
    r"|(?:my|our)\s+" + _ADJ + r"(?:" + _TECH[3:-1] + r"|" + EN.inner("self_states") + r")\b"
    r"|(?:the\s+)?(?:[\w\-]++\s+(?:and\s+)?){0,3}?(?:"
    + _TECH[3:-1]
    + r"|assistants|AIs|chatbots)\s+like\s+(?:me|mine)\b"
    r"|(?:the\s+|this\s+)?" + _ADJ + _TECH + r"\s+(?:(?:that|which)\s+)?"
    r"(?:(?:I|we)\s+" + EN.alt("self_uses") + r"\b|(?:behind|powering|underlying|that\s+powers|that\s+runs|"
    r"which\s+powers|of)\s+(?:me\b|us\b|(?P<cast>" + _CASTNAME + r")))"
    r"|" + EN.alt("self_nouns") + r"\b"
    r"|(?P<echo>the\s+" + _ADJ + _TECH + r")\b(?!\s+(?:of|for|behind|that|which)\b)"
    r"|(?P<cast2>" + _CASTNAME + r")(?:['’]s\s+" + _ADJ + _TECH + r")?(?=[\s.,;:!?)]|$))"
)
_MAKER_HEAD = (
    r"(?:" + P.MAKER_NOUNS[3:-1] + r"|" + EN.inner("maker_roles") + r")\s+(?:behind|responsible\s+for|of|"
    r"that\s+" + EN.alt("keeper_verbs") + r"(?:\s+(?:and|&)\s+\w+)?)"
)
_VERB = (
    r"(?:" + EN.inner("keeper_verbs") + r")(?:\s+(?:and|&)\s+(?:(?:is|are|has|have)\s+)?\w+)?"
    r"|(?:(?:is|are|was|were)\s+)?(?:solely\s+|primarily\s+|mainly\s+)?responsible\s+for\s+(?:\w+ly\s+)?"
    + EN.alt("maker_gerunds")
    + r"(?:\s+(?:and|&)\s+\w+ing)?"
    r"|" + _MAKER_HEAD
)
# After a lab: a gap within the clause, a maker verb or maker-noun head, the work of making, "me".
_GAP = r"[ \t]*(?:[^\s.!?;。！？]+[ \t]+){0,24}?"
_REST = (
    r"\b(?:" + _VERB + r")\s+(?:for\s+)?"
    r"(?:(?:the\s+)?(?:[\w\-]++\s+)?" + _WORK + r"(?:\s+(?:and|&)\s+[\w\-]+)?\s+(?:of|for)\s+)?" + SELF_OBJ
)
LAB_BEFORE_SELF = re.compile(r"(?i)(?P<gap>" + _GAP + r")" + _REST)
# Its two halves apart: the relation matched only where a word that opens it starts (`head_starts`).
_GAP_ONLY = re.compile(_GAP)
_REST_ONLY = P.case_explicit(r"(?i)" + _REST)  # (branches opening case-explicit)
LAB_BEFORE_SELF_ZH = re.compile(
    r"[^。！？\n；]{0,30}?" + ZH.alt("keeper_verbs") + r"(?:[和与及、][\u4e00-\u9fff]{1,3})?(?:了|着)?"
    r"(?:我们?|本(?:AI|模型|助手|系统))"
)
_ZH_KEEPER_START = re.compile("[" + "".join(sorted({re.escape(w[0]) for w in ZH["keeper_verbs"]})) + "]")
# A gap that hands the relation to someone else: a subject, a negation, a clause break.
_GAP_BLOCK = re.compile(
    r"(?i)\b(?:I|we|he|she|they|it|nobody|no one|someone|somebody|you|if|but|while|whereas|although|unlike|"
    r"except|besides|rather|instead|like|such as|including|competitor|rival|not|never|no)\b|n['’]t|[—–]"
)

# A long link from "I"/"my" to a name holds only within one clause: no clause break between, a maker
# relation in it, and the name its object ("I was developed and am maintained by a team ... at X").
CLAUSE_BREAK = re.compile(
    r"(?i)[;:()—–]|\s-\s|\b(?:but|while|whereas|although|though|however|because|since|unlike|which|who|whose|"
    r"where|when|if|that|using|with)\b|,\s*(?:and|or|so|yet)\s+(?:I|we|they|he|she|it|this|that|there|you)\b"
)
_NO_BY = r"(?:(?!\bby\b)[^,])*"
LONG_LINK = re.compile(
    r"(?i)\b"
    + P.MAKER_VERBS
    + r"(?:\s+(?:and|&)\s+(?:(?:am|is|are|was|were)\s+)?(?:[\w\-]+\s+){0,2}?[\w\-]+)?"
    r"\s+by\b" + _NO_BY + r"(?:," + _NO_BY + r"){0,3}\b(?:at|from|of|with|in)\s+(?:the\s+)?$"
)


def long_link(between: str) -> bool:
    """Whether a first person more than ~100 characters before a name is still its subject (one clause)."""
    return CLAUSE_BREAK.search(between) is None and LONG_LINK.search(between) is not None


_CAST = P.case_explicit(  # (branches opening case-explicit: `P.cased`)
    r"(?i)(?:" + EN.inner("cast_phrases") + r")\s+(?:an?\s+|the\s+)?(?:fictional\s+)?[\"'“‘]?$"
)


# A voice label in the prompt followed by the first person: the prompt speaks in the model's voice.
_VOICE_OPEN = re.compile(r"(?:^|\n|[(\[【])[ \t]*$")
_VOICE_SPEAKS = re.compile(
    r"[ \t]*[)\]】]?[ \t]*[:：]?[ \t]*[^\n]{0,60}?(?:(?<![A-Za-z'’])(?:I|I['’]m|I['’]d|I['’]ll|my|me)(?![A-Za-z'’])|我)"
)


class LowPrompt(Protocol):
    """Where a caller keeps its prompt lower-cased, made only when needed (`Scan`)."""

    @property
    def low_prompt(self) -> str: ...
    @property
    def word_low_prompt(self) -> str: ...  # (A-Z lowered at least: for ASCII words)
    def prompt_holds(self, low_word: str) -> bool: ...


def is_cast(prompt: str, name: str, low: str | LowPrompt | None = None) -> bool:
    """Whether the prompt casts the model as `name` ("act as ChatGPT", "You'll pose as fictional 'chatGPT'").

    `low`: the prompt lower-cased, or where the caller keeps it (asked lazily: `lower` is costly)."""
    key = name.lower()
    if low is None:
        low = prompt.lower()
    elif not isinstance(low, str):
        if not low.prompt_holds(key):
            return False  # (`find` below finds nothing)
        low = low.word_low_prompt if key.isascii() else low.low_prompt
    i = low.find(key)
    while i >= 0:
        end = i + len(key)
        whole = (i == 0 or not low[i - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
        if whole and _CAST.search(prompt, i - 40, i):
            return True
        if whole and _VOICE_OPEN.search(prompt, i - 3, i) and _VOICE_SPEAKS.match(prompt, end):
            return True  # the prompt itself speaks as the model: "(ChatGPT) I'd be happy to help"
        i = low.find(key, end)
    return False


_YOUR_TECH_REST = r"\s+((?:[\w\-]+\s+(?:and\s+|or\s+)?){0,4}?" + _TECH + r")\b"
# `(?i)\byour<_YOUR_TECH_REST>`, literal-first (literal.py): `re` skips to a "y"/"Y" (a test compares them).
_YOUR_TECH = re.compile(by_first([("Yy", r"(?<!\w.)(?i:our" + _YOUR_TECH_REST + ")")]))


def _asked_of_you(prompt: str, phrase: str) -> bool:
    """Whether the question asked about "your <noun>" for the noun that ends `phrase` ("the platform")."""
    noun = phrase.split()[-1].lower()
    return any(noun in m.group(1).lower().split() for m in _YOUR_TECH.finditer(prompt[-300:]))


# The words that open `LAB_BEFORE_SELF`'s relation ("built", "team", "architects"), apart from its
# "(is) responsible for" (whose "is" is everywhere), and what ends the clause its gap may span
# (whitespace other than spaces and tabs, ".!?;。！？").
_HEADS = EN.gate("keeper_verbs", "maker_nouns", "maker_roles")
# With "responsible" in the text, the words that open "(is) (solely) responsible for" too.
_HEADS_RESPONSIBLE = _HEADS | {"is", "are", "was", "were", "solely", "primarily", "mainly", "responsible"}
_CLAUSE_END_PLAIN = re.compile(r"[^\S \t]|[.!?;。！？]")
# The same as one class (its characters listed: `re`'s whitespace is `str.isspace`), which `re` scans
# for instead of trying two branches at every position (3x faster).
_CLAUSE_END = re.compile(
    "["
    + re.escape(
        "".join(c for c in map(chr, range(0x110000)) if c.isspace() and c not in " \t") + ".!?;。！？"
    )
    + "]"
)


def head_starts(text: str, low: str, toks: frozenset[str]) -> list[int] | None:
    """Sorted positions of the words that can open the relation after a lab, or None where this
    gate does not apply: a text with a character `(?i)` folds otherwise than `lower()`. A name with
    no such word between it and its clause end cannot match `LAB_BEFORE_SELF`."""
    words = head_words(text, toks)
    return None if words is None else heads_within(text, low, words, 0, len(text))


def head_words(text: str, toks: frozenset[str]) -> frozenset[str] | None:
    """The words of `head_starts` the text holds, or None where that gate does not apply."""
    if not plain_case(text):
        return None
    return (_HEADS_RESPONSIBLE if "responsible" in toks else _HEADS).intersection(toks)


def heads_within(text: str, low: str, words: frozenset[str], lo: int, hi: int) -> list[int]:
    """The sorted starts p of `words` with lo <= p <= hi, where a word starts (the relation opens with
    `\\b`: "made", not "homemade"), each word looked for in that window only."""
    out: list[int] = []
    for w in words:
        stop = hi + len(w)
        i = low.find(w, lo, stop)
        while i >= 0:
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
                out.append(i)
            i = low.find(w, i + 1, stop)
    return sorted(set(out)) if len(out) > 1 else out  # (a head that starts another: "develop", "developed")


def _relation_after(text: str, end: int, heads: list[int]) -> tuple[str, re.Match[str] | None]:
    """(gap, match of the relation) as `LAB_BEFORE_SELF.match(text, end, end + 400)` finds them.

    Its lazy gap tries the relation after 0, 1, 2, ... words of the clause; the relation can only
    start at a head word, so trying it at the heads within the clause, in order, where the text
    before is a gap, finds the same first match (one regex match per head word instead of an
    alternation of ~100 words tried after every word). Within the clause the only whitespace is
    " " and tab (every other is a clause end), so the text before a head is a gap (`_GAP_ONLY`) when
    it is empty or ends in a space or tab and holds at most 24 words; past 24 no later head can be.
    """
    limit = len(text) if end + 400 > len(text) else end + 400  # (no `min` call: it costs more)
    k, n = bisect.bisect_left(heads, end), len(heads)  # (indexed: no copy of the list's tail per name)
    if k == n or heads[k] >= limit:
        return "", None  # no head word within reach: the clause end is not looked for
    # (the clause end looked for only up to the last head within reach: only heads before it are tried)
    cut = _CLAUSE_END.search(text, end, heads[bisect.bisect_left(heads, limit, k) - 1])
    stop = cut.start() if cut is not None else limit
    while k < n and (p := heads[k]) < stop:
        gap = text[end:p]
        if not gap or gap[-1] in " \t":
            if len(gap) > 48 and len(gap.split()) > 24:  # (25 words need 49 characters: no split below)
                break
            if (m := _REST_ONLY.match(text, p, limit)) is not None:
                return gap, m
        k += 1
    return "", None


def lab_before_self(
    text: str,
    prompt: str,
    mentions: Mentions,
    names: Callable[[str], Mentions],
    is_role: Callable[[int, int], bool],
    low_prompt: str | LowPrompt | None = None,
    low: str | None = None,
    toks: frozenset[str] | None = None,
) -> list[Hit]:
    """A lab named before its maker relation to "me" (or to the model's cast name), in one clause.

    `low_prompt`, `low`, `toks`: the prompt and the text lower-cased (`low` may have only A-Z lowered:
    only ASCII head words are looked for in it), the text's tokens, when the caller has them."""
    out: list[Hit] = []
    words = head_words(text, toks) if toks is not None else None
    ascii = text.isascii()
    if ascii and words is not None and not words:
        return out  # no word that opens the relation, and no Chinese one
    # The heads of the whole text, found once (one `find` per word and occurrence), each name's window
    # then cut out by bisection: `heads_within` of a window is this list's part within it (a test checks
    # it), and per name the words were looked for again (twice the `find` calls over the answers).
    every = heads_within(text, text.lower() if low is None else low, words, 0, len(text)) if words else []
    last = len(mentions) - 1
    n = len(text)
    for k, (start, end, cid) in enumerate(mentions):
        # (exact gate of the Chinese shape: the keeper verb starts within the 30 characters it skips; `re`
        # clamps a bound past the text's end, so no `min` call here or below)
        zh = not ascii and _ZH_KEEPER_START.search(text, end, end + 31) is not None
        nxt = mentions[k + 1][0] if k < last else n
        heads: list[int] = []
        if every:
            # Only the heads a kept match can start at are found, in that window alone: past 120
            # characters or past the next name the gap is refused (below), so where no Chinese shape
            # is tried the first match there is the only one that can count. With one, a match refused
            # also skips it: every head within reach (the 400 characters) is then tried.
            hi = (n if end + 400 > n else end + 400) - 1 if zh else (end + 120 if end + 120 < nxt else nxt)
            i = bisect.bisect_left(every, end)
            if i < len(every) and every[i] <= hi:
                heads = every[i : bisect.bisect_right(every, hi, i)]
        near = words is None or bool(heads)  # (cheap tests first: then the voice, then the regexes)
        if not (near or zh) or is_role(start, end):
            continue  # a voice the prompt assigned ("ChatGPT: ...") is no subject
        gap, m = "", None
        if words is None:
            m = LAB_BEFORE_SELF.match(text, end, end + 400)
            gap = m.group("gap") if m is not None else ""
        elif near:
            gap, m = _relation_after(text, end, heads)
        if m is not None:
            if len(gap) > 120 or end + len(gap) > nxt or _GAP_BLOCK.search(gap) or P.NEG_BEFORE.search(gap):
                continue  # another name, subject or negation between the lab and the relation
            echo = m.group("echo")
            if echo is not None and not (
                _asked_of_you(prompt, echo)
                and echo.split()[-1].lower() not in text[max(0, start - 200) : start].lower()
            ):
                continue  # "the platform" stands for "my platform" only when asked about, and not said before
            cast = m.group("cast") or m.group("cast2")
            if cast is not None and not (names(cast) and is_cast(prompt, cast, low_prompt)):
                continue  # a third-person statement about a model the prompt did not cast
            out.append(("entity", cid, start))
        elif zh:
            z = LAB_BEFORE_SELF_ZH.match(text, end, end + 60)
            if (
                z is not None
                and not P.NEG_BEFORE.search(z.group(0))
                and not any(end < o[0] < z.end() for o in mentions)
            ):
                out.append(("entity", cid, start))
    return out


# "My developer? That's OpenAI.": the model asks itself its own question and answers with a lab.
_SELF_QUESTION_EN = (
    r"\s+(?:[\w\-]+\s+){0,3}?(?:" + P.MAKER_NOUNS[3:-1] + r"|" + _TECH[3:-1] + r")\s*\?+\s+[^.!?\n]{0,40}$"
)
_SELF_QUESTION_ZH = (
    r"(?:们)?(?:的|所使用的|使用的)[\u4e00-\u9fff]{0,8}?(?:" + ZH.inner("maker_nouns", "tech_nouns") + r")"
    r"[\u4e00-\u9fff]{0,4}[？?]+\s*[^。！？?\n]{0,15}$"
)
# (its plain form: a source, compiled by the test that compares the two)
SELF_QUESTION_PLAIN = r"(?i)\b(?:my|our)" + _SELF_QUESTION_EN + r"|我" + _SELF_QUESTION_ZH
# The same, literal-first (literal.py): `re` skips to an "m"/"o" (either case) or "我" instead of trying
# the `(?i)` words at every position of the 120 characters before each name (~2x fewer instructions);
# a test compares the two.
SELF_QUESTION = re.compile(
    by_first(
        [
            ("Mm", r"(?<!\w.)(?i:y" + _SELF_QUESTION_EN + ")"),
            ("Oo", r"(?<!\w.)(?i:ur" + _SELF_QUESTION_EN + ")"),
            ("我", "(?i:" + _SELF_QUESTION_ZH + ")"),
        ]
    )
)


def self_question(text: str, mentions: Mentions) -> list[Hit]:
    """A lab that answers the model's own question about its maker ("My developer? That's OpenAI")."""
    out: list[Hit] = []
    for start, _, cid in mentions:
        w0 = start - 120 if start > 120 else 0  # (no `max` call: it costs more than the test)
        if text.find("?", w0, start) < 0 and text.find("？", w0, start) < 0:
            continue  # exact gate: every shape holds its question mark within the window
        m = SELF_QUESTION.search(text, w0, start)
        if m is None:
            continue
        cut = max(text.rfind("?", m.start(), start), text.rfind("？", m.start(), start))
        tail = text[cut + 1 : start]
        if not P.NEG_BEFORE.search(tail) and not _IF.search(tail):
            out.append(("entity", cid, start))
    return out


_IF = re.compile(r"(?i)\bif\b|如果|假如")


# The cast name as the subject: "ChatGPT's development team works at OpenAI", "the team behind ChatGPT is OpenAI's".
_CAST_POSSESSIVE = re.compile(
    r"(?i)['’]s\s+(?:[\w\-]+\s+){0,2}?(?:"
    + P.MAKER_NOUNS[3:-1]
    + r"|"
    + _TECH[3:-1]
    + r"|"
    + _WORK[3:-1]
    + r")\b"
    r"[^.;:!?\n]{0,60}?\b(?:is|are|was|were|at|by|of|from|with|in)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?$"
)
_CAST_BEHIND = re.compile(
    r"(?i)\b(?:" + P.MAKER_NOUNS[3:-1] + r"|" + EN.inner("maker_roles") + r"|" + _TECH[3:-1] + r")\s+"
    r"(?:behind|of|responsible\s+for)\s+$"
)
_CAST_IS = re.compile(
    r"(?i)\s+(?:is|are|was|were)\s+(?:the\s+|a\s+)?(?:[\w\-]+\s+){0,3}?(?:at\s+|from\s+|of\s+)?$"
)


def cast_subject(
    text: str, prompt: str, mentions: Mentions, low_prompt: str | LowPrompt | None = None
) -> list[Hit]:
    """A lab linked to the model's cast name as to "I" ("ChatGPT's team works at OpenAI" when cast as ChatGPT)."""
    out: list[Hit] = []
    cast: dict[str, bool] = {}
    low = prompt.lower() if low_prompt is None else low_prompt
    for k, (n0, n1, _) in enumerate(mentions[:-1]):  # (the last name has no lab after it)
        l0, _, cid = mentions[k + 1]
        if l0 - n1 > 100 or l0 <= n1 or not (text[n1] in "'’" or text[n1].isspace()):
            continue  # (pure tests, cheap ones first: both shapes open with a quote or a space; no slice yet)
        between = text[n1:l0]
        name = text[n0:n1]
        if name not in cast:
            cast[name] = is_cast(prompt, name, low)
        if not cast[name] or CLAUSE_BREAK.search(between) or P.NEG_BEFORE.search(between):
            continue
        if _CAST_POSSESSIVE.match(between) or (
            _CAST_BEHIND.search(text, n0 - 40, n0) and _CAST_IS.fullmatch(between)
        ):
            out.append(("entity", cid, l0))
    return out
