"""Generation settings per role: how long each kind of call may answer, how hot, how long to wait.

Why per role: an identity answer, a helper's rewritten template, a judge's verdict and an RSE answer
need different lengths. Unbounded, a small local model generates until its context is full (minutes
per request on a CPU), and one `-M` for every model would starve some calls and waste others.

Precedence, lowest first: these defaults, the run file's `roles:`, per-model options (`models:`,
`targets[].options`), then the command line (`-M`, `--helper-option`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from distillq.errors import UsageError
from distillq.models.spec import ModelSpec, is_local, parse_model

ROLES = ("target", "helper", "judge", "reference", "test")

# A local server answers one request after another (llama.cpp's Python server has one slot), so a
# request may wait behind the whole queue: waiting is not failure. Hosted APIs keep the engine's
# timeout (`--timeout`, `limits.timeout`), where a long wait does mean a stuck connection.
LOCAL_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class RoleDefaults:
    """Default generation settings of one role; every value can be overridden."""

    max_tokens: int
    temperature: float
    why: str


ROLE_DEFAULTS: dict[str, RoleDefaults] = {
    # Identity claims come in the first sentences; 256 tokens also hold a role-played preamble.
    "target": RoleDefaults(256, 0.0, "identity answers: the claim comes early"),
    # Our seed templates are under 40 words; a rewrite, or sentences to prepend, fit with room to spare
    # (a cut one loses {query} and is refused, then a rule mutator steps in).
    "helper": RoleDefaults(256, 0.7, "rewritten templates"),
    # A verdict is a short JSON object with a one-line reason.
    "judge": RoleDefaults(256, 0.0, "JSON verdicts"),
    # RSE compares whole answers: long enough for a structured answer, bounded for slow servers.
    "reference": RoleDefaults(1024, 0.0, "RSE answers"),
    "test": RoleDefaults(1024, 0.0, "RSE answers"),
}


def role_defaults(role: str) -> dict[str, Any]:
    """The default options of `role` as a `-M`-style mapping."""
    if role not in ROLE_DEFAULTS:
        raise UsageError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    d = ROLE_DEFAULTS[role]
    return {"max_tokens": d.max_tokens, "temperature": d.temperature}


def role_spec(role: str, model: str, *layers: Mapping[str, Any] | None) -> ModelSpec:
    """Parse `model` for `role`: role defaults, then each layer of options (later wins).

    A model served on this machine with no timeout set gets `LOCAL_TIMEOUT_S`.
    """
    opts = role_defaults(role)
    for layer in layers:
        opts.update(layer or {})
    spec = parse_model(model, opts)
    if spec.timeout is None and is_local(spec):
        spec = replace(spec, timeout=LOCAL_TIMEOUT_S)
    return spec
