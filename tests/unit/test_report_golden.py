"""The report renders the same text from a fixed study directory, whatever reads its files.

tests/data/report_study is a small synthetic study (mock models: two targets, ICE, RSE on two prompt
sets with two candidate teachers) written by distillq itself; report_study.txt is its report's text
as the report rendered it when it read those files by string keys. The report now reads them through
the typed results (`distillq.results`); this test shows nothing it says changed. summary.json is
compared whole. After a deliberate change of the report's wording, regenerate the text with
DISTILLQ_REGEN_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from distillq.api import build_report

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "report_study"
GOLDEN = DATA / "report_study.txt"
GOLDEN_SUMMARY = DATA / "report_study_summary.json"


def report_text(page: str) -> str:
    """What a reader sees: no scripts, styles or drawings; one line per block of text."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S | re.I)
    blocks = r"p|div|h\d|tr|li|dt|dd|caption|pre|figcaption|header|section|details|summary"
    page = re.sub(rf"(?=<(?:{blocks})\b)", "\n", page)  # a line break before each block
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def test_report_text_unchanged(tmp_path: Path) -> None:
    study = tmp_path / "report_study"
    shutil.copytree(FIXTURE, study)
    text = report_text(build_report(study).read_text(encoding="utf-8"))
    summary = json.loads((study / "summary.json").read_text(encoding="utf-8"))
    if os.environ.get("DISTILLQ_REGEN_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
        GOLDEN_SUMMARY.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        pytest.skip("golden report text rewritten")
    # the sections that read typed results are all there, with their numbers
    for needle in ("paper's table", "Teacher attribution", "ICE against RSE", "all prompt sets pooled"):
        assert needle in text
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert summary == json.loads(GOLDEN_SUMMARY.read_text(encoding="utf-8"))
