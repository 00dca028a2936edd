"""The untrusted-text helpers: lossless JSON, visible controls, CSV cells that are not formulas."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from distillq.textsafe import csv_cell, dumps, normalise_answer, visible


def test_dumps_is_valid_utf8_and_lossless() -> None:
    obj = {"t": "a\ud800b é"}
    text = dumps(obj)
    text.encode("utf-8")  # no UnicodeEncodeError
    assert json.loads(text) == obj
    assert dumps({"t": "é"}) == '{"t": "é"}'  # readable when nothing needs escaping


def test_visible_escapes_controls_only() -> None:
    assert visible("a\x1b[31mb\x07\x00\x9b\tc\nd") == "a\\x1b[31mb\\x07\\x00\\x9b\tc\nd"
    assert visible("x\ny", keep_newlines=False) == "x\\x0ay"
    assert visible("日本 [bold]") == "日本 [bold]"


def test_csv_cell() -> None:
    for bad in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(bad) == "'" + bad
    assert csv_cell("fine") == "fine" and csv_cell(-1.5) == -1.5 and csv_cell(None) is None


def test_normalise_answer_keeps_the_raw_text() -> None:
    text, reasoning, raw = normalise_answer("a\udc80", None)
    assert text == "a\ufffd" and reasoning is None
    assert raw is not None and json.loads(raw)["text"] == "a\udc80"
    assert normalise_answer("ok", "fine") == ("ok", "fine", None)


def test_plot_label_is_one_visible_line_without_math_markup() -> None:
    from distillq.textsafe import plot_label

    label = plot_label("gpt\x1b[31m-4o\n\tmini $x^2$ \x00", 64)
    assert "\x1b" not in label and "\x00" not in label and "\n" not in label and "\t" not in label
    assert "\\x1b" in label and "\\x00" in label
    assert "\\$x^2\\$" in label
    assert plot_label("a" * 50, 10) == "a" * 9 + "\u2026"


def test_dendrogram_labels_go_through_plot_label(tmp_path: Path) -> None:
    import numpy as np

    from distillq.rse.plots import dendrogram

    sim = np.array([[1.0, 0.8, 0.3], [0.8, 1.0, 0.4], [0.3, 0.4, 1.0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = dendrogram(sim, ["a\x07bell", "b\x1b[2J", "c"], tmp_path / "tree")
    # matplotlib warns "Glyph 7 (\x07) missing from font" when a control character reaches a label
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert all(p.stat().st_size > 0 for p in paths)
