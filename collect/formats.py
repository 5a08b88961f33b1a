"""Raw grids of cells from whatever a partner sent: workbooks through calamine, text through csv.

The format is decided from the bytes, never from the file name, and a file is checked against
the consortium's intake limits before anything is decompressed or parsed: partners' files come
from mail attachments and upload forms, so any of them may be broken or hostile.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

import python_calamine as calamine
from defusedxml import ElementTree

from collect.cells import is_blank
from collect.error_cells import (
    ods_error_cells,
    ods_hidden,
    ods_merged_ranges,
    ooxml_sheet_marks,
)
from collect.text import read_text_rows
from collect.unreadable import UnreadableFile
from collect.xls_error_cells import xls_error_cells
from collect.zipsafety import MB, check_zip
from core.config import Intake

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# a zip package (xlsx, xlsm, ods), then an empty one
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# files that begin so are documents or pictures, never tables
NOT_TABLES = {
    b"%PDF-": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"{\\rtf": "RTF",
}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# a sheet over the limits is read row by row for its values up to this width (wider, refused)
WIDEST_STREAMED = 1_000
EXTENSIONS = {
    "xlsx": "xlsx",
    "xlsm": "xlsm",
    "xls": "xls",
    "ods": "ods",
    "csv": "csv",
    "tsv": "csv",
    "txt": "csv",
}
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class Parts(NamedTuple):
    """A figure a sheet gives in its parts: under its `header` merged over them ("Udeleženci" over
    "M | Ž"), or, without one, in columns of the header row each naming a category of the people
    counted ("Kobiety | Mężczyźni"), with the column of their `total` beside them ("Razem"), if
    any; or each naming a kind of row (`column`: "Individualno | Družinsko", a row marking its
    kind)."""

    header: str | None
    positions: tuple[int, ...]
    total: int | None = None
    column: str | None = None

    @property
    def read(self) -> tuple[int, ...]:
        """Every position the figure is read from: its parts, then its total."""
        return self.positions if self.total is None else (*self.positions, self.total)


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid of cells. `lines` gives the row (or line) number the partner sees of
    each row, when that is not its place in `rows` (a text file's lines, a row left out, a part
    of a sheet); `error_cells` the 1-based (row, column) of cells holding an Excel error or a
    formula without a saved result, which calamine reads as empty, each with the rule it breaks;
    `from_text` marks a text file's sheet, whose rows may be ragged."""

    name: str
    rows: list[list[object]]
    visible: bool = True
    lines: list[int] | None = None
    error_cells: Mapping[tuple[int, int], str] = field(default_factory=dict)
    from_text: bool = False
    # columns cut off the left of the sheet (a table beside another): positions in
    # `hidden_columns` lie this far to the right
    offset: int = 0
    # the 0-based columns the partner hid (an xlsx's <cols>, an ods's collapsed columns)
    hidden_columns: frozenset[int] = frozenset()
    # the rows the partner hid, by the number it sees (an xlsx's hidden rows, an ods's collapsed
    # or filtered ones)
    hidden_rows: frozenset[int] = frozenset()
    # a header merged over parts of its figure without their total ("Udeleženci" over "M | Ž")
    parted: tuple[Parts, ...] = ()
    # cells merged down over rows and filled into each (fill_merged_down): the first and last
    # row number the partner sees, and the 0-based column (lying `offset` to the right)
    merged_down: tuple[tuple[int, int, int], ...] = ()

    def row_number(self, index: int) -> int:
        """The row (or line) number a partner sees for the row at `index` of `rows`."""
        return self.lines[index] if self.lines is not None else index + 1


@dataclass
class Workbook:
    """A file's sheets in workbook order, hidden ones marked and left unread, and what the
    reader noticed on the way (macros, external links, a misleading extension)."""

    file_format: str
    sheets: list[Sheet]
    date1904: bool = False
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def sniff_format(path: Path) -> str:
    """zip, xls, encrypted (an OLE2 box around an encrypted OOXML package) or text; a document
    or picture that is no table (a PDF, a scan, an old Word file) raises UnreadableFile."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not_a_table := next(
        (kind for magic, kind in NOT_TABLES.items() if head.startswith(magic)), None
    ):
        raise UnreadableFile("file_format_unsupported", detail=not_a_table)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        data = path.read_bytes()
        if "WordDocument".encode("utf-16-le") in data:
            raise UnreadableFile("file_format_unsupported", detail="Word")
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data else "xls"
    return "text"


def text_as_workbook(path: Path, size: int) -> str:
    """Why a text file under a workbook's extension was not read: empty, a web page or an XML
    spreadsheet (Excel's "Web Page" and "XML Spreadsheet 2003"), or other text (a CSV)."""
    if size == 0:
        return "file_empty"
    with path.open("rb") as fh:
        head = fh.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markup = head.startswith(b"<") and any(m in head for m in (b"<html", b"<table", b"<?xml"))
    return "markup_named_as_workbook" if markup else "text_named_as_workbook"


def zip_format(path: Path) -> str:
    """xlsx, xlsm or ods, from the entries of a zip whose directory passed `check_zip`."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype")[: len(ODS_MIMETYPE) + 8].startswith(
                ODS_MIMETYPE
            ):
                return "ods"
            if "xl/workbook.xml" in names:
                return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
            if "word/document.xml" in names:
                raise UnreadableFile("file_format_unsupported", detail="Word")
    except (zipfile.BadZipFile, EOFError, OSError):
        raise UnreadableFile("file_damaged") from None
    raise UnreadableFile("file_format_unsupported", detail="zip archive")


def read_workbook(
    path: Path, name_as_received: str, limits: Intake, *, language: str | None = None
) -> Workbook:
    """The file's sheets, after every limit and safety check; raises UnreadableFile.

    A workbook under another workbook's extension (xlsx saved as .xls) is read by its content
    with a warning; a text file under a workbook's extension is refused, since nothing says
    the partner meant it as a table."""
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise UnreadableFile(
            "file_too_large", size_mb=round(size / MB, 1), limit_mb=limits.max_file_mb
        )
    kind = sniff_format(path)
    if kind == "zip":
        check_zip(path, limits)
        kind = zip_format(path)
    extension = PurePosixPath(name_as_received).suffix
    named = EXTENSIONS.get(extension.lower().lstrip("."))
    if kind == "encrypted":
        raise UnreadableFile("file_encrypted")
    if kind == "text" and named not in (None, "csv"):
        raise UnreadableFile(text_as_workbook(path, size), extension=extension)
    if size == 0:
        raise UnreadableFile("file_empty")
    if kind == "text":
        book = text_workbook(path, language, limits, sheet=PurePosixPath(name_as_received).stem)
    else:
        book = calamine_workbook(path, kind, limits)
    if named != book.file_format and {named, book.file_format} != {"xlsx", "xlsm"}:
        book.notes.append(
            ("extension_mismatch", {"extension": extension or "(none)", "format": book.file_format})
        )
    return book


def text_workbook(
    path: Path, language: str | None, limits: Intake | None = None, *, sheet: str | None = None
) -> Workbook:
    """A text file as a workbook of one sheet, named as the partner named the file (`sheet`; a
    file read again from the archive lies under its hash), else by the file's own name."""
    name = sheet or path.stem
    rows, lines = read_text_rows(path.read_bytes(), language, limits, name)
    return Workbook("csv", [Sheet(name=name, rows=rows, lines=lines, from_text=True)])


def calamine_workbook(path: Path, kind: str, limits: Intake) -> Workbook:
    try:
        book = open_calamine(path, kind)
    except calamine.PasswordError:
        raise UnreadableFile("file_encrypted") from None
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise unreadable(exc) from None
    metadata = book.sheets_metadata
    if len(metadata) > limits.max_sheets:
        raise UnreadableFile("too_many_sheets", sheets=len(metadata), limit=limits.max_sheets)
    xlsx_parts = ooxml_sheet_parts(path) if kind in ("xlsx", "xlsm") else {}
    ods_errors = (
        ods_error_cells(path) if kind == "ods" else xls_error_cells(path) if kind == "xls" else {}
    )
    ods_merges = ods_merged_ranges(path) if kind == "ods" else {}
    ods_columns, ods_rows = ods_hidden(path) if kind == "ods" else ({}, {})
    out = Workbook(kind, [], date1904=kind in ("xlsx", "xlsm") and ooxml_date1904(path))
    for meta in metadata:
        visible = (
            meta.visible == calamine.SheetVisibleEnum.Visible
            and meta.typ == calamine.SheetTypeEnum.WorkSheet
        )
        if not visible:
            out.sheets.append(hidden_sheet(book, meta, limits))
            continue
        part = xlsx_parts.get(meta.name)
        if part:
            errors, hidden, hidden_rows = ooxml_sheet_marks(path, part)
        else:
            errors = dict.fromkeys(ods_errors.get(meta.name, ()), "cell_error")
            hidden = ods_columns.get(meta.name, frozenset())
            hidden_rows = ods_rows.get(meta.name, frozenset())
        sheet = read_calamine_sheet(book, meta.name, limits, errors, ods_merges.get(meta.name, []))
        out.sheets.append(replace(sheet, hidden_columns=hidden, hidden_rows=hidden_rows))
    if kind == "xlsm":
        out.notes.append(("macros_ignored", {}))
    if kind in ("xlsx", "xlsm") and has_external_links(path):
        out.notes.append(("external_links_ignored", {}))
    return out


def open_calamine(path: Path, kind: str) -> calamine.CalamineWorkbook:
    """calamine picks its reader from the extension on a path, from the bytes on a file object:
    a workbook under another workbook's extension is opened by its content."""
    if EXTENSIONS.get(path.suffix.lower().lstrip(".")) == kind:
        return calamine.CalamineWorkbook.from_path(str(path))
    with path.open("rb") as fh:
        return calamine.CalamineWorkbook.from_filelike(fh)


def unreadable(exc: Exception) -> UnreadableFile:
    message = str(exc).lower()
    if "limit" in message:
        return UnreadableFile("too_many_cells")
    if (
        "cfb" in message
        or "invalid ole" in message
        or "eof" in message
        or "truncat" in message
        or "zip" in message
    ):
        return UnreadableFile("file_damaged")
    return UnreadableFile("file_unreadable", detail=type(exc).__name__)


def hidden_sheet(
    book: calamine.CalamineWorkbook, meta: calamine.SheetMetadata, limits: Intake
) -> Sheet:
    """A hidden worksheet's rows, never read into the report but looked at, so that a table
    hidden by mistake can be named to the partner; a chart sheet or a hidden sheet too large or
    damaged to read is an empty one, and never refuses the file."""
    if meta.typ != calamine.SheetTypeEnum.WorkSheet:
        return Sheet(name=meta.name, rows=[], visible=False)
    try:
        rows = read_calamine_sheet(book, meta.name, limits, {}).rows
    except UnreadableFile:
        rows = []
    return Sheet(name=meta.name, rows=rows, visible=False)


def read_calamine_sheet(
    book: calamine.CalamineWorkbook,
    name: str,
    limits: Intake,
    error_cells: Mapping[tuple[int, int], str],
    merges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
) -> Sheet:
    try:
        sheet = book.get_sheet_by_name(name)
    except Exception as exc:  # a damaged sheet part
        raise unreadable(exc) from None
    start = sheet.start or (0, 0)
    height, width = start[0] + sheet.height, start[1] + sheet.width
    if height > limits.max_rows or height * width > limits.max_cells:
        if width > WIDEST_STREAMED:
            raise sheet_too_large(name, height, width, limits)
        rows = rows_holding_values(sheet, name, limits)
    else:
        rows = sheet.to_python(skip_empty_area=False)
    merged = fill_merged_down(rows, sheet.merged_cell_ranges or merges or [])
    return Sheet(name=name, rows=rows, error_cells=error_cells, merged_down=merged)


def sheet_too_large(name: str, height: int, width: int, limits: Intake) -> UnreadableFile:
    return UnreadableFile(
        "sheet_too_large",
        sheet=name,
        rows=height,
        columns=width,
        limit_rows=limits.max_rows,
        limit_cells=limits.max_cells,
    )


def rows_holding_values(
    sheet: calamine.CalamineSheet, name: str, limits: Intake
) -> list[list[Any]]:
    """The rows of a sheet over the limits only by cells that hold nothing but blanks (a space
    typed far below the table): its rows up to the last that holds a value, as wide as the
    widest. A value past the limits still refuses it."""
    rows: list[list[Any]] = []
    last_row = last_column = -1
    for number, row in enumerate(sheet.iter_rows()):
        filled = (
            [] if row.count("") == len(row) else [i for i, v in enumerate(row) if not is_blank(v)]
        )
        if filled:
            if number >= limits.max_rows:
                raise sheet_too_large(name, number + 1, len(row), limits)
            last_row, last_column = number, max(last_column, filled[-1])
        if number < limits.max_rows:
            rows.append(row[: filled[-1] + 1] if filled else [])
    width = last_column + 1
    if (last_row + 1) * width > limits.max_cells:
        raise sheet_too_large(name, last_row + 1, width, limits)
    return [row + [""] * (width - len(row)) for row in rows[: last_row + 1]]


def column_hidden(sheet: Sheet, position: int) -> bool:
    """Whether the partner hid the column at `position` (an xlsx's <cols>, an ods's columns)."""
    return position + sheet.offset in sheet.hidden_columns


def fill_merged_down(
    rows: list[list[object]], ranges: list[tuple[tuple[int, int], ...]]
) -> tuple[tuple[int, int, int], ...]:
    """A cell merged down over rows (one date for a day's two meetings) holds its value in each
    of them, as the partner sees it; merges across columns (titles) stay as they are. The merges
    filled, by their first and last row number and their column: a figure merged so is no
    row's own (collect.sheet_tables)."""
    filled = []
    for (top, left), (bottom, right) in ranges:
        if bottom <= top or left != right or top >= len(rows) or left >= len(rows[top]):
            continue
        for row in rows[top + 1 : bottom + 1]:
            if left < len(row) and row[left] in (None, ""):
                row[left] = rows[top][left]
        filled.append((top + 1, bottom + 1, left))
    return tuple(filled)


def ooxml_sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its XML part inside an xlsx, from the workbook and its relationships."""
    with zipfile.ZipFile(path) as zf:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        try:
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{NS_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{NS_REL}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def ooxml_date1904(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    props = workbook.find(f"{NS_MAIN}workbookPr")
    return props is not None and props.get("date1904", "").lower() in ("1", "true")


def has_external_links(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return any(n.startswith("xl/externalLinks/") for n in zf.namelist())
