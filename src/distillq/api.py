"""The public Python API: what the CLI calls, and what scripts import (`import distillq`).

Every function builds the same pydantic configuration a run file does (`distillq.config.Study`), runs
through the same engine (cache, journal, retries, budget) and returns a typed result from
`distillq.results`, also written as JSON in the results directory. Nothing here prints; progress
goes to the optional `progress` callback (an `distillq.models.engine.ProgressEvent` per update).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from distillq.config import Limits, Study
from distillq.errors import UsageError
from distillq.execution import Execution, build_study, engine_for, limits_section, roles_section
from distillq.ice.types import IdentityCard
from distillq.results import Comparison, IceSummary, RseTable, StudyManifest, parse_result

if TYPE_CHECKING:  # importing the engine pulls the SDKs in: only for type checkers
    from distillq.ice.judgement import Judgement
    from distillq.models.engine import ProgressCallback

PathLike = str | Path
DEFAULT_OUT = "distillq-results"
JUDGED_FILE = "ice_judged.jsonl"
JUDGE_SUMMARY_FILE = "ice_judge_summary.json"


def load_identity(name: str, identities_dirs: Sequence[PathLike] = ()) -> IdentityCard:
    """The identity card of a model family by id or any of its names (e.g. "qwen", "Tongyi Qianwen")."""
    from distillq.ice.identities import get_card

    return get_card(name, tuple(str(d) for d in identities_dirs))


def load_identities(identities_dirs: Sequence[PathLike] = ()) -> dict[str, IdentityCard]:
    """Every identity card by id: ours, $DISTILLQ_IDENTITIES, then `identities_dirs`."""
    from distillq.ice.identities import load_cards

    return load_cards(tuple(str(d) for d in identities_dirs))


def judge_identity(
    answers: PathLike | Iterable[Mapping[str, Any] | str],
    identity: str | IdentityCard,
    *,
    judge: str = "offline",
    hard_rule: str = "alias",
    strict_labs: Sequence[str] = ("openai", "anthropic"),
    identities_dirs: Sequence[PathLike] = (),
    out: PathLike | None = None,
    max_connections: int = 16,
    progress: ProgressCallback | None = None,
    batch: bool = False,
    batch_poll: float = 60.0,
    adaptive: bool | None = None,
) -> Judgement:
    """Judge identity answers that already exist against the model's true identity card.

    answers: a response file (our JSONL, the paper's attack_result JSONL, CSV), or records with
    `response` (and `query`/`prompt`/`template` when known), or plain answer strings.
    judge: "offline" (rules, no key), another registered judge, or a judge model such as
    "openai/gpt-4o-mini" (its answers are cached in `out`'s store when `out` is given).
    out: a results directory; the judged rows and the summary are written there as
    ice_judged.jsonl and ice_judge_summary.json.
    batch: send an OpenAI/Anthropic judge's requests through its batch API (needs `out`);
    batch_poll: longest seconds between two polls of its job; adaptive: as in `Execution`.
    """
    from distillq.ice.judgement import judge_records
    from distillq.ice.readers import read_responses
    from distillq.ice.run import IceConfig
    from distillq.ice.verdict import HARD_RULES

    dirs = tuple(str(d) for d in identities_dirs)
    card = identity if isinstance(identity, IdentityCard) else load_identity(identity, dirs)
    if isinstance(answers, str | Path):
        source, records = str(answers), read_responses(answers)
    else:
        source = ""
        records = [{"response": a} if isinstance(a, str) else dict(a) for a in answers]
    if hard_rule not in HARD_RULES:  # before the config: a bad value is a usage error, not a traceback
        raise UsageError(f"unknown hard rule {hard_rule!r}; use one of: {', '.join(HARD_RULES)}")
    cfg = IceConfig(
        target="-",
        identity=card.id,
        judge=judge,
        hard_rule=hard_rule,
        strict_labs=tuple(strict_labs),
        identities_dirs=dirs,
    )
    from distillq.ice.judgement import write_judged

    store_dir = out if judge not in ("offline",) else None
    ex: Execution = {
        "max_connections": max_connections,
        "batch": batch,
        "batch_poll": batch_poll,
        "adaptive": adaptive,
    }
    limits = Limits(**limits_section(ex))  # checked as the engine checks them: errors name the options
    with engine_for(store_dir, limits, True, progress) as (engine, _):
        judged = judge_records(engine, records, card, cfg, source)
    if out is not None:
        write_judged(judged.rows, Path(out) / JUDGED_FILE)
        judged.summary.write(Path(out) / JUDGE_SUMMARY_FILE)
    return judged


def run_ice(
    target: str,
    identity: str,
    *,
    out: PathLike = DEFAULT_OUT,
    judge: str = "offline",
    helper: str = "none",
    limit: int = 1000,
    target_ci: float | None = None,
    languages: Sequence[str] | None = None,
    questions: PathLike | None = None,
    templates: PathLike | None = None,
    questions_per_round: int | None = None,
    parallel_rounds: int | None = None,
    seed: int = 0,
    hard_rule: str = "alias",
    model_options: Mapping[str, Any] | None = None,
    role_options: Mapping[str, Mapping[str, Any]] | None = None,
    identities_dirs: Sequence[PathLike] = (),
    on_round: Callable[[Any], None] | None = None,
    **execution: Unpack[Execution],
) -> IceSummary:
    """Fuzz identity questions against `target`, judge every answer, score; resumable.

    model_options: the target's (`max_tokens`, `temperature`, ...); role_options: {"helper": {...},
    "judge": {...}} for the other models (defaults per role: `distillq.models.roles`).

    Writes OUT/ice/<target>/ice_responses.jsonl and ice_summary.json; returns the summary.
    """
    if hard_rule not in ("alias", "paper"):
        raise UsageError(f"unknown hard rule {hard_rule!r}: use alias or paper")
    study = build_study(
        name="ice",
        results_dir=str(out),
        judge=judge,
        targets=[{"model": target, "identity": identity, "options": dict(model_options or {})}],
        ice={
            "helper": helper,
            "max_queries": limit,
            "target_ci": target_ci,
            "languages": list(languages) if languages else None,
            "questions": str(questions) if questions else None,
            "templates": str(templates) if templates else None,
            "questions_per_round": questions_per_round,
            "parallel_rounds": parallel_rounds,
            "seed": seed,
            "hard_rule": hard_rule,
        },
        rse={"enabled": False},
        limits=limits_section(execution),
        roles=roles_section(role_options),
        identities_dirs=[str(d) for d in identities_dirs],
    )
    return run_ice_study(
        study,
        0,
        use_cache=execution.get("use_cache", True),
        progress=execution.get("progress"),
        on_round=on_round,
    )


def run_ice_study(
    study: Study,
    index: int = 0,
    *,
    use_cache: bool = True,
    progress: ProgressCallback | None = None,
    on_round: Callable[[Any], None] | None = None,
) -> IceSummary:
    """ICE for one target of a study (its `ice` section), written under the study's results directory."""
    from distillq.ice.run import run_ice as run
    from distillq.study import check_keys, ice_config, ice_dir

    check_keys(study)  # identities, keys and (with a budget) prices, all before the first request
    out = Path(study.results_dir)
    with engine_for(out, study.limits, use_cache, progress) as (engine, store):
        summary = run(
            engine, store, ice_config(study, index), ice_dir(out, study.targets[index].model), on_round
        )
    return parse_result(IceSummary, summary)


def run_rse(
    reference: str,
    tests: Sequence[str],
    *,
    out: PathLike = DEFAULT_OUT,
    promptsets: Sequence[str] = ("builtin",),
    limit: int | None = None,
    seed: int = 0,
    metrics: str = "offline",
    judge: str | None = None,
    both_orders: bool = False,
    candidates: Sequence[str] | None = None,
    max_tokens: int | None = None,
    role_options: Mapping[str, Mapping[str, Any]] | None = None,
    **execution: Unpack[Execution],
) -> RseTable:
    """Ask the reference and test models the same prompts and score how alike their answers are.

    role_options: {"reference": {...}, "test": {...}, "judge": {...}} model options per role.

    promptsets: registered names (`distillq plugins`) or files. limit: prompts sampled per set.
    Writes OUT/rse/rse_table.json and the comparison files beside it; returns the table.
    """
    if metrics not in ("offline", "judge", "all"):
        raise UsageError(f"unknown --metrics {metrics!r}: use offline, judge or all")
    if metrics != "offline" and not judge:
        raise UsageError(f"--metrics {metrics} needs --judge MODEL")
    refs = []
    for item in (x.strip() for x in promptsets if x.strip()):
        is_path = Path(item).suffix != "" or "/" in item
        refs.append({"name": Path(item).stem if is_path else item, "path": item if is_path else None})
    study = build_study(
        name="rse",
        results_dir=str(out),
        reference=reference,
        judge=judge or "offline",
        targets=[{"model": t} for t in tests],
        ice={"enabled": False},
        rse={
            "promptsets": refs,
            "sample": limit,
            "seed": seed,
            "metrics": metrics,
            "both_orders": both_orders,
            "candidates": list(candidates) if candidates else None,
            "max_tokens": max_tokens,
        },
        limits=limits_section(execution),
        roles=roles_section(role_options),
    )
    return run_rse_study(
        study, use_cache=execution.get("use_cache", True), progress=execution.get("progress")
    )


def run_rse_study(
    study: Study, *, use_cache: bool = True, progress: ProgressCallback | None = None
) -> RseTable:
    """RSE for a study's targets against its reference (its `rse` section)."""
    from distillq.rse.run import run_rse as run
    from distillq.study import check_keys, rse_config

    check_keys(study)
    out = Path(study.results_dir)
    with engine_for(out, study.limits, use_cache, progress) as (engine, store):
        table = run(engine, store, rse_config(study), out / "rse")
    return parse_result(RseTable, table)


class CompareOptions(TypedDict, total=False):
    """How `compare` compares, the `rse compare` options: no model calls, so no `Execution`.

    candidates: teachers to attribute to (default: every model); metrics: "offline" or "embeddings";
    weights: per metric, in the overall score; limit: a seeded sample of N shared prompts; seed:
    sampling and bootstrap seed; baseline: models known to be independent, the provenance test's
    null population; progress: called with the name of each stage.
    """

    candidates: Sequence[str] | None
    metrics: str
    weights: Mapping[str, float] | None
    limit: int | None
    seed: int
    baseline: Sequence[str] | None
    progress: Callable[[str], None] | None


def compare(
    inputs: Sequence[PathLike], out: PathLike | None = None, **options: Unpack[CompareOptions]
) -> Comparison:
    """Similarity matrices, lineage tree and teacher attribution of existing response files; no model calls.

    With `out` the CSVs, plots, lineage.nwk, attribution.json and rse_summary.json are written there;
    without it they go to a temporary folder that is removed (the result holds the numbers).
    """
    from distillq.rse.compare import compare as run

    keywords: dict[str, Any] = dict(options)
    sample = keywords.pop("limit", None)  # the one size cap is `limit` in the API and the CLI

    def go(folder: Path) -> Comparison:
        return parse_result(Comparison, run([Path(p) for p in inputs], folder, sample=sample, **keywords))

    if out is not None:
        return go(Path(out))
    with tempfile.TemporaryDirectory(prefix="distillq-compare-") as tmp:
        result = go(Path(tmp))
    result.files = {}
    return result


def run_study(
    study: Study | PathLike,
    *,
    out: PathLike | None = None,
    limit: int | None = None,
    max_connections: int | None = None,
    budget: float | None = None,
    targets: Sequence[str] | None = None,
    use_cache: bool = True,
    report: bool = False,
    progress: ProgressCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
    command: str = "",
) -> StudyManifest:
    """ICE and RSE for every target of a run file (a path, or a `Study`), then optionally the report.

    The keyword overrides are those of `distillq run`: results directory, size cap, connections,
    dollar budget, and a subset of targets (labels or model names). Returns study.json's content.
    """
    from distillq.config import apply_overrides, load_study
    from distillq.study import run_study as run

    base = study if isinstance(study, Study) else load_study(study)
    base = apply_overrides(
        base,
        out=out,
        limit=limit,
        max_connections=max_connections,
        budget=budget,
        targets=list(targets) if targets else None,
    )
    result = run(base, progress=progress, on_stage=on_stage, use_cache=use_cache, command=command)
    if report:
        build_report(result.out_dir)
    return parse_result(StudyManifest, result.meta)


def build_report(results_dir: PathLike, out: PathLike | None = None) -> Path:
    """Write the self-contained HTML report of a study directory (default RESULTS/report.html)."""
    from distillq.report import build_report as build

    return build(Path(results_dir), Path(out) if out is not None else None)
