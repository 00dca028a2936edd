"""Name -> implementation registries for providers, ICE judges, RSE metrics and prompt sets.

One mechanism for everything that can be added without forking distillq: a registry maps a name to
a *reference* (`"package.module:attribute"`, or the object itself), loaded only when first used, so
`distillq --help` imports no SDK. Built-ins are registered with `Registry.register` in the modules
that own them (`distillq.core.builtins`); other packages declare entry points in the groups
`distillq.providers`, `distillq.judges`, `distillq.metrics` and `distillq.promptsets`, e.g. in
their pyproject.toml:

    [project.entry-points."distillq.providers"]
    myapi = "my_package.provider:MyProvider"

Entry points are read once, on the first lookup or listing. A plugin may override a built-in
(its origin then says so), which lets a package replace, say, the offline judge.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from distillq.errors import UsageError

T = TypeVar("T")

GROUPS = {
    "providers": "distillq.providers",
    "judges": "distillq.judges",
    "metrics": "distillq.metrics",
    "promptsets": "distillq.promptsets",
}


@dataclass
class Entry:
    """One registered name: where it comes from and what it points at (loaded lazily)."""

    name: str
    ref: str | Any  # "module:attr" or the object itself
    origin: str = "builtin"  # "builtin" or the distribution that declared the entry point
    description: str = ""
    _loaded: Any = None

    @property
    def target(self) -> str:
        """The reference as text, for listings."""
        if isinstance(self.ref, str):
            return self.ref
        return f"{getattr(self.ref, '__module__', '?')}:{getattr(self.ref, '__qualname__', repr(self.ref))}"

    def load(self) -> Any:
        if self._loaded is None:
            self._loaded = load_ref(self.ref) if isinstance(self.ref, str) else self.ref
        return self._loaded


def load_ref(ref: str) -> Any:
    """Import `package.module:attr.sub`; a broken plugin is a one-line error, not a traceback."""
    module_name, _, attr = ref.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split(".") if attr else ():
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise UsageError(
            f"cannot load {ref}: {exc}; reinstall or remove the plugin that declares it"
        ) from None
    return obj


class Registry(Generic[T]):
    """Names of one kind (providers, judges, metrics, prompt sets) and what each stands for."""

    def __init__(self, kind: str, group: str) -> None:
        self.kind = kind
        self.group = group
        self._entries: dict[str, Entry] = {}
        self._plugins_loaded = False

    def register(self, name: str, ref: str | T, *, description: str = "", origin: str = "builtin") -> None:
        """Add (or replace) a name. `ref` is "module:attr" (imported on first use) or the object."""
        key = name.lower()
        if not key or "/" in key:
            raise UsageError(f"{self.kind} name {name!r} must be non-empty and contain no '/'")
        self._entries[key] = Entry(key, ref, origin, description)

    def decorator(self, name: str, description: str = "") -> Callable[[T], T]:
        """`@registry.decorator("name")` on a class or function registers it under that name."""

        def wrap(obj: T) -> T:
            self.register(name, obj, description=description)
            return obj

        return wrap

    def _load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        _ensure_builtins()
        for ep in entry_points(group=self.group):
            dist = getattr(getattr(ep, "dist", None), "name", None) or "plugin"
            self.register(ep.name, ep.value, origin=dist, description=f"entry point of {dist}")

    def __contains__(self, name: object) -> bool:
        self._load_plugins()
        return isinstance(name, str) and name.lower() in self._entries

    def entry(self, name: str) -> Entry:
        self._load_plugins()
        try:
            return self._entries[name.lower()]
        except KeyError:
            raise UsageError(
                f"unknown {self.kind} {name!r}: use one of {', '.join(self.names())} "
                "(`distillq plugins` lists them)"
            ) from None

    def get(self, name: str) -> T:
        """The registered object (imported now if it was a reference)."""
        return self.entry(name).load()  # type: ignore[no-any-return]

    def names(self) -> list[str]:
        self._load_plugins()
        return sorted(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        self._load_plugins()
        return iter(sorted(self._entries.values(), key=lambda e: e.name))

    def reload(self) -> None:
        """Read entry points again (after installing a plugin in a running process)."""
        self._plugins_loaded = False
        self._load_plugins()


providers: Registry[Any] = Registry("provider", GROUPS["providers"])
judges: Registry[Any] = Registry("judge", GROUPS["judges"])
metrics: Registry[Any] = Registry("metric", GROUPS["metrics"])
promptsets: Registry[Any] = Registry("prompt set", GROUPS["promptsets"])

REGISTRIES: dict[str, Registry[Any]] = {
    "providers": providers,
    "judges": judges,
    "metrics": metrics,
    "promptsets": promptsets,
}


_builtins_done = False


def _ensure_builtins() -> None:
    """Built-ins are registered before any plugin, so a plugin can override one."""
    global _builtins_done
    if not _builtins_done:
        _builtins_done = True
        from distillq.core.builtins import register_builtins

        register_builtins()


def all_entries() -> list[tuple[str, Entry]]:
    """(kind, entry) for everything registered: what `distillq plugins` shows."""
    return [(kind, e) for kind, reg in REGISTRIES.items() for e in reg]
