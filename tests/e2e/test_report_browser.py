"""The demo's report in real headless Chromium: renders, no errors, no network, hostile text stays text."""

from __future__ import annotations

import json
import os
import re
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
SECTIONS = ("overview", "ice", "rse", "combined", "answers", "methods")
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
    return {"good": good, "hostile": build_report(hostile), "big": big_report(base)}


NEEDLE = "a needle answer, number 17,389 of twenty thousand"
BIG = 20_000


def big_report(base: Path) -> Path:
    """The demo study with 20,000 ICE answers for one model (every one distinct), one of them the needle."""
    from distillq.report import build_report

    big = base / "big"
    shutil.copytree(base / "demo", big, ignore=shutil.ignore_patterns("figures", "report.html"))
    resp = big / "ice" / "mock_heavy-student" / "ice_responses.jsonl"
    rows = [json.loads(line) for line in resp.read_text(encoding="utf-8").splitlines()]
    with resp.open("w", encoding="utf-8") as fh:
        for i in range(BIG):
            row = dict(rows[i % len(rows)])
            row["response"] = NEEDLE if i == 17_389 else f"{row['response']} (variant {i})"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return build_report(big)


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
        # Playwright's 30 s default bounds every wait (page load, a search's re-render); a loaded
        # machine parsing the 20,000-answer report needs more. Waits still return as soon as they hold.
        ctx.set_default_timeout(120_000)
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


def stored_answers(study: Path) -> int:
    """How many ICE answers the study's files hold."""
    targets = json.loads((study / "study.json").read_text())["targets"]
    return sum(len((study / t["ice_responses"]).read_text(encoding="utf-8").splitlines()) for t in targets)


def no_network(seen: dict[str, list[str]], path: Path) -> list[str]:
    url = path.resolve().as_uri()
    return [u for u in seen["requests"] if u != url and not u.startswith("data:")]


def ice_count(page: Any) -> str:
    return str(page.locator("[data-browser=ice] .count").text_content())


def visible_cells(page: Any, kind: str, column: int) -> list[str]:
    return [
        str(x)
        for x in page.locator(
            f"[data-browser={kind}] tbody tr.row td:nth-child({column})"
        ).all_text_contents()
    ]


def search(page: Any, kind: str, text: str) -> None:
    page.fill(f"[data-browser={kind}] input[data-filter=q]", text)
    page.wait_for_function(
        "([k, t]) => document.querySelector(`[data-browser=${k}] .count`).dataset.q === t", arg=[kind, text]
    )


def test_answer_browser_filters_search_and_sort(browser: Any, reports: dict[str, Path]) -> None:
    page, seen = open_page(browser, reports["good"])
    demo = reports["good"].parent
    total = stored_answers(demo)
    assert f"of {total:,} answers." in ice_count(page)
    assert page.locator("[data-browser=ice] tbody tr.row").count() == 50  # one page, not every answer
    # the model filter shows only that model's answers
    page.select_option("[data-browser=ice] select[data-filter=model]", "independent")
    assert set(visible_cells(page, "ice", 1)) == {"independent"}
    n_model = int(ice_count(page).split(" of ")[1].split()[0].replace(",", ""))
    assert 0 < n_model < total
    # a verdict filter on top narrows further, and every shown row has that verdict
    options = page.locator("[data-browser=ice] select[data-filter=verdict] option").all_inner_texts()
    verdict = next(o.split(" (")[0] for o in options[1:] if not o.startswith("consistent"))
    page.select_option("[data-browser=ice] select[data-filter=model]", "")
    page.select_option("[data-browser=ice] select[data-filter=verdict]", verdict)
    assert set(visible_cells(page, "ice", 2)) == {verdict}
    page.select_option("[data-browser=ice] select[data-filter=verdict]", "")
    # search finds a known stored answer, and clicking it shows the whole text
    rows = [
        json.loads(x) for x in (demo / "ice/mock_light-student/ice_responses.jsonl").open(encoding="utf-8")
    ]
    known = max(rows, key=lambda r: len(r["response"]))["response"]
    words = " ".join(known.split()[:12])
    search(page, "ice", words)
    found = page.locator("[data-browser=ice] tbody tr.row")
    assert 1 <= found.count() <= 50
    for i in range(found.count()):
        found.nth(i).click()
    assert known in page.locator("[data-browser=ice] tr.detail pre.answer").all_text_contents()
    search(page, "ice", "no answer has this zqxw phrase")
    assert ice_count(page) == "No answers match."
    search(page, "ice", "")
    # sorting by model puts the rows in order
    page.locator("[data-browser=ice] th button", has_text="model").click()
    models = visible_cells(page, "ice", 1)
    assert models == sorted(models)
    # RSE: a pair side by side with its metric values
    rse_resp = demo / "rse" / "responses" / "mock_heavy-student.jsonl"
    pair = json.loads(rse_resp.read_text(encoding="utf-8").splitlines()[3])
    search(page, "rse", " ".join(pair["response"].split()[:14]))
    page.locator("[data-browser=rse] tbody tr.row").first.click()
    detail = page.locator("[data-browser=rse] tr.detail").first
    assert pair["response"] in str(detail.locator("pre.answer").nth(1).text_content())
    assert "reference answer" in str(detail.text_content())
    assert re.search(r"lexical [01]\.\d{3} · structural [01]\.\d{3}", str(detail.text_content()))
    page.locator("[data-browser=rse] th button", has_text="overall").click()
    overall = [float(x) for x in visible_cells(page, "rse", 7)]
    assert overall == sorted(overall, reverse=True)
    assert seen["errors"] == [] and no_network(seen, reports["good"]) == []
    assert [m for m in seen["console"] if m.startswith(("error", "warning"))] == [], seen["console"]
    page.close()


def test_tables_fit_at_1280_px(browser: Any, reports: dict[str, Path]) -> None:
    page, _ = open_page(browser, reports["good"])
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # every table's box stays inside the page; a wide one scrolls inside its own box
    outside = page.evaluate(
        "Array.from(document.querySelectorAll('.tw')).filter(w => w.getBoundingClientRect().right > 1280).length"
    )
    assert outside == 0
    page.close()


def test_hostile_answer_is_inert_in_the_browser(browser: Any, reports: dict[str, Path]) -> None:
    page, seen = open_page(browser, reports["hostile"])
    search(page, "ice", "window.__pwned=2")
    assert page.locator("[data-browser=ice] tbody tr.row").count() == 1
    page.locator("[data-browser=ice] tbody tr.row").first.click()
    shown = str(page.locator("[data-browser=ice] tr.detail pre.answer").first.text_content())
    assert SCRIPT_TEXT in shown and IMG_TEXT in shown and BOLD_TEXT in shown
    assert page.locator("[data-browser] b").count() == 0 and page.locator("img[src='x']").count() == 0
    page.select_option("[data-browser=ice] select[data-filter=model]", IMG_TEXT + BOLD_TEXT)
    assert set(visible_cells(page, "ice", 1)) == {IMG_TEXT + BOLD_TEXT}
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert seen["errors"] == [] and no_network(seen, reports["hostile"]) == []
    page.close()


def test_twenty_thousand_answers_stay_usable(browser: Any, reports: dict[str, Path]) -> None:
    page, seen = open_page(browser, reports["big"])
    total = stored_answers(reports["big"].parent)
    assert total > BIG and f"Showing 1–50 of {total:,} answers." == ice_count(page)
    assert page.locator("[data-browser=ice] tbody tr").count() <= 100  # 50 rows and their closed details
    search(page, "ice", "needle answer, number 17,389")
    assert ice_count(page) == f"Showing 1–1 of 1 answer ({total:,} in all)."
    page.locator("[data-browser=ice] tbody tr.row").first.click()
    assert NEEDLE in str(page.locator("[data-browser=ice] tr.detail pre.answer").first.text_content())
    search(page, "ice", "")
    page.select_option("[data-browser=ice] select[data-filter=model]", "heavy-student")
    page.locator("[data-browser=ice] [data-page=next]").click()
    assert "page 2 of " in str(page.locator("[data-browser=ice] .page").text_content())
    assert ice_count(page) == f"Showing 51–100 of {BIG:,} answers ({total:,} in all)."
    assert seen["errors"] == [] and no_network(seen, reports["big"]) == []
    page.close()
