"""Reading the data files that ship inside the package (prompts, rubrics, rules, prices).

One loader so a broken install always fails the same way: one line naming the file and saying
to reinstall, never a traceback from deep inside a judge.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml

from distillq.errors import InputFileError


def parse_yaml(text: str) -> Any:
    """Our own data files, parsed by libyaml when PyYAML has it (8x faster; some are read on every start).

    Safe loaders only; both give the same objects for every packaged file (tests/unit/test_packagedata.py).
    """
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml(package: str, path: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A packaged YAML mapping, checked for the keys the caller relies on."""
    name = path.rsplit("/", 1)[-1]
    try:
        data = parse_yaml(resources.files(package).joinpath(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:  # pragma: no cover - broken install
        raise InputFileError(f"cannot read {name} ({exc}); reinstall distillq") from exc
    missing = [k for k in required if not isinstance(data, dict) or k not in data]
    if not isinstance(data, dict) or missing:
        raise InputFileError(
            f"{name} lacks {', '.join(repr(k) for k in missing) or 'a mapping'}; reinstall distillq"
        )
    return data


def json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in `text` (inside code fences or surrounded by prose), or None.

    Judges wrap their JSON in prose and fences; this finds the first `{...}` that parses to a mapping.
    """
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            obj, _ = decoder.raw_decode(text[start:])
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        if isinstance(obj, dict):
            return obj
        start = text.find("{", start + 1)
    return None
