"""The provider interface: turn one chat request into one `ModelOutput`, or raise `CallError`.

Providers do no retrying of their own (the SDKs' retries are switched off): the engine owns
retries, so backoff, Retry-After, budgets and accounting live in one place.
"""

from __future__ import annotations

from typing import Protocol

# The SDKs moved from httpx to its successor httpx2; use whichever the installed SDK depends on.
try:
    import httpx2 as httpx  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - older SDKs
    import httpx  # type: ignore[no-redef,unused-ignore]

__all__ = ["CallError", "Provider", "httpx", "parse_retry_after", "with_system"]


from distillq.core.types import GenerateConfig, Message, ModelOutput


class CallError(Exception):
    """A failed call, classified so the engine knows whether to retry.

    kind: "rate_limit", "server", "timeout", "connection", "malformed", "unreachable" (retryable) or
          "quota", "auth", "not_found", "bad_request" (fatal: retrying cannot help).
    """

    RETRYABLE = frozenset({"rate_limit", "server", "timeout", "connection", "malformed", "unreachable"})

    def __init__(
        self, kind: str, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in self.RETRYABLE


class Provider(Protocol):
    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput: ...

    async def aclose(self) -> None: ...


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds form; HTTP dates are rare from LLM APIs)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            import datetime as _dt

            when = parsedate_to_datetime(value)
            return max(0.0, (when - _dt.datetime.now(when.tzinfo)).total_seconds())
        except (TypeError, ValueError):
            return None


def with_system(messages: list[Message], config: GenerateConfig) -> list[Message]:
    """Prepend the configured system prompt unless the messages carry their own."""
    if config.system and not any(m.get("role") == "system" for m in messages):
        return [{"role": "system", "content": config.system}, *messages]
    return messages
