"""What a provider prefix means: how a `provider/model` name is reached (URL, key) and built.

A `ProviderDef` is what the provider registry holds. The built-ins are declared in
`models/data/providers.yaml`; a plugin's entry point may name a `ProviderDef` or simply a provider
class (its `key_env`, `base_url_env`, `default_base_url`, `key_required` class attributes are read).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distillq.errors import DistillqError, ModelSpecError
from distillq.packagedata import load_yaml

if TYPE_CHECKING:
    from distillq.models.providers.base import Provider
    from distillq.models.spec import ModelSpec


@dataclass(frozen=True)
class ProviderDef:
    """One provider prefix. `factory(spec, timeout, max_connections)` builds the provider."""

    factory: str | Callable[..., Any] | None = None  # "module:attr" or a callable; None if unavailable
    key_env: str | None = None
    base_url_env: str | None = None
    default_base_url: str | None = None
    key_required: bool = True
    with_service: bool = False  # names are provider/<service>/<model>
    max_connections: int | None = None  # a hard cap (a local pipeline answers one at a time)
    unavailable: str | None = None  # why this provider cannot be called (a clear error instead)
    description: str = ""

    def build(self, spec: Any, timeout: float, max_connections: int) -> Any:
        """Instantiate the provider for a parsed spec."""
        from distillq.core.registry import load_ref

        if self.factory is None:
            raise ModelSpecError(f"{spec.name}: {self.unavailable or 'this provider cannot be called'}")
        factory = load_ref(self.factory) if isinstance(self.factory, str) else self.factory
        return factory(spec, timeout, max_connections)


def as_provider_def(obj: Any) -> ProviderDef:
    """A registry entry as a ProviderDef: either one already, or a provider class with attributes."""
    if isinstance(obj, ProviderDef):
        return obj
    if callable(obj):
        return ProviderDef(
            factory=obj,
            key_env=getattr(obj, "key_env", None),
            base_url_env=getattr(obj, "base_url_env", None),
            default_base_url=getattr(obj, "default_base_url", None),
            key_required=bool(getattr(obj, "key_required", getattr(obj, "key_env", None) is not None)),
            description=(obj.__doc__ or "").strip().split("\n")[0],
        )
    raise ModelSpecError(f"provider plugin {obj!r} is neither a ProviderDef nor a provider class")


@functools.cache
def _data() -> dict[str, Any]:
    return load_yaml("distillq.models", "data/providers.yaml", required=("providers", "services"))


def builtin_defs() -> dict[str, ProviderDef]:
    """The providers distillq ships, from its data file."""
    return {name: ProviderDef(**fields) for name, fields in _data()["providers"].items()}


def known_base_urls() -> dict[str, str]:
    """Default endpoints of OpenAI-compatible services for openai-api/<service>/<model>."""
    return dict(_data()["services"])


def _registry() -> Any:
    from distillq.core import registry  # the registry loads these definitions: imported when used

    return registry


def make_provider(spec: ModelSpec, timeout: float, max_connections: int) -> Provider:
    """Instantiate the provider registered for the spec's prefix (imported lazily: SDKs stay optional)."""
    return provider_def(spec).build(spec, timeout, max_connections)  # type: ignore[no-any-return]


def provider_def(spec: ModelSpec) -> ProviderDef:
    """The registry's definition for the spec's provider prefix."""
    return as_provider_def(_registry().providers.get(spec.provider))


def import_provider(model: str) -> None:
    """Import the module (and SDK) that serves a `provider/model` name now, not at its first request.

    For the CLI, which then freezes what start-up built. A name that cannot be served is left for
    the run itself to report with its usual message: nothing is raised here.
    """
    try:
        pdef = as_provider_def(_registry().providers.get(model.split("/", 1)[0].strip()))
        if isinstance(pdef.factory, str):
            _registry().load_ref(pdef.factory)
    except DistillqError:
        pass
