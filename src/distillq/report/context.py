"""What every section builder gets: the loaded study and where figures go."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from distillq.report.data import StudyData
from distillq.report.tables import Raw, esc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from distillq.report.plots import Figure_


@dataclass
class Ctx:
    data: StudyData
    fig_dir: Path
    figures: list[Figure_] = field(default_factory=list)

    def figure(self, fig: Figure, name: str, alt: str, caption: str) -> Raw:
        """Save a matplotlib figure (PNG + SVG) and return its inline <figure> element."""
        from distillq.report.plots import save

        f = save(fig, self.fig_dir, name, alt)
        self.figures.append(f)
        size = f' width="{f.width}" height="{f.height}"' if f.width else ""
        return Raw(
            f'<figure><img src="{f.data_uri}"{size} alt="{esc(alt)}">'
            f'<figcaption>{esc(caption)} <span class="muted">(figures/{esc(name)}.png, .svg)</span>'
            "</figcaption></figure>"
        )


def section(sid: str, title: str, body: str, lead: str = "") -> Raw:
    """A report section; `sid` is a fixed identifier chosen here, never data."""
    intro = f'<p class="lead">{esc(lead)}</p>' if lead else ""
    return Raw(f'<section id="{esc(sid)}"><h2>{esc(title)}</h2>{intro}{body}</section>')


def note(text: str, cls: str = "note") -> Raw:
    return Raw(f'<p class="{esc(cls)}">{esc(text)}</p>')


def h3(text: str, hid: str = "") -> Raw:
    anchor = f' id="{esc(hid)}"' if hid else ""
    return Raw(f"<h3{anchor}>{esc(text)}</h3>")
