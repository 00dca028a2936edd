"""Statements the report makes in more than one section, kept in one place so they agree."""

from __future__ import annotations

from distillq.report.context import note
from distillq.report.data import StudyData
from distillq.report.tables import Raw


def attribution_candidates(data: StudyData) -> list[str]:
    """The candidate teachers RSE attribution ranked every model against."""
    return list(data.attribution.candidates) if data.attribution else []


def single_candidate_note(data: StudyData) -> Raw:
    """With one candidate, 'closest teacher' is true of every model by construction: say so."""
    cands = attribution_candidates(data)
    if len(cands) != 1:
        return Raw("")
    return note(
        f"Teacher attribution had a single candidate, {cands[0]}: it ranks first for every model by "
        "construction, the independent ones included. Only its degree and p-value say whether a model is "
        "closer to it than other models are; add more candidate teachers to compare them.",
        "caution",
    )
