"""The untrusted-text helpers: lossless JSON, visible controls, CSV cells that are not formulas."""

from __future__ import annotations

import json

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
