"""Prompt-set loaders: every supported format, sampling, named sets and bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from distillq.errors import InputFileError, UsageError
from distillq.rse.promptsets import Prompt, load_prompt_file, load_promptset, sample_prompts


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_builtin_set_is_ours_and_balanced() -> None:
    prompts = load_promptset("builtin")
    assert 90 <= len(prompts) <= 120
    assert len({p.id for p in prompts}) == len(prompts)
    zh = [p for p in prompts if p.language == "zh"]
    assert 0.15 <= len(zh) / len(prompts) <= 0.35
    assert {p.category for p in prompts} == {"coding", "maths", "advice", "writing", "facts", "reasoning"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p.text) for p in zh)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"uid": "a1", "prompt": "Arena question"}, ("a1", "Arena question")),
        ({"problem": "Solve 2+2"}, (None, "Solve 2+2")),
        (
            {"conversations": [{"from": "gpt", "value": "hi"}, {"from": "human", "value": "Hello?"}]},
            (None, "Hello?"),
        ),
        ({"instruction": "Alpaca instr", "output": "x"}, (None, "Alpaca instr")),
        ({"messages": [{"role": "user", "content": "From messages"}]}, (None, "From messages")),
        ({"text": "Plain text"}, (None, "Plain text")),
    ],
)
def test_each_format_is_recognised(
    tmp_path: Path, row: dict[str, object], expected: tuple[str | None, str]
) -> None:
    prompts = load_prompt_file(_jsonl(tmp_path / "set.jsonl.gz", [row]))
    assert len(prompts) == 1
    assert prompts[0].text == expected[1]
    if expected[0]:
        assert prompts[0].id == expected[0]
    else:
        assert len(prompts[0].id) == 12  # content hash


def test_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"prompt": "one"}, {"prompt": "two"}]), encoding="utf-8")
    assert [p.text for p in load_prompt_file(path)] == ["one", "two"]


def test_bad_line_reports_line_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"prompt": "ok"}\n{"prompt": \n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad.jsonl:2"):
        load_prompt_file(path)


def test_record_without_prompt_is_an_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "x.jsonl", [{"prompt": "ok"}, {"foo": 1}])
    with pytest.raises(InputFileError, match=r"x.jsonl:2"):
        load_prompt_file(path)


def test_sampling_is_deterministic_and_order_independent() -> None:
    prompts = [Prompt(id=f"p{i}", text=f"t{i}") for i in range(50)]
    a = sample_prompts(prompts, 10, seed=3)
    b = sample_prompts(list(reversed(prompts)), 10, seed=3)
    c = sample_prompts(prompts, 10, seed=4)
    assert len(a) == 10
    assert {p.id for p in a} == {p.id for p in b}
    assert {p.id for p in a} != {p.id for p in c}
    assert sample_prompts(prompts, None) == prompts


def test_named_set_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(tmp_path / "numina.jsonl", [{"problem": f"problem {i}"} for i in range(20)])
    monkeypatch.setenv("DISTILLQ_DATA_NUMINA", str(path))
    prompts = load_promptset("numina", sample=5, seed=1)
    assert len(prompts) == 5
    assert all(p.source == "numina" for p in prompts)


def test_named_set_without_local_file_or_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISTILLQ_DATA_SHAREGPT", raising=False)
    monkeypatch.setitem(__import__("sys").modules, "datasets", None)  # import fails
    with pytest.raises(UsageError, match="local"):
        load_promptset("sharegpt")


def test_unknown_name() -> None:
    with pytest.raises(UsageError, match="unknown prompt set"):
        load_promptset("no-such-set-or-file")


def test_arena_hard_questions(shared_dir: Path) -> None:
    prompts = load_promptset(shared_dir / "data" / "arena-hard-v0.1" / "question.jsonl.gz")
    assert len(prompts) == 500
    assert len({p.id for p in prompts}) == 500
    assert all(p.text.strip() for p in prompts)
