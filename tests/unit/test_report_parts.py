"""The report's building blocks: escaping, number formatting, summary rows, the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillq.report.data import Target, load_study_dir
from distillq.report.export import summary_row
from distillq.report.html import CSP, page
from distillq.report.tables import Raw, bar_cell, ci, details, esc, num, pre, table


def test_esc_and_table_escape_cells_but_not_raw() -> None:
    assert esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    html = table(["<h>"], [["<td>"], [Raw("<b>ok</b>")]])
    assert "&lt;h&gt;" in html and "&lt;td&gt;" in html and "<b>ok</b>" in html


def test_number_formats() -> None:
    assert num(None) == "–" and num(float("nan")) == "–" and num("x") == "–" and num(True) == "–"
    assert num(0.12345) == "0.123" and num(2, 1) == "2.0"
    assert ci({"score": 0.5, "ci95": [0.4, 0.6]}).count("0.") == 3
    assert ci({"mean": 3.25, "ci95": [3.0, 3.5]}, 2).startswith('<span class="v">3.25</span>')
    assert ci(None) == "–"
    assert "width:50.0%" in bar_cell(0.5) and "width:100.0%" in bar_cell(7)


def test_details_and_pre_escape_and_cut() -> None:
    d = details("<s>", "<p>x</p>")
    assert d.startswith("<details><summary>&lt;s&gt;</summary><p>x</p>")
    p = pre("</pre><script>", limit=5)
    assert "&lt;/pre" in p and "<script>" not in p and "more characters" in p


def test_page_has_csp_and_escapes_title() -> None:
    html = page("<t>", "", ['<section id="a"></section>'], "f")
    assert f'content="{esc(CSP)}"' in html and "<title>&lt;t&gt;</title>" in html
    assert "</style" in html and html.count("</style") == 1


def test_summary_row_picks_top_claims_and_teacher() -> None:
    from distillq.results import IdentityRef
    from distillq.results_rse import ModelAttribution, RseRow

    t = Target(
        model="p/m",
        label="m",
        identity=IdentityRef(id="card", display_name="Card"),
        ice={
            "n": 10,
            "scored": 9,
            "unscored": 1,
            "loose": {"count": 4, "n": 9, "score": 0.4, "ci95": [0.2, 0.6]},
            "strict": {"count": 2, "n": 9, "score": 0.2, "ci95": [0.1, 0.4]},
            "hard": None,
            "claimed": {
                "self": {"count": 6, "fraction": 0.6},
                "anthropic": {"count": 1, "fraction": 0.1},
                "openai": {"count": 3, "fraction": 0.3},
            },
        },
        rse_row=RseRow(model="p/m", label="m", offline_average=0.7, judge_average=None),
        attribution=ModelAttribution.model_validate(
            {
                "ranking": [{"candidate": "T", "similarity": 0.9, "degree": 2.5, "p_value": 0.04}],
                "margin": 0.1,
            }
        ),
    )
    r = summary_row(t)
    assert (r["top_claim"], r["top_other_claim"], r["top_other_claim_fraction"]) == ("self", "openai", 0.3)
    assert r["strict_ci_high"] == 0.4 and r["hard"] is None and r["identity"] == "card"
    assert (r["top_teacher"], r["degree"], r["margin"], r["rse_offline_average"]) == ("T", 2.5, 0.1, 0.7)


def test_loader_refuses_paths_outside_the_study(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps({"loose": {"score": 1.0}}))
    d = tmp_path / "study"
    d.mkdir()
    meta = {"targets": [{"model": "p/m", "label": "m", "ice_summary": "../secret.json"}], "rse": None}
    (d / "study.json").write_text(json.dumps(meta))
    data = load_study_dir(d)
    assert data.targets[0].ice is None and not data.ice_enabled and not data.rse_enabled


def test_cli_report_command(tmp_path: Path) -> None:
    import typer

    from distillq.cli.report import app, report_command

    root = typer.Typer()
    root.command("report")(report_command)
    res = CliRunner().invoke(root, [str(tmp_path)])
    assert res.exit_code == 2 and "study.json" in res.output
    assert any(c.name == "report" for c in app.registered_commands)


@pytest.mark.parametrize("bad", ["{", "[]"])
def test_bad_study_json(tmp_path: Path, bad: str) -> None:
    from distillq.errors import InputFileError

    (tmp_path / "study.json").write_text(bad)
    with pytest.raises(InputFileError):
        load_study_dir(tmp_path)


def test_ice_sections_read_the_typed_summary() -> None:
    from distillq.report.sections_ice import _breakdown, _run_details
    from distillq.results import IceSummary

    rate = {"count": 2, "n": 3, "score": 0.5, "ci95": [0.1, 0.9]}
    agreement = {"n": 3, "kappa": 0.42, "accuracy": 1.0, "reference_score": 0.5, "judge_score": 0.5}
    ice = {
        "n": 4,
        "scored": 3,
        "unscored": 1,
        "loose": rate,
        "per_language": {"zh": {"n": 4, "scored": 3, "loose": rate}},
        "agreement": {"loose": agreement | {"both": 1, "reference_only": 0, "judge_only": 0}},
        "judge": "offline",
        "target_errors": 5,
        "fuzz": {"stats": {"rounds": 7, "stop_reason": "budget-of-queries"}},
    }
    t = Target(model="p/m", label="m", identity=None, ice=ice)
    assert isinstance(t.summary, IceSummary) and t.summary.per_language["zh"].n == 4
    html = _run_details([t])
    assert "0.42" in html and "budget-of-queries" in html and "offline" in html
    cells = [c.split(">", 1)[1] for c in html.split("</td>")[:-1]]
    assert cells[4:] == ["7", "", "budget-of-queries", "5", "–", "0.42"]  # truncated: absent, shown as –
    assert _breakdown([t], "per_language", "language").count("width:50.0%") == 1
