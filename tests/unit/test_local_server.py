"""The local llama.cpp server launcher: its command line and its one-line errors (no server started)."""

from __future__ import annotations

from pathlib import Path

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
