"""A located sheet read into canonical tables: each cell parsed, the free text of coded columns
classified (its text kept beside the code), user codes written one way, and in a mixed activity
log each row sent to the table its kind of service belongs to, with its lineage (sheet, row)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property, partial

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter
from rapidfuzz import fuzz, process

from collect.cells import (
    MAX_DAY,
    CellError,
    day_number,
    hours_from,
    is_blank,
    is_figure,
    is_time_span,
    parse_date,
    parse_hours,
    parse_number,
    parse_text,
    plain_length,
    says_its_unit,
)
from collect.formats import Parts, Sheet, column_hidden
from collect.layout import (
    FILLED_FROM_KIND,
    PARTICIPANTS,
    Layout,
    column_name,
    exact_columns,
    given_in_parts,
    header_match,
)
from collect.rows import (
    COUNT_TYPES,
    COUNTED_IN,
    PARSERS,
    Columns,
    average_rows,
    blank_rows,
    cancelled_rows,
    figure_in,
    filled_cells,
    grid_of,
    holds_error_cell,
    memo,
    not_held_rows,
    note_rows,
    parse_column,
    per_value,
    ragged_rows,
    results_of,
    subtotal_rows,
    totals_rows,
    unlabelled_sums_rows,
    week_label_rows,
)
from collect.stated import month_named, period_in_text
from core.config import Partner, UserCodes
from core.identifiers import EMAIL, MIN_ID_DIGITS, MIN_LABELLED_DIGITS, has_national_id
from core.periods import month_end
from core.personal_data import may_be_a_name, personal_data_kind
from core.submission import Submission
from core.vocabulary import (
    FIRST_NAMED,
    MAX_AGE,
    UNCLASSIFIED,
    Column,
    Table,
    Vocabulary,
    normalise,
    word_key,
)

CANDIDATE_CUTOFF = 55
SITE_COLUMNS = frozenset({"site_id", "housing_unit"})
# the kind of a counselling session that is a call: a row of a log naming it and a client is one
CALL = "phone"
GROUP_SESSION = "group"
# the sites a housing sheet or a person's housing unit may name
HOUSING_SITES = frozenset({"housing"})
# an unclassified value never repeated back: a date or a year, which may be someone's birth date
DATE_OR_YEAR = re.compile(r"\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}|(?<!\d)(19|20)\d\d(?!\d)")
# a year of birth, as a column of them holds it
BIRTH_YEAR = re.compile(r"(19|20)\d\d")
DIGIT = re.compile(r"\d")
# a whole date with its year of four digits, as a date of birth is written
BIRTH_DATE = re.compile(
    r"\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(19|20)\d\d\.?|(19|20)\d\d-\d{1,2}-\d{1,2}"
)
# a number cell holds an identity number only with 10 to 13 digits
MIN_ID_VALUE, MAX_ID_VALUE = 10 ** (MIN_ID_DIGITS - 1), 10**13


# In a table frame's attrs: its rows' kind came from the sheet's name (a sheet per kind).
KIND_FROM_SHEET = "kind_from_sheet"
# In a table frame's attrs: the required columns the sheet gives in no way (missing, or counted
# as unclassified).
LACKING = "lacking"

# how the column of a time of day is read: its span, or a length of time
TIME_TYPES = {"span": "time_span", "duration": "hours"}
# a plain number under a header of the time of day is a length in hours up to this
MAX_PLAIN_HOURS = 12
# whole numbers under a duration's header naming no unit ("Trajanje": 60, 45, 90) are minutes
# when each is a multiple of MINUTE_STEP from FEWEST_MINUTES on and most are up to MOST_MINUTES,
# a session's length: nobody holds a session of 60 hours
FEWEST_MINUTES = 15
MINUTES_IN_HOUR = 60
# more than this share of a column's cells read as codes: it is a column of those codes
MOSTLY = 0.5
MINUTE_STEP = 5
MOST_MINUTES = 240
# a helpline's call lasts at most this many hours: a bare number above it is its minutes (5, 12)
LONGEST_CALL_HOURS = 2
# a course may well last 20 or 40 hours: a duration of a table of them is never taken for minutes
HOURS_BEYOND_A_DAY = frozenset({"trainings"})
# a partner's own range of ages ("25-34", "30 – 39 let", "60+"), maybe with its unit
AGE_RANGE = re.compile(r"\d{1,3}\s*(?:[-–]\s*\d{1,3}|\+)(?:\s*[^\W\d_]+\.?)?")
# a coded column given as its categories, each row ticking one ("Spol" over "M | Ž")
TICKED = "ticked"
# what a partner is told of values naming several codes, by code set (core.vocabulary.FIRST_NAMED)
SEVERAL_CODES_RULES = {
    "main_addiction": "value_several_codes",
    "audience": "value_several_audiences",
}
# the tables of sessions and meetings, whose row a cell may say did not take place
EVENT_TABLES = frozenset({"counselling", "groups", "trainings"})


@dataclass(frozen=True)
class Reading:
    """What reading a sheet needs besides the sheet: the words, the partner's language and its
    confirmed mapping (consortium.yaml), how user codes are written, the workbook's epoch."""

    vocab: Vocabulary
    partner: Partner | None
    user_codes: UserCodes = field(default_factory=UserCodes)
    date1904: bool = False
    # the month the file states (YYYY-MM), for dates written without a year ("5. 3.") or as
    # days alone (an attendance register's 6, 13, 20)
    month: str | None = None
    # the file's name as sent, which may say the kind of every row ("Grupa podrške - listopad")
    file_name: str = ""
    # the year the file states without a month ("Ettervernsgruppe 2026"), for its weeks
    stated_year: int | None = None

    @property
    def year(self) -> int | None:
        return int(self.month[:4]) if self.month else self.stated_year

    @property
    def language(self) -> str:
        return self.partner.language if self.partner else "en"

    @cached_property
    def headers(self) -> dict[str, str]:
        return self.partner.mapping.header_columns() if self.partner else {}

    @cached_property
    def _values(self) -> dict[str, dict[str, str]]:
        return {
            code_set: self.partner.mapping.code_values(code_set) if self.partner else {}
            for code_set in self.vocab.code_words
        }

    @cached_property
    def site_ids(self) -> dict[str, str]:
        """The partner's sites (consortium.yaml) by their id and by their name, compared as
        headers are: "Bivanjska skupnost Celje 1" and "bs-ce1" are BS-CE1."""
        sites = self.partner.sites if self.partner else []
        return {normalise(key): site.id for site in sites for key in (site.id, site.name)}

    def site_id(self, text: object, kinds: frozenset[str] | None = None) -> object:
        """The configured id of the site a cell names, by its id, its name or a part of its
        name only one of the partner's sites (of `kinds`) holds; the cell as written when none."""
        if text is None:
            return text
        key = normalise(text)
        return (
            self.site_ids.get(key)
            or self.site_by_words(key, kinds)
            or self.site_by_id_end(key, kinds)
            or text
        )

    def site_by_id_end(self, key: str, kinds: frozenset[str] | None) -> str | None:
        """The one site whose id ends as the cell does without its prefix ("LJ 1", "LJ1" for
        BS-LJ1), three letters and digits at least."""
        tail = key.replace(" ", "")
        if len(tail) < 3 or not any(ch.isdigit() for ch in tail):
            return None
        found = [
            site.id
            for site in (self.partner.sites if self.partner else [])
            if (kinds is None or site.kind in kinds)
            and normalise(site.id).replace(" ", "").endswith(tail)
        ]
        return found[0] if len(found) == 1 else None

    def site_by_words(self, key: str, kinds: frozenset[str] | None) -> str | None:
        """The one site whose id and name hold every word of `key` ("Koper", "BS Maribor"),
        a word of three letters or more among them."""
        words = set(key.split())
        if not any(len(word) >= 3 and word.isalpha() for word in words):
            return None
        found = [
            site.id
            for site in (self.partner.sites if self.partner else [])
            if (kinds is None or site.kind in kinds)
            and words <= set(normalise(f"{site.id} {site.name}").split())
        ]
        return found[0] if len(found) == 1 else None

    def classify(self, code_set: str, text: object) -> str | None:
        return None if text is None else self.vocab.classify(code_set, text, self._values[code_set])

    def kind_codes(self, table: str) -> str | None:
        """The code set of a table's kind column, if it has one."""
        spec = self.vocab.tables[table]
        return spec.columns[spec.kind_column].codes if spec.kind_column else None

    def kind_evidence(self, table: str, code_set: str, text: object) -> tuple[bool, bool, int]:
        """How surely a kind of activity is the table's: known word for word (the partner's
        mapping or the vocabulary's words), naming the table, the length of the rule's keyword."""
        known = normalise(text) in self._values[code_set] or self.vocab.code(code_set, text)
        return (
            bool(known),
            self.vocab.names_table(table, text),
            self.vocab.keyword_length(code_set, text),
        )

    def several_codes(self, code_set: str, text: object) -> bool:
        """Whether a value the partner has not mapped names more than one code by keyword
        ("alkohol, droge"): it is counted under the one `classify` gives."""
        key = normalise(text)
        return (
            text is not None
            and key not in self._values[code_set]
            and self.vocab.code(code_set, text) is None
            and len(self.vocab.codes_named(code_set, text)) > 1
        )

    def header(self, table: Table, column: str) -> str:
        """The template's header of a column in the partner's language."""
        header = table.header(column, self.language)
        return header[:1].upper() + header[1:]


def sheet_tables(
    sub: Submission, sheet: Sheet, layout: Layout, reading: Reading
) -> dict[str, pd.DataFrame]:
    """The sheet's rows in the canonical tables they belong to (the main table even when empty)."""
    header_row = layout.header_row
    first = header_row + 1
    other_months = rows_of_other_months(sheet, layout, first, reading)
    months_read = month_position(sheet, layout, reading) if other_months else None
    occupancy = occupancy_position(sheet, layout, reading)
    used, unknown = used_positions(sub, sheet, layout, reading, months_read, occupancy)
    times = time_range_positions(sub, sheet, layout, used, reading)
    in_parts = columns_in_parts(sub, sheet, layout, used, reading)
    parts = {
        p: "text" if kind == TICKED else kind
        for by in in_parts.values()
        for parted, kind in by.values()
        for p in parted.read
    }
    positions = sorted(
        {p for by in used.values() for p in by.values()}
        | set(times.values())
        | parts.keys()
        | ({occupancy} if occupancy is not None else set())
    )
    body = sheet.rows[first:]
    grid = grid_of(body, max(positions, default=0) + 1)
    refuse_personal_data(sub, sheet, header_row, grid)
    raw = {p: grid[:, p] for p in positions}
    headers = {p: layout.header(sheet, p) for p in positions}
    error_rows = {
        p: {r: rule for (r, col), rule in sheet.error_cells.items() if col == p + 1}
        for p in positions
    }
    columns = Columns(grid)
    totals = totals_rows(columns, reading.vocab)
    totals |= subtotal_rows(columns, totals, reading.vocab)
    averages = average_rows(columns, reading.vocab)
    filled = filled_cells(columns, positions)
    totals |= unlabelled_sums_rows(grid, (filled > 0) & ~totals & ~averages, totals)
    keep = (filled > 0) & ~totals & ~averages & ~week_label_rows(raw, filled, reading.vocab)
    repeated = keep & header_rows(grid, sheet.rows[header_row], positions)
    for index in np.flatnonzero(repeated):
        sub.warning("header_repeated", sheet=sheet.name, row=sheet.row_number(first + index))
    keep &= ~repeated
    if len(body) and keep[0] and hint_row(grid[0]):
        # "(dd.mm.rrrr) | (wybierz z listy) | (liczba osób)" under the header: how to fill it in
        sub.warning("hint_row", sheet=sheet.name, row=sheet.row_number(first))
        keep[0] = False
    if other_months:
        sub.warning(
            "rows_of_other_months",
            sheet=sheet.name,
            row=sheet.row_number(first + min(other_months)),
            months=", ".join(sorted(set(other_months.values()))),
            period=reading.month,
            in_rows=len(other_months),
        )
        keep[list(other_months)] = False
    notes = note_rows(grid, keep, reading.vocab, min(positions, default=0))
    for index in np.flatnonzero(notes):
        sub.warning("note_row", sheet=sheet.name, row=sheet.row_number(first + index))
    types = {p: position_type(layout, used, p, headers[p], reading.vocab) for p in positions}
    durations = [p for p, kind in types.items() if kind == "hours"]
    types |= {p: TIME_TYPES.get(end, "time") for end, p in times.items()}
    types |= parts
    types |= {} if occupancy is None else {occupancy: "share"}
    # "Udeleženci (M/Ž)" of "5/7": the count in the parts its header names
    types |= {
        p: "integer_parts"
        for p in positions
        if types[p] == "integer" and reading.vocab.names_parts_by_slash(headers[p])
    }
    refuse_merged_figures(
        sub, sheet, first, {p: headers[p] for p in positions if types[p] in COUNT_TYPES}
    )
    for p in (p for p in positions if types[p] == "school_hours"):
        row = sheet.row_number(header_row)
        sub.warning("read_as_school_hours", sheet=sheet.name, row=row, column=headers[p])
    for p in (p for p in durations if reading.vocab.counts_days(headers[p])):
        # "Trajanje (dni)": a course's days, whose hours the report cannot tell
        row = sheet.row_number(header_row)
        sub.error("hours_in_days", sheet=sheet.name, row=row, column=headers[p])
    # a row's figures, and the times its hours are counted from ("10:00-11:00", "Od", "Do")
    counts = [p for p in positions if types[p] in COUNT_TYPES] + list(times.values())
    people = [
        p for p in (layout.position(t, "participants") for t in layout.tables) if p is not None
    ] + [p for by in in_parts.values() if PARTICIPANTS in by for p in by[PARTICIPANTS][0].read]
    cancelled = cancelled_rows(columns, keep & ~notes, counts, people, reading.vocab)
    for index in np.flatnonzero(cancelled):
        sub.warning("row_cancelled", sheet=sheet.name, row=sheet.row_number(first + index))
    if EVENT_TABLES.issuperset(layout.tables):
        header = sheet.rows[header_row]
        not_held = not_held_rows(
            columns,
            [column_name(header, p) for p in range(grid.shape[1])],
            keep & ~notes & ~cancelled,
            {p for t in layout.tables if (p := layout.position(t, "user_code")) is not None},
            reading.vocab,
        )
        blank = blank_rows(columns, counts)
        for index in np.flatnonzero(not_held):
            rule = "row_cancelled" if blank[index] else "row_not_held"
            sub.warning(rule, sheet=sheet.name, row=sheet.row_number(first + index))
        cancelled |= not_held
    # a row with an Excel error cell is kept to be reported, unless it is a totals row
    keep = (keep & ~notes & ~cancelled) | (holds_error_cell(error_rows, first, len(body)) & ~totals)
    if sheet.from_text:
        keep &= ~ragged_rows(sub, sheet, header_row, keep)
    indices = np.flatnonzero(keep)
    calls = logs_calls(sheet, layout, reading)
    for p in durations if HOURS_BEYOND_A_DAY.isdisjoint(layout.tables) else ():
        if types[p] == "hours" and (
            rule := minutes_unsaid(raw[p][indices], headers[p], reading.vocab, calls=calls)
        ):
            types[p] = "minutes"
            row = sheet.row_number(header_row)
            sub.warning(rule, sheet=sheet.name, row=row, column=headers[p])
    sheet_indices = (indices + first).tolist()
    lineage = (
        indices + first + 1 if sheet.lines is None else np.asarray(sheet.lines)[indices + first]
    )
    parsed = {
        p: parse_column(
            sub,
            types[p],
            raw[p][indices],
            sheet,
            sheet_indices,
            headers[p],
            date1904=reading.date1904,
            language=reading.language,
            year=reading.year,
            month=reading.month,
            error_rows=error_rows[p],
        )
        for p in positions
    }
    # a partner's totals checked against the rows (not in a sheet of people: ages and scores)
    summed = [p for p in positions if types[p] in COUNT_TYPES and layout.main != "people"]
    for index, position in totals_disagreeing(grid, totals, indices, parsed, types, summed):
        sub.warning(
            "totals_disagree",
            sheet=sheet.name,
            row=sheet.row_number(first + index),
            column=headers[position],
        )
    route = routes(layout, parsed, len(indices), reading)
    out = {}
    for table in layout.tables:
        rows = np.flatnonzero(route == table)
        if table != layout.main and not len(rows):
            continue
        spec = reading.vocab.tables[table]
        out[table] = table_frame(
            sub,
            sheet,
            layout,
            spec,
            used[table],
            parsed,
            rows,
            lineage,
            headers,
            reading,
            times,
            in_parts.get(table, {}),
            occupancy,
        )
    # a column of a table no row went to ("Tema" of a group, in a sheet of calls) is not read
    read = {p for table in out for p in used[table].values()}
    for position in sorted({p for by in used.values() for p in by.values()} - read):
        if not all(is_blank(v) for v in raw[position][indices]):
            sub.warning(
                "column_ignored",
                sheet=sheet.name,
                row=sheet.row_number(header_row),
                column=headers[position],
            )
    lacking = bool(out[layout.main].attrs[LACKING])
    for position in unknown:
        header = layout.header(sheet, position)
        if set(reading.vocab.undivided_parts(header)) & set(out[layout.main].attrs[LACKING]):
            continue  # told as the columns it gives undivided (table_frame)
        main = reading.vocab.tables[layout.main]
        row = sheet.row_number(header_row)
        header_problem(sub, sheet.name, row, header, main, reading, layout.filled, lacking)
    return out


def refuse_merged_figures(
    sub: Submission, sheet: Sheet, first: int, figures: dict[int, str]
) -> None:
    """A figure merged down over rows (hours, participants, nights) is filled into each, which
    may be each row's or a total of them all: the partner is asked to write each row's own. A
    date or a kind merged over a day's sessions is each row's, as it is filled."""
    top = sheet.row_number(first) if first < len(sheet.rows) else None
    for first_row, last_row, column in sheet.merged_down:
        position = column - sheet.offset
        if position in figures and top is not None and first_row >= top:
            sub.error(
                "figure_merged",
                sheet=sheet.name,
                row=first_row,
                column=figures[position],
                value=merged_value(sheet, first_row, position),
                first=first_row,
                last=last_row,
            )


def merged_value(sheet: Sheet, row: int, position: int) -> object:
    """The value of the cell at the row number the partner sees, as written."""
    index = sheet.lines.index(row) if sheet.lines is not None and row in sheet.lines else row - 1
    cells_of_row = sheet.rows[index] if 0 <= index < len(sheet.rows) else []
    value = cells_of_row[position] if position < len(cells_of_row) else None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def totals_disagreeing(
    grid: np.ndarray,
    totals: np.ndarray,
    indices: np.ndarray,
    parsed: dict[int, np.ndarray],
    types: dict[int, str],
    positions: list[int],
) -> list[tuple[int, int]]:
    """(row, position) of each figure of a partner's totals row that is neither the sum of the
    rows read above it nor of those since the totals row before (a week's subtotal), nor, at
    the top of a list, of all its rows: a row missing, hidden or written twice, or a formula
    that leaves rows out. A total over a cell that could not be read is not checked: that cell
    is the error to fix, and counted as 0 it would make the total seem wrong."""
    found = []
    for position in positions:
        values = np.array([0.0 if v is None else float(v) for v in parsed[position]])
        unread = np.array(
            [
                v is None and not is_blank(grid[i, position])
                for v, i in zip(parsed[position], indices, strict=True)
            ],
            dtype=bool,
        )
        since = -1
        for row in np.flatnonzero(totals):
            stated = quiet_number(grid[row, position], types[position])
            above = indices < row
            sums = (values[above].sum(), values[above & (indices > since)].sum())
            if not above.any():
                sums, above = (values.sum(),), np.ones(len(indices), dtype=bool)
            if unread[above].any():
                stated = None
            if stated is not None and not any(near(stated, counted) for counted in sums):
                found.append((int(row), position))
            since = row
    return sorted(found)


def quiet_number(value: object, column_type: str) -> float | None:
    """A totals cell as the column's figures are read, or None when it gives none."""
    if is_blank(value):
        return None
    try:
        number = PARSERS[column_type](value)
    except CellError:
        return None
    return float(number) if isinstance(number, int | float) else None


def near(stated: float, counted: float) -> bool:
    """Equal but for the rounding of a total written with fewer decimals."""
    return abs(stated - counted) <= 0.05 + 1e-9 * abs(counted)


def rows_of_other_months(
    sheet: Sheet, layout: Layout, first: int, reading: Reading
) -> dict[int, str]:
    """Rows (by index under the header) of a table without dates, a month a row (a housing
    unit's year), whose column of the month names another month than the file's, with that
    month: left unread, when some row names the file's month."""
    dated = any(c.type == "date" for c in reading.vocab.tables[layout.main].columns.values())
    position = month_position(sheet, layout, reading)
    if reading.month is None or dated or position is None:
        return {}
    found = {
        index: month_in(row[position] if position < len(row) else None, reading)
        for index, row in enumerate(sheet.rows[first:])
    }
    if reading.month not in found.values():
        return {}
    return {i: month for i, month in found.items() if month and month != reading.month}


def month_position(sheet: Sheet, layout: Layout, reading: Reading) -> int | None:
    """The position of the one column headed by a word for the month ("Mesec"), if one."""
    header = sheet.rows[layout.header_row]
    found = [
        p
        for p, h in enumerate(header)
        if isinstance(h, str) and normalise(h) in reading.vocab.period_words
    ]
    return found[0] if len(found) == 1 else None


def month_in(value: object, reading: Reading) -> str | None:
    """The month (YYYY-MM) a cell of the month names, in the file's year when it gives none
    ("oktober", "10"); None when it names no month."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        value = str(int(value))
    if not isinstance(value, str) or not value.strip():
        return None
    if stated := period_in_text(value, reading.vocab, reading.language):
        return stated
    month = month_named(value, reading.vocab, reading.language)
    return f"{reading.month[:4]}-{month:02d}" if reading.month and month else None


def header_rows(grid: np.ndarray, header: list[object], positions: list[int]) -> np.ndarray:
    """Rows that repeat the header cell for cell in every column read (a header printed on each
    page of a long list)."""
    repeated = np.full(len(grid), len(positions) > 1, dtype=bool)
    for position in positions:
        if not repeated.any():
            break
        repeated &= grid[:, position] == header[position]
    return repeated


def time_range_positions(
    sub: Submission,
    sheet: Sheet,
    layout: Layout,
    used: dict[str, dict[str, int]],
    reading: Reading,
) -> dict[str, int]:
    """ "start" and "end" -> the positions of the time each session or meeting began and ended,
    or "span" -> that of its time of day written as a span ("17:30–19:00"), when the sheet has no
    column of hours: its hours are the time between. Any other column of times (one end alone,
    a time of day beside a column of hours) is left unread, with a warning."""
    found: dict[str, list[int]] = {}
    for position, by_table in layout.columns.items():
        header = layout.header(sheet, position)
        if not by_table and (end := reading.vocab.time_range_end(header)):
            found.setdefault(end, []).append(position)
    if (days := column_of_days(sheet, layout, used, found, reading)) is not None:
        found[days[0]].remove(days[1])
    hours_given = any("hours" in by for by in used.values())
    wanted = any("hours" in reading.vocab.tables[t].columns for t in layout.tables)
    times: dict[str, int] = {}
    if wanted and not hours_given and len(found.get("start", [])) == len(found.get("end", [])) == 1:
        times = {"start": found["start"][0], "end": found["end"][0]}
    elif wanted and not hours_given:
        spans = [p for p in found.get("span", []) if holds_time_spans(sheet, layout, p)]
        lengths = [p for p in found.get("span", []) if holds_durations(sheet, layout, p)]
        if len(spans) == 1:
            times = {"span": spans[0]}
        elif len(lengths) == 1:
            # "Czas", "Tid" holding "2 godz.", "1,5": how long, not when
            times = {"duration": lengths[0]}
    row = sheet.row_number(layout.header_row)
    for position in sorted({p for ps in found.values() for p in ps} - set(times.values())):
        header = layout.header(sheet, position)
        sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
    return times


def column_of_days(
    sheet: Sheet,
    layout: Layout,
    used: dict[str, dict[str, int]],
    found: dict[str, list[int]],
    reading: Reading,
) -> tuple[str, int] | None:
    """The kind and position of a column of the time of day that gives days, made the date of
    each table without one: a "Start" (a course of several days; its "End" is then left
    unread), else a time of day ("Termin", Polish for the day a meeting was held: "12.10.2026
    r.") that some table takes as its date."""
    for kind in ("start", "span"):
        columns = found.get(kind, [])
        if len(columns) != 1 or not holds_days(sheet, layout, columns[0], reading):
            continue
        if dated_by(columns[0], layout, used, reading) or kind == "start":
            return kind, columns[0]
    return None


def dated_by(
    position: int, layout: Layout, used: dict[str, dict[str, int]], reading: Reading
) -> bool:
    """Make the column at `position` the date of each table without one; whether any took it."""
    taken = False
    for table in layout.tables:
        columns = reading.vocab.tables[table].columns
        dated = next((c for c, column in columns.items() if column.type == "date"), None)
        if dated and dated not in used[table]:
            used[table][dated] = position
            taken = True
    return taken


def holds_days(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether every filled cell of a column is a day, none a time of day."""
    values = filled_under(sheet, layout, position)
    return bool(values) and all(day_of(v, reading) for v in values)


def gives_days(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether a column under a header of the day or the week ("Dan", "Dzień", "Uke") dates its
    rows: each filled cell, but a totals row's label, a date, a week ("Uke 45") or, under a
    day's header, a day of the month (3, "17."; dated by the file's month). Week numbers alone
    (1, 2 under "Teden") are no days: they may be weeks of the month."""
    days = reading.vocab.may_head_dates(layout.header(sheet, position))
    values = [
        v
        for v in filled_under(sheet, layout, position)
        if not reading.vocab.is_totals_label(v) and not reading.vocab.is_average_label(v)
    ]
    return bool(values) and all(
        day_of(v, reading)
        or reading.vocab.week_number(v) is not None
        or (days and 1 <= (day_number(v) or 0) <= MAX_DAY)
        for v in values
    )


def holds_durations(sheet: Sheet, layout: Layout, position: int) -> bool:
    """Whether a column under a header of the time of day gives how long, not when: every
    filled cell a length of up to MAX_PLAIN_HOURS ("2 godz.", "1,5", "1:30"), none a time of
    day."""
    lengths = [plain_length(v) for v in filled_under(sheet, layout, position)]
    return bool(lengths) and all(x is not None and 0 < x <= MAX_PLAIN_HOURS for x in lengths)


def minutes_unsaid(
    values: np.ndarray, header: str, vocab: Vocabulary, *, calls: bool = False
) -> str | None:
    """The warning to give when the bare numbers of a column's durations are minutes its header
    does not name, as a person reads them; None when they are hours. Under a header naming no
    unit ("Trajanje", "Varighet"), each bare number a whole one, a multiple of 5 from 15 on,
    most up to 240 (60, 45, 90), or in a log of `calls` any above the hours a call may last (5,
    12, 7): "read_as_minutes", or "read_as_minutes_beside_units" when the column's other cells
    say their unit ("1:00", "1 h", "45 min": read as written). A decimal or a small number
    leaves them hours."""
    if not vocab.names_no_unit(header):
        return None
    wholes = [(v, whole_number(v)) for v in values if not is_blank(v)]
    numbers = [n for _, n in wholes if n is not None]
    said = [v for v, n in wholes if n is None]
    if not numbers or not all(says_its_unit(v) for v in said):
        return None
    lengths = sum(n <= MOST_MINUTES for n in numbers)
    if (
        2 * lengths > len(numbers)
        and all(n >= FEWEST_MINUTES and n % MINUTE_STEP == 0 for n in numbers)
    ) or (calls and max(numbers) > LONGEST_CALL_HOURS):
        return "read_as_minutes_beside_units" if said else "read_as_minutes"
    return None


def logs_calls(sheet: Sheet, layout: Layout, reading: Reading) -> bool:
    """Whether a sheet of sessions is a helpline's log of calls, its sheet or its file named for
    them ("SOS linija", "Helpline Oct 2026.csv") and no column giving each row's kind."""
    if layout.main != "counselling" or layout.kind_position is not None:
        return False
    return CALL in (
        reading.classify("session_kind", sheet.name),
        reading.classify("session_kind", reading.file_name),
    )


def whole_number(value: object) -> int | None:
    """A cell's whole number written bare (60, "90"); None for a decimal, a duration written
    with its unit ("1 h", "1:30") or a time."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = parse_number(value)
    except CellError:
        return None
    return int(number) if number.is_integer() else None


def holds_time_spans(sheet: Sheet, layout: Layout, position: int) -> bool:
    """Whether a column of times of day gives any as a span ("17:30–19:00"), not only a start."""
    return any(is_time_span(v) for v in filled_under(sheet, layout, position))


def gives_age_band(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether a column under a header saying only "born" gives the age band of a sheet with no
    other: every filled cell a year of birth (under it a date of birth is personal data)."""
    if not reading.vocab.says_born(layout.header(sheet, position)):
        return False
    if "age_band" not in reading.vocab.tables[layout.main].columns:
        return False
    if layout.position(layout.main, "age_band") is not None:
        return False
    values = filled_under(sheet, layout, position)
    return bool(values) and all(is_birth_year(v, reading.year) for v in values)


def is_birth_year(value: object, year: int | None) -> bool:
    """A number cell or a text of four digits that is a year someone now alive was born in."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return False
    try:
        text = parse_text(value)
    except CellError:
        return False
    return bool(BIRTH_YEAR.fullmatch(text)) and int(text) <= (year or date.today().year)


def minutes_after_hours(sheet: Sheet, layout: Layout, hours: int, minutes: int) -> bool:
    """Whether a column of minutes beside one of hours holds what each duration lasts past its
    whole hours (1 | 30, an hour and a half), not the same duration again (1,5 | 90): in most
    rows giving both, minutes under an hour that are not the hours beside them."""
    pairs = [
        (parse_number(row[hours]), parse_number(row[minutes]))
        for row in sheet.rows[layout.header_row + 1 :]
        if len(row) > max(hours, minutes) and is_figure(row[hours]) and is_figure(row[minutes])
    ]
    after = sum(m < MINUTES_IN_HOUR and m != h * MINUTES_IN_HOUR for h, m in pairs)
    return 2 * after > len(pairs)


def marks_attendance(sheet: Sheet, layout: Layout, position: int) -> bool:
    """Whether a column headed "Attended" holds marks ("Yes", "DNA", "x"), not a count of people:
    most of its filled cells are no figures, nor figures written with a word ("c. 12", "approx
    10")."""
    filled = filled_under(sheet, layout, position)
    figures = sum(
        is_figure(v) or (isinstance(v, str) and DIGIT.search(v) is not None) for v in filled
    )
    return bool(filled) and 2 * figures < len(filled)


def says_who_came(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether a column of attendance marks who came ("Yes", "No", "DNA")."""
    vocab = reading.vocab
    return any(
        vocab.says_not_attended(v) or (isinstance(v, str) and vocab.says_present(v))
        for v in filled_under(sheet, layout, position)
    )


def filled_under(sheet: Sheet, layout: Layout, position: int) -> list[object]:
    """The filled cells under a column's header."""
    return [
        row[position]
        for row in sheet.rows[layout.header_row + 1 :]
        if len(row) > position and not is_blank(row[position])
    ]


def day_of(value: object, reading: Reading) -> date | None:
    """The day a cell gives: an Excel date with no time of day, or a date as the partner writes
    it; None for anything else."""
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value, language=reading.language, year=reading.year)
    except CellError:
        return None


def used_positions(
    sub: Submission,
    sheet: Sheet,
    layout: Layout,
    reading: Reading,
    months_read: int | None = None,
    occupancy: int | None = None,
) -> tuple[dict[str, dict[str, int]], list[int]]:
    """Table -> column -> the position it is read from, and the positions of headers that mean
    nothing (told once the rows show whether the table lacks a column they may be); headers
    that could mean several columns or repeat a column are errors naming the header and the
    candidates. The column of the month at `months_read` chose the rows, and the one of
    `occupancy` gives the nights: neither is said to be left unread."""
    row = sheet.row_number(layout.header_row)
    main = reading.vocab.tables[layout.main]
    used: dict[str, dict[str, int]] = {t: {} for t in layout.tables}
    unknown: list[int] = []
    # "Dzień" over dates, "Forma zajęć" over kinds: read when no other column gives them
    by_cells: dict[int, str] = {}
    beside = block_beside(sheet, layout)
    if beside:
        column = get_column_letter(min(beside) + 1)
        start = sheet.row_number(block_start(sheet, layout, beside))
        sub.warning("block_beside_unread", sheet=sheet.name, row=start, column=column)
    parts = {p for parted in given_in_parts(sheet, layout, reading.vocab) for p in parted.read}
    for position, by_table in layout.columns.items():
        if position in beside or (position in parts and layout.main not in by_table):
            continue  # a block beside is told above, a column's parts by columns_in_parts
        header = layout.header(sheet, position)
        if not by_table and gives_age_band(sheet, layout, position, reading):
            # "Rojen", "Urodzony" over years of birth: the age band, the years not kept
            used[layout.main]["age_band"] = position
            continue
        if (
            not by_table or reading.vocab.personal_in_language(header, reading.language)
        ) and reading.vocab.is_personal_header(header, layout.main, reading.language):
            sub.error("personal_data_column", sheet=sheet.name, row=row, column=header)
            continue
        if column_hidden(sheet, position) and hidden_beside_its_own(sheet, layout, position):
            # a column the partner hid beside one of the same meaning (last year's figures, a
            # helper): left unread, the visible one read
            sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        if not by_table and reading.vocab.is_ignored_header(header, layout.main):
            if column := read_by_cells(sheet, layout, position, reading):
                by_cells[position] = column
            elif position not in (months_read, occupancy) and not numbers_rows(
                sheet, layout.header_row, position, reading
            ):
                sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        if by_table.get(layout.main) == "site_id" and names_meetings(
            sheet, layout, position, reading
        ):
            # "Group" of the meetings' names ("SMART Recovery meeting"): their kind, no site
            by_cells[position] = main.kind_column
            continue
        if not by_table and reading.vocab.time_range_end(header):
            continue  # read by time_range_positions, or said to be missing its other end there
        if not by_table and reading.vocab.counts_events(header):
            sub.error("events_counted", sheet=sheet.name, row=row, column=header)
            continue
        if not by_table and column_is_empty(sheet, layout.header_row, position):
            # a column with nothing under it ("Kolumna1" of an Excel table): left unread
            sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        if not by_table and of_another_table(header, layout, reading):
            # a column another table has ("Gender" of a caller, in a sheet of calls)
            sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        if not by_table and header_match(main, header, reading.headers).ambiguous:
            header_problem(sub, sheet.name, row, header, main, reading, layout.filled)
            continue
        if not by_table:
            unknown.append(position)
            continue
        if reading.vocab.says_attendance(header) and marks_attendance(sheet, layout, position):
            # "Attended" | "Yes", "DNA": whether the person came (rows.not_held_rows), no count;
            # "Oppmøte" | "Teams": how, left unread
            if not says_who_came(sheet, layout, position, reading):
                sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        if not used.keys() & by_table.keys():
            # a column of another table ("Tema" of a group's meeting, in a sheet of calls)
            sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
            continue
        for table, column in by_table.items():
            if table not in used:
                continue
            if column in used[table]:
                first = layout.header(sheet, used[table][column])
                spec = reading.vocab.tables[table].columns[column]
                kind = spec.counted_in or spec.type
                kept = holding_values(sheet, layout, reading, kind, (used[table][column], position))
                unit = reading.vocab.duration_unit
                if reading.vocab.yields(header) != reading.vocab.yields(first):
                    # "Status" beside "Vrsta uporabnika": the other header names the column,
                    # unless only the yielding one's cells are of its codes ("Status" of
                    # uporabnik/svojec beside "Svojec uporabnika" of the user's codes)
                    naming, yielding = (
                        (position, used[table][column])
                        if reading.vocab.yields(first)
                        else (used[table][column], position)
                    )
                    if spec.type == "code" and codes_only_under(
                        sheet, layout, reading, spec.codes, yielding, naming
                    ):
                        naming, yielding = yielding, naming
                    used[table][column] = naming
                    weak = layout.header(sheet, yielding)
                    if table == layout.main:
                        sub.warning("column_ignored", sheet=sheet.name, row=row, column=weak)
                elif "hours" in {unit(header), unit(first)} and unit(header) != unit(first):
                    # the same duration in hours and in minutes (or school hours): hours are read
                    hours, minutes = (first, header) if unit(first) == "hours" else (header, first)
                    at = (used[table][column], position)
                    at_hours, at_minutes = at if hours == first else at[::-1]
                    used[table][column] = at_hours
                    if unit(minutes) == "minutes" and minutes_after_hours(
                        sheet, layout, at_hours, at_minutes
                    ):
                        # "Ure" | "Minute" of 1 | 30: an hour and a half, never the hour alone
                        sub.error(
                            "duration_split", sheet=sheet.name, row=row, column=minutes, first=hours
                        )
                        continue
                    twice = {
                        "minutes": "column_in_minutes_too",
                        "minutes_seconds": "column_in_minutes_too",
                    }.get(unit(minutes), "column_in_school_hours_too")
                    sub.warning(
                        twice,
                        sheet=sheet.name,
                        row=row,
                        column=minutes,
                        first=hours,
                    )
                elif kept is not None:
                    # of two headers of one meaning, the one whose cells are of its kind is
                    # read ("Antall deltakere" beside "Oppmøte" of fysisk/Teams; "Dato" beside
                    # "Dag" of weekdays); the other is left unread with a warning
                    left = first if kept == position else header
                    used[table][column] = kept
                    if table == layout.main:
                        sub.warning("column_ignored", sheet=sheet.name, row=row, column=left)
                elif exact := word_for_word((first, header), table, column, reading):
                    # "Residents at month end" beside "Residents during month", a figure the
                    # table has not: the header naming the column word for word is read
                    if exact == header:
                        used[table][column] = position
                    left = first if exact == header else header
                    if table == layout.main:
                        sub.warning("column_ignored", sheet=sheet.name, row=row, column=left)
                elif table == layout.main:
                    sub.error(
                        "column_twice",
                        sheet=sheet.name,
                        row=row,
                        column=header,
                        first=first,
                        meaning=reading.header(main, column),
                    )
                continue
            used[table][column] = position
    for position, column in by_cells.items():
        if main.columns[column].type == "date":
            taken = dated_by(position, layout, used, reading)
        elif taken := column not in used[layout.main]:
            used[layout.main][column] = position
        if not taken:
            header = layout.header(sheet, position)
            sub.warning("column_ignored", sheet=sheet.name, row=row, column=header)
    return used, unknown


def word_for_word(
    headers: tuple[str, str], table: str, column: str, reading: Reading
) -> str | None:
    """Of two headers of one column, the one naming it word for word ("Residents at month
    end") when the other only comes near it ("Residents during month"); None when both or
    neither do."""
    named = [
        header
        for header in headers
        if exact_columns(header, [table], reading.vocab, reading.headers).get(table) == column
    ]
    return named[0] if len(named) == 1 else None


def block_beside(sheet: Sheet, layout: Layout) -> set[int]:
    """The positions of a block of labels and figures right of the table, past an empty
    column ("Ukupno sati:" 9, "Broj grupa:" 3): the partner's own summary, no column of the
    table. Each of its rows, the header's too, is a label then figures, or nothing; it may
    begin in the header's row or in a row of the table's."""
    named = [p for p, by_table in layout.columns.items() if by_table]
    if not named:
        return set()
    rows = sheet.rows[layout.header_row :]
    width = max(len(row) for row in rows)
    gap = next(
        (
            p
            for p in range(min(named) + 1, width - 1)
            if all(p >= len(row) or is_blank(row[p]) for row in rows)
        ),
        None,
    )
    if gap is None:
        return set()
    cells = [[v for v in row[gap + 1 :] if not is_blank(v)] for row in rows]
    pairs = all(
        not row or (isinstance(row[0], str) and all(is_figure(v) for v in row[1:])) for row in cells
    )
    if not pairs or not any(len(row) > 1 for row in cells):
        return set()
    filled = {p for row in rows for p in range(gap + 1, len(row)) if not is_blank(row[p])}
    return filled | {p for p in layout.columns if p > gap}


def block_start(sheet: Sheet, layout: Layout, block: set[int]) -> int:
    """The index of the first row, from the header's down, with a cell of the block beside."""
    return next(
        index
        for index in range(layout.header_row, len(sheet.rows))
        if any(p < len(sheet.rows[index]) and not is_blank(sheet.rows[index][p]) for p in block)
    )


def hidden_beside_its_own(sheet: Sheet, layout: Layout, position: int) -> bool:
    """Whether a hidden column names nothing, or only what a column the partner sees names too;
    the one column of its meaning is read, hidden or not (its figures would be lost)."""
    meanings = set(layout.columns.get(position, {}).items())
    shown = {
        meaning
        for other, by_table in layout.columns.items()
        if other != position and not column_hidden(sheet, other)
        for meaning in by_table.items()
    }
    return meanings <= shown


def read_by_cells(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> str | None:
    """The column of the sheet's table a header left unread heads by what its cells hold, read
    when no other header gives it: a day over whole dates ("Dzień": "1.10.2026") or days of the
    month ("Dan": 3), a week over weeks ("Uke": "Uke 45"), the form of a meeting over kinds of
    activity ("Forma zajęć": "Mityng AA")."""
    header = layout.header(sheet, position)
    table = reading.vocab.tables[layout.main]
    dated = next((c for c, column in table.columns.items() if column.type == "date"), None)
    if dated and (reading.vocab.may_head_dates(header) or reading.vocab.may_head_weeks(header)):
        return dated if gives_days(sheet, layout, position, reading) else None
    if reading.vocab.may_head_kinds(header) and holds_kinds(sheet, layout, position, reading):
        return table.kind_column
    return None


def holds_kinds(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether every filled cell of a column names a kind of the sheet's rows ("Mityng AA")."""
    table = reading.vocab.tables[layout.main]
    if table.kind_column is None:
        return False
    codes = table.columns[table.kind_column].codes
    values = filled_under(sheet, layout, position)
    return bool(values) and all(reading.classify(codes, v) != UNCLASSIFIED for v in values)


def names_meetings(sheet: Sheet, layout: Layout, position: int, reading: Reading) -> bool:
    """Whether a column under a header of the site ("Group", "Grupa") names meetings, not the
    partner's sites: most of its filled cells name a kind of the sheet's rows, none a site. A
    header the partner's confirmed mapping names is what the mapping says."""
    table = reading.vocab.tables[layout.main]
    if table.kind_column is None or word_key(layout.header(sheet, position)) in reading.headers:
        return False
    codes = table.columns[table.kind_column].codes
    values = filled_under(sheet, layout, position)
    kinds = sum(reading.classify(codes, v) != UNCLASSIFIED for v in values)
    return kinds * 2 > len(values) and not any(names_a_site(v, reading) for v in values)


def names_a_site(value: object, reading: Reading) -> bool:
    """Whether a cell names one of the partner's sites, by its id, its name or a part of it."""
    return normalise(value) in reading.site_ids or reading.site_id(value) != value


def refuse_personal_data(sub: Submission, sheet: Sheet, header_row: int, grid: np.ndarray) -> None:
    """An identity number or e-mail address in any cell under the header, in a column read or
    not, or a phone number or a person's name in a line of words (a column of notes nobody
    reads), refuses the file, which is then quarantined and deleted in time rather than kept in
    the archive. (Validation screens the text columns read for names and phone numbers too.)"""
    found = {v: kind for v in pd.unique(grid.ravel()) if (kind := personal_data_in(v))}
    if not found:
        return
    for index, position in np.ndindex(grid.shape):
        if grid[index, position] in found:
            sub.error(
                found[grid[index, position]],
                sheet=sheet.name,
                row=sheet.row_number(header_row + 1 + index),
                column=column_name(sheet.rows[header_row], position),
            )


def personal_data_in(value: object) -> str | None:
    """The rule a cell's identity number or e-mail address breaks, if it holds one; in a line of
    words, also a phone number or a person's name ("pokliče nazaj na 041 555 123", "wife Sarah
    Jones attends too"), found as validation finds them in the text columns it reads."""
    if isinstance(value, str):
        if len(value) < MIN_ID_DIGITS and "@" not in value:
            return None
    elif not isinstance(value, float | int) or not MIN_ID_VALUE <= abs(value) < MAX_ID_VALUE:
        return None
    try:
        text = "" if is_blank(value) else parse_text(value)
    except CellError:
        return None
    if "@" in text and EMAIL.search(text):
        return "personal_data_email"
    if sum(c.isdigit() for c in text) >= MIN_LABELLED_DIGITS and has_national_id(text):
        return "personal_data_national_id"
    if " " in text.strip() and any(c.isalpha() for c in text):
        kind = personal_data_kind(text, free_text=True)
        if kind in ("phone", "name"):
            return f"personal_data_{kind}"
    return None


def undivided_header(sheet: Sheet, layout: Layout, name: str, reading: Reading) -> str | None:
    """The sheet's header giving the column `name` undivided, with the others counted apart
    from it ("Wypisy" of planned exits); None when none does."""
    width = len(sheet.rows[layout.header_row])
    return next(
        (
            header
            for header in (layout.header(sheet, p) for p in range(width))
            if name in reading.vocab.undivided_parts(header)
        ),
        None,
    )


def header_problem(
    sub: Submission,
    sheet: str,
    row: int,
    header: str,
    table: Table,
    reading: Reading,
    taken: set[str],
    lacking: bool = True,
) -> None:
    """An unknown or ambiguous header, with the template's columns it may have meant: only those
    no other header fills, as `consortium map` offers them. An unknown one beside every column
    its table needs (not `lacking`) only informs ("Prijavljeno", "Certificate issued"): its
    column is left unread with a warning, the file counted."""
    match = header_match(table, header, reading.headers)
    offered = table.offered_columns(
        reading.partner.tables if reading.partner else reading.vocab.tables
    )
    template = [reading.header(table, c) for c in offered]
    free = [reading.header(table, c) for c in offered if c not in taken]
    if match.ambiguous:
        sub.error(
            "ambiguous_column",
            sheet=sheet,
            row=row,
            column=header,
            candidates=", ".join(reading.header(table, c) for c in match.candidates),
            expected=", ".join(template),
        )
        return
    close = process.extract(
        word_key(header),
        {h: word_key(h) for h in free},
        scorer=fuzz.token_set_ratio,
        score_cutoff=CANDIDATE_CUTOFF,
        limit=3,
    )
    told = sub.error if lacking else sub.warning
    told(
        "unknown_column" if lacking else "unknown_column_unread",
        sheet=sheet,
        row=row,
        column=header,
        candidates=", ".join(h for _, _, h in close),
        expected=", ".join(template),
    )


_HINT = re.compile(r"^\(.*\)$|^[dmyrlj]{1,4}([./ -][dmyrlj]{1,4}){2}\.?$", re.IGNORECASE | re.S)


def hint_row(row: np.ndarray) -> bool:
    """A row of how to fill in each column: every filled cell text in brackets or the pattern of
    a date ("dd.mm.rrrr"), at least two of them."""
    filled = [value for value in row if not is_blank(value)]
    return len(filled) >= 2 and all(
        isinstance(value, str) and _HINT.match(value.strip()) for value in filled
    )


def of_another_table(header: str, layout: Layout, reading: Reading) -> bool:
    """Whether a header is word for word a column of a table the sheet is not."""
    key = word_key(header)
    return any(
        key in table.header_index
        for name, table in reading.vocab.tables.items()
        if name not in layout.tables
    )


def numbers_rows(sheet: Sheet, header_row: int, position: int, reading: Reading) -> bool:
    """Whether a column numbers the rows under its header 1, 2, 3 ("Lp.", "R.br."), its totals
    row's label aside: the partner's own, left unread without a word each month."""
    if not reading.vocab.says_row_number(column_name(sheet.rows[header_row], position)):
        return False
    cells = [
        row[position]
        for row in sheet.rows[header_row + 1 :]
        if position < len(row) and not is_blank(row[position])
    ]
    numbers = [whole_number(c) for c in cells if not reading.vocab.is_totals_label(c)]
    return bool(numbers) and numbers == list(range(1, len(numbers) + 1))


def column_is_empty(sheet: Sheet, header_row: int, position: int) -> bool:
    """Whether nothing is under a header where other columns hold rows."""
    rows = sheet.rows[header_row + 1 :]
    return any(not is_blank(value) for row in rows for value in row) and all(
        position >= len(row) or is_blank(row[position]) for row in rows
    )


def holding_values(
    sheet: Sheet, layout: Layout, reading: Reading, kind: str, positions: tuple[int, int]
) -> int | None:
    """Of two columns of one meaning holding figures or dates (`kind`), the one whose filled
    cells all read as such when none of the other's does; None when both or neither do."""
    if kind not in ("integer", *COUNTED_IN, "number", "hours", "date"):
        return None
    parse = PARSERS[kind]
    if kind == "date":
        parse = partial(parse_date, date1904=reading.date1904, year=reading.year)
    shares = {p: readable_share(sheet, layout.header_row, p, parse) for p in positions}
    whole = [p for p, share in shares.items() if share == 1.0]
    none = [p for p, share in shares.items() if share == 0.0]
    return whole[0] if len(whole) == 1 and len(none) == 1 else None


def codes_only_under(
    sheet: Sheet, layout: Layout, reading: Reading, codes: str, position: int, other: int
) -> bool:
    """Whether the cells under `position` read as values of the code set `codes` and those
    under `other` do not: more than half of the first's filled cells are classified, at most
    half of the other's."""

    def share(p: int) -> float:
        values = filled_under(sheet, layout, p)
        known = [v for v in values if reading.classify(codes, v) not in (None, UNCLASSIFIED)]
        return len(known) / len(values) if values else 0.0

    return share(position) > MOSTLY >= share(other)


def readable_share(
    sheet: Sheet, header_row: int, position: int, parse: Callable[[object], object]
) -> float | None:
    """The share of the filled cells under a header that `parse` reads; None when none is."""
    values = [
        row[position]
        for row in sheet.rows[header_row + 1 :]
        if position < len(row) and not is_blank(row[position])
    ]
    if not values:
        return None
    read = 0
    for value in values:
        try:
            parse(value)
        except CellError:
            continue
        read += 1
    return read / len(values)


def position_type(
    layout: Layout, used: dict[str, dict[str, int]], position: int, header: str, vocab: Vocabulary
) -> str:
    """How a position's cells are parsed: by the first table reading it; coded text stays text,
    hours under a header of minutes are minutes, and a count of nights reads its words."""
    for table in layout.tables:
        for column, p in used[table].items():
            if p == position:
                spec = vocab.tables[table].columns[column]
                if spec.type == "hours":
                    return vocab.duration_unit(header)
                return "text" if spec.type == "code" else spec.counted_in or spec.type
    return "text"


def routes(
    layout: Layout, parsed: dict[int, np.ndarray], length: int, reading: Reading
) -> np.ndarray:
    """The table of each row: the main table, or in a mixed log the one its kind belongs to. A
    row of a log whose kind nothing classifies goes by what it gives: a count of people and
    no user's code make it a group's activity ("Drop-in session", 5 attending); else it stays
    in the main table, its kind unclassified either way. A call naming a client ("Peer support
    call", HR-102) is a session on the phone, whatever group its words speak of; a group session
    is one client's when it names the client, a group's meeting when it counts people instead."""
    if layout.kind_position is None:
        return np.full(length, layout.main, dtype=object)
    kinds = parsed[layout.kind_position]
    route = per_value(kinds, lambda text: route_of(text, layout, reading))
    coded = given(parsed, layout.position("counselling", "user_code"), length)
    unrouted = np.array([table is None for table in route], dtype=bool)
    counted = (
        given(parsed, layout.position("groups", "participants"), length)
        if "groups" in layout.tables
        else np.zeros(length, dtype=bool)
    )
    route[unrouted & counted & ~coded] = "groups"
    sessions = reading.kind_codes("counselling")
    if "counselling" in layout.tables and sessions:
        session_kinds = per_value(kinds, lambda text: reading.classify(sessions, text))
        # "Peer support call" with a client's code: a call to that client, no group's meeting
        route[coded & (session_kinds == CALL) & (route == "groups")] = "counselling"
        # a group session is a client's when it names one ("Gruppesamtale", END-02), else a
        # group's meeting when it counts who came ("Skupinska terapija", 7 present)
        group_sessions = session_kinds == GROUP_SESSION
        route[coded & ~counted & group_sessions & (route == "groups")] = "counselling"
        route[counted & ~coded & group_sessions & (route == "counselling")] = "groups"
    route[np.array([table is None for table in route], dtype=bool)] = layout.main
    return route


def columns_in_parts(
    sub: Submission,
    sheet: Sheet,
    layout: Layout,
    used: dict[str, dict[str, int]],
    reading: Reading,
) -> dict[str, dict[str, tuple[Parts, str]]]:
    """Table -> column -> the parts it is given in and how they are parsed, for a column given
    only in its parts ("Udeleženci" merged over "M | Ž", no total; "Kobiety | Mężczyźni" of the
    participants on the header row, maybe with "Razem" beside them): partners write it so, and
    its figure is their sum, or their total. The parts of a column read from elsewhere stay
    unread."""
    summed: dict[str, dict[str, tuple[Parts, str]]] = {}
    row = sheet.row_number(layout.header_row)
    for parted in given_in_parts(sheet, layout, reading.vocab):
        for table in layout.tables:
            spec = reading.vocab.tables[table]
            column = column_in_parts(spec, parted, reading)
            if column is None or column in used[table]:
                continue
            kind = spec.columns[column].counted_in or spec.columns[column].type
            if kind in COUNT_TYPES:
                summed.setdefault(table, {})[column] = (parted, kind)
            elif kind == "code" and parts_are_codes(
                sheet, layout, parted.positions, spec.columns[column], reading
            ):
                summed.setdefault(table, {})[column] = (parted, TICKED)
        read_into = [
            (table, column, kind)
            for table, by in summed.items()
            for column, (of, kind) in by.items()
            if of == parted
        ]
        if not read_into:
            # a merged header's part has its header on the row under it
            below = row if parted.header is None else row + 1
            for position in parted.read:
                header = layout.header(sheet, position)
                sub.warning("column_ignored", sheet=sheet.name, row=below, column=header)
        elif parted.total is None and all(kind != TICKED for _, _, kind in read_into):
            table, column, _ = read_into[0]
            named = parted.header or reading.header(reading.vocab.tables[table], column)
            headers = ", ".join(layout.header(sheet, p) for p in parted.positions)
            sub.warning(
                "column_added_from_parts", sheet=sheet.name, row=row, column=named, parts=headers
            )
    return summed


def column_in_parts(table: Table, parted: Parts, reading: Reading) -> str | None:
    """The table's column a figure given in parts is: the one its merged header names, the kind
    its header row's columns name, or the participants, split by category on the header row."""
    if parted.column is not None:
        return parted.column if parted.column in table.columns else None
    if parted.header is not None:
        return header_match(table, parted.header, reading.headers).column
    return PARTICIPANTS if PARTICIPANTS in table.columns else None


def parts_are_codes(
    sheet: Sheet, layout: Layout, parts: tuple[int, ...], column: Column, reading: Reading
) -> bool:
    """Whether the parts of a coded column are its categories ("Spol" merged over "M | Ž"),
    each row ticking one: every part's header names one."""
    return all(reading.vocab.code(column.codes, layout.header(sheet, p)) is not None for p in parts)


def ticked_part(headers: list[str], parts: list[np.ndarray], reading: Reading) -> np.ndarray:
    """Each row's category: the header of the part it ticks ("x", "✓", "1", or its hours under
    a kind of session); none where it ticks none, and the headers of all it ticks where it ticks
    several ("M, Ž": no category)."""
    marked = [
        per_value(
            values,
            lambda v: not is_blank(v) and (reading.vocab.says_present(str(v)) or above_zero(v)),
            memo("ticked"),
        )
        for values in parts
    ]
    return np.array(
        [
            ", ".join(ticks)
            if (ticks := [h for h, m in zip(headers, row, strict=True) if m])
            else None
            for row in zip(*marked, strict=True)
        ],
        dtype=object,
    )


def categories_counted(
    given: tuple[Parts, str] | None, column: Column, sheet: Sheet, layout: Layout, reading: Reading
) -> tuple[int, ...]:
    """The positions of the participants' parts when each is a category of a coded column (a
    training's target groups: "Strokovni delavci | Prostovoljci | Svojci"); else none."""
    if given is None:
        return ()
    positions = given[0].positions
    kinds = [reading.vocab.part_of_participants(layout.header(sheet, p)) for p in positions]
    return () if any(k is None or k[0] != column.codes for k in kinds) else positions


def groups_that_came(headers: list[str], counts: list[np.ndarray]) -> np.ndarray:
    """Each row's categories with someone counted under them, in the sheet's order ("Strokovni
    delavci, Svojci"); none where nobody is."""
    return np.array(
        [
            ", ".join(h for h, n in zip(headers, row, strict=True) if n) or None
            for row in zip(*counts, strict=True)
        ],
        dtype=object,
    )


def above_zero(value: object) -> bool:
    """Whether a cell is a figure above nought ("1,5", 2)."""
    return is_figure(value) and (figure_in(value) or 0) > 0


def hours_under_kinds(parts: list[np.ndarray]) -> np.ndarray | None:
    """Each row's hours written under the column of its kind ("Individualno" 1,5): when every
    filled cell of those columns is a figure, their sum; else None (they mark the kind alone)."""
    filled = [v for values in parts for v in values if not is_blank(v)]
    if not filled or not all(is_figure(v) for v in filled):
        return None
    return sum_of_parts(
        [per_value(values, lambda v: None if is_blank(v) else parse_hours(v)) for values in parts]
    )


def sum_of_parts(parts: list[np.ndarray]) -> np.ndarray:
    """Each row's sum of its parts (a blank part counts 0); blank where every part is."""
    return np.array(
        [
            None if all(v is None for v in values) else sum(v for v in values if v is not None)
            for values in zip(*parts, strict=True)
        ],
        dtype=object,
    )


def total_else_parts(
    sub: Submission,
    sheet: Sheet,
    parted: Parts,
    headers: dict[int, str],
    sums: np.ndarray,
    totals: np.ndarray,
    lines: np.ndarray,
) -> np.ndarray:
    """Each row's total ("Razem"), or the sum of its parts where the total is blank; a row
    whose parts add up to another figure than its total is told, naming the total's column,
    and counted as its total, the figure the partner wrote for the whole."""
    parts = ", ".join(headers[p] for p in parted.positions)
    for line, part_sum, total in zip(lines, sums, totals, strict=True):
        if part_sum is not None and total is not None and part_sum != total:
            sub.warning(
                "total_disagrees_with_parts",
                sheet=sheet.name,
                row=int(line),
                column=headers[parted.total],
                parts=parts,
                sum=part_sum,
                total=total,
            )
    return np.array(
        [
            part_sum if total is None else total
            for part_sum, total in zip(sums, totals, strict=True)
        ],
        dtype=object,
    )


def given(parsed: dict[int, np.ndarray], position: int | None, length: int) -> np.ndarray:
    """Which rows have a value at `position` (none when the sheet has no such column, or leaves
    it unread: "Attended" of marks)."""
    if position is None or position not in parsed:
        return np.zeros(length, dtype=bool)
    return np.array([value is not None for value in parsed[position]], dtype=bool)


def route_of(text: object, layout: Layout, reading: Reading) -> str | None:
    """A training by its words; else the table whose kind rules classify the text, of two the
    one that knows it word for word, else whose name it holds ("Skupina za svojce" is a
    group's, "Svetovanje za svojce" a session), else whose rule reads more of it; else None
    (`routes` decides). A row without a kind is the main table's."""
    if text is None:
        return layout.main
    if "trainings" in layout.tables and reading.vocab.is_training(text):
        return "trainings"
    classified = [
        (reading.kind_evidence(table, code_set, text), -order, table)
        for order, table in enumerate(layout.tables)
        if (code_set := reading.kind_codes(table))
        and reading.classify(code_set, text) != UNCLASSIFIED
    ]
    return max(classified)[2] if classified else None


def occupancy_position(sheet: Sheet, layout: Layout, reading: Reading) -> int | None:
    """The column of each unit's occupancy ("Zasedenost (%)") of a housing sheet that gives no
    resident nights, in a file of a known month: its nights are worked out from it. Not one of
    figures over 100 without a "%" ("Belegg" of 210): the nights themselves, maybe, which the
    sheet is then asked for under their own header."""
    if (
        layout.main != "housing"
        or reading.month is None
        or layout.position("housing", "resident_nights") is not None
    ):
        return None
    header = sheet.rows[layout.header_row]
    position = next(
        (p for p in range(len(header)) if reading.vocab.says_occupancy(header[p])), None
    )
    if position is None:
        return None
    under = (row[position] for row in sheet.rows[layout.header_row + 1 :] if position < len(row))
    return None if any(not is_blank(v) and over_a_hundred(v) for v in under) else position


def over_a_hundred(value: object) -> bool:
    """A figure over 100 written without a "%" (`210`), never a share."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return False
    return (figure_in(value) or 0) > 100


def counts_places(shares: np.ndarray, places: object) -> bool:
    """Whether a column read as each unit's occupancy holds its occupied places instead (4 of its
    4 places, read as 4 %): every share a whole percent above 1 and no more than its unit's
    places, an occupancy no unit runs at."""
    if places is None:
        return False
    pairs = [(s, p) for s, p in zip(shares, places, strict=True) if s is not None and p]
    return bool(pairs) and all(
        (percent := round(s * 100, 6)).is_integer() and 1 < percent <= p for s, p in pairs
    )


def nights_of_occupancy(shares: np.ndarray, places: object, days: int) -> np.ndarray:
    """Each unit's resident nights in a month of `days`, of its occupancy and places: none where
    either is missing."""
    places = [None] * len(shares) if places is None else list(places)
    return np.array(
        [
            None if share is None or count is None else round(share * count * days)
            for share, count in zip(shares, places, strict=True)
        ],
        dtype=object,
    )


def table_frame(
    sub: Submission,
    sheet: Sheet,
    layout: Layout,
    table: Table,
    used: dict[str, int],
    parsed: dict[int, np.ndarray],
    rows: np.ndarray,
    lineage: np.ndarray,
    headers: dict[int, str],
    reading: Reading,
    times: dict[str, int] | None = None,
    summed: dict[str, tuple[Parts, str]] | None = None,
    occupancy: int | None = None,
) -> pd.DataFrame:
    """One table's rows of the sheet: canonical columns, the text of each coded column beside
    its code, and lineage; the partner's header of each column in `attrs`. The hours of a
    sheet giving the time each session began and ended (`times`) are the time between; a
    column given in its parts (`summed`) is their sum."""
    summed = summed or {}
    frame: dict[str, object] = {"sheet": [sheet.name] * len(rows), "sheet_row": lineage[rows]}
    written = {}
    missing: list[tuple[str, Column]] = []
    lacking: list[str] = []
    kind_from_sheet = False
    filled = FILLED_FROM_KIND.get(table.name, frozenset()) if layout.is_log else frozenset()
    for name, column in table.columns.items():
        position = used.get(name)
        if position is None and name == table.kind_column:
            position = kind_from_names(table, used, headers, parsed, rows, reading)
        if position is None and name in filled and layout.kind_position is not None:
            # a training in a log: its title and audience are read from its kind of activity
            values = parsed[layout.kind_position][rows]
            written[name] = headers[layout.kind_position]
        elif position is None and name == table.kind_column and names_a_kind(sheet, table, reading):
            # a sheet per kind ("Individualno svetovanje"): its name is each row's kind
            values = np.full(len(rows), sheet.name, dtype=object)
            written[name] = sheet.name
            kind_from_sheet = True
        elif (
            position is None and name == table.kind_column and names_a_kind_in_file(table, reading)
        ):
            # a file of one kind of rows named for it ("ettervern_sandvika.xlsx")
            values = np.full(len(rows), reading.file_name, dtype=object)
            written[name] = reading.file_name
        elif position is None and name == "hours" and times.keys() & {"span", "duration"}:
            [given] = times.keys() & {"span", "duration"}
            written[name] = headers[times[given]]
            values = parsed[times[given]][rows]
        elif position is None and name == "hours" and times:
            written[name] = f"{headers[times['start']]} – {headers[times['end']]}"
            values = hours_between(sub, sheet, parsed, times, rows, lineage, written[name])
        elif position is None and name == table.kind_column and name not in summed:
            # the rows still count, as of no kind, until the partner says which each was
            frame |= unclassified(name, len(rows))
            lacking.append(name)
            sub.warning(
                "kind_column_missing",
                sheet=sheet.name,
                row=sheet.row_number(layout.header_row),
                column=reading.header(table, name),
            )
            continue
        elif (
            position is None
            and column.codes == "user_kind"
            and sheet_names_code(sheet, column.codes, reading)
        ):
            # a sheet of one kind of people ("Beboere", "Svojci"): its name is each row's kind
            values = np.full(len(rows), sheet.name, dtype=object)
            written[name] = sheet.name
            kind_from_sheet = True
        elif (
            position is None
            and table.name == "housing"
            and name in SITE_COLUMNS
            and (unit := unit_named_by(sheet, reading))
        ):
            # a sheet per housing unit ("BS Maribor"): its name is each row's unit
            values = np.full(len(rows), unit, dtype=object)
            written[name] = sheet.name
            kind_from_sheet = True
        elif (
            position is None
            and column.type == "code"
            and (
                categories := categories_counted(
                    summed.get(PARTICIPANTS), column, sheet, layout, reading
                )
            )
        ):
            # a training's people in columns of its target groups: the groups that came
            counts = [parsed[p][rows] for p in categories]
            values = groups_that_came([headers[p] for p in categories], counts)
            written[name] = ", ".join(headers[p] for p in categories)
        elif position is None and name in summed:
            parted, kind = summed[name]
            parts = [parsed[p][rows] for p in parted.positions]
            if kind == TICKED:
                categories = [layout.header(sheet, p) for p in parted.positions]
                values = ticked_part(categories, parts, reading)
            else:
                values = sum_of_parts(parts)
            if parted.total is not None:
                totals = parsed[parted.total][rows]
                values = total_else_parts(
                    sub, sheet, parted, headers, values, totals, lineage[rows]
                )
            written[name] = parted.header or ", ".join(headers[p] for p in parted.read)
        elif (
            position is None
            and name == "hours"
            and table.name == "counselling"
            and (kinds := summed.get(table.kind_column or "")) is not None
            and kinds[0].column is not None
            and (hours := hours_under_kinds([parsed[p][rows] for p in kinds[0].positions]))
            is not None
        ):
            # "Individualno | Družinsko" of each session's hours: its hours, under its kind (a
            # meeting's figures under its kind may as well be the people who came: not read)
            values = hours
            written[name] = ", ".join(headers[p] for p in kinds[0].positions)
        elif position is None and name == "resident_nights" and occupancy is not None:
            # "Zasedenost (%)" of each unit instead of its nights: the nights the share gives
            days = month_end(reading.month).day
            shares = parsed[occupancy][rows]
            if "%" not in headers[occupancy] and counts_places(shares, frame.get("places")):
                # "Zasedenost" of 4 in a unit of 4 places: its occupied places, never 4 %
                sub.error(
                    "occupancy_counts_places",
                    sheet=sheet.name,
                    row=sheet.row_number(layout.header_row),
                    column=headers[occupancy],
                )
            else:
                sub.warning(
                    "nights_from_occupancy",
                    sheet=sheet.name,
                    row=sheet.row_number(layout.header_row),
                    column=headers[occupancy],
                    days=days,
                    period=reading.month,
                )
            values = nights_of_occupancy(shares, frame.get("places"), days)
            written[name] = headers[occupancy]
        elif position is None and name == "places" and "site_id" in frame and reading.partner:
            # a unit's places as consortium.yaml gives them, when the sheet leaves them out
            places = {site.id: site.places for site in reading.partner.sites}
            values = np.array([places.get(site) for site in frame["site_id"]], dtype=object)
            written[name] = "consortium.yaml"
        elif position is None:
            if column.required:
                missing.append((name, column))
            continue
        else:
            values = parsed[position][rows]
            written[name] = headers[position]
        if name == "age_band":
            if reading.vocab.says_birth_year(written.get(name)):
                # "85", "'79", "1961." under "Letnik": years, never ages
                values = per_value(values, partial(year_written, year=reading.year))
            # a year or date of birth gives the age, under any header, and is never kept
            values = per_value(values, partial(age_in, year=reading.year))
            values = per_value(values, partial(age_from_birth_date, year=reading.year))
        if column.type == "code":
            values = per_value(
                values,
                lambda v: None if reading.vocab.not_applicable(v) else v,
                memo("not_applicable"),
            )
            frame[name] = per_value(values, partial(reading.classify, column.codes))
            frame[f"{name}_text"] = kept_text(name, values, frame[name])
            report_unclassified(
                sub, sheet.name, written.get(name), values, frame[name], reading, column.codes
            )
            if column.codes in FIRST_NAMED:
                report_several_codes(
                    sub, sheet.name, written.get(name), values, column.codes, reading
                )
        elif name == "user_code":
            values = per_value(
                values, lambda v: None if reading.vocab.no_code(v) else v, memo("no_code")
            )
            frame[f"{name}_text"] = values
            frame[name] = per_value(
                values,
                lambda v: None if v is None else reading.user_codes.normalise(v),
                memo("user_code", reading.user_codes.case, reading.user_codes.remove),
            )
        elif name in SITE_COLUMNS:
            kinds = HOUSING_SITES if table.name == "housing" or name == "housing_unit" else None
            frame[name] = sites_named(sub, sheet.name, written.get(name), values, kinds, reading)
        else:
            frame[name] = values
    for name, column in missing:
        if exempt_in_every_row(column, frame):
            # of no row's kind ("Svojci" need no main addiction, a helpline's calls no client
            # code): as if left blank
            frame[name] = np.full(len(rows), None, dtype=object)
            if column.type == "code":
                frame[f"{name}_text"] = np.full(len(rows), None, dtype=object)
            continue
        lacking.append(name)
        if column.type == "code":
            # the rows still count, as unknown in this breakdown (sex, age, audience)
            frame |= unclassified(name, len(rows))
            sub.warning(
                "breakdown_column_missing",
                sheet=sheet.name,
                row=sheet.row_number(layout.header_row),
                column=reading.header(table, name),
            )
        elif whole := undivided_header(sheet, layout, name, reading):
            parts = reading.vocab.undivided_parts(whole)
            if name == parts[0]:
                sub.error(
                    "column_undivided",
                    sheet=sheet.name,
                    row=sheet.row_number(layout.header_row),
                    column=whole,
                    parts=", ".join(f"\u201c{reading.header(table, p)}\u201d" for p in parts),
                )
        else:
            sub.error(
                "column_missing",
                sheet=sheet.name,
                row=sheet.row_number(layout.header_row),
                column=reading.header(table, name),
                found=", ".join(headers.values()),
            )
    out = pd.DataFrame(frame).infer_objects()
    out.attrs["headers"] = written
    out.attrs[LACKING] = tuple(lacking)
    # a sheet named for a kind of its rows ("Pårørende", "Družinsko svetovanje") joins the
    # table's other sheets, whether or not it also has a column of kinds
    if (
        kind_from_sheet
        or names_a_kind(sheet, table, reading)
        or (table.name == "people" and sheet_names_code(sheet, "user_kind", reading))
    ):
        out.attrs[KIND_FROM_SHEET] = True
    return out


def unclassified(name: str, length: int) -> dict[str, np.ndarray]:
    """A coded column no sheet column gives: every row unclassified, with no words of its own."""
    return {
        name: np.full(length, UNCLASSIFIED, dtype=object),
        f"{name}_text": np.full(length, None, dtype=object),
    }


def exempt_in_every_row(column: Column, frame: dict[str, object]) -> bool:
    """Whether every row read so far is of a kind the column does not apply to (a sheet of
    relatives needs no main addiction)."""
    for other, exempt in column.not_required_for:
        values = frame.get(other)
        if values is not None and len(values) and all(v in exempt for v in values):
            return True
    return False


def hours_between(
    sub: Submission,
    sheet: Sheet,
    parsed: dict[int, np.ndarray],
    times: dict[str, int],
    rows: np.ndarray,
    lineage: np.ndarray,
    header: str,
) -> np.ndarray:
    """The hours from each row's start to its end; an end not after its start is an error
    naming the row and the two columns (`header`; the hours then empty)."""
    starts, ends = parsed[times["start"]][rows], parsed[times["end"]][rows]
    hours = np.full(len(rows), None, dtype=object)
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if start is None or end is None:
            continue
        try:
            hours[index] = hours_from(start, end)
        except CellError as failed:
            sub.error(failed.rule, sheet=sheet.name, row=int(lineage[rows[index]]), column=header)
    return hours


def year_written(value: object, year: int | None) -> object:
    """A year of birth as a column of them writes it, in four digits: "85", "'79" and "03" of
    the century that makes them past ("1985", "2003"), "1961." as 1961; anything else as it
    is."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return value
    text = str(int(value)) if isinstance(value, int | float) else value.strip().strip("'’.")
    if re.fullmatch(r"\d{4}", text):
        return text
    if not re.fullmatch(r"\d{2}", text):
        return value
    now = year or date.today().year
    return str(2000 + int(text) if 2000 + int(text) <= now else 1900 + int(text))


def age_in(born: object, year: int | None) -> object:
    """The age in `year` of a person born in the year `born` ("1985", 1985), as text; without a
    year to count from, nothing. Anything else as it is: no age is of four digits."""
    if not is_birth_year(born, year):
        return born
    return None if year is None else str(year - int(parse_text(born)))


def kept_text(name: str, values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The partner's words kept beside a column's codes, for the manager to map; never a value
    no rule classified that may be a person's name ("Novak" as a sex), nor, of an age band, one
    holding a year or a date (a birth's, a value the age was not read from)."""
    if name != "age_band" and UNCLASSIFIED not in codes:
        return values
    kept = [
        None
        if v is not None
        and (
            (name == "age_band" and DATE_OR_YEAR.search(str(v)))
            or (c == UNCLASSIFIED and may_be_a_name(str(v).strip()))
        )
        else v
        for v, c in zip(values, codes, strict=True)
    ]
    return np.array(kept, dtype=object)


def age_from_birth_date(value: object, year: int | None) -> object:
    """The age in `year` of a person born on a date ("12.03.1984", an Excel date), as text;
    without a year to count from, nothing. Anything not a whole date, as it is."""
    if isinstance(value, str) and not BIRTH_DATE.fullmatch(value.strip()):
        return value
    if not isinstance(value, str | date):
        return value
    try:
        born = parse_date(value)
    except CellError:
        return value
    if year is None or not 1900 <= born.year <= year:
        return None
    return str(year - born.year)


def names_a_kind(sheet: Sheet, table: Table, reading: Reading) -> bool:
    """Whether a sheet's name is a kind of the table's rows ("Družinsko svetovanje"); a name of
    the whole table ("Samtaler", "Counselling") gives way to a file's name that says one kind
    ("hjelpetelefon oktober 2026.xlsx")."""
    codes = table.columns[table.kind_column].codes if table.kind_column else None
    if codes is None or not sheet_names_code(sheet, codes, reading):
        return False
    names_table = reading.vocab.table_for_sheet(sheet.name) == table.name
    return not (names_table and names_a_kind_in_file(table, reading))


def names_a_kind_in_file(table: Table, reading: Reading) -> bool:
    """Whether the file's name says the one kind of the table's rows ("Grupa podrske -
    listopad"); a name of several kinds ("izleti i grupe") says none."""
    codes = table.columns[table.kind_column].codes if table.kind_column else None
    return (
        codes is not None
        and bool(reading.file_name)
        and reading.classify(codes, reading.file_name) != UNCLASSIFIED
        and len(reading.vocab.codes_named(codes, reading.file_name)) <= 1
    )


def kinds_named(sheet: Sheet, reading: Reading) -> dict[str, str]:
    """The kind of each table's rows the sheet's name says ("Pozivi": calls to a helpline), or
    else the file's name, when it says one kind ("SOS linija oktobar 2026.xlsx"): as
    `sheet_tables` gives the rows their kind."""
    named = {}
    for table in reading.vocab.tables.values():
        codes = reading.kind_codes(table.name)
        if codes is not None and names_a_kind(sheet, table, reading):
            named[table.name] = reading.classify(codes, sheet.name)
        elif codes is not None and names_a_kind_in_file(table, reading):
            named[table.name] = reading.classify(codes, reading.file_name)
    return named


def unit_named_by(sheet: Sheet, reading: Reading) -> str | None:
    """The partner's housing unit a sheet's name names ("BS Maribor", "Hiša 1"), if one."""
    key = normalise(sheet.name)
    unit = reading.site_ids.get(key) or reading.site_by_words(key, HOUSING_SITES)
    kinds = {s.id: s.kind for s in (reading.partner.sites if reading.partner else [])}
    return unit if unit is not None and kinds.get(unit) in HOUSING_SITES else None


def sheet_names_code(sheet: Sheet, codes: str, reading: Reading) -> bool:
    """Whether a sheet's name is one of a code set's codes ("Svojci": a relative); a name of the
    whole register of people ("Uporabniki", "Clients", a text file's "deltakere_oktober_2026":
    relatives too) is no kind of people."""
    if codes == "user_kind" and reading.vocab.names_all_people(sheet.name):
        return False
    return reading.classify(codes, sheet.name) != UNCLASSIFIED


def kind_from_names(
    table: Table,
    used: dict[str, int],
    headers: dict[int, str],
    parsed: dict[int, np.ndarray],
    rows: np.ndarray,
    reading: Reading,
) -> int | None:
    """Without a column of kinds, the title column when its header speaks of the kind ("Naziv
    aktivnosti", "Nazwa zajęć") or most of its names say one ("Naziv grupe": "Grupa podrške",
    "Radionica"): the activity's name is what says its kind. Else the column naming each row's
    group ("Gruppe": "Ettervernsgruppe", one of the consortium's groups) when most of its names
    say one."""
    if table.kind_column is None:
        return None
    title = used.get("title")
    if title is not None and table.names_kind(headers[title]):
        return title
    if title is not None and reading.vocab.is_ignored_header(headers[title]):
        return None  # notes ("Napomena") may mention a kind without saying the row's
    group = used.get("site_id") if table.name == "groups" else None
    codes = table.columns[table.kind_column].codes
    for position in (title, group):
        if position is None:
            continue
        names = [text for text in pd.unique(parsed[position][rows]) if text is not None]
        kinds = sum(reading.classify(codes, text) != UNCLASSIFIED for text in names)
        if names and kinds * 2 > len(names):
            return position
    return None


def report_several_codes(
    sub: Submission,
    sheet: str,
    header: str | None,
    texts: np.ndarray,
    code_set: str,
    reading: Reading,
) -> None:
    """One warning per column naming each value that names more than one code, with the code
    it is counted under in the partner's words: "alkohol, droge (alkohol)"."""
    several = sorted(
        str(t)
        for t in pd.unique(texts)
        if reading.several_codes(code_set, t) and not personal_data_in(t)
    )
    if not several or not header:
        return
    counted = [
        f"{text} ({reading.vocab.code_word(code_set, reading.classify(code_set, text) or '', reading.language)})"
        for text in several
    ]
    rows = int(sum(1 for t in texts if t is not None and str(t) in several))
    rule = SEVERAL_CODES_RULES[code_set]
    sub.warning(rule, sheet=sheet, column=header, values=", ".join(counted), in_rows=rows)


def sites_named(
    sub: Submission,
    sheet: str,
    header: str | None,
    texts: np.ndarray,
    kinds: frozenset[str] | None,
    reading: Reading,
) -> np.ndarray:
    """The configured site of each cell (Reading.site_id), with one warning per site the column
    names by a part of its name only: which site it was taken for, and in how many rows (never
    the cell as written)."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    sites = results_of(uniques, partial(reading.site_id, kinds=kinds))
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    by_words: dict[str, int] = {}
    for text, site, count in zip(uniques, sites, counts, strict=False):
        if site != text and normalise(text) not in reading.site_ids:
            by_words[site] = by_words.get(site, 0) + int(count)
    names = {s.id: s.name for s in reading.partner.sites} if reading.partner else {}
    for site, rows in sorted(by_words.items()):
        sub.warning(
            "site_by_part_of_name",
            sheet=sheet,
            column=header,
            site=f"{site} ({names.get(site, site)})",
            in_rows=rows,
        )
    return sites[codes]


def report_unclassified(
    sub: Submission,
    sheet: str,
    header: str | None,
    texts: np.ndarray,
    codes: np.ndarray,
    reading: Reading,
    code_set: str,
) -> None:
    """One warning per column, naming each value no rule classified, once: a date or a year (a
    birth date) is counted but not repeated, nor a value that holds personal data (that value
    refuses the file on its own) or may be a person's name. A range of ages across the report's
    bands ("25-34") is told apart: no mapping can count it right, the ages can."""
    unclassified = [
        str(t) for t, c in zip(texts, codes, strict=True) if c == UNCLASSIFIED and t is not None
    ]
    across = set()
    if code_set == "age_band":
        across = {t for t in unclassified if AGE_RANGE.fullmatch(t.strip())}
        if across and header:
            bands = ", ".join(
                f"{lo}-{hi}" if hi < MAX_AGE else f"{lo}+"
                for lo, hi in reading.vocab.age_ranges.values()
            )
            in_rows = sum(t in across for t in unclassified)
            values = ", ".join(sorted(across))
            sub.warning(
                "age_ranges_across_bands",
                sheet=sheet,
                column=header,
                values=values,
                bands=bands,
                in_rows=in_rows,
            )
    rows = sum(1 for t in unclassified if t and t not in across)
    named = {
        t
        for t in unclassified
        if t not in across and not personal_data_in(t) and not may_be_a_name(t.strip())
    }
    in_words = sorted(v for v in named if not DATE_OR_YEAR.search(v))
    if rows and header and in_words:
        sub.warning(
            "value_unclassified",
            sheet=sheet,
            column=header,
            values=", ".join(in_words),
            in_rows=rows,
        )
    elif rows and header:
        sub.warning("value_unclassified_unnamed", sheet=sheet, column=header, in_rows=rows)
