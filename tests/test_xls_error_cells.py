"""Error cells of an .xls, read by xlrd: typed errors and formulas whose cached result is one."""

import struct

import xlwt

from collect.xls_error_cells import may_hold_error_cells, xls_error_cells


def formula_with_cached_error(path):
    """An .xls whose C4 holds `=1/0` with the cached result #DIV/0!, as Excel saves it (xlwt
    writes formulas without a result, so the result bytes of the FORMULA record are set here)."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Grupper")
    sheet.write(0, 0, "Dato")
    sheet.write(3, 2, xlwt.Formula("1/0"))
    book.save(str(path))
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"\x06\x00", at + 1)) > 0:
        size, row, column = struct.unpack_from("<HHH", data, at + 2)
        if (row, column) == (3, 2) and size >= 20:
            data[at + 10 : at + 18] = bytes([2, 0, 7, 0, 0, 0, 0xFF, 0xFF])
            path.write_bytes(bytes(data))
            return path
    raise AssertionError("xlwt wrote no FORMULA record for C4")


def test_formula_whose_cached_result_is_an_error_is_an_error_cell(tmp_path):
    path = formula_with_cached_error(tmp_path / "ettervern_2025-10.xls")
    assert xls_error_cells(path) == {"Grupper": frozenset({(4, 3)})}


def test_typed_error_cell_is_found_on_its_own_sheet(tmp_path):
    book = xlwt.Workbook()
    book.add_sheet("Tom").write(0, 0, "x")
    sheet = book.add_sheet("Grupper")
    sheet.write(0, 0, "Dato")
    sheet.row(2).set_cell_error(1, "#REF!")
    book.save(str(tmp_path / "f.xls"))
    assert xls_error_cells(tmp_path / "f.xls") == {"Grupper": frozenset({(3, 2)})}


def test_workbook_without_errors_has_none(tmp_path):
    book = xlwt.Workbook()
    book.add_sheet("Grupper").write(0, 0, "Dato")
    book.save(str(tmp_path / "f.xls"))
    assert xls_error_cells(tmp_path / "f.xls") == {}


def test_an_error_cell_deep_in_a_large_workbook_is_found(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Grupper")
    for row in range(3000):
        sheet.write(row, 0, f"2025-10-{row % 28 + 1:02d}")
        sheet.write(row, 1, row)
    sheet.row(2999).set_cell_error(2, "#DIV/0!")
    book.save(str(tmp_path / "f.xls"))
    assert xls_error_cells(tmp_path / "f.xls") == {"Grupper": frozenset({(3000, 3)})}


def test_a_workbook_without_errors_is_not_read_cell_by_cell(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Grupper")
    for row in range(500):
        sheet.write(row, 0, "Dato")
        sheet.write(row, 1, row * 1.5)
    book.save(str(tmp_path / "f.xls"))
    assert not may_hold_error_cells(tmp_path / "f.xls")
    assert may_hold_error_cells(formula_with_cached_error(tmp_path / "e.xls"))
