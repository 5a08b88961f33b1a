"""Attendance registers: a sheet listing a group's people down a column and its meetings across,
one column a day (a date, or a day of the file's month), with a mark under each day for each
person present ("x", "1", "✓"). Each day is one meeting of the groups table, its participants
the marks under it.

Only the counts are kept. The column of people is screened as a code column is (names, identity
numbers, e-mail addresses, phone numbers refuse the file), and never read into any table.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from collect.cells import CellError, is_blank, parse_date
from collect.formats import Sheet
from collect.sheet_tables import Reading, column_name
from core.personal_data import personal_data_kind
from core.submission import Submission
from core.vocabulary import UNCLASSIFIED, normalise

# a register has at least this many days across its header row
MIN_MEETINGS = 2
HEADER_SEARCH_ROWS = 30


def attendance_register(sub: Submission, sheet: Sheet, reading: Reading) -> pd.DataFrame | None:
    """The groups table of a sheet that is an attendance register, when the partner reports
    groups; None for any other sheet."""
    if reading.partner is None or "groups" not in reading.partner.tables:
        return None
    found = register_header(sheet, reading)
    if found is None:
        return None
    header_row, person, days = found
    header, row = sheet.rows[header_row], sheet.row_number(header_row)
    person_header = column_name(header, person)
    if reading.vocab.is_personal_header(person_header, "people"):
        sub.error("personal_data_column", sheet=sheet.name, row=row, column=person_header)
        return None
    people = [
        index
        for index in range(header_row + 1, len(sheet.rows))
        if not reading.vocab.is_totals_label(cell(sheet.rows[index], person))
    ]
    if not only_marks([sheet.rows[i] for i in people], days):
        return None
    present = dict.fromkeys(days, 0)
    for index in people:
        marks = [p for p in days if is_present(cell(sheet.rows[index], p), reading)]
        who = cell(sheet.rows[index], person)
        if not marks and is_blank(who):
            continue
        if kind := personal_data_kind(who, free_text=False):
            sub.error(
                f"personal_data_{kind}",
                sheet=sheet.name,
                row=sheet.row_number(index),
                column=person_header,
            )
        for position in marks:
            present[position] += 1
    for position, count in present.items():
        if not count:
            # a day nobody came to: the meeting did not take place
            sub.warning(
                "row_cancelled", sheet=sheet.name, row=row, column=column_name(header, position)
            )
    held = [p for p, count in present.items() if count]
    kind_text = register_kind_text(sheet, header_row, reading)
    kind = reading.classify("activity_kind", kind_text) if kind_text else UNCLASSIFIED
    if kind == UNCLASSIFIED:
        sub.warning(
            "kind_column_missing",
            sheet=sheet.name,
            row=row,
            column=reading.header(reading.vocab.tables["groups"], "activity_kind"),
        )
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name] * len(held),
            "sheet_row": [row] * len(held),
            "held_on": [days[p] for p in held],
            "activity_kind": [kind] * len(held),
            "activity_kind_text": [kind_text] * len(held),
            "participants": pd.array([present[p] for p in held], dtype=object),
        }
    )
    frame.attrs["headers"] = {
        "held_on": column_name(header, held[0]) if held else "",
        "participants": person_header,
        "activity_kind": kind_text or sheet.name,
    }
    return frame


def register_header(sheet: Sheet, reading: Reading) -> tuple[int, int, dict[int, date]] | None:
    """The header row of a register, the position of its column of people (the last filled cell
    before the first day) and each day's position."""
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        days = {p: day for p, value in enumerate(row) if (day := as_day(value, reading))}
        if len(days) < MIN_MEETINGS or list(days.values()) != sorted(set(days.values())):
            continue
        before = [p for p in range(min(days)) if not is_blank(row[p])]
        if not before or any(as_day(row[p], reading) for p in before):
            return None
        return index, before[-1], days
    return None


def as_day(value: object, reading: Reading) -> date | None:
    """A header cell's day: an Excel date, a date as the partner writes it (`6. 5.`), or a day
    of the month the file states (6)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and reading.month:
        if not float(value).is_integer():
            return None
        try:
            return date(int(reading.month[:4]), int(reading.month[5:7]), int(value))
        except ValueError:
            return None
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value, language=reading.language, year=reading.year)
    except CellError:
        return None


def only_marks(rows: list[list[object]], days: dict[int, date]) -> bool:
    """Whether the people's cells under the days are marks, not figures: a number other than 0
    or 1 (the hours of a client's sessions, day by day) makes the sheet no attendance register."""
    return not any(
        isinstance(value, int | float) and not isinstance(value, bool) and value not in (0, 1)
        for row in rows
        for value in (cell(row, p) for p in days)
    )


def cell(row: list[object], position: int) -> object:
    return row[position] if position < len(row) else None


def is_present(value: object, reading: Reading) -> bool:
    """A mark of a person present: anything but blank, zero, a dash or a word for absent; a
    sign ("✓", "+") is a mark."""
    if is_blank(value):
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0
    text = str(value).strip()
    if not normalise(text):
        return text.strip("-–—/") != ""
    return (
        not reading.vocab.not_applicable(text) and normalise(text) not in reading.vocab.absent_words
    )


def register_kind_text(sheet: Sheet, header_row: int, reading: Reading) -> str | None:
    """What the register says its group is: the sheet's name when it names a kind of activity,
    else its title above the header ("Lista obecności – Klub Abstynenta")."""
    if reading.classify("activity_kind", sheet.name) != UNCLASSIFIED:
        return sheet.name
    titles = [
        str(value).strip()
        for row in sheet.rows[:header_row]
        for value in row
        if isinstance(value, str) and value.strip()
    ]
    return " ".join(titles) or None
