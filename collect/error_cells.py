"""Cells holding an Excel error (#REF!, #DIV/0!...) in xlsx and ods files, and formulas whose
result was never saved in xlsx files, which calamine reads as empty: neither may pass as a blank
or a zero. Also the merges of an ods, which calamine does not give."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from defusedxml import ElementTree

_ERROR_CELL = re.compile(rb"<c\b[^>]*?\bt=\"e\"[^>]*>")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
# a cell holding a formula and no value: `<c r="E2"><f>D2/60</f><v /></c>` (a string result,
# even an empty one, is t="str" and is a value)
_UNCOMPUTED_CELL = re.compile(
    rb"<c\b([^>]*[^/])>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>"
)
# bytes of one chunk kept for the next, so a cell cut between them is found whole
TAIL_BYTES = 4096
NS_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_VALUE_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
ODS_ERROR_MARK = b'value-type="error"'


class SheetMarks(NamedTuple):
    """What calamine does not say of a sheet: its cells of errors and formulas without a saved
    result (1-based row and column, with the rule each breaks), the 0-based columns the partner
    hid and the 1-based rows it hid."""

    error_cells: dict[tuple[int, int], str]
    hidden_columns: frozenset[int]
    hidden_rows: frozenset[int]


def ooxml_sheet_marks(path: Path, part: str) -> SheetMarks:
    """What calamine does not say of a sheet part, in one streamed read: cells of type `e`
    (#REF!, #DIV/0!...) and formulas without a saved result (written by a program that does
    not calculate), each with the rule it breaks (calamine reads both as empty, and neither
    may pass as a blank or a zero); the columns the partner hid (its <cols>, before the
    cells), and the rows it hid (by hand or with a filter)."""
    found: dict[tuple[int, int], str] = {}
    hidden: frozenset[int] | None = None
    rows: set[int] = set()
    tail = b""
    with zipfile.ZipFile(path) as zf:
        if part not in zf.namelist():
            return SheetMarks({}, frozenset(), frozenset())
        with zf.open(part) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                data = tail + chunk
                if hidden is None:
                    hidden = hidden_in_cols(data)
                if b't="e"' in data:
                    for cell in _ERROR_CELL.finditer(data):
                        if ref := _CELL_REF.search(cell.group(0)):
                            found[cell_at(ref)] = "cell_error"
                if b"<f" in data:
                    for cell in _UNCOMPUTED_CELL.finditer(data):
                        attributes = cell.group(1)
                        if b't="str"' not in attributes and (ref := _CELL_REF.search(attributes)):
                            found.setdefault(cell_at(ref), "formula_not_computed")
                if b"hidden=" in data:
                    for row in _HIDDEN_ROW.finditer(data):
                        if number := _ROW_NUMBER.search(row.group(0)):
                            rows.add(int(number.group(1)))
                tail = data[-TAIL_BYTES:]
    return SheetMarks(found, hidden or frozenset(), frozenset(rows))


_HIDDEN_ROW = re.compile(rb"<row\b(?=[^>]*\bhidden=\"(?:1|true)\")[^>]*>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_COLS = re.compile(rb"<cols>(.*?)</cols>", re.S)
_HIDDEN_COL = re.compile(rb"<col\b(?=[^>]*\bhidden=\"(?:1|true)\")[^>]*>")
_COL_SPAN = re.compile(rb"\bmin=\"(\d+)\"[^>]*\bmax=\"(\d+)\"|\bmax=\"(\d+)\"[^>]*\bmin=\"(\d+)\"")


def hidden_in_cols(head: bytes) -> frozenset[int]:
    """The 0-based positions of the columns a sheet part's <cols> hides (`head`: its start)."""
    cols = _COLS.search(head)
    if cols is None:
        return frozenset()
    hidden: set[int] = set()
    for col in _HIDDEN_COL.finditer(cols.group(1)):
        span = _COL_SPAN.search(col.group(0))
        if span is None:
            continue
        first, last = (
            (span.group(1), span.group(2)) if span.group(1) else (span.group(4), span.group(3))
        )
        hidden.update(range(int(first) - 1, min(int(last), MAX_HIDDEN_COLUMNS)))
    return frozenset(hidden)


def cell_at(ref: re.Match[bytes]) -> tuple[int, int]:
    return int(ref.group(2)), column_number(ref.group(1).decode())


def ods_error_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Cells whose formula result is an error (LibreOffice marks them calcext:value-type="error"),
    by sheet: calamine reads them as empty. The XML is parsed only when the mark occurs in it."""
    found: dict[str, set[tuple[int, int]]] = {}
    for table, row, column, cell in ods_cells(path, ODS_ERROR_MARK):
        if cell.get(ODS_VALUE_TYPE) == "error":
            repeated = int(cell.get(ODS_COLUMNS_REPEATED, "1"))
            found.setdefault(table, set()).update(
                (row + 1, column + n + 1) for n in range(repeated)
            )
    return {name: frozenset(cells) for name, cells in found.items()}


ODS_ROWS_SPANNED = f"{NS_ODS_TABLE}number-rows-spanned"
ODS_COLUMNS_SPANNED = f"{NS_ODS_TABLE}number-columns-spanned"
ODS_COLUMNS_REPEATED = f"{NS_ODS_TABLE}number-columns-repeated"
# columns a sheet may list hidden, at most: a range "to the end" is the columns in use
MAX_HIDDEN_COLUMNS = 1024
ODS_ROWS_REPEATED = f"{NS_ODS_TABLE}number-rows-repeated"
ODS_CELLS = (f"{NS_ODS_TABLE}table-cell", f"{NS_ODS_TABLE}covered-table-cell")


def ods_merged_ranges(path: Path) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """The 0-based ranges of cells merged down over rows, by sheet, as calamine gives them for
    xlsx (it gives none for ods). The XML is parsed only when a merge over rows occurs in it."""
    found: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for table, row, column, cell in ods_cells(path, b"number-rows-spanned"):
        rows = int(cell.get(ODS_ROWS_SPANNED, "1"))
        if rows > 1:
            right = column + int(cell.get(ODS_COLUMNS_SPANNED, "1")) - 1
            found.setdefault(table, []).append(((row, column), (row + rows - 1, right)))
    return found


def ods_hidden(path: Path) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """The 0-based positions of the columns each sheet of an ods hides (a table-column of
    `table:visibility="collapse"`, declared before the rows), and the 1-based rows it hides
    (by hand, "collapse", or with a filter, "filter"), by sheet. The XML is parsed only when
    something is hidden in it."""
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.namelist():
            return {}, {}
        data = zf.read("content.xml")
    if b'visibility="collapse"' not in data and b'visibility="filter"' not in data:
        return {}, {}
    columns: dict[str, set[int]] = {}
    rows: dict[str, set[int]] = {}
    table, column, row = "", 0, 0
    for _, element in ElementTree.iterparse(io.BytesIO(data), events=("start",)):
        if element.tag == f"{NS_ODS_TABLE}table":
            table, column, row = element.get(f"{NS_ODS_TABLE}name", ""), 0, 0
        elif element.tag == f"{NS_ODS_TABLE}table-column":
            repeated = min(int(element.get(ODS_COLUMNS_REPEATED, "1")), MAX_HIDDEN_COLUMNS)
            if element.get(f"{NS_ODS_TABLE}visibility") == "collapse":
                columns.setdefault(table, set()).update(range(column, column + repeated))
            column += repeated
        elif element.tag == f"{NS_ODS_TABLE}table-row":
            repeated = int(element.get(ODS_ROWS_REPEATED, "1"))
            if element.get(f"{NS_ODS_TABLE}visibility") in ("collapse", "filter"):
                # a block of repeated rows hidden is empty rows: its first ones stand for it
                shown = min(repeated, MAX_HIDDEN_COLUMNS)
                rows.setdefault(table, set()).update(range(row + 1, row + 1 + shown))
            row += repeated
    return (
        {name: frozenset(found) for name, found in columns.items()},
        {name: frozenset(found) for name, found in rows.items()},
    )


def ods_cells(path: Path, mark: bytes) -> Iterator[tuple[str, int, int, Any]]:
    """Each cell of an ods as its sheet, 0-based row and column and element, streamed, up to the
    last place `mark` occurs in its XML (most often in the header, near the top); none when it
    occurs nowhere (the common case, found without parsing it)."""
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.namelist():
            return
        data = zf.read("content.xml")
    last = data.rfind(mark)
    if last < 0:
        return
    table, row, column = "", 0, 0
    # through the end of the tag that holds the mark
    source = ReadUpTo(io.BytesIO(data), data.find(b">", last) + 1 or len(data))
    with suppress(ReadEnough):
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{NS_ODS_TABLE}table":
                    table, row = element.get(f"{NS_ODS_TABLE}name", ""), 0
                elif tag == f"{NS_ODS_TABLE}table-row":
                    column = 0
                elif tag in ODS_CELLS:
                    # a start tag holds all of its attributes
                    yield table, row, column, element
                    column += int(element.get(ODS_COLUMNS_REPEATED, "1"))
            elif tag in ODS_CELLS:
                element.clear()
            elif tag == f"{NS_ODS_TABLE}table-row":
                row += int(element.get(ODS_ROWS_REPEATED, "1"))
                element.clear()


class ReadEnough(Exception):
    """The parser asked for more after the part it was needed for."""


class ReadUpTo:
    """A stream a parser reads in chunks, stopped (ReadEnough) when it asks for more once it
    has had byte `end`: the events of a chunk are all handed out before the next is read."""

    def __init__(self, stream: io.BytesIO, end: int) -> None:
        self.stream, self.end = stream, end

    def read(self, size: int = -1) -> bytes:
        if self.stream.tell() >= self.end:
            raise ReadEnough
        return self.stream.read(size)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
