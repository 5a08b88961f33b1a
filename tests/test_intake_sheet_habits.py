"""Habits of Excel users around a table: helper and empty columns, notes with a qualifier, a row
of hints under the header, totals left as formulas, and files that are no workbook at all."""

from datetime import date

import openpyxl
from own_sheets_support import read, workbook

HEADER = ["Data", "Rodzaj zajęć", "Liczba uczestników", "Czas trwania (godz.)"]
ROWS = [
    [date(2026, 10, 2), "Mityng AA", 12, 1.5],
    [date(2026, 10, 9), "Mityng AA", 10, 1.5],
]


def meetings(path, header=HEADER, rows=ROWS, hidden: str | None = None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mityngi"
    for row in [header, *rows]:
        sheet.append(row)
    if hidden:
        sheet.column_dimensions[hidden].hidden = True
    book.save(path)
    return path


def problems(sub):
    return [(p.rule, p.row, p.column) for p in sub.problems]


def test_a_hidden_helper_column_is_left_unread_with_a_warning(workspace, tmp_path):
    path = meetings(
        tmp_path / "mityngi_10_2026.xlsx",
        [*HEADER, "Pomocnicza"],
        [[*row, "x"] for row in ROWS],
        hidden="E",
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Pomocnicza")]


def test_an_empty_column_of_an_excel_table_is_left_unread(workspace, tmp_path):
    path = meetings(tmp_path / "mityngi_10_2026.xlsx", [*HEADER, "Kolumna1"])
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Kolumna1")]


def test_notes_with_a_word_after_them_are_still_notes(workspace, tmp_path):
    path = meetings(
        tmp_path / "mityngi_10_2026.xlsx",
        [*HEADER, "Uwagi wewnętrzne"],
        [[*row, "sala 2"] for row in ROWS],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Uwagi wewnętrzne")]


def test_a_hidden_column_beside_a_visible_one_of_its_meaning_is_left_unread(workspace, tmp_path):
    path = meetings(
        tmp_path / "mityngi_10_2026.xlsx",
        header=[*HEADER, "Liczba uczestników"],
        rows=[[*row, 99] for row in ROWS],
        hidden="E",
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Liczba uczestników")]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_the_one_column_of_its_meaning_is_read_even_hidden(workspace, tmp_path):
    path = meetings(tmp_path / "mityngi_10_2026.xlsx", hidden="D")
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == []
    assert sub.tables["groups"]["hours"].tolist() == [1.5, 1.5]


def test_a_row_of_hints_under_the_header_is_not_counted(workspace, tmp_path):
    hints = ["(dd.mm.rrrr)", "(wybierz z listy)", "(liczba osób)", "(godziny, np. 1,5)"]
    path = meetings(tmp_path / "mityngi_10_2026.xlsx", rows=[hints, *ROWS])
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("hint_row", 2, None)]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_a_row_of_hints_under_a_register_of_people_is_not_counted(workspace, tmp_path):
    path = workbook(
        tmp_path / "evidenca_oktober_2026.xlsx",
        {
            "Evidenca": [
                [
                    "Šifra",
                    "Vrsta (uporabnik/svojec)",
                    "Spol (M/Ž)",
                    "Zasvojenost",
                    "Datum vključitve",
                ],
                [None, "(izberi)", "(M/Ž)", "(alkohol/droge)", "(dd. mm. llll)"],
                ["SKM-0417", "uporabnik", "M", "alkohol", date(2025, 3, 1)],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == [] and ("hint_row", 2, None) in problems(sub)
    assert len(sub.tables["people"]) == 1


def test_a_totals_row_of_formulas_never_calculated_is_left_out_as_a_totals_row(workspace, tmp_path):
    path = meetings(
        tmp_path / "mityngi_10_2026.xlsx",
        rows=[*ROWS, ["Razem", None, "=SUM(C2:C3)", "=SUM(D2:D3)"]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == []
    assert len(sub.tables["groups"]) == 2


def test_an_empty_file_named_as_a_workbook_is_told_it_is_empty(workspace, tmp_path):
    path = tmp_path / "mityngi_10_2026.xlsx"
    path.write_bytes(b"")
    assert [p.rule for p in read(workspace, path, "klub-pl").errors] == ["file_empty"]


def test_a_web_page_saved_as_xls_is_told_to_be_saved_as_a_workbook(workspace, tmp_path):
    path = tmp_path / "mityngi_10_2026.xls"
    path.write_text('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><table><tr><td>Data')
    assert [p.rule for p in read(workspace, path, "klub-pl").errors] == ["markup_named_as_workbook"]


def test_a_csv_named_as_a_workbook_is_still_told_it_is_text(workspace, tmp_path):
    path = workbook(tmp_path / "x.xlsx", {"A": [["a"]]})
    path.write_text("Data;Liczba\n2.10.2026;12\n")
    assert [p.rule for p in read(workspace, path, "klub-pl").errors] == ["text_named_as_workbook"]


def test_a_column_hidden_in_an_ods_beside_a_visible_one_of_its_meaning_is_left_unread(
    workspace, tmp_path
):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Mityngi")
    for position in range(5):
        table.addElement(TableColumn(visibility="collapse" if position == 4 else "visible"))
    for values in [[*HEADER, "Liczba uczestników"], *[[*row, 99] for row in ROWS]]:
        row = TableRow()
        for value in values:
            if isinstance(value, int | float):
                made = TableCell(valuetype="float", value=value)
            else:
                made = TableCell(valuetype="string")
            made.addElement(
                P(text=value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value))
            )
            row.addElement(made)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "mityngi_10_2026.ods"
    doc.save(str(path))
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Liczba uczestników")]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_a_day_merged_down_over_two_meetings_in_an_ods_dates_both(workspace, tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    def cell(value, **spans):
        made = (
            TableCell(valuetype="float", value=value, **spans)
            if isinstance(value, int | float)
            else TableCell(valuetype="string", **spans)
        )
        made.addElement(P(text=str(value)))
        return made

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Mityngi")
    rows = [HEADER, ["01.10.2026", "Mityng AA", 12, 1.5], [None, "Mityng NA", 8, 1.5]]
    for index, values in enumerate(rows):
        row = TableRow()
        for position, value in enumerate(values):
            if index == 1 and position == 0:
                row.addElement(cell(value, numberrowsspanned=2, numbercolumnsspanned=1))
            elif value is None:
                row.addElement(CoveredTableCell())
            else:
                row.addElement(cell(value))
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "mityngi_10_2026.ods"
    doc.save(str(path))
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == []
    assert [d.day for d in sub.tables["groups"]["held_on"]] == [1, 1]


def test_two_tables_side_by_side_are_each_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "raport_10_2026.xlsx",
        {
            "Październik": [
                ["Mityngi", None, None, None, None, "Porady"],
                [*HEADER, None, "Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
                [*ROWS[0], None, "KA001", date(2026, 10, 2), "porada indywidualna", 1],
                [*ROWS[1], None, "KA002", date(2026, 10, 5), "konsultacja rodzinna", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == []
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]
    assert sub.tables["counselling"]["session_kind"].tolist() == ["individual", "family"]


def test_two_tables_of_one_kind_side_by_side_are_each_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "mityngi_10_2026.xlsx",
        {
            "Październik": [
                ["Grupa A", None, None, None, None, "Grupa B"],
                [*HEADER, None, *HEADER],
                [*ROWS[0], None, date(2026, 10, 3), "Mityng AA", 8, 2],
                [*ROWS[1], None, date(2026, 10, 10), "Mityng AA", 9, 2],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == []
    assert sub.tables["groups"]["participants"].tolist() == [12, 10, 8, 9]


def test_a_blank_column_inside_one_table_does_not_cut_it(workspace, tmp_path):
    header = ["Data", "Rodzaj zajęć", None, "Liczba uczestników", "Czas trwania (godz.)"]
    rows = [[date(2026, 10, 2), "Mityng AA", None, 12, 1.5]]
    path = workbook(tmp_path / "mityngi_10_2026.xlsx", {"Mityngi": [header, *rows]})
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [] and len(sub.tables["groups"]) == 1


def test_a_register_named_for_its_group_with_a_total_present_row_counts_its_meetings(
    workspace, tmp_path
):
    days = [date(2026, 10, 7), date(2026, 10, 14), date(2026, 10, 21)]
    path = workbook(
        tmp_path / "Support group attendance October 2026.xlsx",
        {
            "Register": [
                ["No.", "Client code", *days],
                [1, "SA-01", "P", "P", "A"],
                [2, "SA-02", "P", None, "P"],
                [None, "Total present", 2, 1, 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    meetings = sub.tables["groups"]
    assert meetings["participants"].tolist() == [2, 1, 1]
    assert set(meetings["activity_kind"]) == {"support_group"}


def test_a_cyrillic_csv_saved_by_windows_excel_is_read_and_a_latin_one_stays_latin(
    workspace, tmp_path
):
    from own_sheets_support import text_file

    header = ["Датум", "Шифра корисника", "Врста", "Трајање (мин)"]
    cyrillic = text_file(
        tmp_path / "позиви_октобар_2026.csv",
        [header, ["03.10.2026.", "анонимно", "позив", "20"]],
        encoding="cp1251",
    )
    latin = text_file(
        tmp_path / "pozivi_oktobar_2026.csv",
        [
            ["Datum", "Šifra korisnika", "Vrsta", "Trajanje (min)"],
            ["03.10.2026.", "SA-1", "poziv", "20"],
        ],
        encoding="cp1250",
    )
    for path in (cyrillic, latin):
        sub = read(workspace, path, "oporavak-ba", validate=True)
        assert sub.errors == []
        assert sub.tables["counselling"]["session_kind"].tolist() == ["phone"]
    assert (
        "Šifra korisnika"
        in read(workspace, latin, "oporavak-ba").tables["counselling"].attrs["headers"].values()
    )


def test_a_block_of_own_totals_beside_the_table_is_left_unread_with_a_warning(workspace, tmp_path):
    path = workbook(
        tmp_path / "mityngi_10_2026.xlsx",
        {
            "Mityngi": [
                [*HEADER, None, "Razem godzin:", 3],
                [*ROWS[0], None, "Liczba mityngów:", 2],
                [*ROWS[1], None, "Uczestnicy razem:", 22],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("block_beside_unread", 1, "F")]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_a_block_of_own_totals_beginning_in_the_rows_is_left_unread_with_a_warning(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "mityngi_10_2026.xlsx",
        {
            "Mityngi": [
                HEADER,
                [*ROWS[0], None, "Razem godzin:", 3],
                [*ROWS[1], None, "Uczestnicy razem:", 22],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    # named where it begins: the table's first row, column F past the empty E
    assert problems(sub) == [("block_beside_unread", 2, "F")]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_a_column_of_notes_after_an_empty_one_is_still_a_column_of_the_table(workspace, tmp_path):
    path = meetings(
        tmp_path / "mityngi_10_2026.xlsx",
        [*HEADER, None, "Uwagi"],
        [[*ROWS[0], None, "nowa osoba"], [*ROWS[1], None, None]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert problems(sub) == [("column_ignored", 1, "Uwagi")]


def counsellors_side_by_side(path, names, code, hours, rows, dated="Datum", merged_down=True):
    """A log with each counsellor's code and hours under their name merged over them, the
    dates shared in the first column, under `dated` merged down over both header rows (or
    written in the upper one over a blank cell, as partners also leave it)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Svetovanja"
    sheet.append([dated, names[0], None, names[1], None])
    sheet.append([None, code, hours, code, hours])
    for merged in ("A1:A2", "B1:C1", "D1:E1") if merged_down else ("B1:C1", "D1:E1"):
        sheet.merge_cells(merged)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SIDE_BY_SIDE_ROWS = [
    ["5.10.2026", "RS-001", 1, "RS-005", 1],
    ["12.10.2026", "RS-002", 1.5, None, None],
    ["19.10.2026", None, None, "RS-006", 1],
    ["26.10.2026", "RS-001", 1, "RS-007", 2],
]


def test_counsellors_kept_side_by_side_each_give_a_session_a_filled_row(workspace, tmp_path):
    # each counsellor's block is a session where it is filled, dated by the shared "Datum":
    # A's three and B's three, 3.5 and 4 hours
    path = counsellors_side_by_side(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        ("Svetovalka A", "Svetovalec B"),
        "Šifra",
        "Ure",
        SIDE_BY_SIDE_ROWS,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert sorted(sessions["user_code_text"]) == [
        "RS-001",
        "RS-001",
        "RS-002",
        "RS-005",
        "RS-006",
        "RS-007",
    ]
    assert sessions["hours"].sum() == 7.5
    assert sorted(d.day for d in sessions["session_on"]) == [5, 5, 12, 19, 26, 26]


def test_counsellors_side_by_side_in_english_each_give_their_sessions(workspace, tmp_path):
    path = counsellors_side_by_side(
        tmp_path / "counselling_october_2026.xlsx",
        ("Counsellor A", "Counsellor B"),
        "Client",
        "Hours",
        SIDE_BY_SIDE_ROWS,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert len(sub.tables["counselling"]) == 6 and sub.tables["counselling"]["hours"].sum() == 7.5


def test_counsellors_side_by_side_under_a_date_written_above_a_blank_cell_give_their_sessions(
    workspace, tmp_path
):
    # "Datum" in the upper header row, the cell under it left blank and not merged, names the
    # dates all the same: A's three sessions and B's three, 7.5 hours
    path = counsellors_side_by_side(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        ("Svetovalka A", "Svetovalec B"),
        "Šifra",
        "Ure",
        SIDE_BY_SIDE_ROWS,
        merged_down=False,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert sessions["hours"].sum() == 7.5
    assert sorted(d.day for d in sessions["session_on"]) == [5, 5, 12, 19, 26, 26]


def test_counsellors_side_by_side_in_english_under_a_date_above_a_blank_cell(workspace, tmp_path):
    path = counsellors_side_by_side(
        tmp_path / "counselling_october_2026.xlsx",
        ("Counsellor A", "Counsellor B"),
        "Client",
        "Hours",
        SIDE_BY_SIDE_ROWS,
        dated="Date",
        merged_down=False,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert len(sub.tables["counselling"]) == 6 and sub.tables["counselling"]["hours"].sum() == 7.5


def test_a_title_above_a_header_names_no_column_over_its_blank_cell(workspace, tmp_path):
    # the title's "Vrsta svetovanja" stands over the row numbers' blank header: they stay
    # unread, no kind of session
    path = workbook(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        {
            "Svetovanja": [
                ["Vrsta svetovanja: individualno"],
                [None, "Datum", "Šifra", "Ure"],
                [1, "5.10.2026", "RS-001", 1],
                [2, "12.10.2026", "RS-002", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].sum() == 2.5
    assert "kind_column_missing" in [p.rule for p in sub.problems]


def test_a_counsellors_name_over_their_columns_is_read_into_no_table(workspace, tmp_path):
    path = counsellors_side_by_side(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        ("Svetovalka A", "Svetovalec B"),
        "Šifra",
        "Ure",
        SIDE_BY_SIDE_ROWS,
    )
    sub = read(workspace, path, "most-si")
    text = sub.tables["counselling"].astype(str).to_string()
    assert "Svetovalka" not in text and "Svetovalec" not in text


def test_a_counsellors_session_without_its_hours_side_by_side_is_a_required_cell(
    workspace, tmp_path
):
    # B's code on 12 October without its hours: that cell is told, A's session read
    rows = [SIDE_BY_SIDE_ROWS[0], ["12.10.2026", "RS-002", 1.5, "RS-008", None]]
    path = counsellors_side_by_side(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        ("Svetovalka A", "Svetovalec B"),
        "Šifra",
        "Ure",
        rows,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("value_required", "Svetovanja", 4, "Ure")
    ]


def test_a_missing_hours_cell_under_a_date_above_a_blank_cell_is_told_by_its_column(
    workspace, tmp_path
):
    # B's code on 12 October without its hours, "Datum" not merged down: told as in a log of
    # one header row, by its row and its header
    rows = [SIDE_BY_SIDE_ROWS[0], ["12.10.2026", "RS-002", 1.5, "RS-008", None]]
    path = counsellors_side_by_side(
        tmp_path / "svetovanja_oktober_2026.xlsx",
        ("Svetovalka A", "Svetovalec B"),
        "Šifra",
        "Ure",
        rows,
        merged_down=False,
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("value_required", "Svetovanja", 4, "Ure")
    ]


def test_a_grid_of_letters_under_meeting_days_is_read_never_called_unreadable(workspace, tmp_path):
    # x present, T on Teams, F fravær: rows unlike each other under a header of dates
    days = [date(2026, 11, 4), date(2026, 11, 11), date(2026, 11, 18), date(2026, 11, 25)]
    marks = [["x", None, None, "x"], ["x", None, "T", "F"], [None, "x", None, "x"]]
    rows = [[f"DE-{46 + i}", *row] for i, row in enumerate(marks)]
    path = workbook(
        tmp_path / "oppmote_november_2026.xlsx", {"Oppmøte": [["Deltakerkode", *days], *rows]}
    )
    sub = read(workspace, path, "endring-no")
    assert "file_unreadable" not in {p.rule for p in sub.problems}
    assert all(p.sheet == "Oppmøte" for p in sub.problems)


def test_guests_added_to_the_members_in_a_cell_are_counted_with_a_warning(workspace, tmp_path):
    rows = [
        [date(2026, 10, 2), "Mityng AA", "18 + 4 gości", 1.5],
        [date(2026, 10, 9), "Mityng otwarty", "12 + 3 wolontariuszy", 1.5],
    ]
    sub = read(workspace, meetings(tmp_path / "mityngi_10_2026.xlsx", rows=rows), "klub-pl")
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [22, 15]
    assert {p.rule for p in sub.problems} == {"figures_summed"}
