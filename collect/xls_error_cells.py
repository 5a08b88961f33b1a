"""Excel error cells (#DIV/0!, #REF!...) of an .xls, which calamine reads as empty."""

from __future__ import annotations

import io
import re
from pathlib import Path

import xlrd
from xlrd import compdoc

from collect.unreadable import UnreadableFile

# In a BIFF5/8 workbook stream an error cell is a BOOLERR record flagged as an error or a FORMULA
# record whose cached result is an error: a stream with neither pattern holds no error cell.
ERROR_RECORD = re.compile(
    rb"\x05\x02\x08\x00.{7}\x01"  # BOOLERR: id, length 8, row, column, format, value, error flag
    rb"|\x02.{5}\xff\xff",  # a FORMULA's cached result of the error kind
    re.DOTALL,
)


def xls_error_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """The 1-based (row, column) of every cell holding an error, a typed one or the cached
    result of a formula, by sheet: an error must never pass as a blank or a zero."""
    if not may_hold_error_cells(path):
        return {}
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


def may_hold_error_cells(path: Path) -> bool:
    """False only when the workbook stream surely holds no error cell: a scan of its bytes, ten
    times faster than xlrd's reading of every cell, which follows when the scan is unsure."""
    data = path.read_bytes()
    if data[:8] != compdoc.SIGNATURE:
        return True
    try:
        document = compdoc.CompDoc(data, logfile=io.StringIO())
        for name in ("Workbook", "Book"):
            stream, start, length = document.locate_named_stream(name)
            if stream:
                return ERROR_RECORD.search(stream, start, start + length) is not None
    except Exception:  # noqa: BLE001 - a damaged file is for xlrd to report
        return True
    return True
