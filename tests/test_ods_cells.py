"""Error cells and cells merged down in an ods, found from its XML (calamine reads neither),
wherever they stand in a long sheet: the XML is parsed only as far as the last of them."""

from __future__ import annotations

from test_intake_workbooks import ods_with_rows

from collect.error_cells import ods_error_cells, ods_merged_ranges


def long_sheet(rows: int, errors_at: set[int]) -> list[list[object]]:
    """A header and `rows` meetings, the third cell an error (#DIV/0!) in the rows `errors_at`
    (1-based, as the sheet numbers them)."""
    sheet: list[list[object]] = [["Dato", "Type", "Deltakere", "Timer"]]
    for number in range(2, rows + 2):
        third = ("error", "#DIV/0!") if number in errors_at else 7
        sheet.append([f"{number % 28 + 1}.10.2025", "støttegruppe", third, 1.5])
    return sheet


def test_error_cells_are_found_near_the_top_and_in_the_last_row(tmp_path):
    path = ods_with_rows(
        tmp_path / "grupper.ods", {"Grupper": long_sheet(3000, {3, 3001}), "Tom": [["x"]]}
    )
    assert ods_error_cells(path) == {"Grupper": frozenset({(3, 3), (3001, 3)})}


def test_an_error_cell_in_a_later_sheet_is_found_on_its_own_row(tmp_path):
    path = ods_with_rows(
        tmp_path / "grupper.ods",
        {"Grupper": long_sheet(2000, set()), "Deltakere": long_sheet(5, {4})},
    )
    assert ods_error_cells(path) == {"Deltakere": frozenset({(4, 3)})}


def test_cells_merged_down_are_found_in_the_header_and_far_below_it(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Mityngi")
    merged_at = {0: 2, 2500: 3}  # 0-based row: rows spanned
    covered: set[int] = set()
    for index in range(3000):
        row = TableRow()
        if index in covered:
            row.addElement(CoveredTableCell())
        else:
            spans = {"numberrowsspanned": merged_at[index]} if index in merged_at else {}
            first = TableCell(valuetype="string", **spans)
            first.addElement(P(text=f"day {index}"))
            row.addElement(first)
            covered |= set(range(index + 1, index + merged_at.get(index, 1)))
        last = TableCell(valuetype="float", value=index)
        last.addElement(P(text=str(index)))
        row.addElement(last)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "mityngi.ods"
    doc.save(str(path))
    assert ods_merged_ranges(path) == {"Mityngi": [((0, 0), (1, 0)), ((2500, 0), (2502, 0))]}
