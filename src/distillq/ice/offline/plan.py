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
    doc: str = ""


# An extractor as the loop needs it: (run, trigger tokens, CJK triggers, their alternation (for more
# than three), gated, needs names).
Step = tuple[
    Callable[[Scan], list[Claim]], frozenset[str], tuple[str, ...], re.Pattern[str] | None, bool, bool
]


def steps(extractors: Iterable[Extractor], disabled: Collection[str] = ()) -> tuple[Step, ...]:
    """The enabled extractors, unpacked once (per judge, not per answer: the loop runs for every answer)."""
    return tuple(
        (
            e.run,
            e.triggers,
            e.cjk,
            # (up to three strings: three substring tests cost fewer instructions than one alternation)
            re.compile("|".join(map(re.escape, e.cjk))) if len(e.cjk) > 3 else None,
            bool(e.triggers or e.cjk),
            e.needs_names,
        )
        for e in extractors
        if e.name not in disabled
    )
