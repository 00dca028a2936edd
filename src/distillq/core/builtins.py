"""Registers distillq's own providers, judges, metrics and prompt sets, through the same
`Registry.register` that plugins' entry points go through (plugins may then override them)."""

from __future__ import annotations

from distillq.core import registry


def register_builtins() -> None:
    """Called once by the registries before their first lookup."""
    from distillq.models.provider_defs import builtin_defs

    for name, pdef in builtin_defs().items():
        registry.providers.register(name, pdef, description=pdef.description)
    registry.judges.register(
        "offline", "distillq.ice.run:offline_judge", description="rule-based identity judge, no model calls"
    )
    for name, ref, what in (
        ("lexical", "distillq.rse.metrics_lexical:lexical_tensor", "character n-gram chrF"),
        ("structural", "distillq.rse.metrics_structural:structural_tensor", "markdown structure"),
        ("semantic", "distillq.rse.metrics_text:semantic_tensor", "TF-IDF cosine (or embeddings)"),
        ("stylistic", "distillq.rse.metrics_text:stylistic_similarity", "distinctive style profiles"),
    ):
        registry.metrics.register(name, ref, description=what)
    registry.promptsets.register(
        "builtin", "distillq.rse.promptsets:builtin_prompts", description="distillq's own prompts"
    )
    for name in ("arenahard", "numina", "sharegpt", "alpacaeval"):
        registry.promptsets.register(
            name,
            f"distillq.rse.promptsets:{name}_prompts",
            description="public set: a local file (DISTILLQ_DATA_<NAME>) or the hub (extra 'datasets')",
        )
