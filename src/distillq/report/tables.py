"""HTML building blocks: escaping, number formatting and tables.

Everything that comes from data goes through `esc` (model output is hostile input), and no
function here emits a script, a style attribute or an event handler built from data.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from distillq.textsafe import visible


class Raw(str):
    """HTML that was built here from escaped parts; inserted as is."""


Cell = str | float | int | None


def esc(value: Any) -> str:
    """Escape text and attribute values alike (quotes too); control characters (ESC, BEL, NUL...) are
    shown as `\\x1b`, so no raw control byte from a model answer reaches the report."""
    return html.escape(visible(value), quote=True)


def num(value: Any, digits: int = 3) -> str:
    """A number for a table, or an en dash when it is missing or not finite."""
    if value is None or isinstance(value, bool):
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    return f"{x:.{digits}f}" if math.isfinite(x) else "–"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 answer', '2 answers': a count with its noun in the right number."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def share(fraction: float) -> str:
    """A share in whole percent that never shows a non-zero share as 0%."""
    return "<1%" if 0 < fraction < 0.005 else f"{100 * fraction:.0f}%"


def pct(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    try:
        return f"{100 * float(value):.{digits}f}%"
    except (TypeError, ValueError):
        return "–"


def ci(block: Any, digits: int = 3) -> Raw:
    """'0.227 [0.183, 0.277]' from a {score|mean, ci95} block (a typed `Rate` or `Estimate` too), with
    the interval de-emphasised."""
    if isinstance(block, BaseModel):
        block = block.model_dump(mode="json")
    if not isinstance(block, dict):
        return Raw("–")
    value = block.get("score", block.get("mean"))
    interval = block.get("ci95") or [None, None]
    main = f'<span class="v">{esc(num(value, digits))}</span>'
    if value is None or len(interval) != 2 or interval[0] is None:
        return Raw(main)
    return Raw(
        f'{main} <span class="ci">[{esc(num(interval[0], digits))}, {esc(num(interval[1], digits))}]</span>'
    )


def bar_cell(value: Any, digits: int = 3, scale: float = 1.0) -> Raw:
    """A number with a thin in-cell bar, so columns of rates can be compared at a glance."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return Raw("–")
    if not math.isfinite(x):
        return Raw("–")
    width = max(0.0, min(100.0, 100.0 * x / scale))
    return Raw(
        f'<span class="bar"><span class="fill" style="width:{width:.1f}%"></span></span>'
        f'<span class="v">{esc(num(x, digits))}</span>'
    )


def _cell(value: Cell) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, float):
        return esc(num(value))
    return esc(value)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    caption: str | None = None,
    cls: str = "",
    numeric_from: int = 1,
    text_cols: Sequence[int] = (),
) -> Raw:
    """A table; columns from `numeric_from` on are right-aligned (numbers line up), except `text_cols`."""

    def td(i: int, v: Cell, tag: str = "td") -> str:
        klass = ' class="n"' if i >= numeric_from and i not in text_cols else ""
        return f"<{tag}{klass}>{_cell(v)}</{tag}>"

    head = "".join(td(i, Raw(esc(h)), "th") for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(td(i, v) for i, v in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    klass = f' class="{esc(cls)}"' if cls else ""
    return Raw(
        f'<div class="tw"><table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def kv(items: Iterable[tuple[str, Cell]]) -> Raw:
    """A definition list of label: value pairs (run metadata)."""
    return Raw(
        '<dl class="kv">' + "".join(f"<dt>{esc(k)}</dt><dd>{_cell(v)}</dd>" for k, v in items) + "</dl>"
    )


def details(summary: str, body: str, *, cls: str = "", open_: bool = False) -> Raw:
    """An expandable block: <details> needs no script. `summary` is escaped, `body` is Raw HTML."""
    klass = f' class="{esc(cls)}"' if cls else ""
    return Raw(f"<details{klass}{' open' if open_ else ''}><summary>{esc(summary)}</summary>{body}</details>")


def pre(text: Any, limit: int = 4000, cls: str = "") -> Raw:
    """Model text shown verbatim (escaped, wrapped), cut to `limit` characters with a note."""
    s = "" if text is None else str(text)
    note = ""
    if len(s) > limit:
        note = f'<p class="muted">(cut: {len(s) - limit} more characters in the JSONL file)</p>'
        s = s[:limit]
    klass = f"text {cls}".strip()
    return Raw(f'<pre class="{esc(klass)}">{esc(s)}</pre>{note}')
