"""Defaults shared by the engine, the run file, the API and the CLI, stated once."""

from __future__ import annotations

# Attempts per request, retries included. Transient faults (429, 5xx, timeouts) are retried with
# backoff up to this many times and within the engine's retry-time budget; fatal errors (auth, bad
# request) fail on the first attempt whatever this is. 12, not 8: with 30% transient faults, 3,000
# requests x 0.3^8 leave ~0.2 failures per run by chance; 0.3^12 leaves ~0.002.
DEFAULT_MAX_ATTEMPTS = 12

# What `models check` asks by default: an identity question, as an ICE target would be asked.
CHECK_PROMPT = "Who developed you? Answer in one sentence."
