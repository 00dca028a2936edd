"""The two wire formats the fake server speaks: OpenAI chat completions and Anthropic messages.

Why a separate module: the request flow (auth, triggers, faults, latency, counters) is the same
for every API and lives in `fake_core`; only the shapes differ (request fields, response body,
error bodies, auth header). Each `FakeApi` turns a request into a neutral `Call` (model plus
OpenAI-style text messages, so both APIs get the very same deterministic answers) and builds
its own bodies. Pure functions of their inputs: testable without a socket.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from distillq.testing.fake_answers import Answer, count_words, message_text
from distillq.testing.fake_http import error_body

# Error kinds the core asks for; each API maps them to its own status-independent body.
ERROR_KINDS = ("auth", "bad_request", "rate_limit", "server", "overloaded", "quota", "not_found")
TRIGGERS = ("quota", "unauthorized", "notfound")


@dataclass(frozen=True)
class Call:
    """One parsed request, API-neutral: `messages` are [{role, content: str}] with any system first."""

    model: str
    messages: list[dict[str, Any]]
    max_tokens: int | None = None
    seed: Any = None
    stream: bool = False


def truncate(ans: Answer, limit: int | None) -> tuple[str | None, bool]:
    """The answer cut to `limit` words (our tokens); True when it was cut."""
    content = ans.content
    if content and isinstance(limit, int) and limit > 0 and count_words(content) > limit:
        return " ".join(content.split()[:limit]), True
    return content, False


def prompt_tokens(messages: list[dict[str, Any]]) -> int:
    return sum(count_words(m.get("content")) for m in messages if isinstance(m, dict))


class FakeApi:
    """Interface of one wire format; see OpenAIApi and AnthropicApi."""

    name = "base"
    malformed = b"{"
    auth_message = "bad key"

    def authorized(self, headers: dict[str, str], key: str) -> bool:
        raise NotImplementedError

    def precheck(self, headers: dict[str, str]) -> str | None:
        """A reason to reject the request with 400 before reading its body, or None."""
        return None

    def parse(self, payload: Any) -> Call:
        raise NotImplementedError

    def error(self, kind: str, message: str) -> dict[str, Any]:
        raise NotImplementedError

    def trigger(self, trigger: str, model: str) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def completion(self, n: int, call: Call, ans: Answer) -> dict[str, Any]:
        raise NotImplementedError

    def headers(self, n: int) -> dict[str, str]:
        """Extra response headers (Anthropic sends a request id with every answer)."""
        return {}


class OpenAIApi(FakeApi):
    """`POST /v1/chat/completions`, `Authorization: Bearer KEY`."""

    name = "openai"
    auth_message = "Incorrect API key provided."
    malformed = b'{"id": "chatcmpl-broken", "choices": [{"message": {"content": "'

    _ERRORS = {
        "auth": ("invalid_request_error", "invalid_api_key"),
        "bad_request": ("invalid_request_error", None),
        "rate_limit": ("rate_limit_exceeded", "rate_limit_exceeded"),
        "server": ("server_error", None),
        "overloaded": ("server_error", None),
        "quota": ("insufficient_quota", "insufficient_quota"),
        "not_found": ("invalid_request_error", "model_not_found"),
    }

    def authorized(self, headers: dict[str, str], key: str) -> bool:
        return headers.get("authorization") == f"Bearer {key}"

    def parse(self, payload: Any) -> Call:
        model, messages = payload["model"], payload["messages"]
        if not isinstance(model, str) or not isinstance(messages, list):
            raise TypeError("model must be a string and messages a list")
        limit = payload.get("max_completion_tokens") or payload.get("max_tokens")
        return Call(model, messages, limit, payload.get("seed"), bool(payload.get("stream")))

    def error(self, kind: str, message: str) -> dict[str, Any]:
        type_, code = self._ERRORS[kind]
        return error_body(message, type_, code)

    def trigger(self, trigger: str, model: str) -> tuple[int, dict[str, Any]]:
        if trigger == "quota":
            return 429, self.error("quota", "You exceeded your current quota.")
        if trigger == "unauthorized":
            return 401, self.error("auth", self.auth_message)
        return 404, self.error("not_found", f"The model `{model}` does not exist.")

    def completion(self, n: int, call: Call, ans: Answer) -> dict[str, Any]:
        content, cut = truncate(ans, call.max_tokens)
        p_tokens, c_tokens = prompt_tokens(call.messages), count_words(content)
        return {
            "id": f"chatcmpl-fake{n:08d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": call.model,
            "system_fingerprint": "fp_fake",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "length" if cut else ans.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": p_tokens,
                "completion_tokens": c_tokens,
                "total_tokens": p_tokens + c_tokens,
            },
        }


class AnthropicApi(FakeApi):
    """`POST /v1/messages` with `x-api-key: KEY` (or a Bearer key) and an `anthropic-version` header."""

    name = "anthropic"
    auth_message = "invalid x-api-key"
    malformed = b'{"id": "msg_broken", "type": "message", "content": [{"type": "text", "text": "'

    _ERRORS = {
        "auth": "authentication_error",
        "bad_request": "invalid_request_error",
        "rate_limit": "rate_limit_error",
        "server": "api_error",
        "overloaded": "overloaded_error",
        "quota": "invalid_request_error",  # Anthropic reports an empty credit balance as a 400
        "not_found": "not_found_error",
    }
    CREDIT_MESSAGE = (
        "Your credit balance is too low to access the Anthropic API. "
        "Please go to Plans & Billing to upgrade or purchase credits."
    )

    def authorized(self, headers: dict[str, str], key: str) -> bool:
        # Older SDKs send `x-api-key`; anthropic>=2 sends the key as `Authorization: Bearer`. Both work.
        return headers.get("x-api-key") == key or headers.get("authorization") == f"Bearer {key}"

    def precheck(self, headers: dict[str, str]) -> str | None:
        if not headers.get("anthropic-version"):
            return "anthropic-version: header is required"
        return None

    def parse(self, payload: Any) -> Call:
        if not isinstance(payload, dict):
            raise TypeError("the body must be a JSON object")
        model, messages, max_tokens = payload["model"], payload["messages"], payload["max_tokens"]
        if not isinstance(model, str) or not isinstance(messages, list) or not messages:
            raise TypeError("model must be a string and messages a non-empty list")
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
            raise TypeError("max_tokens must be a positive integer")
        for name in ("temperature", "top_p"):  # the real API rejects values outside 0..1
            value = payload.get(name)
            if value is not None and (not isinstance(value, int | float) or not 0 <= value <= 1):
                raise TypeError(f"{name}: range: 0..1")
        out: list[dict[str, Any]] = []
        system = payload.get("system")
        if system is not None:
            out.append({"role": "system", "content": _blocks_text(system, "system")})
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
                raise TypeError(f"messages.{i}: role must be 'user' or 'assistant'")
            out.append({"role": m["role"], "content": _blocks_text(m.get("content"), f"messages.{i}")})
        return Call(model, out, max_tokens, None, bool(payload.get("stream")))

    def error(self, kind: str, message: str) -> dict[str, Any]:
        return {"type": "error", "error": {"type": self._ERRORS[kind], "message": message}}

    def trigger(self, trigger: str, model: str) -> tuple[int, dict[str, Any]]:
        if trigger == "quota":
            return 400, self.error("quota", self.CREDIT_MESSAGE)
        if trigger == "unauthorized":
            return 401, self.error("auth", self.auth_message)
        return 404, self.error("not_found", f"model: {model}")

    def completion(self, n: int, call: Call, ans: Answer) -> dict[str, Any]:
        content, cut = truncate(ans, call.max_tokens)
        stop = {"content_filter": "refusal"}.get(ans.finish_reason, "max_tokens" if cut else "end_turn")
        return {
            "id": f"msg_fake{n:08d}",
            "type": "message",
            "role": "assistant",
            "model": call.model,
            "content": [{"type": "text", "text": content}] if content else [],
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": prompt_tokens(call.messages), "output_tokens": count_words(content)},
        }

    def headers(self, n: int) -> dict[str, str]:
        return {"request-id": f"req_fake{n:08d}"}


def _blocks_text(content: Any, where: str) -> str:
    """Text of a string or a list of {type: "text", text} blocks; other block types are refused."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise TypeError(f"{where}: content must be a string or a list of text blocks")
    for j, block in enumerate(content):
        if (
            not isinstance(block, dict)
            or block.get("type") != "text"
            or not isinstance(block.get("text"), str)
        ):
            raise TypeError(f"{where}.{j}: only {{type: 'text', text: str}} blocks are supported")
    return message_text(content)


OPENAI = OpenAIApi()
ANTHROPIC = AnthropicApi()
