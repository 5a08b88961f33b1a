"""Registers: a sheet listing people down a column and the days across, one column a day (a
date, or a day of the file's month).

- An attendance register has a mark under each day for each person present ("x", "1", "✓"):
  each day is one meeting of the groups table, its participants the marks under it. Only the
  counts are kept: the column of people is screened as a code column is (names, identity
  numbers, e-mail addresses, phone numbers refuse the file), and never read into any table.
- A register of trainings (its sheet, title or file named for trainings) has a mark under each
  training for each person there: each day is one training, its title the words after the date
  in its header ("06/10/2026 Naloxone awareness"), its participants the marks under it.
- A register of hours has a client's hours under each day: each is one counselling session of
  that client, whose code is read and checked as any client code is.
- A presence register of a housing unit has a mark under each day a resident slept there: it is
  the unit's month of the housing table, its residents those with a night marked, its resident
  nights the marks. The residents are screened as a group's people are, never kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from itertools import zip_longest
from typing import NamedTuple

import pandas as pd

from collect.cells import (
    CellError,
    day_number,
    day_of_month,
    hours_from,
    is_blank,
    is_figure,
    parse_hours,
    parse_number,
    parse_time,
    written_duration,
)
from collect.formats import Sheet
from collect.layout import HEADER_SEARCH_ROWS, column_name
from collect.sheet_tables import HOUSING_SITES, Reading, day_of, unit_named_by
from core import i18n
from core.config import Site
from core.periods import month_end, nights_open, open_nights
from core.personal_data import personal_data_kind
from core.submission import Submission
from core.vocabulary import UNCLASSIFIED, mark_key, normalise

# a register has at least this many days across its header row
MIN_MEETINGS = 2
# the tables a register may give: a group's meetings, trainings, a client's sessions, a housing
# unit's month
REGISTER_TABLES = frozenset({"groups", "trainings", "counselling", "housing"})
# a housing register's row says so: its admissions and exits, not stated, are not required of it
# (their `not_required_for` in core/vocabulary.yaml)
PRESENCE_REGISTER = {"register": "presence"}
# a presence register with days of the month's last week and no night marked in them looks
# unfinished
UNFINISHED_DAYS = 7
# the places a housing register states beside its residents: "Kapaciteta: 6", "mjesta 8", "8 mjesta"
_PLACES = re.compile(r"^(?P<label>\D+?)\s*:?\s*(?P<count>\d+)$|^(?P<first>\d+)\s+(?P<after>\D+)$")
_PARTS = re.compile(r"[,;()|–—]| - ")


class RegisterHeader(NamedTuple):
    """Where a register's header is, its column of people (the last filled cell before the
    first day, or under a blank corner the column of the people's codes) and each day's
    position; and what each letter of its marks says when they are of one pair ("D" present,
    "N" absent: register_letters)."""

    row: int
    person: int
    days: dict[int, date]
    letters: dict[str, bool]


def register_tables(
    sub: Submission, sheet: Sheet, reading: Reading
) -> tuple[str, pd.DataFrame] | None:
    """The table a register sheet gives and its rows: marks under the days are a housing unit's
    residents' nights (when the sheet or its title names the unit or housing), trainings (when
    it or the file is named for them), else a group's meetings (when the partner reports
    groups), hours under them a client's counselling sessions (when it reports counselling);
    None for any other sheet."""
    reports = set(reading.partner.tables) if reading.partner else set()
    found = register_header(sheet, reading) if reports_registers(reading) else None
    if found is None:
        return None
    header_row, person, days, _ = found
    people = [
        index
        for index in range(header_row + 1, len(sheet.rows))
        if not is_totals_row(sheet.rows[index], person, reading)
    ]
    marks = only_marks([sheet.rows[i] for i in people], days)
    housing = "housing" in reports and marks and is_housing_register(sheet, header_row, reading)
    training = "trainings" in reports and marks and is_training_register(sheet, header_row, reading)
    if not housing and not training and not reports & {"groups", "counselling"}:
        return None
    row = sheet.row_number(header_row)
    person_header = column_name(sheet.rows[header_row], person)
    if reading.vocab.is_personal_header(person_header, "people"):
        sub.error("personal_data_column", sheet=sheet.name, row=row, column=person_header)
        return None
    for position in marked_days_not_of_the_month(sheet, found, people, reading, housing):
        header = column_name(sheet.rows[header_row], position)
        sub.error("date_outside_month", sheet=sheet.name, row=row, column=header)
    if housing:
        return "housing", housing_month(sub, sheet, reading, found, people)
    if training:
        return "trainings", trainings(sub, sheet, reading, found, people)
    counselling = not marks or says_counselling(sheet, header_row, reading)
    if counselling and "counselling" in reports:
        return "counselling", sessions(sub, sheet, reading, found, people)
    if marks and "groups" in reports:
        return "groups", attendance(sub, sheet, reading, found, people)
    return None


def marked_days_not_of_the_month(
    sheet: Sheet, found: RegisterHeader, people: list[int], reading: Reading, housing: bool
) -> list[int]:
    """The register's day columns with a mark under them that are no day of the file's month:
    a 31st in November (no day, so not counted), and a housing register's dates of another
    month (its nights have no date of their own to leave them out by)."""
    header_row, person, days, letters = found
    header = sheet.rows[header_row]
    no_day = [
        p
        for p in range(person + 1, len(header))
        if p not in days and (day_number(header[p]) or 0) in range(1, 32)
    ]
    other_month = [
        p
        for p, day in days.items()
        if housing and reading.month and f"{day:%Y-%m}" != reading.month
    ]
    return [
        p
        for p in [*no_day, *other_month]
        if any(presence(cell(sheet.rows[i], p), reading, letters) for i in people)
    ]


def is_housing_register(sheet: Sheet, header_row: int, reading: Reading) -> bool:
    """Whether a register of marks counts the nights of a housing unit's residents: the partner
    has housing units, and the sheet's name or title names one of them or housing ("BS Maribor",
    "Stanovanjska skupnost - november 2026", "Obecność w mieszkaniu"), or the file's name does of
    a sheet named for no other table. A name or title naming a group is a group's attendance."""
    sites = reading.partner.sites if reading.partner else []
    if not any(site.kind in HOUSING_SITES for site in sites):
        return False
    title = title_of(sheet, header_row)
    if reading.vocab.names_group(sheet.name) or reading.vocab.names_group(title):
        return False
    if register_unit(sheet, title, reading)[0] is not None:
        return True
    named = [sheet.name, title]
    if named_for_no_table(sheet, reading):
        named.append(reading.file_name)
    return any(text and reading.vocab.names_housing(text) for text in named)


def named_for_no_table(sheet: Sheet, reading: Reading) -> bool:
    """Whether a sheet's name leaves what it holds to the file's name ("List1", "Housing")."""
    return reading.vocab.table_for_sheet(sheet.name) in (None, "housing")


def unit_of_file(sheet: Sheet, reading: Reading) -> str | None:
    """The housing unit the file's name names, for a sheet named for no other table, unless
    the name names a group ("Mityng AA Kraków" is no flat in Kraków)."""
    if not named_for_no_table(sheet, reading) or reading.vocab.names_group(reading.file_name):
        return None
    return unit_in_words(reading.file_name, reading)


def is_training_register(sheet: Sheet, header_row: int, reading: Reading) -> bool:
    """Whether a register of marks says who came to trainings: its sheet is named for the
    trainings table ("Training", "Izobraževanja"), or its name or title names a training, or
    the file's name does of a sheet named for no other table ("Training register October
    2026.xlsx")."""
    table = reading.vocab.table_for_sheet(sheet.name)
    if table is not None:
        return table == "trainings"
    named = [sheet.name, title_of(sheet, header_row), reading.file_name]
    return any(text and reading.vocab.is_training(text) for text in named)


def register_unit(sheet: Sheet, title: str, reading: Reading) -> tuple[str | None, str]:
    """The partner's housing unit a register names, and what names it: its sheet's name ("BS
    Maribor", "LJ 1"), else its title, else the file's name of a sheet named for no other table
    ("Register BS Maribor november 2026.xlsx"); None and the sheet's name when none names one."""
    if unit := unit_named_by(sheet, reading) or unit_in_words(sheet.name, reading):
        return unit, sheet.name
    if unit := unit_in_words(title, reading):
        return unit, title
    if unit := unit_of_file(sheet, reading):
        return unit, reading.file_name
    return None, sheet.name


def unit_in_words(text: str, reading: Reading) -> str | None:
    """The one housing unit of the partner that a run of the words of a register's name or
    title names ("Stanovanjska skupnost Maribor - november 2026", "LJ 1"), as a housing sheet's
    column of units names it: by its id, its name, a part of either."""
    sites = reading.partner.sites if reading.partner else []
    housing = {site.id for site in sites if site.kind in HOUSING_SITES}
    words = normalise(text).split()
    named = {
        site
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
        if (site := reading.site_id(" ".join(words[start:end]), HOUSING_SITES)) in housing
    }
    return named.pop() if len(named) == 1 else None


def title_of(sheet: Sheet, header_row: int) -> str:
    """The text written above a register's header, its title."""
    return " ".join(
        str(value).strip()
        for row in sheet.rows[:header_row]
        for value in row
        if isinstance(value, str) and value.strip()
    )


def housing_month(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    people: list[int],
) -> pd.DataFrame:
    """A housing unit's month from its presence register: its residents at the month's end those
    marked on the register's last night (as the housing table counts them), its resident nights
    the marks, its places as the sheet states them ("Kapaciteta: 6") else as consortium.yaml
    gives them. The residents are only screened for personal data, never kept; who moved in or
    out the register does not say, and the partner is told."""
    header_row, person, days, _ = found
    row = sheet.row_number(header_row)
    person_header = column_name(sheet.rows[header_row], person)
    marks = [
        person_marks(sub, sheet, reading, found, index, "night_mark_unknown") for index in people
    ]
    last_night = max(days, key=days.__getitem__)
    unit, named_by = register_unit(sheet, title_of(sheet, header_row), reading)
    stated = places_stated(sheet, found, reading)
    configured = {s.id: s.places for s in reading.partner.sites} if reading.partner else {}
    site = unit_site(unit, reading)
    for index, marked in zip(people, marks, strict=True) if site else []:
        for span in nights_while_closed(marked, days, site, reading):
            sub.error(
                "night_unit_not_open",
                sheet=sheet.name,
                row=sheet.row_number(index),
                column=span,
                **open_this_month(days, site, reading),
            )
    sub.warning("register_without_moves", sheet=sheet.name, row=row)
    if since := unfinished_since(marks, days):
        last = day_name(days, last_night, reading)
        since_day = i18n.day(since, reading.language)
        sub.warning("register_unfinished", sheet=sheet.name, row=row, since=since_day, last=last)
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name],
            "sheet_row": [row],
            "site_id": [unit or sheet.name],
            "places": [stated[1] if stated else configured.get(unit or "")],
            "residents": [sum(last_night in marked for marked in marks)],
            "resident_nights": [sum(len(marked) for marked in marks)],
            "admissions": [None],
            "exits_planned": [None],
            "exits_unplanned": [None],
            **{column: [value] for column, value in PRESENCE_REGISTER.items()},
        }
    )
    across = f"{day_name(days, min(days), reading)} – {day_name(days, max(days), reading)}"
    frame.attrs["headers"] = {
        "site_id": named_by,
        "places": stated[0] if stated else "consortium.yaml",
        "residents": person_header,
        "resident_nights": across,
    }
    return frame


def unit_site(unit: str | None, reading: Reading) -> Site | None:
    """The partner's housing unit a register is of, as consortium.yaml gives it."""
    sites = reading.partner.sites if reading.partner else []
    return next((site for site in sites if site.id == unit), None)


def nights_while_closed(
    marked: list[int], days: dict[int, date], site: Site, reading: Reading
) -> list[str]:
    """A resident's nights marked before the unit's `opened` and after its `closed`, each run
    as its columns' days ("10. nov. 2026 – 14. nov. 2026"): a unit has no residents on a night
    it is not open, and its place-nights count only the nights it is (core.periods.nights_open).
    None for a unit open the whole month, or one not open any night of it (the housing table's
    housing_unit_before_opening and housing_unit_after_closing tell that one)."""
    if not (site.opened or site.closed):
        return []
    if nights_open(f"{min(days.values()):%Y-%m}", site.opened, site.closed) == 0:
        return []
    before = [p for p in marked if site.opened and days[p] < site.opened]
    after = [p for p in marked if site.closed and days[p] > site.closed]
    return [day_span(days, run, reading) for run in (before, after) if run]


def open_this_month(days: dict[int, date], site: Site, reading: Reading) -> dict[str, str]:
    """The unit and the first and last nights of the register's month it was open."""
    first, last = open_nights(f"{min(days.values()):%Y-%m}", site.opened, site.closed)
    return {
        "unit": site.name,
        "first": i18n.day(first, reading.language),
        "last": i18n.day(last, reading.language),
    }


def day_span(days: dict[int, date], positions: list[int], reading: Reading) -> str:
    """The day columns from the first of `positions` to the last, as the partner reads them."""
    first, last = min(positions, key=days.__getitem__), max(positions, key=days.__getitem__)
    if first == last:
        return day_name(days, first, reading)
    return f"{day_name(days, first, reading)} – {day_name(days, last, reading)}"


def unfinished_since(marks: list[list[int]], days: dict[int, date]) -> date | None:
    """The first day of the month's last week, when the register has days of that week and no
    resident has a night marked in any of them: a register left unfinished (the first days
    marked, the rest still blank), whose residents at the month's end would be counted as none."""
    last = max(days.values())
    since = month_end(f"{last:%Y-%m}") - timedelta(days=UNFINISHED_DAYS - 1)
    marked = (days[position] for nights in marks for position in nights)
    return since if last >= since and all(day < since for day in marked) else None


def places_stated(sheet: Sheet, found: RegisterHeader, reading: Reading) -> tuple[str, int] | None:
    """The label and the number of places a housing register states above or below its
    residents ("Kapaciteta: 6", "mjesta 8", or a label in one cell and its number in the next)."""
    headers = reading.vocab.tables["housing"].columns["places"].headers
    for index, row in enumerate(sheet.rows):
        if index == found.row:
            continue
        filled = [value for value in row if not is_blank(value)]
        for value, after in zip_longest(filled, filled[1:]):
            if not isinstance(value, str):
                continue
            if (
                normalise(value) in headers
                and isinstance(after, int | float)
                and not isinstance(after, bool)
                and float(after).is_integer()
            ):
                return value.strip(), int(after)
            for part in _PARTS.split(value):
                match = _PLACES.match(part.strip())
                label = match and (match["label"] or match["after"])
                if label and normalise(label) in headers:
                    return part.strip(), int(match["count"] or match["first"])
    return None


def says_counselling(sheet: Sheet, header_row: int, reading: Reading) -> bool:
    """Whether a register of ones says it counts counselling hours, not who came: its sheet is
    named for counselling, or its name or title names a kind of session and no group ("Grupa
    dla rodzin" names relatives, and a group whose meetings they came to)."""
    if reading.vocab.table_for_sheet(sheet.name) == "counselling":
        return True
    text = register_kind_text(sheet, header_row, reading, "session_kind")
    return (
        text is not None
        and reading.classify("session_kind", text) != UNCLASSIFIED
        and not reading.vocab.names_group(text)
    )


def attendance(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    people: list[int],
) -> pd.DataFrame:
    """A group's meetings, one a day, its participants the marks under it; the people only
    screened for personal data, never kept."""
    header_row, person, days, _ = found
    header, row = sheet.rows[header_row], sheet.row_number(header_row)
    person_header = column_name(header, person)
    present = present_by_day(sub, sheet, reading, found, people)
    held = [p for p, count in present.items() if count]
    kind_text, kind = register_kind(sub, sheet, header_row, reading, "groups")
    hours = hours_in_title(sheet, header_row)
    if hours is None and held:
        sub.warning("register_without_hours", sheet=sheet.name, row=row)
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name] * len(held),
            "sheet_row": [row] * len(held),
            "held_on": [days[p] for p in held],
            "activity_kind": [kind] * len(held),
            "activity_kind_text": [kind_text] * len(held),
            "participants": pd.array([present[p] for p in held], dtype=object),
            "hours": pd.array([hours] * len(held), dtype=object),
        }
    )
    frame.attrs["headers"] = {
        "held_on": day_name(days, held[0], reading) if held else "",
        "participants": person_header,
        "activity_kind": kind_text or sheet.name,
    }
    return frame


def trainings(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    people: list[int],
) -> pd.DataFrame:
    """The trainings of a register, one a day someone came to, its participants the marks under
    it; its title the words after the date in its header ("06/10/2026 Naloxone awareness"),
    else the register's first title (its sheet's name); its hours those its title states ("Each session 2 hours"). The
    people only screened for personal data, never kept."""
    header_row, person, days, _ = found
    header, row = sheet.rows[header_row], sheet.row_number(header_row)
    present = present_by_day(sub, sheet, reading, found, people)
    held = [p for p, count in present.items() if count]
    above = (str(v).strip() for r in sheet.rows[:header_row] for v in r if isinstance(v, str))
    named = next((text for text in above if text), sheet.name)
    titles = [day_title(header[p], reading) or named for p in held]
    audiences = [training_audience(sheet, found, title, reading) for title in titles]
    if UNCLASSIFIED in (code for _, code in audiences):
        spec = reading.vocab.tables["trainings"]
        sub.warning(
            "breakdown_column_missing",
            sheet=sheet.name,
            row=row,
            column=reading.header(spec, "audience"),
        )
    hours = hours_in_title(sheet, header_row)
    if hours is None and held:
        # a training's hours are required: the register's rows are not checked without them
        sub.error("training_register_without_hours", sheet=sheet.name, row=row)
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name] * len(held),
            "sheet_row": [row] * len(held),
            "held_on": [days[p] for p in held],
            "title": titles,
            "audience": [code for _, code in audiences],
            "audience_text": [text for text, _ in audiences],
            "participants": pd.array([present[p] for p in held], dtype=object),
            "hours": pd.array([hours] * len(held), dtype=object),
        }
    )
    frame.attrs["headers"] = {
        "held_on": day_name(days, held[0], reading) if held else "",
        "title": column_name(header, held[0]) if held else "",
        "audience": column_name(header, person),
        "participants": column_name(header, person),
    }
    return frame


def training_audience(
    sheet: Sheet, found: RegisterHeader, title: str, reading: Reading
) -> tuple[str | None, str]:
    """Whom a register's training was for, and the words saying so: its title's ("Naloxone
    awareness for families"), else the register's name, title or file's, else the header of its
    column of people ("Client ref": the partner's users); unclassified when none says."""
    said = register_kind_text(sheet, found.row, reading, "audience")
    person_header = column_name(sheet.rows[found.row], found.person)
    for text in (title, said, person_header):
        if text and (code := reading.classify("audience", text)) != UNCLASSIFIED:
            return text, code
    return None, UNCLASSIFIED


def present_by_day(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    people: list[int],
) -> dict[int, int]:
    """How many people a register marks present under each day; a day nobody came to is named,
    the meeting or training not having taken place."""
    days = found.days
    present = dict.fromkeys(days, 0)
    for index in people:
        for position in person_marks(sub, sheet, reading, found, index, "register_mark_unknown"):
            present[position] += 1
    for position, count in present.items():
        if not count:
            sub.warning(
                "row_cancelled",
                sheet=sheet.name,
                row=sheet.row_number(found.row),
                column=day_name(days, position, reading),
            )
    for index, position in totals_apart(sheet, found, present, reading):
        sub.warning(
            "totals_disagree",
            sheet=sheet.name,
            row=sheet.row_number(index),
            column=day_name(days, position, reading),
        )
    return present


def totals_apart(
    sheet: Sheet, found: RegisterHeader, present: dict[int, int], reading: Reading
) -> list[tuple[int, int]]:
    """(row, day) of each count in a register's totals row ("Totalt" 5 under a day) that is not
    the marks above it (4): the marks are counted, and the partner told, as a table's total."""
    return [
        (index, position)
        for index in range(found.row + 1, len(sheet.rows))
        if is_totals_row(sheet.rows[index], found.person, reading)
        for position, count in present.items()
        if is_figure(total := cell(sheet.rows[index], position)) and parse_number(total) != count
    ]


def person_marks(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    index: int,
    unknown_rule: str,
) -> list[int]:
    """The days a person's row of a register marks as present. A mark saying neither present
    nor absent is named (`unknown_rule`) and not counted; the person's cell is screened for
    personal data (a name, an identity number) and never kept."""
    _, person, days, letters = found
    said = {p: presence(cell(sheet.rows[index], p), reading, letters) for p in days}
    marks = [p for p, there in said.items() if there]
    for position in (p for p, there in said.items() if there is None):
        sub.warning(
            unknown_rule,
            sheet=sheet.name,
            row=sheet.row_number(index),
            column=day_name(days, position, reading),
        )
    who = cell(sheet.rows[index], person)
    if not marks and is_blank(who):
        return []
    if kind := personal_data_kind(who, free_text=False):
        sub.error(
            f"personal_data_{kind}",
            sheet=sheet.name,
            row=sheet.row_number(index),
            column=column_name(sheet.rows[found.row], person),
        )
    return marks


# the time a person came, written as their mark ("17:35")
_TIME_CAME = re.compile(r"^\d{1,2}[:.][0-5]\d$")
_TITLE_SPAN = re.compile(r"(?<![\d.:])(\d{1,2}[:.]\d{2})\s*[-–—]\s*(\d{1,2}[:.]\d{2})(?![\d.:])")
# a number and the word after it in a title, a duration when the word is a unit ("2 hours")
_TITLE_DURATION = re.compile(r"(?<![\d.,:])\d+(?:[.,]\d+)?\s*[^\W\d_]+\.?")


def hours_in_title(sheet: Sheet, header_row: int) -> float | None:
    """The length of each meeting a register's title gives by its time of day ("Ettervern,
    onsdager 17:30–19:00") or with its unit ("Each session 2 hours"), if it gives one."""
    for row in sheet.rows[:header_row]:
        for value in row:
            if isinstance(value, str) and (match := _TITLE_SPAN.search(value)):
                try:
                    return hours_from(parse_time(match.group(1)), parse_time(match.group(2)))
                except CellError:
                    return None
    texts = [v for row in sheet.rows[:header_row] for v in row if isinstance(v, str)]
    stated = (written_duration(m.group()) for t in texts for m in _TITLE_DURATION.finditer(t))
    return next((hours for hours in stated if hours), None)


def sessions(
    sub: Submission,
    sheet: Sheet,
    reading: Reading,
    found: RegisterHeader,
    people: list[int],
) -> pd.DataFrame:
    """A client's counselling sessions, one for each day with hours under it, on the client's
    row; the client's code is read as a code column's is."""
    header_row, person, days, _ = found
    header = sheet.rows[header_row]
    kind_text, kind = register_kind(sub, sheet, header_row, reading, "counselling")
    records = []
    for index in people:
        code = cell(sheet.rows[index], person)
        for position in days:
            value = cell(sheet.rows[index], position)
            if is_blank(value):
                continue
            try:
                hours = parse_hours(value)
            except CellError as failed:
                sub.error(
                    failed.rule,
                    sheet=sheet.name,
                    row=sheet.row_number(index),
                    column=day_name(days, position, reading),
                )
                continue
            if hours:
                records.append((sheet.row_number(index), days[position], code, hours))
    codes = [
        None if is_blank(c) or reading.vocab.no_code(c) else str(c).strip()
        for _, _, c, _ in records
    ]
    frame = pd.DataFrame(
        {
            "sheet": [sheet.name] * len(records),
            "sheet_row": [r[0] for r in records],
            "session_on": [r[1] for r in records],
            "user_code_text": codes,
            "user_code": [None if c is None else reading.user_codes.normalise(c) for c in codes],
            "session_kind": [kind] * len(records),
            "session_kind_text": [kind_text] * len(records),
            "hours": [float(r[3]) for r in records],
        }
    )
    across = f"{day_name(days, min(days), reading)} – {day_name(days, max(days), reading)}"
    frame.attrs["headers"] = {
        "session_on": across,
        "user_code": column_name(header, person),
        "session_kind": kind_text or sheet.name,
        "hours": across,
    }
    return frame


def register_kind(
    sub: Submission, sheet: Sheet, header_row: int, reading: Reading, table: str
) -> tuple[str | None, str]:
    """The text saying what the register's rows are, and its kind; a register saying none is
    counted as unclassified, with a warning asking for the kind."""
    spec = reading.vocab.tables[table]
    codes = spec.columns[spec.kind_column].codes
    kind_text = register_kind_text(sheet, header_row, reading, codes)
    kind = reading.classify(codes, kind_text) if kind_text else UNCLASSIFIED
    if kind == UNCLASSIFIED:
        sub.warning(
            "kind_column_missing",
            sheet=sheet.name,
            row=sheet.row_number(header_row),
            column=reading.header(spec, spec.kind_column),
        )
    return kind_text, kind


def register_header(sheet: Sheet, reading: Reading) -> RegisterHeader | None:
    """The header of a register, if the sheet is one: also a grid of marks under the days whose
    corner above the people's codes was left blank, with no title there to head them."""
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if (days := days_across(row, reading)) is None:
            continue
        below = sheet.rows[index + 1 :]
        letters = register_letters(below, days, reading)
        person = person_column(row, days, reading)
        if person is None and all(is_blank(value) for value in row[: min(days)]):
            person = unheaded_person_column(below, days, letters, reading)
        return None if person is None else RegisterHeader(index, person, days, letters)
    return None


def register_letters(
    rows: list[list[object]], days: dict[int, date], reading: Reading
) -> dict[str, bool]:
    """What each letter of a register's marks says, when every letter under its days is of one
    pair the vocabulary knows (register_letters: "D" present and "N" absent, da/ne); none when
    they are of no one pair, each letter then read as in any register ("D" among "F"s says
    nothing sure)."""
    written = {
        key
        for row in rows
        for position in days
        if isinstance(value := cell(row, position), str)
        and len(key := mark_key(value)) == 1
        and key.isalpha()
    }
    pair = next((p for p in reading.vocab.register_letters if written <= set(p)), None)
    return {pair[0]: True, pair[1]: False} if written and pair else {}


def unheaded_person_column(
    rows: list[list[object]], days: dict[int, date], letters: dict[str, bool], reading: Reading
) -> int | None:
    """The column of people of a register whose header leaves it blank (the meetings' dates
    across, nothing above the codes): the last column before the first day filled in every row
    marked under the days, when its shape leaves no doubt, every cell under the days a mark the
    register knows ("x" or blank, or one pair of letters: "P"/"A", "D"/"N"), someone marked
    present, and the column holding codes, not dates. None for any other sheet."""
    marked = [
        row
        for row in rows
        if any(not is_blank(cell(row, p)) for p in days)
        and not any(reading.vocab.is_totals_label(value) for value in row[: min(days)])
    ]
    said = [presence(cell(row, p), reading, letters) for row in marked for p in days]
    if not any(said) or None in said or not only_marks(marked, days):
        return None
    filled = [p for p in range(min(days)) if all(not is_blank(cell(row, p)) for row in marked)]
    if not filled:
        return None
    codes = [cell(row, filled[-1]) for row in marked]
    return None if any(isinstance(code, date | time) for code in codes) else filled[-1]


def days_across(row: list[object], reading: Reading) -> dict[int, date] | None:
    """The days a register's header names across, by position: at least MIN_MEETINGS of them,
    each later than the one before (a row of marks, 1 under every day, names none)."""
    days = {p: day for p, value in enumerate(row) if (day := as_day(value, reading))}
    if len(days) < MIN_MEETINGS or list(days.values()) != sorted(set(days.values())):
        return None
    return days


def person_column(row: list[object], days: dict[int, date], reading: Reading) -> int | None:
    """The column of people of a register's header: its last filled cell before the first
    day; None when there is none, or a day is among them (no register)."""
    before = [p for p in range(min(days)) if not is_blank(row[p])]
    if not before or any(as_day(row[p], reading) for p in before):
        return None
    return before[-1]


def reports_registers(reading: Reading) -> bool:
    """Whether the partner reports a table a register may give."""
    return bool(set(reading.partner.tables if reading.partner else ()) & REGISTER_TABLES)


def heads_a_register(
    rows: list[list[object]], index: int, upper: RegisterHeader, reading: Reading
) -> bool:
    """Whether a row below a register of marks is the header of another one: days across after
    its column of people, in no totals row ("Razem" over the day's counts). Under a register of
    hours a client's hours rising day by day (1, 2) are no days."""
    row = rows[index]
    days = days_across(row, reading)
    person = person_column(row, days, reading) if days else None
    above = [r for r in rows[upper.row + 1 : index] if not is_totals_row(r, upper.person, reading)]
    return (
        person is not None
        and not is_totals_row(row, person, reading)
        and only_marks(above, upper.days)
    )


def is_totals_row(row: list[object], person: int, reading: Reading) -> bool:
    """Whether a register's row is its totals, labelled in the column of people or a column
    before it ("Lp.")."""
    return any(reading.vocab.is_totals_label(value) for value in row[: person + 1])


def register_start(rows: list[list[object]], upper: RegisterHeader, lower: int) -> int:
    """Where the lower of two registers one above the other begins: after the blank row ending
    the upper one's rows (the last with something under its days), so the lower one's title
    and places go with it; its header row when no blank row comes between."""
    written = [
        index
        for index in range(upper.row + 1, lower)
        if any(not is_blank(cell(rows[index], p)) for p in upper.days)
    ]
    end = max(written, default=upper.row)
    blank = next(
        (index for index in range(end + 1, lower) if all(is_blank(v) for v in rows[index])),
        None,
    )
    return lower if blank is None else blank + 1


def as_day(value: object, reading: Reading) -> date | None:
    """A header cell's day: a date (day_of), also with a title after it ("06/10/2026 Naloxone
    awareness"), or a day of the month the file states (6, also written as text: "6", "6.")."""
    if (number := day_number(value)) is not None and reading.month:
        try:
            return day_of_month(number, reading.month)
        except CellError:
            return None
    return day_of(value, reading) or titled_day(value, reading)[0]


def titled_day(value: object, reading: Reading) -> tuple[date | None, str]:
    """The date a header cell begins with and the words after it ("06/10/2026 Naloxone
    awareness", "7. 10. 2026 – Preprečevanje recidiva"); None and "" for a cell beginning
    with no date."""
    if not isinstance(value, str) or not value.strip()[:1].isdigit():
        return None, ""
    words = value.split()
    for end in range(len(words) - 1, 0, -1):
        if (day := day_of(" ".join(words[:end]), reading)) is not None:
            return day, " ".join(words[end:]).strip(" -–—:,;|")
    return None, ""


def day_title(value: object, reading: Reading) -> str:
    """The words after the date in a register's day header, its training's title; "" when
    the cell gives a date alone."""
    return titled_day(value, reading)[1]


def only_marks(rows: list[list[object]], days: dict[int, date]) -> bool:
    """Whether the people's cells under the days are marks, not figures: a number other than 0
    or 1 (the hours of a client's sessions, day by day) makes the sheet no attendance register."""
    return not any(
        isinstance(value, int | float) and not isinstance(value, bool) and value not in (0, 1)
        for row in rows
        for value in (cell(row, p) for p in days)
    )


def day_name(days: dict[int, date], position: int, reading: Reading) -> str:
    """A day column as the partner reads it: its day in the partner's language."""
    return i18n.day(days[position], reading.language)


def cell(row: list[object], position: int) -> object:
    return row[position] if position < len(row) else None


def presence(
    value: object, reading: Reading, letters: dict[str, bool] | None = None
) -> bool | None:
    """Whether a register's mark says the person was there (a sign or word for present or, in
    the partner's language, for late, a number other than 0, the time they came, a letter of
    the register's pair of `letters` saying so: "D" of D/N), was not (blank, 0, a dash, a word
    for absent), or None: a mark the register does not know, which says neither."""
    if is_blank(value):
        return False
    if isinstance(value, time | datetime):
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0
    text = str(value).strip()
    if letters and (key := mark_key(text)) in letters:
        return letters[key]
    if reading.vocab.says_present(text, reading.language) or _TIME_CAME.match(text):
        return True
    key = normalise(text)
    if not text.strip("-–—/") or key in reading.vocab.absent_words:
        return False
    return False if key and reading.vocab.not_applicable(text) else None


def register_kind_text(sheet: Sheet, header_row: int, reading: Reading, codes: str) -> str | None:
    """What the register says its rows are: the sheet's name when it names a kind (of activity,
    of session), else its title above the header ("Lista obecności – Klub Abstynenta"), else the
    file's name ("Oppmøteliste ettervern oktober 2026")."""
    if reading.classify(codes, sheet.name) != UNCLASSIFIED:
        return sheet.name
    titles = [
        str(value).strip()
        for row in sheet.rows[:header_row]
        for value in row
        if isinstance(value, str) and value.strip()
    ]
    title = " ".join(titles)
    if title and reading.classify(codes, title) != UNCLASSIFIED:
        return title
    if reading.file_name and reading.classify(codes, reading.file_name) != UNCLASSIFIED:
        return reading.file_name
    return title or None
