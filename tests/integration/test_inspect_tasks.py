"""The Inspect AI tasks on Inspect's own mock model (skipped when the `inspect` extra is absent)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

inspect_ai = pytest.importorskip("inspect_ai", reason="the inspect extra is not installed")


def mock(*answers: str) -> object:
    from inspect_ai.model import ModelOutput, get_model

    outputs = [ModelOutput.from_content(model="mockllm", content=a) for a in answers]
    return get_model("mockllm/model", custom_outputs=outputs)


def test_ice_task_judges_answers_with_our_judge(tmp_path: Path) -> None:
    from inspect_ai import eval as inspect_eval

    answers = [
        "I am ChatGPT, a model developed by OpenAI.",
        "I am Qwen, made by Alibaba Cloud.",
        "Hello.",
    ] * 2
    (log,) = inspect_eval(
        "distillq/ice",
        model=mock(*answers),
        task_args={"identity": "qwen", "languages": "en"},
        limit=6,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success" and log.samples is not None and len(log.samples) == 6
    assert log.eval.task == "distillq/ice"
    by_answer = {s.output.completion: s.scores["identity_judge"] for s in log.samples if s.scores}
    assert by_answer[answers[0]].value["strict"] == 1.0 and by_answer[answers[0]].value["loose"] == 1.0
    assert "openai" in by_answer[answers[0]].metadata["claimed"]
    assert by_answer[answers[1]].value == {"loose": 0.0, "strict": 0.0, "hard": 0.0}
    assert all(s.metadata["language"] == "en" for s in log.samples)
    assert log.results is not None
    metrics = {sc.name: sc.metrics["mean"].value for sc in log.results.scores}
    assert metrics["strict"] == pytest.approx(2 / 6) and metrics["loose"] == pytest.approx(2 / 6)


def test_ice_task_needs_an_identity() -> None:
    from distillq.errors import UsageError
    from distillq.inspect_ext.tasks import ice

    with pytest.raises(UsageError, match="identity"):
        ice()


def test_rse_task_scores_against_stored_reference_answers(tmp_path: Path) -> None:
    from inspect_ai import eval as inspect_eval

    from distillq.rse.promptsets import load_promptset

    prompts = load_promptset("builtin", 4, 0)
    ref = tmp_path / "reference.jsonl"
    text = "Here is a short answer with **bold** points:\n1. one\n2. two"
    ref.write_text(
        "".join(
            json.dumps({"prompt_id": f"builtin:{p.id}", "prompt": p.text, "response": text}) + "\n"
            for p in prompts
        ),
        encoding="utf-8",
    )
    (log,) = inspect_eval(
        "distillq/rse",
        model=mock(text, "Something else entirely, about cooking pasta.", text, ""),
        task_args={"reference_answers": str(ref), "sample": 4},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success" and log.samples is not None and len(log.samples) == 4
    values = [s.scores["similarity_to_reference"].value for s in log.samples if s.scores]
    assert all(isinstance(v, dict) for v in values)
    # an empty answer is unscored (NaN, written to the log as null), never a 0
    missing = [v for v in values if v["overall"] is None or math.isnan(v["overall"])]  # type: ignore[index]
    scored = [v for v in values if v not in missing]
    assert len(missing) == 1
    assert sum(1 for v in scored if v["lexical"] > 0.99) == 2  # type: ignore[index]  # the two copies
    assert any(v["overall"] < 0.5 for v in scored)  # type: ignore[index]
    assert log.results is not None
    overall = next(sc for sc in log.results.scores if sc.name == "overall")
    assert overall.unscored_samples == 1 and overall.scored_samples == 3


@pytest.mark.slow
def test_inspect_cli_eval_and_log_dump(tmp_path: Path) -> None:
    exe = shutil.which("inspect") or str(Path(sys.executable).parent / "inspect")
    run = subprocess.run(
        [exe, "eval", "distillq/ice", "--model", "mockllm/model", "-T", "identity=openai", "--limit", "10",
         "--log-dir", str(tmp_path), "--display", "none"],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    (log,) = list(tmp_path.glob("*.eval"))
    dump = subprocess.run([exe, "log", "dump", str(log)], capture_output=True, text=True, timeout=120)
    assert dump.returncode == 0, dump.stderr[-2000:]
    data = json.loads(dump.stdout)
    assert data["status"] == "success" and len(data["samples"]) == 10
    assert all(
        set(s["scores"]["identity_judge"]["value"]) == {"loose", "strict", "hard"} for s in data["samples"]
    )


@pytest.fixture(scope="module")
def demo_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from distillq.cli import app

    out = tmp_path_factory.mktemp("inspect") / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_export_inspect_writes_every_answer(demo_study: Path, tmp_path: Path) -> None:
    from inspect_ai.log import list_eval_logs, read_eval_log
    from typer.testing import CliRunner

    from distillq.cli import app

    result = CliRunner().invoke(app, ["export-inspect", str(demo_study), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    meta = json.loads((demo_study / "study.json").read_text())
    logs = {
        read_eval_log(info).eval.task_args.get("identity") or "": info
        for info in list_eval_logs(str(tmp_path))
    }
    assert len(list_eval_logs(str(tmp_path))) == 2 * len(meta["targets"])  # an ICE and an RSE log per target
    for t in meta["targets"]:
        rows = [
            json.loads(x) for x in (demo_study / t["ice_responses"]).read_text(encoding="utf-8").splitlines()
        ]
        log = read_eval_log(logs[t["identity"]["id"]])
        assert log.eval.task == "distillq/ice" and log.eval.model == t["model"]
        assert log.samples is not None and len(log.samples) == len(rows)
        for s, r in zip(log.samples, rows, strict=True):
            assert s.output.completion == r["response"]
            assert s.scores is not None and s.scores["identity_judge"].value["strict"] == float(r["strict"])  # type: ignore[index]
        assert log.results is not None
        strict = next(sc for sc in log.results.scores if sc.name == "strict")
        assert strict.metrics["mean"].value == pytest.approx(sum(r["strict"] for r in rows) / len(rows))
    rse = [read_eval_log(i) for i in list_eval_logs(str(tmp_path)) if "rse" in Path(i.name).name]
    table = json.loads((demo_study / "rse" / "rse_table.json").read_text())
    assert {log.eval.model for log in rse} == set(table["tests"])
    for log in rse:
        assert log.samples is not None and len(log.samples) == sum(table["promptsets"].values())
        assert all(s.target and s.output.completion for s in log.samples)


def test_export_inspect_without_the_extra_is_one_line(
    demo_study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from distillq.cli import app

    monkeypatch.setitem(sys.modules, "inspect_ai", None)  # as if it were not installed
    result = CliRunner().invoke(app, ["export-inspect", str(demo_study), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "pip install 'distillq[inspect]'" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())
