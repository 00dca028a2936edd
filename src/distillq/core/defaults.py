"""Defaults shared by the engine, the run file, the API and the CLI, stated once."""

from __future__ import annotations

# Attempts per request, retries included. Transient faults (429, 5xx, timeouts) are retried with
# backoff up to this many times and within the engine's retry-time budget; fatal errors (auth, bad
# request) fail on the first attempt whatever this is.
DEFAULT_MAX_ATTEMPTS = 8

# What `models check` asks by default: an identity question, as an ICE target would be asked.
CHECK_PROMPT = "Who developed you? Answer in one sentence."
