"""Whether an answer holds a character `(?i)` folds otherwise than `lower()`, remembered for the last one.

relation.py, self_first.py and indirect.py each gate a shape on `P.plain_case` of the same answer, in
turn; for a non-ASCII answer each asking scans it four times (once per `P.ODD_CASE` character).
"""

from __future__ import annotations

from distillq.ice.offline import patterns as P

# The last text read and its answer: (text, answer), replaced whole (one assignment, never torn).
_LAST: list[tuple[str, bool]] = [("", True)]


def plain_case(text: str) -> bool:
    """`P.plain_case(text)`, remembered for the last text read (by identity: strings do not change)."""
    if text.isascii():
        return True
    last, plain = _LAST[0]
    if last is not text:
        plain = P.plain_case(text)
        _LAST[0] = (text, plain)
    return plain
