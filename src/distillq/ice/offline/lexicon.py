"""The offline judge's vocabulary, read from `lexicon/{en,zh}.yaml`, and what is generated from it.

Regex alternations and the word gates that let an answer skip an extractor are both built from
these lists, so a word added to a file reaches the pattern and its gate together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from distillq.packagedata import load_yaml

_TOKEN = re.compile(r"[a-z]+|[0-9]+")


@dataclass(frozen=True)
class Words:
    """One language's word lists (`key` -> words), as read from its file."""

    lists: dict[str, tuple[str, ...]]

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.lists[key]

    def alt(self, key: str, extra: Iterable[str] = ()) -> str:
        """A non-capturing regex alternation of the list (longest first, spaces as `\\s+`)."""
        return alternation((*self.lists[key], *extra))

    def inner(self, *keys: str) -> str:
        """The lists' alternation without its group, to sit inside a larger `(?:...|...)`."""
        return alternation(w for k in keys for w in self.lists[k])[3:-1]

    def gate(self, *keys: str) -> frozenset[str]:
        """The lower-case tokens of the lists: an answer without one of them cannot match."""
        return frozenset(t for k in keys for w in self.lists[k] for t in _TOKEN.findall(w.lower())[:1])


def alternation(words: Iterable[str]) -> str:
    """`(?:longest|...|short)` with each word escaped and inner spaces as `\\s+`."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"


def load_words(language: str) -> Words:
    """The packaged word lists of one language ("en" or "zh")."""
    data = load_yaml("distillq.ice.offline", f"lexicon/{language}.yaml", ("version",))
    return Words({k: tuple(str(w) for w in v) for k, v in data.items() if isinstance(v, list)})


EN = load_words("en")
ZH = load_words("zh")
# Spliced into hand-built English phrases: the organisation spellings and the maker people.
ORG = EN.inner("organisation")
PEOPLE = EN.inner("maker_people")
