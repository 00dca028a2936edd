"""Typed RSE results: the similarity table of `rse run`, the comparison of `rse compare`, attribution.

Field names are those the JSON files have always had; every block the report reads is typed here, so
the report reads attributes, and a malformed file is one clear error when it is loaded.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from distillq.results_base import _Accounted, _Record, _Versioned


class Estimate(_Record):
    """A mean with its 95% bootstrap interval."""

    mean: float | None = None
    ci95: list[float | None] | None = None


class SetScores(_Record):
    """One prompt set's scores of a test model against the reference: each judge-free metric (0-1) or
    judge aspect (1-5) an `Estimate`; a plugin metric arrives as an extra field of the same shape."""

    n: int | None = Field(None, description="Pairs compared (judge: scored)")
    missing: int | None = Field(None, description="Pairs left out: an answer failed or is empty")
    unscored: int | None = Field(None, description="Judge: pairs whose verdict could not be parsed")
    lexical: Estimate | None = None
    structural: Estimate | None = None
    stylistic: Estimate | None = None
    semantic: Estimate | None = None
    style: Estimate | None = None
    logic: Estimate | None = None
    content: Estimate | None = None
    overall: Estimate | None = None

    def estimate(self, name: str) -> Estimate | None:
        """A metric or aspect by name, a plugin's too; None when this block does not have it."""
        value = getattr(self, name) if name in type(self).model_fields else (self.model_extra or {}).get(name)
        if isinstance(value, dict):
            return Estimate.model_validate(value)
        return value if isinstance(value, Estimate) else None


class PairSimilarity(_Record):
    """One unordered pair of `rse compare`: each metric's similarity (`<metric>`) and interval (`<metric>_ci`)."""

    a: str
    b: str

    def estimate(self, name: str) -> Estimate | None:
        """One metric of the pair as an `Estimate`, or None when the pair lacks it."""
        extra = self.model_extra or {}
        value = extra.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        return Estimate(mean=value, ci95=extra.get(f"{name}_ci"))


class ClassifierInfo(_Record):
    """The source classifier: balanced accuracy on held-out prompts, and chance for its classes."""

    accuracy: float | None = None
    chance: float | None = None
    classes: list[str] = Field(default_factory=list)


class RankedCandidate(_Record):
    candidate: str
    similarity: float
    degree: float | None = Field(
        None,
        description="Distillation degree: weighted mean of the test's and the classifier's standardised effects",
    )
    p_value: float | None = Field(None, description="Provenance test p, Holm-adjusted over the candidates")
    statistic: float | None = Field(None, description="Standardised sign-flip statistic")
    effect_ci: list[float | None] | None = Field(None, description="95% bootstrap interval of the degree")
    p_raw: float | None = None
    n_baseline: int | None = None
    excess: float | None = Field(None, description="Test effect: mean excess similarity over close models")
    excess_ci: list[float | None] | None = Field(None, description="95% bootstrap interval of the excess")
    test_effect: float | None = Field(None, description="Standardised test effect mean(d)/rms(d)")
    classifier_effect: float | None = Field(None, description="Cohen's h of the share vs the baseline share")
    baseline_share: float | None = Field(None, description="Mean share for the candidate in the baseline")
    classifier_share: float | None = Field(
        None, description="Share of answers the classifier attributes here"
    )
    classifier_share_ci: list[float] | None = None
    similarity_vs_ceiling: float | None = Field(
        None, description="Similarity / the candidate's noise ceiling"
    )


class ModelAttribution(_Record):
    ranking: list[RankedCandidate]
    margin: float | None = None
    related: list[str] = Field(
        default_factory=list, description="Models found related (left out of the null)"
    )


class Attribution(_Versioned):
    """attribution.json: for each model, the candidate teachers ranked by the combined evidence."""

    candidates: list[str]
    models: dict[str, ModelAttribution]
    baseline: list[str] | str | None = None
    null_quantile: float | None = None
    degree_test_weight: float | None = Field(None, description="Weight of the test's effect in the degree")
    classifier: ClassifierInfo | None = Field(None, description="Source classifier: accuracy, classes")


class Comparison(_Versioned):
    """rse_summary.json (`rse compare`, and the comparison inside `rse run`)."""

    models: list[str]
    n_models: int | None = None
    n_prompts: int
    metrics_mode: str | None = None
    semantic_backend: str | None = None
    weights: dict[str, float] | None = None
    missing_prompts: dict[str, Any] = Field(default_factory=dict)
    matrices: dict[str, list[list[float]]] = Field(default_factory=dict)
    pairs: list[PairSimilarity] = Field(default_factory=list)
    lineage: str
    attribution: Attribution
    noise_ceiling: dict[str, float | None] | None = Field(
        None, description="Within-model similarity of repeated samples, per model (several samples only)"
    )
    files: dict[str, str] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)


class RseRow(_Record):
    """One test model against the reference, per prompt set: judge-free metrics and the LLM judge."""

    model: str
    label: str
    offline: dict[str, SetScores] = Field(
        default_factory=dict, description="Judge-free metrics per prompt set"
    )
    judge: dict[str, SetScores] = Field(default_factory=dict, description="LLM judge aspects per prompt set")
    offline_average: float | None = None
    judge_average: float | None = None


class ComparisonBrief(_Record):
    """The part of the comparison `rse run` keeps in rse_table.json (the whole is rse_summary.json)."""

    models: list[str] = Field(default_factory=list)
    n_prompts: int | None = None
    attribution: Attribution | None = None
    lineage: str | None = None
    files: dict[str, str] = Field(default_factory=dict)


class RseTable(_Accounted):
    """rse_table.json (`rse run`, `distillq run`)."""

    kind: str = "rse"
    run_id: str | None = None
    distillq_version: str | None = None
    created: str | None = None
    seconds: float | None = None
    reference: str
    reference_label: str | None = None
    tests: list[str]
    promptsets: dict[str, int]
    metrics: str
    judge: str | None = None
    both_orders: bool = False
    seed: int = 0
    rows: list[RseRow]

    def row(self, model: str) -> RseRow | None:
        """The row of one test model (by model name), if it has one."""
        return next((r for r in self.rows if r.model == model), None)

    warnings: list[str] = Field(default_factory=list, description="e.g. the judge is the reference model")
    comparison: ComparisonBrief = Field(default_factory=ComparisonBrief)
    errors: dict[str, int] = Field(default_factory=dict)
    truncated: dict[str, int] = Field(default_factory=dict, description="Answers cut at max_tokens per model")
