"""The progress callback: drawn when enabled, a no-op per answer under --quiet or without a terminal."""

from __future__ import annotations

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
        assert prog.progress.tasks == [] and prog.tasks == {}
