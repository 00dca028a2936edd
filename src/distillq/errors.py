"""Typed errors. Every user-facing error carries one line saying what is wrong and what to do.

The CLI catches `DistillqError`, prints its message on one line and exits with `exit_code`
(2 for bad input), so no traceback ever reaches a user for a mistake they can fix.
"""

from __future__ import annotations


class DistillqError(Exception):
    """Base class for errors that the CLI reports as one line."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        # Keep messages on one line: multi-line errors get lost in logs and terminals.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class UsageError(DistillqError):
    """The user asked for something impossible (bad option, bad value)."""


class InputFileError(UsageError):
    """An input file is missing, empty or malformed."""


class ModelSpecError(UsageError):
    """A model name cannot be parsed or names an unknown provider."""


class MissingKeyError(UsageError):
    """An API key the provider needs is not set."""


class ConfigError(UsageError):
    """A run file is invalid."""


class ProviderError(DistillqError):
    """A provider refused a request in a way retrying cannot fix (bad key, unknown model, quota)."""


class BudgetExceeded(DistillqError):
    """The dollar budget was reached; no new requests are scheduled."""


class StorageError(DistillqError):
    """The store or an output file cannot be read or written (disk full, I/O error, corrupt file)."""


class StoreBusyError(UsageError):
    """Another process is writing the same results directory."""


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C or `kill` stopped a run. A KeyboardInterrupt (every handler of those still sees it) that
    says how many requests were on the wire and abandoned, and what they may cost at most."""

    def __init__(self, abandoned: int, summary: str) -> None:
        super().__init__(summary)
        self.abandoned = abandoned
        self.summary = summary


# Exit codes of commands that ran but did not finish their work (documented in docs/cli.md):
EXIT_INCOMPLETE = 3  # some requests stayed unanswered after retries; re-run to retry them
EXIT_BUDGET = 4  # the dollar budget stopped the run; re-run with a higher --budget to finish
