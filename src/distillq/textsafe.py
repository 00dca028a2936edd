"""Untrusted text (model answers, paths, server error bodies) made safe to store, show and export.

Why one module: a model can answer anything, a lone UTF-16 surrogate, NUL, terminal escape
sequences, Rich markup or a spreadsheet formula. Every place that stores, prints or exports such
text uses these few functions, so each hazard is handled once and tested once.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab and newline, DEL, and C1 controls: what terminals act on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile("[\x00-\x1f\x7f-\x9f]")
# OWASP CSV injection: a cell starting with one of these may be run as a formula.
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean_surrogates(text: str) -> str:
    """Replace lone surrogates (not encodable as UTF-8) with U+FFFD; other characters are kept."""
    return _SURROGATE.sub("\ufffd", text)


def encodable(text: str) -> str:
    """Text that can be written as UTF-8 (lone surrogates become U+FFFD)."""
    return clean_surrogates(text) if has_surrogates(text) else text


def dumps(obj: Any, **kwargs: Any) -> str:
    """json.dumps keeping non-ASCII readable, but always valid UTF-8 (lone surrogates are escaped).

    `ensure_ascii=True` writes a lone surrogate as the escape `\\ud800`, which json.loads turns
    back into the same string: lossless, and the file stays valid UTF-8.
    """
    kwargs.setdefault("ensure_ascii", False)
    text = json.dumps(obj, **kwargs)
    if not kwargs["ensure_ascii"] and has_surrogates(text):
        kwargs["ensure_ascii"] = True
        text = json.dumps(obj, **kwargs)
    return text


def _show(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}"


def visible(text: Any, keep_newlines: bool = True) -> str:
    """Control characters (ESC, BEL, NUL, C1, ...) as `\\x1b`-style escapes; lone surrogates as U+FFFD.

    What a terminal or a report shows, so an answer cannot clear the screen, set the window title,
    write the clipboard (OSC 52) or hide text. Tab and newline are kept unless keep_newlines is False.
    """
    s = "" if text is None else str(text)
    s = encodable(s)
    return (_CONTROL if keep_newlines else _CONTROL_ALL).sub(_show, s)


def plot_label(text: Any, limit: int = 32) -> str:
    """A one-line chart label: controls shown as escapes, whitespace collapsed, long text cut.

    Labels can come from model answers (claimed identities) or user-chosen names; matplotlib would
    draw a control character as a box or break the line, and read `$...$` as mathtext.
    """
    s = " ".join(visible(text, keep_newlines=False).split())
    if len(s) > limit:
        s = s[: limit - 1] + "\u2026"
    return s.replace("$", r"\$")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP): prefix a quote when needed."""
    if isinstance(value, str):
        value = encodable(value)
        if value.startswith(CSV_TRIGGERS):
            return "'" + value
    return value


def normalise_answer(text: str | None, reasoning: str | None) -> tuple[str | None, str | None, str | None]:
    """(text, reasoning, raw_json): lone surrogates replaced, the originals kept as ASCII JSON.

    Everything downstream (judges, metrics, files) sees valid text; `raw_json` (None when nothing
    changed) keeps the exact answer, so nothing the model sent is lost.
    """
    if not any(x and has_surrogates(x) for x in (text, reasoning)):
        return text, reasoning, None
    raw = json.dumps({"text": text, "reasoning": reasoning}, ensure_ascii=True)
    return (
        clean_surrogates(text) if text else text,
        clean_surrogates(reasoning) if reasoning else reasoning,
        raw,
    )
