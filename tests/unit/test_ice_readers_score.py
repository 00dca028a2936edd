"""Readers (format detection, line-numbered errors) and scoring (intervals, breakdowns, agreement)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from distillq.errors import InputFileError
from distillq.ice.identities import load_cards
from distillq.ice.readers import read_paper_run, read_responses
from distillq.ice.score import summarize
from distillq.ice.types import Verdict


def _write(p: Path, rows: list[dict[str, object]]) -> Path:
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return p


def test_our_jsonl(tmp_path: Path) -> None:
    p = _write(tmp_path / "a.jsonl", [{"query": "q", "response": "r", "loose": "true"}])
    (r,) = read_responses(p)
    assert r["response"] == "r" and r["loose"] is True


def test_paper_raw_and_strict_join(tmp_path: Path) -> None:
    raw = [
        {"jailbreak_prompt": "T {query}", "query": "q1", "target_responses": ["a1"], "eval_results": True},
        {"jailbreak_prompt": "T {query}", "query": "q2", "target_responses": ["a2"], "eval_results": [False]},
    ]
    a = _write(tmp_path / "run.jsonl", raw)
    s = tmp_path / "strict.csv"
    s.write_text(
        'jailbreak_prompt,query,target_responses,eval_results,re_judge\n"T {query}",q1,"[\'a1\']",True,True\n',
        encoding="utf-8",
    )
    rows = read_paper_run(a, s)
    assert [(r["loose"], r["strict"]) for r in rows] == [(True, True), (False, False)]
    assert read_responses(s)[0]["response"] == "a1"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        'jailbreak_prompt,query,target_responses,re_judge\n"T {query}",q9,"[\'zz\']",True\n', encoding="utf-8"
    )
    with pytest.raises(InputFileError, match="matches no row"):
        read_paper_run(a, bad)


def test_bad_line_number(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text('{"query": "q", "response": "r"}\n\n{broken\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"x\.jsonl:3:"):
        read_responses(p)
    p.write_text('{"query": "q"}\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=":1:.*response"):
        read_responses(p)
    empty = tmp_path / "e.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputFileError, match="empty"):
        read_responses(empty)


def _v(loose: bool | None, strict: bool | None = False, claimed: list[str] | None = None) -> Verdict:
    return Verdict(loose=loose, strict=strict, hard=None, claimed=claimed or ["none"])


def test_summarize_counts_intervals_breakdowns() -> None:
    records = [
        {"template_id": "t1", "language": "en", "aspect": "developer", "loose": True, "strict": True},
        {"template_id": "t1", "language": "zh", "aspect": "developer", "loose": False, "strict": False},
        {"template_id": "t2", "language": "en", "aspect": "company", "loose": True, "strict": False},
        {"template_id": "t2", "language": "en", "aspect": "company"},
    ]
    verdicts = [_v(True, True, ["openai"]), _v(False), _v(False), _v(None, None)]
    s = summarize(records, verdicts)
    assert (s["n"], s["scored"], s["unscored"]) == (4, 3, 1)
    assert s["loose"]["count"] == 1 and s["loose"]["score"] == pytest.approx(1 / 3)
    lo, hi = s["loose"]["ci95"]
    assert 0 < lo < 1 / 3 < hi < 1
    assert list(s["per_template"]) == ["t1", "t2"]  # best first
    assert s["per_language"]["en"]["scored"] == 2
    assert s["claimed"]["openai"]["fraction"] == pytest.approx(1 / 3)
    ag = s["agreement"]["loose"]
    assert ag["n"] == 3 and ag["reference_score"] == pytest.approx(2 / 3) and ag["reference_only"] == 1
    json.dumps(s)


def test_trace_scores_are_reported_beside_not_inside() -> None:
    from distillq.ice.types import Verdict

    vs = [
        Verdict(
            False,
            False,
            False,
            ["self"],
            extra={"trace": {"loose": True, "strict": True, "claimed": ["openai"]}},
        ),
        Verdict(True, True, True, ["openai"]),
    ]
    s = summarize([{}, {}], vs)
    assert s["strict"]["count"] == 1 and s["trace"]["strict"]["count"] == 1 and s["trace"]["strict"]["n"] == 1
    assert "trace" not in summarize([{}], vs[1:])


def test_judged_rows_carry_the_trace_verdict_beside_the_answer() -> None:
    from distillq.ice.judgement import judged_row
    from distillq.ice.offline import OfflineJudge

    card = load_cards()["deepseek"]
    v = OfflineJudge().judge("<think>I was trained by OpenAI.</think>I am DeepSeek's assistant.", card, "q")
    row = judged_row({"response": "x", "loose": False}, v)
    assert (row["loose"], row["trace_loose"], row["trace_strict"], row["reference_loose"]) == (
        False,
        True,
        True,
        False,
    )
    assert "trace_loose" not in judged_row({}, OfflineJudge().judge("Hello.", card, "q"))
