"""Batch jobs in the run store: which requests went into which provider batch, and its state.

Why stored: a batch takes minutes to hours and is paid for once. A process killed while it waits
must find its job again on the next run instead of submitting the same requests twice, and a
job is journalled *before* it is submitted (with a tag the provider echoes back), so even a kill
between "submit" and "write the id" is recovered by looking the tag up at the provider.
Lives next to the store's tables, in the same SQLite file and connection.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from distillq.models.types import ChatRequest
from distillq.store import Store, canonical_json

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_jobs (
    tag TEXT PRIMARY KEY,
    batch_id TEXT,
    provider TEXT NOT NULL,
    model_name TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_keys (
    tag TEXT NOT NULL,
    key TEXT NOT NULL,
    request_json TEXT NOT NULL,
    PRIMARY KEY (tag, key)
);
"""

OPEN = ("submitting", "submitted")  # a job in these states may still deliver answers


@dataclass
class BatchJob:
    tag: str
    batch_id: str | None
    model_name: str
    status: str
    created_at: float
    requests: dict[str, ChatRequest]  # request key -> request (answers of any key can be stored)


class BatchJournal:
    """Typed access to the two batch tables of a `Store`."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self.conn.executescript(_SCHEMA)

    def begin(self, tag: str, provider: str, model_name: str, requests: dict[str, ChatRequest]) -> None:
        """Record a job about to be submitted (no provider id yet)."""
        now = time.time()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "INSERT INTO batch_jobs (tag, batch_id, provider, model_name, status, n, created_at, "
                "updated_at) VALUES (?, NULL, ?, ?, 'submitting', ?, ?, ?)",
                (tag, provider, model_name, len(requests), now, now),
            )
            self.conn.executemany(
                "INSERT INTO batch_keys (tag, key, request_json) VALUES (?,?,?)",
                [
                    (tag, k, canonical_json({"messages": r.messages, "sample": r.sample, "id": r.id}))
                    for k, r in requests.items()
                ],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def submitted(self, tag: str, batch_id: str) -> None:
        self._update(tag, "submitted", batch_id)

    def finish(self, tag: str, status: str) -> None:
        self._update(tag, status)

    def drop(self, tag: str) -> None:
        """Forget a job that never reached the provider."""
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("DELETE FROM batch_keys WHERE tag=?", (tag,))
        self.conn.execute("DELETE FROM batch_jobs WHERE tag=?", (tag,))
        self.conn.execute("COMMIT")

    def open_jobs(self, model_name: str) -> list[BatchJob]:
        """Jobs of this model that may still deliver answers, oldest first."""
        rows = self.conn.execute(
            "SELECT tag, batch_id, model_name, status, created_at FROM batch_jobs "
            "WHERE model_name=? AND status IN (?, ?) ORDER BY created_at",
            (model_name, *OPEN),
        ).fetchall()
        jobs = []
        for tag, batch_id, name, status, created in rows:
            reqs = {}
            for key, raw in self.conn.execute("SELECT key, request_json FROM batch_keys WHERE tag=?", (tag,)):
                d = json.loads(raw)
                reqs[key] = ChatRequest(messages=d["messages"], sample=d["sample"], id=d.get("id"))
            jobs.append(BatchJob(tag, batch_id, name, status, created, reqs))
        return jobs

    def jobs(self) -> list[dict[str, object]]:
        """Every job, for `runs list` style displays and tests."""
        cols = ("tag", "batch_id", "provider", "model_name", "status", "n", "created_at", "updated_at")
        return [
            dict(zip(cols, r, strict=True))
            for r in self.conn.execute(f"SELECT {', '.join(cols)} FROM batch_jobs ORDER BY created_at")
        ]

    def _update(self, tag: str, status: str, batch_id: str | None = None) -> None:
        if batch_id is None:
            self.conn.execute(
                "UPDATE batch_jobs SET status=?, updated_at=? WHERE tag=?", (status, time.time(), tag)
            )
        else:
            self.conn.execute(
                "UPDATE batch_jobs SET status=?, batch_id=?, updated_at=? WHERE tag=?",
                (status, batch_id, time.time(), tag),
            )
