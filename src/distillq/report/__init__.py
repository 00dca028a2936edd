"""The HTML report and its figures (placeholder until the report module lands)."""

from __future__ import annotations

from pathlib import Path


def build_report(study_dir: Path, out: Path | None = None) -> Path:
    raise NotImplementedError
