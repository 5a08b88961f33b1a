"""A month kept as a sheet per week, a summary of the month beside its rows, and rows hidden in
a sheet: how partners' staff lay out a month's log, and what the reader makes of it."""

from datetime import date, timedelta

import openpyxl
import pytest
from own_sheets_support import read, workbook, writing_in

from core.messages import problem_text
from validate.feedback import ordered

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


def test_rows_naming_a_week_by_its_first_day_label_the_sessions_under_them(workspace, tmp_path):
    # "w/c 28/09/2026": a UK key worker's week commencing, no row of its own
    path = workbook(
        tmp_path / "keywork October 2026.xlsx",
        {
            "Keywork": [
                ["Date", "Client ID", "Type", "Hours"],
                ["w/c 28/09/2026", None, None, None],
                [date(2026, 10, 1), "BR-12", "Individual counselling", 1],
                ["Week commencing 5.10.", None, None, None],
                [date(2026, 10, 6), "BR-15", "Individual counselling", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1.5]


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


@pytest.mark.parametrize(
    "header",
    [
        ["Row Labels", "Count of Datum", "Sum of Ure svetovanja"],
        ["Oznake vrstic", "Štetje od Datum", "Vsota od Ure svetovanja"],
        # LibreOffice's own captions, under the field of its rows
        ["Storitev", "Count - Datum", "Sum - Ure svetovanja"],
    ],
)
def test_a_pivot_table_of_the_sessions_beside_them_is_left_unread_with_a_warning(
    header, workspace, tmp_path
):
    # a count of the sessions' dates and a sum of their hours per kind, not sessions
    pivot = [header, ["Individualno svetovanje", 2, 2.5], ["Grand Total", 2, 2.5]]
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"Svetovanje": [HEADER, sessions(1), sessions(6, hours=1.5)], "Sheet2": pivot},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert problems(sub) == [("summary_sheet_unread", "Sheet2", None)]
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_pivot_tables_counts_of_dates_are_never_read_as_dates(workspace, tmp_path):
    # Polish Excel's pivot of the meetings, on a sheet named for it: read, its counts of dates
    # (2) would be dates of 1900
    log = [
        ["Data", "Rodzaj spotkania", "Liczba uczestników", "Godziny"],
        [date(2026, 10, 7), "Mityng AA", 12, 1.5],
        [date(2026, 10, 14), "Mityng AA", 10, 1.5],
    ]
    pivot = [
        ["Etykiety wierszy", "Liczba z Data", "Suma z Liczba uczestników", "Suma z Godziny"],
        ["Mityng AA", 2, 22, 3],
        ["Suma końcowa", 2, 22, 3],
    ]
    path = workbook(tmp_path / "mityngi październik 2026.xlsx", {"Mityngi": log, "Pivot": pivot})
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("summary_sheet_unread", "Pivot", None)]
    assert list(sub.tables) == ["groups"]
    assert sub.tables["groups"]["participants"].sum() == 22


def test_a_pivot_table_alone_in_its_file_is_refused_asking_for_the_rows_it_was_made_from(
    workspace, tmp_path
):
    # the meetings themselves are not in the file: its count of dates is no date, nor its
    # sum of participants people counted once
    pivot = [
        ["Etykiety wierszy", "Liczba z Data", "Suma z Liczba uczestników", "Suma z Godziny"],
        ["Mityng AA", 2, 22, 3],
        ["Suma końcowa", 2, 22, 3],
    ]
    path = workbook(tmp_path / "mityngi październik 2026.xlsx", {"Pivot": pivot})
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("pivot_table_only", "Pivot", 1)]
    assert sub.tables == {}
    assert "tabela przestawna" in problem_text(sub.errors[0], "pl")


def test_a_pivot_table_under_a_title_is_refused_naming_its_header_row(workspace, tmp_path):
    pivot = [
        ["Svetovanje oktober 2026"],
        [],
        ["Row Labels", "Count of Datum", "Sum of Ure svetovanja"],
        ["Individualno svetovanje", 2, 2.5],
        ["Grand Total", 2, 2.5],
    ]
    path = workbook(tmp_path / "svetovanje oktober 2026.xlsx", {"Sheet2": pivot})
    sub = read(workspace, path, "most-si", validate=True)
    assert problems(sub) == [("pivot_table_only", "Sheet2", 3)]


def test_a_sheet_named_summary_is_read_when_it_is_the_only_table_of_its_kind(workspace, tmp_path):
    path = workbook(tmp_path / "svetovanje oktober 2026.xlsx", {"Povzetek": [HEADER, sessions(1)]})
    sub = read(workspace, path, "most-si")
    assert sub.problems == [] and len(sub.tables["counselling"]) == 1


def test_rows_hidden_in_a_sheet_are_counted_and_named_with_a_warning(workspace, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Svetovanje"
    for row in [HEADER, sessions(1), sessions(2), sessions(6), sessions(7), sessions(8)]:
        sheet.append(row)
    for hidden in (3, 5, 6):
        sheet.row_dimensions[hidden].hidden = True
    path = tmp_path / "svetovanje oktober 2026.xlsx"
    book.save(path)
    sub = read(workspace, path, "most-si", validate=True)
    [warning] = sub.problems
    assert (warning.rule, warning.sheet, warning.row) == ("rows_hidden_counted", "Svetovanje", 3)
    assert warning.params["rows"] == "3, 5-6"
    assert len(sub.tables["counselling"]) == 5


def test_rows_hidden_in_an_ods_are_counted_and_named_with_a_warning(workspace, tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Svetovanje")
    for index, values in enumerate([HEADER, sessions(1), sessions(2), sessions(6)]):
        row = TableRow(visibility="collapse" if index == 2 else "visible")
        for value in values:
            made = (
                TableCell(valuetype="float", value=value)
                if isinstance(value, int | float)
                else TableCell(valuetype="string")
            )
            made.addElement(
                P(text=value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value))
            )
            row.addElement(made)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "svetovanje oktober 2026.ods"
    doc.save(str(path))
    sub = read(workspace, path, "most-si", validate=True)
    assert problems(sub) == [("rows_hidden_counted", "Svetovanje", 3)]
    assert len(sub.tables["counselling"]) == 3


def test_a_table_turned_on_its_side_a_week_a_column_is_refused_saying_so(workspace, tmp_path):
    rows = [
        ["Sedmica", "1. sedmica", "2. sedmica"],
        ["Datum", date(2026, 10, 1), date(2026, 10, 8)],
        ["Aktivnost", "Grupa podrške", "Grupa podrške"],
        ["Broj učesnika", 12, 10],
        ["Sati", 2, 2],
    ]
    path = workbook(tmp_path / "Grupe oktobar 2026.xlsx", {"Grupe": rows})
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.sheet, p.column) for p in sub.errors] == [
        ("headers_in_a_column", "Grupe", "A")
    ]


SAMTALER = ["Klientkode", "Dato", "Type samtale", "Timer"]


def samtale(day: int, hours: float = 1) -> list[object]:
    return ["KO-001", date(2026, 10, day), "Individuell", hours]


def test_a_summary_sheet_beside_week_sheets_is_left_unread_whatever_table_it_resembles(
    workspace, tmp_path
):
    # "Antall samtaler" beside "Timer" looks like a group's participants and hours
    summary = [["Uke", "Antall samtaler", "Timer"], ["Uke 40", 2, 2], ["Uke 41", 1, 1.5]]
    path = workbook(
        tmp_path / "samtaler_oktober_2026.xlsx",
        {
            "Oppsummering": summary,
            "Uke 40": [SAMTALER, samtale(1), samtale(2)],
            "Uke 41": [SAMTALER, samtale(6, hours=1.5)],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert problems(sub) == [("summary_sheet_unread", "Oppsummering", None)]
    assert list(sub.tables) == ["counselling"]
    assert sub.tables["counselling"]["hours"].sum() == 3.5


@pytest.mark.parametrize(
    "names",
    [
        ("Teden 1 - oktober", "Teden 2 - oktober"),
        ("uke40", "uke41"),
        ("1.-4. 10.", "5.-11. 10."),
        ("1-4 Oct", "5-11 Oct"),
    ],
)
def test_sheets_named_for_weeks_as_staff_name_them_are_one_table(names, workspace, tmp_path):
    first, second = names
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {first: [HEADER, sessions(1), sessions(2)], second: [HEADER, sessions(6)]},
    )
    sub = read(workspace, path, "most-si")
    assert sub.problems == []
    assert len(sub.tables["counselling"]) == 3


def test_sheets_named_by_days_of_another_month_are_no_weeks(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"1.-6. 9.": [HEADER, sessions(1)], "7.-13. 9.": [HEADER, sessions(6)]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "7.-13. 9.")]


def test_sheets_of_a_table_twice_are_named_in_the_workbooks_order(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        # two copies of the sheet: a sheet of rows of its own would join the table
        {"Svetovanje": [HEADER, sessions(1)], "Zadnji": [HEADER, sessions(1)]}
        | {"Kopija": [HEADER, sessions(1)]},
    )
    sub = read(workspace, path, "most-si")
    assert [p.sheet for p in ordered(sub.errors, sub.sheets)] == ["Zadnji", "Kopija"]


@pytest.mark.parametrize(
    ("partner", "language", "header", "first", "second"),
    [
        (
            "endring-no",
            "en",
            ["Week commencing", "Group", "Attendance"],
            "w/c 05/10/2026",
            "w/c 12/10/2026",
        ),
        ("endring-no", "no", ["Uke fra", "Gruppe", "Antall deltakere"], "5.10.2026", "12.10.2026"),
        ("klub-pl", "pl", ["Tydzień od", "Grupa", "Liczba uczestników"], "5.10.2026", "12.10.2026"),
        (
            "oporavak-ba",
            "bs",
            ["Datum", "Grupa", "Broj učesnika"],
            "sedmica od 5.10.2026",
            "sedmica od 12.10.2026",
        ),
    ],
)
def test_weekly_meetings_dated_by_their_weeks_first_day_are_read_on_that_day(
    workspace, tmp_path, partner, language, header, first, second
):
    writing_in(workspace, partner, language)
    kind = {
        "en": "SMART Recovery meeting",
        "no": "Samtalegruppe",
        "pl": "Grupa wsparcia",
        "bs": "Grupa podrške",
    }
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {"Sheet1": [header, [first, kind[language], 8], [second, kind[language], 9]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    groups = sub.tables["groups"]
    assert groups["held_on"].tolist() == [date(2026, 10, 5), date(2026, 10, 12)]
    assert groups["participants"].tolist() == [8, 9]


def test_dates_naming_their_week_are_told_so_at_their_column(workspace, tmp_path):
    writing_in(workspace, "endring-no", "en")
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {
            "Sheet1": [
                ["Date", "Group", "Attendance"],
                ["w/c 05/10/2026", "SMART Recovery meeting", 8],
                ["w/c 12/10/2026", "SMART Recovery meeting", 9],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("dates_week_start", "Date")]
    assert "first day" in problem_text(sub.problems[0], "en")


@pytest.mark.parametrize(
    ("partner", "language", "header", "weeks"),
    [
        ("endring-no", "en", ["Date", "Group", "Attendance"], ["w/c 28/09/2026", "w/c 05/10/2026"]),
        ("endring-no", "no", ["Uke fra", "Gruppe", "Antall deltakere"], ["28.9.2026", "5.10.2026"]),
        ("most-si", "sl", ["Teden od", "Skupina", "Udeleženci"], ["28. 9. 2026", "5. 10. 2026"]),
    ],
)
def test_a_week_begun_in_the_month_before_is_counted_in_the_files_month(
    workspace, tmp_path, partner, language, header, weeks
):
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {"Sheet1": [header, [weeks[0], "Podporna skupina", 7], [weeks[1], "Podporna skupina", 8]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["held_on"].tolist() == [date(2026, 10, 1), date(2026, 10, 5)]
    assert sub.tables["groups"]["participants"].tolist() == [7, 8]
    assert [(p.rule, p.row, p.column) for p in sub.warnings] == [
        ("dates_week_start", None, header[0]),
        ("week_began_month_before", 2, header[0]),
    ]
    assert "month before" in problem_text(sub.warnings[1], "en")


@pytest.mark.parametrize(
    ("partner", "language", "name", "header", "weeks"),
    [
        (
            "endring-no",
            "en",
            "groups.xlsx",
            ["Date", "Group", "Attendance"],
            ["w/c 28/09/2026", "w/c 05/10/2026", "w/c 26/10/2026"],
        ),
        (
            "endring-no",
            "no",
            "grupper.xlsx",
            ["Uke fra", "Gruppe", "Antall deltakere"],
            ["28.9.2026", "5.10.2026", "26.10.2026"],
        ),
        (
            "most-si",
            "sl",
            "skupine.xlsx",
            ["Teden od", "Skupina", "Udeleženci"],
            ["28. 9. 2026", "5. 10. 2026", "26. 10. 2026"],
        ),
    ],
)
def test_a_file_of_weeks_naming_no_month_is_of_the_month_its_weeks_report(
    workspace, tmp_path, partner, language, name, header, weeks
):
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / name,
        {"Sheet1": [header, *([week, "Podporna skupina", 7] for week in weeks)]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.period == "2026-10"
    assert sub.tables["groups"]["held_on"].tolist() == [
        date(2026, 10, 1),
        date(2026, 10, 5),
        date(2026, 10, 26),
    ]
    assert ("week_began_month_before", 2, header[0]) in [
        (p.rule, p.row, p.column) for p in sub.warnings
    ]


def test_a_file_of_days_of_two_months_naming_no_month_asks_for_its_month(workspace, tmp_path):
    # a meeting on 28 September is of September: only a week's first day is counted in October
    path = workbook(
        tmp_path / "skupine.xlsx",
        {
            "Sheet1": [
                ["Datum", "Skupina", "Udeleženci"],
                ["28. 9. 2026", "Podporna skupina", 7],
                ["5. 10. 2026", "Podporna skupina", 8],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [p.rule for p in sub.errors] == ["period_unknown"]


def test_a_week_begun_a_week_before_the_month_is_a_date_of_another_month(workspace, tmp_path):
    writing_in(workspace, "endring-no", "en")
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {
            "Sheet1": [
                ["Week commencing", "Group", "Attendance"],
                ["21/09/2026", "SMART Recovery meeting", 8],
                ["05/10/2026", "SMART Recovery meeting", 9],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [("date_outside_month", 2)]
    assert "week_began_month_before" not in {p.rule for p in sub.warnings}


def test_a_log_of_weeks_kept_over_the_year_leaves_the_week_begun_in_the_month_before(
    workspace, tmp_path
):
    # September's report counted the week of 28 September from the same log: not again here
    writing_in(workspace, "endring-no", "en")
    mondays = [date(2026, 6, 1) + timedelta(weeks=n) for n in range(22)]  # to 26 October
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {
            "Sheet1": [
                ["Week commencing", "Group", "Attendance"],
                *([f"{d:%d/%m/%Y}", "SMART Recovery meeting", 8] for d in mondays),
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["held_on"].tolist() == [
        date(2026, 10, 5),
        date(2026, 10, 12),
        date(2026, 10, 19),
        date(2026, 10, 26),
    ]
    assert "week_began_month_before" not in {p.rule for p in sub.warnings}


# a weekly group's log numbering its weeks, in each language: partner, language, its title
# stating the month, the header of the week, group and participants, a week as written
NUMBERED_WEEKS = [
    (
        "endring-no",
        "no",
        "Ettervern november 2026",
        ["Uke", "Gruppe", "Antall deltakere"],
        "Uke {}",
    ),
    (
        "klub-pl",
        "pl",
        "Mityngi - listopad 2026",
        ["Tydzień", "Grupa", "Liczba uczestników"],
        "Tydzień {}",
    ),
    (
        "oporavak-ba",
        "bs",
        "Grupa - novembar 2026.",
        ["Sedmica", "Grupa", "Broj učesnika"],
        "Sedmica {}",
    ),
    ("most-si", "sl", "Skupine - november 2026", ["Teden", "Skupina", "Udeleženci"], "{}. teden"),
    ("endring-no", "en", "Meetings November 2026", ["Week", "Group", "Attendance"], "Week {}"),
]


def numbered_weeks(path, title, header, week, numbers):
    """A weekly group's log as staff keep it: a title, a week a row, a totals row."""
    rows = [[week.format(n), "Podporna skupina", 8] for n in numbers]
    return workbook(path, {"Sheet1": [[title], header, *rows, ["Total", None, 8 * len(rows)]]})


@pytest.mark.parametrize(("partner", "language", "title", "header", "week"), NUMBERED_WEEKS)
def test_weeks_named_by_their_number_are_read_on_their_monday(
    workspace, tmp_path, partner, language, title, header, week
):
    writing_in(workspace, partner, language)
    path = numbered_weeks(tmp_path / "log.xlsx", title, header, week, [45, 46])
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    # ISO weeks 45 and 46 of 2026 begin on Mondays 2 and 9 November
    assert sub.tables["groups"]["held_on"].tolist() == [date(2026, 11, 2), date(2026, 11, 9)]
    assert sub.tables["groups"]["participants"].tolist() == [8, 8]
    assert ("dates_week_number", header[0]) in [(p.rule, p.column) for p in sub.warnings]


def test_a_log_of_numbered_weeks_stating_only_its_year_is_of_the_month_its_weeks_report(
    workspace, tmp_path
):
    writing_in(workspace, "endring-no", "no")
    header, week = NUMBERED_WEEKS[0][3:]
    path = numbered_weeks(tmp_path / "log.xlsx", "Ettervern 2026", header, week, [44, 45, 46])
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.period == "2026-11"
    # week 44 began on Monday 26 October, the six days before November: counted on its 1st
    assert sub.tables["groups"]["held_on"].tolist() == [
        date(2026, 11, 1),
        date(2026, 11, 2),
        date(2026, 11, 9),
    ]
    assert ("week_began_month_before", 3) in [(p.rule, p.row) for p in sub.warnings]


def test_a_numbered_week_outside_the_files_month_is_a_date_of_another_month(workspace, tmp_path):
    writing_in(workspace, "endring-no", "no")
    title, header, week = NUMBERED_WEEKS[0][2:]
    path = numbered_weeks(tmp_path / "log.xlsx", title, header, week, [45, 50])
    sub = read(workspace, path, "endring-no", validate=True)
    # week 50 begins on 7 December
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("date_outside_month", 4, "Uke")]


def test_numbered_weeks_in_a_file_stating_no_year_are_refused_once_at_their_column(
    workspace, tmp_path
):
    writing_in(workspace, "endring-no", "no")
    header, week = NUMBERED_WEEKS[0][3:]
    path = numbered_weeks(tmp_path / "log.xlsx", "Ettervern", header, week, [45, 46])
    sub = read(workspace, path, "endring-no", validate=True)
    assert [(p.rule, p.column) for p in sub.errors] == [
        ("day_without_month", "Uke"),
        ("period_unknown", None),
    ]


def test_bare_numbers_under_a_week_header_are_no_days(workspace, tmp_path):
    # "Teden" of 1 and 2 may be the weeks of the month: never read as its 1st and 2nd
    path = workbook(
        tmp_path / "skupine november 2026.xlsx",
        {"Sheet1": [["Teden", "Skupina", "Udeleženci"], [1, "Podporna skupina", 8]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Datum")]


# a file of sessions and its summary in each language: partner, the summary's sheet and its
# labels of sessions and of their hours, the sessions' header
SUMMARIES = {
    "sl": (
        "most-si",
        "Povzetek",
        "Število svetovanj",
        "Ure svetovanja",
        ["Datum", "Šifra uporabnika", "Vrsta", "Ure"],
    ),
    "bs": (
        "oporavak-ba",
        "Sažetak",
        "Broj savjetovanja",
        "Sati savjetovanja",
        ["Datum", "Šifra korisnika", "Vrsta", "Sati"],
    ),
    "pl": (
        "klub-pl",
        "Podsumowanie",
        "Liczba porad",
        "Godziny porad",
        ["Data", "Kod klienta", "Rodzaj porady", "Czas (godz.)"],
    ),
    "no": (
        "endring-no",
        "Oppsummering",
        "Antall samtaler",
        "Samtaletimer",
        ["Dato", "Klientkode", "Type samtale", "Timer"],
    ),
    "en": (
        "endring-no",
        "Summary",
        "Number of sessions",
        "Counselling hours",
        ["Date", "Client ID", "Session type", "Hours"],
    ),
}


def sessions_with_summary(workspace, tmp_path, language, sessions, hours):
    partner, sheet, count_label, hours_label, header = SUMMARIES[language]
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "sessions_2026_10.xlsx",
        {
            sheet: [["October 2026"], [count_label, sessions], [f"{hours_label}:", hours]],
            "Sessions": [
                header,
                [date(2026, 10, 1), "AB-01", "individualno", 1],
                [date(2026, 10, 2), "AB-02", "individualno", 1.5],
            ],
        },
    )
    return read(workspace, path, partner, validate=True)


@pytest.mark.parametrize("language", sorted(SUMMARIES))
def test_a_summary_the_rows_disagree_with_is_told_at_each_figure(workspace, tmp_path, language):
    sub = sessions_with_summary(workspace, tmp_path, language, 5, "4,5")
    assert sub.errors == []
    told = [(p.rule, p.row, p.params.get("counted")) for p in sub.warnings]
    assert told == [
        ("summary_sheet_unread", None, None),
        ("summary_disagrees", 2, 2.0),
        ("summary_disagrees", 3, 2.5),
    ]
    assert list(sub.tables["counselling"]["hours"]) == [1, 1.5]


def test_a_summary_the_rows_agree_with_is_only_told_as_unread(workspace, tmp_path):
    sub = sessions_with_summary(workspace, tmp_path, "sl", 2, "2,5")
    assert [p.rule for p in sub.warnings] == ["summary_sheet_unread"]


@pytest.mark.parametrize(
    ("partner", "rows"),
    [
        (
            "klub-pl",
            [
                ["Data", "Rodzaj spotkania", "Liczba uczestników", "Godziny"],
                ["07.10.2026", "Mityng AA", 14, "1,5"],
                ["14.10.2026", "Mityng AA", 16, "1,5"],
                ["Razem", None, 30, "3"],
                ["Średnio", None, 15, "1,5"],
            ],
        ),
        (
            "oporavak-ba",
            [
                ["Datum", "Aktivnost", "Broj učesnika", "Sati"],
                ["07.10.2026.", "Grupa podrške", 12, 2],
                ["21.10.2026.", "Grupa podrške", 10, 2],
                ["Prosjek:", None, 11, 2],
            ],
        ),
    ],
)
def test_a_row_of_averages_under_the_meetings_is_left_out_as_a_totals_row_is(
    workspace, tmp_path, partner, rows
):
    path = workbook(tmp_path / "oktober_2026.xlsx", {"Oktobar": rows})
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [rows[1][2], rows[2][2]]
