"""Opening the SQLite store safely: schema, integrity check, read-only access, one-line errors.

Why apart from store.py: what can go wrong before the first query (a foreign or corrupt file, a
read-only directory, a full disk) is its own concern, and every case must end in one line with
exit code 2, never in a traceback or in writing into a damaged file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from distillq.errors import StorageError, UsageError
from distillq.textsafe import visible

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    model_name TEXT NOT NULL,
    request_json TEXT NOT NULL,
    text TEXT,
    finish_reason TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    latency_s REAL NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    reasoning TEXT,
    raw_json TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    config_json TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS run_items (
    run_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    key TEXT NOT NULL,
    model_name TEXT NOT NULL,
    prompt_id TEXT,
    status TEXT NOT NULL,
    error TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE IF NOT EXISTS verdicts (
    run_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL,
    judge TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (run_id, stage, item_key, judge)
);
CREATE TABLE IF NOT EXISTS results (
    run_id TEXT NOT NULL,
    name TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (run_id, name)
);
"""


# Columns a table must have to be ours; columns added later (reasoning, raw_json) are migrated.
REQUIRED = {
    "meta": {"key", "value"},
    "responses": {"key", "provider", "model", "model_name", "request_json", "text", "finish_reason"},
    "runs": {"run_id", "kind", "config_json", "status", "created_at", "updated_at"},
    "run_items": {"run_id", "idx", "key", "model_name", "prompt_id", "status", "error", "updated_at"},
    "verdicts": {"run_id", "stage", "item_key", "judge", "payload_json", "created_at"},
    "results": {"run_id", "name", "payload_json", "created_at"},
}
MIGRATIONS = {
    "reasoning": "ALTER TABLE responses ADD COLUMN reasoning TEXT",
    "raw_json": "ALTER TABLE responses ADD COLUMN raw_json TEXT",
}


def storage_error(path: Path, exc: BaseException, doing: str = "write") -> StorageError:
    """One line for a failed read or write of the store, with what to do about it."""
    reason = str(exc) or type(exc).__name__
    hint = "free disk space" if "full" in reason.lower() else "check the disk and the file"
    return StorageError(
        f"cannot {doing} the store {visible(path)} ({visible(reason)}): {hint}, then re-run "
        "(everything stored before this is kept)"
    )


def open_store(path: Path, read_only: bool) -> sqlite3.Connection:
    """Connect, check integrity and shape, create or migrate the tables (writers only)."""
    try:
        conn = _connect_ro(path) if read_only else sqlite3.connect(path, timeout=30.0, isolation_level=None)
    except sqlite3.Error as exc:
        raise storage_error(path, exc, "open") from None
    try:
        _check(conn, path)
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash (SIGKILL); only power loss can cost the last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            cols = {row[1] for row in conn.execute("PRAGMA table_info(responses)")}
            for col, sql in MIGRATIONS.items():
                if col not in cols:  # stores made before this column existed: add it, keep the rows
                    conn.execute(sql)
    except (StorageError, UsageError):
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError) and "not a database" not in str(exc):
            raise storage_error(path, exc, "open") from None
        raise UsageError(
            f"{visible(path)} is not a distillq store ({visible(exc)}): choose another --out directory"
        ) from None
    return conn


def _connect_ro(path: Path) -> sqlite3.Connection:
    """Read-only: a store on a read-only disk or owned by someone else is still readable."""
    uri = f"file:{quote(str(path.resolve()))}"
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # WAL needs a -shm file it may not be allowed to create: read the file as immutable instead.
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def _check(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file (quick_check) and a database that is not ours, before any write."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if rows != ["ok"]:
        raise StorageError(
            f"the store {visible(path)} is damaged (quick_check: {visible('; '.join(map(str, rows)))[:200]}): "
            "restore it from a backup or use another --out directory; nothing was written to it"
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, needed in REQUIRED.items():
        if table not in tables:
            continue
        cols = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = needed - cols
        if missing:
            raise UsageError(
                f"{visible(path)} is not a distillq store (table {table} lacks {', '.join(sorted(missing))}): "
                "choose another --out directory"
            )
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is not None and str(row[0]).isdigit() and int(row[0]) > SCHEMA_VERSION:
            raise UsageError(
                f"{visible(path)} was written by a newer distillq (schema {row[0]}): upgrade distillq to read it"
            )
    elif tables and not tables & set(REQUIRED):
        raise UsageError(
            f"{visible(path)} is not a distillq store (tables: {', '.join(sorted(tables))[:100]}): "
            "choose another --out directory"
        )
