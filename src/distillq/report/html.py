"""The page shell: one self-contained HTML file with inline CSS and no script at all.

The Content-Security-Policy forbids every network load and every script, so even if some data
slipped through unescaped, a browser would neither run it nor fetch anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from distillq.report.tables import esc

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

NAV = (
    ("overview", "Overview"),
    ("ice", "Identity (ICE)"),
    ("rse", "Similarity (RSE)"),
    ("combined", "ICE vs RSE"),
    ("methods", "Methods"),
)


def css() -> str:
    text = resources.files("distillq.report").joinpath("assets/report.css").read_text(encoding="utf-8")
    return text.replace("</", "<\\/")  # a stylesheet can never close its own <style> element


def page(title: str, header: str, sections: Sequence[str], footer: str) -> str:
    """Assemble the document; `header`, `sections` and `footer` are HTML built from escaped parts."""
    nav = "".join(f'<a href="#{sid}">{esc(name)}</a>' for sid, name in NAV)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{css()}</style></head>"
        f'<body><nav class="top"><span class="brand">distillq</span>{nav}</nav>'
        f"<main>{header}{''.join(sections)}</main>"
        f"<footer>{footer}</footer></body></html>\n"
    )
