"""The offline judge's extractor plan: registered extractors, unpacked once per judge for the loop.

Split from extractors.py (which registers the extractors and runs the loop, `run_plan`): an extractor
declares its trigger words, and the loop skips it for an answer that holds none of them, without
calling it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim


@dataclass(frozen=True)
class Extractor:
    """A named claim extractor and the words that must occur for it to find anything."""

    name: str
    run: Callable[[Scan], list[Claim]]
    triggers: frozenset[str] = frozenset()  # lower-case Latin tokens
    cjk: tuple[str, ...] = ()  # substrings, looked for in non-ASCII answers
    needs_names: bool = False  # only when a known lab or model name occurs
    no_names: bool = False  # only when none occurs (its named case is read by another extractor)
    doc: str = ""


# An extractor as an ASCII answer's loop needs it: (run, trigger tokens, or None for an ungated one).
AsciiStep = tuple[Callable[[Scan], list[Claim]], frozenset[str] | None]
# As another answer's loop needs it: (run, trigger tokens or None, CJK group: the index of its CJK
# triggers among the plan's distinct ones (-1: none), those triggers, their alternation (for more than
# three strings)).
Step = tuple[
    Callable[[Scan], list[Claim]], frozenset[str] | None, int, tuple[str, ...], re.Pattern[str] | None
]


class Plan:
    """The enabled extractors, unpacked once (per judge, not per answer: the loop runs for every answer)
    into the four orders `run_plan` walks: with or without the name-needing ones, for ASCII answers
    (no CJK gate: such an answer holds no CJK trigger) or for others.

    Why: the loop used to test `needs_names` and `ascii` at every step of every answer; choosing the
    order once per answer spares those tests, and the CJK gates of steps that share their triggers
    ("我") are looked up by group index (a list slot) instead of a memo keyed by the tuple.
    """

    __slots__ = ("extractors", "named", "unnamed", "named_ascii", "unnamed_ascii", "groups")

    def __init__(self, extractors: Iterable[Extractor]) -> None:
        self.extractors: tuple[Extractor, ...] = tuple(extractors)
        groups: dict[tuple[str, ...], int] = {}
        full: list[Step] = []
        for e in self.extractors:
            gated = bool(e.triggers or e.cjk)
            g = groups.setdefault(e.cjk, len(groups)) if e.cjk else -1
            # (up to three strings: three substring tests cost fewer instructions than one alternation)
            rx = re.compile("|".join(map(re.escape, e.cjk))) if len(e.cjk) > 3 else None
            full.append((e.run, e.triggers if gated else None, g, e.cjk, rx))
        self.groups = len(groups)
        names = [e.needs_names for e in self.extractors]
        self.named: tuple[Step, ...] = tuple(
            st for st, e in zip(full, self.extractors, strict=True) if not e.no_names
        )
        self.unnamed: tuple[Step, ...] = tuple(st for st, nn in zip(full, names, strict=True) if not nn)
        self.named_ascii: tuple[AsciiStep, ...] = tuple((st[0], st[1]) for st in self.named)
        self.unnamed_ascii: tuple[AsciiStep, ...] = tuple((st[0], st[1]) for st in self.unnamed)

    def __add__(self, other: Plan) -> Plan:
        """This plan's extractors, then the other's."""
        return Plan(self.extractors + other.extractors)


def steps(extractors: Iterable[Extractor], disabled: Collection[str] = ()) -> Plan:
    """The enabled extractors as a `Plan` (per judge, not per answer: the loop runs for every answer)."""
    return Plan(e for e in extractors if e.name not in disabled)
