"""build_report on a fresh (small) demo study: sections, files, escaping, no network loads, variants."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from distillq.errors import InputFileError
from distillq.report import build_report

SECTIONS = ("overview", "ice", "rse", "combined", "methods")
FIGURES = ("ice_scores", "ice_claims", "rse_metrics", "rse_heatmap", "rse_lineage", "combined")
HOSTILE_RESPONSE = (
    'I am <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2"> '
    "then </textarea><b>bold</b> done"
)
HOSTILE_LABEL = '<img src=x onerror="window.__pwned=2">$x$-</textarea><b>bold</b>'
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "nav", "span", "a", "main", "header", "p", "strong",
    "pre", "div", "section", "h1", "h2", "h3", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "code", "details", "summary", "figure", "img", "figcaption", "footer",
}  # fmt: skip


def run_small_demo(out: Path) -> Path:
    """The packaged demo study, made smaller so the test stays fast."""
    from distillq.config import load_study
    from distillq.study import run_study

    with resources.as_file(resources.files("distillq.demo").joinpath("demo.yaml")) as path:
        study = load_study(path)
    study.results_dir = str(out)
    study.ice.max_queries = 60
    study.rse.sample = 30
    run_study(study)
    return out


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html_text: str) -> TagCollector:
    p = TagCollector()
    p.feed(html_text)
    return p


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_small_demo(tmp_path_factory.mktemp("demo"))


def copy_of(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("figures", "report.html", "summary.*"))
    return dst


def edit_json(path: Path, fn: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_full_report_sections_files_and_no_network(demo: Path) -> None:
    out = build_report(demo)
    assert out == demo / "report.html"
    text = out.read_text(encoding="utf-8")
    p = parse(text)
    ids = [a.get("id") for t, a in p.tags if t == "section"]
    assert ids == list(SECTIONS)
    assert "These models are synthetic" in text and "distillq run examples/paper-study.yaml" in text
    # every label and the reference appear; the ICE table shows the scores from the summary
    summary = json.loads((demo / "ice" / "mock_heavy-student" / "ice_summary.json").read_text())
    assert f"{summary['strict']['score']:.3f}" in text
    assert "heavy-student" in text and "mock/teacher" in text
    for name in FIGURES:
        for ext in ("png", "svg"):
            f = demo / "figures" / f"{name}.{ext}"
            assert f.is_file() and f.stat().st_size > 2000, f
    assert (demo / "figures" / "ice_scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # no network loads, no scripts, images only as data URIs, a strict CSP
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "<script" not in text.lower()
    imgs = [a for t, a in p.tags if t == "img"]
    assert len(imgs) == len(FIGURES)
    assert all((a.get("src") or "").startswith("data:image/png;base64,") for a in imgs)
    csp = [a for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0].get("content") or "")
    assert "script-src" not in (csp[0].get("content") or "")
    assert {t for t, _ in p.tags} <= ALLOWED_TAGS
    assert len(text) < 3_000_000


def test_summary_csv_and_json(demo: Path) -> None:
    build_report(demo)
    rows = list(csv.DictReader((demo / "summary.csv").open(encoding="utf-8")))
    meta = json.loads((demo / "study.json").read_text())
    assert [r["model"] for r in rows] == [t["model"] for t in meta["targets"]]
    js = json.loads((demo / "summary.json").read_text())
    assert len(js["rows"]) == len(rows) and js["synthetic"] is True
    table = json.loads((demo / "rse" / "rse_table.json").read_text())
    for r, jr in zip(rows, js["rows"], strict=True):
        s = json.loads((demo / "ice" / ("mock_" + r["label"]) / "ice_summary.json").read_text())
        assert float(r["strict"]) == pytest.approx(s["strict"]["score"])
        assert float(r["loose_ci_low"]) <= float(r["loose"]) <= float(r["loose_ci_high"])
        top = max(s["claimed"].items(), key=lambda kv: kv[1]["count"])[0]
        assert r["top_claim"] == top
        row = next(x for x in table["rows"] if x["model"] == r["model"])
        assert float(r["rse_offline_average"]) == pytest.approx(row["offline_average"])
        assert jr["rse_judge_average"] is None and r["rse_judge_average"] == ""
        assert r["top_teacher"] == "teacher" and r["degree"] != ""


def test_custom_out_path(demo: Path, tmp_path: Path) -> None:
    out = build_report(demo, tmp_path / "sub" / "r.html")
    assert out.is_file() and out.parent.name == "sub"


def test_without_rse(demo: Path, tmp_path: Path) -> None:
    d = copy_of(demo, tmp_path / "s")
    edit_json(d / "study.json", lambda m: m.update(rse_enabled=False, rse=None))
    shutil.rmtree(d / "rse")
    text = build_report(d).read_text(encoding="utf-8")
    assert all(f'<section id="{s}">' in text for s in SECTIONS)
    assert "RSE was not run" in text and "needs both ICE and RSE" in text
    assert (d / "figures" / "ice_scores.png").is_file()
    assert not (d / "figures" / "rse_heatmap.png").exists()
    rows = list(csv.DictReader((d / "summary.csv").open(encoding="utf-8")))
    assert rows[0]["rse_offline_average"] == "" and rows[0]["strict"] != ""


def test_without_ice(demo: Path, tmp_path: Path) -> None:
    d = copy_of(demo, tmp_path / "s")

    def drop_ice(m: dict[str, Any]) -> None:
        m["ice_enabled"] = False
        m["targets"] = [{"model": t["model"], "label": t["label"]} for t in m["targets"]]

    edit_json(d / "study.json", drop_ice)
    shutil.rmtree(d / "ice")
    text = build_report(d).read_text(encoding="utf-8")
    assert all(f'<section id="{s}">' in text for s in SECTIONS)
    assert "ICE was not run" in text
    assert (d / "figures" / "rse_heatmap.png").is_file()
    assert not (d / "figures" / "ice_scores.png").exists()
    rows = list(csv.DictReader((d / "summary.csv").open(encoding="utf-8")))
    assert rows[0]["strict"] == "" and rows[0]["rse_offline_average"] != ""


def test_with_judge_blocks(demo: Path, tmp_path: Path) -> None:
    d = copy_of(demo, tmp_path / "s")

    def add_judge(t: dict[str, Any]) -> None:
        t["judge"] = "mock/judge"
        for i, row in enumerate(t["rows"]):
            block = {"n": 30, "unscored": 2, "missing": 0}
            for k, v in (("style", 4.1), ("logic", 3.9), ("content", 3.7), ("overall", 3.5 + i / 10)):
                block[k] = {"mean": v, "ci95": [v - 0.2, v + 0.2]}
            row["judge"] = {name: block for name in row["offline"]}
            row["judge_average"] = 3.5 + i / 10

    edit_json(d / "rse" / "rse_table.json", add_judge)
    text = build_report(d).read_text(encoding="utf-8")
    assert "LLM judge (mock/judge)" in text and "1–5" in text
    # the 'content' aspect with its interval, as the judge aspect table shows it
    assert '<span class="v">3.70</span> <span class="ci">[3.50, 3.90]</span>' in text
    js = json.loads((d / "summary.json").read_text())
    assert [r["rse_judge_average"] for r in js["rows"]] == pytest.approx([3.5, 3.6, 3.7])


def test_hostile_data_is_escaped(demo: Path, tmp_path: Path) -> None:
    d = copy_of(demo, tmp_path / "s")
    resp = d / "ice" / "mock_heavy-student" / "ice_responses.jsonl"
    rows = [json.loads(line) for line in resp.read_text(encoding="utf-8").splitlines()]
    first = next(i for i, r in enumerate(rows) if r["loose"])
    rows[first]["response"] = HOSTILE_RESPONSE
    rows[first]["query"] = HOSTILE_RESPONSE
    resp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    def relabel(m: dict[str, Any]) -> None:
        m["targets"][0]["label"] = HOSTILE_LABEL
        m["description"] = HOSTILE_RESPONSE

    edit_json(d / "study.json", relabel)
    text = build_report(d).read_text(encoding="utf-8")
    p = parse(text)
    assert "<script" not in text.lower() and "</textarea>" not in text and "<b>" not in text
    assert not any(k.lower().startswith("on") for _, a in p.tags for k in a)
    assert {t for t, _ in p.tags} <= ALLOWED_TAGS
    shown = "".join(p.text)
    assert "<script>window.__pwned=1</script>" in shown and "</textarea><b>bold</b>" in shown
    assert HOSTILE_LABEL in shown
    assert (d / "figures" / "ice_scores.png").is_file()  # the $...$ in a label did not break matplotlib


def test_not_a_study_dir(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="study.json"):
        build_report(tmp_path)
    with pytest.raises(InputFileError, match="not a directory"):
        build_report(tmp_path / "missing")
