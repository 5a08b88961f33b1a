"""Intake of workbooks (xlsx, xlsm, xls, ods) written by the tests or kept as small fixtures."""

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt
from openpyxl.styles import PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from collect.arrival import Arrival
from collect.formats import read_workbook
from collect.reader import read_submission
from core.config import Intake, Workspace
from core.fingerprint import file_sha256

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
GROUPS_HEADER = ["Dato", "Type", "Deltakere", "Timer"]
PEOPLE_HEADER = ["Kode", "Type", "Kjønn", "Alder", "Avhengighet"]


def read(workspace, path, partner="endring-no"):
    arrival = Arrival(
        path=path,
        name_as_received=path.name,
        partner_id=partner,
        received_at=datetime(2025, 11, 3, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    return read_submission(arrival, Workspace.open(workspace).config)


def norwegian_workbook(
    path, group_rows, *, people_title="Deltakere", hide_people=False, epoch=None
):
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    groups = wb.active
    groups.title = "Grupper"
    groups.append(["Månedsrapport – Din Endring"])
    groups.merge_cells("A1:D1")
    groups.append([])
    groups.append(GROUPS_HEADER)
    for row in group_rows:
        groups.append(row)
    people = wb.create_sheet(people_title)
    people.append(PEOPLE_HEADER)
    people.append(["EN-001", "deltaker", "K", "36-50", "alkohol"])
    if hide_people:
        people.sheet_state = "hidden"
    wb.save(path)
    return path


def test_header_on_row_3_under_a_merged_title(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, "1:30"]]
    )
    sub = read(workspace, path)
    assert sub.errors == []
    # the header is on row 3, so the first meeting is on row 4 of the sheet
    assert list(sub.tables["groups"]["sheet_row"]) == [4]


def test_duration_1_30_means_one_and_a_half_hours(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, "1:30"]]
    )
    assert list(read(workspace, path).tables["groups"]["hours"]) == [1.5]


def test_numbers_stored_as_text_with_thousands_separators(workspace, tmp_path):
    rows = [
        [date(2025, 10, 1), "støttegruppe", "1 204", 2],
        [date(2025, 10, 8), "støttegruppe", "1.305", 2],
    ]
    sub = read(workspace, norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", rows))
    assert list(sub.tables["groups"]["participants"]) == [1204, 1305]


def test_lineage_names_the_sheet_of_each_row(workspace, tmp_path):
    sub = read(workspace, norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", []))
    assert list(
        sub.tables["people"][["sheet", "sheet_row"]].itertuples(index=False, name=None)
    ) == [("Deltakere", 2)]


def test_serial_dates_of_a_1904_workbook(workspace, tmp_path):
    # 44101 days after 1904-01-01 is 2024-09-29 + ... : computed from the epoch, not from 1900
    serial = (date(2025, 10, 1) - date(1904, 1, 1)).days
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx",
        [[serial, "støttegruppe", 9, 2]],
        epoch=CALENDAR_MAC_1904,
    )
    assert list(read(workspace, path).tables["groups"]["held_on"]) == [date(2025, 10, 1)]


def test_date_cells_of_a_1904_workbook_from_another_tool():
    book = read_workbook(FIXTURES / "date_1904.xlsx", "date_1904.xlsx", Intake())
    assert book.date1904 and book.sheets[0].rows[0][0] == date(2021, 1, 1)


def test_excel_error_cell_is_an_error_naming_the_cell(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", "#DIV/0!", 2]]
    )
    [problem] = read(workspace, path).errors
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "cell_error",
        "Grupper",
        4,
        "Deltakere",
    )


def test_error_cells_are_found_although_calamine_reads_them_empty():
    book = read_workbook(FIXTURES / "errors.xlsx", "errors.xlsx", Intake())
    assert {(row, 1) for row in range(1, 8)} <= book.sheets[0].error_cells.keys()


def with_sheet_xml(path: Path, old: bytes, new: bytes) -> Path:
    """The workbook with a piece of its first sheet's XML replaced, as another program writes it."""
    patched = path.with_name(f"patched_{path.name}")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            out.writestr(item, data)
    return patched


def test_a_formula_without_a_saved_result_is_an_error_naming_the_cell(workspace, tmp_path):
    # openpyxl, like other programs that do not calculate, saves no result: Excel shows one
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", "=4+5", 2]]
    )
    [problem] = read(workspace, path).errors
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "formula_not_computed",
        "Grupper",
        4,
        "Deltakere",
    )


def test_a_formula_with_its_saved_result_is_read_as_that_result(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", "=4+5", 2]]
    )
    saved = with_sheet_xml(path, b"<f>4+5</f><v />", b"<f>4+5</f><v>9</v>")
    sub = read(workspace, saved)
    assert sub.errors == [] and list(sub.tables["groups"]["participants"]) == [9]


def test_a_formula_that_gives_an_empty_text_is_a_blank_cell(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx",
        [[date(2025, 10, 1), "støttegruppe", 9, 2, '=""']],
    )
    saved = with_sheet_xml(path, b'<c r="E4"><f>""</f><v />', b'<c r="E4" t="str"><f>""</f><v></v>')
    assert not read_workbook(saved, saved.name, Intake()).sheets[0].error_cells


def test_totals_row_is_dropped(workspace, tmp_path):
    rows = [[date(2025, 10, 1), "støttegruppe", 9, 2], ["Totalt", None, 9, 2]]
    sub = read(workspace, norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", rows))
    assert list(sub.tables["groups"]["participants"]) == [9]


def test_trailing_formatted_empty_rows_are_not_rows(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, 2]]
    )
    wb = openpyxl.load_workbook(path)
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(10, 3000):
        wb["Grupper"].cell(row=row, column=1).fill = fill
    wb.save(path)
    assert len(read(workspace, path).tables["groups"]) == 1


def test_a_sheet_left_empty_is_a_warning_and_its_table_still_to_send(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, 2]]
    )
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["Deltakere"])
    wb.create_sheet("Deltakere")
    wb.save(path)
    sub = read(workspace, path)
    # nothing in the sheet to read, as if it were not there: the groups count, people are owed
    assert sub.errors == []
    assert [(p.rule, p.sheet) for p in sub.warnings] == [("sheet_empty", "Deltakere")]
    assert len(sub.tables["groups"]) == 1 and sub.outstanding == ["people"]


def test_a_workbook_of_empty_sheets_is_refused_as_empty(workspace, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Grupper"
    wb.create_sheet("Deltakere")
    wb.save(tmp_path / "ettervern_2025-10.xlsx")
    sub = read(workspace, tmp_path / "ettervern_2025-10.xlsx")
    assert [(p.rule, p.params) for p in sub.problems] == [
        ("sheets_empty", {"sheets": "Grupper, Deltakere"})
    ]


def test_hidden_sheet_is_never_read(workspace, tmp_path):
    sub = read(
        workspace, norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", [], hide_people=True)
    )
    assert "people" not in sub.tables
    assert [(p.rule, p.params["hidden"]) for p in sub.errors] == [("no_table_found", "Deltakere")]


def test_a_hidden_sheet_holding_a_table_is_named_in_case_it_was_hidden_by_mistake(
    workspace, tmp_path
):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx",
        [[date(2025, 10, 1), "støttegruppe", 9, "1:30"]],
        hide_people=True,
    )
    sub = read(workspace, path)
    assert "people" not in sub.tables and len(sub.tables["groups"]) == 1
    assert [(p.rule, p.sheet) for p in sub.warnings] == [("sheet_hidden", "Deltakere")]


def test_a_hidden_list_for_drop_downs_is_not_mentioned(workspace, tmp_path):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, "1:30"]]
    )
    wb = openpyxl.load_workbook(path)
    lists = wb.create_sheet("Lister")
    for kind in ("støttegruppe", "kurs", "tur"):
        lists.append([kind])
    lists.sheet_state = "hidden"
    wb.save(path)
    assert read(workspace, path).warnings == []


def test_sheet_is_recognised_by_its_columns_whatever_its_name(workspace, tmp_path):
    sub = read(
        workspace, norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", [], people_title="Ark2")
    )
    # codes are written one way (consortium.yaml user_codes: upper case, no dashes)
    assert sub.errors == [] and list(sub.tables["people"]["user_code"]) == ["EN001"]


def test_file_without_a_table_it_reports_is_accepted_with_that_table_outstanding(
    workspace, tmp_path
):
    path = norwegian_workbook(
        tmp_path / "ettervern_2025-10.xlsx", [[date(2025, 10, 1), "støttegruppe", 9, 2]]
    )
    wb = openpyxl.load_workbook(path)
    del wb["Deltakere"]
    wb.create_sheet("Notater").append(["Husk å sende innen den 10."])
    wb.save(path)
    sub = read(workspace, path)
    assert (sub.errors, list(sub.tables), sub.outstanding) == ([], ["groups"], ["people"])


def with_people_header(path, header):
    """The workbook with one more header on its people sheet, after the template's, over a
    value (a column with nothing in it is left unread)."""
    wb = openpyxl.load_workbook(path)
    wb["Deltakere"]["F1"] = header
    wb["Deltakere"]["F2"] = "blå"
    wb.save(path)
    return path


def test_unknown_column_lists_the_expected_columns(workspace, tmp_path):
    path = with_people_header(
        norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", []), "Favorittfarge"
    )
    [problem] = read(workspace, path).warnings
    assert (problem.rule, problem.column) == ("unknown_column_unread", "Favorittfarge")
    # the template's headers in the partner's language, never internal names
    assert "Deltakerkode" in problem.params["expected"]


def test_an_unknown_column_lists_only_the_columns_of_the_partners_own_template(workspace, tmp_path):
    path = with_people_header(
        norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", []), "Favorittfarge"
    )
    [problem] = read(workspace, path).warnings
    # endring-no reports groups and people, no housing: its template has no housing unit
    assert "Deltakerkode" in problem.params["expected"]
    assert "Bofellesskap" not in problem.params["expected"]


def test_an_unknown_column_is_never_offered_a_column_another_header_fills(workspace, tmp_path):
    path = with_people_header(
        norwegian_workbook(tmp_path / "ettervern_2025-10.xlsx", []), "Kjønnet"
    )
    [problem] = read(workspace, path).warnings
    # "Kjønn" already fills the sex column: naming it would only make the column twice
    assert problem.rule == "unknown_column_unread" and "Kjønn" not in problem.params["candidates"]
    assert "Kjønn" in problem.params["expected"]


def test_xls_workbook_is_read(workspace, tmp_path):
    path = tmp_path / "ettervern_2025-10.xls"
    book = xlwt.Workbook()
    for name, rows in {
        "Grupper": [GROUPS_HEADER, ["1.10.2025", "støttegruppe", 9, 1.5]],
        "Deltakere": [PEOPLE_HEADER, ["EN-001", "deltaker", "K", "36-50", "alkohol"]],
    }.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.save(str(path))
    sub = read(workspace, path)
    assert sub.file_format == "xls" and sub.errors == []
    assert list(sub.tables["groups"]["held_on"]) == [date(2025, 10, 1)]


def test_ods_workbook_is_read(workspace, tmp_path):
    path = tmp_path / "ettervern_2025-10.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame([["1.10.2025", "støttegruppe", 9, 1.5]], columns=GROUPS_HEADER).to_excel(
            writer, sheet_name="Grupper", index=False
        )
        pd.DataFrame(
            [["EN-001", "deltaker", "K", "36-50", "alkohol"]], columns=PEOPLE_HEADER
        ).to_excel(writer, sheet_name="Deltakere", index=False)
    sub = read(workspace, path)
    assert sub.file_format == "ods" and sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [9]


def test_xlsm_macros_are_flagged_and_never_run():
    book = read_workbook(FIXTURES / "vba.xlsm", "vba.xlsm", Intake())
    assert ("macros_ignored", {}) in book.notes


def test_external_links_are_flagged_and_not_followed():
    book = read_workbook(FIXTURES / "errors.xlsx", "errors.xlsx", Intake())
    assert ("external_links_ignored", {}) in book.notes


def test_xlsx_named_xls_is_read_by_its_content_with_a_warning(workspace, tmp_path):
    path = norwegian_workbook(tmp_path / "ettervern_2025-10.xls", [])
    sub = read(workspace, path)
    assert sub.file_format == "xlsx" and [p.rule for p in sub.problems] == ["extension_mismatch"]


def ods_with_rows(path, sheets):
    """A minimal ODS as LibreOffice writes it; a cell given as ("error", text) is a formula
    whose result is an error, e.g. #DIV/0!."""

    def cell(value):
        if isinstance(value, tuple):
            return (
                '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
                f'calcext:value-type="error"><text:p>{value[1]}</text:p></table:table-cell>'
            )
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'  # noqa: E501
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        f'office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'  # noqa: E501
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return path


def test_ods_error_cell_is_an_error_naming_the_cell(workspace, tmp_path):
    path = ods_with_rows(
        tmp_path / "ettervern_2025-10.ods",
        {
            "Grupper": [GROUPS_HEADER, ["1.10.2025", "støttegruppe", ("error", "#DIV/0!"), 1.5]],
            "Deltakere": [PEOPLE_HEADER, ["EN-001", "deltaker", "K", "36-50", "alkohol"]],
        },
    )
    [problem] = read(workspace, path).errors
    # the header is row 1, so the meeting is on row 2; participants are the third column
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "cell_error",
        "Grupper",
        2,
        "Deltakere",
    )


def test_xls_error_cell_is_an_error_naming_the_cell(workspace, tmp_path):
    book = xlwt.Workbook()
    groups = book.add_sheet("Grupper")
    for column, header in enumerate(GROUPS_HEADER):
        groups.write(0, column, header)
    for column, value in enumerate(["1.10.2025", "støttegruppe", None, 1.5]):
        if value is not None:
            groups.write(1, column, value)
    groups.row(1).set_cell_error(2, "#DIV/0!")
    people = book.add_sheet("Deltakere")
    for row, values in enumerate([PEOPLE_HEADER, ["EN-001", "deltaker", "K", "36-50", "alkohol"]]):
        for column, value in enumerate(values):
            people.write(row, column, value)
    path = tmp_path / "ettervern_2025-10.xls"
    book.save(str(path))
    [problem] = read(workspace, path).errors
    # calamine reads the #DIV/0! as empty; the BIFF record says row 2, third column
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "cell_error",
        "Grupper",
        2,
        "Deltakere",
    )


def test_a_date_merged_down_over_a_days_two_meetings_dates_both(workspace, tmp_path):
    path = tmp_path / "ettervern_2025-10.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Grupper"
    sheet.append(GROUPS_HEADER)
    sheet.append([date(2025, 10, 1), "støttegruppe", 9, 1.5])
    sheet.append([None, "kurs", 7, 2])
    sheet.merge_cells("A2:A3")
    wb.save(path)
    sub = read(workspace, path)
    assert sub.errors == []
    assert list(sub.tables["groups"]["held_on"]) == [date(2025, 10, 1)] * 2


def merged_hours(path, merge):
    """An evening's three meetings whose hours, 3, are merged over them, then a meeting of 1 hour:
    3 each, or 3 together?"""
    merge(
        path,
        [
            GROUPS_HEADER,
            ["1.10.2025", "støttegruppe", 9, 3],
            ["1.10.2025", "kurs", 7, None],
            ["1.10.2025", "samtalegruppe", 5, None],
            ["8.10.2025", "støttegruppe", 8, 1],
        ],
    )
    return path


def xlsx_merged(path, rows):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Grupper"
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("D2:D4")
    wb.save(path)


def xls_merged(path, rows):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Grupper")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) != (1, 3) and value is not None:
                sheet.write(r, c, value)
    sheet.write_merge(1, 3, 3, 3, 3)
    book.save(str(path))


def ods_merged(path, rows):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Grupper")
    for r, values in enumerate(rows):
        row = TableRow()
        for c, value in enumerate(values):
            if value is None:
                row.addElement(CoveredTableCell())
                continue
            spans = {"numberrowsspanned": 3} if (r, c) == (1, 3) else {}
            kind = {"valuetype": "float", "value": value} if isinstance(value, int) else {}
            cell = TableCell(**(kind or {"valuetype": "string"}), **spans)
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def test_hours_merged_down_over_rows_are_an_error_naming_the_rows_not_each_rows_hours(
    workspace, tmp_path
):
    for suffix, merge in (("xlsx", xlsx_merged), ("xls", xls_merged), ("ods", ods_merged)):
        path = merged_hours(tmp_path / f"ettervern_2025-10.{suffix}", merge)
        [problem] = read(workspace, path).errors
        assert (problem.rule, problem.sheet, problem.row, problem.column) == (
            "figure_merged",
            "Grupper",
            2,
            "Timer",
        ), suffix
        assert problem.params == {"value": 3, "first": 2, "last": 4}, suffix
