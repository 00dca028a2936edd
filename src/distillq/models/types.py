"""Compatibility home of the request/response types; they live in `distillq.core.types`."""

from distillq.core.types import ChatRequest, Completer, GenerateConfig, Message, ModelOutput, Usage

__all__ = ["ChatRequest", "Completer", "GenerateConfig", "Message", "ModelOutput", "Usage"]
