"""Jailbreak seed templates: the built-in set, or user files (YAML/JSON, GPTFuzz CSV, EasyJailbreak)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml

from distillq.errors import InputFileError, UsageError
from distillq.ice.types import Template

DEFAULT_PATH = Path(__file__).parent / "data" / "templates.yaml"
GPTFUZZ_SLOT = "[INSERT PROMPT HERE]"


def _template(item: Any, i: int, source: str, stem: str) -> Template:
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict):
        raise InputFileError(f"{stem} item {i + 1}: a template is a string or a mapping with 'text'")
    text = str(item.get("text") or item.get("template") or item.get("jailbreak_prompt") or "")
    if not text.strip():
        raise InputFileError(f"{stem} item {i + 1}: empty template text")
    text = text.replace(GPTFUZZ_SLOT, "{query}")
    return Template(
        id=str(item.get("id") or f"{stem}-{i + 1:03d}"),
        text=text,
        family=str(item.get("family") or "custom"),
        source=source,
    )


def _items(path: Path) -> list[Any]:
    raw = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(csv.DictReader(raw.splitlines(keepends=True)))
        if rows and "text" not in rows[0]:
            raise InputFileError(f"{path}: a GPTFuzz-style CSV needs a 'text' column")
        return [{"id": r.get("id") or None, "text": r["text"]} for r in rows]
    try:
        data = json.loads(raw) if suffix == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputFileError(f"{path}: cannot parse ({exc})") from exc
    if isinstance(data, dict):
        data = data.get("templates") or data.get("jailbreak_prompts") or data.get("prompts")
    if not isinstance(data, list):
        raise InputFileError(f"{path}: expected a list of templates (or a 'templates:' key)")
    return data


def load_templates(path: str | Path | None = None, allow_missing_query: bool = False) -> list[Template]:
    """Templates from `path` (default: built-in seeds); each must contain `{query}` unless allowed."""
    p = Path(path) if path else DEFAULT_PATH
    if not p.is_file():
        raise InputFileError(f"template file {p} not found; pass an existing YAML, JSON or CSV file")
    source = "distillq" if path is None else "user"
    templates = [_template(x, i, source, p.stem) for i, x in enumerate(_items(p))]
    if not templates:
        raise InputFileError(f"{p}: no templates found")
    for t in templates:
        if "{query}" not in t.text and not allow_missing_query:
            raise UsageError(
                f"template '{t.id}' in {p} has no {{query}} slot; add one (GPTFuzz's {GPTFUZZ_SLOT} also works)"
            )  # (not `allow_missing_query=True`: a CLI user cannot pass it, and the ICE run needs the slot)
    return templates
