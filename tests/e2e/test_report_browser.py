"""The demo's report in real headless Chromium: renders, no errors, no network, hostile text stays text."""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECTIONS = ("overview", "ice", "rse", "combined", "methods")
SCRIPT_TEXT = "<script>window.__pwned=1</script>"
IMG_TEXT = '<img src=x onerror="window.__pwned=2">'
BOLD_TEXT = "</textarea><b>bold</b>"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo study's report, and a copy whose data holds injected HTML."""
    from distillq.config import load_study
    from distillq.report import build_report
    from distillq.study import run_study

    base = tmp_path_factory.mktemp("browser")
    with resources.as_file(resources.files("distillq.demo").joinpath("demo.yaml")) as path:
        study = load_study(path)
    study.results_dir = str(base / "demo")
    study.ice.max_queries = 60
    study.rse.sample = 30
    run_study(study)
    good = build_report(base / "demo")

    hostile = base / "hostile"
    shutil.copytree(base / "demo", hostile, ignore=shutil.ignore_patterns("figures", "report.html"))
    resp = hostile / "ice" / "mock_heavy-student" / "ice_responses.jsonl"
    rows = [json.loads(line) for line in resp.read_text(encoding="utf-8").splitlines()]
    first = next(i for i, r in enumerate(rows) if r["loose"])
    rows[first]["response"] = f"{SCRIPT_TEXT} {IMG_TEXT} {BOLD_TEXT}"
    resp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    meta = json.loads((hostile / "study.json").read_text(encoding="utf-8"))
    meta["targets"][0]["label"] = IMG_TEXT + BOLD_TEXT
    (hostile / "study.json").write_text(json.dumps(meta), encoding="utf-8")
    return {"good": good, "hostile": build_report(hostile)}


@pytest.fixture(scope="module")
def browser(reports: dict[str, Path]) -> Iterator[Any]:
    """Started after the reports: playwright's sync API holds an event loop that run_study cannot share."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield ctx
        ctx.close()


def open_page(browser: Any, path: Path) -> tuple[Any, dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"console": [], "errors": [], "requests": []}
    page = browser.new_page()
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, seen


def png_size(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", raw[16:24])


def test_demo_report_renders_without_errors_or_network(
    browser: Any, reports: dict[str, Path], tmp_path: Path
) -> None:
    page, seen = open_page(browser, reports["good"])
    shot = Path(os.environ.get("DISTILLQ_SCREENSHOT") or tmp_path / "report.png")
    page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert shot.stat().st_size > 50_000 and width >= 1000 and height > 3000
    for sid in SECTIONS:
        sec = page.locator(f"section#{sid}")
        assert sec.count() == 1, sid
        assert sec.locator("h2").first.is_visible(), sid
    imgs = page.locator("img")
    assert imgs.count() >= 5
    assert all(imgs.nth(i).evaluate("i => i.complete && i.naturalWidth > 100") for i in range(imgs.count()))
    # an example answer is hidden until its <details> is opened, and no script is needed to open it
    example = page.locator("details.examples").first
    assert not example.locator("pre.answer").first.is_visible()
    example.locator("summary").first.click()
    example.locator("details.inner > summary").first.click()
    assert example.locator("pre.answer").first.is_visible()
    url = reports["good"].resolve().as_uri()
    assert [u for u in seen["requests"] if u != url and not u.startswith("data:")] == []
    assert seen["errors"] == []
    assert [m for m in seen["console"] if m.startswith(("error", "warning"))] == [], seen["console"]
    page.close()


def test_hostile_report_shows_injected_html_as_text(browser: Any, reports: dict[str, Path]) -> None:
    page, seen = open_page(browser, reports["hostile"])
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.get_by_text(SCRIPT_TEXT).first.is_visible()
    assert page.get_by_text(IMG_TEXT + BOLD_TEXT).first.is_visible()
    assert page.locator("b").count() == 0 and page.locator("textarea").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert seen["errors"] == []
    url = reports["hostile"].resolve().as_uri()
    assert [u for u in seen["requests"] if u != url and not u.startswith("data:")] == []
    page.close()
