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

SECTIONS = ("overview", "ice", "rse", "combined", "answers", "methods")
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
    "script", "label", "select", "option", "input", "button",
}  # fmt: skip


def scripts(html_text: str) -> list[tuple[str, str]]:
    """(attributes, body) of every <script> element."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", html_text, re.S | re.I)


def check_scripts(html_text: str, csp: str) -> None:
    """One JSON data block and one script: ours, allowed by its hash and nothing else."""
    from distillq.report.sections_answers import script_hash, script_text

    found = scripts(html_text)
    assert len(found) == 2 and html_text.lower().count("<script") == 2
    (data_attrs, data), (code_attrs, code) = found
    assert 'type="application/json"' in data_attrs and code_attrs == ""
    assert code == script_text()
    assert f"script-src {script_hash(code)}" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    json.loads(data)  # well-formed, and nothing in it can end the element
    assert not re.search(r"[<>&\u2028\u2029]", data)


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
    imgs = [a for t, a in p.tags if t == "img"]
    assert len(imgs) == len(FIGURES)
    assert all((a.get("src") or "").startswith("data:image/png;base64,") for a in imgs)
    csp = [a for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0].get("content") or "")
    check_scripts(text, csp[0].get("content") or "")
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
    assert "</textarea>" not in text and "<b>" not in text
    csp = [a for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    check_scripts(text, csp[0].get("content") or "")  # the hostile answer is in the data, escaped
    assert not any(k.lower().startswith("on") for _, a in p.tags for k in a)
    assert {t for t, _ in p.tags} <= ALLOWED_TAGS
    shown = "".join(p.text)
    data = json.loads(scripts(text)[0][1])
    assert any(HOSTILE_RESPONSE in row for row in data["ice"]["rows"])
    assert "<script>window.__pwned=1</script>" in shown and "</textarea><b>bold</b>" in shown
    assert HOSTILE_LABEL in shown
    assert (d / "figures" / "ice_scores.png").is_file()  # the $...$ in a label did not break matplotlib


def test_not_a_study_dir(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="study.json"):
        build_report(tmp_path)
    with pytest.raises(InputFileError, match="not a directory"):
        build_report(tmp_path / "missing")


def test_answer_data_covers_every_stored_answer(demo: Path) -> None:
    from distillq.report.answers import ice_answers, rse_pairs, verdict_of
    from distillq.report.data import load_study_dir

    data = load_study_dir(demo)
    rows = ice_answers(data)
    stored = sum(
        len((demo / t["ice_responses"]).read_text(encoding="utf-8").splitlines())
        for t in json.loads((demo / "study.json").read_text())["targets"]
    )
    assert len(rows) == stored and stored > 0
    assert {r["verdict"] for r in rows} <= {"hard", "strict", "loose", "consistent", "unscored", "error"}
    assert verdict_of({"loose": True, "strict": True, "hard": False}) == "strict"
    assert verdict_of({"loose": None}) == "unscored" and verdict_of({"error": "timeout"}) == "error"
    pairs = rse_pairs(data)
    table = json.loads((demo / "rse" / "rse_table.json").read_text())
    assert len(pairs) == len(table["rows"]) * sum(table["promptsets"].values())
    for p in pairs:
        assert all(v is None or 0.0 <= v <= 1.0 for v in p["metrics"].values())
    # the per-pair values average to the table's per-set means (same metric, same prompts)
    first = table["rows"][0]
    mine = [p["metrics"]["lexical"] for p in pairs if p["model"] == first["label"]]
    assert sum(mine) / len(mine) == pytest.approx(first["offline"]["builtin"]["lexical"]["mean"], abs=1e-4)


def test_judge_scores_of_pairs_come_from_rse_run_files(demo: Path, tmp_path: Path) -> None:
    from distillq.report.answers import rse_pairs
    from distillq.report.data import load_study_dir

    d = copy_of(demo, tmp_path / "s")
    edit_json(d / "rse" / "rse_table.json", lambda t: t.update(judge="mock/judge"))
    table = json.loads((d / "rse" / "rse_table.json").read_text())
    test = table["rows"][0]["model"]
    pid = rse_pairs(load_study_dir(d))[0]["prompt_id"]
    verdict = {"style": 4, "logic": 3, "content": 2, "overall": 3.0, "swapped": False, "reason": "close"}
    (d / "rse" / "judge").mkdir()
    slug = test.replace("/", "_")
    (d / "rse" / "judge" / f"{slug}.jsonl").write_text(json.dumps({"prompt_id": pid, **verdict}) + "\n")
    pairs = rse_pairs(load_study_dir(d))
    judged = [p for p in pairs if p["judge"]]
    assert len(judged) == 1 and judged[0]["prompt_id"] == pid
    assert judged[0]["judge"] == {"style": 4, "logic": 3, "content": 2, "overall": 3.0}
    assert judged[0]["judge_reason"] == "close"


def test_json_block_cannot_be_broken_out_of() -> None:
    from distillq.report.sections_answers import json_block

    nasty = "</script><script>alert(1)</script> <!-- & \u2028 \u2029 > \x1b]52;c;x\x07 \x9b \x7f"
    block = json_block({"x": [nasty]})
    body = block[block.index(">") + 1 : block.rindex("</script>")]
    assert not re.search("[<>&\u2028\u2029\x00-\x1f\x7f-\x9f]", body)
    assert json.loads(body) == {"x": [nasty]}


def test_ice_payload_stores_a_prompt_only_when_its_template_cannot_rebuild_it() -> None:
    from distillq.report.sections_answers import ice_payload

    base = {
        "model": "m",
        "template_id": "t1",
        "template": "Say: {query}!",
        "question_id": "q",
        "language": "en",
    }
    base |= {"aspect": "a", "verdict": "loose", "claimed": ["openai"], "reason": "r", "error": None}
    rows = [
        base | {"query": "Who?", "prompt": "Say: Who?!", "response": "I am GPT."},
        base | {"query": "Where?", "prompt": "edited by hand", "response": "Here."},
    ]
    payload = ice_payload(rows)
    assert payload["models"] == ["m"] and payload["templates"] == {"t1": "Say: {query}!"}
    assert payload["rows"][0][10] is None and payload["rows"][1][10] == "edited by hand"
    assert payload["rows"][0][8] == "I am GPT." and payload["rows"][0][6] == ["openai"]


def test_report_wording_plurals_tiny_claims_and_a_single_candidate(demo: Path, tmp_path: Path) -> None:
    from distillq.report.tables import plural, share

    assert plural(1, "answer") == "1 answer" and plural(2, "answer") == "2 answers"
    assert share(0.001) == "<1%" and share(0.0) == "0%" and share(0.236) == "24%"
    d = copy_of(demo, tmp_path / "s")
    path = d / "ice" / "mock_independent" / "ice_summary.json"

    def tiny_claim(s: dict[str, Any]) -> None:
        s["claimed"] = {
            "self": {"count": 599, "fraction": 0.998},
            "fictional": {"count": 1, "fraction": 0.002},
        }

    edit_json(path, tiny_claim)
    text = build_report(d).read_text(encoding="utf-8")
    assert "fictional (0%)" not in text and "1 (&lt;1%)" in text
    assert " 1 answers" not in text
    assert "single candidate, teacher" in text  # the demo ranks against one candidate teacher


def test_lineage_tree_labels_are_readable() -> None:
    from distillq.report import plots

    fig = plots.dendrogram(["a-model", "b-model", "c-model"], [[1, 0.9, 0.2], [0.9, 1, 0.3], [0.2, 0.3, 1]])
    sizes = [t.get_fontsize() for t in fig.axes[0].get_yticklabels()]
    assert len(sizes) == 3 and min(sizes) >= 11  # shown at half the page's width: small type is unreadable
    assert fig.get_size_inches()[0] <= 5.5
