"""`distillq ice judge` and `distillq identities` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from distillq.cli.ice import app, identities_app

runner = CliRunner()


def test_judge_tiny_file(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    rows = [
        {"query": "Who made you?", "template": "Answer: {query}", "response": "I was developed by OpenAI."},
        {"query": "你是谁？", "template": "{query}", "response": "我是通义千问，由阿里云开发。"},
        {"query": "Who made you?", "response": "I can't help with that."},
    ]
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out, summ = tmp_path / "out.jsonl", tmp_path / "s.json"
    res = runner.invoke(
        app, ["judge", str(inp), "--identity", "qwen", "--out", str(out), "--summary-json", str(summ)]
    )
    assert res.exit_code == 0, res.output
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [g["query"] for g in got] == [r["query"] for r in rows]
    assert [g["strict"] for g in got] == [True, False, False]
    assert got[0]["hard"] is True and got[2]["hard"] is None
    assert got[1]["claimed"] == ["self"] and got[0]["judge"] == "offline" and got[0]["reason"]
    assert json.loads(summ.read_text())["strict"]["count"] == 1


def test_judge_errors(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"query": "q", "response": "r"}\n', encoding="utf-8")
    res = runner.invoke(
        app, ["judge", str(inp), "-i", "qwen", "-o", str(tmp_path / "o"), "--judge", "gpt-4o"]
    )
    assert res.exit_code == 2 and "no provider" in res.output
    res = runner.invoke(app, ["judge", str(inp), "-i", "nobody", "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "valid names" in res.output
    res = runner.invoke(
        app, ["judge", str(tmp_path / "missing.jsonl"), "-i", "qwen", "-o", str(tmp_path / "o")]
    )
    assert res.exit_code == 2 and "not found" in res.output


def test_identities_list_show() -> None:
    res = runner.invoke(identities_app, ["list"])
    assert res.exit_code == 0 and "deepseek" in res.output
    res = runner.invoke(identities_app, ["show", "豆包"])
    assert res.exit_code == 0 and "ByteDance" in res.output


def test_judge_out_is_a_results_directory(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"query": "Who are you?", "response": "I am ChatGPT, by OpenAI."}) + "\n")
    res = runner.invoke(app, ["judge", str(inp), "-i", "qwen", "--out", str(tmp_path / "res")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in (tmp_path / "res" / "ice_judged.jsonl").read_text().splitlines()]
    assert rows[0]["strict"] is True and "schema_version" not in rows[0]
    summary = json.loads((tmp_path / "res" / "ice_judge_summary.json").read_text())
    assert summary["strict"]["count"] == 1 and summary["schema_version"] >= 1
