"""One received file to a Submission: find each sheet's table and header row, map the partner's
headers to canonical columns, parse every cell, and record every problem with its cell.

`read_submission` never raises: whatever a file does to the reader ends as a problem of that
submission, so one bad file never stops a run or the other files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from collect import cells
from collect.formats import Sheet, Workbook, read_workbook
from collect.unreadable import UnreadableFile
from core.config import Consortium
from core.submission import Submission
from core.vocabulary import Table, Vocabulary, normalise, vocabulary

HEADER_SEARCH_ROWS = 30
TOTALS_SEARCH_COLUMNS = 3
PERIOD_IN_TEXT = re.compile(
    r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)|(?<!\d)(0?[1-9]|1[0-2])[./-] ?(20\d\d)(?!\d)"
)
PARSERS: dict[str, Callable[..., object]] = {
    "text": cells.parse_text,
    "code": cells.parse_text,
    "integer": cells.parse_integer,
    "number": cells.parse_number,
    "hours": cells.parse_hours,
    "date": cells.parse_date,
}


@dataclass(frozen=True)
class Arrival:
    """A file found in the inbox (or given to `consortium check`), before it is read: where it
    is and what we know of it. `period` is a month stated outside the file, e.g. `--period`."""

    path: Path
    name_as_received: str
    partner_id: str | None
    received_at: datetime
    sha256: str
    size_bytes: int
    period: str | None = None


def read_submission(arrival: Arrival, config: Consortium) -> Submission:
    """The file read into canonical tables, with every problem found; never raises."""
    sub = Submission(
        sha256=arrival.sha256,
        name_as_received=arrival.name_as_received,
        size_bytes=arrival.size_bytes,
        received_at=arrival.received_at,
        partner_id=arrival.partner_id or partner_in_text(arrival.name_as_received, config),
        period=arrival.period or period_in_text(arrival.name_as_received),
    )
    try:
        read_into(sub, arrival, config)
    except UnreadableFile as exc:
        sub.tables.clear()
        sub.error(exc.rule, **exc.params)
    except Exception as exc:  # noqa: BLE001 - a file must never crash the run
        sub.tables.clear()
        sub.error("file_unreadable", detail=type(exc).__name__)
    return sub


def read_into(sub: Submission, arrival: Arrival, config: Consortium) -> None:
    partner = config.partner(sub.partner_id or "")
    book = read_workbook(
        arrival.path,
        arrival.name_as_received,
        config.intake,
        language=partner.language if partner else None,
    )
    sub.file_format = book.file_format
    for rule, params in book.notes:
        sub.warning(rule, **params)
    vocab = vocabulary()
    found = read_tables(sub, book, vocab)
    sheets = [s for s in book.sheets if s.visible]
    if sub.partner_id is None:
        sub.partner_id = next(
            (p for s in sheets for p in [partner_in_sheet(s, config, vocab)] if p), None
        )
    check_partner(sub, arrival, sheets, config, vocab)
    settle_period(sub, arrival, sheets, vocab)
    check_period(sub, config)
    check_expected_tables(sub, config, found, book)


def check_partner(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], config: Consortium, vocab: Vocabulary
) -> None:
    if sub.partner_id is None:
        sub.error("partner_unknown")
        return
    if config.partner(sub.partner_id) is None:
        sub.error("partner_not_in_consortium", partner=sub.partner_id)
        return
    stated = {p for s in sheets for p in [partner_in_sheet(s, config, vocab)] if p}
    stated |= {p for p in [partner_in_text(arrival.name_as_received, config)] if p}
    if stated - {sub.partner_id}:
        sub.error("partner_mismatch", partner=sub.partner_id, stated=", ".join(sorted(stated)))


def settle_period(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary
) -> None:
    """The month from the arrival, the file name or the sheets; all that state one must agree."""
    stated = {
        "given": arrival.period,
        "file name": period_in_text(arrival.name_as_received),
        **{f"sheet {s.name}": period_in_sheet(s, vocab) for s in sheets},
    }
    stated = {where: period for where, period in stated.items() if period}
    if len(set(stated.values())) > 1:
        sub.error(
            "period_mismatch", periods=", ".join(f"{p} ({where})" for where, p in stated.items())
        )
    sub.period = next(iter(stated.values()), None)
    if sub.period is None:
        sub.error("period_unknown")


def check_period(sub: Submission, config: Consortium) -> None:
    """A partner reports only the months it is in the consortium for, and never a month that
    has not begun when the file arrives."""
    partner = config.partner(sub.partner_id or "")
    if sub.period is None or partner is None:
        return
    received = f"{sub.received_at.year:04d}-{sub.received_at.month:02d}"
    if sub.period > received:
        sub.error("period_in_future", period=sub.period, received=received)
    if sub.period < partner.reports_from or (
        partner.reports_until and sub.period > partner.reports_until
    ):
        sub.error(
            "period_outside_partner",
            period=sub.period,
            first=partner.reports_from,
            last=partner.reports_until or "-",
        )


def check_expected_tables(
    sub: Submission, config: Consortium, found: list[str], book: Workbook
) -> None:
    visible = ", ".join(s.name for s in book.sheets if s.visible) or "-"
    hidden = ", ".join(s.name for s in book.sheets if not s.visible) or "-"
    if not found:
        if not sub.errors:
            sub.error("no_table_found", sheets=visible, hidden=hidden)
        return
    partner = config.partner(sub.partner_id or "")
    if partner is None or book.file_format == "csv":
        return
    missing = [t for t in partner.tables if t not in found]
    if missing:
        sub.error(
            "sheet_missing",
            missing=", ".join(missing),
            sheets=visible,
            found=", ".join(found),
            hidden=hidden,
        )


def read_tables(sub: Submission, book: Workbook, vocab: Vocabulary) -> list[str]:
    """Fill sub.tables from the visible sheets; the names of the tables found."""
    for sheet in book.sheets:
        if not sheet.visible:
            continue
        table, header_row = locate_table(sheet, vocab)
        if table is None:
            named = vocab.table_for_sheet(sheet.name)
            if named:
                sub.error("header_not_found", sheet=sheet.name, table=named)
            continue
        if table.name in sub.tables:
            sub.error("table_twice", sheet=sheet.name, table=table.name)
            continue
        sub.tables[table.name] = table_frame(
            sub, sheet, table, header_row, vocab, date1904=book.date1904
        )
    return list(sub.tables)


def locate_table(sheet: Sheet, vocab: Vocabulary) -> tuple[Table | None, int]:
    """The table a sheet holds and the index of its header row: the row whose cells name most
    of a table's columns; the sheet name breaks ties."""
    by_name = vocab.table_for_sheet(sheet.name)
    best: tuple[int, int, Table | None, int] = (0, 0, None, -1)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        words = [c for c in row if isinstance(c, str) and c.strip()]
        if len(words) < 2:
            continue
        for table in vocab.tables.values():
            hits = len({table.column_for_header(c) for c in words} - {None})
            score = (hits, int(table.name == by_name))
            if hits >= 2 and score > best[:2]:
                best = (*score, table, index)
    return best[2], best[3]


def column_positions(
    sub: Submission, sheet: Sheet, table: Table, header_row: int
) -> dict[str, int]:
    """Canonical column -> position in the header row; unknown, repeated and missing columns
    are errors that name what was found."""
    headers = sheet.rows[header_row]
    row = sheet.row_number(header_row)
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        if cells.is_blank(header):
            continue
        column = table.column_for_header(header)
        if column is None:
            sub.error(
                "unknown_column",
                sheet=sheet.name,
                row=row,
                column=str(header).strip(),
                expected=", ".join(table.header(c, "en") for c in table.columns),
            )
        elif column in positions:
            sub.error("column_twice", sheet=sheet.name, row=row, column=str(header).strip())
        else:
            positions[column] = position
    for column in table.required:
        if column not in positions:
            sub.error(
                "column_missing",
                sheet=sheet.name,
                row=row,
                column=column,
                found=", ".join(str(h).strip() for h in headers if not cells.is_blank(h)),
            )
    return positions


def table_frame(
    sub: Submission,
    sheet: Sheet,
    table: Table,
    header_row: int,
    vocab: Vocabulary,
    *,
    date1904: bool = False,
) -> pd.DataFrame:
    """The sheet's data rows in canonical columns plus lineage. Each distinct cell value is
    parsed once, so a month of sessions costs a few dozen date parses, not one per row."""
    positions = column_positions(sub, sheet, table, header_row)
    body = sheet.rows[header_row + 1 :]
    first = header_row + 1
    grid = grid_of(body, max(positions.values(), default=0) + 1)
    raw = {c: grid[:, p] for c, p in positions.items()}
    error_rows = {
        c: {r for r, col in sheet.error_cells if col == p + 1} for c, p in positions.items()
    }
    keep = (~blank_rows(raw, len(body)) & ~totals_rows(grid, vocab)) | holds_error_cell(
        error_rows, first, len(body)
    )
    if sheet.lines is not None:
        keep &= ~ragged_rows(sub, sheet, header_row, keep)
    indices = np.flatnonzero(keep)
    sheet_indices = (indices + first).tolist()
    frame: dict[str, object] = {
        "sheet": [sheet.name] * len(indices),
        "sheet_row": (
            indices + first + 1 if sheet.lines is None else np.asarray(sheet.lines)[indices + first]
        ),
    }
    for column, position in positions.items():
        header = str(sheet.rows[header_row][position]).strip()
        frame[column] = parse_column(
            sub,
            table,
            column,
            raw[column][indices],
            sheet,
            sheet_indices,
            header,
            vocab,
            date1904=date1904,
            error_rows=error_rows[column],
        )
    out = pd.DataFrame(frame, columns=["sheet", "sheet_row", *positions]).infer_objects()
    # the partner's own header of each column, so feedback names columns as the partner wrote them
    out.attrs["headers"] = {c: str(sheet.rows[header_row][p]).strip() for c, p in positions.items()}
    return out


def holds_error_cell(error_rows: dict[str, set[int]], first: int, length: int) -> np.ndarray:
    """Rows with an Excel error cell in a table column: calamine reads the cell as empty, yet the
    row is not blank and the error must be reported."""
    holds = np.zeros(length, dtype=bool)
    holds[
        [r - 1 - first for rows in error_rows.values() for r in rows if 0 <= r - 1 - first < length]
    ] = True
    return holds


def grid_of(body: list[list[object]], width: int) -> np.ndarray:
    """The rows as a 2-D array of at least `width` columns; short rows (text files) padded."""
    lengths = {len(row) for row in body}
    if len(lengths) == 1 and min(lengths) >= width:
        grid = np.empty((len(body), min(lengths)), dtype=object)
        grid[:] = body
        return grid
    grid = np.full((len(body), max(lengths | {width})), None, dtype=object)
    for index, row in enumerate(body):
        grid[index, : len(row)] = row
    return grid


def per_value(values: np.ndarray, fn: Callable[[object], object]) -> np.ndarray:
    """fn applied to each distinct value once, spread back over all values."""
    codes, results = distinct_results(values, fn)
    return results[codes]


def distinct_results(
    values: np.ndarray, fn: Callable[[object], object]
) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code and fn of each distinct value, the last one for missing values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:] = [*(fn(u) for u in uniques), fn(None)]
    return codes, results


def blank_rows(raw: dict[str, np.ndarray], length: int) -> np.ndarray:
    blank = np.ones(length, dtype=bool)
    for values in raw.values():
        blank &= per_value(values, cells.is_blank).astype(bool)
    return blank


def totals_rows(grid: np.ndarray, vocab: Vocabulary) -> np.ndarray:
    def is_total(value: object) -> bool:
        return isinstance(value, str) and normalise(value).rstrip(":") in vocab.totals_words

    totals = np.zeros(len(grid), dtype=bool)
    for position in range(min(TOTALS_SEARCH_COLUMNS, grid.shape[1])):
        totals |= per_value(grid[:, position], is_total).astype(bool)
    return totals


def ragged_rows(
    sub: Submission, sheet: Sheet, header_row: int, candidates: np.ndarray
) -> np.ndarray:
    """Text rows whose field count differs from the header's: reported by line, never shifted."""
    width = len(trimmed(sheet.rows[header_row]))
    body = sheet.rows[header_row + 1 :]
    ragged = np.zeros(len(body), dtype=bool)
    for index in np.flatnonzero(candidates):
        fields = len(trimmed(body[index]))
        if fields != width and len(body[index]) != width:
            ragged[index] = True
            sub.error(
                "ragged_row",
                sheet=sheet.name,
                row=sheet.row_number(header_row + 1 + index),
                fields=fields,
                expected=width,
            )
    return ragged


def trimmed(row: list[object]) -> list[object]:
    end = len(row)
    while end and cells.is_blank(row[end - 1]):
        end -= 1
    return row[:end]


def parse_column(
    sub: Submission,
    table: Table,
    column: str,
    values: np.ndarray,
    sheet: Sheet,
    indices: list[int],
    header: str,
    vocab: Vocabulary,
    *,
    date1904: bool,
    error_rows: set[int],
) -> np.ndarray:
    """The column's parsed values; each cell that fails (and each Excel error cell) becomes an
    error naming sheet, row and column, and an empty value."""
    spec = table.columns[column]
    parser = (
        partial(cells.parse_date, date1904=date1904) if spec.type == "date" else PARSERS[spec.type]
    )

    def parse(value: object) -> object:
        if cells.is_blank(value):
            return None
        try:
            parsed = parser(value)
        except cells.CellError as exc:
            return exc
        return (vocab.code(spec.codes, parsed) or parsed) if spec.type == "code" else parsed

    codes, results = distinct_results(values, parse)
    failed = [code for code, result in enumerate(results) if isinstance(result, cells.CellError)]
    parsed = results[codes]
    bad = set(np.flatnonzero(np.isin(codes, failed)).tolist())
    bad |= (
        {offset for offset, index in enumerate(indices) if index + 1 in error_rows}
        if error_rows
        else set()
    )
    for offset in sorted(bad):
        rule = "cell_error" if indices[offset] + 1 in error_rows else parsed[offset].rule
        sub.error(rule, sheet=sheet.name, row=int(sheet.row_number(indices[offset])), column=header)
        parsed[offset] = None
    return parsed


def period_in_text(text: str) -> str | None:
    match = PERIOD_IN_TEXT.search(text)
    if not match:
        return None
    year, month = (
        (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    )
    return f"{year}-{int(month):02d}"


def labelled_value(sheet: Sheet, words: frozenset[str]) -> list[object] | None:
    """The cells of the first row above the table labelled with one of `words` (`Mesec: 2025-03`,
    `Partner | most-si`), label first."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        texts = [c for c in row if not cells.is_blank(c)]
        if texts and isinstance(texts[0], str) and normalise(texts[0].split(":")[0]) in words:
            return texts
    return None


def period_in_sheet(sheet: Sheet, vocab: Vocabulary | None = None) -> str | None:
    """The month stated above the header, e.g. `Mesec: 2025-03` or `Mjesec | 03.2025`."""
    texts = labelled_value(sheet, (vocab or vocabulary()).period_words)
    if texts is None:
        return None
    dated = next((c for c in texts if isinstance(c, date)), None)
    if dated:
        return f"{dated.year:04d}-{dated.month:02d}"
    return period_in_text(" ".join(str(t) for t in texts))


def partner_in_sheet(sheet: Sheet, config: Consortium, vocab: Vocabulary) -> str | None:
    texts = labelled_value(sheet, vocab.partner_words)
    if texts is None:
        return None
    stated = normalise(" ".join(str(t) for t in texts)[len(str(texts[0]).split(":")[0]) :])
    return next(
        (p.id for p in config.partners if stated in (normalise(p.id), normalise(p.name))), None
    )


def partner_in_text(text: str, config: Consortium) -> str | None:
    """A partner id written in a file name, e.g. `most-si_2025-03.xlsx`."""
    words = normalise(text)
    found = [
        p.id
        for p in config.partners
        if re.search(rf"(?<![a-z0-9]){re.escape(normalise(p.id))}(?![a-z0-9])", words)
    ]
    return found[0] if len(found) == 1 else None
