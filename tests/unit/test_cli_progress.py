"""The progress callback: drawn when enabled, a no-op per answer under --quiet or without a terminal."""

from __future__ import annotations

import subprocess
import sys

from distillq.cli.common import err_console
from distillq.cli.progress import EngineProgress
from distillq.models.engine_types import ModelStats, ProgressEvent


def test_enabled_progress_tracks_each_model() -> None:
    stats = ModelStats(total=10, done=4, cached=1, errors=1)
    with EngineProgress(enabled=True) as prog:
        prog(ProgressEvent("openai/[bold]m", stats, 0.5))
        stats.done = 7
        prog(ProgressEvent("openai/[bold]m", stats, 0.7))
        (task,) = prog.progress.tasks
    assert task.completed == 7 and task.total == 10
    assert task.fields["errors"] == 1
    assert task.description == r"openai/\[bold]m"  # a model name is never read as markup


def test_disabled_progress_ignores_events() -> None:
    with EngineProgress(enabled=False) as prog:
        for done in range(5):
            prog(ProgressEvent("openai/m", ModelStats(total=5, done=done), 0.0))
        assert prog.progress is None and prog.tasks == {}
        assert prog.console is err_console  # lines printed above a bar go to stderr all the same


def test_a_disabled_progress_does_not_import_rich_progress() -> None:
    """--quiet or no terminal: the bar's module stays unimported (checked in a fresh interpreter)."""
    code = (
        "import sys; from distillq.cli.progress import EngineProgress\n"
        "with EngineProgress(enabled=False) as p: pass\n"
        "print('rich.progress' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_a_batch_state_from_the_server_is_shown_as_text_not_markup() -> None:
    """The state word of a batch job comes from the provider's JSON: a hostile one must not style the bar."""
    stats = ModelStats(total=10, done=2, batch_state="batch [link=http://x]in_progress[/link]\x1b[2J 2/10")
    with EngineProgress(enabled=True) as prog:
        prog(ProgressEvent("openai/m", stats, 0.5))
        (task,) = prog.progress.tasks
        rendered = prog.progress.columns[3].render(task)  # the rate / batch-state column
    assert "[link=http://x]in_progress[/link]" in rendered.plain  # shown literally
    assert "\x1b" not in rendered.plain and not rendered.spans  # no escape code, no style applied
