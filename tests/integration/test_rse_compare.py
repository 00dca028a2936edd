"""`rse compare` end to end on real AlpacaEval and Arena-Hard answers (small subsets)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from distillq.cli.rse import app
from distillq.rse.compare import compare, read_matrix_csv
from distillq.rse.lineage import quote_name

FIVE = ["alpaca-7b", "alpaca-7b_concise", "text_davinci_003", "gpt4_0314", "claude-2"]


def _files(shared_dir: Path, names: list[str]) -> list[Path]:
    return [shared_dir / "data" / "alpaca-eval" / f"{n}.jsonl.gz" for n in names]


@pytest.fixture(scope="module")
def five_models(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("rse5")
    summary = compare(
        _files(shared_dir, FIVE), out, candidates=["text_davinci_003", "gpt4_0314", "claude-2"], sample=100
    )
    return out, summary


def test_all_files_written(five_models: tuple[Path, dict]) -> None:
    out, summary = five_models
    expected = [
        "similarity.csv",
        *(f"similarity_{m}.csv" for m in ("lexical", "structural", "stylistic", "semantic")),
        "lineage.nwk",
        "heatmap.png",
        "heatmap.svg",
        "dendrogram.png",
        "dendrogram.svg",
        "attribution.json",
        "rse_summary.json",
    ]
    for name in expected:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert (out / "heatmap.png").read_bytes()[:4] == b"\x89PNG"
    assert summary["n_prompts"] == 100 and summary["n_models"] == 5


def test_matrix_csv_is_symmetric_with_unit_diagonal(five_models: tuple[Path, dict]) -> None:
    out, _ = five_models
    for name in ("similarity.csv", "similarity_stylistic.csv", "similarity_lexical.csv"):
        models, mat = read_matrix_csv(out / name)
        assert models == FIVE
        assert np.allclose(mat, mat.T, atol=1e-4)
        assert np.allclose(np.diag(mat), 1.0)
        assert ((mat >= 0) & (mat <= 1)).all()


def test_attribution_and_lineage(five_models: tuple[Path, dict]) -> None:
    out, summary = five_models
    att = json.loads((out / "attribution.json").read_text())
    assert att["candidates"] == ["text_davinci_003", "gpt4_0314", "claude-2"]
    assert set(att["models"]) == {"alpaca-7b", "alpaca-7b_concise"}
    ranking = att["models"]["alpaca-7b"]["ranking"]
    assert [r["similarity"] for r in ranking] == sorted((r["similarity"] for r in ranking), reverse=True)
    # alpaca-7b was trained on text-davinci-003 answers (public model card).
    assert ranking[0]["candidate"] == "text_davinci_003"
    nwk = (out / "lineage.nwk").read_text()
    assert all(quote_name(m) in nwk for m in FIVE)
    assert len(summary["pairs"]) == 10
    pair = summary["pairs"][0]
    assert pair["overall_ci"][0] <= pair["overall"] <= pair["overall_ci"][1]


def test_missing_prompts_are_reported(shared_dir: Path, tmp_path: Path) -> None:
    summary = compare(_files(shared_dir, ["alpaca-7b", "alpaca-7b_concise"]), tmp_path, sample=30)
    assert summary["missing_prompts"]["alpaca-7b_concise"]["count"] == 1
    assert summary["n_prompts"] == 30


def test_cli_compare_arena_hard(shared_dir: Path, tmp_path: Path) -> None:
    folder = shared_dir / "data" / "arena-hard-v0.1"
    answers = [folder / f"{m}.jsonl.gz" for m in ("gpt-4-0314", "gpt-4-0613", "gpt-3.5-turbo-0125")]
    result = CliRunner().invoke(
        app,
        [
            "compare",
            *map(str, answers),
            "--out",
            str(tmp_path),
            "--sample",
            "40",
            "--candidates",
            "gpt-4-0314",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "gpt-4-0613" in result.output
    summary = json.loads((tmp_path / "rse_summary.json").read_text())
    assert summary["n_prompts"] == 40
    assert summary["attribution"]["candidates"] == ["gpt-4-0314"]


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt_id": "a", "response": "x"}\n{broken\n', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["compare", str(bad), str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output
    result = runner.invoke(app, ["compare", str(bad), "--out", str(tmp_path / "o"), "--metrics", "judge"])
    assert result.exit_code == 2
    assert "rse run" in result.output


def test_cli_rejects_bad_weights(tmp_path: Path) -> None:
    ok = tmp_path / "ok.jsonl"
    ok.write_text('{"prompt_id": "a", "response": "x", "model": "m"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["compare", str(ok), "--out", str(tmp_path / "o"), "--weights", "lexical=lots"]
    )
    assert result.exit_code == 2
    assert "--weights" in result.output
