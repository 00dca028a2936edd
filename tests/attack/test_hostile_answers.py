"""Hostile model answers are stored losslessly and shown as text: never markup, never raw escapes."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from tests.attack.conftest import HOSTILE, run_cli

from distillq.testing.fake_openai import FakeOpenAIServer

RULES = [{"match": f"^ask {name}$", "answer": text} for name, text in HOSTILE.items()]


@pytest.fixture(scope="module")
def server() -> FakeOpenAIServer:
    with FakeOpenAIServer(script=RULES) as srv:
        yield srv


def _env(srv: FakeOpenAIServer) -> dict[str, str]:
    return {"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"}


def _collect(srv: FakeOpenAIServer, prompts: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "collect", "--model", "openai-api/fake/m", "--prompts", str(prompts), "--out", str(out), env=_env(srv)
    )


def _assert_inert(out: str) -> None:
    """Nothing a terminal acts on: no ESC, BEL, NUL or C1 control, and the markup shown as typed."""
    for ch in ("\x1b", "\x07", "\x00", "\x9b"):
        assert ch not in out, repr(ch)


def test_collect_stores_and_writes_every_hostile_answer(server: FakeOpenAIServer, tmp_path: Path) -> None:
    prompts = tmp_path / "hostile.txt"
    prompts.write_text("".join(f"ask {n}\n" for n in HOSTILE), encoding="utf-8")
    out = tmp_path / "runs[/old]"  # a path that is also Rich markup
    res = _collect(server, prompts, out)
    assert res.returncode == 0, res.stderr
    _assert_inert(res.stdout + res.stderr)
    assert "runs[/old]" in res.stdout
    # responses.jsonl is valid UTF-8 and gives back every answer (the surrogate as U+FFFD)
    rows = [json.loads(x) for x in (out / "responses.jsonl").read_bytes().decode("utf-8").splitlines()]
    got = {r["prompt"].removeprefix("ask "): r["response"] for r in rows}
    assert got["surrogate"] == "a\ufffdb lone surrogate"
    for name in ("ansi", "markup", "formula"):
        assert got[name] == HOSTILE[name]
    # the store keeps the exact answer, lone surrogate included (lossless)
    con = sqlite3.connect(out / "distillq.db")
    raws = [
        json.loads(r[0]) for r in con.execute("SELECT raw_json FROM responses WHERE raw_json IS NOT NULL")
    ]
    con.close()
    assert [r["text"] for r in raws] == [HOSTILE["surrogate"]]
    # a re-run pays for nothing: every answer, the surrogate one included, is in the cache
    before = server.stats()["answered"]
    again = _collect(server, prompts, out)
    assert again.returncode == 0, again.stderr
    assert server.stats()["answered"] == before


def test_csv_export_neutralises_formulas(server: FakeOpenAIServer, tmp_path: Path) -> None:
    prompts = tmp_path / "p.txt"
    prompts.write_text("ask formula\nask markup\n", encoding="utf-8")
    out = tmp_path / "o"
    assert _collect(server, prompts, out).returncode == 0
    listing = run_cli("runs", "list", "--out", str(out))
    run_id = next(w for w in listing.stdout.split() if w.startswith("collect-"))
    res = run_cli("runs", "export", run_id, str(tmp_path / "t.csv"), "--out", str(out))
    assert res.returncode == 0, res.stderr
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'" + HOSTILE["formula"] in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


@pytest.mark.parametrize("name", ["ansi", "markup", "surrogate"])
def test_models_check_shows_answers_as_text(server: FakeOpenAIServer, name: str) -> None:
    res = run_cli("models", "check", "openai-api/fake/m", "--prompt", f"ask {name}", env=_env(server))
    assert res.returncode == 0, res.stderr
    _assert_inert(res.stdout + res.stderr)
    flat = res.stdout.replace("│", "").replace("\n", "")
    flat = " ".join(flat.split())
    if name == "markup":
        for piece in ("[/oops]", "[link=https://evil.example]", "list[int]", "distillq[hf]"):
            assert piece in flat, flat
    if name == "ansi":
        assert "\\x1b]52;c;" in flat and "\\x07" in flat


def test_error_body_with_markup_is_one_plain_line(tmp_path: Path) -> None:
    """A server error body containing `[/INST]` used to crash fail() with a markup error."""
    with FakeOpenAIServer() as srv:
        res = run_cli(
            "models",
            "check",
            "openai-api/fake/notfound-[/INST]-\x1b[2J",
            env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
        )
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    _assert_inert(res.stderr)
    assert "[/INST]" in res.stderr
