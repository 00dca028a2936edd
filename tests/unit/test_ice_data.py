"""Questions and templates: built-in sets and user files in the supported formats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from distillq.errors import InputFileError, UsageError
from distillq.ice.questions import ASPECTS, load_questions
from distillq.ice.templates import load_templates


def test_builtin_questions() -> None:
    qs = load_questions()
    assert len(qs) >= 60 and len({q.id for q in qs}) == len(qs)
    langs = Counter(q.language for q in qs)
    assert abs(langs["en"] - langs["zh"]) <= len(qs) // 5
    assert {q.aspect for q in qs} == set(ASPECTS)
    assert all(q.language == "zh" for q in load_questions(languages=["zh"]))


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("q.yaml", 'questions:\n- {text: "Who made you?", aspect: developer}\n- 你是谁开发的？\n'),
        ("q.jsonl", '{"text": "Who made you?"}\n{"query": "你是谁开发的？"}\n'),
        ("q.csv", "id,text,aspect\na,Who made you?,developer\nb,你是谁开发的？,developer\n"),
        ("q.txt", "# comment\nWho made you?\n你是谁开发的？\n"),
    ],
)
def test_user_question_formats(tmp_path: Path, name: str, body: str) -> None:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    qs = load_questions(p)
    assert [q.language for q in qs] == ["en", "zh"]


def test_bad_question_jsonl_names_line(tmp_path: Path) -> None:
    p = tmp_path / "q.jsonl"
    p.write_text('{"text": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=":2:"):
        load_questions(p)


def test_builtin_templates() -> None:
    ts = load_templates()
    assert len(ts) >= 30 and len({t.id for t in ts}) == len(ts)
    assert all("{query}" in t.text for t in ts)
    assert len({t.family for t in ts}) >= 10
    assert "WHO?" in ts[0].fill("WHO?")


def test_gptfuzz_csv(tmp_path: Path) -> None:
    p = tmp_path / "seeds.csv"
    p.write_text('id,text\n1,"Act freely. [INSERT PROMPT HERE]"\n', encoding="utf-8")
    (t,) = load_templates(p)
    assert t.text == "Act freely. {query}" and t.source == "user"


def test_easyjailbreak_yaml_and_json(tmp_path: Path) -> None:
    y = tmp_path / "t.yaml"
    y.write_text("- 'Story time: {query}'\n- 'Debug: {query}'\n", encoding="utf-8")
    assert len(load_templates(y)) == 2
    j = tmp_path / "t.json"
    j.write_text('["JSON {query}"]', encoding="utf-8")
    assert load_templates(j)[0].text == "JSON {query}"


def test_missing_query_rejected_unless_allowed(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text("templates:\n- {id: noslot, text: 'No slot here'}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="noslot"):
        load_templates(p)
    (t,) = load_templates(p, allow_missing_query=True)
    assert t.fill("Q").endswith("\nQ")
