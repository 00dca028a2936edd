"""An interrupted run: requests on the wire are counted, bounded in cost, journalled and asked again.

Also the budget's boundary: how many requests are sent and how many counted as skipped when the
spend reaches the budget exactly, stays one request under it, or passes it.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import pytest

import distillq
from distillq.cli.common import handle_errors
from distillq.errors import RunInterrupted
from distillq.models.engine import Engine, EngineOptions
from distillq.models.engine_stop import Abandoned, cost_bound, describe, max_completion_tokens
from distillq.models.pricing import PriceTable
from distillq.models.spec import parse_model
from distillq.models.types import ChatRequest, ModelOutput, Usage
from distillq.store import Store, request_key
from distillq.testing.fake_openai import FakeOpenAIServer

SECRET = "sk-" + "interrupt-test-0123456789"  # (split: the tree holds nothing shaped like a key)


# -- the words ---------------------------------------------------------------------------------------


def test_describe_says_count_and_bound() -> None:
    assert describe(0, 0.0, 0) == "no request was in flight"
    assert describe(1, 0.0012, 0) == "1 request in flight abandoned, at most $0.0012"
    assert describe(3, 0.0, 0) == "3 requests in flight abandoned"  # free models: no cost note
    assert describe(2, 0.0, 2) == "2 requests in flight abandoned, cost unbounded (no price or no max_tokens)"
    mixed = describe(3, 0.5, 1)
    assert mixed.startswith("3 requests in flight abandoned, at most $0.5000 for 2 of them")
    assert "no cost bound for 1" in mixed


def test_abandoned_part_keeps_only_the_batch_keys() -> None:
    lost = Abandoned({"a": 0.25, "b": None, "c": 0.5})
    part = lost.part(["a", "b", "z"])
    assert (part.count, part.max_cost_usd, part.unbounded) == (2, 0.25, 1)
    assert (lost.count, lost.max_cost_usd, lost.unbounded) == (3, 0.75, 1)


# -- the cost bound ----------------------------------------------------------------------------------


def test_cost_bound_needs_a_price_and_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_BASE_URL", "http://127.0.0.1:9/v1")
    req = ChatRequest.from_prompt("who made you?")
    capped = parse_model("openai-api/fake/m", {"max_tokens": 100})
    prices = PriceTable({}).with_price(capped.service, capped.model, 2.0, 8.0)
    bound = cost_bound(prices, capped, req)
    assert bound is not None and bound >= 100 * 8.0 / 1e6  # the completion alone, at max_tokens
    assert cost_bound(PriceTable({}), capped, req) is None  # no price
    uncapped = parse_model("openai-api/fake/m")
    assert max_completion_tokens(uncapped) is None
    assert cost_bound(prices.with_price(uncapped.service, uncapped.model, 2.0, 8.0), uncapped, req) is None
    assert cost_bound(PriceTable({}), parse_model("mock/echo"), req) == 0.0  # free: bounded by nothing spent
    assert max_completion_tokens(parse_model("anthropic/claude-x")) == 2048  # the provider's own cap


@pytest.mark.parametrize("prompt", ["hi", "who made you? " * 40, "你是谁？请详细介绍你自己。" * 10])
def test_cost_bound_is_above_what_the_request_cost(prompt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bound, not an estimate: an answered request at its cap never cost more than its bound."""
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", SECRET)
        spec = parse_model("openai-api/fake/m", {"max_tokens": 5, "system": "Be brief."})
        prices = PriceTable({}).with_price(spec.service, spec.model, 3.0, 15.0)
        req = ChatRequest.from_prompt(prompt)
        out = Engine(None, EngineOptions(), prices).generate_sync(spec, [req])[0]
    bound = cost_bound(prices, spec, req)
    assert out.ok and bound is not None and 0 < out.cost_usd <= bound


# -- the engine, cancelled mid-batch ------------------------------------------------------------------


def _interrupt_after(srv: FakeOpenAIServer, spec, store: Store, reqs: list[ChatRequest], answered: int):
    """Run a batch; once `answered` answers came back and the next ones reached the server, cancel."""
    eng = Engine(store, EngineOptions(max_connections=2))
    store.start_run("r1", "collect", {})

    async def main() -> None:
        job = asyncio.ensure_future(eng.generate(spec, reqs, run_id="r1"))
        while True:
            st = eng.stats.get(spec.name)
            if st is not None and st.answered >= answered and srv.stats()["requests"] >= answered + 2:
                break
            await asyncio.sleep(0.01)
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job
        await eng.aclose()

    asyncio.run(main())
    return eng


def test_cancelled_batch_counts_journals_and_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = 10
    with FakeOpenAIServer(latency_ms=600) as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", SECRET)
        spec = parse_model("openai-api/fake/m", {"max_tokens": 50})
        reqs = [ChatRequest.from_prompt(f"interrupted question {i}") for i in range(n)]
        with Store(tmp_path) as store:
            eng = _interrupt_after(srv, spec, store, reqs, 2)
            server = srv.stats()
            lost = server["requests"] - server["answered"]
            assert lost == 2 and eng.abandoned.count == lost
            assert eng.abandoned.unbounded == 0 and eng.abandoned.max_cost_usd > 0
            items = store.run_items("r1")
            statuses = [it.status for it in items]
            assert statuses.count("abandoned") == lost and statuses.count("done") == server["answered"]
            (run,) = store.runs()
            assert run["status"] == "interrupted" and run["abandoned"] == lost
            assert run["abandoned_max_usd"] == pytest.approx(eng.abandoned.max_cost_usd)
            done = statuses.count("done")
            # the re-run asks exactly what has no stored answer, the abandoned ones included
            before = srv.stats()["requests"]
            outs = Engine(store, EngineOptions(max_connections=16)).generate_sync(spec, reqs, run_id="r1")
            assert all(o.ok for o in outs) and srv.stats()["requests"] - before == n - done
            assert {it.status for it in store.run_items("r1")} == {"done"}
        assert SECRET.encode() not in (tmp_path / "distillq.db").read_bytes()


def test_engine_run_turns_ctrl_c_into_run_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt out of the event loop comes back saying what was on the wire."""
    eng = Engine(None)
    eng.abandoned = Abandoned({"k": 0.01})

    async def job() -> None:
        raise KeyboardInterrupt

    with pytest.raises(RunInterrupted) as info:
        eng.run(job)
    assert isinstance(info.value, KeyboardInterrupt) and info.value.abandoned == 1
    assert info.value.summary == "1 request in flight abandoned, at most $0.0100"
    assert distillq.RunInterrupted is RunInterrupted  # the public API names it


def test_sigterm_stops_a_job_as_ctrl_c_does_only_while_it_runs() -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    async def job() -> None:
        seen.append((signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)))

    Engine(None).run(job)
    ((term, intr),) = seen
    if intr is not signal.default_int_handler:  # asyncio installed its Ctrl-C handler (main thread)
        assert term is intr
    assert signal.getsignal(signal.SIGTERM) is before


def test_cli_line_for_an_interrupt(capsys: pytest.CaptureFixture[str]) -> None:
    @handle_errors
    def command() -> None:
        raise RunInterrupted(3, describe(3, 0.002, 0))

    with pytest.raises(SystemExit) as info:
        command()
    assert info.value.code == 130
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert err == [
        "interrupted: 3 requests in flight abandoned, at most $0.0020; everything answered so far is "
        "stored; re-run to resume"
    ]


# -- the journal -------------------------------------------------------------------------------------


def test_record_abandoned_adds_up_and_spares_answers(tmp_path: Path) -> None:
    spec = parse_model("mock/echo")
    reqs = [ChatRequest.from_prompt(f"q{i}") for i in range(3)]
    keys = [request_key(spec, r) for r in reqs]
    with Store(tmp_path) as store:
        store.start_run("r", "collect", {})
        store.add_run_items("r", [(i, k, spec.name, None) for i, k in enumerate(keys)])
        store.put_responses(spec, [(keys[0], reqs[0], ModelOutput(text="a", usage=Usage(1, 1)))], run_id="r")
        store.record_abandoned("r", {keys[0]: 0.5, keys[1]: None}, interrupted=False)
        assert [it.status for it in store.run_items("r")] == ["done", "abandoned", "pending"]
        assert store.runs()[0]["status"] == "running"  # a fatal error's stop is not an interrupt
        store.record_abandoned("r", {keys[2]: 0.25}, interrupted=True)
        (run,) = store.runs()
    assert (run["status"], run["abandoned"], run["abandoned_unbounded"]) == ("interrupted", 3, 1)
    assert run["abandoned_max_usd"] == pytest.approx(0.75)


def test_an_old_store_read_only_lists_runs_without_the_new_columns(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.start_run("r", "collect", {})
    conn = sqlite3.connect(tmp_path / "distillq.db")  # as a store of schema 4 was
    for col in ("abandoned", "abandoned_max_usd", "abandoned_unbounded"):
        conn.execute(f"ALTER TABLE runs DROP COLUMN {col}")
    conn.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with Store(tmp_path, read_only=True) as store:
        assert store.runs()[0]["abandoned"] == 0
    with Store(tmp_path) as store:  # a writer migrates it
        assert store.runs()[0]["abandoned"] == 0
        cols = {r[1] for r in store.conn.execute("PRAGMA table_info(runs)")}
    assert {"abandoned", "abandoned_max_usd", "abandoned_unbounded"} <= cols


# -- the budget's boundary -----------------------------------------------------------------------------

# mock/echo bills one input token per word of the prompt; at $100,000 per million input tokens (and
# nothing for output) a one-word prompt costs exactly $0.10, a figure a float running sum gets wrong.


def _budget_run(budget: float, prompts: list[str]) -> tuple[int, int, list[ModelOutput]]:
    spec = parse_model("mock/echo")
    prices = PriceTable({}).with_price(spec.service, spec.model, 100_000.0, 0.0)
    eng = Engine(None, EngineOptions(max_connections=1, budget_usd=budget), prices)
    outs = eng.generate_sync(spec, [ChatRequest.from_prompt(p) for p in prompts])
    st = eng.stats[spec.name]
    return st.answered, st.skipped, outs


@pytest.mark.parametrize(
    ("budget", "sent"),
    [
        (0.9, 9),  # exactly 9 answers' worth: the 10th is not sent
        (0.95, 10),  # between: the 10th is sent (its cost is unknown before), then no more
        (1.0, 10),  # exactly 10 answers' worth (a float sum of ten $0.10 is $0.9999...; it sent 11)
        (1.05, 11),
        (1.1, 11),  # exactly 11 answers' worth
        (0.3, 3),
        (0.7, 7),
    ],
)
def test_budget_boundary_sent_and_skipped(budget: float, sent: int) -> None:
    n = 20
    answered, skipped, outs = _budget_run(budget, [f"q{i}" for i in range(n)])
    assert (answered, skipped) == (sent, n - sent)
    assert sum(o.ok for o in outs) == sent
    assert all("budget" in (o.error or "") for o in outs if not o.ok)


def test_budget_skipped_counts_duplicate_rows() -> None:
    """Two rows asking the same thing share one request: both skipped, neither counted as cached."""
    prompts = [f"q{i}" for i in range(20)] + ["q15", "q16"]
    answered, skipped, outs = _budget_run(1.0, prompts)
    assert answered == 10 and skipped == len(prompts) - 10 == sum(not o.ok for o in outs)
