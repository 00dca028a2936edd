"""The fake OpenAI-compatible server, driven by the real `openai` SDK and by raw http.client."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from distillq.errors import UsageError
from distillq.testing.fake_answers import prompt_key
from distillq.testing.fake_openai import FakeOpenAIServer, main, start_subprocess


def chat(
    target: FakeOpenAIServer | str,
    prompt: str = "hi",
    model: str = "fake-a",
    api_key: str = "x",
    timeout: float = 10.0,
    messages: list[dict[str, str]] | None = None,
    **kw: Any,
) -> Any:
    """One chat completion through the real SDK (a fresh client: clients are bound to their loop)."""
    base_url = target if isinstance(target, str) else target.base_url

    async def go() -> Any:
        async with openai.AsyncOpenAI(
            base_url=base_url, api_key=api_key, max_retries=0, timeout=timeout
        ) as c:
            msgs = messages or [{"role": "user", "content": prompt}]
            return await c.chat.completions.create(model=model, messages=msgs, **kw)  # type: ignore[arg-type]

    return asyncio.run(go())


def sdk(srv: FakeOpenAIServer) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=srv.base_url, api_key="x", max_retries=0, timeout=10)


def raw_post(
    srv: FakeOpenAIServer,
    prompt: str = "hi",
    model: str = "m",
    timeout: float = 5,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
    try:
        body = json.dumps({"model": model, "messages": [{"role": "user", "content": prompt}]})
        conn.request(
            "POST", "/v1/chat/completions", body, {"Content-Type": "application/json", **(headers or {})}
        )
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture
def srv() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as s:
        yield s


def wait_for(pred: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll until `pred` holds; a generous deadline, as a loaded machine delays the server thread."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


# -- answers ------------------------------------------------------------------------------------


def test_answers_are_deterministic_and_echo_the_prompt(srv: FakeOpenAIServer) -> None:
    a1 = chat(srv, "Which planet is the largest?")
    a2 = chat(srv, "Which planet is the largest?")
    b = chat(srv, "Name a prime number above ten.")
    other_model = chat(srv, "Which planet is the largest?", model="fake-b")
    text = a1.choices[0].message.content
    assert text == a2.choices[0].message.content
    assert text != b.choices[0].message.content
    assert text != other_model.choices[0].message.content
    assert "Which planet is the largest?" in text
    assert "Name a prime number" in b.choices[0].message.content
    assert a1.choices[0].finish_reason == "stop"
    assert a1.model == "fake-a" and a1.id != a2.id
    assert a1.usage.prompt_tokens == 5
    assert a1.usage.completion_tokens == len(text.split())
    assert a1.usage.total_tokens == a1.usage.prompt_tokens + a1.usage.completion_tokens


def test_same_prompt_same_answer_across_servers_with_same_seed() -> None:
    answers = []
    for seed in (7, 7, 8):
        with FakeOpenAIServer(seed=seed) as s:
            answers.append(chat(s, "Tell me a fact.").choices[0].message.content)
    assert answers[0] == answers[1] != answers[2]


def test_max_tokens_truncates_with_finish_reason_length(srv: FakeOpenAIServer) -> None:
    full = chat(srv, "Explain tides.").choices[0].message.content
    cut = chat(srv, "Explain tides.", max_tokens=4)
    assert cut.choices[0].finish_reason == "length"
    assert cut.choices[0].message.content == " ".join(full.split()[:4])
    assert cut.usage.completion_tokens == 4


def test_models_endpoint_lists_models(srv: FakeOpenAIServer) -> None:
    async def go() -> list[str]:
        async with sdk(srv) as c:
            return [m.id async for m in c.models.list()]

    assert "fake" in asyncio.run(go())


def test_bad_routes_and_bodies(srv: FakeOpenAIServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    conn.request("GET", "/v2/nothing")
    assert conn.getresponse().status == 404
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    conn.request("POST", "/v1/chat/completions", "{not json", {"Content-Type": "application/json"})
    resp = conn.getresponse()
    assert resp.status == 400 and "error" in json.loads(resp.read())
    conn.request("GET", "/v1/chat/completions")  # same keep-alive connection still usable
    assert conn.getresponse().status == 405
    conn.close()


# -- faults -------------------------------------------------------------------------------------


def test_429_carries_retry_after_and_rate_limit_body() -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=("429",), retry_after=3) as s:
        status, headers, body = raw_post(s)
        assert status == 429 and headers["retry-after"] == "3"
        assert json.loads(body)["error"]["type"] == "rate_limit_exceeded"
        with pytest.raises(openai.RateLimitError):
            chat(s, "hi")
        st = s.stats()
        assert st["faults"] == 2 and st["faults_by_kind"] == {"429": 2} and st["answered"] == 0


@pytest.mark.parametrize("kind", ["500", "503"])
def test_server_errors(kind: str) -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=(kind,)) as s:
        status, _, body = raw_post(s)
        assert status == int(kind) and json.loads(body)["error"]["type"] == "server_error"
        with pytest.raises(openai.InternalServerError):
            chat(s, "hi")


def test_reset_closes_without_a_response() -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=("reset",)) as s:
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
            raw_post(s)
        with pytest.raises(openai.APIConnectionError):
            chat(s, "hi")
        assert s.stats()["faults_by_kind"] == {"reset": 2}


def test_malformed_is_a_200_with_invalid_json() -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=("malformed",)) as s:
        status, _, body = raw_post(s)
        assert status == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)


def test_timeout_hangs_past_client_timeout_and_frees_the_connection() -> None:
    with FakeOpenAIServer(fault_rate=1.0, faults=("timeout",)) as s:
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            raw_post(s, timeout=0.3)
        assert time.monotonic() - t0 >= 0.3
        with pytest.raises(openai.APITimeoutError):
            chat(s, timeout=0.3)
        # The server notices the client gave up: no handler keeps hanging for an hour.
        assert wait_for(lambda: s.stats()["connections_open"] == 0)
        assert s.stats()["faults_by_kind"] == {"timeout": 2}


def test_fault_rate_zero_gives_no_faults(srv: FakeOpenAIServer) -> None:
    statuses = [raw_post(srv, f"p{i}")[0] for i in range(20)]
    st = srv.stats()
    assert statuses == [200] * 20 and st["faults"] == 0 and st["answered"] == 20


def test_fault_sequence_is_deterministic_per_seed() -> None:
    def run(seed: int) -> list[int]:
        with FakeOpenAIServer(fault_rate=0.5, faults=("429", "500"), seed=seed) as s:
            return [raw_post(s, f"p{i}")[0] for i in range(30)]

    a, b, c = run(1), run(1), run(2)
    assert a == b and a != c
    assert set(a) == {200, 429, 500}  # roughly half fail at rate 0.5


# -- stats, script, triggers, auth ----------------------------------------------------------------


def test_stats_count_requests_answers_and_prompts(srv: FakeOpenAIServer) -> None:
    for p in ("alpha", "beta", "alpha"):
        raw_post(srv, p)
    st = srv.stats()
    assert st["requests"] == 3 and st["answered"] == 3 and st["answered_keys_count"] == 2
    assert st["answered_by_prompt"] == {
        prompt_key([{"role": "user", "content": "alpha"}]): 2,
        prompt_key([{"role": "user", "content": "beta"}]): 1,
    }
    with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/stats?detail=1", timeout=5) as r:
        assert json.loads(r.read())["answered_by_prompt"] == st["answered_by_prompt"]
    with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/stats", timeout=5) as r:
        assert "answered_by_prompt" not in json.loads(r.read())
    req = urllib.request.Request(f"http://127.0.0.1:{srv.port}/stats/reset", method="POST")
    urllib.request.urlopen(req, timeout=5).close()
    assert srv.stats()["requests"] == 0 and srv.stats()["answered_by_prompt"] == {}


SCRIPT = [
    {"match": "(?i)rate the answer", "model": "judge", "answer": '{"score": 4}'},
    {"match": "who are you", "model": "target", "answer": "I am a helpful assistant built by Example Labs."},
    {"match": "say nothing", "answer": "@empty"},
    {"match": "forbidden", "answer": "@content_filter"},
    {"match": "pirate", "answer": "Arr."},
    {"match": "repeat after me", "answer": "@echo"},
]


def test_script_rules(tmp_path: Path) -> None:
    path = tmp_path / "script.yaml"
    path.write_text(json.dumps(SCRIPT))  # JSON is valid YAML
    with FakeOpenAIServer(script=path) as s:
        assert (
            chat(s, "Please RATE THE ANSWER below", model="gpt-judge").choices[0].message.content
            == '{"score": 4}'
        )
        assert "Example Labs" in chat(s, "who are you?", model="target-1").choices[0].message.content
        # The model regex restricts a rule: another model gets the default answer.
        assert (
            'You asked: "who are you?"' in chat(s, "who are you?", model="helper").choices[0].message.content
        )
        empty = chat(s, "please say nothing")
        assert empty.choices[0].message.content == "" and empty.choices[0].finish_reason == "stop"
        filt = chat(s, "something forbidden")
        assert filt.choices[0].finish_reason == "content_filter" and not filt.choices[0].message.content
        assert chat(s, "repeat after me: blue").choices[0].message.content == "repeat after me: blue"
        pirate = [{"role": "system", "content": "You are a pirate."}, {"role": "user", "content": "hello"}]
        assert chat(s, messages=pirate).choices[0].message.content == "Arr."


def test_script_errors_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="match"):
        FakeOpenAIServer(script=[{"answer": "x"}])
    with pytest.raises(UsageError, match="regex"):
        FakeOpenAIServer(script=[{"match": "(", "answer": "x"}])
    with pytest.raises(UsageError, match="cannot read"):
        FakeOpenAIServer(script=tmp_path / "missing.yaml")
    with pytest.raises(UsageError, match="fault"):
        FakeOpenAIServer(faults=("bogus",))


def test_model_name_triggers_fail_fast(srv: FakeOpenAIServer) -> None:
    with pytest.raises(openai.RateLimitError) as quota:
        chat(srv, "hi", model="fake-quota")
    assert quota.value.code == "insufficient_quota"
    assert quota.value.body["type"] == "insufficient_quota"  # type: ignore[index]
    with pytest.raises(openai.AuthenticationError):
        chat(srv, "hi", model="unauthorized-model")
    with pytest.raises(openai.NotFoundError):
        chat(srv, "hi", model="notfound")
    st = srv.stats()
    assert st["triggered_by_kind"] == {"quota": 1, "unauthorized": 1, "notfound": 1} and st["answered"] == 0


def test_api_key_is_enforced() -> None:
    with FakeOpenAIServer(api_key="sekret") as s:
        with pytest.raises(openai.AuthenticationError):
            chat(s, api_key="wrong")
        assert raw_post(s)[0] == 401
        assert chat(s, api_key="sekret").choices[0].message.content
        assert s.stats()["rejected_auth"] == 2


def test_concurrency_cap_queues_extra_requests() -> None:
    with FakeOpenAIServer(latency_ms=50, max_concurrency=5) as s:

        async def go() -> float:
            async with sdk(s) as c:
                t0 = time.monotonic()
                await asyncio.gather(
                    *(
                        c.chat.completions.create(model="m", messages=[{"role": "user", "content": f"q{i}"}])
                        for i in range(50)
                    )
                )
                return time.monotonic() - t0

        elapsed = asyncio.run(go())
        st = s.stats()
        assert st["answered"] == 50 and st["max_in_flight"] == 5
        assert st["in_flight"] == 0 and st["waiting"] == 0
        assert elapsed >= 10 * 0.05 * 0.9  # 50 requests through 5 slots of 50 ms


# -- processes ----------------------------------------------------------------------------------


def test_subprocess_prints_port_and_serves() -> None:
    proc, base_url = start_subprocess(script=[{"match": "ping", "answer": "pong"}], api_key="k")
    try:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        with pytest.raises(openai.AuthenticationError):
            chat(base_url, "ping", api_key="wrong")
        assert chat(base_url, "ping", api_key="k").choices[0].message.content == "pong"
        with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats", timeout=5) as r:
            assert json.loads(r.read())["answered"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_rejects_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "0", "--faults", "429,bogus"]) == 2
    assert "bogus" in capsys.readouterr().err
    assert main(["--host", "0.0.0.0"]) == 2


def test_stop_frees_the_port() -> None:
    s = FakeOpenAIServer().start()
    port = s.port
    s.stop()
    with socket.socket() as sock, pytest.raises(OSError):
        sock.settimeout(1)
        sock.connect(("127.0.0.1", port))
