"""The run file (`distillq run study.yaml`): pydantic models, published as JSON Schema.

Unknown keys are errors (a typo must not silently fall back to a default), and every error names
the field path, so a bad run file is rejected before a single request is sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from distillq.core.defaults import DEFAULT_MAX_ATTEMPTS
from distillq.errors import ConfigError

ModelOptions = dict[str, str | int | float | None]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Target(_Strict):
    """A model under test and who it really is."""

    model: str = Field(description="provider/model, e.g. openai-api/deepseek/deepseek-chat")
    identity: str | None = Field(
        None,
        description="Identity card id or name, e.g. deepseek (see `distillq identities list`); needed for ICE",
    )
    label: str | None = Field(None, description="Short name for tables and plots (default: the model name)")
    options: ModelOptions = Field(default_factory=dict, description="Per-model options (temperature, ...)")

    @model_validator(mode="after")
    def _resolvable(self) -> Target:
        from distillq.models.spec import parse_model

        try:
            parse_model(self.model, dict(self.options))
        except Exception as exc:  # noqa: BLE001 - re-raised as a validation error with the path
            raise ValueError(str(exc)) from None
        return self


class IceSection(_Strict):
    enabled: bool = True
    judge: str | None = Field(None, description="'offline' or a judge model (default: the top-level judge)")
    helper: str = Field("none", description="'none' (rule mutators) or a helper model for the mutators")
    max_queries: int = Field(1000, ge=1, description="Target queries per model (paper: 1000 = 20 x 50)")
    target_ci: float | None = Field(None, gt=0, lt=0.5, description="Stop early at this 95% CI half-width")
    questions_per_round: int | None = Field(
        None, ge=1, description="Questions per fuzzer iteration, rotating languages and aspects (default 10)"
    )
    parallel_rounds: int | None = Field(
        None, ge=1, description="Fuzzer iterations run at once (default 4; 1 = GPTFuzz's sequential search)"
    )
    languages: list[str] | None = Field(None, description="Question languages, e.g. [en, zh]; default all")
    questions: str | None = Field(None, description="Question file (default: ours)")
    templates: str | None = Field(None, description="Seed template file (default: ours)")
    seed: int = 0
    hard_rule: Literal["alias", "paper"] = "alias"
    strict_labs: list[str] = Field(default_factory=lambda: ["openai", "anthropic"])


class PromptSetRef(_Strict):
    name: str = Field(description="builtin, arenahard, numina, sharegpt, alpacaeval, or a label for `path`")
    path: str | None = Field(None, description="Local file (JSONL/JSON/.gz); needed for sets we do not ship")
    sample: int | None = Field(None, ge=1, description="Sample this many prompts (default: the section's)")


class RseSection(_Strict):
    enabled: bool = True
    promptsets: list[PromptSetRef | str] = Field(
        default_factory=lambda: list[PromptSetRef | str](["builtin"])
    )
    sample: int | None = Field(None, ge=1, description="Prompts sampled per set (paper: 1000)")
    seed: int = 0
    metrics: Literal["offline", "judge", "all"] = "offline"
    judge: str | None = Field(None, description="Similarity judge model (default: the top-level judge)")
    both_orders: bool = False
    candidates: list[str] | None = Field(
        None, description="Candidate teachers for attribution (model names; default: the reference)"
    )
    max_tokens: int | None = Field(None, ge=1, description="Answer length cap for RSE prompts")

    def promptset_refs(self) -> list[PromptSetRef]:
        return [PromptSetRef(name=p) if isinstance(p, str) else p for p in self.promptsets]


class Roles(_Strict):
    """Generation settings per role (max_tokens, temperature, timeout, ...), under per-model options."""

    target: ModelOptions = Field(default_factory=dict, description="ICE targets (default max_tokens 256)")
    helper: ModelOptions = Field(default_factory=dict, description="ICE mutation helper (default 256)")
    judge: ModelOptions = Field(default_factory=dict, description="ICE and RSE judges (default 256)")
    reference: ModelOptions = Field(
        default_factory=dict, description="RSE reference and candidate teachers (default 1024)"
    )
    test: ModelOptions = Field(default_factory=dict, description="RSE answers of the targets (default 1024)")

    @model_validator(mode="after")
    def _valid(self) -> Roles:
        from distillq.models.spec import coerce_options

        for role in ("target", "helper", "judge", "reference", "test"):
            try:
                coerce_options(dict(getattr(self, role)))
            except Exception as exc:  # noqa: BLE001 - re-raised as a validation error with the path
                raise ValueError(f"{role}: {exc}") from None
        return self


class Limits(_Strict):
    max_connections: int = Field(16, ge=1)
    rpm: float | None = Field(None, gt=0)
    timeout: float = Field(
        120.0, gt=0, description="Seconds per request (a server on this machine: 600 unless set per role)"
    )
    max_attempts: int = Field(DEFAULT_MAX_ATTEMPTS, ge=1)
    budget_usd: float | None = Field(None, ge=0, description="Stop scheduling new requests at this spend")
    prices: str | None = Field(
        None, description="YAML price table (dollars per million tokens) for models not in the built-in one"
    )
    batch: bool = Field(
        False,
        description="Send OpenAI/Anthropic requests whose answers can wait (RSE answers, judge passes) "
        "through their batch APIs: half price, answers within 24 h. ICE rounds stay live",
    )
    batch_poll_s: float = Field(
        60.0, gt=0, description="Longest wait in seconds between two polls of a batch job"
    )
    adaptive: bool | None = Field(
        None,
        description="AIMD concurrency per model under max_connections; unset: on for remote APIs, off for "
        "servers on this machine",
    )


class Study(_Strict):
    """A whole study: ICE and RSE for every target, then the report."""

    name: str = "study"
    description: str | None = None
    results_dir: str = "distillq-results"
    reference: str | None = Field(None, description="Reference model for RSE (paper: GPT-4o)")
    reference_label: str | None = None
    judge: str = Field("offline", description="Default judge: 'offline' or a model")
    targets: list[Target] = Field(min_length=1)
    ice: IceSection = Field(default_factory=IceSection)
    rse: RseSection = Field(default_factory=RseSection)
    limits: Limits = Field(default_factory=Limits)
    roles: Roles = Field(default_factory=Roles)
    identities_dirs: list[str] = Field(default_factory=list, description="Extra identity card folders")
    models: dict[str, ModelOptions] = Field(default_factory=dict, description="Options per model name")
    synthetic: bool = Field(False, description="True for demo studies of mock/ models (said in the report)")

    @model_validator(mode="after")
    def _checks(self) -> Study:
        if self.rse.enabled and not self.reference:
            raise ValueError("rse is enabled but no 'reference' model is set")
        if self.rse.enabled and self.rse.metrics != "offline" and self.effective_rse_judge() == "offline":
            raise ValueError("rse.metrics needs a judge model: set 'judge' or 'rse.judge' to a model")
        if self.ice.enabled:
            missing = [i for i, t in enumerate(self.targets) if not t.identity]
            if missing:
                raise ValueError(
                    f"targets.{missing[0]}.identity: Field required when ice is enabled "
                    "(an identity card, see `distillq identities list`)"
                )
        names = [t.model for t in self.targets]
        if len(set(names)) != len(names):
            raise ValueError("targets: each model may appear once")
        labels = [self.label_of(m) for m in [*names, *([self.reference] if self.reference else [])]]
        dup = next((x for x in labels if labels.count(x) > 1), None)
        if dup is not None:  # labels name the files and rows of the comparison: they must differ
            raise ValueError(f"label {dup!r} is used for two models; give each target its own label")
        return self

    def effective_ice_judge(self) -> str:
        return self.ice.judge or self.judge

    def effective_rse_judge(self) -> str:
        return self.rse.judge or self.judge

    def options_for(
        self, model: str, extra: ModelOptions | None = None, role: str | None = None
    ) -> dict[str, Any]:
        """Options for `model`: its role's settings, then `models:`, then the target's own options."""
        by_role = getattr(self.roles, role) if role else {}
        return {**by_role, **self.models.get(model, {}), **(extra or {})}

    def label_of(self, model: str) -> str:
        for t in self.targets:
            if t.model == model and t.label:
                return t.label
        if model == self.reference and self.reference_label:
            return self.reference_label
        return model


def apply_overrides(
    study: Study,
    *,
    out: str | Path | None = None,
    limit: int | None = None,
    max_connections: int | None = None,
    budget: float | None = None,
    targets: list[str] | None = None,
    batch: bool | None = None,
    batch_poll: float | None = None,
    adaptive: bool | None = None,
) -> Study:
    """The run file with command-line overrides, validated again (an override cannot make it invalid).

    limit caps ICE queries per target and RSE prompts per set; targets keeps the named targets (by
    label or model name), in the run file's order.
    """
    data = study.model_dump()
    if out is not None:
        data["results_dir"] = str(out)
    if limit is not None:
        data["ice"]["max_queries"] = limit
        data["rse"]["sample"] = limit
    if max_connections is not None:
        data["limits"]["max_connections"] = max_connections
    if budget is not None:
        data["limits"]["budget_usd"] = budget
    if batch is not None:
        data["limits"]["batch"] = batch
    if batch_poll is not None:
        data["limits"]["batch_poll_s"] = batch_poll
    if adaptive is not None:
        data["limits"]["adaptive"] = adaptive
    if targets:
        wanted = [t.strip() for t in targets if t.strip()]
        known = {study.label_of(t.model): t.model for t in study.targets} | {
            t.model: t.model for t in study.targets
        }
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise ConfigError(
                f"--targets: {', '.join(unknown)} not in the run file; its targets are "
                + ", ".join(study.label_of(t.model) for t in study.targets)
            )
        keep = {known[w] for w in wanted}
        data["targets"] = [t for t in data["targets"] if t["model"] in keep]
    try:
        return Study.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"overrides: {format_errors(exc)}") from None


def schema() -> dict[str, Any]:
    return Study.model_json_schema()


def load_study(path: str | Path) -> Study:
    """Read and validate a run file; relative paths inside it are resolved against its folder."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"run file {p} not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"run file {p} is not UTF-8 text: save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"run file {p} is not valid YAML{where}: fix the syntax") from None
    if not isinstance(data, dict):
        raise ConfigError(f"run file {p} must be a mapping of settings (see `distillq schema`)")
    try:
        study = Study.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"run file {p}: {format_errors(exc)}") from None
    base = p.resolve().parent
    study.results_dir = str(_resolve(base, study.results_dir))
    study.identities_dirs = [str(_resolve(base, d)) for d in study.identities_dirs]
    if study.limits.prices:
        study.limits.prices = str(_resolve(base, study.limits.prices))
    for ref in study.rse.promptsets:
        if isinstance(ref, PromptSetRef) and ref.path:
            ref.path = str(_resolve(base, ref.path))
    for attr in ("questions", "templates"):
        val = getattr(study.ice, attr)
        if val:
            setattr(study.ice, attr, str(_resolve(base, val)))
    return study


def _resolve(base: Path, value: str) -> Path:
    v = Path(value).expanduser()
    return v if v.is_absolute() else base / v


def format_errors(exc: ValidationError) -> str:
    """'targets.0.identity: Field required; limits.budget_usd: ...' - field paths a user can find."""
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err["loc"] if not str(x).startswith("function-after")) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def schema_json() -> str:
    return json.dumps(schema(), indent=2)
