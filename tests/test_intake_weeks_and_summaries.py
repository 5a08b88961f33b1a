"""A month kept as a sheet per week, a summary of the month beside its rows, and rows hidden in
a sheet: how partners' staff lay out a month's log, and what the reader makes of it."""

from datetime import date

from own_sheets_support import read, workbook

HEADER = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]


def sessions(day: int, code: str = "SKM-0417", hours: float = 1) -> list[object]:
    return [code, date(2026, 10, day), "Individualno svetovanje", hours]


def problems(sub):
    return [(p.rule, p.sheet, p.row) for p in sub.problems]


def test_a_month_kept_as_a_sheet_per_week_is_one_table_of_every_weeks_rows(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "1. teden": [HEADER, sessions(1), sessions(2)],
            "2. teden": [HEADER, sessions(6)],
            "3. teden": [HEADER, sessions(13, hours=1.5)],
        },
    )
    sub = read(workspace, path, "most-si")
    counselling = sub.tables["counselling"]
    assert sub.problems == []
    # every week's rows once: 2 + 1 + 1
    assert counselling["hours"].sum() == 4.5
    assert list(zip(counselling["sheet"], counselling["sheet_row"], strict=True)) == [
        ("1. teden", 2),
        ("1. teden", 3),
        ("2. teden", 2),
        ("3. teden", 2),
    ]


def test_a_problem_on_a_week_sheet_names_that_sheet_and_row(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Week 1": [HEADER, sessions(1)],
            "Week 2": [HEADER, sessions(6), ["SKM-0417", date(2026, 10, 7), "", 1]],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert ("value_required", "Week 2", 3) in problems(sub)


def test_week_sheets_of_other_columns_are_still_two_tables(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Sedmica 1": [HEADER, sessions(1)],
            # no column of the kind of session
            "Sedmica 2": [
                ["Šifra uporabnika", "Datum", "Ure svetovanja"],
                ["SKM-0417", date(2026, 10, 6), 1],
            ],
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "Sedmica 2")]


def test_a_copy_of_a_sheet_is_no_week_and_still_a_table_twice(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"Svetovanje": [HEADER, sessions(1)], "Svetovanje (kopija)": [HEADER, sessions(1)]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "Svetovanje (kopija)")]


def test_a_summary_of_the_weeks_beside_them_is_left_unread_with_a_warning(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "1. teden": [HEADER, sessions(1), sessions(2)],
            "2. teden": [HEADER, sessions(6)],
            "Povzetek oktober": [
                ["Teden", "Število svetovanj", "Ure svetovanja"],
                ["1. teden", 2, 2],
                ["2. teden", 1, 1],
                ["Skupaj", 3, 3],
            ],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert problems(sub) == [("summary_sheet_unread", "Povzetek oktober", None)]
    assert sub.tables["counselling"]["hours"].sum() == 3


def test_a_summary_sheet_copying_every_row_is_not_counted_again(workspace, tmp_path):
    rows = [sessions(1), sessions(6)]
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"Svetovanje": [HEADER, *rows], "Summary": [HEADER, *rows]},
    )
    sub = read(workspace, path, "most-si")
    assert problems(sub) == [("summary_sheet_unread", "Summary", None)]
    assert len(sub.tables["counselling"]) == 2


def test_a_summary_of_sessions_per_client_before_the_sheet_of_sessions_is_left_unread(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Pregled": [["Šifra uporabnika", "Število svetovanj", "Ure svetovanja"]]
            + [["SKM-0417", 2, 2]],
            "Svetovanje": [HEADER, sessions(1), sessions(6)],
        },
    )
    sub = read(workspace, path, "most-si")
    assert problems(sub) == [("summary_sheet_unread", "Pregled", None)]
    assert sub.tables["counselling"]["session_on"].notna().all()


def test_a_sheet_named_summary_is_read_when_it_is_the_only_table_of_its_kind(workspace, tmp_path):
    path = workbook(tmp_path / "svetovanje oktober 2026.xlsx", {"Povzetek": [HEADER, sessions(1)]})
    sub = read(workspace, path, "most-si")
    assert sub.problems == [] and len(sub.tables["counselling"]) == 1
