"""Storage faults: a full disk, a damaged or foreign store, a read-only store. One line, exit 2,
and nothing that was paid for is silently lost."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.attack.conftest import one_line_error, run_cli

from distillq.collection import collect
from distillq.errors import StorageError, UsageError
from distillq.models.engine import Engine, EngineOptions
from distillq.models.engine_safety import read_unstored
from distillq.models.spec import parse_model
from distillq.prompts import PromptRecord
from distillq.store import DB_NAME, Store
from distillq.testing.fake_openai import FakeOpenAIServer

# Runs the real CLI with the store's disk "full" after a few pages: SQLite's max_page_count.
FULL_DISK_CLI = """
import sys
import distillq.store_open as so
real = so.open_store
def small_disk(path, read_only):
    conn = real(path, read_only)
    if not read_only:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    return conn
so.open_store = small_disk
import distillq.store
distillq.store.open_store = small_disk
from distillq.cli import main
sys.argv = ["distillq", *sys.argv[1:]]
main()
"""


def _prompts(n: int, word: str = "question") -> list[PromptRecord]:
    # long prompts fill pages quickly
    return [
        PromptRecord(str(i), [{"role": "user", "content": f"{word} {i} " + "pad " * 300}]) for i in range(n)
    ]


def test_full_disk_stops_scheduling_and_keeps_every_paid_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(latency_ms=20) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "x")
        spec = parse_model("openai-api/fake/m")
        with Store(tmp_path / "o") as store:
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
            engine = Engine(store, EngineOptions(max_connections=8))
            with pytest.raises(StorageError) as err:
                collect(engine, store, spec, _prompts(400), tmp_path / "o")
            stored = store.count_responses()
        answered = srv.stats()["answered"]
    msg = err.value.message
    assert "full" in msg and "saved to" in msg, msg
    side = engine.unstored.path
    assert side is not None and side.is_file()
    rows = read_unstored(side)
    # every answer the server sent (and we paid for) is in the store or in the side file
    assert stored + len(rows) == answered, (stored, len(rows), answered)
    assert stored > 0 and rows and all(r["response"] for r in rows)
    assert answered < 400 - 8 * 2  # scheduling stopped at the first failed write
    assert f"{len(rows)} answers received but not stored" in msg


def test_full_disk_in_the_cli_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "p.jsonl"
    p.write_text("".join(f'{{"prompt": "q {i} {"pad " * 300}"}}\n' for i in range(200)), encoding="utf-8")
    with FakeOpenAIServer() as srv:
        res = subprocess.run(
            [sys.executable, "-c", FULL_DISK_CLI, "collect", "--model", "openai-api/fake/m", "--prompts", str(p),
             "--out", str(tmp_path / "o")],
            capture_output=True, text=True, env={**os.environ, "FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"},
            timeout=120,
        )  # fmt: skip
    line = one_line_error(res)
    assert "database or disk is full" in line and "free disk space" in line


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    out = tmp_path / "o"
    p = tmp_path / "p.txt"
    p.write_text("".join(f"prompt {i} {'words ' * 200}\n" for i in range(60)), encoding="utf-8")
    res = run_cli("collect", "--model", "mock/echo", "--prompts", str(p), "--out", str(out))
    assert res.returncode == 0, res.stderr
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_damaged_store_is_refused_and_left_alone(store_dir: Path, tmp_path: Path) -> None:
    db = store_dir / DB_NAME
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 4
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):  # scribble over every page header but the file's own
        data[start : start + 12] = b"\xa5" * 12
    db.write_bytes(bytes(data))
    before = _sha(db)
    p = tmp_path / "more.txt"
    p.write_text("another prompt\n", encoding="utf-8")
    line = one_line_error(
        run_cli("collect", "--model", "mock/echo", "--prompts", str(p), "--out", str(store_dir))
    )
    assert "damaged" in line and "quick_check" in line
    assert _sha(db) == before  # nothing was written into it
    with pytest.raises(StorageError, match="damaged"):
        Store(store_dir)


def test_foreign_database_is_not_written(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    con = sqlite3.connect(out / DB_NAME)
    con.execute("CREATE TABLE responses (key TEXT, something_else TEXT)")
    con.commit()
    con.close()
    with pytest.raises(UsageError, match="not a distillq store"):
        Store(out)
    p = tmp_path / "p.txt"
    p.write_text("hi\n", encoding="utf-8")
    line = one_line_error(run_cli("collect", "--model", "mock/echo", "--prompts", str(p), "--out", str(out)))
    assert "not a distillq store" in line
    (out / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    assert "not a distillq store" in one_line_error(run_cli("runs", "list", "--out", str(out)))


@contextlib.contextmanager
def _read_only(paths: list[Path]) -> Iterator[None]:
    """Make files and their folder unwritable: chattr +i as root (root ignores modes), chmod otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a read-only store")
        if subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i not permitted here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, m in modes.items():
                p.chmod(m)


def test_read_only_store_can_be_listed_exported_and_reported(store_dir: Path, tmp_path: Path) -> None:
    # a clean close leaves no -wal/-shm: exactly what a copied or archived results folder looks like
    files = [p for p in store_dir.iterdir() if p.is_file()]
    with _read_only([*files, store_dir]):
        with pytest.raises(OSError):
            (store_dir / "probe").write_text("x")
        res = run_cli("runs", "list", "--out", str(store_dir))
        assert res.returncode == 0, res.stderr
        run_id = next(w for w in res.stdout.split() if w.startswith("collect-"))
        exp = run_cli("runs", "export", run_id, str(tmp_path / "t.jsonl"), "--out", str(store_dir))
        assert exp.returncode == 0, exp.stderr
        assert len((tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()) == 60
        # writing is refused with one line, not "not a distillq store"
        p = tmp_path / "p.txt"
        p.write_text("new\n", encoding="utf-8")
        line = one_line_error(
            run_cli("collect", "--model", "mock/echo", "--prompts", str(p), "--out", str(store_dir))
        )
        assert "not a distillq store" not in line


def test_reading_a_store_whose_writer_has_not_made_its_tables_yet_says_so(tmp_path: Path) -> None:
    """The file exists a moment before its tables: `runs list` then said "check the disk"."""
    out = tmp_path / "res"
    out.mkdir()
    sqlite3.connect(out / DB_NAME).close()  # what a starting writer leaves for an instant
    with pytest.raises(UsageError, match="no distillq data yet"):
        Store(out, read_only=True)
    line = one_line_error(run_cli("runs", "list", "--out", str(out)))
    assert "no distillq data yet" in line and "check the disk" not in line
    with Store(out) as store:  # the writer then goes on as usual on the same file
        assert store.runs() == []
    with Store(out, read_only=True) as store:
        assert store.runs() == []
