"""The report's tables as CSV files: UTF-8 with a point for decimals, or as Excel in the
consortium's locale opens them (Windows code page, ";" between fields, decimal comma)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from export.injection import neutralised
from export.tables import Report, Table

NUMBER_PATTERNS = {
    "integer": "{:.0f}",
    "decimal": "{:.2f}",
    "percent": "{:.1f}",
    "percent_value": "{:.1f}",
}


def cell_text(value: object, number_format: str | None, decimal: str) -> str:
    """A cell as CSV text: numbers in the table's format, text neutralised, missing as empty."""
    if isinstance(value, str):
        return neutralised(value)
    if value is None or pd.isna(value):
        return ""
    if number_format in NUMBER_PATTERNS:
        return NUMBER_PATTERNS[number_format].format(value).replace(".", decimal)
    return neutralised(str(value))


def table_rows(table: Table, decimal: str) -> list[list[str]]:
    rows = [[neutralised(h) for h in table.headers]]
    for position, record in enumerate(table.frame.itertuples(index=False)):
        formats = [table.formats.get(c) for c in table.frame.columns]
        formats = [table.row_formats[position] if f == "by_row" else f for f in formats]
        rows.append([cell_text(v, f, decimal) for v, f in zip(record, formats, strict=True)])
    return rows


def write_table_csv(
    table: Table, path: Path, *, excel: bool = False, encoding: str = "utf-8"
) -> Path:
    with path.open(
        "w", encoding=encoding if excel else "utf-8", errors="replace", newline=""
    ) as out:
        writer = csv.writer(
            out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
        )
        writer.writerows(table_rows(table, "," if excel else "."))
    return path


def write_csvs(report: Report, folder: Path, *, excel: bool = False) -> list[Path]:
    """One CSV per table, named after the table's canonical name so scripts can find it."""
    encoding = report.words["excel_csv_encoding"]
    return [
        write_table_csv(t, folder / f"{t.name}.csv", excel=excel, encoding=encoding)
        for t in report.tables.values()
    ]
