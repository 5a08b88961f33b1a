"""Excel error cells (#DIV/0!, #REF!...) of an .xls, which calamine reads as empty."""

from __future__ import annotations

import io
from pathlib import Path

import xlrd

from collect.unreadable import UnreadableFile


def xls_error_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """The 1-based (row, column) of every cell holding an error, a typed one or the cached
    result of a formula, by sheet: an error must never pass as a blank or a zero."""
    try:
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
    except Exception:  # noqa: BLE001 - xlrd raises several unrelated types for broken files
        raise UnreadableFile("file_damaged") from None
    try:
        found = {}
        for index, name in enumerate(book.sheet_names()):
            cells = sheet_error_cells(book.sheet_by_index(index))
            if cells:
                found[name] = cells
            book.unload_sheet(index)
        return found
    finally:
        book.release_resources()


def sheet_error_cells(sheet: xlrd.sheet.Sheet) -> frozenset[tuple[int, int]]:
    return frozenset(
        (row + 1, column + 1)
        for row in range(sheet.nrows)
        for column, kind in enumerate(sheet.row_types(row))
        if kind == xlrd.XL_CELL_ERROR
    )
