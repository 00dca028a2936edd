"""Model names in Inspect AI's `provider/model` convention, parsed into a `ModelSpec`.

Forms:
  openai/gpt-4o-mini                       OPENAI_API_KEY (OPENAI_BASE_URL optional)
  anthropic/claude-3-5-sonnet-20241022     ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL optional)
  ollama/qwen2.5:7b                        OLLAMA_BASE_URL, default http://localhost:11434/v1
  vllm/Qwen/Qwen2.5-7B-Instruct            VLLM_BASE_URL, default http://localhost:8000/v1
  sglang/Qwen/Qwen2.5-7B-Instruct          SGLANG_BASE_URL, default http://localhost:30000/v1
  llama-cpp/gemma-3-270m                   LLAMA_CPP_BASE_URL, default http://127.0.0.1:8080/v1
  openai-api/<name>/<model>                <NAME>_API_KEY and <NAME>_BASE_URL (known services have defaults;
                                           no key needed when the base URL is this machine)
  hf/<path-or-hub-id>                      local transformers pipeline (extra: distillq[hf])
  mock/<name>                              scripted offline models for demos and unit tests
  google/, mistral/, together/, groq/, openrouter/, deepseek/, fireworks/, grok/, azureai/ ...
                                           Inspect AI's names, mapped to OpenAI-compatible endpoints

Which prefixes exist, and how each is reached, is the provider registry's business
(`distillq.core.registry.providers`, built-ins in models/data/providers.yaml, plugins by entry point).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from distillq.core import registry
from distillq.core.types import GenerateConfig
from distillq.env import register_secret, register_url
from distillq.errors import MissingKeyError, ModelSpecError, UsageError
from distillq.models.provider_defs import as_provider_def, known_base_urls

# Providers whose SDK has its own default endpoint when no base URL is set.
_OPTIONAL_URL = ("openai", "anthropic")


def __getattr__(name: str) -> Any:
    """`PROVIDERS` and `KNOWN_BASE_URLS` are read from the provider registry and its data file."""
    if name == "PROVIDERS":
        return tuple(registry.providers.names())
    if name == "KNOWN_BASE_URLS":
        return known_base_urls()
    raise AttributeError(name)


# A server on this machine is the user's own: it needs no key (one is still sent if set).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})

# Options a user may set per model with `-M key=value` or in a run file.
OPTION_TYPES: dict[str, type] = {
    "base_url": str,
    "api_key_env": str,
    "temperature": float,
    "max_tokens": int,
    "top_p": float,
    "seed": int,
    "system": str,
    "max_connections": int,
    "timeout": float,
}


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: which provider, which model, where, and with which parameters."""

    name: str  # the full name as given, e.g. "openai-api/deepseek/deepseek-chat"
    provider: str  # one of PROVIDERS
    model: str  # the provider's model id, e.g. "deepseek-chat"
    base_url: str | None = None
    api_key_env: str | None = None  # name of the env variable holding the key (never the key itself)
    key_required: bool = True
    config: GenerateConfig = field(default_factory=GenerateConfig)
    max_connections: int | None = None
    timeout: float | None = None

    @property
    def service(self) -> str:
        """The service name for display and price lookup ("openai", "deepseek", "fake", ...)."""
        if self.name.count("/") >= 2 and self.name.split("/", 1)[0].lower() == "openai-api":
            return self.name.split("/")[1]
        return self.provider

    def api_key(self) -> str | None:
        """The key from the environment; a clear error if the provider needs one and it is unset."""
        if self.api_key_env is None:
            return None
        value = os.environ.get(self.api_key_env)
        if value:
            register_secret(value)  # whatever the variable's name, its value is never shown
            return value
        if self.key_required:
            raise MissingKeyError(
                f"{self.name} needs an API key: set {self.api_key_env} in the environment or in a .env file"
            )
        return None

    def with_options(self, options: dict[str, Any]) -> ModelSpec:
        return _apply_options(self, options)


def _env_name(service: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", service).upper()


def is_loopback(url: str | None) -> bool:
    """True when `url` points at this machine (a local server, not a hosted API)."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def is_local(spec: ModelSpec) -> bool:
    """Served on this machine or by a self-hosted engine (Ollama, vLLM, llama.cpp): slow, queued, keyless."""
    pdef = as_provider_def(registry.providers.get(spec.provider))
    return spec.provider == "hf" or is_loopback(spec.base_url) or is_loopback(pdef.default_base_url)


def parse_model(name: str, options: dict[str, Any] | None = None) -> ModelSpec:
    """Parse `provider/model` into a ModelSpec; raise ModelSpecError with the valid forms if it cannot."""
    name = (name or "").strip()
    if "/" not in name:
        raise ModelSpecError(
            f"model name {name!r} has no provider: use provider/model, e.g. openai/gpt-4o-mini "
            f"(providers: {', '.join(registry.providers.names())})"
        )
    provider, rest = name.split("/", 1)
    provider = provider.lower()
    if not rest:
        raise ModelSpecError(f"model name {name!r} has no model after {provider}/")
    if provider not in registry.providers:
        raise ModelSpecError(
            f"unknown provider {provider!r} in {name!r}: use one of {', '.join(registry.providers.names())} "
            "(any OpenAI-compatible service: openai-api/<service>/<model>)"
        )
    pdef = as_provider_def(registry.providers.get(provider))
    if pdef.unavailable:
        raise ModelSpecError(f"{name}: {pdef.unavailable}")
    if pdef.with_service:
        if "/" not in rest or not rest.split("/", 1)[1]:
            raise ModelSpecError(
                f"model name {name!r}: use {provider}/<service>/<model>, e.g. {provider}/deepseek/deepseek-chat"
            )
        service, model = rest.split("/", 1)
        env = _env_name(service)
        base_url = os.environ.get(f"{env}_BASE_URL") or known_base_urls().get(service.lower())
        spec = ModelSpec(
            name,
            provider,
            model,
            base_url=base_url,
            api_key_env=f"{env}_API_KEY",
            key_required=not is_loopback(base_url),
        )
    else:
        base = os.environ.get(pdef.base_url_env) if pdef.base_url_env else None
        spec = ModelSpec(
            name,
            provider,
            rest,
            base_url=base or pdef.default_base_url,
            api_key_env=pdef.key_env,
            key_required=pdef.key_required,
        )
        if (
            pdef.base_url_env
            and not spec.base_url
            and pdef.factory is not None
            and provider not in _OPTIONAL_URL
        ):
            raise ModelSpecError(
                f"{name}: no base URL for {provider}: set {pdef.base_url_env} (and {pdef.key_env}) "
                "or pass -M base_url=..."
            )
    spec = _apply_options(spec, options or {})
    register_url(spec.base_url)  # http://user:pass@host: the credentials are never shown
    if pdef.with_service and not spec.base_url:
        env = _env_name(spec.service)
        raise ModelSpecError(
            f"{name}: no base URL for service {spec.service!r}: set {env}_BASE_URL (and {env}_API_KEY) "
            "or pass -M base_url=..."
        )
    return spec


def coerce_options(options: dict[str, Any]) -> dict[str, Any]:
    """Validate and type-convert per-model options; unknown keys are an error, not ignored."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if key not in OPTION_TYPES:
            raise UsageError(f"unknown model option {key!r}: valid options are {', '.join(OPTION_TYPES)}")
        typ = OPTION_TYPES[key]
        if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null")):
            out[key] = None  # "max_tokens=none": send no cap, let the server decide
            continue
        try:
            out[key] = typ(value)
        except (TypeError, ValueError):
            raise UsageError(f"model option {key}={value!r} is not a valid {typ.__name__}") from None
    return out


def parse_option_pairs(pairs: list[str] | None) -> dict[str, Any]:
    """Parse CLI `-M key=value` pairs."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise UsageError(f"model option {pair!r} must look like key=value, e.g. -M temperature=0.7")
        k, v = pair.split("=", 1)
        out[k.strip()] = v.strip()
    return coerce_options(out)


def _apply_options(spec: ModelSpec, options: dict[str, Any]) -> ModelSpec:
    opts = coerce_options(options)
    cfg = spec.config
    cfg_fields = {k: opts[k] for k in ("temperature", "max_tokens", "top_p", "seed", "system") if k in opts}
    if cfg_fields:
        cfg = replace(cfg, **cfg_fields)
    changes: dict[str, Any] = {"config": cfg}
    if "base_url" in opts:
        changes["base_url"] = opts["base_url"]
        if as_provider_def(registry.providers.get(spec.provider)).with_service:
            changes["key_required"] = not is_loopback(opts["base_url"])
    if "api_key_env" in opts:
        changes["api_key_env"] = opts["api_key_env"]
        changes["key_required"] = True
    if "max_connections" in opts:
        changes["max_connections"] = opts["max_connections"]
    if "timeout" in opts:
        changes["timeout"] = opts["timeout"]
    return replace(spec, **changes)
