"""Key canaries: a key in an env var of any name, and credentials in a base URL, never leave the process."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from tests.attack.conftest import run_cli

from distillq.env import redact, register_secret
from distillq.testing.fake_openai import FakeOpenAIServer

KEY = "canary-KEY-7f3a9c1e5b"  # in MYKEY: a name that does not end in API_KEY
PASSWORD = "canary-PASS-2d8e4b6a0c"


def _files_text(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_key_of_any_env_name_is_redacted_from_a_server_error(tmp_path: Path) -> None:
    with FakeOpenAIServer() as srv:
        # the fake server's 404 body echoes the model name: here it carries the key, as a leaky server would
        res = run_cli(
            "models",
            "check",
            f"openai-api/fake/notfound-{KEY}",
            "-M",
            "api_key_env=MYKEY",
            "-M",
            f"base_url={srv.base_url}",
            env={"MYKEY": KEY},
        )
    assert res.returncode == 2, res.stderr
    assert "not found" in res.stderr
    assert KEY not in res.stderr + res.stdout


def test_url_credentials_never_reach_output_summary_or_store(tmp_path: Path) -> None:
    out = tmp_path / "o"
    with FakeOpenAIServer() as srv:
        url = srv.base_url.replace("http://", f"http://user:{PASSWORD}@")
        res = run_cli(
            "ice", "run", "--target", "openai-api/fake/m", "-M", f"base_url={url}", "-M", "api_key_env=MYKEY",
            "--identity", "qwen", "--max-queries", "12", "--out", str(out), env={"MYKEY": KEY},
        )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert (out / "ice").is_dir()
    for text in (res.stdout, res.stderr):
        assert PASSWORD not in text and KEY not in text
    blob = _files_text(out)  # ice_summary.json, ice_responses.jsonl, the store and its WAL
    assert PASSWORD.encode() not in blob and KEY.encode() not in blob
    assert b"***@127.0.0.1" in next(out.rglob("ice_summary.json")).read_bytes()  # kept, redacted


def test_unreachable_url_with_credentials(tmp_path: Path, refused_port: int) -> None:
    port = refused_port
    p = tmp_path / "p.txt"
    p.write_text("hi\n", encoding="utf-8")
    res = run_cli(
        "collect", "--model", "openai-api/fake/m", "-M", f"base_url=http://admin:{PASSWORD}@127.0.0.1:{port}/v1",
        "--prompts", str(p), "--out", str(tmp_path / "o"), env={"FAKE_API_KEY": "x"},
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert PASSWORD not in res.stderr + res.stdout
    assert "127.0.0.1" in res.stderr


def test_redact_unit() -> None:
    register_secret("short-but-registered")
    assert redact("x short-but-registered y") == "x *** y"
    assert redact("see https://bob:hunter2@example.org/v1 now") == "see https://***@example.org/v1 now"


def test_lock_owner_note_never_holds_a_secret_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner note (a file in the results directory, left behind by a killed run) names the command
    line; credentials in a base URL and key values on it are written as `***`."""
    from distillq import storelock

    monkeypatch.setenv("CANARY_API_KEY", KEY)
    url = f"base_url=http://admin:{PASSWORD}@127.0.0.1:9/v1"
    monkeypatch.setattr(sys, "argv", ["/x/distillq", "collect", "-M", url, "--note", f"key {KEY}"])
    key = storelock.acquire(tmp_path)
    try:
        note = (tmp_path / storelock.OWNER_NAME).read_text(encoding="utf-8")
    finally:
        storelock.release(key)
    assert PASSWORD not in note and KEY not in note
    argv = json.loads(note)["argv"]
    assert argv == ["distillq", "collect", "-M", "base_url=http://***@127.0.0.1:9/v1", "--note", "key ***"]


def test_busy_message_redacts_an_old_owner_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note written before redaction (or by hand) still never reaches the one-line error whole."""
    from filelock import FileLock

    from distillq import storelock
    from distillq.errors import StoreBusyError

    monkeypatch.setenv("CANARY_API_KEY", KEY)
    argv = ["distillq", "collect", "-M", f"base_url=http://admin:{PASSWORD}@127.0.0.1:9/v1", KEY]
    note = {"pid": os.getpid(), "argv": argv, "started": 1.0}
    (tmp_path / storelock.OWNER_NAME).write_text(json.dumps(note), encoding="utf-8")
    holder = FileLock(str(tmp_path / storelock.LOCK_NAME), timeout=0, thread_local=False)
    holder.acquire()
    try:
        with pytest.raises(StoreBusyError) as caught:
            storelock.acquire(tmp_path)
    finally:
        holder.release()
    message = str(caught.value)
    assert PASSWORD not in message and KEY not in message
    assert f"pid {os.getpid()}" in message and "***@127.0.0.1" in message


def test_rse_run_with_url_credentials_writes_them_nowhere(tmp_path: Path) -> None:
    """The RSE path (answers, judge, judge-free metrics, tables) with the URL from the environment."""
    out = tmp_path / "o"
    with FakeOpenAIServer() as srv:
        url = srv.base_url.replace("http://", f"http://user:{PASSWORD}@")
        res = run_cli(
            "rse", "run", "--reference", "openai-api/fake/ref", "--test", "openai-api/fake/tst",
            "--metrics", "all", "--judge", "openai-api/fake/judge", "--limit", "3", "--out", str(out),
            env={"FAKE_BASE_URL": url, "FAKE_API_KEY": KEY},
        )  # fmt: skip
        answered = srv.stats()["answered"]
    assert res.returncode == 0, res.stderr
    assert answered >= 6  # the credentials did not stop the requests: the files below hold real answers
    assert (out / "rse" / "rse_table.json").is_file()
    for text in (res.stdout, res.stderr):
        assert PASSWORD not in text and KEY not in text
    blob = _files_text(out)
    assert PASSWORD.encode() not in blob and KEY.encode() not in blob
