"""`distillq report DIR [--out FILE]`: rebuild the HTML report of a study (thin: calls the library)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from distillq.cli.common import console, handle_errors, plain

app = typer.Typer(help="Build the HTML report of a study.")

# the argument of every command that reads a finished study
StudyDir = Annotated[Path, typer.Argument(help="Results directory of `distillq run` (holds study.json).")]
ReportFile = Annotated[
    Path | None, typer.Option("--out", "-o", help="Report file (default: DIR/report.html).")
]


@handle_errors
def report_command(study_dir: StudyDir, out: ReportFile = None) -> None:
    """Write one self-contained HTML report, figures/*.png|svg and summary.csv/json for a study."""
    from distillq.report import build_report

    path = build_report(study_dir, out)
    console.print(plain(f"report: {path}"))
    console.print(plain(f"figures: {study_dir / 'figures'}; numbers: {study_dir / 'summary.csv'}"))


app.command("report")(report_command)
