"""The report's answer browser at scale: build time, page size and in-browser speed at N ICE answers.

    python benchmarks/bench_report_browser.py [--answers 20000]

Runs the demo study offline, grows one model's ICE answers to N distinct ones, builds the report,
and opens it in headless Chromium (/usr/bin/chromium): time to a rendered first page, and the time
a filter and a text search take to re-render (measured in the page, debounce excluded).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from importlib import resources
from pathlib import Path

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def build(base: Path, n: int) -> tuple[Path, float]:
    from distillq.config import load_study
    from distillq.report import build_report
    from distillq.study import run_study

    with resources.as_file(resources.files("distillq.demo").joinpath("demo.yaml")) as path:
        study = load_study(path)
    study.results_dir = str(base / "demo")
    run_study(study)
    resp = base / "demo" / "ice" / "mock_heavy-student" / "ice_responses.jsonl"
    rows = [json.loads(line) for line in resp.read_text(encoding="utf-8").splitlines()]
    with resp.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["response"] = f"{row['response']} (variant {i})"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    t = time.perf_counter()
    out = build_report(base / "demo")
    return out, time.perf_counter() - t


def in_browser(report: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        page = ctx.new_page()
        t = time.perf_counter()
        page.goto(report.resolve().as_uri(), wait_until="load")
        page.wait_for_selector("[data-browser=ice] tbody tr.row")
        loaded = time.perf_counter() - t
        timings = page.evaluate(
            """async () => {
              const root = document.querySelector('[data-browser=ice]');
              const count = root.querySelector('.count');
              const sel = root.querySelector('select[data-filter=model]');
              let t = performance.now();
              sel.value = sel.options[1].value; sel.dispatchEvent(new Event('change'));
              const filter = performance.now() - t;
              sel.value = ''; sel.dispatchEvent(new Event('change'));
              const input = root.querySelector('input[data-filter=q]');
              t = performance.now();
              input.value = 'variant 1234'; input.dispatchEvent(new Event('input'));
              while (count.dataset.q !== 'variant 1234') { await new Promise(r => setTimeout(r, 1)); }
              return {filter_ms: filter, search_ms: performance.now() - t - 120};  /* less the debounce */
            }"""
        )
        ctx.close()
    return {"load_s": loaded, **timings}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=20_000)
    n = ap.parse_args().answers
    base = Path(tempfile.mkdtemp())
    try:
        report, seconds = build(base, n)
        res = in_browser(report)
        print(f"answers {n}: report {report.stat().st_size / 1e6:.1f} MB, built in {seconds:.1f} s")
        print(
            f"chromium: first page rendered {res['load_s']:.2f} s after navigation; "
            f"model filter re-render {res['filter_ms']:.0f} ms; text search re-render {res['search_ms']:.0f} ms (after the 120 ms debounce)"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
