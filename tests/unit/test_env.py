from __future__ import annotations

from pathlib import Path

import pytest

from distillq.env import load_dotenv, redact


def test_dotenv_does_not_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("A_API_KEY", "from-env-123")
    monkeypatch.delenv("B_API_KEY", raising=False)
    f = tmp_path / ".env"
    f.write_text('# comment\nA_API_KEY=from-file\nexport B_API_KEY="quoted-value-456"\nbad line\n')
    loaded = load_dotenv(f)
    import os

    assert os.environ["A_API_KEY"] == "from-env-123"
    assert os.environ["B_API_KEY"] == "quoted-value-456"
    assert "A_API_KEY" not in loaded


def test_redact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_API_KEY", "supersecretvalue99")
    key_shaped = "sk-" + "abcdefghijklmnopqrstuvwx"  # built at run time: no key-shaped literal in the tree
    text = redact(f"failed with key supersecretvalue99 and Bearer abcdefghijkl and {key_shaped}")
    assert "supersecretvalue99" not in text and "abcdefghijkl" not in text and "mnopqrstuvwx" not in text


def test_dotenv_quoted_value_with_a_comment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`KEY="value"  # note` (python-dotenv's and most .env files' shape) used to keep the quotes
    and the comment, so a base URL read this way was not a URL."""
    for name in ("Q1_BASE_URL", "Q2_BASE_URL", "Q3_BASE_URL", "Q4_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    f = tmp_path / ".env"
    f.write_text(
        'export Q1_BASE_URL="http://127.0.0.1:9/v1"  # the fake server\n'
        "Q2_BASE_URL='http://host/v1' # single quotes\n"
        'Q3_BASE_URL="a"b"\n'  # quotes inside: only the outer pair goes
        "Q4_BASE_URL=http://x/v1 # unquoted\n"
    )
    load_dotenv(f)
    import os

    assert os.environ["Q1_BASE_URL"] == "http://127.0.0.1:9/v1"
    assert os.environ["Q2_BASE_URL"] == "http://host/v1"
    assert os.environ["Q3_BASE_URL"] == 'a"b'
    assert os.environ["Q4_BASE_URL"] == "http://x/v1"
