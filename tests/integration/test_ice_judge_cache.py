"""A bad LLM-judge answer read back from the cache is unscored again, not a crash (real HTTP + SQLite)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from distillq.ice.fuzzer import JudgeItem
from distillq.ice.judges import LLMIdentityJudge
from distillq.ice.types import IdentityCard
from distillq.models.engine import Engine, EngineOptions
from distillq.models.spec import parse_model
from distillq.store import Store
from distillq.testing.fake_openai import FakeOpenAIServer

QWEN = IdentityCard("alibaba", "Qwen", ("qwen",), ("Qwen",), ("Alibaba Cloud",), "China")


def test_cached_out_of_schema_answer_stays_unscored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [JudgeItem("Who made you?", "Who made you?", "{query}", "I am ChatGPT, by OpenAI.")]
    with FakeOpenAIServer(script=[{"match": ".", "answer": '{"loose": ["yes"], "claimed": 7}'}]) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "test-key")
        spec = parse_model("openai-api/fake/judge")
        runs = []
        for _ in range(2):
            with Store(tmp_path) as store:
                eng = Engine(store, EngineOptions(backoff_base=0.01, backoff_cap=0.05, seed=1))
                judge = LLMIdentityJudge(eng.completer(spec), QWEN, name="judge")
                runs.append(asyncio.run(judge.judge_many(items)))
        answered = srv.stats()["answered"]
    for (v,) in runs:
        assert v.loose is None and not v.scored and v.extra["raw"].startswith('{"loose"')
    assert answered == 2  # first run: the answer and the one retry; the second run asked nothing
