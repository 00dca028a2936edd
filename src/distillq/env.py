"""Secrets: read API keys from the environment or a `.env` file, and keep them out of every output.

Keys are never stored in the database, logs, reports or exception text: everything that leaves the
process through an error message passes through `redact`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

_SECRET_NAME = re.compile(r"(API_KEY|_TOKEN|_SECRET)$")
_LOADED: set[Path] = set()
_QUOTED = re.compile(r"""(['"])(.*?)\1\s*(#.*)?""")


def load_dotenv(path: str | Path = ".env", override: bool = False) -> dict[str, str]:
    """Load KEY=VALUE lines from a .env file into os.environ (existing variables win).

    A tiny parser on purpose: python-dotenv would be one more dependency for 20 lines.
    """
    p = Path(path)
    if not p.is_file():
        return {}
    loaded: dict[str, str] = {}
    for raw in p.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, _, value = line.partition("=")
        key = key.strip()
        value = value.strip()
        quoted = _QUOTED.fullmatch(value)
        if quoted:  # "value", 'value', either followed by a `# comment`
            value = quoted.group(2)
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if not key.replace("_", "").isalnum():
            continue
        if override or key not in os.environ:
            os.environ[key] = value
            loaded[key] = value
    _LOADED.add(p.resolve())
    return loaded


_REGISTERED: set[str] = set()
# user:password@ (or token@) in any URL: credentials that must never be shown or stored.
_URL_CREDENTIALS = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s@]+@")


def register_secret(value: str | None) -> None:
    """Treat `value` as a secret from now on: a key read from an env var of any name
    (`-M api_key_env=MYKEY`), or the credentials of a base URL."""
    if value and len(value) >= 4:
        _REGISTERED.add(value)


def register_url(url: str | None) -> None:
    """Register the user and password of `url` (http://user:pass@host) as secrets."""
    if not url or "@" not in url:
        return
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    for piece in (parts.password, parts.username):
        if piece:
            register_secret(piece)
            register_secret(unquote(piece))


def secret_values() -> list[str]:
    """Every value of an environment variable that looks like a secret (long enough to matter),
    and every value registered as one."""
    vals = [v for k, v in os.environ.items() if _SECRET_NAME.search(k) and len(v) >= 6]
    return sorted(set(vals) | _REGISTERED, key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    """Replace any secret value in `text` with `***`; used on every error message we keep."""
    if not text:
        return text
    for v in secret_values() if secrets is None else secrets:
        if v in text:
            text = text.replace(v, "***")
    text = _URL_CREDENTIALS.sub(r"\1***@", text)
    # Bearer tokens and common key shapes, in case a server echoed a key we do not know.
    text = re.sub(r"(Bearer\s+)[A-Za-z0-9._\-]{8,}", r"\1***", text)
    text = re.sub(r"\b(sk-(?:ant-)?)[A-Za-z0-9_\-]{12,}", r"\1***", text)
    return text


def redact_obj(obj: Any) -> Any:
    """`redact` applied to every string inside a JSON-like value (summaries, run configs, results)."""
    secrets = secret_values()

    def walk(x: Any) -> Any:
        if isinstance(x, str):
            return redact(x, secrets)
        if isinstance(x, dict):
            return {walk(k) if isinstance(k, str) else k: walk(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [walk(v) for v in x]
        return x

    return walk(obj)
