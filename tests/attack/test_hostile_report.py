"""Hostile answers through a whole study into the report: inert in Chromium, no raw control bytes,
formulas neutralised in summary.csv."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
import yaml
from tests.attack.conftest import HOSTILE, run_cli

from distillq.testing.fake_openai import FakeOpenAIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
ANSWER = " ".join(
    ["I am ChatGPT, a model developed by OpenAI.", *HOSTILE.values(), SCRIPT]
)  # shown as an example
LABEL = '=HYPERLINK("https://evil.example","x")'


def test_hostile_answers_are_inert_in_the_report(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    study = {
        "name": "hostile [/oops] \x1b]0;title\x07",
        "results_dir": str(tmp_path / "res"),
        "targets": [{"model": "openai-api/fake/m", "identity": "qwen", "label": LABEL}],
        "ice": {"max_queries": 8},
        "rse": {"enabled": False},
    }
    run_file = tmp_path / "study.yaml"
    run_file.write_text(yaml.safe_dump(study), encoding="utf-8")
    with FakeOpenAIServer(script=[{"match": ".", "answer": ANSWER}]) as srv:
        res = run_cli(
            "run", str(run_file), env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"}, timeout=600
        )
    assert res.returncode == 0, res.stderr
    for ch in ("\x1b", "\x07", "\x00", "\x9b"):
        assert ch not in res.stdout + res.stderr
    report = tmp_path / "res" / "report.html"
    raw = report.read_bytes()
    raw.decode("utf-8")  # valid UTF-8
    assert not any(b in raw for b in (b"\x1b", b"\x07", b"\x00", "\x9b".encode()))
    assert b"\\x1b]52;c;" in raw  # the clipboard escape is shown, not sent
    with (tmp_path / "res" / "summary.csv").open(encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'" + LABEL in cells and LABEL not in cells
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=["--headless", "--no-sandbox"]
        )
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.resolve().as_uri(), wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img[src='x']").count() == 0
        assert page.get_by_text("[link=https://evil.example]click[/link]").count() >= 1
        assert [u for u in requests if u != report.resolve().as_uri() and not u.startswith("data:")] == []
        ctx.close()
