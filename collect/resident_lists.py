"""Lists of residents: a housing sheet with a row per resident of the month, the resident's code,
the unit (or a sheet per unit), the day the resident moved in and the day the resident moved out
(blank, or a day of an earlier or a later month, for one who came before the month or stayed
past it), and maybe the resident's nights.

It gives each unit's month of the housing table: its residents at the month's end those who did
not move out, its resident nights the rows' own or else those from the night of the move-in to
the night before the move-out (one who moves from one unit to another on the 15th sleeps the
14th in the first and the 15th in the second, and one who leaves on the 1st no night), its
admissions the move-ins. Its exits are the move-outs, planned or not as a column of their kind
says ("Type of discharge": "Planned", "Unplanned"); without it, or where a row's cell says
neither, the list does not say whether each was planned: a unit nobody left has none of either,
one somebody left leaves both not reported, and the partner is told. The residents are screened
for personal data as a register's are, never kept; a move-in after the month or a move-out
before it is an error naming its cell.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd

from collect import cells
from collect.attendance import cell, register_unit, title_of
from collect.formats import Sheet
from collect.layout import HEADER_SEARCH_ROWS, column_name, header_match
from collect.sheet_tables import HOUSING_SITES, Reading, sites_named
from core.periods import month_end, month_start, nights_open
from core.personal_data import personal_data_kind
from core.submission import Submission

# a list of residents' row says so: the exits of a unit somebody left, their kind unsaid, are
# not required of it (their `not_required_for` in core/vocabulary.yaml)
RESIDENT_LIST = {"register": "residents"}
MOVES = ("moved_in", "moved_out")
# the columns a list of residents may have: its own (core/vocabulary.yaml
# `resident_list_headers`: the resident, the moves and the kind of each move-out) and the housing
# table's unit and nights
LISTED = frozenset({"resident", *MOVES, "exit_kind", "site_id", "resident_nights"})


class ResidentList(NamedTuple):
    """Where a list of residents' header is, and the position of each of its columns."""

    row: int
    columns: dict[str, int]


class Stay(NamedTuple):
    """A resident's month: the days moved in and out within it (None when not), the nights."""

    moved_in: date | None
    moved_out: date | None
    nights: int | None


def resident_list(
    sub: Submission, sheet: Sheet, reading: Reading
) -> tuple[str, pd.DataFrame] | None:
    """The housing table's rows a list of residents gives, one per unit; None for any other
    sheet."""
    found = resident_list_header(sheet, reading)
    if found is None:
        return None
    if not {*MOVES} <= found.columns.keys():
        return "housing", moves_missing(sub, sheet, found)
    return "housing", units_month(sub, sheet, reading, found)


def resident_list_header(sheet: Sheet, reading: Reading) -> ResidentList | None:
    """The header of a list of residents, if the sheet of a partner with housing is one."""
    if "housing" not in (reading.partner.tables if reading.partner else ()):
        return None
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if (columns := resident_list_columns(row, reading)) is None:
            continue
        found = ResidentList(index, columns)
        if {*MOVES} <= columns.keys() or lists_codes(sheet, found, reading):
            return found
    return None


def lists_codes(sheet: Sheet, found: ResidentList, reading: Reading) -> bool:
    """Whether the residents' column under a header without the days moved in and out holds
    residents' codes ("BV-01"), as a list does, rather than counts of residents (3), as a
    housing table's column of that name would."""
    values = [
        cell(sheet.rows[i], found.columns["resident"])
        for i in range(found.row + 1, len(sheet.rows))
        if is_resident_row(sheet, i, found, reading)
    ]
    filled = [v for v in values if not cells.is_blank(v)]
    codes = [v for v in filled if not cells.is_figure(v)]
    return bool(filled) and len(codes) * 2 > len(filled)


def resident_list_columns(row: list[object], reading: Reading) -> dict[str, int] | None:
    """The columns a header row of a list of residents names: the resident's code and the days
    moved in and out, the unit and the nights as the housing table names them. None for a row
    naming any other column (a people register's sex or age keeps it one), or without the
    residents and both days."""
    vocab = reading.vocab
    if not any(vocab.resident_list_column(value) == "resident" for value in row):
        return None
    housing = vocab.tables["housing"]
    columns: dict[str, int] = {}
    for position, header in enumerate(row):
        if cells.is_blank(header):
            continue
        column = (
            vocab.resident_list_column(header)
            or header_match(housing, header, reading.headers).column
        )
        if column in LISTED and column not in columns:
            columns[column] = position
        elif not vocab.is_ignored_header(header):
            return None
    return columns if "resident" in columns else None


def moves_missing(sub: Submission, sheet: Sheet, found: ResidentList) -> pd.DataFrame:
    """No unit's month from a list of residents without the days they moved in and out: its
    residents at the month's end, admissions and exits cannot be told apart from those who came
    or left in it. The partner is told what to add, naming the list's header; no rows."""
    header = sheet.rows[found.row]
    sub.error(
        "resident_list_without_moves",
        sheet=sheet.name,
        row=sheet.row_number(found.row),
        column=column_name(header, found.columns["resident"]),
    )
    return pd.DataFrame(columns=["sheet", "sheet_row", "site_id"])


def units_month(
    sub: Submission, sheet: Sheet, reading: Reading, found: ResidentList
) -> pd.DataFrame:
    """Each unit's month, in the order the list first names it; its places as consortium.yaml
    gives them."""
    header = sheet.rows[found.row]
    names = {column: column_name(header, p) for column, p in found.columns.items()}
    rows = [
        i
        for i in range(found.row + 1, len(sheet.rows))
        if is_resident_row(sheet, i, found, reading)
    ]
    stays = [resident_stay(sub, sheet, reading, found, index) for index in rows]
    units, named_by = residents_units(sub, sheet, reading, found, rows)
    kinds = [exit_kind(sheet, reading, found, index) for index in rows]
    for index, stay, kind in zip(rows, stays, kinds, strict=True):
        if stay.moved_out is not None and kind is None:
            row = sheet.row_number(index)
            column = names.get("exit_kind", names["moved_out"])
            sub.warning("move_out_kind_unsaid", sheet=sheet.name, row=row, column=column)
    configured = {s.id: s.places for s in reading.partner.sites} if reading.partner else {}
    order = list(dict.fromkeys(unit for unit in units if unit is not None))
    of = {unit: [s for s, u in zip(stays, units, strict=True) if u == unit] for unit in order}
    left = {
        unit: [k for s, k, u in zip(stays, kinds, units, strict=True) if u == unit and s.moved_out]
        for unit in order
    }
    # a unit's exits of each kind, not reported when a move-out's kind is unsaid
    exits = {
        kind: [None if None in left[unit] else left[unit].count(kind) for unit in order]
        for kind in ("planned", "unplanned")
    }
    nights = [[s.nights for s in of[unit]] for unit in order]
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name] * len(order),
            "sheet_row": [sheet.row_number(rows[units.index(unit)]) for unit in order],
            "site_id": order,
            "places": [configured.get(unit) for unit in order],
            "residents": [sum(s.moved_out is None for s in of[unit]) for unit in order],
            "resident_nights": pd.array(
                [None if None in n else sum(n) for n in nights], dtype=object
            ),
            "admissions": [sum(s.moved_in is not None for s in of[unit]) for unit in order],
            "exits_planned": pd.array(exits["planned"], dtype=object),
            "exits_unplanned": pd.array(exits["unplanned"], dtype=object),
            **{column: [value] * len(order) for column, value in RESIDENT_LIST.items()},
        }
    )
    moves = f"{names['moved_in']} – {names['moved_out']}"
    frame.attrs["headers"] = {
        "site_id": names.get("site_id", named_by),
        "places": "consortium.yaml",
        "residents": names["resident"],
        "resident_nights": names.get("resident_nights", moves),
        "admissions": names["moved_in"],
        "exits_planned": names.get("exit_kind", names["moved_out"]),
        "exits_unplanned": names.get("exit_kind", names["moved_out"]),
    }
    return frame


def exit_kind(sheet: Sheet, reading: Reading, found: ResidentList, index: int) -> str | None:
    """Whether a row's move-out ended the stay as planned, as its column of their kind says
    ("planned", "unplanned"); None without that column or a word of it."""
    position = found.columns.get("exit_kind")
    return None if position is None else reading.vocab.exit_kind(cell(sheet.rows[index], position))


def is_resident_row(sheet: Sheet, index: int, found: ResidentList, reading: Reading) -> bool:
    """Whether a row below the header is a resident's: something under the list's columns, no
    totals ("Totalt") nor a note ("Merk: ...") among them."""
    values = [cell(sheet.rows[index], p) for p in found.columns.values()]
    filled = [v for v in values if not cells.is_blank(v)]
    return bool(filled) and not any(
        reading.vocab.is_totals_label(v) or reading.vocab.begins_note(v) for v in filled
    )


def resident_stay(
    sub: Submission, sheet: Sheet, reading: Reading, found: ResidentList, index: int
) -> Stay:
    """A resident's row: the days moved in and out, and the nights, the row's own or else those
    from the move-in (or the month's first day) to the night before the move-out (or the month's
    last). The resident's code is screened for personal data and never kept."""
    row, number = sheet.rows[index], sheet.row_number(index)
    header = sheet.rows[found.row]
    resident = found.columns["resident"]
    if kind := personal_data_kind(cell(row, resident), free_text=False):
        column = column_name(header, resident)
        sub.error(f"personal_data_{kind}", sheet=sheet.name, row=number, column=column)
    moves = [moved_on(sub, sheet, reading, found, index, move) for move in MOVES]
    written = found.columns.get("resident_nights")
    value = None if written is None else cell(row, written)
    month = reading.month
    in_month = [day if day and month and f"{day:%Y-%m}" == month else None for day in moves]
    if cells.is_blank(value) or cells.says_no_figure(value):
        moved_in, moved_out = moves
        last_night = moved_out - timedelta(days=1) if moved_out else None
        nights = nights_open(month, moved_in, last_night) if month else None
        return Stay(*in_month, nights)
    try:
        nights = cells.parse_integer(value, counted_in="nights", language=reading.language)
    except cells.CellError as failed:
        sub.error(failed.rule, sheet=sheet.name, row=number, column=column_name(header, written))
        nights = None
    return Stay(*in_month, nights)


def moved_on(
    sub: Submission, sheet: Sheet, reading: Reading, found: ResidentList, index: int, move: str
) -> date | None:
    """The day a row's resident moved in or out (`move`), None when blank. A running list keeps
    a resident's move-in of an earlier month and may give a move-out planned for a later one;
    a cell that is no date, a move-in after the file's month or a move-out before it (the
    resident was not there) is an error naming it."""
    position = found.columns[move]
    value = cell(sheet.rows[index], position)
    if cells.is_blank(value):
        return None
    where = {
        "sheet": sheet.name,
        "row": sheet.row_number(index),
        "column": column_name(sheet.rows[found.row], position),
    }
    try:
        day = cells.parse_date_cell(
            value,
            date1904=reading.date1904,
            language=reading.language,
            year=reading.year,
            month=reading.month,
        )
    except cells.CellError as failed:
        sub.error(failed.rule, **where)
        return None
    month = reading.month
    if month and (day > month_end(month) if move == "moved_in" else day < month_start(month)):
        sub.error("date_outside_month", **where)
        return None
    return day


def residents_units(
    sub: Submission, sheet: Sheet, reading: Reading, found: ResidentList, rows: list[int]
) -> tuple[list[object], str]:
    """Each resident's unit, as a housing sheet's column of units names it, and what names
    them: the column's header, or without one the sheet's name or title ("BF-BG1"); a blank
    cell of the column is an error naming it, its resident in no unit."""
    position = found.columns.get("site_id")
    if position is None:
        unit, named_by = register_unit(sheet, title_of(sheet, found.row), reading)
        return [unit or sheet.name] * len(rows), named_by
    header = column_name(sheet.rows[found.row], position)
    texts = [cell(sheet.rows[index], position) for index in rows]
    for index in (i for i, text in zip(rows, texts, strict=True) if cells.is_blank(text)):
        sub.error(
            "value_required",
            sheet=sheet.name,
            row=sheet.row_number(index),
            column=header,
            table="housing",
        )
    named = [text for text in texts if not cells.is_blank(text)]
    sites = iter(
        sites_named(sub, sheet.name, header, np.array(named, dtype=object), HOUSING_SITES, reading)
    )
    return [None if cells.is_blank(text) else next(sites) for text in texts], header
