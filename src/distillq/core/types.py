"""Plain data types shared by providers, the engine and the store.

They live in the core so the store (below the models layer) needs nothing from `distillq.models`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}


@dataclass(frozen=True)
class GenerateConfig:
    """Generation parameters; part of the cache key, so equal configs share answers."""

    temperature: float | None = 0.0
    max_tokens: int | None = None
    top_p: float | None = None
    seed: int | None = None
    system: str | None = None

    def as_key(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "top_p": self.top_p,
            "seed": self.seed,
            "system": self.system,
        }


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass
class ChatRequest:
    """One request: messages plus a sample index (epochs ask the same prompt several times)."""

    messages: list[Message]
    sample: int = 0
    id: str | None = None  # caller's id (prompt_id); not part of the cache key

    @staticmethod
    def from_prompt(prompt: str, sample: int = 0, id: str | None = None) -> ChatRequest:
        return ChatRequest(messages=[{"role": "user", "content": prompt}], sample=sample, id=id)


@dataclass
class ModelOutput:
    """What a model answered, or why it did not.

    finish_reason: "stop", "length", "content_filter", "empty" (blank answer) or "error".
    Refusals by content filter and empty answers are answers, not errors: they are stored and
    scored. `error` is set only when no answer could be had after retries.
    """

    text: str | None
    finish_reason: str | None = "stop"
    usage: Usage = field(default_factory=Usage)
    error: str | None = None
    latency_s: float = 0.0
    cached: bool = False
    cost_usd: float = 0.0
    reasoning: str | None = None  # a reasoning model's chain of thought, kept apart from `text`
    # The exact answer as ASCII JSON {"text", "reasoning"} when `text`/`reasoning` had to be
    # normalised (lone surrogates): nothing a model sent is lost, and everything else sees valid text.
    raw_json: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# One model behind the engine: takes a batch, returns one output per request in the same order.
# Concurrency, rate limits, retries and caching are the engine's job, not the caller's.
Completer = Callable[[list[ChatRequest]], Awaitable[list[ModelOutput]]]


class SpecLike(Protocol):
    """What the store needs to know of a model to key and label an answer (a `ModelSpec` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def base_url(self) -> str | None: ...
    @property
    def config(self) -> GenerateConfig: ...
