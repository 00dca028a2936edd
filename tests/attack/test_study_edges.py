"""`distillq run` at the edges: a target with no scored answer, and a dry run that checks what the run checks."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests.attack.conftest import one_line_error, run_cli

from distillq.errors import EXIT_INCOMPLETE
from distillq.testing.fake_openai import FakeOpenAIServer


def _study(tmp_path: Path, **over: object) -> Path:
    data: dict[str, object] = {
        "name": "edge",
        "results_dir": str(tmp_path / "res"),
        "targets": [{"model": "openai-api/fake/m", "identity": "qwen"}],
        "ice": {"max_queries": 6},
        "rse": {"enabled": False},
        "limits": {"max_attempts": 1},
    }
    data.update(over)
    p = tmp_path / "study.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    return p


def test_target_with_zero_scored_answers_finishes_and_reports(tmp_path: Path) -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=["500"]) as srv:
        res = run_cli(
            "run",
            str(_study(tmp_path)),
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
            timeout=600,
        )
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == EXIT_INCOMPLETE, (res.returncode, res.stdout, res.stderr)
    assert (tmp_path / "res" / "report.html").is_file() and (tmp_path / "res" / "study.json").is_file()
    assert "none (0 scored)" in res.stdout
    assert res.stderr.strip().splitlines()[-1].startswith("incomplete:")


def test_dry_run_checks_identities_keys_and_prices(tmp_path: Path) -> None:
    targets = [
        {
            "model": f"openai-api/svc{i}/m",
            "identity": "qwen",
            "options": {"base_url": "https://svc.example.invalid/v1"},
        }
        for i in range(3)
    ]
    targets.append({"model": "mock/echo", "identity": "no-such-identity"})
    res = run_cli("run", str(_study(tmp_path, targets=targets)), "--dry-run")
    line = one_line_error(res)
    for i in range(3):
        assert f"SVC{i}_API_KEY" in line  # every missing key, not only the first
    assert "no-such-identity" in line
    assert "unknown prices" in res.stdout and "openai-api/svc0/m" in res.stdout
    assert "+ 3 unknown" in res.stdout  # the total does not hide what it leaves out


def test_dry_run_stops_on_a_misspelt_prompt_set_but_estimates_one_not_on_this_machine(tmp_path: Path) -> None:
    """A typo would stop the real run, so the dry run says so; a known set that needs a download is estimated."""
    mock = {"reference": "mock/ref", "targets": [{"model": "mock/a", "identity": "qwen"}]}
    rse = {"promptsets": ["arena-hard"]}
    res = run_cli("run", str(_study(tmp_path, rse=rse, **mock)), "--dry-run")
    line = one_line_error(res)
    assert "arena-hard" in line and "arenahard" in line  # names the bad one and what exists
    rse = {"promptsets": ["sharegpt"]}
    res = run_cli(
        "run",
        str(_study(tmp_path, rse=rse, **mock)),
        "--dry-run",
        env={"DISTILLQ_DATA_SHAREGPT": ""},
    )
    assert res.returncode == 0, (res.stdout, res.stderr)
    assert "prompt set sharegpt not loaded" in " ".join(res.stdout.split())
