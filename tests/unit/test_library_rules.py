"""Library code never prints and never exits: it returns typed values, raises distillq.errors.*, and
reports progress by callback. Only the CLI (and the test servers' own command lines) render or exit.

Read from the syntax tree, so a docstring that mentions print() is not a hit and a lazy import is."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "distillq"
# The CLI renders and exits; testing/ holds servers with their own command lines; __main__ starts the CLI.
ALLOWED = ("cli/", "testing/", "__main__.py")
CALLS = {"print", "exit", "quit", "breakpoint", "sys.exit", "os._exit", "traceback.print_exc"}
TERMINAL_MODULES = {"rich", "typer", "click"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def violations(root: Path) -> list[str]:
    """`file:line: what` for every print, exit, SystemExit or terminal-library import under root."""
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
            what = ""
            if isinstance(node, ast.Call) and _dotted(node.func) in CALLS:
                what = f"{_dotted(node.func)}()"
            elif isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                what = "raise SystemExit" if _dotted(exc) in ("SystemExit", "KeyboardInterrupt") else ""
            elif isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                hit = [m for m in mods if m.split(".")[0] in TERMINAL_MODULES]
                what = f"import {hit[0]}" if hit else ""
            if what:
                found.append((rel, getattr(node, "lineno", 0), what))
    return [f"{rel}:{line}: {what}" for rel, line, what in sorted(found)]


def test_library_code_never_prints_exits_or_renders() -> None:
    assert not violations(PACKAGE), violations(PACKAGE)


def test_the_scan_finds_each_kind(tmp_path: Path) -> None:
    (tmp_path / "lib.py").write_text(
        '"""print() in a docstring is fine."""\nimport sys\n\n\ndef f():\n    from rich.console import Console\n'
        "    print('x')\n    sys.exit(2)\n    raise SystemExit(1)\n",
        encoding="utf-8",
    )
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "ok.py").write_text("print('the CLI may')\n", encoding="utf-8")
    assert violations(tmp_path) == [
        "lib.py:6: import rich.console",
        "lib.py:7: print()",
        "lib.py:8: sys.exit()",
        "lib.py:9: raise SystemExit",
    ]
