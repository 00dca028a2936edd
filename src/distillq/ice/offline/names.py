"""Finding the cards' names in a text, and the word tokens every gate of the offline judge reads.

Split from patterns.py (the claim regexes): this is the per-card part, built once per judge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from distillq.ice.identities import card_extras, is_case_sensitive
from distillq.ice.offline.spellings import (
    ALNUM,
    LETTERS,
    Buckets,
    Compiled,
    end_of,
    holds_odd_folds,
    rest_end,
)
from distillq.ice.types import IdentityCard
from distillq.packagedata import load_yaml

_T = TypeVar("_T")

_TOKEN = re.compile(r"[a-z]+|[0-9]+")
# Every byte that is not an ASCII lower-case letter or digit becomes a space (UTF-8 bytes of
# non-ASCII characters are all >= 128, so they become spaces too).
_KEEP = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
# Letters as "a", digits as "0", the rest as spaces: "a0" or "0a" marks a letter touching a digit.
_SHAPE = bytes(97 if 97 <= c <= 122 else 48 if 48 <= c <= 57 else 32 for c in range(256))
# Only the letters, only the digits (the rest as spaces): their words are `_TOKEN`'s two kinds of runs.
_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_DIGITS = bytes(c if 48 <= c <= 57 else 32 for c in range(256))
_DIGIT_BYTES = tuple(range(48, 58))  # the ASCII digits as byte values (`bytes.__contains__` of an int)


def tokens(low: str, raw: bytes | None = None) -> frozenset[str]:
    """The Latin words and numbers of a lower-cased text: one scan shared by all gates (`raw`: the
    text's UTF-8 bytes, surrogates passed, when the caller has them).

    Same tokens as `_TOKEN.findall(low)`, found with a byte table and `split` (several times
    faster). Where letters and digits touch ("gpt4o"), the runs of letters and the runs of digits
    are split apart: `_TOKEN` takes each maximal run of one kind.
    """
    if raw is None:
        raw = low.encode("utf-8", "surrogatepass")
    # Most texts hold no digit: ten one-byte searches (`memchr`: many bytes per instruction) spare
    # them the shape table pass (no byte of a non-ASCII character's UTF-8 is an ASCII digit). With a
    # digit, the shape shows where letters touch digits ("a" is every letter, "0" every digit).
    if any(map(raw.__contains__, _DIGIT_BYTES)) and (
        b"a0" in (shape := raw.translate(_SHAPE)) or b"0a" in shape
    ):
        words = raw.translate(_LETTERS).decode("ascii").split()
        return frozenset(words + raw.translate(_DIGITS).decode("ascii").split())
    return frozenset(raw.translate(_KEEP).decode("ascii").split())


# The non-ASCII characters whose `lower()` is not one non-ASCII character ("\u0130" -> "i\u0307", KELVIN SIGN
# -> "k"); a test checks the list against every code point.
LOWER_TO_ASCII = ("\u0130", "\u212a")


def ascii_lowered(text: str) -> str | None:
    """`text` with only A-Z lowered (same length), or None where that could find an ASCII word
    elsewhere than `text.lower()` does.

    Why: `str.lower` of a non-ASCII text goes character by character through the Unicode tables, about
    five times the cost of this byte-table lowering, and most lowered prompts are only searched for
    ASCII words (names, "your"). Without the characters of `LOWER_TO_ASCII`, every character lowers to
    one character, a non-ASCII one to a non-ASCII one with the same `isalnum` (tested over every code
    point), so an ASCII word, a Unicode word class (`\\w`) and the boundaries around them are found at the
    same places in both; only non-ASCII letters keep their case here.
    """
    if text.isascii():
        return text.lower()
    raw = lowered_utf8(text)
    return None if raw is None else raw.decode("utf-8", "surrogatepass")


def lowered_utf8(text: str) -> bytes | None:
    """The UTF-8 bytes (surrogates passed) of `ascii_lowered(text)`, None where that is None (the tokens
    are read from these bytes: one encoding for both)."""
    if LOWER_TO_ASCII[0] in text or LOWER_TO_ASCII[1] in text:
        return None
    return text.encode("utf-8", "surrogatepass").lower()


class NameIndex:
    """Finds many names in a text fast.

    One big alternation with look-behinds is ~100x too slow in `re`, so Latin names are found by
    tokenising once, intersecting with the names' first tokens and checking the exact pattern only
    at those positions; CJK names (no word boundaries) go through one plain alternation.
    """

    def __init__(self, entries: list[tuple[str, bool, str]]) -> None:
        """entries: (name, case_sensitive, value) triples; longer names win at a position."""
        sources: dict[str, list[tuple[str, bool, str]]] = {}
        cjk: dict[str, str] = {}
        for name, cs, value in sorted(entries, key=lambda e: -len(e[0])):
            tok = _TOKEN.match(name.lower())
            if tok is None:
                cjk.setdefault(name, value)
                continue
            sources.setdefault(tok.group(0), []).append((name, cs, value))
        # Per key: its names' spellings (`spellings.py`: each pattern as plain data, tried by string tests),
        # made when the key is first read (`find` reads only the keys among a text's tokens); the patterns
        # themselves are compiled only where a text needs them (`compiled`).
        self.buckets = Buckets(sources)
        self.compiled = Compiled()
        self.keys = frozenset(sources)
        # Per value: its buckets, each with the key as a whole token (literal-first: the boundary is
        # checked after the key, so `re` skips ahead to it), for `names`; made when a value is asked.
        self.by_value = _ByValue(sources)
        self.cjk = cjk
        self.cjk_rx = re.compile("|".join(re.escape(n) for n in cjk)) if cjk else None
        self.cjk_values = frozenset(cjk.values())
        # The first UTF-8 bytes of the CJK names (for `find`'s gate on the text's UTF-8 bytes; ASCII ones in
        # both cases: a caller's bytes may be lowered)
        leads = {n.encode("utf-8")[:1] for n in cjk}
        self.cjk_leads = tuple(sorted({*leads, *(b.lower() for b in leads), *(b.upper() for b in leads)}))
        # an ASCII text holds none of these names unless one of them is ASCII (`isascii` is O(1))
        self.cjk_in_ascii = any(n.isascii() for n in cjk)

    def find(
        self,
        text: str,
        low: str | None = None,
        tokens: frozenset[str] | None = None,
        raw: bytes | None = None,
    ) -> list[tuple[int, int, str]]:
        """(start, end, value) of every name occurrence, in text order.

        `low` / `tokens` (text.lower(), or the text with only A-Z lowered, and its tokens) may be passed
        when the caller has them; `raw`: the text's UTF-8 bytes (surrogates passed, ASCII letters in either
        case), read for the Chinese names' first bytes: a text without one of those holds none of them
        (most non-ASCII answers hold no Chinese, only curly quotes or emoji: `re` would test each of their
        characters against the names' first characters, about 50 instructions each; `in` is `memchr`).
        """
        out: list[tuple[int, int, str]] = []
        low = text.lower() if low is None else low
        keys = self.keys.intersection(_TOKEN.findall(low) if tokens is None else tokens)
        if keys:
            buckets, at, add, n = self.buckets, low.find, out.append, len(text)
            plain = text.isascii() or not holds_odd_folds(text)
            for key in keys:
                bounded, bucket = buckets[key]
                i = at(key)
                while i >= 0:
                    if not plain:  # (`(?i)` may fold a character here otherwise: the compiled patterns)
                        for sp in bucket:
                            end = self.end_at(sp[6], text, i)
                            if end >= 0:
                                add((i, end, sp[5]))
                                break
                    # (every spelling of a bounded bucket opens with `(?<![A-Za-z0-9])`: one test for all)
                    elif not bounded or not i or text[i - 1] not in ALNUM:
                        # `spellings.end_of`, inline: it runs per place and name (a call costs more)
                        for head, rest, folded, capital, after, value, source in bucket:
                            if head is None:
                                end = self.end_at(source, text, i)
                            elif not (low if folded else text).startswith(head, i) or (
                                capital and i > 1 and text[i - 1] == "-" and text[i - 2] in LETTERS
                            ):
                                continue
                            else:
                                end = i + len(head)
                                if rest:
                                    end = rest_end(rest, text, low if folded else text, end, n)
                                if after is not None and 0 <= end < n and text[end] in after:
                                    continue
                            if end >= 0:
                                add((i, end, value))  # (a match at `i` starts there)
                                break
                    i = at(key, i + 1)
        if (
            self.cjk_rx is not None
            and (self.cjk_in_ascii or not text.isascii())
            and (raw is None or any(map(raw.__contains__, self.cjk_leads)))
        ):
            cjk = self.cjk
            out += [(m.start(), m.end(), cjk[m.group()]) for m in self.cjk_rx.finditer(text)]
        if len(out) > 1:
            out.sort()
        return out

    def names(self, text: str, low: str, value: str) -> bool:
        """Whether `value` is among the values of `find(text, low)`, reading only the buckets that hold
        one of its names (the hard rule asks about one lab; `find` reads every name in the text).

        The same test as `find`: a bucket is read when its key is a token of `low` (a whole run of
        letters, or of digits), and at each place of the key the bucket's first matching name wins.
        """
        plain, n = None, len(text)
        for key, whole in self.by_value[value]:
            if whole.search(low) is None:
                continue
            if plain is None:
                plain = text.isascii() or not holds_odd_folds(text)
            bounded, bucket = self.buckets[key]
            i = low.find(key)
            while i >= 0:
                if not plain or not bounded or not i or text[i - 1] not in ALNUM:
                    for sp in bucket:
                        end = (
                            end_of(sp, text, low, i, n)
                            if plain and sp[0] is not None
                            else self.end_at(sp[6], text, i)
                        )
                        if end >= 0:
                            if sp[5] == value:
                                return True
                            break
                i = low.find(key, i + 1)
        # (no scan for a value without a Chinese name: the hard rule asks about OpenAI and Anthropic)
        if self.cjk_rx is not None and value in self.cjk_values and (self.cjk_in_ascii or not text.isascii()):
            return any(self.cjk[m.group(0)] == value for m in self.cjk_rx.finditer(text))
        return False

    def search(self, text: str) -> tuple[int, int, str] | None:
        found = self.find(text)
        return found[0] if found else None

    def end_at(self, source: str, text: str, i: int) -> int:
        """Where the name pattern `source`, compiled, matches from `i` ends, -1 where it does not match there."""
        m = self.compiled[source].match(text, i)
        return -1 if m is None else m.end()

    def patterns(self, key: str) -> list[tuple[re.Pattern[str], str]]:
        """The bucket of `key` as (compiled pattern, value) pairs, longest name first (the plain form of
        `find`, for tests and checks)."""
        return [(self.compiled[sp[6]], sp[5]) for sp in self.buckets[key][1]]


class _ByValue(dict[str, list[tuple[str, re.Pattern[str]]]]):
    """`NameIndex.by_value`: per value, (key, the key as a whole token) for every bucket holding one of its
    names (made when the value is first asked; none for an unknown value)."""

    def __init__(self, sources: dict[str, list[tuple[str, bool, str]]]) -> None:
        super().__init__()
        self.keys_of: dict[str, list[str]] = {}
        for key, triples in sources.items():
            for value in dict.fromkeys(v for _, _, v in triples):
                self.keys_of.setdefault(value, []).append(key)

    def __missing__(self, value: str) -> list[tuple[str, re.Pattern[str]]]:
        out = []
        for key in self.keys_of.get(value, ()):
            cls = "[0-9]" if key[0].isdigit() else "[a-z]"
            out.append((key, re.compile(re.escape(key) + f"(?<!{cls}{re.escape(key)})(?!{cls})")))
        if value in self.keys_of:
            self[value] = out
        return out


@dataclass(frozen=True)
class Places:
    """The cards' places, then the countries no card holds (`lexicon/places.yaml`): the first in a text."""

    cards: NameIndex
    world: NameIndex
    # Per judge (a judge makes its own): each text's answer, pure in it; the place phrases the
    # extractors read recur across answers ("the United States": about half of a cold pass's asks).
    found: dict[str, tuple[int, int, str] | None] = field(default_factory=dict, compare=False, repr=False)

    def search(self, text: str) -> tuple[int, int, str] | None:
        if text in self.found:
            return self.found[text]
        a = self.cards.search(text)
        if a is not None:
            b = self.world.search(text[: a[0]]) if a[0] > 1 else None  # only a place before the card's
            a = a if b is None else b
        else:
            a = self.world.search(text)
        if len(self.found) >= 20_000:
            self.found.clear()
        self.found[text] = a
        return a


@dataclass(frozen=True)
class Lexicon:
    """Compiled name and place matchers for one set of cards (built once per judge)."""

    entity: NameIndex  # value: card id
    place: Places  # value: canonical country
    # Per judge: whether a prompt's opening assigns a persona name (coref.py); a run asks every
    # template with many questions, and the persona is introduced before the question.
    roles: dict[tuple[str, str], int] = field(default_factory=dict, compare=False, repr=False)
    # Per judge: `is_known` of short names (the same persona and model names recur across answers).
    known: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    # Per judge: whether a known name at a sentence position is said of "I" (a pure test of the
    # sentence, and answers repeat their boilerplate sentences).
    said: dict[tuple[str, int, int], bool] = field(default_factory=dict, compare=False, repr=False)
    # Per judge: `asides.said_aside` of such a name, by (sentence, start, end, shapes): a pure test, asked
    # again of a repeated sentence (about 4 in 10 calls of a cold pass); cleared with `said`
    asides: dict[tuple[str, int, int, int], bool] = field(default_factory=dict, compare=False, repr=False)
    # Per judge, for that test (`rules.is_first_person_claim`): its parts pure in a shorter text, the
    # 120 characters before a name (`firsts`: all they tell alone, `rules.Before`) and the words between
    # "I" and it (`links`), which recur across answers far more than whole sentences do (a cold pass
    # meets few sentences twice).
    firsts: dict[str, tuple[int, int, int, bool]] = field(default_factory=dict, compare=False, repr=False)
    links: dict[tuple[str, bool, bool], int] = field(default_factory=dict, compare=False, repr=False)
    # Per judge: whether a maker phrase names someone or marks an invented maker (`naming.names_maker`).
    makers: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # Per judge: which of an extractor's gated patterns a gate mask selects (`fictional_claims.Scans`),
    # by (extractor, stage, mask): few masks recur, and the patterns themselves are module constants.
    masks: dict[tuple[str, int, int], tuple[Any, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    # Per judge: what the question asks (your headquarters? who made yours?), by test and prompt; a run
    # asks the same questions of many templates, and answers share their prompts.
    asked: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    def of_prompt(self, kind: str, prompt: str, test: Callable[[str], _T]) -> _T:
        """`test(prompt)`, remembered per judge under `kind` for the last few thousand prompts."""
        key = (kind, prompt)
        if key in self.asked:
            hit: _T = self.asked[key]
            return hit
        if len(self.asked) >= 8192:
            self.asked.clear()
        value = self.asked[key] = test(prompt)
        return value

    def said_of_me(
        self, sent: str, start: int, end: int, test: Callable[[str, int, int, Lexicon], bool]
    ) -> bool:
        """`test(sent, start, end, self)`, remembered for the last many thousand sentences (the test is
        handed this lexicon for its own memos, `firsts` and `links`)."""
        key = (sent, start, end)
        hit = self.said.get(key)
        if hit is None:
            if len(self.said) >= 20_000:
                self.said.clear()
                self.asides.clear()  # (bounded alike: its sentences are among these)
            hit = self.said[key] = test(sent, start, end, self)
        return hit

    def is_known(self, name: str) -> bool:
        """Whether `name` holds a known lab or model name."""
        hit = self.known.get(name)
        if hit is None:
            if len(self.known) >= 20_000:
                self.known.clear()
            hit = self.known[name] = bool(self.entity.find(name))
        return hit


def compile_lexicon(cards: tuple[IdentityCard, ...]) -> Lexicon:
    """Name and place matchers for these cards."""
    entities = [(n, is_case_sensitive(n, c), c.id) for c in cards for n in c.all_names()]
    places: list[tuple[str, bool, str]] = []
    for c in cards:
        for p in (c.country, *c.country_aliases, *([c.city] if c.city else []), *card_extras(c).city_aliases):
            # Short place names such as "US" match case-sensitively ("us" is a pronoun).
            places.append((p, len(p) <= 3 and p.isascii(), c.country))
    # the world's places indexed per judge too: a `NameIndex` fills its buckets as it reads them, so one
    # shared by every judge would be module-level mutable state (building it costs about 0.5 ms; its
    # patterns come from `re`'s own cache after the first judge)
    return Lexicon(NameIndex(entities), Places(NameIndex(places), NameIndex(list(_WORLD_ENTRIES))))


def _world_places() -> dict[str, tuple[str, ...]]:
    """Countries no card holds and their cities (`lexicon/places.yaml`)."""
    data = load_yaml("distillq.ice.offline", "lexicon/places.yaml", ("version", "countries"))
    return {str(k): tuple(str(p) for p in v) for k, v in data["countries"].items()}


WORLD_PLACES: Mapping[str, tuple[str, ...]] = MappingProxyType(_world_places())  # (read-only)
_WORLD_ENTRIES: tuple[tuple[str, bool, str], ...] = tuple(
    (p, len(p) <= 3 and p.isascii(), country) for country, names in WORLD_PLACES.items() for p in names
)
