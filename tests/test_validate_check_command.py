"""`consortium check FILE`: the partner's report on screen, an exit code, and no change on disk."""

import csv

from typer.testing import CliRunner

from cli.app import app

HEADER = ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"]


def csv_file(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *rows])
    return path


def check(*args):
    return CliRunner().invoke(app, ["check", *map(str, args)])


def test_accepted_file_exits_0_with_the_report(workspace):
    path = csv_file(
        workspace / "inbox" / "most-si" / "svetovanje_2025-03.csv",
        [["4. 3. 2025", "LJ-0001", "individualno", "1"]],
    )
    result = check(path, "--workspace", workspace)
    assert result.exit_code == 0
    assert "Sprejeto." in result.output


def test_rejected_file_exits_1_naming_sheet_row_and_column(workspace, tmp_path):
    path = csv_file(
        tmp_path / "svetovanje_2025-03.csv", [["4. 3. 2025", "LJ-0001", "individualno", "-2"]]
    )
    result = check(path, "--workspace", workspace, "--partner", "most-si")
    assert result.exit_code == 1
    assert (
        "Vrstica 2" in result.output
        and "“Ure”" in result.output
        and "“svetovanje_2025-03”" in result.output
    )


def test_report_names_the_partner_by_its_name(workspace):
    path = csv_file(
        workspace / "inbox" / "most-si" / "svetovanje_2025-03.csv",
        [["4. 3. 2025", "LJ-0001", "individualno", "1"]],
    )
    result = check(path, "--workspace", workspace)
    assert "Partner: Zavod Most, Ljubljana" in result.output


def test_period_option_supplies_a_month_the_file_does_not_state(workspace, tmp_path):
    path = csv_file(tmp_path / "svetovanje.csv", [["4. 3. 2025", "LJ-0001", "individualno", "1"]])
    result = check(path, "--workspace", workspace, "--partner", "most-si", "--period", "2025-03")
    assert result.exit_code == 0


def test_file_outside_the_inbox_without_partner_is_a_usage_error(workspace, tmp_path):
    path = csv_file(
        tmp_path / "svetovanje_2025-03.csv", [["4. 3. 2025", "LJ-0001", "individualno", "1"]]
    )
    result = check(path, "--workspace", workspace)
    assert result.exit_code == 2
    assert "--partner" in result.output
    assert "Traceback" not in result.output


def test_check_changes_nothing_in_the_workspace(workspace):
    path = csv_file(
        workspace / "inbox" / "most-si" / "svetovanje_2025-03.csv",
        [["4. 3. 2025", "LJ-0001", "individualno", "-1"]],
    )
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    check(path, "--workspace", workspace)
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before


def test_tables_an_earlier_file_of_the_month_brought_are_not_told_as_owed(workspace, tmp_path):
    import json
    from datetime import date

    from own_sheets_support import deliver, run_intake, workbook

    sessions = csv_file(
        tmp_path / "svetovanje_2025-03.csv", [["4. 3. 2025", "LJ-0001", "individualno", "1"]]
    )
    deliver(workspace, "most-si", sessions, "2025-04-02")
    run_intake(workspace)
    trainings = workbook(
        tmp_path / "izobrazevanja_marec_2025.xlsx",
        {
            "Izobraževanja": [
                ["Naslov", "Datum", "Ciljna skupina", "Ure", "Udeleženci"],
                ["Delavnica", date(2025, 3, 6), "uporabniki", 2, 8],
            ]
        },
    )
    result = check(trainings, "--workspace", workspace, "--partner", "most-si", "--format", "json")
    outstanding = json.loads(result.output)["outstanding"]
    assert "counselling" not in outstanding and "trainings" not in outstanding
    assert outstanding  # the month's other tables are still owed
