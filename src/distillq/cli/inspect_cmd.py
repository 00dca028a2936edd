"""`distillq export-inspect RESULTS_DIR`: a study's answers as Inspect AI logs (thin: calls the library)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from distillq.cli.common import console, handle_errors, line
from distillq.cli.report import StudyDir

LogDir = Annotated[
    Path | None, typer.Option("--out", "-o", help="Log directory (default: DIR/inspect-logs).")
]


@handle_errors
def export_inspect_command(study_dir: StudyDir, out: LogDir = None) -> None:
    """Write every stored ICE and RSE answer as Inspect logs, for `inspect view` (needs the inspect extra)."""
    from distillq.inspect_ext.logs import export_study

    paths = export_study(study_dir, out)
    for p in paths:
        console.print(line("log: ", str(p)), highlight=False, soft_wrap=True)
    console.print(
        line("view them: inspect view --log-dir ", str(paths[0].parent)), highlight=False, soft_wrap=True
    )
