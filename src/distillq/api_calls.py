"""The public API's direct model calls: `collect` (a prompt file to one model) and `check_model`.

Apart from api.py (the ICE/RSE/study runs) to keep each module short; both are exported by
`distillq/__init__.py` like the rest of the API. Nothing here prints.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Unpack

from distillq.core.defaults import CHECK_PROMPT
from distillq.errors import ProviderError, UsageError
from distillq.execution import Execution, limits_section
from distillq.results_calls import CollectResult, ModelCheck

PathLike = str | Path


def collect(
    model: str,
    prompts: PathLike,
    *,
    out: PathLike = "distillq-results",
    model_options: Mapping[str, Any] | None = None,
    limit: int | None = None,
    epochs: int = 1,
    rpm: float | None = None,
    price_in: float | None = None,
    price_out: float | None = None,
    resume: bool = False,
    overwrite: bool = False,
    **execution: Unpack[Execution],
) -> CollectResult:
    """Send every prompt of a file (JSONL prompt/messages, or text one a line) to one model.

    Writes OUT/responses.jsonl (rows in input order) and caches every answer in OUT's store; re-running
    resumes. `use_cache=False` asks again (a fresh run unless `resume`). `epochs` asks each prompt K
    times; `rpm` caps requests per minute. `price_in`/`price_out` (dollars per million tokens, both or
    neither) price this model. `execution`: the keywords every run takes (`distillq.execution.Execution`).
    A responses.jsonl written by another collection is refused unless `overwrite`.
    """
    from distillq.collection import collect as run_collect
    from distillq.models.engine import Engine, EngineOptions
    from distillq.models.engine_safety import require_prices
    from distillq.models.pricing import PriceTable
    from distillq.models.spec import parse_model
    from distillq.prompts import read_prompt_file
    from distillq.store import Store

    if epochs < 1 or (limit is not None and limit < 1):
        raise UsageError("--epochs and --limit must be at least 1")
    spec = parse_model(model, dict(model_options or {}))
    records = read_prompt_file(Path(prompts))
    if limit is not None:
        records = records[:limit]
    spec.api_key()  # a missing key is an error before anything starts
    limits = limits_section(execution)  # checked as every command checks them
    prices = limits.pop("prices")
    table = PriceTable.load(Path(prices) if prices else None)
    if (price_in is None) != (price_out is None):
        raise UsageError("--price-in and --price-out go together: give both (dollars per million tokens)")
    if price_in is not None and price_out is not None:
        table = table.with_price(spec.service, spec.model, price_in, price_out)
    use_cache = execution.get("use_cache", True)
    opts = EngineOptions(**limits, rpm=rpm, use_cache=use_cache)
    t0 = time.monotonic()
    if opts.budget_usd is not None:
        require_prices(table, [spec])
    out_dir = Path(out)
    with Store(out_dir) as store:
        engine = Engine(store, opts, table, progress=execution.get("progress"))
        done = run_collect(
            engine,
            store,
            spec,
            records,
            out_dir,
            epochs=epochs,
            fresh=not use_cache and not resume,
            overwrite=overwrite,
        )
    return CollectResult(
        model=spec.name,
        run_id=done.run_id,
        path=str(done.path),
        resumed=done.resumed,
        rows=done.rows,
        errors=done.errors,
        usage={name: st.as_dict() for name, st in engine.stats.items()},
        budget_reached=engine.budget_reached,
        total_cost_usd=engine.total_cost_usd,
        seconds=time.monotonic() - t0,
    )


def check_model(
    model: str,
    prompt: str = CHECK_PROMPT,
    *,
    model_options: Mapping[str, Any] | None = None,
    timeout: float | None = None,
) -> ModelCheck:
    """Send one request (never cached), asked as an ICE target would be; raise if it gets no answer.

    timeout: seconds (default 60; 600 for a server on this machine). Retries are few (3 attempts,
    30 s): this answers "does it work", not "does it work eventually".
    """
    from distillq.core.types import ChatRequest
    from distillq.models.engine import Engine, EngineOptions
    from distillq.models.roles import role_spec

    extra = {"timeout": timeout} if timeout is not None else None
    spec = role_spec("target", model, dict(model_options or {}), extra)
    spec.api_key()
    engine = Engine(None, EngineOptions(timeout=spec.timeout or 60.0, max_attempts=3, max_retry_time=30))
    t0 = time.monotonic()
    out = engine.generate_sync(spec, [ChatRequest.from_prompt(prompt)])[0]
    latency = time.monotonic() - t0
    if not out.ok:
        raise ProviderError(f"{spec.name} did not answer: {out.error}")
    return ModelCheck(
        model=spec.name,
        latency_s=latency,
        finish_reason=out.finish_reason,
        input_tokens=out.usage.input_tokens,
        output_tokens=out.usage.output_tokens,
        cost_usd=out.cost_usd,
        text=out.text or "",
    )
