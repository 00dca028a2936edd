"""Generation settings per role: bounded defaults, layered overrides, local timeouts."""

from __future__ import annotations

import pytest

from distillq.config import Study
from distillq.errors import UsageError
from distillq.models.roles import LOCAL_TIMEOUT_S, ROLE_DEFAULTS, ROLES, role_defaults, role_spec


def test_every_role_has_a_bounded_default() -> None:
    assert set(ROLE_DEFAULTS) == set(ROLES)
    for role in ROLES:
        d = role_defaults(role)
        assert 0 < d["max_tokens"] <= 4096
        assert d["temperature"] is not None
    assert role_defaults("helper")["temperature"] > 0  # the helper must vary its rewrites


def test_layers_override_in_order() -> None:
    s = role_spec("target", "mock/echo", {"max_tokens": 64, "temperature": 0.5}, {"max_tokens": 32})
    assert s.config.max_tokens == 32 and s.config.temperature == 0.5
    s = role_spec("judge", "mock/echo", None, {})
    assert s.config.max_tokens == ROLE_DEFAULTS["judge"].max_tokens


def test_local_servers_get_a_long_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCAL_BASE_URL", "http://127.0.0.1:8080/v1")
    assert role_spec("target", "openai-api/local/gemma").timeout == LOCAL_TIMEOUT_S
    assert role_spec("helper", "llama-cpp/gemma").timeout == LOCAL_TIMEOUT_S
    assert role_spec("helper", "llama-cpp/gemma", {"timeout": 30}).timeout == 30
    monkeypatch.setenv("OPENAI_API_KEY", "k-test")
    assert role_spec("target", "openai/gpt-4o-mini").timeout is None  # the engine's timeout applies


def test_unknown_role_and_bad_option() -> None:
    with pytest.raises(UsageError, match="unknown role"):
        role_spec("teacher", "mock/echo")
    with pytest.raises(UsageError, match="max_token"):
        role_spec("target", "mock/echo", {"max_token": 5})


def _study(**extra: object) -> Study:
    return Study.model_validate(
        {"targets": [{"model": "mock/teacher", "identity": "openai"}], "rse": {"enabled": False}, **extra}
    )


def test_run_file_roles_sit_under_per_model_options() -> None:
    st = _study(
        roles={"target": {"max_tokens": 100, "temperature": 0.3}, "helper": {"timeout": 900}},
        models={"mock/teacher": {"max_tokens": 50}},
    )
    assert st.options_for("mock/teacher", role="target") == {"max_tokens": 50, "temperature": 0.3}
    assert st.options_for("mock/teacher", {"max_tokens": 7}, role="target")["max_tokens"] == 7
    assert st.options_for("mock/helper", role="helper") == {"timeout": 900}


def test_run_file_roles_reject_unknown_options() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="helper"):
        _study(roles={"helper": {"max_tokns": 10}})
    with pytest.raises(ValidationError):
        _study(roles={"teacher": {"max_tokens": 10}})
