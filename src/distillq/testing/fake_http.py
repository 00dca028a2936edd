"""Just enough HTTP/1.1 for the fake OpenAI server: keep-alive, Content-Length bodies, JSON.

Why hand-rolled: the server must be stdlib-only and cheap per request (it is benchmarked with
hundreds of connections); asyncio streams plus this small parser are enough for httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from typing import Any
from urllib.parse import parse_qs, urlsplit

_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"}
_REASONS |= {413: "Payload Too Large", 429: "Too Many Requests"}
_REASONS |= {500: "Internal Server Error", 503: "Service Unavailable", 529: "Overloaded"}
MAX_BODY = 32 * 1024 * 1024
MAX_HEADERS = 100


class BadHttp(Exception):
    """The client sent something that is not HTTP we understand; answer 400 and close."""


def error_body(message: str, type_: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class Request:
    """One parsed request; headers are lower-cased."""

    def __init__(self, method: str, target: str, headers: dict[str, str], body: bytes, keep: bool) -> None:
        parts = urlsplit(target)
        self.method, self.path, self.query = (
            method,
            parts.path,
            {k: v[-1] for k, v in parse_qs(parts.query).items()},
        )
        self.headers, self.body, self.keep_alive = headers, body, keep


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """Read one request; None when the client closed the connection between requests."""
    line = await reader.readline()
    if not line:
        return None
    try:
        method, target, version = line.decode("latin-1").split()
    except ValueError as e:
        raise BadHttp(f"bad request line {line[:80]!r}") from e
    headers: dict[str, str] = {}
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        if len(headers) >= MAX_HEADERS or b":" not in h:
            raise BadHttp("bad or too many headers")
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise BadHttp("chunked request bodies are not supported; send Content-Length")
    try:
        length = int(headers.get("content-length", "0") or 0)
    except ValueError as e:
        raise BadHttp("bad Content-Length") from e
    if length < 0 or length > MAX_BODY:
        raise BadHttp("bad or too large Content-Length")
    body = await reader.readexactly(length) if length else b""
    conn = headers.get("connection", "").lower()
    keep = conn != "close" if version == "HTTP/1.1" else conn == "keep-alive"
    return Request(method.upper(), target, headers, body, keep)


def fmt_seconds(s: float) -> str:
    return str(int(s)) if float(s).is_integer() else f"{s:g}"


def abort(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0), the way a crashed proxy drops a connection."""
    sock = writer.get_extra_info("socket")
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def send(
    writer: asyncio.StreamWriter,
    status: int,
    obj: Any,
    keep: bool = True,
    extra: dict[str, str] | None = None,
) -> None:
    await send_raw(writer, status, json.dumps(obj).encode(), keep, extra)


async def send_raw(
    writer: asyncio.StreamWriter, status: int, body: bytes, keep: bool, extra: dict[str, str] | None = None
) -> None:
    lines = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        f"Connection: {'keep-alive' if keep else 'close'}",
    ]
    lines += [f"{k}: {v}" for k, v in (extra or {}).items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
