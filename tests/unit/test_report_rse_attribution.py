"""The report's RSE section shows the provenance test, classifier shares and the judge warning."""

from __future__ import annotations

from pathlib import Path

from distillq.report.context import Ctx
from distillq.report.data import StudyData, Target
from distillq.report.sections_rse import rse_section
from distillq.results import StudyManifest
from distillq.results_rse import Attribution, Comparison, RseRow, RseTable


def test_rse_section_shows_test_shares_and_warning(tmp_path: Path) -> None:
    attribution = {
        "candidates": ["<teacher>", "other"],
        "classifier": {"accuracy": 0.81, "chance": 0.33},
        "models": {
            "student": {
                "ranking": [
                    {
                        "candidate": "<teacher>",
                        "similarity": 0.61,
                        "degree": 0.034,
                        "effect_ci": [0.021, 0.047],
                        "p_value": 2.5e-9,
                        "classifier_share": 0.62,
                        "classifier_share_ci": [0.55, 0.7],
                    },
                    {
                        "candidate": "other",
                        "similarity": 0.55,
                        "degree": -0.01,
                        "effect_ci": [-0.02, 0.0],
                        "p_value": 1.0,
                    },
                ],
                "margin": 0.044,
            }
        },
    }
    data = StudyData(
        root=tmp_path,
        meta=StudyManifest(),
        targets=[
            Target(
                model="m/student",
                label="student",
                identity=None,
                rse_row=RseRow(model="m/student", label="student"),
            )
        ],
        rse_table=RseTable(
            reference="m/ref",
            reference_label="ref",
            tests=["m/student"],
            promptsets={},
            metrics="offline",
            warnings=["The judge (x) is also the reference model."],
            rows=[RseRow(model="m/student", label="student")],
        ),
        rse_summary=Comparison(
            models=["student", "<teacher>", "other"],
            n_prompts=10,
            lineage="",
            attribution=Attribution.model_validate(attribution),
        ),
    )
    html = str(rse_section(Ctx(data=data, fig_dir=tmp_path)))
    assert "2.5e-09" in html and "[0.021, 0.047]" in html and "0.62 [0.55, 0.70]" in html
    assert "Holm-adjusted" in html and "81%" in html
    assert "is also the reference model" in html
    assert "&lt;teacher&gt;" in html and "<teacher>" not in html
