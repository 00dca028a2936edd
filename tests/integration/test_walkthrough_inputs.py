"""Bad inputs a new user makes, found by walking through the docs: one line, exit 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.cli import app

runner = CliRunner()
DISTILLQ = [sys.executable, "-m", "distillq"]  # the installed entry point's code path, main()


def _one_error_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    assert "Traceback" not in output
    return lines[0]


def _responses(folder: Path, model: str, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{model}.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(
                json.dumps({"prompt_id": str(i), "prompt": f"q{i}", "model": model, "response": text}) + "\n"
            )


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    folder = tmp_path / "responses"
    words = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
    ]
    _responses(folder, "teacher", [f"{w} answer in the teacher's careful style." for w in words])
    _responses(folder, "student", [f"{w} answer in the teacher's careful style!" for w in words])
    _responses(folder, "other", [f"An unrelated reply about {w}." for w in words])
    return folder


@pytest.mark.parametrize("flag", ["--candidates", "--baseline"])
def test_compare_names_not_in_the_files(responses: Path, tmp_path: Path, flag: str) -> None:
    """A candidate spelled as a model spec (`mock/teacher`) instead of its name in the files used to
    raise KeyError from the classifier; now one line naming the models that are there."""
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["rse", "compare", str(responses), "-o", str(out), flag, "mock/teacher"])
    assert res.exit_code == 2, res.output
    msg = _one_error_line(res.output)
    assert flag in msg and "mock/teacher" in msg and "other, student, teacher" in msg
    assert not (out / "attribution.json").exists()


def _ice_run(tmp_path: Path, *args: str) -> str:
    """`ice run` of mock/teacher with these options: it must stop with exit 2; its one error line."""
    res = runner.invoke(app, ["ice", "run", "--target", "mock/teacher", *args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    return _one_error_line(res.output)


def test_ice_run_missing_identities_dir_is_named(tmp_path: Path) -> None:
    """Used to say `unknown identity 'openai'` although the card exists: the folder was the problem."""
    msg = _ice_run(tmp_path, "-i", "openai", "--identities-dir", str(tmp_path / "nope"))
    assert "identity directory" in msg and "nope" in msg and "unknown identity" not in msg
    assert not (tmp_path / "o" / "distillq.db").exists()  # stopped before the store


def test_ice_run_unknown_identity_says_where_to_look(tmp_path: Path) -> None:
    assert "distillq identities list" in _ice_run(tmp_path, "-i", "nobody")


def test_ice_run_unknown_language_lists_the_languages(tmp_path: Path) -> None:
    msg = _ice_run(tmp_path, "-i", "openai", "--languages", "fr")
    assert "fr" in msg and "en, zh" in msg and "--languages" in msg


def test_ice_run_target_ci_out_of_range(tmp_path: Path) -> None:
    assert "--target-ci must be above 0 and below 0.5" in _ice_run(
        tmp_path, "-i", "openai", "--target-ci", "2"
    )


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["ice", "run", "--target", "mock/teacher", "-i", "openai", "--limit", "0"], "--limit"),
        (
            ["ice", "run", "--target", "mock/teacher", "-i", "openai", "--questions-per-round", "0"],
            "--questions-per-round",
        ),
        (["rse", "run", "--reference", "mock/teacher", "--test", "mock/echo", "--limit", "0"], "--limit"),
        (
            ["rse", "run", "--reference", "mock/teacher", "--test", "mock/echo", "--max-tokens", "0"],
            "--max-tokens",
        ),
        (["run", "src/distillq/demo/demo.yaml", "--limit", "-3"], "--limit"),
    ],
)
def test_counts_below_one_name_the_flag(tmp_path: Path, args: list[str], flag: str) -> None:
    """Used to name the run file's field (`ice.max_queries: Input should be ...`), not the flag typed."""
    repo = Path(__file__).resolve().parents[2]
    args = [str(repo / a) if a.endswith(".yaml") else a for a in args]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    assert _one_error_line(res.output).startswith(f"error: {flag} must be at least 1")
    assert not (tmp_path / "o").exists()


def test_ice_judge_on_a_directory(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ice", "judge", str(tmp_path), "-i", "openai", "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "is a directory" in _one_error_line(res.output)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed entry point's code path (`main()`), where typer's own usage errors are shown."""
    return subprocess.run([*DISTILLQ, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ice", "run", "--target", "mock/teacher", "-i", "openai", "--limit", "abc"], "'--limit'"),
        (["ice", "run", "--target", "mock/teacher"], "'--identity'"),
        (["collect", "--model", "mock/echo", "--prompts", "p.txt", "--bogus"], "--bogus"),
        (["nosuch"], "nosuch"),
        (["version", "--env-file", "x.env"], "goes before the command: `distillq --env-file FILE"),
    ],
)
def test_typer_usage_errors_are_one_line(tmp_path: Path, args: list[str], expected: str) -> None:
    """Bad values, missing options and unknown commands: one `error:` line naming the flag and the
    command's --help, exit 2 (typer's usage box was six lines)."""
    res = _cli(*args, cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    msg = _one_error_line(res.stderr)
    assert expected in msg and ("--help`" in msg or "--env-file" in expected)
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_help_and_bare_groups_still_show_help(tmp_path: Path) -> None:
    res = _cli("--help", cwd=tmp_path)
    assert res.returncode == 0 and "Commands" in res.stdout
    res = _cli("ice", cwd=tmp_path)  # a group without a command: its help, exit 2 as before
    assert res.returncode == 2 and "judge" in res.stdout and "error" not in res.stderr
    res = _cli("version", cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("distillq ")


def test_compare_table_says_closest_not_attributed(responses: Path, tmp_path: Path) -> None:
    """With one candidate the first-ranked is every model's by construction: the table used to head it
    `attributed`, printing `other  attributed teacher  p 1.0`. Now `closest candidate` and a note."""
    res = runner.invoke(
        app,
        ["rse", "compare", str(responses), "-o", str(tmp_path / "c"), "--candidates", "teacher"],
        terminal_width=200,
    )
    assert res.exit_code == 0, res.output
    assert "closest candidate" in res.output and "attributed" not in res.output
    assert "one candidate (teacher)" in res.output


def test_paper_study_dry_run_passes_with_its_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """README's `distillq run --dry-run examples/paper-study.yaml`: with every key it names set, the
    study must be able to start. Its budget used to stop it: three targets had no known price."""
    example = Path(__file__).resolve().parents[2] / "examples" / "paper-study.yaml"
    header = example.read_text(encoding="utf-8").split("name:", 1)[0]
    names = {w.strip(",.()") for w in header.split() if w.strip(",.()").endswith(("_API_KEY", "_BASE_URL"))}
    assert "OPENAI_API_KEY" in names and "DOUBAO_BASE_URL" in names
    for name in names:
        monkeypatch.setenv(
            name, "http://127.0.0.1:9/v1" if name.endswith("_BASE_URL") else "dummy-key-never-sent"
        )
    res = runner.invoke(app, ["run", "--dry-run", str(example)])
    assert res.exit_code == 0, res.output
    assert "unknown price" not in res.output and "$" in res.output
    # Into a pipe the table is not cut at 80 columns: both DeepSeek targets were `openai-api/deepse…`.
    assert "openai-api/deepseek/deepseek-chat" in res.output
    assert "openai-api/deepseek/deepseek-reasoner" in res.output


def test_runs_export_takes_a_prefix_like_runs_show(tmp_path: Path) -> None:
    """`runs show` took a unique prefix of a run id, `runs export` only the whole id."""
    from distillq.store import Store

    prompts = tmp_path / "p.txt"
    prompts.write_text("one\ntwo\n", encoding="utf-8")
    out = tmp_path / "res"
    res = runner.invoke(
        app, ["collect", "--model", "mock/echo", "--prompts", str(prompts), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    with Store(out, read_only=True) as store:
        (run_id,) = [r["run_id"] for r in store.runs()]
    target = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["runs", "export", run_id[:12], str(target), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["response"] for x in target.read_text().splitlines()] == ["one", "two"]
    res = runner.invoke(app, ["runs", "export", "nope", str(target), "--out", str(out)])
    assert res.exit_code == 2 and run_id in _one_error_line(res.output)


def test_an_exact_run_id_wins_over_longer_ids_it_prefixes(tmp_path: Path) -> None:
    from distillq.store import Store

    with Store(tmp_path) as store:
        store.start_run("collect-1", "collect", {"n": 1})
        store.start_run("collect-12", "collect", {"n": 2})
        assert store.run("collect-1")["config"] == {"n": 1}
        assert store.run("collect-12")["config"] == {"n": 2}


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        (
            '{"messages": [{"role": "robot", "content": "hi"}]}',
            "role 'robot' is not one of assistant, system, user",
        ),
        ('{"messages": []}', "'messages' is empty"),
    ],
)
def test_collect_rejects_conversations_no_provider_takes(tmp_path: Path, line: str, needle: str) -> None:
    """Used to be sent: a real API answers each such prompt with a 400, after the run has started."""
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('{"prompt": "fine"}\n' + line + "\n", encoding="utf-8")
    res = runner.invoke(
        app, ["collect", "--model", "mock/echo", "--prompts", str(prompts), "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2, res.output
    msg = _one_error_line(res.output)
    assert "line 2" in msg and needle in msg
    assert not (tmp_path / "o" / "responses.jsonl").exists()


def test_compare_table_keeps_its_numbers_at_80_columns(responses: Path, tmp_path: Path) -> None:
    """Long model names (AlpacaEval's) at 80 columns used to squeeze degree, interval, p and share
    to zero width: the table showed names only."""
    long = tmp_path / "long"
    for f in responses.iterdir():
        rows = [json.loads(x) for x in f.read_text().splitlines()]
        name = f"{f.stem}-instruct-v0.2-with-a-long-suffix"
        _responses(long, name, [r["response"] for r in rows])
    out = tmp_path / "c"
    res = runner.invoke(app, ["rse", "compare", str(long), "-o", str(out)], terminal_width=80)
    assert res.exit_code == 0, res.output
    att = json.loads((out / "attribution.json").read_text())
    for info in att["models"].values():
        assert f"{info['ranking'][0]['degree']:.3f}" in res.output


def test_report_names_a_results_file_that_is_not_an_object(tmp_path: Path) -> None:
    """An `rse_table.json` holding `[]` was read as absent: the report silently lost its RSE part."""
    study = tmp_path / "study"
    res = runner.invoke(app, ["demo", "--out", str(study)])
    assert res.exit_code == 0, res.output
    (study / "rse" / "rse_table.json").write_text("[]", encoding="utf-8")
    res = runner.invoke(app, ["report", str(study), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 2, res.output
    assert "rse_table.json is not a JSON object" in _one_error_line(res.output)
    assert not (tmp_path / "r.html").exists()


def test_rse_run_says_how_many_judge_answers_were_unscored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake server's answers are no 1-5 scores: every judge answer is unscored. The table showed
    `-` with no word on why; the count is now printed beside it."""
    from distillq.testing.fake_openai import FakeOpenAIServer

    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        res = runner.invoke(
            app,
            ["rse", "run", "--reference", "openai-api/fake/ref", "--test", "openai-api/fake/tst"]
            + [
                "--metrics",
                "all",
                "--judge",
                "openai-api/fake/judge",
                "--limit",
                "4",
                "--out",
                str(tmp_path),
            ],
            terminal_width=200,
        )
        assert srv.stats()["answered"] >= 8
    assert res.exit_code == 0, res.output
    table = json.loads((tmp_path / "rse" / "rse_table.json").read_text())
    unscored = table["rows"][0]["judge"]["builtin"]["unscored"]
    assert unscored > 0
    assert f"openai-api/fake/tst: {unscored} of {unscored} judge answers unscored" in " ".join(
        res.output.split()
    )


def test_ice_run_with_an_unreadable_judge_says_nothing_was_scored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake server's replies are no verdicts: every answer is unscored, counted apart (never 0),
    and the claims line says why it is empty instead of printing `claims: `."""
    from distillq.testing.fake_openai import FakeOpenAIServer

    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        res = runner.invoke(
            app,
            ["ice", "run", "--target", "openai-api/fake/t", "-i", "openai", "--judge", "openai-api/fake/j"]
            + ["--limit", "10", "--out", str(tmp_path)],
            terminal_width=200,
        )
    assert res.exit_code == 0, res.output
    summary = json.loads(next(tmp_path.glob("ice/*/ice_summary.json")).read_text())
    assert summary["scored"] == 0 and summary["unscored"] == summary["n"] > 0
    assert "claims: none (no answer was scored)" in res.output


def test_runs_list_tells_an_interrupted_run_from_a_running_one(tmp_path: Path) -> None:
    """After Ctrl-C, `runs list` said `running` for ever; now `stopped` once the process is gone."""
    import os
    import signal
    import time

    from distillq.errors import UsageError
    from distillq.store import Store
    from distillq.testing.fake_openai import FakeOpenAIServer

    prompts = tmp_path / "p.txt"
    prompts.write_text("".join(f"question {i}\n" for i in range(200)), encoding="utf-8")
    out = tmp_path / "res"
    with FakeOpenAIServer(latency_ms=100) as srv:
        model = ("--model", "openai-api/fake/m", "--max-connections", "1")
        argv = DISTILLQ + ["collect", *model, "--prompts", str(prompts), "--out", str(out)]
        env = dict(os.environ, FAKE_BASE_URL=srv.base_url, FAKE_API_KEY="k-123456")
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # until an answer is journalled (a loaded machine is slow)
                if (out / "distillq.db").exists():
                    try:
                        with Store(out, read_only=True) as store:
                            if any(r["done"] for r in store.runs()):
                                break
                    except UsageError:  # the file exists an instant before its tables
                        pass
                time.sleep(0.1)
            res = runner.invoke(app, ["runs", "list", "--out", str(out)], terminal_width=200)
            assert res.exit_code == 0 and "running" in res.output and "stopped" not in res.output, res.output
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 130, err
    res = runner.invoke(app, ["runs", "list", "--out", str(out)], terminal_width=200)
    assert res.exit_code == 0 and "stopped (re-run to resume)" in res.output, res.output


def test_template_without_slot_gives_advice_a_cli_user_can_follow(tmp_path: Path) -> None:
    """Said `... or pass allow_missing_query=True`, a Python keyword no command takes."""
    templates = tmp_path / "t.yaml"
    templates.write_text('templates:\n- "no slot here"\n', encoding="utf-8")
    msg = _ice_run(tmp_path, "-i", "openai", "--templates", str(templates))
    assert "has no {query} slot" in msg and "allow_missing_query" not in msg


@pytest.mark.parametrize(
    ("tests", "needle"),
    [
        (["mock/teacher"], "--reference mock/teacher is also a --test"),
        (["mock/echo", "mock/echo"], "given more"),
    ],
)
def test_rse_run_model_lists_are_checked_in_the_flags_terms(
    tmp_path: Path, tests: list[str], needle: str
) -> None:
    """Used to say `(top level): label 'mock/teacher' is used for two models; give each target its own
    label`: rse run has no labels or targets."""
    args = [a for t in tests for a in ("--test", t)]
    res = runner.invoke(
        app, ["rse", "run", "--reference", "mock/teacher", *args, "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2
    msg = _one_error_line(res.output)
    assert needle in msg and "label" not in msg
    assert not (tmp_path / "o").exists()


def test_collect_at_the_budget_does_not_count_unsent_prompts_as_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said `errors 536` and `536 requests not sent, 536 unanswered` for one set of prompts: the
    ones the budget held back are not failures (ice run and rse run already said `0 unanswered`)."""
    from distillq.testing.fake_openai import FakeOpenAIServer

    prompts = tmp_path / "p.txt"
    prompts.write_text("".join(f"budget question {i}\n" for i in range(300)), encoding="utf-8")
    with FakeOpenAIServer() as srv:
        monkeypatch.setenv("FAKE_BASE_URL", srv.base_url)
        monkeypatch.setenv("FAKE_API_KEY", "k-123456")
        res = runner.invoke(
            app,
            ["collect", "--model", "openai-api/fake/m", "--prompts", str(prompts), "--budget", "0.0005"]
            + ["--max-connections", "2", "--out", str(tmp_path / "o")],
            terminal_width=200,
        )
        sent = srv.stats()["answered"]
    assert res.exit_code == 4, res.output
    rows = [json.loads(x) for x in (tmp_path / "o" / "responses.jsonl").read_text().splitlines()]
    unsent = sum(1 for r in rows if r["error"])
    assert 0 < unsent < 300 and sent >= 300 - unsent
    assert f"stopped at the budget: {unsent} requests not sent, 0 unanswered" in res.output
    assert "│ errors            │ 0" in res.output


def test_identity_card_with_a_misspelt_field_is_refused(tmp_path: Path) -> None:
    """`alias:` for `aliases:` was ignored: the parent group's name then read as another lab's."""
    card = {"id": "acme", "display_name": "Acme", "models": ["AcmeBot"], "organisations": ["Acme Labs"]}
    card |= {"country": "Japan", "alias": ["Acme Group"]}
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "acme.yaml").write_text(json.dumps(card), encoding="utf-8")  # JSON is YAML too
    res = runner.invoke(app, ["identities", "show", "acme", "--identities-dir", str(cards)])
    assert res.exit_code == 2
    msg = _one_error_line(res.output)
    assert "unknown field(s) alias" in msg and "aliases" in msg
    (cards / "acme.yaml").write_text(
        (cards / "acme.yaml").read_text(encoding="utf-8").replace('"alias":', '"aliases":'), encoding="utf-8"
    )
    res = runner.invoke(app, ["identities", "show", "acme", "--identities-dir", str(cards)])
    assert res.exit_code == 0 and "aliases: Acme Group" in res.output
    assert "country: Japan; city: -" in res.output  # no empty "()" without country aliases
