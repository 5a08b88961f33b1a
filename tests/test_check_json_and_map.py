"""`consortium check FILE --format json` for scripts, and `consortium map FILE --save`, which
remembers a partner's own layout in consortium.yaml so its next files are read untouched."""

import json
from datetime import date

from own_sheets_support import workbook
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace

HOURS_SL = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]


def run(*args):
    return CliRunner().invoke(app, [*map(str, args)])


def check_json(path, workspace, partner="most-si"):
    result = run("check", path, "--workspace", workspace, "--partner", partner, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_json_of_an_accepted_file_gives_rows_hours_dates_and_kinds(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                HOURS_SL,
                ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
                ["SKM-0418", date(2025, 5, 20), "Pogovor s svojci", 1],
            ]
        },
    )
    code, report = check_json(path, workspace)
    assert (code, report["status"], report["partner"], report["period"]) == (
        0,
        "accepted",
        "most-si",
        "2025-05",
    )
    assert report["tables"] == {
        "counselling": {
            "rows": 2,
            "hours": 2.5,
            "first_date": "2025-05-05",
            "last_date": "2025-05-20",
            "kinds": {"family": 1, "individual": 1},
        }
    }
    assert "SKM" not in json.dumps(report)  # never a user code


def test_json_of_a_warned_file_names_sheet_column_and_rule(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_oktober_2025.xlsx",
        {
            "Ure": [
                HOURS_SL,
                ["SKM-1", date(2025, 10, 1), "Delavnica čuječnosti", 2],
            ]
        },
    )
    code, report = check_json(path, workspace)
    [warning] = report["warnings"]
    assert (code, report["status"]) == (0, "accepted_with_warnings")
    assert {k: warning[k] for k in ("sheet", "row", "column", "rule")} == {
        "sheet": "Ure",
        "row": None,
        "column": "Storitev",
        "rule": "value_unclassified",
    }
    assert report["tables"]["counselling"]["kinds"] == {"unclassified": 1}


def test_json_names_the_rows_of_notes_and_meetings_that_did_not_take_place(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                HOURS_SL,
                ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
                ["SKM-0418", date(2025, 5, 6), "Odpovedano", None],
                [],
                ["Opomba: podatki so začasni."],
            ]
        },
    )
    code, report = check_json(path, workspace)
    assert code == 0
    assert [(w["rule"], w["row"]) for w in report["warnings"]] == [
        ("row_cancelled", 3),
        ("note_row", 5),
    ]


def test_json_of_a_rejected_file_has_its_errors_and_no_tables(workspace, tmp_path):
    path = tmp_path / "porady_04_2025.csv"
    path.write_bytes(b"")
    code, report = check_json(path, workspace, partner="klub-pl")
    assert (code, report["status"], report["tables"]) == (1, "rejected", {})
    assert [e["rule"] for e in report["errors"]] == ["file_empty"]


def test_map_save_remembers_a_header_then_check_accepts_the_file(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", "Čas svetovanja"],
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", 1],
            ]
        },
    )
    assert check_json(path, workspace)[1]["status"] == "rejected"
    mapped = run("map", path, "--workspace", workspace, "--partner", "most-si", "--save")
    assert mapped.exit_code == 0, mapped.output
    assert "'Čas svetovanja' -> NOT UNDERSTOOD (closest: counselling.hours)" in mapped.output
    partner = Workspace.open(workspace).config.partner("most-si")
    assert partner.mapping.headers["Čas svetovanja"] == "hours"
    assert "# Demo consortium" in (workspace / "consortium.yaml").read_text(encoding="utf-8")
    assert check_json(path, workspace)[1]["status"] == "accepted"


def test_map_save_twice_keeps_the_comments_and_one_mapping(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                HOURS_SL,
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", 1],
            ]
        },
    )
    for _ in range(2):
        assert (
            run("map", path, "--workspace", workspace, "--partner", "most-si", "--save").exit_code
            == 0
        )
    text = (workspace / "consortium.yaml").read_text(encoding="utf-8")
    assert "# Demo consortium" in text and text.count("mapping:") == 1
    partner = Workspace.open(workspace).config.partner("most-si")
    assert partner.mapping.values["session_kind"] == {"Individualno svetovanje": "individual"}


def test_map_says_a_notes_column_is_not_read_and_the_file_is_understood(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", "Ure", "Opombe"],
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", 1, "prvič"],
            ]
        },
    )
    mapped = run("map", path, "--workspace", workspace, "--partner", "most-si")
    assert "'Opombe' -> not read (row numbers, notes, staff, venue, ...)" in mapped.output
    assert mapped.exit_code == 0, mapped.output


def test_map_says_the_hours_are_counted_between_the_start_and_the_end(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", "Od", "Do"],
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", "10:00", "11:30"],
            ]
        },
    )
    mapped = run("map", path, "--workspace", workspace, "--partner", "most-si", "--save")
    assert "'Od' -> counselling.hours, counted from the start to the end" in mapped.output
    assert mapped.exit_code == 0, mapped.output
    # never saved as a column of hours: 10:00 is no duration
    config = (workspace / "consortium.yaml").read_text(encoding="utf-8")
    assert "Od:" not in config and "Do:" not in config


def czas(path, lengths):
    rows = [
        [date(2026, 10, day), "KR/010", "indywidualna", length]
        for day, length in zip((1, 2), lengths, strict=True)
    ]
    return workbook(path, {"Porady": [["Data", "Klient", "Rodzaj", "Czas"], *rows]})


def test_map_says_a_time_holding_lengths_gives_the_hours_as_check_reads_them(workspace, tmp_path):
    path = czas(tmp_path / "porady_pazdziernik_2026.xlsx", ["2 godz.", "1,5"])
    mapped = run("map", path, "--workspace", workspace, "--partner", "klub-pl")
    assert "'Czas' -> counselling.hours, the length each row gives" in mapped.output
    assert mapped.exit_code == 0, mapped.output


def test_map_says_a_time_of_day_check_leaves_unread_is_not_read(workspace, tmp_path):
    path = czas(tmp_path / "porady_pazdziernik_2026.xlsx", ["18:00", "18:00"])
    mapped = run("map", path, "--workspace", workspace, "--partner", "klub-pl")
    assert "'Czas' -> not read (row numbers, notes, staff, venue, ...)" in mapped.output


def test_json_lists_problems_by_row_as_the_text_report_does(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                HOURS_SL,
                ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", -1],
                ["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", None],
                ["SKM-0419", date(2025, 5, 7), "Individualno svetovanje", 30],
            ]
        },
    )
    _, report = check_json(path, workspace)
    assert [(e["row"], e["rule"]) for e in report["errors"]] == [
        (2, "not_negative"),
        (2, "session_hours_range"),
        (3, "value_required"),
        (4, "session_hours_range"),
    ]


def test_check_with_a_period_takes_it_for_a_file_that_states_none(workspace, tmp_path):
    rows = [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5]]
    path = workbook(tmp_path / "ure.xlsx", {"List1": rows})
    result = run("check", path, "-w", workspace, "--partner", "most-si", "--period", "2025-05")
    assert result.exit_code == 0 and "Mesec: maj 2025" in result.stdout


def test_check_with_a_period_the_file_contradicts_names_both_in_the_partners_words(
    workspace, tmp_path
):
    rows = [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5]]
    path = workbook(tmp_path / "ure_maj_2025.xlsx", {"List1": rows})
    result = run("check", path, "-w", workspace, "--partner", "most-si", "--period", "2025-04")
    assert result.exit_code == 1
    assert "2025-04 (kot podano), 2025-05 (ime datoteke)" in result.stdout


def test_map_says_columns_of_men_women_and_total_give_the_participants(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Menn", "Kvinner", "Totalt"],
                [date(2026, 10, 7), "Støttegruppe", 4, 3, 7],
            ]
        },
    )
    mapped = run("map", path, "--workspace", workspace, "--partner", "endring-no", "--save")
    for header in ("Menn", "Kvinner", "Totalt"):
        line = f"'{header}' -> groups.participants, read from its parts and their total"
        assert line in mapped.output
    assert mapped.exit_code == 0, mapped.output
    # never saved as a column of participants: two columns would then claim it
    assert "Menn:" not in (workspace / "consortium.yaml").read_text(encoding="utf-8")
