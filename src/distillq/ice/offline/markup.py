"""An answer's text made ready to read: the reasoning trace split off, markdown marks stripped; its voice labels.

Split from scan.py (which re-exports these functions): the first two run once per answer, before its `Scan`.
"""

from __future__ import annotations

import re

from distillq.ice.offline import patterns as P

_THINK = re.compile(r"<think(?:ing)?>(.*?)(?:</think(?:ing)?>|\Z)", re.S | re.I)


def split_trace(text: str) -> tuple[str, str]:
    """(answer, trace): `<think>` blocks are the trace (an unclosed one runs to the end)."""
    # ("<" first: `in` finds one character with a `memchr`-like scan, several times faster than its
    # search for a longer string, and most answers hold no "<")
    if "<" not in text or ("<think" not in text and "<THINK" not in text):
        return text, ""
    trace = " ".join(m.group(1).strip() for m in _THINK.finditer(text))
    return _THINK.sub(" ", text).strip(), trace


_EMPHASIS = re.compile(r"\*\*|__|`+|(?m:^[ \t]*#{1,6}[ \t]+)")
# The same marks without the headings, for text with no "#": every alternative opens with a literal
# ("``*" is "`+"), so `re` skips ahead (the line-start alternative made it try every position).
_MARKS = re.compile(r"\*\*|__|``*")


def strip_markdown(text: str) -> str:
    """The answer without bold/underline marks, code ticks and heading hashes.

    `**GPT:** As an AI developed by X` reads as `GPT: As an AI developed by X`, so a voice label
    in markdown is seen as a label and the claim under it is not hidden by the marks.
    """
    if "#" not in text:  # (a lone "*" or "_", as in a bullet list, is no mark: no scan for it)
        return _unmarked(text)
    # The headings, then the marks: `_EMPHASIS` in one pass, without trying its line-start heading at
    # every position. Exact: a heading holds only " ", tab and "#", a mark only "*", "_" and "`", so no
    # match of one kind overlaps or joins one of the other, and each is found in the text as it was.
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if "#" in line and (h := _HEADING.match(line)) is not None:
            lines[k] = line[h.end() :]
    return _unmarked("\n".join(lines))


def _unmarked(text: str) -> str:
    """`_MARKS.sub("", text)`; with marks of one kind only, `str.replace` (several times faster) removes
    the same: the non-overlapping "**" (or "__") from the left, or every "`"."""
    # (one character first: see `split_trace`)
    bold, under, tick = "*" in text and "**" in text, "_" in text and "__" in text, "`" in text
    if bold + under + tick != 1:
        return _MARKS.sub("", text) if bold or under or tick else text
    return text.replace("**" if bold else "__" if under else "`", "")


_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")  # at a line start (`_EMPHASIS`'s last alternative)


def label_matches(text: str) -> list[re.Match[str]]:
    """`P.LABEL.finditer(text)`, 3-4x faster: a label starts at a line start, "[" or "【" only, so the
    pattern is matched at those positions (in order, each after the last match) instead of scanned.
    (Here, not in scan.py, to keep that module short; scan.py re-exports it.)"""
    starts = [0]
    for mark in ("\n", "[", "【"):
        i = text.find(mark)
        while i >= 0:
            starts.append(i + 1 if mark == "\n" else i)
            i = text.find(mark, i + 1)
    starts.sort()
    out: list[re.Match[str]] = []
    last = 0
    for p in starts:
        if p >= last and (m := P.LABEL.match(text, p)) is not None:
            out.append(m)
            last = m.end()
    return out


def label_name(m: re.Match[str]) -> str:
    """The name of a `P.LABEL` match, lower case, without its marks ("**Nova:**" -> "nova")."""
    return next((g for g in m.groups() if g), "").strip().strip("*_ ").lower()
