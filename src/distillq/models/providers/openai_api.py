"""Any OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Gemini, vLLM, SGLang, Ollama, ...)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import openai

from distillq.core.types import GenerateConfig, Message, ModelOutput, Usage
from distillq.env import redact
from distillq.models.providers.base import CallError, httpx, parse_retry_after, with_system
from distillq.models.spec import ModelSpec


class OpenAIProvider:
    """Calls `chat.completions` with the official async SDK, retries off (the engine retries)."""

    def __init__(self, spec: ModelSpec, timeout: float, max_connections: int) -> None:
        self.spec = spec
        key = spec.api_key() or "not-needed"
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        self.client = openai.AsyncOpenAI(
            api_key=key,
            base_url=spec.base_url,
            max_retries=0,
            timeout=timeout,
            http_client=httpx.AsyncClient(limits=limits, timeout=timeout, verify=needs_tls(spec.base_url)),
        )

    async def aclose(self) -> None:
        await self.client.close()

    def request_body(self, messages: list[Message], config: GenerateConfig) -> dict[str, Any]:
        """The chat-completions body; the batch path sends the very same body in its JSONL lines."""
        kwargs: dict[str, Any] = {"model": self.spec.model, "messages": with_system(messages, config)}
        no_sampling = self.spec.provider == "openai" and is_openai_reasoning_model(self.spec.model)
        # OpenAI's reasoning models reject temperature/top_p and take max_completion_tokens instead.
        if config.temperature is not None and not no_sampling:
            kwargs["temperature"] = config.temperature
        if config.max_tokens is not None:
            kwargs["max_completion_tokens" if no_sampling else "max_tokens"] = config.max_tokens
        if config.top_p is not None and not no_sampling:
            kwargs["top_p"] = config.top_p
        if config.seed is not None:
            kwargs["seed"] = config.seed
        return kwargs

    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        kwargs = self.request_body(messages, config)
        try:
            # `post` with a plain dict skips the SDK's per-call TypedDict transform, and the raw response
            # skips building a pydantic ChatCompletion we would only read five fields of (together about
            # a fifth of the client's CPU per request, the bottleneck at hundreds of requests per second).
            # Same SDK call path: endpoint, auth, headers and HTTP errors are the SDK's.
            resp = await self.client.post("/chat/completions", body=kwargs, cast_to=httpx.Response)
            data = json.loads(resp.content)
        except openai.APIStatusError as exc:
            raise classify_status(exc.status_code, _body_text(exc), exc.response.headers) from None
        except openai.APITimeoutError:
            raise CallError("timeout", "request timed out") from None
        except openai.APIConnectionError as exc:
            cause = exc.__cause__
            if isinstance(cause, httpx.ConnectError):  # refused / unknown host: nothing is listening
                raise CallError(
                    "unreachable", f"cannot connect to {self.spec.base_url}: {redact(str(cause))}"
                ) from None
            raise CallError("connection", f"connection error: {redact(str(cause or exc))}") from None
        except (json.JSONDecodeError, openai.APIResponseValidationError, ValueError) as exc:
            raise CallError("malformed", f"malformed response: {redact(str(exc))[:200]}") from None
        return completion_output(data)


_PROXY_VARS = ("https_proxy", "http_proxy", "all_proxy")


def needs_tls(base_url: str | None) -> bool:
    """Whether the client needs a verifying TLS context: loading the CA bundle costs 40-100 ms of CPU.

    A plain-http endpoint (a local vLLM/Ollama/llama.cpp server, the fake server) never uses it:
    every request goes to the base URL and this client follows no redirects. A proxy from the
    environment may itself speak TLS, so then (and for https, or no URL: the SDK's default) it stays.
    """
    if base_url is None or not base_url.lower().startswith("http://"):
        return True
    return any(os.environ.get(v) or os.environ.get(v.upper()) for v in _PROXY_VARS)


def completion_output(data: Any) -> ModelOutput:
    """A chat completion's JSON body (live, or one line of a batch's output file) as a `ModelOutput`.

    Read field by field with type checks, not through the SDK's pydantic model: only these fields
    matter, and a body of the wrong shape must be a retryable "malformed" error, never a crash.
    """
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise CallError("malformed", "response has no choices")
    choice = choices[0]
    message = choice.get("message")
    if message is not None and not isinstance(message, dict):
        raise CallError("malformed", "response message is not an object")
    message = message or {}
    text = message.get("content")
    if text is not None and not isinstance(text, str):
        raise CallError("malformed", "response content is not text")
    # DeepSeek-R1 and vLLM/SGLang reasoning parsers return the chain of thought apart from the answer
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    text, think = split_reasoning(text)
    reasoning = reasoning if isinstance(reasoning, str) and reasoning else think
    finish = choice.get("finish_reason") or "stop"
    if not isinstance(finish, str):
        raise CallError("malformed", "response finish_reason is not text")
    usage = Usage()
    raw_usage = data.get("usage")
    if isinstance(raw_usage, dict):
        usage = Usage(_tokens(raw_usage, "prompt_tokens"), _tokens(raw_usage, "completion_tokens"))
    elif raw_usage is not None:
        raise CallError("malformed", "response usage is not an object")
    if finish == "content_filter":
        return ModelOutput(text=text or "", finish_reason="content_filter", usage=usage, reasoning=reasoning)
    if not text or not text.strip():
        return ModelOutput(text=text or "", finish_reason="empty", usage=usage, reasoning=reasoning)
    return ModelOutput(text=text, finish_reason=finish, usage=usage, reasoning=reasoning)


def _tokens(usage: dict[str, Any], name: str) -> int:
    """A token count: absent or null is 0; anything but a whole number is a malformed answer."""
    n = usage.get(name)
    if n is None:
        return 0
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise CallError("malformed", f"response usage {name} is not a count")
    return n


_THINK = re.compile(r"^\s*<think>(.*?)</think>\s*", re.DOTALL)


def split_reasoning(text: str | None) -> tuple[str | None, str | None]:
    """Split a leading `<think>...</think>` block (R1-style models served raw) from the answer.

    Judges and metrics must see what the model answered, not what it thought on the way: an
    identity claim inside the reasoning is not a claim made to the user. The reasoning is kept.
    """
    if not text or "<think>" not in text[:200]:
        return text, None
    m = _THINK.match(text)
    if m is None:  # unterminated think block (truncated answer): all of it is reasoning
        if text.lstrip().startswith("<think>"):
            return "", text.lstrip()[len("<think>") :].strip()
        return text, None
    return text[m.end() :], m.group(1).strip()


_REASONING = re.compile(r"^(o\d+|gpt-5)([-.].*)?$")


def is_openai_reasoning_model(model: str) -> bool:
    """o1, o3, o4-mini, gpt-5...: the families that refuse sampling parameters."""
    return bool(_REASONING.match(model.lower()))


def _body_text(exc: openai.APIStatusError) -> str:
    try:
        return exc.response.text[:500]
    except Exception:  # noqa: BLE001 - streaming bodies may be unreadable
        return str(exc)[:500]


def classify_status(status: int, body: str, headers: Any) -> CallError:
    """Map an HTTP error to retryable or fatal, reading Retry-After and quota markers."""
    body = redact(body)
    retry_after = parse_retry_after(headers.get("retry-after") if headers is not None else None)
    low = body.lower()
    if status == 429:
        if "insufficient_quota" in low or "exceeded your current quota" in low:
            return CallError("quota", f"quota exhausted (HTTP 429): {body[:200]}", status)
        return CallError("rate_limit", "rate limited (HTTP 429)", status, retry_after)
    if status in (401, 403):
        return CallError("auth", f"authentication failed (HTTP {status}): check the API key", status)
    if status == 404:
        return CallError("not_found", f"model or endpoint not found (HTTP 404): {body[:200]}", status)
    if status in (408, 409, 425) or status >= 500:
        return CallError("server", f"server error (HTTP {status})", status, retry_after)
    if status == 400 and ("content_filter" in low or "content_policy" in low):
        return CallError("content_filter", "content filter", status)
    return CallError("bad_request", f"request rejected (HTTP {status}): {body[:200]}", status)
