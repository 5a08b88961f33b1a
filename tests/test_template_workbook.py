"""The partner's monthly template: filled as it asks, it passes intake; a wrong cell is named."""

from datetime import UTC, datetime

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from collect.arrival import Arrival
from collect.reader import read_submission
from core.config import Workspace
from core.fingerprint import file_sha256
from validate.run import validate_submissions
from validate.template import write_template

VALID_ROWS = {
    # sheet -> rows under the header, in the template's column order
    "Bivanje": None,  # housing units are pre-filled; the test fills the figures
    "Svetovanje": [
        [datetime(2025, 3, 4), "LJ-0001", "individualno", 1.5],
        [datetime(2025, 3, 5), "LJ-0002", "družinsko", 1],
    ],
    "Izobraževanja": [[datetime(2025, 3, 12), "Preprečevanje recidiva", "svojci", 2, 11]],
    "Uporabniki": [
        ["LJ-0001", "uporabnik", "ž", "26-35", "alkohol", "BS-LJ1", 34],
        ["LJ-0002", "svojec", "m", "36-50"],
    ],
}


def template(workspace, tmp_path, partner="most-si", period="2025-03"):
    ws = Workspace.open(workspace)
    return write_template(
        ws.config, ws.config.partner(partner), period, tmp_path / f"{partner}_{period}.xlsx"
    )


def fill(path):
    wb = openpyxl.load_workbook(path)
    housing = wb["Bivanje"]
    for row in range(2, housing.max_row + 1):
        if housing.cell(row, 1).value:
            places = housing.cell(row, 2).value
            for column, value in enumerate([places, places * 28, 1, 0, 1], start=3):
                housing.cell(row, column, value)
    for sheet, rows in VALID_ROWS.items():
        for row_number, row in enumerate(rows or [], start=2):
            for column, value in enumerate(row, start=1):
                wb[sheet].cell(row_number, column, value)
    return wb


def with_sites(workspace, partner, *sites):
    """The workspace's consortium.yaml with more sites for the partner, reporting housing from
    2025-01 when one of them is a housing unit."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    found = next(p for p in data["partners"] if p["id"] == partner)
    found["sites"] = [*found["sites"], *sites]
    if any(site["kind"] == "housing" for site in sites) and "housing" not in found["tables"]:
        found |= {"tables": ["housing", *found["tables"]], "reports_from": "2025-01"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def housing_units(path):
    housing = openpyxl.load_workbook(path)["Bivanje"]
    return [
        housing.cell(r, 1).value for r in range(2, housing.max_row + 1) if housing.cell(r, 1).value
    ]


def checked(path, workspace, partner="most-si"):
    config = Workspace.open(workspace).config
    arrival = Arrival(
        path=path,
        name_as_received=path.name,
        partner_id=partner,
        received_at=datetime(2025, 4, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    sub = read_submission(arrival, config)
    validate_submissions([sub], config)
    return sub


def test_template_has_instructions_and_one_sheet_per_reported_table(workspace, tmp_path):
    wb = openpyxl.load_workbook(template(workspace, tmp_path))
    assert wb.sheetnames == ["Navodila", "Bivanje", "Svetovanje", "Izobraževanja", "Uporabniki"]


def test_template_prefills_the_partners_housing_units_with_their_places(workspace, tmp_path):
    housing = openpyxl.load_workbook(template(workspace, tmp_path))["Bivanje"]
    units = [(housing.cell(r, 1).value, housing.cell(r, 2).value) for r in range(2, 6)]
    assert units == [("BS-LJ1", 4), ("BS-LJ2", 3), ("BS-MB", 5), ("BS-KP", 3)]


def test_coded_columns_offer_the_partners_words_in_a_list(workspace, tmp_path):
    sheet = openpyxl.load_workbook(template(workspace, tmp_path, partner="klub-pl"))["Poradnictwo"]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert '"indywidualna,rodzinna,grupowa,telefoniczna"' in lists


def test_date_and_number_columns_are_formatted(workspace, tmp_path):
    sheet = openpyxl.load_workbook(template(workspace, tmp_path))["Svetovanje"]
    assert (sheet["A2"].number_format, sheet["D2"].number_format) == ("DD.MM.YYYY", "0.0#")


def test_filled_template_is_accepted(workspace, tmp_path):
    path = template(workspace, tmp_path)
    fill(path).save(path)
    sub = checked(path, workspace)
    assert sub.problems == []


def test_filled_template_with_a_wrong_value_is_rejected_at_its_cell(workspace, tmp_path):
    path = template(workspace, tmp_path)
    wb = fill(path)
    wb["Svetovanje"]["D3"] = 14  # the second session, row 3, lasts 14 hours
    wb.save(path)
    sub = checked(path, workspace)
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("session_hours_range", "Svetovanje", 3, "Ure")
    ]


@pytest.mark.parametrize("partner", ["oporavak-ba", "klub-pl", "endring-no"])
def test_every_partners_template_has_headers_intake_recognises(workspace, tmp_path, partner):
    # an unfilled template counts nothing, so it is refused as having no rows; but only so: no
    # header is unknown or missing, and every table the partner reports is recognised
    path = template(workspace, tmp_path, partner=partner, period="2025-06")
    sub = read_submission(
        Arrival(
            path=path,
            name_as_received=path.name,
            partner_id=partner,
            received_at=datetime(2025, 7, 3, tzinfo=UTC),
            sha256=file_sha256(path),
            size_bytes=path.stat().st_size,
        ),
        Workspace.open(workspace).config,
    )
    assert [p.rule for p in sub.errors] == ["no_rows"]
    reported = Workspace.open(workspace).config.partner(partner).tables
    assert sub.errors[0].params["tables"] == sorted(reported)


def sub_language(workspace, partner):
    return Workspace.open(workspace).config.partner(partner).language


def test_template_command_writes_into_the_workspace(workspace):
    result = CliRunner().invoke(
        app,
        [
            "template",
            "--partner",
            "endring-no",
            "--period",
            "2025-05",
            "--workspace",
            str(workspace),
        ],
    )
    assert result.exit_code == 0
    assert (workspace / "templates" / "endring-no_2025-05.xlsx").is_file()


def test_template_for_an_unknown_partner_is_a_usage_error(workspace):
    result = CliRunner().invoke(
        app,
        ["template", "--partner", "nobody", "--period", "2025-05", "--workspace", str(workspace)],
    )
    assert result.exit_code == 2


def test_a_people_sheet_asks_only_for_the_tables_the_partner_reports(workspace, tmp_path):
    headers = {
        partner: [
            c.value
            for c in openpyxl.load_workbook(template(workspace, tmp_path, partner))[sheet][1]
        ]
        for partner, sheet in (("most-si", "Uporabniki"), ("endring-no", "Deltakere"))
    }
    assert "Bivanjska skupnost" in headers["most-si"]
    assert "Bofellesskap" not in headers["endring-no"]


def test_a_housing_unit_is_left_out_of_the_templates_before_the_month_it_opens(workspace, tmp_path):
    # opened on 15 April: no night open in March, so March's template does not ask for it
    opening = {"id": "BS-CE", "name": "BS Celje", "kind": "housing", "places": 4}
    with_sites(workspace, "most-si", opening | {"opened": "2025-04-15"})
    assert "BS-CE" not in housing_units(template(workspace, tmp_path, period="2025-03"))
    assert "BS-CE" in housing_units(template(workspace, tmp_path, period="2025-04"))


def test_a_housing_unit_is_left_out_of_the_templates_after_the_month_it_closed(workspace, tmp_path):
    # its last night was 28 February: March's template lists the four units still open
    closed = {"id": "BS-NM", "name": "BS Novo mesto", "kind": "housing", "places": 3}
    with_sites(workspace, "most-si", closed | {"closed": "2025-02-28"})
    assert housing_units(template(workspace, tmp_path, period="2025-02"))[-1] == "BS-NM"
    assert housing_units(template(workspace, tmp_path, period="2025-03")) == [
        "BS-LJ1",
        "BS-LJ2",
        "BS-MB",
        "BS-KP",
    ]


def test_a_housing_sheet_left_as_the_template_made_it_is_a_sheet_left_empty(workspace, tmp_path):
    # only the counselling sheet filled: the units and places the template wrote state nothing
    # of the month, so housing is still to send and the two sessions count
    path = template(workspace, tmp_path)
    wb = openpyxl.load_workbook(path)
    for row_number, row in enumerate(VALID_ROWS["Svetovanje"], start=2):
        for column, value in enumerate(row, start=1):
            wb["Svetovanje"].cell(row_number, column, value)
    wb.save(path)
    sub = checked(path, workspace)
    assert sub.errors == []
    assert [(p.rule, p.sheet) for p in sub.warnings] == [("sheet_empty", "Bivanje")]
    assert "housing" not in sub.tables and "housing" in sub.outstanding
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_norwegian_housing_sheet_left_as_the_template_made_it_is_a_sheet_left_empty(
    workspace, tmp_path
):
    with_sites(
        workspace,
        "endring-no",
        {"id": "BF-SV", "name": "Bofellesskap", "kind": "housing", "places": 6},
    )
    path = template(workspace, tmp_path, partner="endring-no")
    wb = openpyxl.load_workbook(path)
    groups = [datetime(2025, 3, 5), "støttegruppe", "EG-SV", "Onsdagsgruppe", 8, 1.5]
    for column, value in enumerate(groups, start=1):
        wb["Grupper"].cell(2, column, value)
    wb.save(path)
    sub = checked(path, workspace, partner="endring-no")
    assert sub.errors == []
    assert ("sheet_empty", "Bofellesskap") in [(p.rule, p.sheet) for p in sub.warnings]
    assert "housing" not in sub.tables and len(sub.tables["groups"]) == 1


def test_a_housing_sheet_with_some_units_filled_still_asks_for_the_others(workspace, tmp_path):
    # BS-LJ1's month filled, the three other units as the template wrote them: never dropped
    path = template(workspace, tmp_path)
    wb = fill(path)
    for row in range(3, 6):
        for column in range(3, 8):
            wb["Bivanje"].cell(row, column).value = None
    wb.save(path)
    sub = checked(path, workspace)
    assert {(p.rule, p.row) for p in sub.errors} == {("value_required", r) for r in (3, 4, 5)}
