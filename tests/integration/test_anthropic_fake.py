"""The real Anthropic path end to end: `anthropic/<model>` -> official SDK -> fake /v1/messages."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import client_timeout
from typer.testing import CliRunner

from distillq.cli import app
from distillq.errors import ProviderError
from distillq.models.engine import Engine, EngineOptions
from distillq.models.pricing import PriceTable
from distillq.models.spec import ModelSpec, parse_model
from distillq.models.types import ChatRequest
from distillq.testing.fake_answers import count_words, default_answer
from distillq.testing.fake_openai import FakeOpenAIServer

KEY = "fake-anthropic-secret-0123456789"
FAST: dict[str, Any] = {"backoff_base": 0.01, "backoff_cap": 0.05, "seed": 1}


def anthropic_spec(
    monkeypatch: pytest.MonkeyPatch,
    srv: FakeOpenAIServer,
    model: str = "claude-x",
    options: dict[str, Any] | None = None,
    key: str = KEY,
) -> ModelSpec:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.anthropic_base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    return parse_model(f"anthropic/{model}", options)


def user(prompt: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": prompt}]


def raw_messages(
    srv: FakeOpenAIServer, body: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """POST /v1/messages with http.client, to check the wire format without the SDK's help."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        hdrs = {"Content-Type": "application/json", "anthropic-version": "2023-06-01", **(headers or {})}
        conn.request("POST", "/v1/messages", json.dumps(body), hdrs)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, json.loads(resp.read())
    finally:
        conn.close()


def test_answers_are_the_deterministic_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = [f"Which lab trained you, question {i}?" for i in range(6)]
    with FakeOpenAIServer(api_key=KEY) as srv:
        spec = anthropic_spec(monkeypatch, srv)
        outs = Engine(None, EngineOptions(**FAST)).generate_sync(
            spec, [ChatRequest.from_prompt(p) for p in prompts]
        )
        stats = srv.stats()
        # The OpenAI route gives the very same answer for the same model and prompt.
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", KEY)
        via_openai = Engine(None).generate_sync(
            parse_model("openai-api/fake/claude-x"), [ChatRequest.from_prompt(prompts[0])]
        )[0]
    assert [o.text for o in outs] == [default_answer("claude-x", user(p), 0) for p in prompts]
    assert all(o.finish_reason == "stop" and o.ok for o in outs)  # (0 is the server's seed)
    assert len({o.text for o in outs}) == len(prompts)
    assert via_openai.text == outs[0].text
    assert stats["requests_by_api"] == {"anthropic": 6} and stats["answered_by_api"] == {"anthropic": 6}
    assert stats["answered"] == 6 and stats["rejected_auth"] == 0


def test_system_option_is_sent_as_system(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake server refuses role "system" inside `messages` (as Anthropic does), so a correct answer
    # proves the prompt travelled in the top-level `system` field.
    script = [{"match": "talk like a pirate", "answer": "Arr, matey."}]
    with FakeOpenAIServer(script=script) as srv:
        pirate = anthropic_spec(monkeypatch, srv, options={"system": "Always talk like a pirate."})
        plain = anthropic_spec(monkeypatch, srv, options={"system": "You are terse."})
        eng = Engine(None, EngineOptions(**FAST))
        out_pirate = eng.generate_sync(pirate, [ChatRequest.from_prompt("hello")])[0]
        out_plain = eng.generate_sync(plain, [ChatRequest.from_prompt("hello")])[0]
        assert srv.stats()["bad_requests"] == 0
    assert out_pirate.text == "Arr, matey."
    system_first = [{"role": "system", "content": "You are terse."}, *user("hello")]
    assert out_plain.text == default_answer("claude-x", system_first, 0)
    assert out_plain.text != default_answer("claude-x", user("hello"), 0)


def test_max_tokens_gives_length(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = anthropic_spec(monkeypatch, srv, options={"max_tokens": 3})
        out = Engine(None).generate_sync(spec, [ChatRequest.from_prompt("tell me a long story")])[0]
    assert out.finish_reason == "length"
    assert count_words(out.text) == 3 and out.usage.output_tokens == 3
    assert default_answer("claude-x", user("tell me a long story"), 0).startswith(out.text or "?")


def test_refusal_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    script = [{"match": "forbidden", "answer": "@content_filter"}, {"match": "blank", "answer": "@empty"}]
    with FakeOpenAIServer(script=script) as srv:
        spec = anthropic_spec(monkeypatch, srv)
        outs = Engine(None).generate_sync(
            spec, [ChatRequest.from_prompt("forbidden"), ChatRequest.from_prompt("blank")]
        )
        _, _, refusal = raw_messages(srv, {"model": "m", "max_tokens": 9, "messages": user("forbidden")})
    assert [o.finish_reason for o in outs] == ["content_filter", "empty"]
    assert all(o.ok and o.text == "" for o in outs)
    assert refusal["stop_reason"] == "refusal" and refusal["content"] == []


@pytest.mark.parametrize("kind", ["429", "500", "529", "timeout", "reset", "malformed"])
def test_recovers_from_each_fault_kind(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(fault_rate=0.4, faults=[kind], retry_after=0.01, seed=3) as srv:
        spec = anthropic_spec(monkeypatch, srv)
        prompts = [f"question {i}" for i in range(15)]
        eng = Engine(None, EngineOptions(timeout=client_timeout(kind), max_attempts=20, **FAST))
        outs = eng.generate_sync(spec, [ChatRequest.from_prompt(p) for p in prompts])
        stats = srv.stats()
    assert all(o.ok for o in outs), [o.error for o in outs if not o.ok]
    assert stats["faults"] > 0, "no fault injected: the test would prove nothing"
    assert stats["faults_by_kind"] == {kind: stats["faults"]}
    assert stats["faults_by_api"] == {"anthropic": stats["faults"]}
    assert eng.stats[spec.name].retries >= stats["faults"]
    assert stats["answered"] == 15
    assert [o.text for o in outs] == [default_answer("claude-x", user(p), 3) for p in prompts]


def test_retry_after_is_honoured(monkeypatch: pytest.MonkeyPatch, chosen_delays: Any) -> None:
    # Exponential backoff from a 10 s base would wait 5-10 s; honouring Retry-After it waits ~0.3 s.
    with FakeOpenAIServer(fault_rate=1.0, faults=["429"], retry_after=0.3) as srv:
        spec = anthropic_spec(monkeypatch, srv)
        eng = Engine(None, EngineOptions(max_attempts=3, backoff_base=10, backoff_cap=10, seed=0))
        delays = chosen_delays(eng)
        t0 = time.monotonic()
        out = eng.generate_sync(spec, [ChatRequest.from_prompt("x")])[0]
        elapsed = time.monotonic() - t0
        assert srv.stats()["requests"] == 3
    assert not out.ok and "3 attempts" in (out.error or "")
    assert len(delays) == 3 and all(0.3 <= d <= 0.33 for d in delays), delays  # the header + <=10% jitter
    assert 0.6 <= elapsed < 10.0  # the backoff would take at least 5 + 10 s


def test_fault_bodies_are_anthropic_shaped() -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=["429"], retry_after=2) as srv:
        status, headers, body = raw_messages(srv, {"model": "m", "max_tokens": 5, "messages": user("hi")})
    assert status == 429 and headers["retry-after"] == "2" and headers["request-id"].startswith("req_")
    assert body["type"] == "error" and body["error"]["type"] == "rate_limit_error"
    with FakeOpenAIServer(fault_rate=1.0, faults=["529"]) as srv:
        status, _, body = raw_messages(srv, {"model": "m", "max_tokens": 5, "messages": user("hi")})
    assert status == 529 and body["error"]["type"] == "overloaded_error"


@pytest.mark.parametrize(
    ("model", "needle"),
    [
        ("claude-quota", "credit balance is too low"),
        ("claude-unauthorized", "authentication failed"),
        ("claude-notfound", "not found"),
    ],
)
def test_fatal_errors_fail_fast(model: str, needle: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer() as srv:
        spec = anthropic_spec(monkeypatch, srv, model=model)
        eng = Engine(None, EngineOptions(**FAST))
        t0 = time.monotonic()
        with pytest.raises(ProviderError, match=needle) as info:
            eng.generate_sync(spec, [ChatRequest.from_prompt(f"q{i}") for i in range(50)])
        assert time.monotonic() - t0 < 30  # a generous bound for a loaded machine; the counts are exact
        assert srv.stats()["requests"] < 50  # the rest were never sent
    assert eng.stats[spec.name].retries == 0
    assert KEY not in str(info.value)


def test_wrong_key_fails_fast_and_never_leaks(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(api_key="the-right-key-123456") as srv:
        spec = anthropic_spec(monkeypatch, srv)
        with pytest.raises(ProviderError, match="authentication failed") as info:
            Engine(None, EngineOptions(**FAST)).generate_sync(spec, [ChatRequest.from_prompt("q")])
        assert srv.stats()["rejected_auth"] == 1
    assert KEY not in str(info.value) and "the-right-key" not in str(info.value)


def test_key_not_in_retry_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=["500", "reset"], seed=2) as srv:
        spec = anthropic_spec(monkeypatch, srv)
        out = Engine(None, EngineOptions(max_attempts=4, **FAST)).generate_sync(
            spec, [ChatRequest.from_prompt("q")]
        )[0]
    assert out.error and "gave up after 4 attempts" in out.error and KEY not in out.error


def test_base_url_with_v1_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK appends /v1/messages itself: ANTHROPIC_BASE_URL must not end in /v1.
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        with pytest.raises(ProviderError, match="without /v1"):
            Engine(None).generate_sync(parse_model("anthropic/claude-x"), [ChatRequest.from_prompt("q")])


def test_usage_and_cost_of_a_priced_model(monkeypatch: pytest.MonkeyPatch) -> None:
    model = "claude-3-5-sonnet-20241022"
    prompts = ["What is the capital of France, in one word?", "Name three primary colours."]
    with FakeOpenAIServer() as srv:
        spec = anthropic_spec(monkeypatch, srv, model=model, options={"system": "Be brief."})
        eng = Engine(None)
        outs = eng.generate_sync(spec, [ChatRequest.from_prompt(p) for p in prompts])
    price = PriceTable.load().lookup("anthropic", model)
    assert price is not None and price.input > 0
    for p, o in zip(prompts, outs, strict=True):
        assert o.usage.input_tokens == count_words("Be brief.") + count_words(p)
        assert o.usage.output_tokens == count_words(o.text) > 0
        expected = (o.usage.input_tokens * price.input + o.usage.output_tokens * price.output) / 1e6
        assert o.cost_usd == pytest.approx(expected) and o.cost_usd > 0
    st = eng.stats[spec.name]
    assert st.input_tokens == sum(o.usage.input_tokens for o in outs)
    assert eng.total_cost_usd == pytest.approx(sum(o.cost_usd for o in outs))


def test_wire_format_validation() -> None:
    ok = {"model": "m", "max_tokens": 50, "messages": user("hi")}
    blocks = {
        "model": "m",
        "max_tokens": 50,
        "system": [{"type": "text", "text": "Be kind."}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
    }
    with FakeOpenAIServer(api_key="k-123456") as srv:
        assert raw_messages(srv, ok)[0] == 401  # no key
        assert raw_messages(srv, ok, {"x-api-key": "k-123456"})[0] == 200
        status, _, body = raw_messages(srv, blocks, {"x-api-key": "k-123456"})
        assert status == 200 and body["usage"]["input_tokens"] == 3
        assert body["content"][0]["text"] == default_answer(
            "m", [{"role": "system", "content": "Be kind."}, *user("hi")], 0
        )
        no_max = {k: v for k, v in ok.items() if k != "max_tokens"}
        status, _, body = raw_messages(srv, no_max, {"x-api-key": "k-123456"})
        assert status == 400 and body["error"]["type"] == "invalid_request_error"
        system_msg = {**ok, "messages": [{"role": "system", "content": "x"}, *user("hi")]}
        assert raw_messages(srv, system_msg, {"x-api-key": "k-123456"})[0] == 400
        no_version = raw_messages(srv, ok, {"x-api-key": "k-123456", "anthropic-version": ""})
        assert no_version[0] == 400 and "anthropic-version" in no_version[2]["error"]["message"]
        assert srv.stats()["bad_requests"] == 3 and srv.stats()["answered"] == 2


def test_collect_cli_with_anthropic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = [f"anthropic prompt number {i}" for i in range(8)]
    pfile = tmp_path / "prompts.jsonl"
    pfile.write_text("".join(json.dumps({"prompt": p}) + "\n" for p in prompts))
    out = tmp_path / "out"
    model = "claude-3-5-sonnet-20241022"
    with FakeOpenAIServer(fault_rate=0.25, faults=["529", "429"], retry_after=0.01, seed=5) as srv:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.anthropic_base_url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        args = ["collect", "--model", f"anthropic/{model}", "--prompts", str(pfile), "--out", str(out)]
        res = CliRunner().invoke(app, [*args, "-M", "system=Answer briefly.", "--quiet"])
        stats = srv.stats()
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in (out / "responses.jsonl").read_text().splitlines()]
    system = [{"role": "system", "content": "Answer briefly."}]
    assert [r["response"] for r in rows] == [default_answer(model, [*system, *user(p)], 5) for p in prompts]
    assert all(r["error"] is None and r["finish_reason"] == "stop" for r in rows)
    assert stats["answered_by_api"] == {"anthropic": 8} and stats["faults"] > 0
    assert "$0.0000" not in res.output and KEY not in res.output


def test_sampling_options_reach_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake server, like Anthropic, rejects temperature outside 0..1: the 400 proves the value was sent
    # (anthropic>=2 no longer takes `temperature` as a keyword; the provider passes it in the body).
    with FakeOpenAIServer() as srv:
        ok = anthropic_spec(monkeypatch, srv, options={"temperature": 0.7, "top_p": 0.9})
        assert Engine(None).generate_sync(ok, [ChatRequest.from_prompt("hi")])[0].ok
        hot = anthropic_spec(monkeypatch, srv, options={"temperature": 1.5})
        with pytest.raises(ProviderError, match="temperature"):
            Engine(None).generate_sync(hot, [ChatRequest.from_prompt("hi")])
        assert srv.stats()["bad_requests"] == 1
