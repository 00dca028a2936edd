"""`distillq run` and `distillq demo`: run-file validation, dry-run estimate vs a counted run, the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from distillq.cli import app
from distillq.config import load_study
from distillq.errors import ConfigError
from distillq.study import estimate, run_study

runner = CliRunner()
DEMO_YAML = Path(str(resources.files("distillq.demo").joinpath("demo.yaml")))
DEMO_CARDS = str(resources.files("distillq.demo").joinpath("identities"))


def write(tmp_path: Path, data: dict) -> Path:  # type: ignore[type-arg]
    p = tmp_path / "study.yaml"
    p.write_text(yaml.safe_dump(data))
    return p


def small_study(tmp_path: Path, **over: object) -> dict:  # type: ignore[type-arg]
    data = {
        "name": "t",
        "results_dir": str(tmp_path / "res"),
        "reference": "mock/teacher",
        "identities_dirs": [DEMO_CARDS],
        "targets": [
            {"model": "mock/heavy-student", "identity": "nimbus"},
            {"model": "mock/independent", "identity": "basalt"},
        ],
        "ice": {"max_queries": 120},
        "rse": {"promptsets": [{"name": "builtin", "sample": 30}]},
    }
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"targets": []}, "targets"),
        ({"targets": [{"model": "mock/teacher"}]}, "targets.0.identity"),
        ({"targets": [{"model": "gpt4", "identity": "openai"}]}, "targets.0"),
        ({"limits": {"max_connections": 0}}, "limits.max_connections"),
        ({"ice": {"max_querys": 10}}, "ice.max_querys"),
        ({"rse": {"metrics": "judge"}}, "needs a judge model"),
        ({"reference": None}, "reference"),
        (
            {
                "targets": [
                    {"model": "mock/heavy-student", "identity": "nimbus", "label": "x"},
                    {"model": "mock/independent", "identity": "basalt", "label": "x"},
                ]
            },
            "label 'x'",
        ),
    ],
)
def test_invalid_run_files_are_rejected_with_the_field_path(tmp_path: Path, patch: dict, needle: str) -> None:  # type: ignore[type-arg]
    p = write(tmp_path, small_study(tmp_path, **patch))
    with pytest.raises(ConfigError) as exc:
        load_study(p)
    assert needle in str(exc.value) and "\n" not in str(exc.value)
    res = runner.invoke(app, ["run", str(p)])
    assert res.exit_code == 2 and not (tmp_path / "res").exists()  # rejected before anything ran


def test_bad_yaml(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_text("name: [unclosed\n")
    res = runner.invoke(app, ["run", str(p)])
    assert res.exit_code == 2 and "not valid YAML" in res.output


def test_schema_is_json_schema() -> None:
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert "targets" in schema["properties"] and "Target" in schema["$defs"]


def test_dry_run_matches_a_counted_run(tmp_path: Path) -> None:
    study = load_study(write(tmp_path, small_study(tmp_path)))
    est = {r["model"]: r["requests"] for r in estimate(study)["models"]}
    result = run_study(study)
    sent = {m: u["sent"] + u["cached"] for m, u in result.meta["usage"].items()}
    assert est == sent
    for t in result.meta["targets"]:  # no self-agreement block in ice run summaries
        assert "agreement" not in json.loads((Path(study.results_dir) / t["ice_summary"]).read_text())
    res = runner.invoke(app, ["run", "--dry-run", str(write(tmp_path, small_study(tmp_path)))])
    assert res.exit_code == 0 and "nothing sent" in res.output


def test_study_resumes_without_new_requests(tmp_path: Path) -> None:
    study = load_study(write(tmp_path, small_study(tmp_path)))
    first = run_study(study).meta
    again = run_study(study).meta
    assert first["requests_sent"] > 0 and again["requests_sent"] == 0
    assert again["requests_cached"] == first["requests_sent"] + first["requests_cached"]


@pytest.mark.slow
def test_demo_end_to_end_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    res = subprocess.run(
        [sys.executable, "-m", "distillq", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=280,  # 5 s on a quiet machine, 45 s at load 10: only a hang may stop it (pytest's is 300)
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    assert "report:" in res.stdout and "synthetic" in res.stdout
    meta = json.loads((out / "study.json").read_text())
    assert meta["synthetic"] is True and len(meta["targets"]) == 3
    assert (out / "report.html").is_file()
    html = (out / "report.html").read_text()
    assert "distillq run examples/paper-study.yaml" in html
    ice = {t["label"]: json.loads((out / t["ice_summary"]).read_text()) for t in meta["targets"]}
    assert ice["heavy-student"]["strict"]["score"] > ice["light-student"]["strict"]["score"]
    assert ice["independent"]["strict"]["score"] == 0
    rse = json.loads((out / "rse" / "rse_table.json").read_text())
    avg = {r["label"]: r["offline_average"] for r in rse["rows"]}
    assert avg["heavy-student"] > avg["light-student"] > avg["independent"]


def test_missing_key_stops_the_study_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    data = small_study(tmp_path, judge="openai/gpt-4o-mini")
    res = runner.invoke(app, ["run", str(write(tmp_path, data))])
    assert res.exit_code == 2 and "OPENAI_API_KEY" in res.output
    assert not (tmp_path / "res").exists()  # nothing was started
