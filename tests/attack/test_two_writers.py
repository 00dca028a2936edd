"""Two processes on one results directory: each prompt is sent (and paid for) once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.attack.conftest import one_line_error, run_cli

from distillq.jsonio import write_jsonl_atomic
from distillq.testing.fake_openai import FakeOpenAIServer


def _write_prompts(path: Path, n: int, word: str = "prompt") -> Path:
    path.write_text("".join(json.dumps({"id": str(i), "prompt": f"{word} {i}"}) + "\n" for i in range(n)))
    return path


def _hold_answers(srv: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold every answer of `srv` until the returned event is set.

    Why: the two processes start together, but under load one may start seconds after the other;
    if the first had already finished, the second would find everything cached and exit 0. Holding
    the answers keeps the lock holder busy until the other one has given up, whatever the timing."""
    gate = threading.Event()
    answer = srv.core._wait_latency

    async def held() -> None:
        while not gate.is_set():
            await asyncio.sleep(0.01)
        await answer()

    monkeypatch.setattr(srv.core, "_wait_latency", held)
    return gate


def test_two_collects_on_one_directory_send_each_prompt_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = _write_prompts(tmp_path / "p.jsonl", 200)
    out = tmp_path / "o"
    with FakeOpenAIServer(latency_ms=20) as srv:
        gate = _hold_answers(srv, monkeypatch)
        env = {**os.environ, "FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x", "COLUMNS": "400"}
        cmd = [sys.executable, "-m", "distillq", "collect", "--model", "openai-api/fake/m", "--prompts", str(prompts),
               "--out", str(out), "--max-connections", "8"]  # fmt: skip
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)
        ]
        # the holder waits at its first answers; the other must give up meanwhile (generous deadline)
        deadline = time.monotonic() + 240
        while all(p.poll() is None for p in procs) and time.monotonic() < deadline:
            time.sleep(0.05)
        gate.set()
        results = [(p.pid, *p.communicate(timeout=240), p.returncode) for p in procs]
        st = srv.stats(detail=True)
        codes = sorted(r[3] for r in results)
        assert codes == [0, 2], results
        loser = next(r for r in results if r[3] == 2)
        winner = next(r for r in results if r[3] == 0)
        assert "in use by another distillq process" in loser[2]
        assert re.search(rf"pid {winner[0]}\b", loser[2]), loser[2]
        assert len([x for x in loser[2].splitlines() if x.strip()]) == 1
        # every prompt answered exactly once by the server
        assert st["answered"] == 200 and set(st["answered_by_prompt"].values()) == {1}
        # once the first is done, the second finishes from the cache without a request
        again = run_cli("collect", "--model", "openai-api/fake/m", "--prompts", str(prompts), "--out", str(out),
                        env={"FAKE_BASE_URL": srv.base_url, "FAKE_API_KEY": "x"})  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert srv.stats()["answered"] == 200
    assert not (out / "distillq.owner.json").exists()  # the lock note goes with the lock


def test_readers_work_while_a_writer_holds_the_directory(tmp_path: Path) -> None:
    prompts = _write_prompts(tmp_path / "p.jsonl", 5)
    out = tmp_path / "o"
    assert (
        run_cli("collect", "--model", "mock/echo", "--prompts", str(prompts), "--out", str(out)).returncode
        == 0
    )
    from distillq.store import Store

    with Store(out):  # this process now holds the lock, as a running collect would
        res = run_cli("runs", "list", "--out", str(out))
        assert res.returncode == 0 and "collect-" in res.stdout, res.stderr
        busy = run_cli("collect", "--model", "mock/echo", "--prompts", str(prompts), "--out", str(out))
        assert f"pid {os.getpid()}" in one_line_error(busy)


def test_another_prompt_set_does_not_silently_replace_responses(tmp_path: Path) -> None:
    out = tmp_path / "o"
    a = _write_prompts(tmp_path / "a.jsonl", 5, "alpha")
    b = _write_prompts(tmp_path / "b.jsonl", 5, "beta")
    assert run_cli("collect", "--model", "mock/echo", "--prompts", str(a), "--out", str(out)).returncode == 0
    before = (out / "responses.jsonl").read_bytes()
    line = one_line_error(run_cli("collect", "--model", "mock/echo", "--prompts", str(b), "--out", str(out)))
    assert "holds another collection" in line and "--overwrite" in line
    assert (out / "responses.jsonl").read_bytes() == before
    more = _write_prompts(tmp_path / "a2.jsonl", 8, "alpha")  # a superset: nothing would be dropped
    assert (
        run_cli("collect", "--model", "mock/echo", "--prompts", str(more), "--out", str(out)).returncode == 0
    )
    assert len((out / "responses.jsonl").read_text().splitlines()) == 8
    res = run_cli("collect", "--model", "mock/echo", "--prompts", str(b), "--out", str(out), "--overwrite")
    assert res.returncode == 0 and b"beta" in (out / "responses.jsonl").read_bytes()


def test_concurrent_atomic_writes_use_their_own_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "responses.jsonl"
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(20):
                write_jsonl_atomic(target, [{"writer": n, "i": i} for i in range(200)])
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = [json.loads(x) for x in target.read_text().splitlines()]
    assert len(rows) == 200 and len({r["writer"] for r in rows}) == 1  # one whole file, never a mix
    assert [p.name for p in tmp_path.iterdir()] == ["responses.jsonl"]  # no temporary file left behind


def test_loser_of_a_close_race_still_names_the_holder(tmp_path: Path) -> None:
    """The holder writes its note just after taking the lock; a loser arriving in between (or finding
    a note left by a killed process) waits for the real note instead of saying "pid unknown"."""
    from filelock import FileLock

    from distillq import storelock
    from distillq.errors import StoreBusyError

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (tmp_path / storelock.OWNER_NAME).write_text(
        json.dumps({"pid": int(dead.stdout), "argv": ["old"], "started": 0})
    )
    holder = FileLock(str(tmp_path / storelock.LOCK_NAME), timeout=0, thread_local=False)
    holder.acquire()
    note = {"pid": os.getpid(), "argv": ["distillq", "collect"], "started": 1.0}
    writer = threading.Timer(0.3, lambda: (tmp_path / storelock.OWNER_NAME).write_text(json.dumps(note)))
    writer.start()
    try:
        try:
            storelock.acquire(tmp_path)
        except StoreBusyError as exc:
            message = str(exc)
        else:
            raise AssertionError("the second acquire should have been refused")
    finally:
        writer.join()
        holder.release()
    assert f"pid {os.getpid()}," in message, message
    assert "old" not in message
