"""Local Hugging Face models through a transformers text-generation pipeline (extra: distillq[hf]).

Runs on the CPU in a worker thread, one request at a time per model: a local model is
compute-bound, so more concurrency would only add memory.
"""

from __future__ import annotations

import asyncio
from typing import Any

from distillq.core.types import GenerateConfig, Message, ModelOutput, Usage
from distillq.errors import UsageError
from distillq.models.providers.base import with_system
from distillq.models.spec import ModelSpec


class HFProvider:
    def __init__(self, spec: ModelSpec, timeout: float, max_connections: int) -> None:
        self.spec = spec
        self._pipe: Any = None
        self._lock = asyncio.Lock()

    def _load(self) -> Any:
        try:
            from transformers import pipeline
        except ImportError:
            raise UsageError(
                "hf/ models need the optional extra: pip install 'distillq[hf]' (transformers + torch)"
            ) from None
        try:
            return pipeline("text-generation", model=self.spec.model, device="cpu")
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot load {self.spec.model!r} with transformers: {exc}") from None

    async def aclose(self) -> None:
        self._pipe = None

    async def generate(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        async with self._lock:
            if self._pipe is None:
                self._pipe = await asyncio.to_thread(self._load)
            return await asyncio.to_thread(self._run, with_system(messages, config), config)

    def _run(self, messages: list[Message], config: GenerateConfig) -> ModelOutput:
        pipe = self._pipe
        tok = pipe.tokenizer
        if getattr(tok, "chat_template", None):
            prompt = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        else:  # base models: plain concatenation
            prompt = "\n\n".join(m["content"] for m in messages) + "\n\n"
        kwargs: dict[str, Any] = {"max_new_tokens": config.max_tokens or 512, "return_full_text": False}
        if config.temperature:
            kwargs.update(do_sample=True, temperature=config.temperature)
        else:
            kwargs.update(do_sample=False)
        out = pipe(prompt, **kwargs)
        text = out[0]["generated_text"] if out else ""
        n_in = len(tok(prompt)["input_ids"])
        n_out = len(tok(text)["input_ids"]) if text else 0
        finish = "stop" if text.strip() else "empty"
        return ModelOutput(text=text, finish_reason=finish, usage=Usage(n_in, n_out))
