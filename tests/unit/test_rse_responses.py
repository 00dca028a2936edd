"""Response readers: format detection, alignment, missing prompts and bad files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from distillq.errors import InputFileError
from distillq.rse.responses import align, load_aligned, load_responses


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_three_formats_align_by_id_and_text(tmp_path: Path) -> None:
    ours = _write(
        tmp_path / "responses.jsonl",
        [
            {"prompt_id": "q1", "prompt": "What is 2+2?", "model": "ours", "response": "4"},
            {"prompt_id": "q2", "prompt": "Name a colour.", "model": "ours", "response": "Red"},
        ],
    )
    alpaca = tmp_path / "model_outputs.json"
    alpaca.write_text(
        json.dumps(
            [
                {"instruction": "What is 2+2?", "output": "Four", "generator": "alp"},
                {"instruction": "Name a colour.", "output": "Blue", "generator": "alp"},
            ]
        ),
        encoding="utf-8",
    )
    arena = tmp_path / "arena.jsonl"
    _write(
        arena,
        [
            {
                "uid": "q1",
                "model": "ah",
                "messages": [
                    {"role": "user", "content": "What is 2+2?"},
                    {"role": "assistant", "content": {"answer": "2+2=4"}},
                ],
            },
        ],
    )
    al = load_aligned([ours, alpaca, arena])
    assert al.models == ["ours", "alp", "ah"]
    assert al.prompt_keys == ["q1"]
    assert al.as_dict()["alp"]["q1"] == "Four"
    assert al.as_dict()["ah"]["q1"] == "2+2=4"
    assert al.missing == {"ah": ["q2"]}


def test_model_name_falls_back_to_file_stem(tmp_path: Path) -> None:
    path = _write(tmp_path / "mystery-model.jsonl", [{"prompt_id": "a", "response": "x"}])
    assert list(load_responses([path])) == ["mystery-model"]


def test_folder_is_expanded(tmp_path: Path) -> None:
    for name in ("a", "b"):
        with gzip.open(tmp_path / f"{name}.jsonl.gz", "wt") as fh:
            fh.write(json.dumps({"instruction": "hi", "output": name, "generator": name}) + "\n")
    (tmp_path / "notes.txt").write_text("ignored")
    al = load_aligned([tmp_path])
    assert sorted(al.models) == ["a", "b"]


def test_bad_record_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"prompt_id": "a", "response": "x"}\n{"nothing": 1}\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"r.jsonl:2"):
        load_responses([path])


def test_invalid_json_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"prompt_id": "a", "response": "x"}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"r.jsonl:3"):
        load_responses([path])


def test_missing_path_and_single_model(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        load_responses([tmp_path / "nope.jsonl"])
    one = _write(tmp_path / "one.jsonl", [{"prompt_id": "a", "response": "x", "model": "m"}])
    with pytest.raises(InputFileError, match="at least two models"):
        load_aligned([one])


def test_align_keeps_first_seen_order() -> None:
    from distillq.rse.responses import ResponseItem

    data = {
        "m1": {k: ResponseItem("m1", k, None, k.upper()) for k in ("c", "a", "b")},
        "m2": {k: ResponseItem("m2", k, None, k) for k in ("a", "b", "c")},
    }
    al = align(data)
    assert al.prompt_keys == ["c", "a", "b"]
    assert al.responses[0] == ["C", "A", "B"]


def test_shared_alpaca_eval(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "alpaca-eval"
    al = load_aligned([folder / "alpaca-7b.jsonl.gz", folder / "alpaca-7b_concise.jsonl.gz"])
    assert al.models == ["alpaca-7b", "alpaca-7b_concise"]
    assert len(al.prompt_keys) == 804
    assert len(al.missing["alpaca-7b_concise"]) == 1


def test_shared_arena_hard(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "arena-hard-v0.1"
    by_model = load_responses([folder / "gpt-4-0314.jsonl.gz", folder / "gpt-3.5-turbo-0125.jsonl.gz"])
    assert set(by_model) == {"gpt-4-0314", "gpt-3.5-turbo-0125"}
    items = by_model["gpt-4-0314"]
    assert len(items) == 500
    assert all(isinstance(it.response, str) and it.response for it in items.values())


def test_failed_answers_count_as_missing(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [{"prompt_id": k, "response": k, "model": "a"} for k in ("p1", "p2")])
    b = _write(
        tmp_path / "b.jsonl",
        [
            {"prompt_id": "p1", "response": "x", "model": "b"},
            {"prompt_id": "p2", "response": None, "model": "b"},
        ],
    )
    al = load_aligned([a, b])
    assert al.prompt_keys == ["p1"]
    assert al.missing == {"b": ["p2"]}
