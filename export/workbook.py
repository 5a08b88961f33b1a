"""The report as one XLSX workbook that reads well in Excel and LibreOffice: a sheet per table,
bold frozen headers, widths that fit, number formats, injection-safe text, and the same bytes
for the same figures (XlsxWriter dates every ZIP entry 1980-01-01; the document's own time is
that of the newest file behind the figures)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from export.injection import neutralised
from export.tables import Report, Table

EXCEL_FORMATS = {"integer": "#,##0", "decimal": "#,##0.00", "percent": "0.0"}
WIDEST_COLUMN = 60
EPOCH = datetime(1980, 1, 1)
# text is text: nothing a partner wrote becomes a formula, a link or a number in the workbook
PLAIN_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def cell_value(value: object) -> object:
    if isinstance(value, str):
        return neutralised(value)
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def text_width(value: object) -> int:
    return len(f"{value:,.2f}" if isinstance(value, float) else str(value))


def fill_sheet(sheet: Worksheet, table: Table, formats: CellFormats) -> None:
    """Headers bold and wrapped, numbers in their format, short codes set right, a figure not
    reported in words, the first row and column frozen, each column as wide as its longest
    value."""
    widths = []
    for column, header in enumerate(table.headers):
        sheet.write_string(0, column, neutralised(header), formats.header)
        widths.append(text_width(neutralised(header)))
    number_formats = [table.formats.get(name) for name in table.frame.columns]
    missing = [table.not_reported.get(name) for name in table.frame.columns]
    for position, record in enumerate(table.frame.itertuples(index=False, name=None)):
        for column, raw in enumerate(record):
            value = cell_value(raw)
            if value is None:
                value = table.not_applicable.get((position, table.frame.columns[column]))
            if value is None:
                value = missing[column]
            if value is None:
                continue
            widths[column] = max(widths[column], text_width(value))
            if isinstance(value, str):
                short = formats.right if len(value) <= 3 else None
                sheet.write_string(position + 1, column, value, short)
                continue
            number_format = number_formats[column]
            if number_format == "by_row":
                number_format = table.row_formats[position]
            sheet.write(position + 1, column, value, formats.numbers.get(number_format))
    sheet.freeze_panes(1, 1)
    for column, longest in enumerate(widths):
        sheet.set_column(column, column, min(WIDEST_COLUMN, longest + 2))


def sheet_title(title: str) -> str:
    """Excel's limits on sheet names: 31 characters, none of []:*?/\\."""
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31]


def document_time(report: Report) -> datetime:
    """The time of the newest file behind the figures: the workbook says how fresh it is and
    stays the same for the same data."""
    received = report.tables["sources"].frame.get("received_at")
    newest = received.max() if received is not None and len(received) else None
    return datetime.strptime(newest, "%Y-%m-%d %H:%M:%S") if isinstance(newest, str) else EPOCH


@dataclass(frozen=True)
class CellFormats:
    header: Format
    right: Format
    numbers: dict[str, Format]


def cell_formats(book: xlsxwriter.Workbook) -> CellFormats:
    return CellFormats(
        header=book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        right=book.add_format({"align": "right"}),
        numbers={
            name: book.add_format({"num_format": code}) for name, code in EXCEL_FORMATS.items()
        },
    )


def workbook_bytes(report: Report) -> bytes:
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, {"in_memory": True, **PLAIN_TEXT})
    formats = cell_formats(book)
    for table in report.tables.values():
        sheet = book.add_worksheet(sheet_title(report.words["tables"][table.name]))
        fill_sheet(sheet, table.for_people(), formats)
    book.set_properties(
        {
            "author": report.consortium.name,
            "title": report.words["tables"]["summary"],
            "created": document_time(report),
        }
    )
    book.close()
    return raw.getvalue()


def write_workbook(report: Report, path: Path) -> Path:
    path.write_bytes(workbook_bytes(report))
    return path
