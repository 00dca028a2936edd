"""The results of direct model calls (`collect`, `models check`).

Apart from `results.py` (which re-exports them) because `collect` returns one: building the ICE,
study and RSE result models it never uses cost the command about 20 ms of start-up.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from distillq.results_base import _Accounted, _Record


class CollectResult(_Accounted):
    """What `collect` did: responses.jsonl's rows (input order), the run they belong to, what it cost."""

    kind: str = "collect"
    model: str
    run_id: str
    path: str = Field(description="The responses.jsonl written")
    resumed: bool = False
    rows: list[dict[str, Any]] = Field(default_factory=list, description="responses.jsonl's rows")
    errors: int = Field(0, description="Rows without an answer after retries (re-run to retry them)")
    total_cost_usd: float = 0.0
    seconds: float = 0.0


class ModelCheck(_Record):
    """One uncached request's outcome (`models check`): does the model answer, how fast, at what cost."""

    model: str
    latency_s: float
    finish_reason: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    text: str = ""
