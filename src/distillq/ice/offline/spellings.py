"""A card's name tried at one place of a text by string tests instead of its compiled pattern.

Why: `identities.name_pattern` gives each name a small regex (boundaries before and after, its words
joined by an optional space or hyphen, `(?i)` unless the name is case-sensitive), and a judge compiled
each one the first time its key was read: about 190 compiles in a cold pass (`re`'s compiler is Python
code), 2% of the pass's instructions and more of its time, for patterns that are each tried a few
hundred times. A `Spelling` is the same pattern read as plain data (its words, its boundaries, its case)
and tested with `str.startswith` and one-character set tests: the same match at every place, no compile.

Exact where `Spelling.matches` is asked (`names.NameIndex`): the text holds none of `ODD_FOLDS`, the
characters that `(?i)` matches to an ASCII letter other than its two cases (then a `(?i)` ASCII letter
or class matches exactly its two ASCII cases, as a comparison of the A-Z-lowered text does), or the
name is case-sensitive (no `(?i)` at all). A name whose pattern is not of this shape (non-ASCII
characters, a word opening with a hyphen or a space) keeps its compiled pattern (`source`), and so does
every name in a text with one of `ODD_FOLDS`. The shape is checked by rebuilding the pattern's source
from the spelling (`_source`) and comparing it with `name_pattern`'s: a change there falls back to the
compiled pattern instead of matching otherwise.
"""

from __future__ import annotations

import re
import string

from distillq.ice.identities import name_pattern

# The characters `(?i)` folds to an ASCII letter other than its own two cases (= `patterns.ODD_CASE`; a
# test checks every code point): "İ" and the Kelvin sign lower to "i" / "k", "ı" and "ſ" are folded to
# "i" / "s" by `re`'s own equivalences.
ODD_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")
ALNUM = frozenset(string.ascii_letters + string.digits)  # `[A-Za-z0-9]` (without `(?i)`, or in plain text)
LETTERS = frozenset(string.ascii_letters)  # `[A-Za-z]`
DIGITS = frozenset(string.digits)  # `[0-9]`


# One name's pattern as data (`spelling`): (head, rest, folded, capital, after, value, source). At a place
# `i` it matches where the text there reads `head`, then each word of `rest` after an optional whitespace
# or "-" (`[\s\-]?`), not after "<letter>-" where `capital`, and is not followed by a character of
# `after` (None: nothing asked). `folded`: compared in the lowered text (`(?i)`), else in the text itself.
# Every spelling opens with `(?<![A-Za-z0-9])` (checked once per place by `NameIndex.find`). `head` None:
# not of this shape, `source` (the pattern) is matched. A plain tuple: the loops unpack it in one step.
Spelling = tuple[str | None, tuple[str, ...], bool, bool, frozenset[str] | None, str, str]


def spelling(name: str, case_sensitive: bool, value: str) -> Spelling:
    """The spelling of `name` (its `name_pattern`), or one that only holds that pattern's source."""
    source = name_pattern(name, case_sensitive)
    parts = name.split(" ")
    if (
        name.isascii()
        and name[:1] in ALNUM
        and all(parts)
        and all(p[0] != "-" and not p[0].isspace() for p in parts[1:])
    ):
        capital = name[:1].isupper() and name[1:2].islower()
        after = LETTERS if name[-1] in LETTERS else DIGITS if name[-1] in DIGITS else None
        if _source(name, case_sensitive, capital, after) == source:
            folded = not case_sensitive
            words = tuple(p.lower() for p in parts) if folded else tuple(parts)
            return (words[0], words[1:], folded, capital, after, value, source)
    return (None, (), False, False, None, value, source)


def _source(name: str, case_sensitive: bool, capital: bool, after: frozenset[str] | None) -> str:
    """The pattern source a spelling of this shape stands for (as `name_pattern` writes it)."""
    body = re.escape(name).replace(r"\ ", r"[\s\-]?")
    body = r"(?<![A-Za-z0-9])" + (r"(?<![A-Za-z]-)" if capital else "") + body
    body += r"(?![A-Za-z])" if after is LETTERS else r"(?![0-9])" if after is DIGITS else ""
    return body if case_sensitive else f"(?i:{body})"


def holds_odd_folds(text: str) -> bool:
    """Whether `text` holds one of `ODD_FOLDS` (then `(?i)` patterns are matched by their compiled form)."""
    return ODD_FOLDS[0] in text or ODD_FOLDS[1] in text or ODD_FOLDS[2] in text or ODD_FOLDS[3] in text


def bounded(spellings: list[Spelling]) -> bool:
    """Whether every spelling's pattern opens with `(?<![A-Za-z0-9])` (a name opening with an ASCII
    letter or digit), so that a place right after one of those characters can be skipped for all."""
    return all(sp[6].startswith((r"(?<![A-Za-z0-9])", r"(?i:(?<![A-Za-z0-9])")) for sp in spellings)


def end_of(sp: Spelling, text: str, low: str, i: int, n: int) -> int:
    """Where `sp` (a spelling with a `head`) matches from `i` ends, -1 where it does not match there
    (`low`: the text lowered, at least A-Z, at the same places; `n`: its length; the boundary before
    `i` already checked, and the text plain: no `ODD_FOLDS` character where `sp` is folded)."""
    head, rest, folded, capital, after, _, _ = sp
    src = low if folded else text
    if head is None or not src.startswith(head, i):
        return -1
    if capital and i > 1 and text[i - 1] == "-" and text[i - 2] in LETTERS:
        return -1
    j = i + len(head)
    if rest:
        j = rest_end(rest, text, src, j, n)
    return j if after is None or j >= n or j < 0 or text[j] not in after else -1


def rest_end(rest: tuple[str, ...], text: str, src: str, j: int, n: int) -> int:
    """Where the words `rest` of a spelling end when read from `j` (`src`: the text, or its lowering for a
    folded one), -1 where they are not there."""
    for word in rest:
        # `[\s\-]?word`: the separator taken where the word follows it, else the word right here (no
        # word opens with a separator, so at most one of the two can match: no other way to backtrack)
        if j < n and (text[j] == "-" or text[j].isspace()) and src.startswith(word, j + 1):
            j += 1 + len(word)
        elif src.startswith(word, j):
            j += len(word)
        else:
            return -1
    return j


# (whether every spelling opens with `(?<![A-Za-z0-9])`, the spellings, longest name first)
Bucket = tuple[bool, list[Spelling]]


class Buckets(dict[str, Bucket]):
    """`NameIndex.buckets`: per key, its names' spellings, longest name first, made when it is first read."""

    def __init__(self, sources: dict[str, list[tuple[str, bool, str]]]) -> None:
        super().__init__()
        self.sources = sources

    def __missing__(self, key: str) -> Bucket:
        found = [spelling(name, cs, value) for name, cs, value in self.sources[key]]
        if not bounded(found):  # (a name opening otherwise: every pattern of the key compiled, as before)
            found = [(None, *sp[1:]) for sp in found]
            bucket = self[key] = (False, found)
        else:
            bucket = self[key] = (True, found)
        return bucket


class Compiled(dict[str, re.Pattern[str]]):
    """`NameIndex.compiled`: each name pattern compiled when a text first needs it (a spelling not of the
    plain shape, or a text with an `ODD_FOLDS` character: rare)."""

    def __missing__(self, source: str) -> re.Pattern[str]:
        rx = self[source] = re.compile(source)
        return rx
