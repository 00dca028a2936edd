"""The invented makers and names of "I" (`developer`, `name`): the gated patterns of fiction.py scanned
and their objects judged; and the first-person test of a known name (`entity`).

Split from extractors.py (which registers the extractors): the scan loop runs for every pattern of
every answer, so its gates are unpacked once at import (`scans`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from distillq.ice.offline import fiction as F
from distillq.ice.offline import handback as HB
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import patterns as P
from distillq.ice.offline import persona as PS
from distillq.ice.offline.lexicon import EN
from distillq.ice.offline.literal import Gated
from distillq.ice.offline.naming import names_maker
from distillq.ice.offline.rules import LinkMemo, ai_named, boundary_ok, is_first_person_claim
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim


def said_of_me(sent: str, ms: int, me: int, memo: LinkMemo | None = None) -> bool:
    """The name at sent[ms:me] is not negated just before and is said of "I" (pure in its arguments,
    so the judge remembers it: answers repeat their boilerplate sentences; `memo`: the judge's lexicon,
    for the test's own memos, which also keep the negation test of the 12 characters before the name)."""
    return is_first_person_claim(sent, ms, me, memo, neg_before=True)


def fictional(s: Scan, rxs: Scans, kind: str) -> list[Claim]:
    """The `kind` claims ("developer", "name") of the patterns `rxs` whose gates the answer passes.

    Every test of a match is pure (the judge's memos aside), so their order is free: the cheapest and
    most often failing first. A developer is judged by its object before its sentence is read (the
    object's test is remembered per judge, and most unknown objects name no one)."""
    out: list[Claim] = []
    text = s.text
    for find in rxs.passing(s):
        for m in find(text):
            obj = next(filter(None, m.groups()), "")  # (every group is named: `Scans` checks it)
            at = m.start()
            if not obj or not boundary_ok(text, at) or s.lex.is_known(obj):
                continue  # (most objects are known labs: tested before the sentence lookup)
            home = None
            if (
                kind != "name"
                and (home := IT.country_maker(s.lex.place.search, obj)) is None  # "中国的科技公司"
                and not names_maker(obj, s.lex.makers)
            ):
                continue
            if IT.cut_short(text, m.end(), s.lex.entity.find):
                continue  # "a team of engineers and scientists at Ali|baba Cloud": cut at the length cap
            s0, sent = s.sentence_of(at)
            if not s.usable(sent):
                continue
            if P.NEG_BEFORE.search(text[max(s0, at - 12) : at + 12]):
                continue
            if kind == "name":
                key = obj.strip(" \"'“”「」").lower()
                if key in LABEL_WORDS:
                    continue
                label = s.label_at(at)
                # A name given to "I" with an AI descriptor is a claim about the model itself; a bare
                # name from the prompt or the voice label is role-play of a named character.
                role = (
                    s.prompt_holds(key)
                    or bool(label and (key in label or label in key))
                    or PS.asks_for_role(s.prompt)
                )
                if (role or (not s.prompt and label is not None)) and not ai_named(sent, m.end() - s0):
                    continue
                if role and HB.handed_back(s, sent, s0, at, said_of_me):
                    continue
            else:
                label = s.label_at(at)  # (only for a claim: the voice labels are read once)
                if home is not None:  # a maker placed by its country only: a place claim
                    out.append(Claim("place", home, sent.strip(), label))
                    continue
            out.append(Claim(kind, "fictional", sent.strip(), label))
    return out


# A pattern as `fictional` scans it: its scan, its Latin gate words (need, too: one of each), or for a
# Chinese pattern (need None: it needs "我") the strings one of which it also needs.
Find = Callable[[str], Iterable[re.Match[str]]]
Entry = tuple[Find, frozenset[str] | None, frozenset[str] | None, tuple[str, ...]]


class Scans(tuple[Entry, ...]):
    """The gated patterns of one extractor in order, with their gates indexed by word (`passing`).

    Why: the gate runs for every pattern of every answer, and most patterns fail it; one set
    intersection with all the first-gate words, and a few bit operations per word found, pick the
    patterns that pass (most answers hold one or two of the words) without a test per pattern.
    """

    tag: str  # whose patterns (the key of their per-judge memo)
    words: frozenset[str]  # every pattern's first-gate words
    bits: dict[str, int]  # per word, the patterns (bit i: the i-th) that need it (or one of theirs)
    # the Chinese patterns' bits and their strings as one alternation (None: no strings)
    zh: tuple[tuple[int, re.Pattern[str] | None], ...]

    def __new__(cls, entries: Iterable[Entry], tag: str) -> Scans:
        self = super().__new__(cls, entries)
        self.tag, self.bits = tag, {}
        zh: list[tuple[int, re.Pattern[str] | None]] = []
        for i, (_, need, _, strings) in enumerate(self):
            if need is None:
                # (one search of the strings' alternation, not one `in` per string: they share their
                # opening "的", a literal `re` skips ahead to, and an answer may hold none of them)
                zh.append((1 << i, re.compile("|".join(map(re.escape, strings))) if strings else None))
            for w in need or ():
                self.bits[w] = self.bits.get(w, 0) | 1 << i
        self.words, self.zh = frozenset(self.bits), tuple(zh)
        return self

    def passing(self, s: Scan) -> tuple[Find, ...]:
        """The scans of the patterns whose gates the answer passes, in order: a Latin pattern needs one
        of its `need` words among the answer's tokens and, with a `too`, one of those too; a Chinese
        one a non-ASCII answer with "我" and one of its strings (when it has any). What a mask selects
        is remembered per judge (`Lexicon.masks`: these patterns are shared by every judge, so a memo
        on them would be module-level state)."""
        toks, bits, mask, memo = s.toks, self.bits, 0, s.lex.masks
        for w in self.words.intersection(toks):
            mask |= bits[w]
        if mask:
            toos = memo.get((self.tag, 0, mask))
            if toos is None:
                if len(memo) >= 4096:  # (bounded: an answer may hold any mix of the gate words)
                    memo.clear()
                toos = memo[(self.tag, 0, mask)] = tuple(
                    (1 << i, too)
                    for i, (_, _, too, _) in enumerate(self)
                    if mask >> i & 1 and too is not None
                )
            for bit, too in toos:
                if toks.isdisjoint(too):
                    mask &= ~bit
        if self.zh and not s.ascii and "我" in (text := s.text):
            for bit, held in self.zh:
                if held is None or held.search(text) is not None:
                    mask |= bit
        finds = memo.get((self.tag, 1, mask))
        if finds is None:
            if len(memo) >= 4096:
                memo.clear()
            finds = memo[(self.tag, 1, mask)] = tuple(e[0] for i, e in enumerate(self) if mask >> i & 1)
        return finds


# DEV_ZH_SUBJECT opens with a keeper verb (no literal for `re` to skip ahead to: it is tried at every
# character); every match holds "的" right before one of its maker nouns.
ZH_TOO = {
    F.DEV_ZH_SUBJECT: tuple("的" + n for n in ("开发者", "创造者", "创建者", "团队", "公司", "机构", "组织"))
}


def scans(rxs: Gated, tag: str) -> Scans:
    """The gated patterns with their Chinese strings (once, at import). `fictional` takes a match's
    object as its first non-empty group: each pattern's groups must all be named (as in `groupdict`)."""
    for find, _, _, rx in rxs:
        scanned = getattr(find, "__self__", rx)  # (a literal-opened scan matches with its parts)
        for p in (rx, *getattr(scanned, "parts", ())):
            if p.groups != len(p.groupindex) or list(p.groupindex.values()) != list(range(1, p.groups + 1)):
                raise ValueError(f"a pattern of `fictional` with an unnamed group: {p.pattern[:60]}")
    return Scans(
        (
            (find, None, None, ZH_TOO.get(rx, ())) if need is F.ZH_NEED else (find, need, too, ())
            for find, need, too, rx in rxs
        ),
        tag,
    )


LABEL_WORDS = frozenset(
    {"here", "sorry", "happy", "glad", "unable", "able", "afraid", "not", "just"}
    | {w.lower() for w in EN["generic_self_names"]}
)
