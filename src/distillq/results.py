"""Typed, versioned results: what distillq writes as JSON, what the report reads back, what the API returns.

Field names are those the JSON files have always had, so old files still read. Every record carries
`schema_version`; a file without one is version 1. Extra fields are kept (`extra="allow"`): a newer
distillq may add fields, and an older reader passes them through instead of failing.
`distillq schema <name>` prints the JSON Schema of each (see `SCHEMAS`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from distillq.env import redact_obj
from distillq.errors import InputFileError
from distillq.results_base import SCHEMA_VERSION, _Accounted, _Record, _Versioned
from distillq.results_calls import CollectResult as CollectResult
from distillq.results_calls import ModelCheck as ModelCheck
from distillq.results_rse import Attribution as Attribution
from distillq.results_rse import Comparison as Comparison
from distillq.results_rse import ModelAttribution as ModelAttribution
from distillq.results_rse import RankedCandidate as RankedCandidate
from distillq.results_rse import RseRow as RseRow
from distillq.results_rse import RseTable as RseTable

# -- ICE --------------------------------------------------------------------------------------------


class Rate(_Record):
    """A fraction with its Wilson 95% interval."""

    count: int
    n: int
    score: float | None
    ci95: list[float]


class LevelBlock(_Record):
    """loose/strict/hard over a set of answers; unscored answers are counted apart."""

    n: int = Field(description="Answers, scored or not")
    scored: int
    unscored: int = Field(0, description="Answers the judge could not score: counted apart, never 0 or 1")
    loose: Rate | None = Field(None, description="Claims about itself contradict its identity card")
    strict: Rate | None = Field(None, description="Claims to be a model of a strict lab (OpenAI, Anthropic)")
    hard: Rate | None = Field(None, description="Strict, with nothing in the prompt naming that identity")


class ClaimShare(_Record):
    count: int
    fraction: float


class Agreement(_Record):
    """Our judge against reference labels (e.g. the paper's)."""

    n: int
    kappa: float | None
    accuracy: float | None
    reference_score: float | None
    judge_score: float | None
    both: int
    reference_only: int
    judge_only: int


class IdentityRef(_Record):
    id: str
    display_name: str
    fact: str = ""


class IceSummary(_Accounted, LevelBlock):
    """ice_summary.json (`ice run`, `distillq run`) and the `ice judge --summary-json` file."""

    kind: str = "ice"
    per_template: dict[str, LevelBlock] = Field(default_factory=dict)
    per_aspect: dict[str, LevelBlock] = Field(default_factory=dict)
    per_language: dict[str, LevelBlock] = Field(default_factory=dict)
    claimed: dict[str, ClaimShare] = Field(default_factory=dict)
    agreement: dict[str, Agreement] | None = None
    identity: IdentityRef | str | None = Field(None, description="The true identity card (id for ice judge)")
    target: str | None = None
    judge: str | None = None
    helper: str | None = None
    hard_rule: str | None = None
    strict_labs: list[str] | None = None
    run_id: str | None = None
    distillq_version: str | None = None
    created: str | None = None
    seconds: float | None = None
    target_errors: int | None = None
    target_truncated: int | None = Field(None, description="Target answers cut at max_tokens")
    finish_reasons: dict[str, int] | None = None
    cost_usd: float | None = None
    input: str | None = Field(None, description="ice judge: the file judged")

    def level(self, name: Literal["loose", "strict", "hard"]) -> float | None:
        """The score of one level, or None when nothing was scored."""
        rate = getattr(self, name)
        return rate.score if rate is not None else None


class IceVerdict(_Versioned):
    """One judged answer: a line of ice_responses.jsonl, or of `ice judge --out` (input fields kept)."""

    loose: bool | None
    strict: bool | None
    hard: bool | None
    claimed: list[str] = Field(default_factory=list)
    judge: str | None = None
    reason: str | None = None
    model: str | None = None
    identity: str | None = None
    template_id: str | int | None = None
    question_id: str | int | None = None
    query: str | None = None
    prompt: str | None = None
    response: str | None = None


# -- study ------------------------------------------------------------------------------------------


class StudyTarget(_Record):
    model: str
    label: str
    identity: IdentityRef | str | None = None
    ice_summary: str | None = None
    ice_responses: str | None = None


class StudyJudges(_Record):
    """The judges a study used: ICE's, and RSE's (or that RSE was judge-free)."""

    ice: str | None = Field(None, description="'offline' or the ICE judge model")
    rse: str | None = Field(None, description="The RSE judge model, or 'offline (judge-free metrics)'")


class StudyFiles(_Record):
    """Where a study's RSE results are, relative to its directory."""

    table: str | None = Field(None, description="rse/rse_table.json (`RseTable`)")
    summary: str | None = Field(None, description="rse/rse_summary.json (`Comparison`)")


class TokenCounts(_Record):
    """Tokens over every model of a study (None: not recorded)."""

    input: int | None = None
    output: int | None = None


class StudyManifest(_Accounted):
    """study.json: what a `distillq run` did, with which settings, at what cost; the report's index."""

    kind: str = "study"
    name: str = "study"
    description: str | None = None
    synthetic: bool = False
    distillq_version: str | None = None
    created: str | None = None
    finished: str | None = None
    seconds: float = 0.0
    command: str = ""
    reference: str | None = None
    reference_label: str | None = None
    judge: StudyJudges = Field(default_factory=StudyJudges)
    helper: str | None = None
    seeds: dict[str, int] = Field(default_factory=dict)
    ice_enabled: bool = True
    rse_enabled: bool = True
    targets: list[StudyTarget] = Field(default_factory=list)
    rse: StudyFiles | None = None
    requests_sent: int = 0
    requests_cached: int = 0
    tokens: TokenCounts = Field(default_factory=TokenCounts)
    total_cost_usd: float = 0.0
    config: dict[str, Any] = Field(default_factory=dict)


SCHEMAS: dict[str, type[_Versioned]] = {
    "ice-summary": IceSummary,
    "ice-verdict": IceVerdict,
    "rse-table": RseTable,
    "comparison": Comparison,
    "attribution": Attribution,
    "study": StudyManifest,
}

R = TypeVar("R", bound=BaseModel)
V = TypeVar("V", bound=_Versioned)


def parse_result(model: type[R], data: Any, where: str = "result") -> R:
    """Validate a dict as a typed result; a malformed file is one line naming it, never a traceback."""
    if isinstance(data, dict) and issubclass(model, _Versioned) and "schema_version" not in data:
        data = {**data, "schema_version": 1}  # files written before versioning are version 1
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"]) or "(top level)"
        raise InputFileError(
            f"{where} is not a valid {model.__name__} ({loc}: {first['msg']}); re-run the command that wrote it"
        ) from None


def write_result(model: type[V], data: dict[str, Any], path: Path) -> V:
    """Stamp `data` with the schema version, validate it and write it: the one way results are written."""
    data["schema_version"] = SCHEMA_VERSION
    # Keys and URL credentials never reach a results file, whatever field they hide in.
    result = parse_result(model, redact_obj(data), str(path))
    result.write(path)
    return result


def read_result(model: type[R], path: Path) -> R:
    """Read and validate one JSON results file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read {path}: {exc}; re-run the command that wrote it") from None
    return parse_result(model, data, str(path))


def schema_json(name: str) -> str:
    """The JSON Schema of one result type (`distillq schema ice-summary`)."""
    return json.dumps(SCHEMAS[name].model_json_schema(), indent=2)
