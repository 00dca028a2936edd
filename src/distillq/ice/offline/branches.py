"""A big alternation scanned without the branches that cannot match the text at hand.

A branch that needs a literal (a word it holds at its top level, not optional) matches nowhere in a text
without that literal; the alternation without such branches then finds exactly the same matches (at each
place the first branch that matches is one of those kept). `Pruned` compiles, once, one alternation per
combination of a few literal groups, and picks per text the one its literals allow: the text is tested
for a few literals (`in`, fast) instead of `re` trying every branch at every candidate place.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence


class Pruned:
    """`rx` with its branches that need a literal group (`needs`: branch index -> index in `groups`, a
    group of literals any of which the branch needs) left out where the text holds none of the group."""

    __slots__ = ("groups", "variants")

    def __init__(
        self,
        rx: re.Pattern[str],
        branches: Sequence[str],
        groups: tuple[tuple[str, ...], ...],
        needs: dict[int, int],
    ) -> None:
        if "|".join(branches) != rx.pattern:
            raise ValueError("the branches are not the pattern's")
        self.groups = groups
        self.variants: dict[tuple[bool, ...], re.Pattern[str]] = {}
        for has in itertools.product((False, True), repeat=len(groups)):
            keep = [b for i, b in enumerate(branches) if i not in needs or has[needs[i]]]
            if len(keep) == len(branches):
                self.variants[has] = rx  # (all of them: the pattern itself, not compiled again)
            else:
                self.variants[has] = re.compile("|".join(keep), rx.flags) if keep else re.compile(r"(?!)")

    def pick(self, text: str) -> re.Pattern[str]:
        """The alternation of the branches that may match in `text`."""
        return self.variants[tuple([any(map(text.__contains__, g)) for g in self.groups])]
