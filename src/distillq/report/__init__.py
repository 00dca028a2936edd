"""The study report: one self-contained HTML file, its figures as PNG/SVG, and a summary table.

`build_report(study_dir)` reads what `distillq run` wrote (study.json and the ICE/RSE files it
names) and writes report.html, figures/*.png|svg, summary.csv and summary.json. Parts of a study
that did not run (ICE or RSE disabled, an interrupted stage) are shown as such, never as errors.
"""

from __future__ import annotations

from pathlib import Path

from distillq.errors import InputFileError

__all__ = ["build_report"]


def build_report(study_dir: Path, out: Path | None = None) -> Path:
    """Write the report of the study in `study_dir` to `out` (default study_dir/report.html)."""
    from distillq.report.context import Ctx
    from distillq.report.data import load_study_dir
    from distillq.report.export import write_summary
    from distillq.report.html import page
    from distillq.report.sections_answers import answers_section
    from distillq.report.sections_ice import ice_section
    from distillq.report.sections_more import combined_section, methods_section
    from distillq.report.sections_rse import rse_section
    from distillq.report.sections_run import header, overview
    from distillq.report.tables import esc

    study_dir = Path(study_dir)
    if not study_dir.is_dir():
        raise InputFileError(f"{study_dir} is not a directory: pass the results directory of `distillq run`")
    data = load_study_dir(study_dir)
    out = Path(out) if out is not None else study_dir / "report.html"
    ctx = Ctx(data=data, fig_dir=study_dir / "figures")
    answers, script = answers_section(ctx)
    sections = [
        overview(ctx),
        ice_section(ctx),
        rse_section(ctx),
        combined_section(ctx),
        answers,
        methods_section(),
    ]
    meta = data.meta
    footer = (
        f"Made by distillq {esc(meta.distillq_version or '')} from {esc(study_dir.name)}/study.json "
        f"(study run {esc(meta.created or '')}). Figures: figures/*.png and *.svg; "
        "numbers: summary.csv, summary.json."
    )
    html_text = page(meta.name or "distillq study", header(ctx), sections, footer, script)
    write_summary(data, study_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_text, encoding="utf-8")
    return out
