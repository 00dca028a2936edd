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


# Numbered migrations: (version, what it does, statements). A store records the last one applied in
# meta.schema_version; opening it applies the rest in order, each in its own transaction. Version 1
# is the original layout (CREATE ... IF NOT EXISTS, so it also creates a new store); steps that add
# a column check for it first, because stores of version 1 may already have it.
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "tables: meta, responses, runs, run_items, results", (_SCHEMA,)),
    (2, "responses.reasoning: a reasoning model's chain of thought", ("+responses.reasoning TEXT",)),
    (3, "responses.raw_json: the raw answer when it was not valid UTF-8", ("+responses.raw_json TEXT",)),
    (
        4,
        "drop verdicts: written and never read (verdicts live in ice_responses.jsonl and rse_table.json)",
        ("DROP TABLE IF EXISTS verdicts",),
    ),
    (
        5,
        "runs.abandoned*: requests sent and never answered when the run was stopped, and their cost bound",
        (
            "+runs.abandoned INTEGER NOT NULL DEFAULT 0",
            "+runs.abandoned_max_usd REAL NOT NULL DEFAULT 0",
            "+runs.abandoned_unbounded INTEGER NOT NULL DEFAULT 0",
        ),
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Columns a table must have to be ours; columns added later (reasoning, raw_json) are migrated.
REQUIRED = {
    "meta": {"key", "value"},
    "responses": {"key", "provider", "model", "model_name", "request_json", "text", "finish_reason"},
    "runs": {"run_id", "kind", "config_json", "status", "created_at", "updated_at"},
    "run_items": {"run_id", "idx", "key", "model_name", "prompt_id", "status", "error", "updated_at"},
    "results": {"run_id", "name", "payload_json", "created_at"},
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
        raise (
            _not_ours(path, exc) if "not a database" in str(exc) else storage_error(path, exc, "open")
        ) from None
    try:
        _check(conn, path)
        if read_only and conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'").fetchone() is None:
            raise UsageError(  # the writer creates its tables in one transaction: none yet means just started
                f"{visible(path)} holds no distillq data yet (a run may be starting in it): "
                "try again once it has stored an answer"
            )
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash (SIGKILL); only power loss can cost the last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn)
    except (StorageError, UsageError):
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError) and "not a database" not in str(exc):
            raise storage_error(path, exc, "open") from None
        raise _not_ours(path, exc) from None
    return conn


def _not_ours(path: Path, exc: BaseException) -> UsageError:
    return UsageError(
        f"{visible(path)} is not a distillq store ({visible(exc)}): choose another --out directory"
    )


def schema_version(conn: sqlite3.Connection) -> int:
    """The last migration applied (0 for an empty file)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meta" not in tables:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row is not None and str(row[0]).isdigit() else 0


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations a store has not had yet, in order; returns the versions applied."""
    done = []
    for version, _what, steps in MIGRATIONS:
        if version <= schema_version(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in steps:
                if step.startswith("+"):  # "+table.column TYPE": add the column unless it exists
                    target, kind = step[1:].split(" ", 1)
                    table, column = target.split(".")
                    cols = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                    if cols and column not in cols:  # no columns: a very old store without the table
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                else:
                    for statement in (x.strip() for x in step.split(";")):
                        if statement:
                            conn.execute(statement)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(version),)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(version)
    return done


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
