"""Spreadsheet writers: xlsx, old .xls, ods and Windows-1250 CSV, each giving the same bytes for
the same sheets (zip entries dated by the file's own time, never by the clock)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

import openpyxl
import xlwt
from openpyxl.writer.excel import ExcelWriter


@dataclass(frozen=True)
class Sheet:
    """Rows as the partner typed them; `span` merges the title over that many columns."""

    name: str
    rows: list[list]
    span: int = 0


def date_text(day: date, language: str) -> str:
    """16. 10. 2025 in Slovene, 16.10.2025. in Bosnian, 16.10.2025 in Polish and Norwegian."""
    if language == "sl":
        return f"{day.day}. {day.month}. {day.year}"
    return f"{day:%d.%m.%Y}" + ("." if language == "bs" else "")


def number_text(value: float, thousands: str = "") -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", thousands)
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def duration_text(hours: float) -> str:
    return f"{int(hours)}:{round(hours % 1 * 60):02d}"


# Writers; each gives the same bytes for the same sheets


def zip_bytes(
    entries: list[tuple[str, bytes]], stamp: datetime, stored: frozenset[str] = frozenset()
) -> bytes:
    """A zip dated by the file's own time, not the clock's, so runs are byte-identical."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = ZIP_STORED if name in stored else ZIP_DEFLATED
            info.create_system, info.external_attr = 0, 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def xlsx_bytes(sheets: list[Sheet], date_format: str, stamp: datetime) -> bytes:
    """Written by openpyxl, then re-zipped: openpyxl dates the zip entries by the clock, and its
    save() overwrites the modification time, hence ExcelWriter directly."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for row in sheet.rows:
            ws.append(row)
        if sheet.span > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=sheet.span)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, date):
                    c.number_format = date_format
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED)).save()
    with ZipFile(buffer) as written:
        return zip_bytes([(i.filename, written.read(i)) for i in written.infolist()], stamp)


def xls_bytes(sheets: list[Sheet], date_format: str) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str=date_format)
    for sheet in sheets:
        ws = book.add_sheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    ws.write(r, c, value, dated)
                elif value is not None:
                    ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: Sheet) -> bytes:
    """Excel's 'CSV (separator ;)' on a Windows-1250 machine: rows padded to the used width."""
    width = max(len(row) for row in sheet.rows)
    rows = [["" if v is None else v for v in row] + [""] * (width - len(row)) for row in sheet.rows]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1250")


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="{ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODS_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODS_NS} office:version="1.2"><office:styles/></office:document-styles>
"""
ODS_DATE_STYLE = (
    '<number:date-style style:name="N1"><number:day number:style="long"/>'
    '<number:text>.</number:text><number:month number:style="long"/>'
    '<number:text>.</number:text><number:year number:style="long"/>'
    '</number:date-style><style:style style:name="ce1" style:family="table-cell" '
    'style:data-style-name="N1"/>'
)


def ods_cell(value: object, language: str) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell table:style-name="ce1" office:value-type="date" '
            f'office:date-value="{value.isoformat()}">'
            f"<text:p>{date_text(value, language)}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{number_text(value)}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def ods_table(sheet: Sheet, language: str) -> str:
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = [ods_cell(v, language) for v in row] or ["<table:table-cell/>"]
        if r == 0 and sheet.span > 1:
            spanned = (
                f'<table:table-cell table:number-columns-spanned="{sheet.span}" '
                'table:number-rows-spanned="1" '
            )
            cells[0] = cells[0].replace("<table:table-cell ", spanned, 1)
            cells.append(
                f'<table:covered-table-cell table:number-columns-repeated="{sheet.span - 1}"/>'
            )
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return f'<table:table table:name="{escape(sheet.name)}">{"".join(rows)}</table:table>'


def ods_bytes(sheets: list[Sheet], language: str, stamp: datetime) -> bytes:
    """A minimal OpenDocument spreadsheet written directly: pandas' odf writer is slow and its
    output is not reproducible."""
    tables = "".join(ods_table(s, language) for s in sheets)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS} '
        f'office:version="1.2"><office:automatic-styles>{ODS_DATE_STYLE}'
        f"</office:automatic-styles><office:body><office:spreadsheet>{tables}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    entries = [
        ("mimetype", ODS_MIME.encode()),
        ("META-INF/manifest.xml", ODS_MANIFEST.encode()),
        ("styles.xml", ODS_STYLES.encode()),
        ("content.xml", content.encode()),
    ]
    return zip_bytes(entries, stamp, stored=frozenset({"mimetype"}))


# ---------------------------------------------------------------------------------------------
# The workspace
