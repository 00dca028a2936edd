"""Prompt sets for RSE: our shipped prompts, and readers for the public sets the paper used.

Every format is reduced to one small `Prompt` record so the rest of RSE never cares where a
prompt came from. Sampling is seeded and keyed on prompt ids, so a sample is reproducible.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from distillq.errors import InputFileError, UsageError
from distillq.jsonio import file_stem as _stem
from distillq.jsonio import read_records

NAMED_SETS = ("builtin", "arenahard", "numina", "sharegpt", "alpacaeval")

# Hugging Face hub ids used only when the optional `datasets` package is installed and online.
_HUB: dict[str, tuple[str, str | None, str]] = {
    "arenahard": ("lmarena-ai/arena-hard-auto-v0.1", None, "train"),
    "numina": ("AI-MO/NuminaMath-CoT", None, "train"),
    "sharegpt": ("anon8231489123/ShareGPT_Vicuna_unfiltered", None, "train"),
    "alpacaeval": ("tatsu-lab/alpaca_eval", "alpaca_eval", "eval"),
}


@dataclass(frozen=True)
class Prompt:
    """One prompt: a stable id (for caching and alignment) plus the text sent to models."""

    id: str
    text: str
    source: str = ""
    category: str = ""
    language: str = ""


def _first_human_turn(conv: Any) -> str | None:
    if not isinstance(conv, list):
        return None
    for turn in conv:
        if isinstance(turn, dict) and turn.get("from", turn.get("role")) in ("human", "user"):
            value = turn.get("value", turn.get("content"))
            return value if isinstance(value, str) else None
    return None


def prompt_from_record(obj: dict[str, Any], index: int, source: str) -> Prompt | None:
    """Recognise one record of any supported prompt format; None when it holds no prompt."""
    text: str | None = None
    pid = obj.get("uid", obj.get("id", obj.get("question_id")))
    if isinstance(obj.get("prompt"), str):  # ArenaHard, generic, ours
        text = obj["prompt"]
    elif isinstance(obj.get("problem"), str):  # NuminaMath
        text = obj["problem"]
    elif isinstance(obj.get("instruction"), str):  # AlpacaEval
        text = obj["instruction"]
    elif "conversations" in obj:  # ShareGPT
        text = _first_human_turn(obj["conversations"])
    elif "messages" in obj:
        text = _first_human_turn(obj["messages"])
    elif isinstance(obj.get("text"), str):
        text = obj["text"]
    elif isinstance(obj.get("turns"), list) and obj["turns"]:
        first = obj["turns"][0]
        text = first.get("content") if isinstance(first, dict) else first if isinstance(first, str) else None
    if not text or not text.strip():
        return None
    if pid is None:
        # Content-derived ids survive reordering of the file, unlike row numbers.
        pid = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Prompt(
        id=str(pid),
        text=text,
        source=source,
        category=str(
            obj.get("category", obj.get("cluster", obj.get("dataset", obj.get("source", ""))) or "")
        ),
        language=str(obj.get("language", "") or ""),
    )


def load_prompt_file(path: Path, source: str | None = None) -> list[Prompt]:
    """Read prompts from any supported file; raise InputFileError if it holds none."""
    src = source or _stem(path)
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for lineno, obj in read_records(path):
        p = prompt_from_record(obj, lineno, src)
        if p is None:
            raise InputFileError(
                f"{path}:{lineno}: no prompt found (expected prompt, problem, instruction, conversations, messages or text)"
            )
        if p.id not in seen:
            seen.add(p.id)
            prompts.append(p)
    if not prompts:
        raise InputFileError(f"{path}: no prompts found; the file is empty")
    return prompts


def _builtin() -> list[Prompt]:
    ref = resources.files("distillq.rse") / "data" / "prompts.jsonl"
    with resources.as_file(ref) as p:
        return load_prompt_file(Path(p), source="builtin")


def _from_hub(name: str) -> list[Prompt]:
    try:
        import datasets  # optional extra, imported lazily
    except ImportError:
        raise UsageError(
            f"prompt set '{name}' needs a local file: set DISTILLQ_DATA_{name.upper()} or pass a path "
            "(or install the 'datasets' extra to fetch it from the Hugging Face hub)"
        ) from None
    repo, config, split = _HUB[name]
    try:
        ds = datasets.load_dataset(repo, config, split=split)
    except Exception as exc:  # network, auth, renamed dataset: all mean "use a local file"
        raise UsageError(
            f"could not fetch '{name}' from the hub ({type(exc).__name__}); pass a local path instead"
        ) from None
    out: list[Prompt] = []
    for i, row in enumerate(ds):
        p = prompt_from_record(dict(row), i, name)
        if p is not None:
            out.append(p)
    return out


def sample_prompts(prompts: list[Prompt], sample: int | None, seed: int = 0) -> list[Prompt]:
    """Deterministic sample keyed on ids: same ids for the same seed whatever the file order.

    Each id gets a seeded hash; the `sample` smallest hashes win, then the original order is kept.
    """
    if sample is None or sample >= len(prompts):
        return list(prompts)
    if sample <= 0:
        raise UsageError("--limit must be a positive number of prompts")

    def key(p: Prompt) -> str:
        return hashlib.sha256(f"{seed}:{p.id}".encode()).hexdigest()

    chosen = {p.id for p in sorted(prompts, key=key)[:sample]}
    return [p for p in prompts if p.id in chosen]


def _hub_or_env(key: str) -> list[Prompt]:
    env = os.environ.get(f"DISTILLQ_DATA_{key.upper()}")
    return load_prompt_file(Path(env), source=key) if env else _from_hub(key)


def builtin_prompts() -> list[Prompt]:
    """distillq's own prompt set (registered as `builtin`)."""
    return _builtin()


def arenahard_prompts() -> list[Prompt]:
    return _hub_or_env("arenahard")


def numina_prompts() -> list[Prompt]:
    return _hub_or_env("numina")


def sharegpt_prompts() -> list[Prompt]:
    return _hub_or_env("sharegpt")


def alpacaeval_prompts() -> list[Prompt]:
    return _hub_or_env("alpacaeval")


def _as_prompts(items: Any, source: str) -> list[Prompt]:
    """A registered loader may return Prompts, records of any supported format, or plain strings."""
    out: list[Prompt] = []
    for i, item in enumerate(items):
        if isinstance(item, Prompt):
            out.append(item)
            continue
        rec = {"prompt": item} if isinstance(item, str) else item
        p = prompt_from_record(rec, i, source) if isinstance(rec, dict) else None
        if p is None:
            raise UsageError(f"prompt set {source!r} returned an item with no prompt text (item {i})")
        out.append(p)
    return out


def load_promptset(name_or_path: str | Path, sample: int | None = None, seed: int = 0) -> list[Prompt]:
    """Load a registered prompt set (built-in or plugin) or a file, optionally sampled reproducibly."""
    from distillq.core import registry

    name = str(name_or_path)
    key = name.lower()
    if key in registry.promptsets:
        prompts = _as_prompts(registry.promptsets.get(key)(), key)
    else:
        path = Path(name)
        if not path.exists():
            raise UsageError(
                f"unknown prompt set '{name}': use one of {', '.join(registry.promptsets.names())} or a file path"
            )
        prompts = load_prompt_file(path)
    return sample_prompts(prompts, sample, seed)
