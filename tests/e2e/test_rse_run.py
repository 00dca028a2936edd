"""`distillq rse run` end to end: mock models (offline metrics) and the LLM judge over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.testing.fake_openai import FakeOpenAIServer

runner = CliRunner()


def _invoke(args: list[str]) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output


def test_rse_run_mock_orders_models_by_distillation(tmp_path: Path) -> None:
    _invoke(
        [
            "rse",
            "run",
            "--reference",
            "mock/teacher",
            "--test",
            "mock/heavy-student",
            "--test",
            "mock/light-student",
            "--test",
            "mock/independent",
            "--sample",
            "60",
            "--out",
            str(tmp_path),
        ]
    )
    table = json.loads((tmp_path / "rse" / "rse_table.json").read_text())
    sim = {r["model"]: r["offline_average"] for r in table["rows"]}
    assert sim["mock/heavy-student"] > sim["mock/light-student"] > sim["mock/independent"]
    assert table["promptsets"] == {"builtin": 60}
    for name in (
        "similarity.csv",
        "lineage.nwk",
        "heatmap.png",
        "dendrogram.png",
        "attribution.json",
        "rse_summary.json",
    ):
        assert (tmp_path / "rse" / name).is_file(), name
    att = json.loads((tmp_path / "rse" / "attribution.json").read_text())
    assert att["candidates"] == ["mock/teacher"]
    for m in ("mock/heavy-student", "mock/light-student", "mock/independent"):
        assert att["models"][m]["ranking"][0]["candidate"] == "mock/teacher"
    block = table["rows"][0]["offline"]["builtin"]
    assert (
        block["n"] == 60
        and block["overall"]["ci95"][0] <= block["overall"]["mean"] <= block["overall"]["ci95"][1]
    )


JUDGE_SCRIPT = [
    {"model": "judge", "match": r"(?s)Write a haiku", "answer": "no idea"},
    {"model": "judge", "match": r"could not be read", "answer": "still no idea"},
    # the judge scores pairs that share the teacher's heading as similar, others as different
    {
        "model": "judge",
        "match": r"(?s)### Key points.*### Key points",
        "answer": '```json\n{"style": 5, "logic": 4, "content": 4, "overall": 4, "reason": "same layout"}\n```',
    },
    {
        "model": "judge",
        "match": ".",
        "answer": '{"style": 1, "logic": 2, "content": 2, "overall": 2, "reason": "differ"}',
    },
]


def test_rse_run_with_llm_judge_over_http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = tmp_path / "p.jsonl"
    items = [
        "Explain how a hash map works",
        "Give advice on learning a language",
        "Write a haiku about rain",
        "Summarise the causes of inflation",
        "How do I profile Python code?",
    ]
    prompts.write_text("".join(json.dumps({"id": f"q{i}", "prompt": p}) + "\n" for i, p in enumerate(items)))
    with FakeOpenAIServer(script=JUDGE_SCRIPT) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        args = [
            "rse",
            "run",
            "--reference",
            "mock/teacher",
            "--test",
            "mock/heavy-student",
            "--test",
            "mock/independent",
            "--promptsets",
            str(prompts),
            "--metrics",
            "all",
            "--judge",
            "openai-api/fake/judge",
            "--out",
            str(tmp_path / "o"),
        ]
        _invoke(args)
        sent = srv.stats()["requests"]
        _invoke(args)
        assert srv.stats()["requests"] == sent  # judge answers are cached too
    table = json.loads((tmp_path / "o" / "rse" / "rse_table.json").read_text())
    rows = {r["model"]: r for r in table["rows"]}
    heavy = rows["mock/heavy-student"]["judge"]["p"]
    indep = rows["mock/independent"]["judge"]["p"]
    assert heavy["unscored"] == 1 and indep["unscored"] == 1  # the haiku: unparseable twice -> unscored
    assert heavy["n"] == 4 and heavy["overall"]["mean"] > indep["overall"]["mean"]
    assert rows["mock/heavy-student"]["judge_average"] == pytest.approx(heavy["overall"]["mean"])
    assert "swapped_fraction" in heavy
    # every pair's judge scores are kept for the report's answer browser; the unscored one has none
    judged = [json.loads(x) for x in (tmp_path / "o" / "rse" / "judge" / "mock_heavy-student.jsonl").open()]
    assert len(judged) == 5 and {j["prompt_id"] for j in judged} == {f"p:q{i}" for i in range(5)}
    assert sum(j["overall"] is None for j in judged) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--metrics", "judge"], "needs --judge"),
        (["--metrics", "sideways"], "unknown --metrics"),
        (["--promptsets", "nonexistent-set"], "unknown prompt set"),
    ],
)
def test_rse_run_bad_input(tmp_path: Path, args: list[str], needle: str) -> None:
    res = runner.invoke(
        app,
        [
            "rse",
            "run",
            "--reference",
            "mock/teacher",
            "--test",
            "mock/independent",
            *args,
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 2 and needle in res.output, res.output
