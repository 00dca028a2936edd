"""The engine's guards: limits that make sense, budgets that can hold, answers that are never lost.

Why apart from engine.py: these checks run before anything is sent (bad limits, a budget on a
model of unknown price) or after something broke (a store write failed while answers, already
paid for, keep arriving); the scheduling code stays about scheduling.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distillq.errors import UsageError
from distillq.textsafe import dumps

if TYPE_CHECKING:
    from distillq.models.pricing import PriceTable
    from distillq.models.spec import ModelSpec
    from distillq.models.types import ChatRequest, ModelOutput

# Providers that cost nothing per token: scripted models and models run on this machine.
FREE_PROVIDERS = ("mock", "hf", "ollama", "vllm", "sglang", "llama-cpp")


def check_options(opts: Any) -> None:
    """Refuse limits that would hang, crash or mean nothing (0 connections, negative rpm, ...)."""

    def bad(value: float) -> bool:
        return isinstance(value, float) and not math.isfinite(value)

    if opts.max_connections < 1:
        raise UsageError(f"--max-connections must be at least 1 (got {opts.max_connections})")
    if opts.rpm is not None and (bad(opts.rpm) or opts.rpm <= 0):
        raise UsageError(
            f"--rpm must be above 0 requests per minute (got {opts.rpm:g}); omit it for no limit"
        )
    if bad(opts.timeout) or opts.timeout <= 0:
        raise UsageError(f"--timeout must be above 0 seconds (got {opts.timeout:g})")
    if opts.max_attempts < 1:
        raise UsageError(f"--max-attempts must be at least 1 (got {opts.max_attempts})")
    if bad(opts.max_retry_time) or opts.max_retry_time < 0:
        raise UsageError(f"the retry time must be 0 seconds or more (got {opts.max_retry_time:g})")
    if bad(opts.batch_poll_s) or opts.batch_poll_s <= 0:
        raise UsageError(
            f"--batch-poll must be above 0 seconds (got {opts.batch_poll_s:g}); e.g. --batch-poll 30"
        )
    if opts.budget_usd is not None and (bad(opts.budget_usd) or opts.budget_usd < 0):
        raise UsageError(f"--budget must be 0 dollars or more (got {opts.budget_usd:g})")


def unpriced(prices: PriceTable, specs: Iterable[ModelSpec]) -> list[str]:
    """Models that cost money but whose price we do not know (a budget cannot be kept on them)."""
    return [
        s.name
        for s in specs
        if s.provider not in FREE_PROVIDERS and prices.lookup(s.service, s.model) is None
    ]


def require_prices(prices: PriceTable, specs: Iterable[ModelSpec]) -> None:
    """With a budget, every paid model needs a price; say which do not, before anything is sent."""
    missing = unpriced(prices, specs)
    if missing:
        raise UsageError(
            f"--budget cannot be kept: no price known for {', '.join(missing)}; give one with "
            "--price-in/--price-out (dollars per million tokens), --prices FILE or limits.prices in the run file"
        )


class Unstored:
    """A side file of answers received (and paid for) after the store stopped accepting writes."""

    def __init__(self, results_dir: Path | None) -> None:
        self.dirs = [d for d in (results_dir, Path(tempfile.gettempdir())) if d is not None]
        self.path: Path | None = None
        self.saved = 0
        self.lost = 0

    def save(self, key: str, model: str, request: ChatRequest, out: ModelOutput) -> None:
        row = {
            "key": key,
            "model": model,
            "prompt_id": request.id,
            "sample": request.sample,
            "messages": request.messages,
            "response": out.text,
            "reasoning": out.reasoning,
            "raw_json": out.raw_json,
            "finish_reason": out.finish_reason,
            "usage": {"input_tokens": out.usage.input_tokens, "output_tokens": out.usage.output_tokens},
            "cost_usd": out.cost_usd,
        }
        line = dumps(row) + "\n"
        candidates = [self.path] if self.path is not None else []
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        candidates += [d / f"distillq-unstored-{stamp}-{os.getpid()}.jsonl" for d in self.dirs]
        for path in candidates:
            try:
                with path.open("a", encoding="utf-8") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError:
                continue
            self.path = path
            self.saved += 1
            return
        self.lost += 1

    def describe(self) -> str:
        """What happened to the answers that arrived after the failure, for the one-line error."""
        parts = []
        if self.saved:
            parts.append(f"{self.saved} answers received but not stored were saved to {self.path}")
        if self.lost:
            parts.append(f"{self.lost} answers received could not be saved anywhere and are lost")
        return "; ".join(parts) or "no answer was lost"


def read_unstored(path: Path) -> list[dict[str, Any]]:
    """The rows of a side file (for tests and for re-importing by hand)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
