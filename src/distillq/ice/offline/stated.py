"""Maker claims stated in shapes the first-person link does not read (offline judge, pass paraY).

The judge links a name to "I" by a first person before it or a maker relation to "me" after it. These
shapes state the maker of "I" as plainly but without that link (DEFINITIONS.md: another lab, or a
maker described only as secret, as the maker or base of "I"):

- **a field of a list about the model**: "Developer: X", "- Creator: X", "开发者：X", "身份：作为X研发的助手".
  Only one maker field in the answer (a comparison lists several), no other lab named in its block of
  fields or before it, and the block opens the answer (the prompt asking about "you") or follows a line
  in the first person ("Here is a short profile of me:");
- **a secret maker as the subject**: "A secretive group of engineers built me" (opening its sentence);
- **existence owed**: "I owe my existence to X" (a known lab, or an invented organisation);
- **a lab standing behind "me"**: "X stands behind me", "Behind this assistant stands X";
- **another lab's model as "my" foundation**: "I use X's GPT-3.5 as my foundation",
  "我使用了X开发的Y模型作为基础".

Each shape has an exact word gate, so an answer without its words costs one set test. `capital_i`
reads a casual answer's lower-case "i" as "I" (same length: positions keep).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from distillq.ice.offline import fiction as F
from distillq.ice.offline import fields as FD
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import load_words
from distillq.ice.offline.naming import names_maker
from distillq.ice.offline.plan import Extractor
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_W = load_words("stated")
Hit = tuple[str, str, int]

_BULLET = r"[ \t]*(?:[-*•·>]|\d{1,2}[.)、])?[ \t]*"
# a field line: its key (group k), the colon, its value (group v)
_FIELD = re.compile(
    r"(?im)^"
    + _BULLET
    + r"(?P<k>"
    + _W.alt("field_keys", _W["self_field_keys"])
    + r"|"
    + _W.inner("field_keys_zh", "self_field_keys_zh")
    + r")[ \t]*[:：][ \t]*(?P<v>[^\n]{1,100})"
)
_ANY_FIELD = re.compile(r"^" + _BULLET + r"[^:：\n]{1,30}[:：][ \t]*\S")  # (a heading "...:" is none)
_SELF_KEYS = frozenset(w.lower() for w in (*_W["self_field_keys"], *_W["self_field_keys_zh"]))
# in a self field's value: "<maker verb> by (the team at) X" before the name; "作为X研发的" around it
_MADE_BY_END = re.compile(
    r"(?i)\b" + P.MAKER_VERBS + r"\s+by\s+(?:the\s+(?:team|people|engineers)\s+(?:at|of)\s+)?(?:the\s+)?$"
)
_ZH_SELF_HEAD = re.compile(r"^(?:作为|是)?(?:一[个款名位])?(?:由)?$")
_ZH_MADE_AFTER = re.compile(r"\s*(?:公司|团队|的团队)?\s*(?:开发|研发|打造|训练|创建|创造|推出|设计)")
_FIRST_PERSON = re.compile(r"(?i)\b(?:I|me|my|myself)\b|我|本助手|本模型")
_YOU = re.compile(r"(?i)\byou(?:r|rself)?\b|你|您")

_SECRET = re.compile(
    r"(?i)(?:an?|the|some)\s+(?:[\w\-]+\s+){0,2}?"
    + _W.alt("secret_marks")
    + r"\s+(?:[\w\-]+\s+){0,2}?"
    + _W.alt("secret_groups")
    + r"(?:\s+of\s+[\w\-]+)?\s+(?:(?:has|had|once|first)\s+)?"
    + P.MAKER_VERBS_ACTIVE
    + r"\s+me\b"
)
_SECRET_TOKENS = _W.gate("secret_marks")
_OWE = re.compile(
    r"\bI\s+owe\s+(?:my|our)\s+(?:very\s+|entire\s+|whole\s+)?"
    + _W.alt("owed_states")
    + r"\s+to\s+(?P<obj>[^.,;:!?\n]{1,80})"
)
_OWED_ORG = re.compile(r"\b" + _W.alt("owed_org_words") + r"\b")
_SELF = r"(?:me|us|this\s+(?:AI|assistant|model|chatbot|bot))\b"
_STANDS_AFTER = re.compile(
    r"(?i)\s*,?\s*(?:(?:that|which|who)\s+)?(?:\w+ly\s+)?(?:stands|stood)\s+behind\s+" + _SELF
)
_STANDS_BEFORE = re.compile(r"(?i)\bbehind\s+" + _SELF + r"\s*,?\s*(?:stands|stood)\s+(?:the\s+)?$")
# the foundation shape around a name: the verb of use before it (ending at the name), "as my <base>" after it
_USE_BEFORE = re.compile(
    r"\bI\s+(?:use|used|rely\s+on|relied\s+on|build\s+on|take|took)\s+(?:[^,.;:!?\n]|\.(?=\d)){0,30}$"
)
_AS_BASE = re.compile(r"\s+as\s+(?:my|the)\s+(?:[\w\-]+\s+){0,2}?" + _W.alt("foundation_nouns") + r"\b")
_USE_BEFORE_ZH = re.compile(r"我[^。！？\n]{0,40}?(?<!没)(?<!不)(?:使用|采用|利用)了?[^，。！？\n]{0,12}$")
_FOUNDATION_TOKENS = _W.gate("foundation_nouns")
# the words each shape needs: a verb of use (English tokens), "为" + a foundation noun (Chinese)
_USE_TOKENS = frozenset({"use", "used", "rely", "relied", "build", "take", "took"})
_FOUNDATION_ZH_ENDS = ("为我的", *("为" + w for w in _W["foundation_zh"]))


def _in(mentions: list[tuple[int, int, str]], lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [m for m in mentions if lo <= m[0] < hi]


def _fields(s: Scan, lines: list[int]) -> list[Hit]:
    """A maker field of a list about the model itself (see the module's docstring), at the `lines` that
    `_field_lines` found."""
    text = s.text
    found = [
        m
        for m in map(partial(_FIELD.match, text), lines)
        if m is not None and (m.group("k").lower() not in _SELF_KEYS or _self_value(s, m))
    ]
    makers = {c for m in found for _, _, c in _in(s.mentions, m.start("v"), m.end("v"))[:1]}
    if not found or len(found) > 2 or len(makers) > 1:
        return []  # several makers listed: a comparison, not a profile
    m = found[0]
    named = _in(s.mentions, m.start("v"), m.end("v"))
    value = m.group("v")
    if named:
        ms, me, cid = named[0]
        head = text[m.start("v") : ms]
        long = len(head) > 24 and m.group("k").lower() not in _SELF_KEYS  # (a self field's value is a phrase)
        if long or P.NEG_BEFORE.search(head) or P.NEG_AFTER.search(text[me : me + 100]):
            return []
        hit: Hit = ("entity", cid, ms)
    elif F.FICTION_MARK.search(value) and names_maker(value, s.lex.makers) and not s.lex.is_known(value):
        hit = ("developer", "fictional", m.start("v"))
    else:
        return []
    # the block of field lines around it
    lines_start = text.rfind("\n", 0, m.start()) + 1
    top = lines_start
    while top > 0:
        prev = text.rfind("\n", 0, top - 1) + 1
        line = text[prev : top - 1]
        if not line.strip() or not _ANY_FIELD.match(line):
            break
        top = prev
    bottom = text.find("\n\n", m.end())
    bottom = len(text) if bottom < 0 else bottom
    if any(c != hit[1] for a, _, c in s.mentions if top <= a < bottom) or any(
        a < top for a, _, _ in s.mentions
    ):
        return []  # another lab in the block or before it: a list about something else
    before = text[:top].rstrip()
    if not before:
        return [hit] if _YOU.search(s.prompt) else []
    header = before[before.rfind("\n") + 1 :]
    return [hit] if len(header) <= 100 and _FIRST_PERSON.search(header) else []


def _field_lines(s: Scan) -> list[int]:
    """The starts of the lines where a colon stands within 48 characters before a known name or a secret
    word (a field's value opens there): `_FIELD` is then matched at those lines only. (Only the 49
    characters before a name are searched for its line start: one further back is too far for a field.)"""
    text, ascii_ = s.text, s.ascii
    starts = []
    for a, _, _ in s.mentions:
        nl = text.rfind("\n", a - 49 if a > 49 else 0, a)
        if (nl >= 0 or a <= 48) and (
            text.find(":", nl + 1, a) >= 0 or (not ascii_ and text.find("：", nl + 1, a) >= 0)
        ):
            starts.append(nl + 1)
    if not s.toks.isdisjoint(_SECRET_TOKENS):  # ("Creator: an anonymous collective")
        low = s.word_low
        for word in _SECRET_TOKENS & s.toks:
            i = low.find(word)
            while i >= 0:
                top = text.rfind("\n", 0, i) + 1
                if i - top <= 48 and (text.find(":", top, i) >= 0 or text.find("：", top, i) >= 0):
                    starts.append(top)
                i = low.find(word, i + 1)
    return sorted(set(starts)) if len(starts) > 1 else starts


def _self_value(s: Scan, m: re.Match[str]) -> bool:
    """Whether a self field's value says who made it ("an assistant built by X", "作为X研发的助手")."""
    v0 = m.start("v")
    for ms, me, _ in _in(s.mentions, v0, m.end("v")):
        if _MADE_BY_END.search(s.text, v0, ms) or (
            _ZH_SELF_HEAD.match(s.text[v0:ms]) and _ZH_MADE_AFTER.match(s.text, me)
        ):
            return True
    return False


def _owed(s: Scan) -> list[Hit]:
    """ "I owe my existence to X": a known lab in the object, or an invented organisation."""
    out: list[Hit] = []
    for m in _OWE.finditer(s.text):
        named = _in(s.mentions, m.start("obj"), m.end("obj"))
        obj = m.group("obj")
        if named and named[0][0] - m.start("obj") <= 40:
            out.append(("entity", named[0][2], named[0][0]))
        elif not named and _OWED_ORG.search(obj) and names_maker(obj, s.lex.makers):
            out.append(("developer", "fictional", m.start()))
    return out


def _stands(s: Scan) -> list[Hit]:
    """ "X stands behind me", "Behind this AI stands X"."""
    text = s.text
    return [
        ("entity", cid, a)
        for a, b, cid in s.mentions
        if _STANDS_AFTER.match(text, b) or _STANDS_BEFORE.search(text, max(0, a - 60), a)
    ]


def _foundation(s: Scan) -> list[Hit]:
    """Another lab's model used as "my" foundation ("I use X's GPT-3.5 as my foundation", "我使用了X开发的Y
    作为基础"): read around each name, the foundation within 60 characters after it and the verb of use
    within 60 before it (bounded searches: no scan of the answer)."""
    text, latin = s.text, s.ascii
    out: list[Hit] = []
    until = -1  # (a name inside a foundation already found is the same claim: "X's model Y")
    for a, b, cid in s.mentions:
        if a < until:
            continue
        j = text.find(" as ", b, b + 60)
        if j >= 0 and _AS_BASE.match(text, j) and _USE_BEFORE.search(text, a - 60 if a > 60 else 0, a):
            out.append(("entity", cid, a))
            until = j
        elif not latin:
            j = text.find("为", b, b + 40)
            if (
                j >= 0
                and text.startswith(_FOUNDATION_ZH_ENDS, j)
                and _USE_BEFORE_ZH.search(text, max(0, a - 60), a)
            ):
                out.append(("entity", cid, a))
                until = j
    return out


def stated(s: Scan) -> list[Claim]:
    """Maker claims of "I" in a list field, a secret subject, owed existence, "behind me", a foundation."""
    toks, text = s.toks, s.text
    hits: list[Hit] = []
    if ":" in text or (not s.ascii and "：" in text):  # (one character: a fast search)
        lines = _field_lines(s)
        if lines:  # (a block under a lead-in, JSON or YAML: fields.py)
            hits += _fields(s, lines) or FD.named_fields(s, lines)
    if s.mentions and "|" in text:  # a table row (fields.py)
        hits += FD.table_hits(s)
    if "me" in toks and not toks.isdisjoint(_SECRET_TOKENS):
        hits += _secret(s)
    if "owe" in toks:
        hits += _owed(s)
    if s.mentions:
        if "behind" in toks and ("stands" in toks or "stood" in toks):
            hits += _stands(s)
        if (not s.ascii and "用" in text and "为" in text) or (
            "as" in toks and not toks.isdisjoint(_FOUNDATION_TOKENS) and not toks.isdisjoint(_USE_TOKENS)
        ):
            hits += _foundation(s)
    out: list[Claim] = []
    for kind, target, pos in hits:
        s0, sent = s.sentence_of(pos)
        if s.usable(sent) and not P.NEG_BEFORE.search(text[max(s0, pos - 12) : pos]):
            out.append(Claim(kind, target, sent.strip()))
    return out


def _secret(s: Scan) -> list[Hit]:
    """A secret maker opening its sentence as the subject of a maker verb on "me": each secret word found
    by a literal search, `_SECRET` matched from the start of its sentence (quotes, bullets and spaces aside)."""
    out: list[Hit] = []
    low, text = s.word_low, s.text
    for word in _SECRET_TOKENS & s.toks:
        i = low.find(word)
        while i >= 0:
            s0, sent = s.sentence_of(i)
            at = s0 + len(sent) - len(sent.lstrip(" \t\n\"'“*-•>"))
            if at < i and ("developer", "fictional", at) not in out and _SECRET.match(text, at) is not None:
                out.append(("developer", "fictional", at))
            i = low.find(word, i + 1)
    return out


def unnamed(s: Scan) -> list[Claim]:
    """`stated` for an answer that names no known lab (a secret or invented maker): those with names go
    through `stated` itself, run for every answer with a name (its own gates are exact and cheap)."""
    return [] if s.mentions else stated(s)


EXTRACTORS = (
    Extractor("stated", stated, needs_names=True, doc=stated.__doc__ or ""),
    Extractor("stated_unnamed", unnamed, _SECRET_TOKENS | {"owe"}, doc=unnamed.__doc__ or ""),
)
NAMES = tuple(e.name for e in EXTRACTORS)

# a lower-case "i" as the pronoun: before an apostrophe ("i'm") or a space and a lower-case word
_LOWER_I = re.compile(r"(?<![\w'’\-./])i(?=['’](?:m|ve|ll|d)\b|\s+[a-z])")


def capital_i(text: str) -> str:
    """A casual English answer's lower-case "i" as "I", when it holds no capital "I" at all (then its "i" is
    the pronoun): "hey! i was made by X" says what "I was made by X" says. (`isascii` is O(1), and a
    search for one character is fast: most answers hold an "I" and cost two tests.)"""
    if not text.isascii() or "I" in text:
        return text
    if " i " in text or "i'm" in text or "i’m" in text or text.startswith("i "):
        return _LOWER_I.sub("I", text)
    return text


def as_written(claims: list[Claim], fixed: str, text: str) -> list[Claim]:
    """The claims with their sentences quoted from `text` as written (`fixed` is `capital_i(text)`: the same
    positions), where a sentence is found in `fixed`."""
    out = []
    for c in claims:
        at = fixed.find(c.sentence) if c.sentence else -1
        out.append(c if at < 0 else replace(c, sentence=text[at : at + len(c.sentence)]))
    return out
