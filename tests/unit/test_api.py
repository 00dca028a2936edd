"""The public API: what `distillq.__all__` names exists, results are typed and versioned, schemas publish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import distillq
from distillq.cli import app
from distillq.config import Study, apply_overrides
from distillq.errors import ConfigError, InputFileError
from distillq.results import SCHEMA_VERSION, SCHEMAS, IceSummary, read_result

runner = CliRunner()


def test_all_names_resolve() -> None:
    for name in distillq.__all__:
        assert getattr(distillq, name) is not None, name
    for fn in (
        "judge_identity",
        "run_ice",
        "run_rse",
        "compare",
        "run_study",
        "build_report",
        "load_identity",
    ):
        assert fn in distillq.__all__ and callable(getattr(distillq, fn))
    with pytest.raises(AttributeError):
        distillq.nonexistent  # noqa: B018


def test_judge_identity_returns_typed_rows_and_summary() -> None:
    judged = distillq.judge_identity(
        [
            {"query": "Who made you?", "response": "I am Claude, made by Anthropic.", "strict": True},
            "I am Qwen.",
        ],
        "qwen",
    )
    assert [r.strict for r in judged.rows] == [True, False]
    assert judged.rows[0].model_extra and judged.rows[0].model_extra["reference_strict"] is True
    assert judged.summary.strict is not None and judged.summary.strict.count == 1
    assert judged.summary.schema_version == SCHEMA_VERSION
    assert judged.summary.agreement and judged.summary.agreement["strict"].n == 1


def test_results_round_trip_and_bad_files(tmp_path: Path) -> None:
    judged = distillq.judge_identity(["I am ChatGPT by OpenAI."], "qwen")
    path = judged.summary.write(tmp_path / "s.json")
    back = read_result(IceSummary, path)
    assert back == judged.summary and json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    (tmp_path / "bad.json").write_text('{"n": "many"}')
    with pytest.raises(InputFileError, match="not a valid IceSummary"):
        read_result(IceSummary, tmp_path / "bad.json")


@pytest.mark.parametrize("name", ["run", *SCHEMAS])
def test_schema_command(name: str) -> None:
    res = runner.invoke(app, ["schema", name])
    assert res.exit_code == 0, res.output
    schema = json.loads(res.output)
    assert "properties" in schema
    if name != "run":
        assert "schema_version" in schema["properties"]


def test_schema_unknown_name() -> None:
    res = runner.invoke(app, ["schema", "nope"])
    assert res.exit_code == 2 and "ice-summary" in res.output


def _study() -> Study:
    return Study(
        reference="mock/teacher",
        targets=[
            {"model": "mock/heavy-student", "identity": "qwen", "label": "heavy"},
            {"model": "mock/independent", "identity": "qwen"},
        ],
    )


def test_overrides() -> None:
    s = apply_overrides(_study(), limit=7, max_connections=3, budget=1.5, targets=["heavy"], out="x")
    assert (s.ice.max_queries, s.rse.sample, s.limits.max_connections, s.limits.budget_usd) == (7, 7, 3, 1.5)
    assert [t.model for t in s.targets] == ["mock/heavy-student"] and s.results_dir == "x"
    with pytest.raises(ConfigError, match="not in the run file"):
        apply_overrides(_study(), targets=["nobody"])
    with pytest.raises(ConfigError, match="max_connections"):
        apply_overrides(_study(), max_connections=0)


def test_run_dry_run_with_overrides(tmp_path: Path) -> None:
    run_file = tmp_path / "s.yaml"
    run_file.write_text(
        "reference: mock/teacher\ntargets:\n  - {model: mock/heavy-student, identity: qwen, label: h}\n"
        "  - {model: mock/independent, identity: qwen, label: i}\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["run", str(run_file), "--dry-run", "--limit", "5", "--targets", "h"])
    assert res.exit_code == 0, res.output
    assert "mock/heavy-student" in res.output and "mock/independent" not in res.output
    res = runner.invoke(app, ["run", str(run_file), "--dry-run", "--targets", "zz"])
    assert res.exit_code == 2 and "not in the run file" in res.output


def test_inspect_provider_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from distillq.errors import ModelSpecError
    from distillq.models.spec import parse_model

    for var in ("GOOGLE_BASE_URL", "AZUREAI_BASE_URL", "MISTRAL_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    for name, host, key in [
        ("google/gemini-2.0-flash", "generativelanguage.googleapis.com", "GOOGLE_API_KEY"),
        ("mistral/mistral-large-latest", "api.mistral.ai", "MISTRAL_API_KEY"),
        ("together/meta-llama/Llama-3-70b", "api.together.xyz", "TOGETHER_API_KEY"),
        ("groq/llama-3.1-8b-instant", "api.groq.com", "GROQ_API_KEY"),
        ("openrouter/openai/gpt-4o", "openrouter.ai", "OPENROUTER_API_KEY"),
        ("deepseek/deepseek-chat", "api.deepseek.com", "DEEPSEEK_API_KEY"),
        ("fireworks/accounts/fireworks/models/x", "api.fireworks.ai", "FIREWORKS_API_KEY"),
    ]:
        spec = parse_model(name)
        assert spec.base_url and host in spec.base_url and spec.api_key_env == key, name
        assert spec.model == name.split("/", 1)[1]
    with pytest.raises(ModelSpecError, match="AZUREAI_BASE_URL"):
        parse_model("azureai/gpt-4o")
    monkeypatch.setenv("AZUREAI_BASE_URL", "https://x.example/models")
    assert parse_model("azureai/gpt-4o").base_url == "https://x.example/models"
    with pytest.raises(ModelSpecError, match="SigV4"):
        parse_model("bedrock/anthropic.claude-3")


def test_runs_list_and_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from distillq.cli.common import console

    monkeypatch.setattr(console, "_width", 200)
    summary = distillq.run_ice("mock/heavy-student", "qwen", limit=12, out=tmp_path)
    res = runner.invoke(app, ["runs", "list", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert summary.run_id and summary.run_id in res.output
    assert "mock/heavy-student" in res.output and "12/12" in res.output and "$0.0000" in res.output
    res = runner.invoke(app, ["runs", "show", summary.run_id[:8], "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert '"max_queries": 12' in res.output and "result: ice_summary" in res.output
    res = runner.invoke(app, ["runs", "show", "nope", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "not in this store" in res.output
