"""Rich rendering of engine progress: one bar per model with done/total, rate, errors and cost."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from rich.markup import escape

from distillq.cli.common import err_console
from distillq.models.engine_types import ProgressEvent
from distillq.textsafe import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class EngineProgress:
    """A context manager whose `__call__` is the engine's progress callback.

    Disabled (--quiet, or no terminal), it builds no bar and does not import `rich.progress`: a
    `collect` in a script or a benchmark starts without it.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.tasks: dict[str, TaskID] = {}
        self.enabled = enabled
        self.progress: Progress | None = self._bar() if enabled else None

    @staticmethod
    def _bar() -> Progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        return Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("cached {task.fields[cached]}"),
            TextColumn("[red]errors {task.fields[errors]}"),
            TextColumn("${task.fields[cost]}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=False,
        )

    @property
    def console(self) -> Console:
        """Where to print a line above the bar (the error console when there is no bar)."""
        return self.progress.console if self.progress is not None else err_console

    def __enter__(self) -> EngineProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, ev: ProgressEvent) -> None:
        if self.progress is None:  # --quiet or no terminal: called once per answer, so return at once
            return
        st = ev.stats
        tid = self.tasks.get(ev.model)
        if tid is None:
            # The description is formatted into markup ("[bold]{task.description}"): escape the name.
            tid = self.progress.add_task(
                escape(visible(ev.model)), total=st.total, rate="", cached=0, errors=0, cost="0.0000"
            )
            self.tasks[ev.model] = tid
        task = self.progress.tasks[tid]
        elapsed = task.elapsed or 0.0
        rate = f"{(st.done - st.cached) / elapsed:.1f} req/s" if elapsed > 0.5 else ""
        if st.batch_state:  # a batch job's state from its last poll, e.g. "batch in_progress 340/1000"
            rate = escape(visible(st.batch_state))  # its state word comes from the server: never markup
        self.progress.update(
            tid,
            total=st.total,
            completed=st.done,
            rate=rate,
            cached=st.cached,
            errors=st.errors,
            cost=f"{st.cost_usd:.4f}",
        )
