"""Reading prompt files for `collect`: JSONL (`prompt` or `messages`) or plain text, one a line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillq.core.types import Message
from distillq.errors import InputFileError
from distillq.jsonio import open_text, read_records


@dataclass
class PromptRecord:
    id: str
    messages: list[Message]

    @property
    def text(self) -> str:
        return next((m["content"] for m in reversed(self.messages) if m["role"] == "user"), "")


JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
ROLES = {"system", "user", "assistant"}  # what every provider (OpenAI, Anthropic, local servers) accepts


def read_prompt_file(path: str | Path) -> list[PromptRecord]:
    """Parse a prompt file; errors name the file and line so the user can fix it."""
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"prompt file {p} not found: pass an existing .jsonl or .txt file")
    if p.is_dir():
        raise InputFileError(f"{p} is a directory: pass a prompt file (.jsonl or .txt)")
    try:
        with open_text(p) as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise InputFileError(f"prompt file {p} is not UTF-8 text: save it as UTF-8") from None
    except (OSError, EOFError) as exc:
        raise InputFileError(f"prompt file {p} cannot be read ({exc})") from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise InputFileError(f"prompt file {p} is empty: add one prompt per line")
    # The format comes from the name, never from the content: a text prompt may well start with "[".
    is_jsonl = p.name.lower().removesuffix(".gz").endswith(JSON_SUFFIXES)
    records: list[PromptRecord] = []
    if not is_jsonl:
        for line in lines:
            if line.strip():
                records.append(PromptRecord(str(len(records)), [{"role": "user", "content": line}]))
    else:
        for n, obj in read_records(p):
            records.append(_record(obj, n, p, len(records)))
    ids = [r.id for r in records]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputFileError(f"{p}: prompt id {dup!r} appears more than once; ids must be unique")
    return records


def _record(obj: dict[str, Any], n: int, p: Path, position: int) -> PromptRecord:
    pid = str(obj.get("id", obj.get("prompt_id", obj.get("uid", position))))
    if isinstance(obj.get("messages"), list):
        msgs = obj["messages"]
        if not all(isinstance(m, dict) and "role" in m and isinstance(m.get("content"), str) for m in msgs):
            raise InputFileError(f"{p}, line {n}: each message needs 'role' and a string 'content'")
        # Checked here, not by the provider: a bad conversation is one 400 per prompt after the run starts.
        bad = sorted({str(m["role"]) for m in msgs} - ROLES)
        if bad or not msgs:
            what = (
                f"role {', '.join(map(repr, bad))} is not one of"
                if bad
                else "'messages' is empty: give one with a role of"
            )
            raise InputFileError(f"{p}, line {n}: {what} {', '.join(sorted(ROLES))}")
        return PromptRecord(pid, [{"role": m["role"], "content": m["content"]} for m in msgs])
    if isinstance(obj.get("prompt"), str):
        return PromptRecord(pid, [{"role": "user", "content": obj["prompt"]}])
    raise InputFileError(f"{p}, line {n}: no 'prompt' string or 'messages' list in this object")
