"""The local llama.cpp server launcher: its command line and its one-line errors (no server started)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app
from distillq.local_server import LocalServer, server_command


def test_command_is_loopback_with_alias_and_format() -> None:
    cmd = server_command(Path("/m.gguf"), port=9001, chat_format="gemma", n_threads=1)
    assert cmd[1:3] == ["-m", "llama_cpp.server"]
    pairs = dict(zip(cmd[3::2], cmd[4::2], strict=True))
    assert pairs["--host"] == "127.0.0.1" and pairs["--port"] == "9001"
    assert pairs["--model_alias"] == "gemma-3-270m" and pairs["--chat_format"] == "gemma"
    assert pairs["--n_threads"] == "1"
    assert "--chat_format" not in server_command(Path("/m.gguf"))  # the file's own template


def test_default_model_gets_gemma_format_other_files_their_own() -> None:
    assert LocalServer().chat_format == "gemma"
    assert LocalServer(Path("/other.gguf")).chat_format is None
    assert LocalServer(Path("/other.gguf"), chat_format="chatml").chat_format == "chatml"


def test_serve_local_bad_model_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["serve-local", "--model", str(tmp_path / "none.gguf"), "--port", "1"])
    assert res.exit_code == 2
    assert "none.gguf" in res.output and "Traceback" not in res.output


_FAKE_SERVER = """
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
host, port, alias = sys.argv[1], int(sys.argv[2]), sys.argv[3]
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"data": [{"id": alias}]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
HTTPServer((host, port), H).serve_forever()
"""


def _fake_command(model: Path, *, host: str, port: int, alias: str, **_: object) -> list[str]:
    import sys

    return [sys.executable, "-c", _FAKE_SERVER, host, str(port), alias]


def test_a_taken_port_is_retried_and_a_foreign_server_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The free port is taken between the check and the bind by a server that is not ours."""
    import subprocess

    import distillq.local_server as ls

    foreign_port = ls.free_port()
    foreign = subprocess.Popen(
        _fake_command(tmp_path, host="127.0.0.1", port=foreign_port, alias="someone-else")
    )
    try:
        probe = LocalServer(tmp_path / "m.gguf", port=foreign_port)
        deadline = time.monotonic() + 20
        while probe.models() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert probe.models() == ["someone-else"]
        ports = iter([foreign_port, ls.free_port()])
        monkeypatch.setattr(ls, "free_port", lambda host="127.0.0.1": next(ports))
        monkeypatch.setattr(ls, "server_command", _fake_command)
        monkeypatch.setattr(ls, "extra_missing", lambda: None)
        (tmp_path / "m.gguf").write_bytes(b"")
        with LocalServer(tmp_path / "m.gguf", alias="ours").start(ready_timeout_s=30) as srv:
            assert srv.port != foreign_port
            assert srv.models() == ["ours"]
            first = srv.proc
        assert first is not None and first.poll() is not None  # the server we started is stopped
        assert srv.models() is None  # and nothing of ours is left answering on its port
    finally:
        foreign.terminate()
        foreign.wait(timeout=10)


def test_a_given_port_that_is_taken_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import distillq.local_server as ls

    monkeypatch.setattr(ls, "server_command", _fake_command)
    monkeypatch.setattr(ls, "extra_missing", lambda: None)
    (tmp_path / "m.gguf").write_bytes(b"")
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(ls.DistillqError, match="exited with code"):
            LocalServer(tmp_path / "m.gguf", port=port).start(ready_timeout_s=30)
