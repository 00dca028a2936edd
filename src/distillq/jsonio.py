"""Reading JSON and JSONL files (optionally gzipped) with errors that name the file and line.

One reader for prompt sets, response files and ICE inputs, so every malformed file is reported
the same way: `path:LINE: what is wrong; what to do`.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError
from distillq.textsafe import dumps


def open_text(path: Path) -> Any:
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def read_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) from a JSON list or JSONL file (optionally gzipped).

    Shared by prompt and response readers so every malformed file is reported the same way.
    """
    if not path.is_file():
        raise InputFileError(f"{path}: file not found; pass an existing JSON or JSONL file")
    inner = path.name.removesuffix(".gz")
    try:
        with open_text(path) as fh:
            if inner.endswith(".json"):
                data = json.load(fh)
                if isinstance(data, dict):
                    data = [data]
                if not isinstance(data, list):
                    raise InputFileError(f"{path}: expected a JSON list of objects")
                for i, obj in enumerate(data, start=1):
                    if not isinstance(obj, dict):
                        raise InputFileError(f"{path}: item {i} is not a JSON object")
                    yield i, obj
                return
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputFileError(
                        f"{path}:{lineno}: invalid JSON ({exc.msg}); fix or remove the line"
                    ) from None
                if not isinstance(obj, dict):
                    raise InputFileError(f"{path}:{lineno}: expected a JSON object per line")
                yield lineno, obj
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise InputFileError(f"{path}: cannot read ({exc}); is it a valid (gzipped) JSON file?") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None


def write_jsonl_atomic(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """JSON Lines, written atomically (see write_text_atomic); always valid UTF-8."""
    write_text_atomic(path, "".join(dumps(row) + "\n" for row in rows))


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a uniquely named temporary file beside `path`, then rename: readers never see half a
    file, and two writers never share (or delete) one temporary file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def file_stem(path: Path) -> str:
    """A data file's name without .json/.jsonl/.gz: the default label of what it holds."""
    name = path.name
    for suffix in (".gz", ".jsonl", ".json"):
        name = name.removesuffix(suffix)
    return name
