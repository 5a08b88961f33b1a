"""A table kept on several sheets of one file, each with its own rows (a sheet per counsellor,
caseload, location or program, as per week): read together as one table, each row keeping its
sheet; a sheet copying another's rows is still refused, as it would count them twice."""

from datetime import date

import yaml
from own_sheets_support import read, workbook

SL = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
BS = ["Datum", "Šifra korisnika", "Vrsta", "Trajanje"]
EN = ["Date", "Client ID", "Session type", "Hours"]


def session(day: int, code: str = "SKM-0417", hours: float = 1) -> list[object]:
    return [code, date(2026, 10, day), "Individualno svetovanje", hours]


def with_english_partner(workspace):
    """The workspace's consortium.yaml with a partner writing English that reports counselling."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["partners"].append(
        {"id": "bridge-en", "name": "Bridge", "country": "GB", "language": "en"}
        | {"reports_from": "2025-01", "tables": ["counselling"], "sites": []}
    )
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_sheet_per_counsellor_is_one_table_of_every_counsellors_rows(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Svetovalka Maja": [SL, session(1), session(2, "SKM-0420", 1.5)],
            "Svetovalec Tomaž": [SL, session(6, "SKM-0433")],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    counselling = sub.tables["counselling"]
    assert sub.problems == []
    # both counsellors' sessions once: 1 + 1.5 + 1
    assert counselling["hours"].sum() == 3.5
    assert list(counselling["sheet"]) == ["Svetovalka Maja", "Svetovalka Maja", "Svetovalec Tomaž"]


def test_a_sheet_per_counsellor_in_bosnian_under_other_headers_of_hours_adds_up(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "savjetovanje_oktobar_2026.xlsx",
        {
            "Savjetnica A": [BS, ["02.10.2026.", "OP-001", "individualno", "1 sat"]],
            # the same columns under another header of the hours
            "Savjetnik B": [
                [*BS[:3], "Sati"],
                ["03.10.2026.", "OP-004", "individualno", "1,5 h"],
                ["10.10.2026.", "OP-005", "individualno", "90 min"],
            ],
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].sum() == 4


def test_a_sheet_per_caseload_in_english_adds_up(workspace, tmp_path):
    with_english_partner(workspace)
    path = workbook(
        tmp_path / "Counselling by caseload October 2026.xlsx",
        {
            "Caseload A": [EN, ["02/10/2026", "BR-101", "one-to-one", 1]],
            "Caseload B": [EN, ["03/10/2026", "BR-102", "one-to-one", 1]],
        },
    )
    sub = read(workspace, path, "bridge-en")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["sheet_row"]) == [2, 2]


def test_a_sheet_copying_another_is_refused_naming_the_sheet_it_copies(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Svetovalka Maja": [SL, session(1)],
            "Svetovalec Tomaž": [SL, session(6, "SKM-0433"), session(7, "SKM-0433")],
            "Svetovalec Tomaž (2)": [SL, session(6, "SKM-0433"), session(7, "SKM-0433")],
        },
    )
    [problem] = read(workspace, path, "most-si").errors
    assert (problem.rule, problem.sheet) == ("table_twice", "Svetovalec Tomaž (2)")
    assert problem.params["other"] == "Svetovalec Tomaž"


def test_a_backup_sheet_of_most_of_the_rows_is_still_a_copy(workspace, tmp_path):
    rows = [session(day) for day in (1, 2, 6, 8)]
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        # kept before the last session was corrected to 2 hours
        {"Svetovanje": [SL, *rows[:3], session(8, hours=2)], "Stara verzija": [SL, *rows]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "Stara verzija")]


def test_a_helpline_sheet_beside_a_sheet_per_counsellor_reads_every_sheet(workspace, tmp_path):
    path = workbook(
        tmp_path / "savjetovanje_oktobar_2026.xlsx",
        {
            "Savjetnica A": [BS, ["02.10.2026.", "OP-001", "individualno", "1 sat"]],
            "Savjetnik B": [BS, ["03.10.2026.", "OP-004", "individualno", "1,5 h"]],
            "Pozivi": [BS, ["07.10.2026.", "anonimno", "telefonski poziv", "30 min"]],
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["sheet"]) == ["Savjetnica A", "Savjetnik B", "Pozivi"]


def test_a_helpline_sheet_first_does_not_let_a_copied_sheet_through(workspace, tmp_path):
    row = ["02.10.2026.", "OP-001", "individualno", "1 sat"]
    path = workbook(
        tmp_path / "savjetovanje_oktobar_2026.xlsx",
        {
            "Pozivi": [BS, ["07.10.2026.", "anonimno", "telefonski poziv", "30 min"]],
            "Savjetnica A": [BS, row],
            "Savjetnica A (2)": [BS, row],
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "Savjetnica A (2)")]


def test_one_session_on_two_counsellors_sheets_makes_neither_a_copy(workspace, tmp_path):
    # a session the two held together, written on both their sheets
    shared = session(6, "SKM-0433")
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Svetovalka Maja": [SL, session(1), session(2), shared],
            "Svetovalec Tomaž": [SL, shared, session(7, "SKM-0433"), session(8, "SKM-0433")],
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and len(sub.tables["counselling"]) == 6


def test_a_sheet_per_training_course_adds_up_every_courses_days(workspace, tmp_path):
    header = ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]
    path = workbook(
        tmp_path / "izobrazevanja oktober 2026.xlsx",
        {
            "Tečaj za svojce": [header, [date(2026, 10, 6), "Prvi dan", "svojci", 3, 12]],
            "Tečaj za sodelavce": [
                header,
                [date(2026, 10, 8), "Prvi dan", "strokovni delavci", 3, 9],
                [date(2026, 10, 15), "Drugi dan", "strokovni delavci", 3, 8],
            ],
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert sub.tables["trainings"]["participants"].sum() == 29


def test_sheets_named_for_counsellors_whose_names_are_months_are_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"Maja": [SL, session(1), session(2)], "Julija": [SL, session(6, "SKM-0433")]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.period == "2026-10"
    assert sub.tables["counselling"]["sheet"].tolist() == ["Maja", "Maja", "Julija"]
