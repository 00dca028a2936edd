"""distillq: quantify how far a large language model was distilled from others.

    import distillq
    card = distillq.load_identity("qwen")
    judged = distillq.judge_identity(["I am Claude, made by Anthropic."], "qwen")
    judged.summary.strict.score   # 1.0

The API (see docs/api.md) is imported lazily, so `import distillq` and the CLI start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_API = {
    "judge_identity": "distillq.api",
    "run_ice": "distillq.api",
    "run_ice_study": "distillq.api",
    "run_rse": "distillq.api",
    "run_rse_study": "distillq.api",
    "compare": "distillq.api",
    "collect": "distillq.api_calls",
    "check_model": "distillq.api_calls",
    "run_study": "distillq.api",
    "build_report": "distillq.api",
    "load_identity": "distillq.api",
    "load_identities": "distillq.api",
    "load_study": "distillq.config",
    "Study": "distillq.config",
    "Target": "distillq.config",
    "IceSection": "distillq.config",
    "RseSection": "distillq.config",
    "Limits": "distillq.config",
    "IdentityCard": "distillq.ice.types",
    "Judgement": "distillq.ice.judgement",
    "IceSummary": "distillq.results",
    "IceVerdict": "distillq.results",
    "RseTable": "distillq.results",
    "Comparison": "distillq.results",
    "Attribution": "distillq.results",
    "StudyManifest": "distillq.results",
    "CollectResult": "distillq.results_calls",
    "ModelCheck": "distillq.results_calls",
    "read_result": "distillq.results",
    "registry": "distillq.core.registry",
    "DistillqError": "distillq.errors",
    "RunInterrupted": "distillq.errors",
}

__all__ = [
    "__version__",
    "judge_identity",
    "run_ice",
    "run_ice_study",
    "run_rse",
    "run_rse_study",
    "compare",
    "collect",
    "check_model",
    "run_study",
    "build_report",
    "load_identity",
    "load_identities",
    "load_study",
    "Study",
    "Target",
    "IceSection",
    "RseSection",
    "Limits",
    "IdentityCard",
    "Judgement",
    "IceSummary",
    "IceVerdict",
    "RseTable",
    "Comparison",
    "Attribution",
    "StudyManifest",
    "CollectResult",
    "ModelCheck",
    "read_result",
    "registry",
    "DistillqError",
    "RunInterrupted",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'distillq' has no attribute {name!r}")
    import importlib

    mod = importlib.import_module(module)
    value = mod if name == "registry" else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from distillq.api import (
        build_report,
        compare,
        judge_identity,
        load_identities,
        load_identity,
        run_ice,
        run_ice_study,
        run_rse,
        run_rse_study,
        run_study,
    )
    from distillq.api_calls import check_model, collect
    from distillq.config import IceSection, Limits, RseSection, Study, Target, load_study
    from distillq.core import registry
    from distillq.errors import DistillqError
    from distillq.ice.judgement import Judgement
    from distillq.ice.types import IdentityCard
    from distillq.results import (
        Attribution,
        CollectResult,
        Comparison,
        IceSummary,
        IceVerdict,
        ModelCheck,
        RseTable,
        StudyManifest,
        read_result,
    )
