"""The report as one XLSX workbook that reads well in Excel and LibreOffice: a sheet per table,
bold frozen headers, widths that fit, number formats, months, days and times as Excel dates
written as the report's language writes them, injection-safe text, and the same bytes for the
same figures (XlsxWriter dates every ZIP entry 1980-01-01; the document's own time is that of
the newest file behind the figures)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from core import i18n
from core.periods import PERIOD_RE
from export.injection import neutralised
from export.tables import Report, Table

# a rate ("percent": 76.3, published in per cent) is written as Excel's share (0.763, exactly,
# not float's 0.7629999999999999) under a percentage format, so it reads 76.3% and computes as a
# rate; a column headed "(%)" ("percent_value") keeps its number
EXCEL_FORMATS = {
    "integer": "#,##0",
    "decimal": "#,##0.00",
    "percent": "0.0%",
    "percent_value": "0.0",
}
SHARES = {"percent"}
# The CLDR skeletons of the dates the frames hold as ISO text (a month "2026-09", a day
# "2026-10-05", a time "2026-10-02 10:15"): the workbook writes them as Excel dates in the
# pattern the language writes them in ("LLL y" is "paź 2026" in Polish)
DATE_SKELETONS = {
    "month": ("yMMM", None),
    "day": ("yMd", None),
    "time": ("yMd", "Hm"),
    "time_seconds": ("yMd", "Hms"),
}
# Excel's locale ids, so that a month is named in the report's language whatever Excel's own
EXCEL_LOCALES = {"sl": 0x0424, "bs": 0x141A, "pl": 0x0415, "no": 0x0414, "en": 0x0809}
CLDR_FIELD = re.compile(r"'[^']*'|([yMLdHms])\1*|.")
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


def excel_date_format(pattern: str) -> str:
    """A CLDR date pattern ("d.MM.y", "LLL y", "HH:mm") as Excel's number format
    ("d\\.mm\\.yyyy", "mmm\\ yyyy", "hh:mm"), every other character a literal but the time's
    colon, after which Excel reads "mm" as minutes."""
    parts = []
    for match in CLDR_FIELD.finditer(pattern):
        token = match.group(0)
        if token[0] in "ML":
            parts.append("m" * min(len(token), 4))
        elif token[0] == "y":
            parts.append("yyyy")
        elif token[0] == "H":
            parts.append("h" * min(len(token), 2))
        elif token[0] in "dms":
            parts.append(token)
        elif token[0] == "'":
            parts.append("".join(f"\\{ch}" for ch in token[1:-1] or "'"))
        else:
            parts.append(token if token == ":" else f"\\{token}")
    return "".join(parts)


def date_formats(language: str) -> dict[str, str]:
    """Excel's formats of a month, a day and a time as the language writes them (CLDR), months
    named in it."""
    words = i18n.locale(language)
    out = {}
    for name, (day, time) in DATE_SKELETONS.items():
        pattern = i18n.skeleton_pattern(day, language).pattern
        if time:
            time_pattern = i18n.skeleton_pattern(time, language).pattern
            pattern = words.datetime_formats["short"].format(time_pattern, pattern)
        out[name] = f"[$-{EXCEL_LOCALES[language]:X}]{excel_date_format(pattern)}"
    return out


def date_value(text: str) -> datetime | None:
    """A month, day or time the frames hold as ISO text as a date; None for other text (the
    total row's word)."""
    if PERIOD_RE.match(text):
        return datetime.fromisoformat(f"{text}-01")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def fill_sheet(sheet: Worksheet, table: Table, formats: CellFormats) -> None:
    """Headers bold and wrapped, numbers in their format, months, days and times as dates, short
    codes set right, a figure not reported in words, the first row and column frozen, each
    column as wide as its longest value."""
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
            number_format = number_formats[column]
            if number_format == "by_row":
                number_format = table.row_formats[position]
            dated = isinstance(value, str) and number_format in formats.dates
            when = date_value(value) if dated else None
            if when is not None:
                sheet.write_datetime(position + 1, column, when, formats.dates[number_format])
                continue
            if isinstance(value, str):
                short = formats.right if len(value) <= 3 else None
                sheet.write_string(position + 1, column, value, short)
                continue
            if number_format in SHARES:
                value = float(Decimal(str(value)) / 100)
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
    dates: dict[str, Format]


def cell_formats(book: xlsxwriter.Workbook, language: str) -> CellFormats:
    return CellFormats(
        header=book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        right=book.add_format({"align": "right"}),
        numbers={
            name: book.add_format({"num_format": code}) for name, code in EXCEL_FORMATS.items()
        },
        dates={
            name: book.add_format({"num_format": code})
            for name, code in date_formats(language).items()
        },
    )


def workbook_bytes(report: Report) -> bytes:
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, {"in_memory": True, **PLAIN_TEXT})
    formats = cell_formats(book, report.language)
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
