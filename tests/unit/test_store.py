"""The store: cache keys, durable answers, journal, verdicts, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from distillq.errors import UsageError
from distillq.export import export_run
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest, ModelOutput, Usage
from distillq.store import Store, request_key


def test_key_depends_on_what_changes_the_answer() -> None:
    a = parse_model("mock/echo")
    r = ChatRequest.from_prompt("hi")
    k = request_key(a, r)
    assert k == request_key(a, ChatRequest.from_prompt("hi", id="other-id"))  # ids do not matter
    assert k != request_key(a, ChatRequest.from_prompt("hi", sample=1))
    assert k != request_key(a, ChatRequest.from_prompt("hi!"))
    assert k != request_key(parse_model("mock/echo", {"temperature": 0.5}), r)
    assert k != request_key(parse_model("mock/teacher"), r)


def test_roundtrip_and_journal(tmp_path: Path) -> None:
    spec = parse_model("mock/echo")
    reqs = [ChatRequest.from_prompt(f"p{i}", id=str(i)) for i in range(3)]
    keys = [request_key(spec, r) for r in reqs]
    with Store(tmp_path) as st:
        assert st.start_run("r1", "collect", {}) is False
        st.add_run_items("r1", [(i, k, spec.name, str(i)) for i, k in enumerate(keys)])
        st.put_response(keys[1], spec, reqs[1], ModelOutput("answer 1", usage=Usage(3, 4)), "r1")
        assert st.done_indices("r1") == {1}
        assert st.start_run("r1", "collect", {}) is True  # reopening is a resume
    with Store(tmp_path) as st:  # a new connection sees the committed answer
        got = st.get_response(keys[1])
        assert got is not None and got.text == "answer 1" and got.cached and got.usage.output_tokens == 4
        assert st.get_response(keys[0]) is None
        assert set(st.get_responses(keys)) == {keys[1]}
        out = tmp_path / "x.jsonl"
        assert export_run(st, "r1", out) == 3
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["status"] for r in rows] == ["pending", "done", "pending"]
        assert rows[1]["response"] == "answer 1"


def test_results_are_read_back_by_run(tmp_path: Path) -> None:
    with Store(tmp_path) as st:
        st.start_run("ice-abc123", "ice", {"target": "mock/x"})
        st.put_result("ice-abc123", "ice_summary", {"a": 1})
        st.put_result("ice-abc123", "ice_summary", {"a": 2})  # replace, not duplicate
        assert st.get_result("ice-abc123", "ice_summary") == {"a": 2}
        run = st.run("ice-abc")  # a unique prefix is enough
        assert run["config"] == {"target": "mock/x"} and run["results"] == {"ice_summary": {"a": 2}}
        with pytest.raises(UsageError, match="not in this store"):
            st.run("rse-")


def test_numbered_migrations_upgrade_an_old_store(tmp_path: Path) -> None:
    from distillq.store_open import MIGRATIONS, SCHEMA_VERSION

    assert [v for v, _, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    conn = sqlite3.connect(tmp_path / "distillq.db")  # a version-1 store, as distillq 0.1 wrote it
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '1');"
        "CREATE TABLE responses (key TEXT PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL,"
        " model_name TEXT NOT NULL, request_json TEXT NOT NULL, text TEXT, finish_reason TEXT,"
        " input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,"
        " cost_usd REAL NOT NULL DEFAULT 0, latency_s REAL NOT NULL DEFAULT 0, created_at REAL NOT NULL);"
        "INSERT INTO responses (key, provider, model, model_name, request_json, text, created_at)"
        " VALUES ('k', 'mock', 'x', 'mock/x', '{}', 'kept', 0);"
        "CREATE TABLE verdicts (run_id TEXT, stage TEXT, item_key TEXT, judge TEXT, payload_json TEXT,"
        " created_at REAL);"
    )
    conn.close()
    with Store(tmp_path) as st:
        got = st.get_response("k")
        assert got is not None and got.text == "kept"
        tables = {r[0] for r in st.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "verdicts" not in tables
        cols = {r[1] for r in st.conn.execute("PRAGMA table_info(responses)")}
        assert {"reasoning", "raw_json"} <= cols
        version = st.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION


def test_wal_mode(tmp_path: Path) -> None:
    Store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "distillq.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "distillq.db").write_text("this is not sqlite" * 100)
    with pytest.raises(UsageError, match="not a distillq store"):
        Store(tmp_path)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_export_formats(tmp_path: Path, fmt: str) -> None:
    spec = parse_model("mock/echo")
    req = ChatRequest.from_prompt("q")
    k = request_key(spec, req)
    with Store(tmp_path) as st:
        st.start_run("r", "collect", {})
        st.add_run_items("r", [(0, k, spec.name, "0")])
        st.put_response(k, spec, req, ModelOutput("a"), "r")
        path = tmp_path / f"out.{fmt}"
        assert export_run(st, "r", path) == 1
        assert path.stat().st_size > 0
        if fmt == "parquet":
            import pyarrow.parquet as pq

            assert pq.read_table(path).to_pylist()[0]["response"] == "a"
        with pytest.raises(UsageError):
            export_run(st, "nope", path)
