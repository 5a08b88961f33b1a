"""One received file to a Submission: find each sheet's table and header row, map the partner's
headers to canonical columns, parse every cell, and record every problem with its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from collect import cells
from collect.formats import Sheet, UnreadableFile, read_sheets
from collect.submission import Submission
from collect.vocabulary import Table, Vocabulary, normalise, vocabulary
from consortium.config import Consortium

HEADER_SEARCH_ROWS = 30
PERIOD_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)|(?<!\d)(0?[1-9]|1[0-2])[./-] ?(20\d\d)(?!\d)")
PARSERS = {
    "text": cells.parse_text,
    "code": cells.parse_text,
    "integer": cells.parse_integer,
    "number": cells.parse_number,
    "hours": cells.parse_hours,
    "date": cells.parse_date,
}


@dataclass(frozen=True)
class Arrival:
    """A file found in the inbox, before it is read: where it is and what we know of it."""

    path: Path
    name_as_received: str
    partner_id: str | None
    received_at: datetime
    sha256: str
    size_bytes: int


def read_submission(arrival: Arrival, config: Consortium) -> Submission:
    sub = Submission(
        sha256=arrival.sha256,
        name_as_received=arrival.name_as_received,
        size_bytes=arrival.size_bytes,
        received_at=arrival.received_at,
        partner_id=arrival.partner_id,
        period=period_in_text(arrival.name_as_received),
    )
    try:
        sub.file_format, sheets = read_sheets(arrival.path)
    except UnreadableFile as exc:
        sub.error(exc.rule, **exc.params)
        return sub
    check_partner(sub, config)
    found = read_tables(sub, sheets, vocabulary())
    if sub.period is None:
        sub.period = next((p for s in sheets for p in [period_in_sheet(s)] if p), None)
    if sub.period is None:
        sub.error("period_unknown")
    check_expected_tables(sub, config, found, sheets)
    return sub


def check_partner(sub: Submission, config: Consortium) -> None:
    if sub.partner_id is None:
        sub.error("partner_unknown")
    elif config.partner(sub.partner_id) is None:
        sub.error("partner_not_in_consortium", partner=sub.partner_id)


def check_expected_tables(sub: Submission, config: Consortium, found: list[str], sheets: list[Sheet]) -> None:
    if not found and not sub.errors:
        sub.error("no_table_found", sheets=", ".join(s.name for s in sheets if s.visible))
        return
    partner = config.partner(sub.partner_id or "")
    if partner is None or sub.file_format == "csv":
        return
    missing = [t for t in partner.tables if t not in found]
    if missing:
        sub.error("sheet_missing", missing=", ".join(missing), sheets=", ".join(s.name for s in sheets if s.visible))


def read_tables(sub: Submission, sheets: list[Sheet], vocab: Vocabulary) -> list[str]:
    """Fill sub.tables from the visible sheets; the names of the tables found."""
    for sheet in sheets:
        if not sheet.visible:
            continue
        table, header_row = locate_table(sheet, vocab)
        if table is None:
            continue
        if table.name in sub.tables:
            sub.error("table_twice", sheet=sheet.name, table=table.name)
            continue
        sub.tables[table.name] = table_frame(sub, sheet, table, header_row, vocab)
    return list(sub.tables)


def locate_table(sheet: Sheet, vocab: Vocabulary) -> tuple[Table | None, int]:
    """The table a sheet holds and the index of its header row: the row whose cells name most
    of a table's columns; the sheet name breaks ties."""
    by_name = vocab.table_for_sheet(sheet.name)
    best: tuple[int, int, Table | None, int] = (0, 0, None, -1)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        for table in vocab.tables.values():
            hits = len({table.column_for_header(c) for c in row if not cells.is_blank(c)} - {None})
            score = (hits, int(table.name == by_name))
            if hits >= 2 and score > best[:2]:
                best = (*score, table, index)
    return best[2], best[3]


def table_frame(sub: Submission, sheet: Sheet, table: Table, header_row: int, vocab: Vocabulary) -> pd.DataFrame:
    headers = sheet.rows[header_row]
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        if cells.is_blank(header):
            continue
        column = table.column_for_header(header)
        if column is None:
            sub.error("unknown_column", sheet=sheet.name, row=header_row + 1, column=str(header).strip(),
                      expected=", ".join(table.columns))
        elif column in positions:
            sub.error("column_twice", sheet=sheet.name, row=header_row + 1, column=str(header).strip())
        else:
            positions[column] = position
    for column in table.required:
        if column not in positions:
            sub.error("column_missing", sheet=sheet.name, row=header_row + 1, column=column,
                      found=", ".join(str(h).strip() for h in headers if not cells.is_blank(h)))
    records = []
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if all(cells.is_blank(v) for v in row) or is_totals_row(row, vocab):
            continue
        record: dict[str, object] = {"sheet": sheet.name, "sheet_row": index + 1}
        for column, position in positions.items():
            raw = row[position] if position < len(row) else None
            record[column] = parse_cell(sub, table, column, raw, sheet.name, index + 1, headers[position], vocab)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=["sheet", "sheet_row", *positions])


def parse_cell(sub: Submission, table: Table, column: str, raw: object, sheet: str, row: int,
               header: object, vocab: Vocabulary) -> object:
    if cells.is_blank(raw):
        return None
    spec = table.columns[column]
    try:
        value = PARSERS[spec.type](raw)
    except cells.CellError as exc:
        sub.error(exc.rule, sheet=sheet, row=row, column=str(header).strip())
        return None
    if spec.type == "code":
        return vocab.code(spec.codes, value) or value
    return value


def is_totals_row(row: list[object], vocab: Vocabulary) -> bool:
    words = [normalise(v) for v in row[:3] if isinstance(v, str) and v.strip()]
    return any(w.rstrip(":") in vocab.totals_words for w in words)


def period_in_text(text: str) -> str | None:
    match = PERIOD_IN_TEXT.search(text)
    if not match:
        return None
    year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    return f"{year}-{int(month):02d}"


def period_in_sheet(sheet: Sheet) -> str | None:
    """The month stated above the header, e.g. `Mesec: 2025-03` or `Mjesec | 03.2025`."""
    vocab = vocabulary()
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        texts = [str(c) for c in row if not cells.is_blank(c)]
        if texts and any(normalise(t.split(":")[0]) in vocab.period_words for t in texts):
            found = period_in_text(" ".join(texts))
            if found:
                return found
            dated = next((c for c in row if isinstance(c, datetime)), None)
            if dated:
                return f"{dated.year:04d}-{dated.month:02d}"
    return None
