"""A partner sends our template back with one sheet left as it came, its headers alone: a real
monthly run counts the sheets filled in and leaves that sheet's table owed for the month, never
a month of 0."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import openpyxl
import pytest
from own_sheets_support import deliver
from test_dashboards_disclosure import CONFIG
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from load import warehouse
from transforms.figures import headline_figures
from validate.template import write_template

# Zavod Alfa alone, reporting housing, counselling and people for January 2025 only
ALFA_IN_JANUARY = (
    CONFIG.read_text()
    .split("  - id: beta")[0]
    .replace("reports_from: 2025-01", "reports_from: 2025-01\n    reports_until: 2025-01")
)


def without_counselling(workspace: Path) -> Path:
    """Alfa's January template with its housing unit's month and one person filled in, its
    counselling sheet as the template made it."""
    ws = Workspace.open(workspace)
    path = write_template(
        ws.config, ws.config.partner("alfa"), "2025-01", workspace.parent / "alfa_2025-01.xlsx"
    )
    wb = openpyxl.load_workbook(path)
    for column, value in enumerate([2, 56, 0, 0, 0], start=3):
        wb["Bivanje"].cell(2, column, value)
    for column, value in enumerate(["LJ-0001", "uporabnik", "ž", "26-35", "alkohol", "H1"], 1):
        wb["Uporabniki"].cell(2, column, value)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """The workspace after one real monthly run over the template, sent on 3 February."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("left_empty") / "ws"
    (root / "inbox").mkdir(parents=True)
    (root / "consortium.yaml").write_text(ALFA_IN_JANUARY)
    deliver(root, "alfa", without_counselling(root), "2025-02-03T09:00:00+01:00")
    monthly_report(workspace=str(root))
    return root


def test_the_site_names_the_counselling_left_empty_as_not_yet_reported(reported):
    page = html.unescape((reported / "site" / "index.html").read_text(encoding="utf-8"))
    assert (
        "Še ni sporočeno (ni zajeto v spodnjih podatkih): Zavod Alfa (svetovanje, jan. 2025)."
        in (page)
    )


def test_status_lists_the_counselling_left_empty_among_the_tables_still_missing(reported):
    result = CliRunner().invoke(
        app, ["status", "--workspace", str(reported), "--period", "2025-01"]
    )
    assert result.exit_code == 0, result.output
    with (reported / "reminders" / "reminders_2025-01.csv").open(encoding="utf-8") as fh:
        [alfa] = csv.DictReader(fh)
    assert (alfa["missing_months"], alfa["missing_tables"]) == ("", "2025-01: counselling")


def test_the_months_counselling_hours_are_not_reported_rather_than_0(reported):
    with warehouse.connect(Workspace.open(reported).warehouse, read_only=True) as con:
        figures = headline_figures(con, "2025-01", "2025-01", partner="alfa")
    assert figures["counselling_hours"] is None
    assert figures["resident_nights"] == 56


def test_the_partners_report_says_the_sheet_was_left_empty_and_counselling_is_still_owed(
    reported,
):
    [report] = (reported / "feedback" / "alfa" / "2025-01").glob("*.txt")
    text = report.read_text(encoding="utf-8")
    assert "Za ta mesec je treba poslati še: svetovanje" in text
    assert "List “Svetovanje”, Vrstica 2: List je ostal prazen" in text
