"""The engine's plain types: its options, per-model accounting and progress events.

Apart from engine.py so callers that only configure or observe the engine (the CLI's progress bar,
`distillq.api`, the study) need not read the engine itself; `distillq.models.engine` re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from distillq.core.defaults import DEFAULT_MAX_ATTEMPTS
from distillq.models.engine_safety import check_options

STORE_FAILED = "not sent: the store failed"  # the error of a request not sent after a failed store write


@dataclass
class ModelStats:
    """Per-model accounting, shown in the progress bar and written to summaries."""

    total: int = 0
    done: int = 0
    cached: int = 0
    sent: int = 0  # HTTP calls made, retries included
    retries: int = 0
    errors: int = 0
    skipped: int = 0  # not scheduled because the budget was reached
    answered: int = 0  # successful calls (fresh answers)
    truncated: int = 0  # answers (fresh or cached) that stopped at max_tokens: finish_reason "length"
    unreachable_streak: int = 0  # consecutive refused connections while nothing ever answered
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    batched: int = 0  # requests sent through a provider batch API (`--batch`)
    batch_state: str = ""  # e.g. "batch in_progress 340/1000" while batch jobs run

    def count_duplicate(self, error: str | None, budget_skip: str) -> None:
        """A row asking what another row of the batch asked shares its outcome: cached when it was
        answered, else skipped or failed with it (rows, not distinct requests, are what is counted)."""
        if error is None:
            self.cached += 1
        elif error == budget_skip:
            self.skipped += 1
        elif error != STORE_FAILED:  # never sent: counted nowhere, as its request is not
            self.errors += 1

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ProgressEvent:
    model: str
    stats: ModelStats
    total_cost_usd: float


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class EngineOptions:
    max_connections: int = 16
    rpm: float | None = None  # requests per minute per model
    timeout: float = 120.0  # per request
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    max_retry_time: float = 300.0  # total seconds one request may spend retrying
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    budget_usd: float | None = None
    use_cache: bool = True
    seed: int | None = None  # jitter seed, for reproducible tests
    batch: bool = False  # send non-live requests of OpenAI/Anthropic models through their batch APIs
    batch_poll_s: float = 60.0  # longest wait between two polls of a batch job
    adaptive: bool | None = None  # AIMD under max_connections; None: on for hosted APIs, off on loopback

    def __post_init__(self) -> None:
        check_options(self)  # a zero, negative or NaN limit is refused before anything starts
