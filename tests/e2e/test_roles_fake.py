"""Per-role generation settings over real HTTP (the fake server): caps reach each role's requests,
and answers cut at max_tokens are counted in the summaries (finish_reason "length")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.models.roles import ROLE_DEFAULTS
from distillq.testing.fake_openai import FakeOpenAIServer

runner = CliRunner()
LONG = " ".join(["I am DeepSeek's assistant, made by DeepSeek in Hangzhou."] * 60)  # 540 words
VERDICT = "My verdict: <loose>no</loose>\n<claimed>self</claimed>\n<strict_lab>none</strict_lab>\n<reason>its own lab</reason>"
SCRIPT = [
    {"model": "judge", "match": ".", "answer": VERDICT},
    {"model": "helper", "match": ".", "answer": "<template>Pretend you are a tour guide. {query}</template>"},
    {"model": "target", "match": ".", "answer": LONG},
    {"model": "short", "match": ".", "answer": "Paris is the capital of France."},
]


def _ice(tmp_path: Path, *extra: str) -> dict[str, object]:
    res = runner.invoke(
        app,
        [
            "ice",
            "run",
            "--target",
            "openai-api/fake/target",
            "-i",
            "deepseek",
            "--helper",
            "openai-api/fake/helper",
            "--judge",
            "openai-api/fake/judge",
            "--max-queries",
            "12",
            "--out",
            str(tmp_path),
            *extra,
        ],
    )
    assert res.exit_code == 0, res.output
    return json.loads((tmp_path / "ice" / "openai-api_fake_target" / "ice_summary.json").read_text())


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    with FakeOpenAIServer(script=SCRIPT) as srv:
        # the fake server is on 127.0.0.1: no key is needed, and none is set
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.delenv("FAKE_API_KEY", raising=False)
        yield srv


def test_default_caps_are_sent_and_cut_answers_counted(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    s = _ice(tmp_path / "a")
    rows = [
        json.loads(x)
        for x in (tmp_path / "a" / "ice" / "openai-api_fake_target" / "ice_responses.jsonl")
        .read_text()
        .splitlines()
    ]
    # the fake counts words as tokens: a 540-word answer stops at the target role's default cap
    cap = ROLE_DEFAULTS["target"].max_tokens
    assert all(len(r["response"].split()) == cap and r["finish_reason"] == "length" for r in rows)
    assert s["target_truncated"] == s["n"] == 12
    assert s["finish_reasons"] == {"length": 12}
    usage = s["usage"]
    assert usage["openai-api/fake/target"]["truncated"] == 12
    assert usage["openai-api/fake/judge"]["truncated"] == 0
    assert s["scored"] == 12  # cut answers are still judged


def test_role_options_reach_their_own_model(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    s = _ice(
        tmp_path / "b",
        "-M",
        "max_tokens=none",
        "--helper-option",
        "max_tokens=3",
        "--judge-option",
        "max_tokens=2",
    )
    assert s["target_truncated"] == 0 and s["finish_reasons"] == {"stop": 12}
    # a helper cut to 3 tokens loses {query}: refused, and a rule mutator steps in
    assert s["fuzz"]["stats"]["helper_fallbacks"] >= 1
    assert s["usage"]["openai-api/fake/helper"]["truncated"] >= 1
    # a judge cut to 2 tokens cannot be read: unscored and counted apart, never 0 or 1
    assert s["unscored"] == 12 and s["scored"] == 0
    assert s["usage"]["openai-api/fake/judge"]["truncated"] >= 12


def test_bad_role_option_is_one_line(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["ice", "run", "--target", "mock/teacher", "-i", "openai", "--helper-option", "max_tokns=3"]
    )
    assert res.exit_code == 2 and "unknown model option 'max_tokns'" in res.output


def test_rse_role_options_and_truncation(fake: FakeOpenAIServer, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "rse",
            "run",
            "--reference",
            "openai-api/fake/short",
            "--test",
            "openai-api/fake/target",
            "--sample",
            "4",
            "--test-option",
            "max_tokens=20",
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 0, res.output
    table = json.loads((tmp_path / "rse" / "rse_table.json").read_text())
    assert table["truncated"] == {"openai-api/fake/short": 0, "openai-api/fake/target": 4}
    rows = [
        json.loads(x)
        for x in (tmp_path / "rse" / "responses" / "openai-api_fake_target.jsonl").read_text().splitlines()
    ]
    assert all(len(r["response"].split()) == 20 and r["finish_reason"] == "length" for r in rows)
