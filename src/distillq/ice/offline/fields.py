"""Maker claims written as a field block: list items, table rows, JSON/YAML keys (offline judge, pass fmt).

An answer asked for "your profile" may give its maker as a field ("- Developer: X", "| 开发者 | X |",
`"base_model": "gpt-4"`) with no sentence around it. Such a field says what the prose form says
(DEFINITIONS.md: another lab or an invented maker as the maker or base of "I") when its block is
about the answering model itself:

- the prompt asks about "you" ("a profile of yourself", "your spec sheet", "who made you?"), or a
  lead-in line above the block speaks of "me" ("## About Me", "下面是我的基本信息");
- neither the prompt nor the lead-in asks for a sample, template or fictional thing, and the prompt
  does not name the lab the block gives (a block about a product the user named);
- the block names one maker only (a table comparing models lists several: no claim).

A maker field's value is a known lab or model (a claim of that lab) or, failing that, an invented
organisation's name (a fictional maker). A model field ("Model family: X") counts only with a known
name; beside a maker or base field ("Name: X / Developer: Y / Base model: Z") it names the model those
made and is no second maker. A prompt that lists the fields to fill ("JSON: name, trained_by") asks about
the model it is put to. stated.py reads the older list shape (a first-person line right above) and hands the field lines
it finds before a known name to `named_fields`; `fields` reads table rows ("|" in the answer) and the
fields of an invented maker (an answer naming no known lab: a walk of its colons, one a line, over its
first `_WINDOW` characters). So no answer is scanned again for names or keys: the budget of this pass.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import alternation, load_words
from distillq.ice.offline.naming import is_named
from distillq.ice.offline.plan import Extractor
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

_W = load_words("fields")
_MAKER, _MODEL, _BASE = "maker", "model", "base"
_KEYS: dict[str, str] = {
    **{w: _MODEL for w in (*_W["model_keys"], *_W["model_keys_zh"])},
    **{w: _MAKER for w in (*_W["maker_keys"], *_W["maker_keys_named"], *_W["maker_keys_zh"])},
    **{w: _BASE for w in (*_W["base_keys"], *_W["base_keys_zh"])},
}
_WINDOW = 600
# the last characters of the maker keys (either case): a colon after another is no maker key's, untested
_KEY_ENDS = frozenset(c for k, kind in _KEYS.items() if kind != _MODEL for c in (k[-1], k[-1].upper()))
# (the words of an invented maker's field: an answer with no name)
TRIGGERS = _W.gate("maker_keys", "base_keys")
_KEY_MARKS = " \t-*•·>+\"'{,[|"
_NUMBERED = re.compile(r"\d{1,2}[.)、]\s*")
_NOT_MAKERS = frozenset(_W["not_makers"])
_NOUNS = alternation((*_W["profile_nouns"], *_W["maker_keys"]))
_ASKED = re.compile(
    r"(?i)\byourself\b|\babout\s+you\b|\b(?:who|what)\s+are\s+you\b|\byour\s+(?:own\s+)?(?:[\w\-]+\s+){0,2}?"
    + _NOUNS
    + r"\b|\b"
    + _W.alt("asked_verbs")
    + r"\s+you\b|"
    + _W.inner("asked_zh")
    + r"|(?:你|您)的(?:"
    + "|".join(map(re.escape, (*_W["maker_keys_zh"], *_W["model_keys_zh"], *_W["base_keys_zh"])))
    + ")"
)
_LEAD = re.compile(
    r"(?i)\b(?:about|of|on)\s+(?:me|myself)\b|\bwho\s+I\s+am\b|\bmy\s+(?:own\s+)?(?:[\w\-]+\s+){0,2}?"
    + _W.alt("profile_nouns")
    + r"\b|\bthis\s+(?:assistant|model|AI|chatbot)\b|"
    + _W.inner("self_leads_zh")
)
_YOUR_THING = re.compile(
    r"(?i)\byour\s+(?:[\w'’\-]+\s+){0,2}?"
    + _W.alt("profile_nouns")
    + r"\b|(?:你|您)的[^\n，。：]{0,8}?(?:信息|资料|简介|档案)"
)
# a prompt that lists the fields to fill ("JSON: name, trained_by") asks about the model it is put to
_ASKED_KEYS = re.compile(r"(?i)(?<![\w])" + _W.alt("asked_keys").replace(r"\s+", r"[\s_\-]") + r"(?![\w])")
_OTHER = re.compile(r"(?i)\b" + _W.alt("other_subject") + r"\b|" + _W.inner("other_subject_zh"))
_JSON_LINE = frozenset({"", "{", "}", "[", "]", "},", "],", "json", "yaml", "yml", "toml", "```"})
_ORG_ZH = re.compile(r"(?:公司|集团|科技|实验室|研究所|研究院|工作室|团队)$")
_VALUE_END = re.compile(r"\s*(?:[,，(（;；]|\s[-–—]\s|$)")
Field = tuple[str, int, int]  # (kind of key, value start, value end)
Hit = tuple[str, str, int]  # (claim kind, target, position)


def _key_kind(key: str) -> str | None:
    """The kind of a field key, its marks and quotes dropped: as written, or with its numbering dropped
    and "_"/"-" read as spaces ("base_model", "1. Made-by")."""
    kind = _KEYS.get(key)
    if kind is not None or not key or not (key[0].isdigit() or "_" in key or "-" in key):
        return kind
    if key[0].isdigit():
        key = _NUMBERED.sub("", key, count=1).strip(_KEY_MARKS)
    return _KEYS.get(" ".join(key.replace("_", " ").replace("-", " ").split()))


def _colon_fields(text: str, marks: tuple[str, ...], end: int) -> list[Field]:
    """Fields written "key: value" (a list item, a YAML or JSON key): a short key opening its line before
    the line's first colon, or a quoted key (JSON on one line). One colon a line is read: a later one has
    the first within its key (an answer that repeats one line costs one step). Up to `end` only; a key is
    looked up only where a maker key's last character (`_KEY_ENDS`) stands before the colon."""
    out: list[Field] = []
    for mark in marks:
        c = text.find(mark, 0, end)
        while c > 0:
            lo = c - 28 if c > 28 else 0
            ks = text.rfind("\n", lo, c)
            quoted = text[c - 1] == '"'
            if quoted:
                ks = text.rfind('"', lo, c - 1)  # a quoted key ("..., "developer": ...")
            nl = text.find("\n", c, end)
            if (
                (ks >= 0 or c <= 28)
                and text[c - 2 if quoted else c - 1] in _KEY_ENDS
                and (kind := _key_kind(text[ks + 1 : c].strip(_KEY_MARKS).lower()))
            ):
                out.append((kind, c + 1, nl if nl >= 0 else min(len(text), c + 200)))
            c = text.find(mark, c + 1 if quoted else nl + 1, end) if quoted or nl >= 0 else -1
    return out


def named_fields(s: Scan, lines: list[int]) -> list[Hit]:
    """`stated` hands its field lines here (the starts of lines where a colon stands within 48 characters
    before a known name, found per name): the claims of those whose key opens the line ("- Developer: X",
    `  "trained_by": "X",`) and whose block is about the model. No scan of its own: a line costs a `find`
    of its colon and a key lookup."""
    text, ascii_ = s.text, s.ascii
    found = []
    for ls in lines:
        c = text.find(":", ls, ls + 32)
        if not ascii_ and (z := text.find("：", ls, ls + 32)) >= 0 and (c < 0 or z < c):
            c = z
        if text.startswith("{", ls):  # JSON on one line: its quoted keys ('{"a": 1, "developer": "X"}')
            found += _quoted_fields(text, ls)
        elif c >= 0 and (kind := _key_kind(text[ls:c].strip(_KEY_MARKS).lower())):
            nl = text.find("\n", c)
            found.append((kind, c + 1, len(text) if nl < 0 else nl))
    return _block_hits(s, found) if found else []


def _quoted_fields(text: str, ls: int) -> list[Field]:
    """The fields of a JSON object written on the line from `ls`, read at each '":' (its first 300
    characters)."""
    out: list[Field] = []
    end = text.find("\n", ls, ls + 300)
    end = min(len(text), ls + 300) if end < 0 else end
    c = text.find('":', ls, end)
    while c >= 0:
        ks = text.rfind('"', ls, c)
        if (kind := _key_kind(text[ks + 1 : c].lower())) is not None:
            out.append((kind, c + 2, end))
        c = text.find('":', c + 2, end)
    return out


def _row_fields(text: str) -> list[Field]:
    """Fields written as table rows: "| key | value |" (the value is the second cell)."""
    out: list[Field] = []
    at = 0
    for line in text.split("\n"):
        body = line.strip()
        if body.startswith("|") and body.count("|") >= 3:
            first = line.find("|")
            second = line.find("|", first + 1)
            third = line.find("|", second + 1)
            kind = _key_kind(line[first + 1 : second].strip(_KEY_MARKS).lower())
            if kind is not None:
                out.append((kind, at + second + 1, at + third))
        at += len(line) + 1
    return out


def _value(s: Scan, kind: str, vs: int, ve: int) -> Hit | None:
    """The claim a field's value makes: a known name (within its first words, not negated), or for a
    maker field an invented organisation's name."""
    text = s.text
    for a, b, cid in s.mentions:
        if vs <= a < ve:
            head = text[vs:a]
            if len(head.strip(" \t\"'")) > 24 or P.NEG_BEFORE.search(head) or P.NEG_AFTER.search(text[b:ve]):
                return None
            return ("entity", cid, a)
    if kind is _MODEL:
        return None
    value = text[vs:ve].strip(" \t\"'")
    cut = _VALUE_END.search(value)
    name = value[: cut.start()].strip(" \t\"'.。") if cut else value
    if not name or len(name) > 40 or name.lower() in _NOT_MAKERS or s.lex.is_known(name):
        return None
    if F.CJK.search(name):
        ok = _ORG_ZH.search(name) is not None and is_named(name)
    else:
        ok = is_named(name) and not name.islower()
    return ("developer", "fictional", vs + text[vs:ve].find(name)) if ok else None


def _fieldish(line: str) -> bool:
    """A line of a field block: a table row, a short key and a colon, or a JSON/fence line."""
    body = line.strip()
    if body.startswith("|") or body.lower() in _JSON_LINE:
        return True
    c = body.find(":")
    if c < 0:
        c = body.find("：")
    return 0 < c <= 45 and not body[c + 1 :].isspace() and c + 1 < len(body)  # (a heading "...:" is none)


def _block(text: str, pos: int) -> tuple[int, int, str, int]:
    """(top, bottom, lead-in, its start) of the field block around `pos`: its run of field lines, and the
    up to two non-blank lines above it."""
    top = text.rfind("\n", 0, pos) + 1
    while top > 0:
        prev = text.rfind("\n", 0, top - 1) + 1
        line = text[prev : top - 1]
        if not line.strip() or not _fieldish(line):
            break
        top = prev
    bottom = text.find("\n", pos)
    while 0 <= bottom < len(text) - 1:
        nxt = text.find("\n", bottom + 1)
        line = text[bottom + 1 : nxt if nxt >= 0 else len(text)]
        if not line.strip() or not _fieldish(line):
            break
        bottom = nxt
    bottom = len(text) if bottom < 0 else bottom
    lead: list[str] = []
    at = top - 1
    while at > 0 and len(lead) < 2:
        prev = text.rfind("\n", 0, at) + 1
        line = text[prev:at].strip()
        if line:
            lead.append(line[-200:])
        at = prev - 1
    return top, bottom, "\n".join(reversed(lead)), max(at, 0)


def _about_self(s: Scan, lead: str) -> bool:
    """Whether a block with this lead-in is about the answering model (see the module docstring)."""
    prompt = s.prompt
    if _OTHER.search(lead) or _OTHER.search(prompt):
        return False
    if _LEAD.search(lead) is not None:
        return True
    if _YOUR_THING.search(lead) is not None:
        return False  # ("Your shop's profile:")
    return _ASKED.search(prompt) is not None or _ASKED_KEYS.search(prompt) is not None


def _block_hits(s: Scan, found: list[Field]) -> list[Hit]:
    """The claims of the fields found, one a block, where the block is about the model and names one
    maker (see the module's docstring)."""
    text = s.text
    pairs = [(kind, vs, ve, h) for kind, vs, ve in found if (h := _value(s, kind, vs, ve)) is not None]
    # a name field beside a maker field ("Name: X", "Developer: Y") names the model the maker made, and a
    # base field the model it was built on: each kind names one lab at most (several: a comparison), the
    # maker and base fields are the claims, and no field's value is a second maker for another field
    by_kind: dict[str, set[str]] = {}
    for kind, _, _, (_, target, _) in pairs:
        by_kind.setdefault(kind, set()).add(target)
    if any(len(targets) > 1 for kind, targets in by_kind.items() if kind is not _MODEL or len(by_kind) == 1):
        return []  # fields naming several makers: a comparison, in one block or in several
    hits = [h for kind, _, _, h in pairs if kind is not _MODEL] or [h for _, _, _, h in pairs]
    named = [(vs, ve) for _, vs, ve, _ in pairs] if len(by_kind) > 1 else []
    out: list[Hit] = []
    done: set[tuple[int, str]] = set()
    for hit in hits:
        kind, target, pos = hit
        top, bottom, lead, lead_at = _block(text, pos)
        if (top, target) in done:
            continue  # (one claim a lab and block: a maker and a base field are two)
        done.add((top, target))
        # (its paragraph too: a nested list names each model on a line of its own, "- Claude\n  Maker: X")
        ptop, pend = text.rfind("\n\n", 0, top) + 1, text.find("\n\n", bottom)
        lo, hi = min(top, ptop), max(bottom, len(text) if pend < 0 else pend)
        others = set() if named else {t for _, t, p in hits if lo <= p < hi}
        others |= {
            cid
            for a, _, cid in s.mentions
            if (lo <= a < hi or (a < lo and cid != target)) and not any(vs <= a < ve for vs, ve in named)
        }
        if any(lead_at <= a < top for a, _, _ in s.mentions):
            continue  # the lead-in names a lab or model: the block is about it ("The sheet for X:")
        if len(others - {target}) or not _about_self(s, lead):
            continue  # several makers (a comparison), another lab above it, or not about the model
        if kind == "entity" and target in {cid for _, _, cid in s.lex.entity.find(s.prompt)}:
            continue  # the prompt named that lab: a block about its product
        out.append(hit)
    return out


def _invented_fields(s: Scan) -> list[Field]:
    """The maker fields of an answer that names no known lab, in its first `_WINDOW` characters (where a
    profile of the model stands: the rest of a long answer, often one line repeated, is not walked)."""
    text = s.text
    if s.ascii:  # (one `in` spares most answers the word test: half hold no colon)
        if ":" not in text or s.toks.isdisjoint(TRIGGERS):
            return []
        marks: tuple[str, ...] = (":",)
    else:
        marks = () if s.toks.isdisjoint(TRIGGERS) else (":",)  # (a Latin key holds one of its words)
        if text.find("：", 0, _WINDOW) >= 0:
            marks += ("：",)
    return [f for f in _colon_fields(text, marks, _WINDOW) if f[0] is not _MODEL] if marks else []


def table_hits(s: Scan) -> list[Hit]:
    """The claims of the table rows of an answer that names a known lab (`stated` asks, for an answer
    holding a "|"): the plan runs `fields` for answers with no name only."""
    found = _row_fields(s.text)
    return _block_hits(s, found) if found else []


def fields(s: Scan) -> list[Claim]:
    """Maker claims of "I" in a table row, or an invented maker in a field, of a block about the model
    (list, table, JSON, YAML), in an answer that names no known lab. With a known name, stated.py hands
    its field lines to `named_fields` and its table to `table_hits`."""
    found = _row_fields(s.text) if "|" in s.text else _invented_fields(s)
    out: list[Claim] = []
    for kind, target, pos in _block_hits(s, found) if found else ():
        s0, sent = s.sentence_of(pos)
        if s.usable(sent):
            out.append(Claim(kind, target, sent.strip()))
    return out


# (ungated in the plan, and run for answers with no known name only: its first test, for "|", is cheaper
# than a word gate that most answers pass)
EXTRACTORS = (Extractor("fields", fields, no_names=True, doc=fields.__doc__ or ""),)
NAMES = tuple(e.name for e in EXTRACTORS)
