"""A later file of a month with a table an earlier file already brought counts instead of it
(int_tables_in_force.sql): the partner is told which file and which tables no longer count."""

from datetime import UTC, date, datetime

from own_sheets_support import deliver, read, run_intake, workbook

from core.config import Workspace
from validate.feedback import feedback_text
from validate.run import Validation

HOURS_SL = ["Šifra uporabnika", "Datum", "Storitev", "Ure"]


def sessions(path, hours):
    return workbook(
        path, {"Ure": [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", hours]]}
    )


def test_a_second_file_with_the_same_table_says_which_earlier_file_no_longer_counts(
    workspace, tmp_path
):
    deliver(workspace, "most-si", sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "2025-06-02")
    run_intake(workspace)
    later = read(
        workspace,
        sessions(tmp_path / "telefon_maj_2025.xlsx", 0.5),
        "most-si",
        received=datetime(2025, 6, 3, tzinfo=UTC),
    )
    Validation(Workspace.open(workspace).config, workspace / "warehouse.duckdb").check([later])
    [notice] = [p for p in later.warnings if p.rule == "tables_replaced"]
    assert notice.params == {"file": "ure_maj_2025.xlsx", "tables": ["counselling"]}
    assert "“ure_maj_2025.xlsx” je vsebovala tudi te podatke za ta mesec: svetovanje" in (
        feedback_text(later, "sl")
    )


def test_the_first_file_of_a_months_table_is_told_nothing(workspace, tmp_path):
    first = read(workspace, sessions(tmp_path / "ure_maj_2025.xlsx", 1.5), "most-si")
    Validation(Workspace.open(workspace).config).check([first])
    assert first.problems == []


def test_two_files_of_one_run_the_later_names_the_earlier(workspace, tmp_path):
    early, late = (
        read(
            workspace,
            sessions(tmp_path / name, hours),
            "most-si",
            received=datetime(2025, 6, day, tzinfo=UTC),
        )
        for name, day, hours in (("a_maj_2025.xlsx", 2, 1), ("b_maj_2025.xlsx", 3, 2))
    )
    Validation(Workspace.open(workspace).config).check([late, early])
    assert early.problems == []
    assert [p.params["file"] for p in late.warnings] == ["a_maj_2025.xlsx"]
