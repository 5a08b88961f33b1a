"""Intake of real spreadsheet files written by the tests."""

from datetime import UTC, date, datetime

import openpyxl

from collect.arrival import Arrival
from collect.reader import read_submission
from core.config import Workspace
from core.fingerprint import file_sha256


def arrival(path, partner="most-si"):
    return Arrival(
        path=path,
        name_as_received=path.name,
        partner_id=partner,
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )


def slovene_workbook(path, counselling_rows):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Svetovanje"
    sheet.append(["Mesečno poročilo – Zavod Most"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Mesec:", "2025-03"])
    sheet.append([])
    sheet.append(["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"])
    for row in counselling_rows:
        sheet.append(row)
    for name, rows in {
        "Bivanje": [
            [
                "Enota",
                "Mesta",
                "Stanovalci",
                "Nočitve",
                "Sprejemi",
                "Načrtovani odhodi",
                "Nenačrtovani odhodi",
            ],
            ["BS-LJ1", 4, 3, 90, 1, 0, 0],
            ["Skupaj", 4, 3, 90, 1, 0, 0],
        ],
        "Izobraževanja": [["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]],
        "Uporabniki": [
            ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"],
            ["LJ-0001", "uporabnik", "M", "26-35", "alkohol"],
        ],
    }.items():
        extra = wb.create_sheet(name)
        for row in rows:
            extra.append(row)
    wb.save(path)
    return path


def test_header_under_a_merged_title_is_found(workspace, tmp_path):
    path = slovene_workbook(
        tmp_path / "porocilo_2025-03.xlsx", [[date(2025, 3, 4), "LJ-0001", "individualno", "1:30"]]
    )
    sub = read_submission(arrival(path), Workspace.open(workspace).config)
    assert sub.errors == []
    counselling = sub.tables["counselling"]
    assert counselling.iloc[0]["hours"] == 1.5
    assert counselling.iloc[0]["session_kind"] == "individual"
    # the header is on row 4, so the first session is on row 5 of the sheet
    assert counselling.iloc[0]["sheet_row"] == 5


def test_totals_row_is_not_a_housing_unit(workspace, tmp_path):
    path = slovene_workbook(tmp_path / "porocilo_2025-03.xlsx", [])
    sub = read_submission(arrival(path), Workspace.open(workspace).config)
    assert list(sub.tables["housing"]["site_id"]) == ["BS-LJ1"]


def test_unparseable_cell_is_reported_with_sheet_row_and_column(workspace, tmp_path):
    path = slovene_workbook(
        tmp_path / "porocilo_2025-03.xlsx",
        [[date(2025, 3, 4), "LJ-0001", "individualno", "po dogovoru"]],
    )
    sub = read_submission(arrival(path), Workspace.open(workspace).config)
    [problem] = sub.errors
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "not_a_number",
        "Svetovanje",
        5,
        "Ure",
    )


def test_period_comes_from_the_file_name(workspace, tmp_path):
    path = slovene_workbook(tmp_path / "porocilo_2025-03.xlsx", [])
    assert read_submission(arrival(path), Workspace.open(workspace).config).period == "2025-03"
