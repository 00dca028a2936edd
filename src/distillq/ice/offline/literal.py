"""Literal-first forms of hot patterns: the same matches, found faster.

`re` skips ahead through text only when a pattern opens with a literal or a character class; a
pattern that opens with a look-behind (`(?<![A-Za-z])I`) or a case-insensitive word is tried at
every position. Each form here opens with the class of its possible first characters and checks
the original look-behind after that character, so `re` jumps from candidate to candidate. Every
form is tested against its plain definition (tests/unit/test_ice_offline_gates4.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from distillq.ice.offline.lexicon import EN

# A character whose `(?i)` fold set is more than its two ASCII cases ("i": "İ", "ı"; "s": "ſ"; "k": the
# Kelvin sign): a leading class of its two cases would miss a match.
_ODD_FOLDS = frozenset("iks")

# The first person of `patterns.FIRST_EN`: each word is one of these; the first character and what may follow it.
_PRONOUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I", ("", "'m", "’m", "'ve")),
    ("Mm", ("e", "y", "yself")),
    ("Ww", ("e",)),
    ("Oo", ("ur",)),
    ("Uu", ("s",)),
)
_NOT_WORD = "[A-Za-z'’]"


def _pronoun_source() -> tuple[str, str]:
    """(plain, literal-first) sources of the first-person words, the plain one as `FIRST_EN` spells them."""
    plain = "|".join(f"[{c}]{r}" if len(c) > 1 else c + r for c, rests in _PRONOUNS for r in rests)
    branches = "|".join(f"(?<=[{c}])(?:{'|'.join(re.escape(r) for r in rests)})" for c, rests in _PRONOUNS)
    first = "".join(c for c, _ in _PRONOUNS)
    return (
        f"(?<!{_NOT_WORD})(?:{plain})(?!{_NOT_WORD})",
        f"[{first}](?<!{_NOT_WORD}.)(?:{branches})(?!{_NOT_WORD})",
    )


def _self_noun_source(words: tuple[str, ...]) -> tuple[str, str | None]:
    """(plain, literal-first) sources of `(?i:\\b<self nouns>\\b)` ("this model"); the second is None when
    a word does not open with an ASCII letter of two plain cases (then only the plain one is exact)."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))  # the order of `lexicon.alternation`
    esc = [re.escape(w).replace(r"\ ", r"\s+") for w in parts]
    plain = r"(?i:\b(?:" + "|".join(esc) + r")\b)"
    firsts: dict[str, list[str]] = {}
    for w, e in zip(parts, esc, strict=True):
        c = w[:1].lower()
        if not (c.isascii() and c.isalpha()) or c in _ODD_FOLDS or e[:1] != w[:1]:
            return plain, None
        firsts.setdefault(c, []).append(e[1:])  # (in order: within one first letter the order is kept)
    cls = "".join(c + c.upper() for c in firsts)
    branches = "|".join(f"(?<=[{c}{c.upper()}])(?i:{'|'.join(rests)})" for c, rests in firsts.items())
    return plain, f"[{cls}](?<!\\w.)(?:{branches})\\b"


def first_person_pattern(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(plain, literal-first) first-person patterns: a first-person word, or a self noun (`words`)."""
    pron_plain, pron_fast = _pronoun_source()
    noun_plain, noun_fast = _self_noun_source(words)
    plain = re.compile(pron_plain + "|" + noun_plain)
    if noun_fast is None:
        return plain, plain
    # one leading class for both: the pronoun branch first, as in the plain alternation
    cls = "[" + "".join(c for c, _ in _PRONOUNS) + noun_fast[1 : noun_fast.index("]")] + "]"
    pron_rest = pron_fast[pron_fast.index("]") + 1 :]
    noun_rest = noun_fast[noun_fast.index("]") + 1 :]
    return plain, re.compile(f"{cls}(?:{pron_rest}|{noun_rest})")


FIRST_EN_PLAIN, FIRST_EN = first_person_pattern(EN["self_nouns"])


def by_first(branches: list[tuple[str, str]]) -> str:
    """Literal-first source of an alternation whose branches open with known characters.

    `branches`: (the characters a branch may open with, the branch's source after that character). The
    result opens with one class of all of them, and each branch checks its own opening character with a
    look-behind, in the branches' order; so it matches what `(?:[c1]rest1|[c2]rest2|...)` matches, and
    `re` scans for the class instead of trying every position.
    """
    cls = "".join(dict.fromkeys(c for chars, _ in branches for c in chars))
    alts = "|".join(f"(?<=[{chars}]){rest}" for chars, rest in branches)
    return f"[{cls}](?:{alts})"


def first_letters(alternation_source: str) -> str:
    """The first letters of an alternation's words ("(?:built|made)" -> "bm"), for a one-class look-ahead
    before it: a word that opens otherwise is not tried against every alternative (the same matches)."""
    words = alternation_source[3:-1].split("|")
    if any(not w[:1].isalpha() or not w[:1].islower() or "(" in w for w in words):
        raise ValueError("a word that does not open with a plain lower-case letter")
    return "[" + "".join(sorted({w[0] for w in words})) + "]"


def _opening_pair(source: str) -> tuple[str, str, str] | None:
    """(upper, lower, rest) when `source` is `[Xx]rest` (one letter in its two cases) and splits exactly:
    the rest opens with no quantifier (else `[Mm]+` would become `M+`) and the pattern has no top-level
    `|` (else the other branches would be scanned twice)."""
    if len(source) < 5 or source[0] != "[" or source[3] != "]":
        return None
    a, b, rest = source[1], source[2], source[4:]
    if not (a.isascii() and a.isalpha() and a.upper() == a and b == a.lower()):
        return None
    if rest[:1] in ("*", "+", "?", "{", "") or _top_level_bar(rest):
        return None
    return a, b, rest


def _top_level_bar(source: str) -> bool:
    """Whether `source` holds a `|` outside every group and class (an alternation of the whole pattern)."""
    depth, k, in_class = 0, 0, False
    while k < len(source):
        c = source[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[k + 1 : k + 2] == "^":
                k += 1
            if source[k + 1 : k + 2] == "]":  # a "]" first in a class is a literal
                k += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        k += 1
    return False


class Openings:
    """`plain.finditer` of a pattern that opens with a letter in either case (`[Mm]y ...`), found as
    one scan per case ("My ...", "my ...").

    `re` jumps through text to a literal opening (a fast substring search) but tries a leading class
    at every position; two literal scans are about 1.8x faster than the one class scan. Each case's
    pattern matches at a position exactly where `plain` does with that letter there, so the union of
    their matches is `plain`'s, unless two of them overlap (then `plain`'s own scan would have skipped
    one): that text is scanned with `plain` itself.

    Each case's scan starts where `str.find` first finds its literal opening (`heads`: "My", "Have "),
    and is not run where that is absent (most answers, for most shapes): every match of a case's pattern
    opens with it, and a scan from a later position finds the same matches (look-behinds, `\\b` and `^`
    still see the text before it). `str.find` is several times faster than `re`'s own prefix scan.
    """

    __slots__ = ("plain", "parts", "heads")

    def __init__(
        self, plain: re.Pattern[str], parts: tuple[re.Pattern[str], ...], heads: tuple[str, str] | None = None
    ) -> None:
        self.plain = plain
        self.parts = parts
        self.heads = heads if heads is not None else (parts[0].pattern[:1], parts[1].pattern[:1])

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The matches `plain.finditer(text)` yields, in order."""
        upper, lower = self.parts
        head_up, head_low = self.heads
        i = text.find(head_up)
        found = [] if i < 0 else list(upper.finditer(text, i))
        i = text.find(head_low)
        more = [] if i < 0 else list(lower.finditer(text, i))
        if not found:
            return more
        if not more:
            return found
        found += more
        found.sort(key=_start)
        end = -1
        for m in found:
            if m.start() < end:
                return list(self.plain.finditer(text))  # overlapping: rare, and exact this way
            end = m.end()
        return found


# Characters that stand for themselves in a pattern source (without `re.VERBOSE`); a literal opening ends
# before any other, and before the last of them where a quantifier follows ("e?": not required).
_PLAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,'’")


def literal_head(source: str, flags: int = 0) -> str:
    """The literal characters every match of `source` opens with, as far as a plain reading finds them
    ("Have (?P<dev>..." -> "Have "; "My\\s+..." -> "My"; "We(?:..." -> "We"). Only for a source with no
    top-level `|` and no `re.IGNORECASE` (`_opening_pair` checks both); under `re.VERBOSE` (spaces
    ignored) only the first character."""
    if flags & re.VERBOSE:
        return source[:1]
    k = 0
    while k < len(source) and source[k] in _PLAIN_CHARS:
        k += 1
    if k < len(source) and source[k] in "?*+{":
        k -= 1  # the character before a quantifier may be absent or repeated
    return source[:k]


def _start(m: re.Match[str]) -> int:
    return m.start()


def literal_scan(rx: re.Pattern[str]) -> Callable[[str], Iterable[re.Match[str]]]:
    """`rx.finditer`, or the same matches found by literal-opened scans (`Openings`) where `rx` opens
    with a letter in either case."""
    pair = None if rx.flags & re.IGNORECASE else _opening_pair(rx.pattern)
    if pair is None:
        return rx.finditer
    a, b, rest = pair
    parts = (re.compile(a + rest, rx.flags), re.compile(b + rest, rx.flags))
    heads = (literal_head(a + rest, rx.flags), literal_head(b + rest, rx.flags))
    return Openings(rx, parts, heads).finditer


# A pattern as the extractors' loops scan it: (finditer, the words it needs, more words it needs too, the
# pattern itself).
Gated = tuple[
    tuple[Callable[[str], Iterable[re.Match[str]]], frozenset[str], frozenset[str] | None, re.Pattern[str]],
    ...,
]


def gated(
    needs: dict[re.Pattern[str], frozenset[str]],
    needs_too: dict[re.Pattern[str], frozenset[str]],
    *rxs: re.Pattern[str],
) -> Gated:
    """Each pattern's scan with its trigger words (`needs`, `needs_too`), looked up once at import (a dict
    lookup keyed by a compiled pattern hashes its whole compiled code on every call)."""
    return tuple((literal_scan(rx), needs[rx], needs_too.get(rx), rx) for rx in rxs)
