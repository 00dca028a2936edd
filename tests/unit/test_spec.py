"""Model names: every form parses, and mistakes get one clear line."""

from __future__ import annotations

import pytest

from distillq.errors import MissingKeyError, ModelSpecError, UsageError
from distillq.models.spec import parse_model, parse_option_pairs


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ANTHROPIC_API_KEY",
        "OLLAMA_BASE_URL",
        "VLLM_BASE_URL",
        "DEEPSEEK_API_KEY",
        "DEEPSEEK_BASE_URL",
        "FAKE_BASE_URL",
        "FAKE_API_KEY",
        "MY_SVC_BASE_URL",
    ):
        monkeypatch.delenv(var, raising=False)


def test_openai() -> None:
    s = parse_model("openai/gpt-4o-mini")
    assert (s.provider, s.model, s.api_key_env, s.service) == (
        "openai",
        "gpt-4o-mini",
        "OPENAI_API_KEY",
        "openai",
    )


def test_anthropic() -> None:
    s = parse_model("anthropic/claude-3-5-sonnet-20241022")
    assert s.provider == "anthropic" and s.model == "claude-3-5-sonnet-20241022"
    assert s.api_key_env == "ANTHROPIC_API_KEY"


def test_ollama_default_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    s = parse_model("ollama/qwen2.5:7b")
    assert s.model == "qwen2.5:7b" and s.base_url == "http://localhost:11434/v1"
    assert s.api_key() is None  # local servers need no key
    monkeypatch.setenv("OLLAMA_BASE_URL", "http://127.0.0.1:9999/v1")
    assert parse_model("ollama/llama3").base_url == "http://127.0.0.1:9999/v1"


def test_vllm_keeps_slashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLLM_BASE_URL", "http://gpu-box:8000/v1")
    s = parse_model("vllm/Qwen/Qwen2.5-7B-Instruct")
    assert s.model == "Qwen/Qwen2.5-7B-Instruct" and s.base_url == "http://gpu-box:8000/v1"


def test_openai_api_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_BASE_URL", "http://127.0.0.1:1/v1")
    monkeypatch.setenv("FAKE_API_KEY", "k-123456")
    s = parse_model("openai-api/fake/some/model")
    assert (s.service, s.model, s.base_url, s.api_key_env) == (
        "fake",
        "some/model",
        "http://127.0.0.1:1/v1",
        "FAKE_API_KEY",
    )
    assert s.api_key() == "k-123456"


def test_openai_api_known_service_default_url() -> None:
    s = parse_model("openai-api/deepseek/deepseek-chat")
    assert s.base_url and "deepseek" in s.base_url
    assert s.api_key_env == "DEEPSEEK_API_KEY"


def test_openai_api_hyphenated_service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SVC_BASE_URL", "http://x/v1")
    assert parse_model("openai-api/my-svc/m").api_key_env == "MY_SVC_API_KEY"


def test_openai_api_without_base_url_is_clear() -> None:
    with pytest.raises(ModelSpecError, match="NOWHERE_BASE_URL"):
        parse_model("openai-api/nowhere/model")


def test_hf_and_mock() -> None:
    assert parse_model("hf/Qwen/Qwen2.5-0.5B-Instruct").model == "Qwen/Qwen2.5-0.5B-Instruct"
    assert parse_model("hf/./local/path").provider == "hf"
    assert parse_model("mock/teacher").provider == "mock"


@pytest.mark.parametrize("bad", ["gpt-4o", "", "nosuch/model", "openai/", "openai-api/deepseek"])
def test_bad_names(bad: str) -> None:
    with pytest.raises(ModelSpecError) as exc:
        parse_model(bad)
    assert "\n" not in str(exc.value)


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(MissingKeyError, match="OPENAI_API_KEY"):
        parse_model("openai/gpt-4o").api_key()


def test_options() -> None:
    opts = parse_option_pairs(["temperature=0.7", "max_tokens=64", "system=Be brief.", "seed=3"])
    s = parse_model("openai/gpt-4o", opts)
    assert s.config.temperature == 0.7 and s.config.max_tokens == 64
    assert s.config.system == "Be brief." and s.config.seed == 3
    s2 = parse_model("openai/gpt-4o", {"base_url": "http://h/v1", "api_key_env": "OTHER_KEY"})
    assert s2.base_url == "http://h/v1" and s2.api_key_env == "OTHER_KEY"


@pytest.mark.parametrize("pairs", [["temperature"], ["colour=red"], ["max_tokens=lots"]])
def test_bad_options(pairs: list[str]) -> None:
    with pytest.raises(UsageError):
        parse_option_pairs(pairs)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("o1", True),
        ("o3-mini", True),
        ("o4-mini-2025-04-16", True),
        ("gpt-5", True),
        ("gpt-5-mini", True),
        ("gpt-4o", False),
        ("gpt-4o-mini", False),
        ("omni-moderation", False),
    ],
)
def test_openai_reasoning_models(model: str, expected: bool) -> None:
    from distillq.models.providers.openai_api import is_openai_reasoning_model

    assert is_openai_reasoning_model(model) is expected


def test_llama_cpp_default_env_and_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LLAMA_CPP_BASE_URL", raising=False)
    s = parse_model("llama-cpp/gemma-3-270m")
    assert (s.provider, s.model, s.base_url) == ("llama-cpp", "gemma-3-270m", "http://127.0.0.1:8080/v1")
    assert s.api_key_env == "LLAMA_CPP_API_KEY" and s.api_key() is None
    monkeypatch.setenv("LLAMA_CPP_BASE_URL", "http://127.0.0.1:9123/v1")
    assert parse_model("llama-cpp/x").base_url == "http://127.0.0.1:9123/v1"


@pytest.mark.parametrize(
    ("url", "needs_key"),
    [
        ("http://127.0.0.1:8080/v1", False),
        ("http://localhost:8080/v1", False),
        ("http://[::1]:8080/v1", False),
        ("http://gpu-box:8000/v1", True),
        ("https://api.example.com/v1", True),
    ],
)
def test_openai_api_on_this_machine_needs_no_key(
    monkeypatch: pytest.MonkeyPatch, url: str, needs_key: bool
) -> None:
    monkeypatch.setenv("LOCAL_BASE_URL", url)
    monkeypatch.delenv("LOCAL_API_KEY", raising=False)
    s = parse_model("openai-api/local/gemma-3-270m")
    if needs_key:
        with pytest.raises(MissingKeyError, match="LOCAL_API_KEY"):
            s.api_key()
    else:
        assert s.api_key() is None
    monkeypatch.setenv("LOCAL_API_KEY", "k-local-1")
    assert s.api_key() == "k-local-1"  # a key that is set is still sent


def test_base_url_option_decides_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    s = parse_model("openai-api/deepseek/deepseek-chat", {"base_url": "http://127.0.0.1:9/v1"})
    assert s.api_key() is None
    with pytest.raises(MissingKeyError):
        parse_model("openai-api/deepseek/deepseek-chat").api_key()


def test_none_clears_an_option() -> None:
    opts = parse_option_pairs(["max_tokens=none"])
    assert opts == {"max_tokens": None}
    assert parse_model("openai/gpt-4o", {"max_tokens": 64, **opts}).config.max_tokens is None
