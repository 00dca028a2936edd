"""What the fake OpenAI server answers: pure, deterministic functions of (model, messages, seed).

Why separate: answers and script rules are pure logic, testable without a socket, and the
server module stays small. A default answer echoes the start of the prompt (so a test can see
the answer belongs to its prompt) followed by a few pseudo-sentences drawn from a hash.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from distillq.errors import InputFileError, UsageError

# Filler vocabulary for made-up sentences; its only job is to look like prose to metrics.
_FILLER = (
    "the model answers each question with care and checks every step before it replies "
    "a clear plan helps users learn quickly while simple examples show how ideas connect "
    "data results often depend on context so careful readers compare several sources first"
)
_WORDS = tuple(_FILLER.split())

EMPTY = "@empty"
CONTENT_FILTER = "@content_filter"
ECHO = "@echo"


@dataclass(frozen=True)
class Answer:
    content: str | None
    finish_reason: str = "stop"


@dataclass(frozen=True)
class ScriptRule:
    """First rule whose `match` finds the last user (or system) message, and whose `model` finds
    the model name, decides the answer."""

    match: re.Pattern[str]
    answer: str
    model: re.Pattern[str] | None = None

    def applies(self, model: str, user: str, system: str) -> bool:
        if self.model is not None and not self.model.search(model):
            return False
        return bool(self.match.search(user) or (system and self.match.search(system)))


def message_text(content: Any) -> str:
    """Text of a message's content: a string, or a list of parts ({"type": "text", "text": ...})."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)
        )
    return ""


def count_words(content: Any) -> int:
    """Our token count: whitespace-separated words (close enough for usage accounting tests)."""
    return len(message_text(content).split())


def _last(messages: list[Any], role: str) -> str:
    for m in reversed(messages):
        if isinstance(m, dict) and m.get("role") == role:
            return message_text(m.get("content"))
    return ""


def last_user_message(messages: list[Any]) -> str:
    return _last(messages, "user")


def system_message(messages: list[Any]) -> str:
    return "\n".join(
        message_text(m.get("content"))
        for m in messages
        if isinstance(m, dict) and m.get("role") in ("system", "developer")
    )


def prompt_key(messages: list[Any]) -> str:
    """sha1(last user message)[:12]: the key of the server's per-prompt answered counter."""
    return hashlib.sha1(last_user_message(messages).encode("utf-8")).hexdigest()[:12]


def echo_of(prompt: str, words: int = 8) -> str:
    parts = prompt.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def default_answer(model: str, messages: list[Any], seed: int, request_seed: Any = None) -> str:
    """A few sentences fixed by a hash of (model, message texts, seed, request seed)."""
    texts = [[m.get("role"), message_text(m.get("content"))] for m in messages if isinstance(m, dict)]
    blob = json.dumps([model, texts, seed, request_seed], ensure_ascii=False, sort_keys=True)
    rng = random.Random(hashlib.sha256(blob.encode("utf-8")).digest())
    sentences = []
    for _ in range(2 + rng.randrange(3)):
        words = [rng.choice(_WORDS) for _ in range(6 + rng.randrange(8))]
        sentences.append(" ".join(words).capitalize() + ".")
    return f'You asked: "{echo_of(last_user_message(messages))}". ' + " ".join(sentences)


def answer_for(
    model: str, messages: list[Any], seed: int, request_seed: Any, rules: list[ScriptRule]
) -> Answer:
    """The scripted answer of the first matching rule, else the default answer."""
    user, system = last_user_message(messages), system_message(messages)
    for rule in rules:
        if rule.applies(model, user, system):
            if rule.answer == EMPTY:
                return Answer("")
            if rule.answer == CONTENT_FILTER:
                return Answer(None, "content_filter")
            if rule.answer == ECHO:
                return Answer(user)
            return Answer(rule.answer)
    return Answer(default_answer(model, messages, seed, request_seed))


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise UsageError(f"{where} must be a string regex, got {type(pattern).__name__}")
    try:
        return re.compile(pattern)
    except re.error as e:
        raise UsageError(f"{where} is not a valid regex ({e}); fix the pattern") from e


def parse_rules(raw: Any, source: str = "script") -> list[ScriptRule]:
    """Validate a list of {match, answer, model?} dicts (or {"rules": [...]}) into rules."""
    if isinstance(raw, dict) and "rules" in raw:
        raw = raw["rules"]
    if not isinstance(raw, list):
        raise UsageError(f"{source}: expected a list of {{match, answer, model}} rules")
    rules = []
    for i, item in enumerate(raw):
        where = f"{source} rule {i + 1}"
        if not isinstance(item, dict) or "match" not in item or "answer" not in item:
            raise UsageError(f"{where} needs 'match' and 'answer' keys")
        unknown = set(item) - {"match", "answer", "model"}
        if unknown:
            raise UsageError(f"{where} has unknown keys {sorted(unknown)}; allowed: match, answer, model")
        if not isinstance(item["answer"], str):
            raise UsageError(f"{where}: 'answer' must be a string")
        model = _compile(item["model"], f"{where} 'model'") if item.get("model") is not None else None
        rules.append(ScriptRule(_compile(item["match"], f"{where} 'match'"), item["answer"], model))
    return rules


def load_script(script: str | Path | list[dict[str, Any]] | None) -> list[ScriptRule]:
    """Rules from a list, a YAML/JSON file path, or nothing."""
    if script is None:
        return []
    if isinstance(script, list):
        return parse_rules(script)
    path = Path(script)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputFileError(f"cannot read script file {path}: {e.strerror}; check the path") from e
    except yaml.YAMLError as e:
        raise InputFileError(f"script file {path} is not valid YAML/JSON: {e}") from e
    return parse_rules(raw, source=str(path))
