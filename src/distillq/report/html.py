"""The page shell: one self-contained HTML file with inline CSS and at most one inline script.

The Content-Security-Policy forbids every network load, and every script except the answer
browser's, allowed by its sha256: even if some data slipped through unescaped, a browser would
neither run it nor fetch anything.
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
    ("answers", "Answers"),
    ("methods", "Methods"),
)


def css() -> str:
    files = resources.files("distillq.report")
    text = "\n".join(
        files.joinpath(f"assets/{n}").read_text(encoding="utf-8") for n in ("report.css", "browser.css")
    )
    return text.replace("</", "<\\/")  # a stylesheet can never close its own <style> element


def csp(script: str = "") -> str:
    """The policy; an inline script is allowed by its own hash only (never 'unsafe-inline')."""
    if not script:
        return CSP
    from distillq.report.sections_answers import script_hash

    return f"{CSP}; script-src {script_hash(script)}"


def page(title: str, header: str, sections: Sequence[str], footer: str, script: str = "") -> str:
    """Assemble the document; `header`, `sections` and `footer` are HTML built from escaped parts.

    `script` is our own code (a package asset), placed last so the page reads before it runs.
    """
    nav = "".join(f'<a href="#{sid}">{esc(name)}</a>' for sid, name in NAV)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(script))}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{css()}</style></head>"
        f'<body><nav class="top"><span class="brand">distillq</span>{nav}</nav>'
        f"<main>{header}{''.join(sections)}</main>"
        f"<footer>{footer}</footer>{f'<script>{script}</script>' if script else ''}</body></html>\n"
    )
