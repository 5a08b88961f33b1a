"""Raw grids of cells from whatever a partner sent: workbooks through calamine, text through csv.

The format is decided from the bytes, never from the file name, and a file is checked against
the consortium's intake limits before anything is decompressed or parsed: partners' files come
from mail attachments and upload forms, so any of them may be broken or hostile.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import python_calamine as calamine
from defusedxml import ElementTree

from collect.text import read_text_rows
from collect.unreadable import UnreadableFile
from collect.xls_error_cells import xls_error_cells
from core.config import Intake

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MB = 1 << 20
XML_PROLOG_LIMIT = MB
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ERROR_CELL = re.compile(rb"<c\b[^>]*?\bt=\"e\"[^>]*>")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
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
NS_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_VALUE_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
ODS_ERROR_MARK = b'value-type="error"'


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid of cells. `lines` gives the original line of each row of a text file;
    `error_cells` the 1-based (row, column) of cells holding an Excel error, which calamine
    reads as empty."""

    name: str
    rows: list[list[object]]
    visible: bool = True
    lines: list[int] | None = None
    error_cells: frozenset[tuple[int, int]] = frozenset()

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
    """zip, xls, encrypted (an OLE2 box around an encrypted OOXML package) or text."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in path.read_bytes() else "xls"
    return "text"


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
        raise UnreadableFile("text_named_as_workbook", extension=extension)
    if kind == "text":
        book = text_workbook(path, language)
    else:
        book = calamine_workbook(path, kind, limits)
    if named != book.file_format and {named, book.file_format} != {"xlsx", "xlsm"}:
        book.notes.append(
            ("extension_mismatch", {"extension": extension or "(none)", "format": book.file_format})
        )
    return book


def text_workbook(path: Path, language: str | None) -> Workbook:
    rows, lines = read_text_rows(path.read_bytes(), language)
    return Workbook("csv", [Sheet(name=path.stem, rows=rows, lines=lines)])


def check_zip(path: Path, limits: Intake) -> None:
    """Refuse a zip bomb from its directory alone, and any XML part declaring a DOCTYPE or
    ENTITY (billion laughs, external entities) from its prolog alone."""
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            if len(entries) > limits.max_zip_entries:
                raise UnreadableFile(
                    "zip_too_many_entries", entries=len(entries), limit=limits.max_zip_entries
                )
            total = sum(e.file_size for e in entries)
            if total > limits.max_uncompressed_mb * MB:
                raise UnreadableFile(
                    "zip_too_large", size_mb=round(total / MB), limit_mb=limits.max_uncompressed_mb
                )
            for entry in entries:
                if entry.file_size > MB and entry.file_size > limits.max_compression_ratio * max(
                    entry.compress_size, 1
                ):
                    raise UnreadableFile(
                        "zip_too_large",
                        size_mb=round(total / MB),
                        limit_mb=limits.max_uncompressed_mb,
                    )
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels", ".vml")) and declares_entities(
                    zf, entry
                ):
                    raise UnreadableFile("xml_entities", part=entry.filename)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise UnreadableFile("file_damaged") from None


def declares_entities(zf: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog (everything before its root element) declares a DOCTYPE or an
    ENTITY; only the prolog is decompressed."""
    prolog = b""
    with zf.open(entry) as fh:
        while len(prolog) < XML_PROLOG_LIMIT:
            chunk = fh.read(64 << 10)
            if not chunk:
                break
            prolog += chunk
            text = (
                prolog.decode("utf-16").encode("ascii", "replace")
                if prolog[:2] in (b"\xff\xfe", b"\xfe\xff")
                else prolog
            )
            root = _ROOT_ELEMENT.search(text)
            if root:
                return bool(_DECLARATION.search(text, 0, root.start()))
    return bool(_DECLARATION.search(prolog)) or len(prolog) >= XML_PROLOG_LIMIT


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
    out = Workbook(kind, [], date1904=kind in ("xlsx", "xlsm") and ooxml_date1904(path))
    for meta in metadata:
        visible = (
            meta.visible == calamine.SheetVisibleEnum.Visible
            and meta.typ == calamine.SheetTypeEnum.WorkSheet
        )
        if not visible:
            out.sheets.append(Sheet(name=meta.name, rows=[], visible=False))
            continue
        part = xlsx_parts.get(meta.name)
        errors = ooxml_error_cells(path, part) if part else ods_errors.get(meta.name, frozenset())
        out.sheets.append(read_calamine_sheet(book, meta.name, limits, errors))
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


def read_calamine_sheet(
    book: calamine.CalamineWorkbook,
    name: str,
    limits: Intake,
    error_cells: frozenset[tuple[int, int]],
) -> Sheet:
    try:
        sheet = book.get_sheet_by_name(name)
    except Exception as exc:  # a damaged sheet part
        raise unreadable(exc) from None
    start = sheet.start or (0, 0)
    height, width = start[0] + sheet.height, start[1] + sheet.width
    if height > limits.max_rows or height * width > limits.max_cells:
        raise UnreadableFile(
            "sheet_too_large",
            sheet=name,
            rows=height,
            columns=width,
            limit_rows=limits.max_rows,
            limit_cells=limits.max_cells,
        )
    rows = sheet.to_python(skip_empty_area=False)
    return Sheet(name=name, rows=rows, error_cells=error_cells)


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


def ooxml_error_cells(path: Path, part: str) -> frozenset[tuple[int, int]]:
    """Cells of type `e` (#REF!, #DIV/0!...) in a sheet part, streamed: calamine reads them as
    empty, and an error must never pass as a blank or a zero."""
    found: set[tuple[int, int]] = set()
    tail = b""
    with zipfile.ZipFile(path) as zf:
        if part not in zf.namelist():
            return frozenset()
        with zf.open(part) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                data = tail + chunk
                if b't="e"' in data:
                    for cell in _ERROR_CELL.finditer(data):
                        if ref := _CELL_REF.search(cell.group(0)):
                            found.add((int(ref.group(2)), column_number(ref.group(1).decode())))
                tail = data[-256:]
    return frozenset(found)


def ods_error_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Cells whose formula result is an error (LibreOffice marks them calcext:value-type="error"),
    by sheet: calamine reads them as empty. The XML is parsed only when the mark occurs in it."""
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.namelist() or not part_contains(
            zf, "content.xml", ODS_ERROR_MARK
        ):
            return {}
        found: dict[str, set[tuple[int, int]]] = {}
        table, row, column = "", 0, 0
        with zf.open("content.xml") as fh:
            for event, element in ElementTree.iterparse(fh, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{NS_ODS_TABLE}table":
                        table, row = element.get(f"{NS_ODS_TABLE}name", ""), 0
                    elif tag == f"{NS_ODS_TABLE}table-row":
                        column = 0
                    continue
                if tag in (f"{NS_ODS_TABLE}table-cell", f"{NS_ODS_TABLE}covered-table-cell"):
                    repeated = int(element.get(f"{NS_ODS_TABLE}number-columns-repeated", "1"))
                    if element.get(ODS_VALUE_TYPE) == "error":
                        found.setdefault(table, set()).update(
                            (row + 1, column + n + 1) for n in range(repeated)
                        )
                    column += repeated
                    element.clear()
                elif tag == f"{NS_ODS_TABLE}table-row":
                    row += int(element.get(f"{NS_ODS_TABLE}number-rows-repeated", "1"))
                    element.clear()
    return {name: frozenset(cells) for name, cells in found.items()}


def part_contains(zf: zipfile.ZipFile, part: str, needle: bytes) -> bool:
    tail = b""
    with zf.open(part) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def has_external_links(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return any(n.startswith("xl/externalLinks/") for n in zf.namelist())
