"""Reading an answer once: the reasoning trace split off, markdown emphasis stripped."""

from __future__ import annotations

import re

_THINK = re.compile(r"<think(?:ing)?>(.*?)(?:</think(?:ing)?>|\Z)", re.S | re.I)


def split_trace(text: str) -> tuple[str, str]:
    """(answer, trace): `<think>` blocks are the trace (an unclosed one runs to the end)."""
    if "<think" not in text and "<THINK" not in text:
        return text, ""
    trace = " ".join(m.group(1).strip() for m in _THINK.finditer(text))
    return _THINK.sub(" ", text).strip(), trace
