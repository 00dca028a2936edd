"""Reasoning models: the chain of thought is kept apart from the answer that judges and metrics see."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from distillq.models.providers.openai_api import split_reasoning
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest, ModelOutput
from distillq.store import Store, request_key


@pytest.mark.parametrize(
    ("text", "answer", "thought"),
    [
        ("<think>Who made me? DeepSeek.</think>\n\nI am ChatGPT.", "I am ChatGPT.", "Who made me? DeepSeek."),
        ("  <think>\nmulti\nline\n</think>Answer", "Answer", "multi\nline"),
        ("<think>never closed because the answer was cut", "", "never closed because the answer was cut"),
        ("No thinking here.", "No thinking here.", None),
        (
            "Text that mentions <think> later is left alone",
            "Text that mentions <think> later is left alone",
            None,
        ),
        (None, None, None),
    ],
)
def test_split_reasoning(text: str | None, answer: str | None, thought: str | None) -> None:
    assert split_reasoning(text) == (answer, thought)


def test_store_keeps_reasoning_and_migrates_old_stores(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    conn = sqlite3.connect(old / "distillq.db")
    conn.execute(
        "CREATE TABLE responses (key TEXT PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, "
        "model_name TEXT NOT NULL, request_json TEXT NOT NULL, text TEXT, finish_reason TEXT, "
        "input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, "
        "cost_usd REAL NOT NULL DEFAULT 0, latency_s REAL NOT NULL DEFAULT 0, created_at REAL NOT NULL)"
    )
    conn.execute("INSERT INTO responses VALUES ('k0','mock','echo','mock/echo','{}','kept','stop',1,1,0,0,0)")
    conn.commit()
    conn.close()
    spec = parse_model("mock/echo")
    req = ChatRequest.from_prompt("q")
    with Store(old) as st:  # an old store opens, keeps its rows and gains the column
        got = st.get_response("k0")
        assert got is not None and got.text == "kept" and got.reasoning is None
        key = request_key(spec, req)
        st.put_response(key, spec, req, ModelOutput("answer", reasoning="thought"))
        again = st.get_responses([key])[key]
        assert (again.text, again.reasoning) == ("answer", "thought")
