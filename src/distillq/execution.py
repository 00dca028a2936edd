"""How the API's runs execute: the `Execution` keywords, and the Study, limits and engine they become.

Apart from api.py so the public functions read as what they do; this is the plumbing they share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from distillq.core.defaults import DEFAULT_MAX_ATTEMPTS
from distillq.errors import ConfigError

if TYPE_CHECKING:  # the engine pulls the SDKs in, the config its pydantic models: `collect` needs neither
    from distillq.config import Limits, Study
    from distillq.models.engine import Engine, ProgressCallback

PathLike = str | Path


def build_study(**fields: Any) -> Study:
    """A Study from keyword arguments: the single config shape, with run-file-style error messages."""
    from pydantic import ValidationError

    from distillq.config import Study, format_errors

    try:
        return Study(**fields)
    except ValidationError as exc:
        raise ConfigError(format_errors(exc)) from None


class Execution(TypedDict, total=False):
    """How a run executes (the run file's `limits`, plus caching and progress); same for every run_*.

    max_connections: concurrent requests per model (16); budget: dollars, then nothing new is sent;
    timeout: seconds per request (120); max_attempts: per request, retries included (12); prices: a
    YAML price table overriding ours; use_cache: False asks again; progress: engine progress callback;
    batch: OpenAI/Anthropic requests that can wait go through their batch APIs (ICE rounds stay live);
    batch_poll: longest seconds between two polls of a batch job (60); adaptive: AIMD concurrency
    under max_connections (None: on for remote APIs, off for servers on this machine).
    """

    max_connections: int
    budget: float | None
    timeout: float
    max_attempts: int
    prices: PathLike | None
    use_cache: bool
    progress: ProgressCallback | None
    batch: bool
    batch_poll: float
    adaptive: bool | None


def limits_section(ex: Execution) -> dict[str, Any]:
    """A `limits` section, checked by the engine first so errors name the options as every command does."""
    from distillq.models.engine import EngineOptions

    limits = {
        "max_connections": ex.get("max_connections", 16),
        "budget_usd": ex.get("budget"),
        "timeout": ex.get("timeout", 120.0),
        "max_attempts": ex.get("max_attempts", DEFAULT_MAX_ATTEMPTS),
        "batch": ex.get("batch", False),
        "batch_poll_s": ex.get("batch_poll", 60.0),
        "adaptive": ex.get("adaptive"),
    }
    EngineOptions(**limits)  # type: ignore[arg-type]
    prices = ex.get("prices")
    return limits | {"prices": str(prices) if prices else None}


def roles_section(role_options: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """A `roles` section: generation settings per role, empty ones left out."""
    return {role: dict(opts) for role, opts in (role_options or {}).items() if opts}


@contextmanager
def engine_for(
    out: PathLike | None, limits: Limits, use_cache: bool, progress: ProgressCallback | None
) -> Iterator[tuple[Engine, Any]]:
    """An engine over the results directory's store (none when `out` is None: nothing cached)."""
    from distillq.models.engine import Engine
    from distillq.models.pricing import PriceTable
    from distillq.store import Store
    from distillq.study import engine_options

    opts = engine_options(limits, use_cache)
    prices = PriceTable.load(limits.prices)
    if out is None:
        yield Engine(None, opts, prices, progress=progress), None
        return
    with Store(Path(out)) as store:
        yield Engine(store, opts, prices, progress=progress), store
