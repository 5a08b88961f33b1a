"""The report as one XLSX workbook that reads well in Excel and LibreOffice: a sheet per table,
bold frozen headers, widths that fit, number formats, injection-safe text, and the same bytes
for the same figures (fixed document times, fixed ZIP entry times)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from export.injection import neutralised
from export.tables import Report, Table

EXCEL_FORMATS = {"integer": "#,##0", "decimal": "#,##0.00", "percent": "0.0"}
WIDEST_COLUMN = 60
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE_PROPERTIES = "docProps/core.xml"


def cell_value(value: object) -> object:
    if isinstance(value, str):
        return neutralised(value)
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def fill_sheet(sheet: Worksheet, table: Table) -> None:
    """Cells are made one by one (`sheet.cell`): reading a row back (`sheet[n]`) measures the
    whole sheet each time, which grows with the square of its rows."""
    header_font, header_alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(1, column, neutralised(header))
        cell.font, cell.alignment = header_font, header_alignment
    right = Alignment(horizontal="right")
    for position, record in enumerate(table.frame.itertuples(index=False), start=2):
        for column, (name, value) in enumerate(zip(table.frame.columns, record, strict=True), 1):
            cell = sheet.cell(position, column, cell_value(value))
            number_format = table.formats.get(name)
            if number_format == "by_row":
                number_format = table.row_formats[position - 2]
            if number_format in EXCEL_FORMATS and not isinstance(cell.value, str):
                cell.number_format = EXCEL_FORMATS[number_format]
            elif isinstance(cell.value, str) and len(cell.value) <= 3:
                cell.alignment = right
    sheet.freeze_panes = "B2"
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max(
            len(f"{v:,.2f}" if isinstance(v, float) else str(v)) for v in column if v is not None
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST_COLUMN, longest + 2)


def sheet_title(title: str) -> str:
    """Excel's limits on sheet names: 31 characters, none of []:*?/\\."""
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31]


def document_time(report: Report) -> datetime:
    """The time of the newest file behind the figures: the workbook says how fresh it is and
    stays the same for the same data."""
    received = report.tables["sources"].frame.get("received_at")
    newest = received.max() if received is not None and len(received) else None
    return (
        datetime.strptime(newest, "%Y-%m-%d %H:%M:%S")
        if isinstance(newest, str)
        else datetime(*ZIP_EPOCH)
    )


def workbook_bytes(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report.tables.values():
        fill_sheet(book.create_sheet(sheet_title(report.words["tables"][table.name])), table)
    stamp = document_time(report)
    book.properties.creator = report.consortium.name
    book.properties.title = report.words["tables"]["summary"]
    book.properties.created = stamp
    book.properties.modified = stamp
    raw = io.BytesIO()
    book.save(raw)
    book.properties.modified = stamp  # saving stamps the clock time; put the data's time back
    return fixed_zip(raw.getvalue(), {CORE_PROPERTIES: tostring(book.properties.to_tree())})


def fixed_zip(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The same archive with `replaced` entries swapped in and every entry dated the ZIP epoch,
    so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, replaced.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def write_workbook(report: Report, path: Path) -> Path:
    path.write_bytes(workbook_bytes(report))
    return path
