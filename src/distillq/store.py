"""The run store: one SQLite database (WAL) per results directory.

It holds the response cache (nothing is ever asked twice), the run journal (which requests a run
needs and which finished) and every verdict and score written by later stages. Answers are
group-committed: those that finish in the same event-loop pass are written in one transaction at
the end of that pass (`put_responses`). A run killed at any moment, SIGKILL included, therefore
loses at most the answers of one loop pass (a few milliseconds' worth); the journal still says
"pending" for them, so a resume asks them again and everything committed before is kept. A stop by
Ctrl-C or kill marks the requests then on the wire "abandoned" (`record_abandoned`): asked again too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillq import storelock
from distillq.core.types import ChatRequest, ModelOutput, SpecLike, Usage
from distillq.env import redact_obj
from distillq.errors import UsageError
from distillq.store_open import SCHEMA_VERSION, open_store, storage_error
from distillq.textsafe import dumps, normalise_answer, visible

DB_NAME = "distillq.db"
__all__ = ["DB_NAME", "SCHEMA_VERSION", "RunItem", "Store", "canonical_json", "request_key"]


def canonical_json(obj: Any) -> str:
    """Sorted, compact JSON; always valid UTF-8 (a lone surrogate is written as its escape)."""
    return dumps(obj, sort_keys=True, separators=(",", ":"))


def request_key(spec: SpecLike, request: ChatRequest) -> str:
    """sha256 of everything that determines an answer, and nothing that does not (ids, keys)."""
    payload = {
        "provider": spec.provider,
        "model": spec.model,
        "service": spec.service,
        "base_url": spec.base_url,
        "messages": request.messages,
        "config": spec.config.as_key(),
        "sample": request.sample,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


@dataclass
class RunItem:
    idx: int
    key: str
    model_name: str
    prompt_id: str | None
    status: str
    error: str | None


class Store:
    """Thin, typed access to the SQLite file. One writer (the engine's event loop thread)."""

    def __init__(self, results_dir: str | Path, read_only: bool = False) -> None:
        """Open (writers: create) the store. Writers hold the results directory's lock until close.

        `read_only=True` is for commands that only read (runs list, export, report): it takes no
        lock, creates nothing, and works on a store the user may not write.
        """
        self.dir = Path(results_dir)
        self.path = self.dir / DB_NAME
        self.read_only = read_only
        self._lock: Path | None = None
        if read_only:
            if not self.path.is_file():
                raise UsageError(
                    f"no distillq store in {visible(self.dir)}: pass the --out directory of a run"
                )
            self.conn = open_store(self.path, read_only=True)
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create results directory {visible(self.dir)}: {exc.strerror}") from None
        self._lock = storelock.acquire(self.dir)
        try:
            self.conn = open_store(self.path, read_only=False)
        except BaseException:
            storelock.release(self._lock)
            self._lock = None
            raise

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock is not None:
                storelock.release(self._lock)
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- response cache -------------------------------------------------------------------------

    def get_response(self, key: str) -> ModelOutput | None:
        return self.get_responses([key]).get(key)

    def get_responses(self, keys: Iterable[str]) -> dict[str, ModelOutput]:
        """Bulk lookup; chunks keep the statement under SQLite's variable limit."""
        keys = list(dict.fromkeys(keys))
        out: dict[str, ModelOutput] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT key, text, finish_reason, input_tokens, output_tokens, cost_usd, latency_s, reasoning, "
                f"raw_json FROM responses WHERE key IN ({marks})",
                chunk,
            ):
                out[row[0]] = ModelOutput(
                    text=row[1],
                    finish_reason=row[2],
                    usage=Usage(row[3], row[4]),
                    cost_usd=row[5],
                    latency_s=row[6],
                    cached=True,
                    reasoning=row[7],
                    raw_json=row[8],
                )
        return out

    def put_response(
        self,
        key: str,
        spec: SpecLike,
        request: ChatRequest,
        output: ModelOutput,
        run_id: str | None = None,
    ) -> None:
        """Store an answer and, in the same transaction, mark the run item done."""
        self.put_responses(spec, [(key, request, output)], run_id=run_id)

    def put_responses(
        self,
        spec: SpecLike,
        answers: list[tuple[str, ChatRequest, ModelOutput]],
        run_id: str | None = None,
        errors: Iterable[tuple[str, str | None]] = (),
    ) -> None:
        """Store answers, mark their run items done and `errors` (key, message) failed: ONE transaction.

        Group commit: the engine writes every answer that finished in one event-loop pass at once,
        so a commit's cost is paid once per pass, not once per answer. All or nothing: the journal
        never says "done" without its answer.
        """
        now = time.time()
        rows = []
        for key, request, output in answers:
            req = {"messages": request.messages, "config": spec.config.as_key(), "sample": request.sample}
            text, reasoning, raw = normalise_answer(output.text, output.reasoning)
            usage = output.usage
            row: tuple[Any, ...] = (key, spec.provider, spec.model, spec.name, canonical_json(req), text)
            row += (output.finish_reason, usage.input_tokens, usage.output_tokens, output.cost_usd)
            rows.append(row + (output.latency_s, now, reasoning, output.raw_json or raw))
        with self._tx():
            self.conn.executemany(
                "INSERT OR REPLACE INTO responses (key, provider, model, model_name, request_json, text, "
                "finish_reason, input_tokens, output_tokens, cost_usd, latency_s, created_at, reasoning, "
                "raw_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            if run_id is not None:
                self.conn.executemany(
                    "UPDATE run_items SET status='done', error=NULL, updated_at=? WHERE run_id=? AND key=?",
                    [(now, run_id, r[0]) for r in rows],
                )
                self.conn.executemany(
                    "UPDATE run_items SET status='error', error=?, updated_at=? WHERE run_id=? AND key=?",
                    [(err, now, run_id, key) for key, err in errors],
                )

    def count_responses(self, model_name: str | None = None) -> int:
        if model_name is None:
            return int(self.conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0])
        return int(
            self.conn.execute("SELECT COUNT(*) FROM responses WHERE model_name=?", (model_name,)).fetchone()[
                0
            ]
        )

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- run journal ----------------------------------------------------------------------------

    def start_run(self, run_id: str, kind: str, config: dict[str, Any], fresh: bool = False) -> bool:
        """Create or reopen a run. Returns True when the run already existed (a resume)."""
        now = time.time()
        with self._tx():
            row = self.conn.execute("SELECT run_id FROM runs WHERE run_id=?", (run_id,)).fetchone()
            if row is not None and fresh:
                self.conn.execute("DELETE FROM run_items WHERE run_id=?", (run_id,))
            if row is None:
                self.conn.execute(
                    "INSERT INTO runs (run_id, kind, config_json, status, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?)",
                    (run_id, kind, canonical_json(redact_obj(config)), "running", now, now),
                )
            else:
                self.conn.execute(
                    "UPDATE runs SET status='running', updated_at=? WHERE run_id=?", (now, run_id)
                )
        return row is not None and not fresh

    def finish_run(self, run_id: str, status: str = "done") -> None:
        self._write("UPDATE runs SET status=?, updated_at=? WHERE run_id=?", (status, time.time(), run_id))

    def record_abandoned(self, run_id: str, bounds: dict[str, float | None], interrupted: bool) -> None:
        """Requests sent and never answered as the run stopped (key -> cost bound or None): their items say
        `abandoned` (re-asked on a re-run), the run adds them up; Ctrl-C or kill marks it `interrupted`."""
        now, why = time.time(), "abandoned in flight: the run stopped before its answer came"
        with self._tx():
            self.conn.executemany(
                "UPDATE run_items SET status='abandoned', error=?, updated_at=? "
                "WHERE run_id=? AND key=? AND status != 'done'",
                [(why, now, run_id, k) for k in bounds],
            )
            self.conn.execute(
                "UPDATE runs SET abandoned=abandoned+?, abandoned_max_usd=abandoned_max_usd+?, "
                "abandoned_unbounded=abandoned_unbounded+?, updated_at=?, "
                "status=CASE WHEN ? THEN 'interrupted' ELSE status END WHERE run_id=?",
                (len(bounds), sum(b or 0.0 for b in bounds.values()), sum(b is None for b in bounds.values()))
                + (now, interrupted, run_id),
            )

    def add_run_items(self, run_id: str, items: Iterable[tuple[int, str, str, str | None]]) -> None:
        """Journal the requests a run needs (position in batch, key, model_name, prompt_id).

        A run may journal several batches (ICE rounds, several models): positions are appended after
        the run's last item. Requests already journalled (same key) keep their row: re-running a
        batch does not duplicate it.
        """
        now = time.time()
        with self._tx():
            base = self.conn.execute(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM run_items WHERE run_id=?", (run_id,)
            ).fetchone()[0]
            self.conn.executemany(
                "INSERT OR IGNORE INTO run_items (run_id, idx, key, model_name, prompt_id, status, updated_at) "
                "VALUES (?,?,?,?,?, 'pending', ?)",
                [(run_id, base + i, k, m, p, now) for (i, k, m, p) in items],
            )

    def mark_key(self, run_id: str, key: str, status: str, error: str | None = None) -> None:
        self._write(
            "UPDATE run_items SET status=?, error=?, updated_at=? WHERE run_id=? AND key=?",
            (status, error, time.time(), run_id, key),
        )

    def mark_keys_done(self, run_id: str, keys: list[str]) -> None:
        now = time.time()
        with self._tx():
            self.conn.executemany(
                "UPDATE run_items SET status='done', error=NULL, updated_at=? WHERE run_id=? AND key=?",
                [(now, run_id, k) for k in keys],
            )

    def run_items(self, run_id: str) -> list[RunItem]:
        return [
            RunItem(*row)
            for row in self.conn.execute(
                "SELECT idx, key, model_name, prompt_id, status, error FROM run_items WHERE run_id=? ORDER BY idx",
                (run_id,),
            )
        ]

    def done_indices(self, run_id: str) -> set[int]:
        return {
            int(r[0])
            for r in self.conn.execute(
                "SELECT idx FROM run_items WHERE run_id=? AND status='done'", (run_id,)
            )
        }

    def runs(self) -> list[dict[str, Any]]:
        """Every run with its kind, models, requests (done/journalled), the cost of its answers and the
        requests abandoned in flight when it was stopped (with their cost bound)."""
        cols = {row[1] for row in self.conn.execute("PRAGMA table_info(runs)")}  # read-only: maybe old
        stops = (
            "r.abandoned, r.abandoned_max_usd, r.abandoned_unbounded" if "abandoned" in cols else "0, 0, 0"
        )
        rows = self.conn.execute(
            "SELECT r.run_id, r.kind, r.status, r.created_at, r.updated_at, "
            "COUNT(i.key), COALESCE(SUM(i.status='done'), 0), "
            f"COALESCE(GROUP_CONCAT(DISTINCT i.model_name), ''), COALESCE(SUM(a.cost_usd), 0), {stops} "
            "FROM runs r LEFT JOIN run_items i ON i.run_id = r.run_id "
            "LEFT JOIN responses a ON a.key = i.key AND i.status = 'done' "
            "GROUP BY r.run_id ORDER BY r.created_at"
        ).fetchall()
        return [
            {
                "run_id": r[0],
                "kind": r[1],
                "status": r[2],
                "created_at": r[3],
                "updated_at": r[4],
                "items": r[5],
                "done": r[6],
                "models": sorted(m for m in str(r[7]).split(",") if m),
                "cost_usd": float(r[8]),
                "abandoned": int(r[9]),
                "abandoned_max_usd": float(r[10]),
                "abandoned_unbounded": int(r[11]),
            }
            for r in rows
        ]

    def run(self, run_id: str) -> dict[str, Any]:
        """One run (an id or a unique prefix): its row in `runs`, configuration and stored results."""
        runs = self.runs()
        match = [r for r in runs if r["run_id"] == run_id] or [
            r for r in runs if r["run_id"].startswith(run_id)
        ]
        if len(match) != 1:
            known = ", ".join(r["run_id"] for r in runs) or "none"
            what = "matches several runs" if match else "is not in this store"
            raise UsageError(f"run {visible(run_id)} {what}: use one of {known} (see `distillq runs list`)")
        run = match[0]
        row = self.conn.execute("SELECT config_json FROM runs WHERE run_id=?", (run["run_id"],)).fetchone()
        run["config"] = json.loads(row[0]) if row else {}
        run["results"] = {
            name: json.loads(payload)
            for name, payload in self.conn.execute(
                "SELECT name, payload_json FROM results WHERE run_id=? ORDER BY name", (run["run_id"],)
            )
        }
        return run

    # -- results (the JSON files' content, so `runs show` needs no results directory layout) -------

    def put_result(self, run_id: str, name: str, payload: Any) -> None:
        self._write(
            "INSERT OR REPLACE INTO results (run_id, name, payload_json, created_at) VALUES (?,?,?,?)",
            (run_id, name, canonical_json(redact_obj(payload)), time.time()),
        )

    def get_result(self, run_id: str, name: str) -> Any:
        row = self.conn.execute(
            "SELECT payload_json FROM results WHERE run_id=? AND name=?", (run_id, name)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def _tx(self) -> _Transaction:
        return _Transaction(self.conn, self.path)

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        """One statement outside a transaction; a failed write is a StorageError (one line, exit 2)."""
        try:
            self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT; so a write is durable as soon as the call returns."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error as err:
                exc, exc_type = err, type(err)
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise storage_error(self.path, exc) from None
