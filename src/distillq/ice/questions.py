"""Identity questions: the built-in set (package data) or a user file (YAML, JSONL, CSV, text)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import yaml

from distillq.errors import InputFileError
from distillq.ice.types import Question

DEFAULT_PATH = Path(__file__).parent / "data" / "questions.yaml"
ASPECTS = ("developer", "partners", "company", "technology", "geography")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _guess_language(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


def _question(item: Any, i: int, path: Path, where: str) -> Question:
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict) or not str(item.get("text") or item.get("query") or "").strip():
        raise InputFileError(f"{path}{where}: each question needs a 'text' field")
    text = str(item.get("text") or item.get("query")).strip()
    return Question(
        id=str(item.get("id") or f"q{i + 1:03d}"),
        text=text,
        aspect=str(item.get("aspect") or "unknown"),
        language=str(item.get("language") or _guess_language(text)),
    )


def _read(path: Path) -> list[Question]:
    if not path.is_file():
        raise InputFileError(f"question file {path} not found; pass an existing file")
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8")
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputFileError(f"{path}: not valid YAML ({exc})") from exc
        items = data.get("questions") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise InputFileError(f"{path}: expected a list of questions or a 'questions:' key")
        return [_question(x, i, path, f" item {i + 1}") for i, x in enumerate(items)]
    if suffix == ".jsonl":
        out: list[Question] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFileError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            out.append(_question(obj, len(out), path, f":{n}"))
        return out
    if suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        return [_question(r, i, path, f":{i + 2}") for i, r in enumerate(rows)]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return [_question(ln, i, path, f":{i + 1}") for i, ln in enumerate(lines)]


def load_questions(
    path: str | Path | None = None, languages: list[str] | tuple[str, ...] | None = None
) -> list[Question]:
    """Identity questions from `path` (default: the built-in set), optionally filtered by language."""
    source = Path(path) if path else DEFAULT_PATH
    questions = _read(source)
    if not questions:
        raise InputFileError(f"{source} holds no questions: add some (docs/formats.md, question files)")
    if languages:
        wanted = {lang.lower() for lang in languages}
        present = sorted({q.language.lower() for q in questions})
        questions = [q for q in questions if q.language.lower() in wanted]
        if not questions:
            raise InputFileError(
                f"no questions in language(s) {', '.join(languages)} in {source}: "
                f"its languages are {', '.join(present)}; check --languages"
            )
    return questions
