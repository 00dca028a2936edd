"""One writer per results directory: an OS file lock held while a process may write the store.

Why: two processes on one results directory would both send every prompt not yet cached (each
paying for it), and overwrite each other's output files. The second process stops at once with
one line naming the process that holds the directory. Readers (`runs list`, `report`, `export`)
never take the lock. Within one process the lock is shared (re-entrant), so a library user may
open several `Store`s on one directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout

from distillq.env import redact, secret_values
from distillq.errors import StoreBusyError
from distillq.textsafe import visible

LOCK_NAME = "distillq.lock"
OWNER_NAME = "distillq.owner.json"

_HELD: dict[Path, tuple[FileLock, int]] = {}
_GUARD = threading.Lock()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def _read_owner(directory: Path) -> str | None:
    try:
        info = json.loads((directory / OWNER_NAME).read_text(encoding="utf-8"))
        pid = int(info["pid"])
        since = time.strftime("%H:%M:%S UTC", time.gmtime(float(info["started"])))
        cmd = redact(" ".join(str(a) for a in info.get("argv", [])))[:120]  # a note from before redaction
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _pid_alive(pid):  # a note left by a killed process: the new holder has not written yet
        return None
    return f"pid {pid}, `{cmd}`, since {since}"


def writer_alive(directory: Path) -> bool:
    """Whether a live process holds the directory, read from its owner note (a reader never takes
    the lock: that could turn a writer starting at the same moment away)."""
    key = directory.resolve()
    return key in _HELD or _read_owner(key) is not None


def _owner_text(directory: Path, wait_s: float = 2.0) -> str:
    """Name the holder. Why the wait: the holder writes its note just after taking the lock, so a
    process that loses the race by microseconds would otherwise find no note (or a dead one)."""
    deadline = time.monotonic() + wait_s
    while True:
        text = _read_owner(directory)
        if text is not None:
            return text
        if time.monotonic() >= deadline:
            return "pid unknown"
        time.sleep(0.02)


def acquire(directory: Path) -> Path:
    """Take the directory's lock (or share it within this process); raise StoreBusyError if taken."""
    key = directory.resolve()
    with _GUARD:
        held = _HELD.get(key)
        if held is not None:
            _HELD[key] = (held[0], held[1] + 1)
            return key
        lock = FileLock(str(key / LOCK_NAME), timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise StoreBusyError(
                f"results directory {visible(directory)} is in use by another distillq process "
                f"({visible(_owner_text(key))}): wait for it to finish, or use another --out directory"
            ) from None
        # argv may hold a key or `-M base_url=http://user:pass@host`: the note is a file others can read.
        secrets = secret_values()
        argv = [redact(a, secrets) for a in (Path(sys.argv[0]).name, *sys.argv[1:])]
        owner = {"pid": os.getpid(), "argv": argv, "started": time.time()}
        # The lock itself is what matters; the owner note only names the process.
        with contextlib.suppress(OSError):  # written whole then renamed: a reader never sees half a note
            tmp = key / f"{OWNER_NAME}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(owner), encoding="utf-8")
            os.replace(tmp, key / OWNER_NAME)
        _HELD[key] = (lock, 1)
        return key


def release(key: Path) -> None:
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        lock, count = held
        if count > 1:
            _HELD[key] = (lock, count - 1)
            return
        del _HELD[key]
        with contextlib.suppress(OSError):
            (key / OWNER_NAME).unlink()
        lock.release()
