"""Anthropic's Messages API through the official async SDK, retries off (the engine retries)."""

from __future__ import annotations

from typing import Any

import anthropic

from distillq.core.types import GenerateConfig, Message, ModelOutput, Usage
from distillq.env import redact
from distillq.models.providers.base import CallError, httpx
from distillq.models.providers.openai_api import classify_status
from distillq.models.spec import ModelSpec

DEFAULT_MAX_TOKENS = 2048  # Anthropic requires max_tokens; long enough for RSE answers


class AnthropicProvider:
    def __init__(self, spec: ModelSpec, timeout: float, max_connections: int) -> None:
        self.spec = spec
        self.client = anthropic.AsyncAnthropic(
            api_key=spec.api_key(), base_url=spec.base_url, max_retries=0, timeout=timeout
        )

    async def aclose(self) -> None:
        await self.client.close()

    def request_params(self, messages: list[Message], config: GenerateConfig) -> dict[str, Any]:
        """The Messages API body; the batch path sends the very same params per request."""
        system = config.system
        chat: list[dict[str, str]] = []
        for m in messages:
            if m.get("role") == "system":
                system = m["content"]
            else:
                chat.append({"role": m["role"], "content": m["content"]})
        params: dict[str, Any] = {
            "model": self.spec.model,
            "messages": chat,
            "max_tokens": config.max_tokens or DEFAULT_MAX_TOKENS,
        }
        if system:
            params["system"] = system
        sampling = {"temperature": config.temperature, "top_p": config.top_p}
        params.update({k: v for k, v in sampling.items() if v is not None})
        return params

    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        kwargs = self.request_params(messages, config)
        # anthropic>=2 dropped `temperature` and `top_p` from `messages.create`'s keywords (a TypeError
        # before anything is sent); `extra_body` puts them in the JSON body with every SDK version.
        sampling = {k: kwargs.pop(k) for k in ("temperature", "top_p") if k in kwargs}
        if sampling:
            kwargs["extra_body"] = sampling
        try:
            resp = await self.client.messages.create(**kwargs)
        except anthropic.APIStatusError as exc:
            status = exc.status_code
            if status == 529:  # overloaded
                raise CallError("server", "Anthropic overloaded (HTTP 529)", status) from None
            if status == 400 and "credit balance" in exc.response.text.lower():  # Anthropic's "quota"
                raise CallError(
                    "quota",
                    "Anthropic credit balance is too low (HTTP 400): add credits under Plans & Billing "
                    "in the Anthropic console, or use another model",
                    status,
                ) from None
            raise classify_status(status, exc.response.text[:500], exc.response.headers) from None
        except anthropic.APITimeoutError:
            raise CallError("timeout", "request timed out") from None
        except anthropic.APIConnectionError as exc:
            if isinstance(exc.__cause__, httpx.ConnectError):
                raise CallError(
                    "unreachable", f"cannot connect to Anthropic API: {redact(str(exc.__cause__))}"
                ) from None
            cause = exc.__cause__ or exc
            detail = str(cause) or type(cause).__name__  # a reset often has an empty message
            raise CallError("connection", f"connection error: {redact(detail)}") from None
        except ValueError as exc:
            raise CallError("malformed", f"malformed response: {redact(str(exc))[:200]}") from None
        return message_output(resp)


def message_output(resp: Any) -> ModelOutput:
    """An Anthropic `Message` (live, or a succeeded batch result) as a `ModelOutput`."""
    text = "".join(getattr(block, "text", "") or "" for block in resp.content if block.type == "text")
    # extended thinking: kept apart from the answer, as for OpenAI-style reasoning models
    thinking = "".join(
        getattr(block, "thinking", "") or "" for block in resp.content if block.type == "thinking"
    )
    usage = Usage(resp.usage.input_tokens or 0, resp.usage.output_tokens or 0)
    stop = resp.stop_reason or "stop"
    finish = {"end_turn": "stop", "max_tokens": "length", "stop_sequence": "stop"}.get(stop, stop)
    if stop == "refusal":
        return ModelOutput(text=text, finish_reason="content_filter", usage=usage, reasoning=thinking or None)
    if not text.strip():
        return ModelOutput(text=text, finish_reason="empty", usage=usage, reasoning=thinking or None)
    return ModelOutput(text=text, finish_reason=finish, usage=usage, reasoning=thinking or None)
