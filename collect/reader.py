"""One received file to a Submission: each sheet's table located (collect.layout) and read
(collect.sheet_tables), the month and partner settled from what the file states
(collect.stated), and every problem recorded with its cell.

`read_submission` never raises: whatever a file does to the reader ends as a problem of that
submission, so one bad file never stops a run or the other files.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from collect import cells
from collect.arrival import Arrival
from collect.attendance import (
    heads_a_register,
    register_header,
    register_start,
    register_tables,
    reports_registers,
)
from collect.formats import Sheet, Workbook, read_workbook
from collect.layout import (
    HEADER_SEARCH_ROWS,
    Layout,
    columns_named,
    header_keys,
    named_columns,
    sheet_layout,
)
from collect.resident_lists import resident_list
from collect.rows import spans
from collect.sheet_tables import KIND_FROM_SHEET, Reading, kinds_named, sheet_tables
from collect.stated import (
    month_named,
    partner_in_sheet,
    partner_in_text,
    period_in_sheet,
    period_in_text,
    range_of_months,
    year_in_text,
    year_stated,
)
from collect.unreadable import UnreadableFile
from core.config import Consortium, person_of_code
from core.messages import label
from core.periods import month_over_at, month_start
from core.submission import Submission
from core.vocabulary import Vocabulary, normalise, vocabulary, word_key

FOUND_COLUMNS = 8
# a span of days and their month, as a week's sheet is named: "1.-6. 9.", "28-30 Sep"
DAYS_OF_A_MONTH = re.compile(
    r"(?P<first>\d{1,2})\.?\s*[-–]\s*(?P<last>\d{1,2})\.?\s*(?P<month>\d{1,2}|[^\W\d_]+)\.?"
)
# the most times a sheet is cut into the tables that stand one above the other
MAX_PARTS = 8
# the rows of a register's title above its header: its title and places, a blank row
REGISTER_TITLE_ROWS = 3
# what our template writes in each row of a housing sheet before the partner fills it in
TEMPLATE_UNIT_COLUMNS = frozenset({"site_id", "places"})
# a summary sheet's figures: the table, column and how its rows give each
SUMMARY_FIGURES = {
    "counselling_sessions": ("counselling", None, "rows"),
    "counselling_hours": ("counselling", "hours", "sum"),
    "group_meetings": ("groups", None, "rows"),
    "trainings": ("trainings", None, "rows"),
    "people": ("people", "user_code", "distinct"),
}
# a summary's figure this close to the rows' is the same (hours rounded to two decimals)
SUMMARY_TOLERANCE = 0.01
# rows of earlier months in a file that make it a log kept over the year, not a date mistyped
RUNNING_LOG_ROWS = 3
# where a table turned on its side is looked for: its headers down one of the first columns
TURNED_SEARCH_COLUMNS, TURNED_SEARCH_ROWS = 3, 40
# two months in numbers joined by underscores before their year (`porady_10_11_2026`): as
# collect.stated reads `11_2026` a month, never a day, so is `10_11_2026` two months
MONTHS_IN_NUMBERS = re.compile(r"(?<![\d.])(0?[1-9]|1[0-2])_(0?[1-9]|1[0-2])_20\d\d(?!\d)")


def read_submission(arrival: Arrival, config: Consortium) -> Submission:
    """The file read into canonical tables, with every problem found; never raises. A file of
    weeks that states no month is read again as a file of the month its weeks report, and one
    of days alone whose month only its sheets' names give, as a file of that month."""
    sub = read_as(arrival, config)
    if sub.period is None and (month := month_the_weeks_report(sub, vocabulary())):
        return read_as(arrival, config, month)
    if sub.period and any(p.rule == "day_without_month" for p in sub.problems):
        # days alone (3, 17) of the month a sheet's name states ("november 2026"), found after
        # the rows were read
        return read_as(arrival, config, sub.period)
    return sub


def read_as(arrival: Arrival, config: Consortium, month: str | None = None) -> Submission:
    """The file read as `read_submission` reads it, as a file of `month` when it is given."""
    sub = Submission(
        sha256=arrival.sha256,
        name_as_received=arrival.name_as_received,
        size_bytes=arrival.size_bytes,
        received_at=arrival.received_at,
        partner_id=arrival.partner_id or partner_in_text(arrival.name_as_received, config),
        period=arrival.period or period_in_text(arrival.name_as_received),
        inbox_path=arrival.inbox_path,
    )
    try:
        read_into(sub, arrival, config, month)
    except UnreadableFile as exc:
        sub.tables.clear()
        sub.error(exc.rule, **exc.params)
    except Exception as exc:  # noqa: BLE001 - a file must never crash the run
        sub.tables.clear()
        sub.error("file_unreadable", detail=type(exc).__name__)
    return sub


def month_the_weeks_report(sub: Submission, vocab: Vocabulary) -> str | None:
    """The month of a file of weeks each named by its first day ("w/c 28/09", "Uke fra") that
    states none: the month of its weeks but those begun in the six days before it, which the
    file of that month counts (collect.rows.weeks_begun_before)."""
    if not any(p.rule in ("dates_week_start", "dates_week_number") for p in sub.problems):
        return None
    days = [day for rows in dates_of_rows(sub, vocab).values() for day in rows.dropna()]
    months = sorted({f"{day.year:04d}-{day.month:02d}" for day in days})
    if len(months) != 2:
        return None
    earliest = month_start(months[1]) - timedelta(days=6)
    return months[1] if all(day >= earliest for day in days) else None


def read_into(
    sub: Submission, arrival: Arrival, config: Consortium, month: str | None = None
) -> None:
    partner = config.partner(sub.partner_id or "")
    language = partner.language if partner else None
    book = read_workbook(arrival.path, arrival.name_as_received, config.intake, language=language)
    sub.file_format = book.file_format
    sub.sheets = [sheet.name for sheet in book.sheets]
    for rule, params in book.notes:
        sub.warning(rule, **params)
    vocab = vocabulary()
    sheets = [s for s in book.sheets if s.visible]
    month = month or stated_month(arrival, sheets, vocab, language)
    reading = Reading(
        vocab,
        partner,
        config.user_codes,
        book.date1904,
        month,
        Path(arrival.name_as_received).stem,
        year_stated(arrival.name_as_received, sheets),
    )
    for sheet in hidden_tables(book, reading):
        sub.warning("sheet_hidden", sheet=sheet.name)
    others = sheets_of_other_months(arrival, sheets, reading)
    for sheet in others:
        sub.warning("sheet_of_another_month", sheet=sheet.name, period=reading.month)
    if others:
        left = {id(s) for s in others}
        sheets = [s for s in sheets if id(s) not in left]
        book = replace(book, sheets=[s for s in book.sheets if id(s) not in left])
    found = read_tables(sub, book, reading)
    if sub.partner_id is None:
        sub.partner_id = next(
            (p for s in sheets for p in [partner_in_sheet(s, config, vocab)] if p), None
        )
    language = language or (config.partner(sub.partner_id or "") or config).language
    check_partner(sub, arrival, sheets, config, vocab)
    settle_period(sub, arrival, sheets, vocab, language)
    if ended := month_of_range_without_sheet(sub, arrival, sheets, vocab, language):
        # the sheets of its other months (months_in_sheets) are told once, as the file's
        sub.problems = [p for p in sub.problems if p.rule != "months_in_sheets"]
        sub.period = ended
        sub.error(
            "month_of_range_without_sheet",
            period=ended,
            sheets=", ".join(s.name for s in sheets if month_named(s.name, vocab, language)),
        )
    elif several := months_sent_at_once(sub, arrival, sheets, vocab, language):
        # the sheet of a second month refused (months_in_sheets) is told once, as the file's
        sub.problems = [p for p in sub.problems if p.rule != "months_in_sheets"]
        sub.error("months_in_one_file", months=", ".join(several))
    else:
        since = range_reported_since(sub, arrival, vocab, language)
        leave_other_months(sub, vocab, arrival.received_at, since)
    check_period(sub, config)
    check_tables(sub, config, found, book)
    tell_hidden_rows(sub, book)


def tell_hidden_rows(sub: Submission, book: Workbook) -> None:
    """Rows the partner hid (by hand or with a filter) are read and counted, as their data is
    there; a warning per sheet names them, in case they were hidden to be left out."""
    hidden = {sheet.name: sheet.hidden_rows for sheet in book.sheets if sheet.hidden_rows}
    if not hidden or not sub.tables:
        return
    counted = pd.concat([frame[["sheet", "sheet_row"]] for frame in sub.tables.values()])
    for sheet, rows in counted.groupby("sheet", sort=False):
        found = sorted(set(rows["sheet_row"].astype(int)) & hidden.get(sheet, frozenset()))
        if found:
            sub.warning("rows_hidden_counted", sheet=sheet, row=found[0], rows=spans(found))


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


def sheets_of_other_months(arrival: Arrival, sheets: list[Sheet], reading: Reading) -> list[Sheet]:
    """In a workbook kept over the year, a sheet per month, the sheets named for months other
    than the one its name gives (or the mail loop was told), also as the last of a range of
    months ("januar - oktober"): those are not read again. Without a sheet for that month the
    workbook is not kept so: sheets named "Maja" or "Julija" are a counsellor's, not May's or
    July's."""
    ranged = month_the_range_ends_with(arrival, reading.vocab, reading.language)
    given = (
        arrival.period
        or ranged
        or period_in_text(arrival.name_as_received, reading.vocab, reading.language)
        or month_of_the_name(arrival, reading.vocab, reading.language)
    )
    named = {id(s): month_named(s.name, reading.vocab, reading.language) for s in sheets}
    if given is None or sum(m is not None for m in named.values()) < 2:
        return []
    named_in_name = months_of_the_name(arrival, reading.vocab, reading.language)
    if not ranged and len(named_in_name & {*named.values()}) > 1:
        return []  # sheets of two months its name names: sent at once (months_sent_at_once)
    month = int(given[5:7])
    if month not in named.values():
        return []
    return [s for s in sheets if named[id(s)] not in (None, month)]


def stated_month(
    arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str | None
) -> str | None:
    """The month given with the file, in its name or on a sheet, before its rows are read: a
    date written without its year ("5. 3.") is of its year, a day alone of it."""
    stated = (
        arrival.period,
        month_the_range_ends_with(arrival, vocab, language),
        period_in_text(arrival.name_as_received, vocab, language),
        *(period_in_sheet(s, vocab, language) for s in sheets),
        month_of_the_name(arrival, vocab, language),
    )
    return next((period for period in stated if period), None)


def settle_period(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str
) -> None:
    """The month from the arrival, the file name or the sheets; all that state one must agree.
    When none states it, the names of the sheets, then the dates of the rows. Where each month
    was found is said in the partner's language."""
    stated = {
        label(language, "stated_given"): arrival.period,
        label(language, "stated_file_name"): month_the_rows_choose(sub, arrival, vocab, language)
        or month_the_range_ends_with(arrival, vocab, language)
        or period_in_text(arrival.name_as_received, vocab, language),
        **{
            label(language, "stated_sheet", sheet=s.name): period_in_sheet(s, vocab, language)
            for s in sheets
        },
    }
    stated = {where: period for where, period in stated.items() if period}
    if not stated and (month := month_of_the_name(arrival, vocab, language)):
        stated = {label(language, "stated_file_name"): month}
    if not stated:
        # a sheet per month ("Mart 2025"), else an activity log whose dates share one month
        stated = {
            label(language, "stated_sheet", sheet=s.name): period
            for s in sheets
            if (period := period_in_text(s.name, vocab, language))
        }
    if not stated and (month := month_of_every_date(sub, vocab)):
        stated = {label(language, "stated_dates"): month}
    if not stated and (named := month_of_a_sheet_name(arrival, sheets, vocab, language)):
        stated = {label(language, "stated_sheet", sheet=named[0]): named[1]}
    if (
        not stated
        and not months_in_sheet_names(sheets, vocab, language)
        and (month := month_of_running_log(sub, vocab, arrival.received_at))
    ):
        stated = {label(language, "stated_log_dates"): month}
    if len(set(stated.values())) == 1 and (dated := month_of_dates_apart(sub, vocab, stated)):
        stated[label(language, "stated_dates")] = dated
    if len(set(stated.values())) > 1:
        given = {label(language, "stated_given"), label(language, "stated_file_name")}
        sub.error(
            "period_mismatch" if given & stated.keys() else "period_of_sheets_differ",
            periods=", ".join(f"{p} ({where})" for where, p in stated.items()),
        )
    sub.period = next(iter(stated.values()), None)
    if sub.period is None:
        sub.error("period_unknown")


def month_the_rows_choose(
    sub: Submission, arrival: Arrival, vocab: Vocabulary, language: str | None
) -> str | None:
    """Of the months a file's name names ("oktober november 2026 samo oktober"), the one every
    dated row falls in: such a name says which month the file reports only through its rows.
    A month given with the file is not overruled, nor a name naming one month."""
    if arrival.period or len(named := months_of_the_name(arrival, vocab, language)) < 2:
        return None
    month = month_of_every_date(sub, vocab)
    if month is None or int(month[5:]) not in named:
        return None
    return month if period_of_month(int(month[5:]), arrival) == month else None


def month_of_a_sheet_name(
    arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str
) -> tuple[str, str] | None:
    """The sheet named for a month alone ("oktobar") and its month, when no other sheet names
    another: of the year the file's name gives (`korisnici_2026`), else of the last year in
    which that month had begun when the file arrived."""
    named = {s.name: m for s in sheets if (m := month_named(s.name, vocab, language))}
    if len(set(named.values())) != 1:
        return None
    return next(iter(named)), period_of_month(next(iter(named.values())), arrival)


def month_of_the_name(arrival: Arrival, vocab: Vocabulary, language: str | None) -> str | None:
    """A file named for a month in words without its year beside it ("Svetovanja_oktober",
    "Svetovanja 2026 - stanje oktober"): the month its name gives, not the dates of its rows,
    whose mistyped days are then errors."""
    words = re.findall(r"[a-z]+", normalise(Path(arrival.name_as_received).stem))
    months = {vocab.month_of(word, language) for word in words} - {None}
    return period_of_month(months.pop(), arrival) if len(months) == 1 else None


def months_of_the_name(arrival: Arrival, vocab: Vocabulary, language: str | None) -> set[int]:
    """Every month a file's name names: in words ("oktober in november 2026",
    "October-November") or in numbers joined before their year (`porady_10_11_2026`)."""
    stem = Path(arrival.name_as_received).stem
    months = {vocab.month_of(word, language) for word in re.findall(r"[a-z]+", normalise(stem))}
    for match in MONTHS_IN_NUMBERS.finditer(stem):
        months |= {int(match.group(1)), int(match.group(2))}
    return months - {None}


def months_sent_at_once(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str
) -> list[str]:
    """The months of a file whose name names two or more and which holds rows dated in, or
    sheets named for, more than one of them: months sent at once, never counted as one of them
    (the others would be taken as sent before). A file naming one month with a few rows of
    others, or a correction naming the month it was made in, all its rows of one, is not; nor
    a workbook kept over the year named for the range of its months ("januar - oktober"), which
    holds the last."""
    named = months_of_the_name(arrival, vocab, language)
    if len(named) < 2 or month_of_range_held(sub, arrival, sheets, vocab, language):
        return []
    held = {
        month
        for rows in months_of_rows(sub, vocab).values()
        for month in rows.dropna().unique()
        if int(month[5:]) in named
    }
    held |= {
        period_of_month(month, arrival)
        for sheet in sheets
        if (month := month_named(sheet.name, vocab, language)) in named
    }
    return sorted(held) if len({month[5:] for month in held}) > 1 else []


def range_of_the_name(
    arrival: Arrival, vocab: Vocabulary, language: str | None
) -> tuple[str, str] | None:
    """The first and last month of a range a file's name gives ("Poročilo januar - oktober
    2026", "report January to October 2026"): a workbook kept over the year, sent each month
    named for the months it covers, reports the last; the others were sent before."""
    months = range_of_months(Path(arrival.name_as_received).stem, vocab, language)
    if months is None:
        return None
    return period_of_month(months[0], arrival), period_of_month(months[1], arrival)


def month_the_range_ends_with(
    arrival: Arrival, vocab: Vocabulary, language: str | None
) -> str | None:
    """The month a file named for a range of months reports: its last."""
    ranged = range_of_the_name(arrival, vocab, language)
    return None if ranged is None else ranged[1]


def range_reported_since(
    sub: Submission, arrival: Arrival, vocab: Vocabulary, language: str | None
) -> str | None:
    """The first month of the range a file's name gives, when the file reports the last: rows
    of the months from it on are those of months sent before, however few."""
    ranged = range_of_the_name(arrival, vocab, language)
    return ranged[0] if ranged and ranged[1] == sub.period else None


def month_of_range_held(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str
) -> str | None:
    """The last month of the range a file's name gives, when the file holds it: a sheet named
    for it, or rows dated in it."""
    month = month_the_range_ends_with(arrival, vocab, language)
    if month is None:
        return None
    held = any(month_named(s.name, vocab, language) == int(month[5:]) for s in sheets) or any(
        (rows == month).any() for rows in months_of_rows(sub, vocab).values()
    )
    return month if held else None


def month_of_range_without_sheet(
    sub: Submission, arrival: Arrival, sheets: list[Sheet], vocab: Vocabulary, language: str
) -> str | None:
    """The last month of the range a file's name gives ("januar - oktober 2026"), the month it
    reports, when the file has a sheet per month but none for that one and no row dated in it:
    read as it is, it would count one of the months sent before."""
    month = month_the_range_ends_with(arrival, vocab, language)
    if month is None or not months_in_sheet_names(sheets, vocab, language):
        return None
    return None if month_of_range_held(sub, arrival, sheets, vocab, language) else month


def period_of_month(month: int, arrival: Arrival) -> str:
    """A month named without its year: of the year the file's name gives (`korisnici_2026`),
    else of the last year in which that month had begun when the file arrived."""
    received = arrival.received_at
    year = year_in_text(arrival.name_as_received) or (
        received.year if month <= received.month else received.year - 1
    )
    return f"{year}-{month:02d}"


def months_of_rows(sub: Submission, vocab: Vocabulary) -> dict[str, pd.Series]:
    """The month (YYYY-MM) of each row of every dated table; None for a row without a date."""
    return {table: months_of_dates(dates) for table, dates in dates_of_rows(sub, vocab).items()}


def dates_of_rows(sub: Submission, vocab: Vocabulary) -> dict[str, pd.Series]:
    """The date of each row of every dated table."""
    return {
        table: frame[name]
        for table, frame in sub.tables.items()
        for name, column in vocab.tables[table].columns.items()
        if column.type == "date" and name in frame
    }


def months_of_dates(dates: pd.Series) -> pd.Series:
    """Each date's month (YYYY-MM), None for a missing one; worked out once per distinct date."""
    codes, uniques = pd.factorize(dates)
    months = np.array([*(f"{d.year:04d}-{d.month:02d}" for d in uniques), None], dtype=object)
    return pd.Series(months[codes], index=dates.index, dtype=object)


def month_of_dates_apart(sub: Submission, vocab: Vocabulary, stated: dict[str, str]) -> str | None:
    """The one month of every dated row (two at least), when it is not the month the file
    states ("september" in its name, every session in October): the file is of one of them."""
    months = [m for rows in months_of_rows(sub, vocab).values() for m in rows.dropna()]
    apart = set(months) - set(stated.values())
    return apart.pop() if len(months) >= 2 and len(set(months)) == 1 and apart else None


def month_of_every_date(sub: Submission, vocab: Vocabulary) -> str | None:
    """The month every date in the file's rows falls in, when they all fall in one."""
    months = {m for rows in months_of_rows(sub, vocab).values() for m in rows.dropna()}
    return months.pop() if len(months) == 1 else None


def months_in_sheet_names(sheets: list[Sheet], vocab: Vocabulary, language: str) -> bool:
    """Whether sheets are named for two months or more: a quarter or a year sent at once, never
    a log kept over the year, whose month must be stated."""
    return len({month_named(s.name, vocab, language) for s in sheets} - {None}) > 1


def month_of_running_log(sub: Submission, vocab: Vocabulary, received: datetime) -> str | None:
    """The month a log kept over the year reports when nothing states it: the last month of
    its rows that was over when the file arrived, when enough rows of months before it make it
    a running log (and not a date mistyped, which validation then names)."""
    under_way = month_of(received)
    over = [
        m for rows in months_of_rows(sub, vocab).values() for m in rows.dropna() if m < under_way
    ]
    if not over:
        return None
    last = max(over)
    return last if sum(m < last for m in over) >= RUNNING_LOG_ROWS else None


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def leave_other_months(
    sub: Submission, vocab: Vocabulary, received: datetime, since: str | None = None
) -> None:
    """A log kept over the year and sent each month: the rows of months before the file's are
    left unread, with a warning per sheet, when there are enough of them to be earlier months
    and not a date mistyped (which validation then names), or all are of the months from
    `since` (the file's name gives them: "januar - oktober"), and the file's month has rows. So
    are its rows of the month still under way when it arrived, read with that month's report."""
    if sub.period is None:
        return
    months = months_of_rows(sub, vocab)
    under_way = month_of(received)
    earlier = {table: (rows < sub.period).astype(bool) for table, rows in months.items()}
    left = rows_left(sub, months, earlier)
    in_month = any((rows == sub.period).any() for rows in months.values())
    named = bool(left) and since is not None and all((r["month"] >= since).all() for r in left)
    if not in_month or (sum(len(rows) for rows in left) < RUNNING_LOG_ROWS and not named):
        return
    if not year_mistyped(left, sub.period):
        leave_rows(sub, "rows_of_earlier_months", earlier, left)
    months = months_of_rows(sub, vocab)
    later = {
        table: ((rows > sub.period) & (rows >= under_way)).astype(bool)
        for table, rows in months.items()
    }
    leave_rows(sub, "rows_of_month_under_way", later, rows_left(sub, months, later))


def year_mistyped(left: list[pd.DataFrame], period: str) -> bool:
    """Whether the earlier rows are all of the file's month in an earlier year (10.2025 among
    the rows of 2026-10): last year's date copied, which validation names, not a log of the
    months before."""
    earlier = {month for rows in left for month in rows["month"]}
    return all(month[4:] == period[4:] for month in earlier)


def rows_left(
    sub: Submission, months: dict[str, pd.Series], which: dict[str, pd.Series]
) -> list[pd.DataFrame]:
    return [
        sub.tables[table].loc[rows, ["sheet", "sheet_row"]].assign(month=months[table][rows])
        for table, rows in which.items()
        if rows.any()
    ]


def leave_rows(
    sub: Submission, rule: str, which: dict[str, pd.Series], left: list[pd.DataFrame]
) -> None:
    """The rows `which` marks taken out of their tables, with a warning per sheet."""
    for table, rows in which.items():
        sub.tables[table] = sub.tables[table][~rows].reset_index(drop=True)
    if not left:
        return
    for sheet, rows in pd.concat(left).groupby("sheet", sort=False):
        sub.warning(
            rule,
            sheet=sheet,
            row=int(rows["sheet_row"].min()),
            months=", ".join(sorted(set(rows["month"]))),
            period=sub.period,
            in_rows=len(rows),
        )


def check_period(sub: Submission, config: Consortium) -> None:
    """A partner reports only the months it is in the consortium for, and never a month that
    has not begun when the file arrives. A month still under way is counted as sent, with a
    warning that the file of the whole month, once it is over, replaces it."""
    partner = config.partner(sub.partner_id or "")
    if sub.period is None or partner is None:
        return
    received = f"{sub.received_at.year:04d}-{sub.received_at.month:02d}"
    timezone = config.reporting.schedule.timezone
    if sub.period > received:
        sub.error("period_in_future", period=sub.period, received=received)
    elif sub.received_at < month_over_at(sub.period, timezone):
        arrived = sub.received_at.astimezone(ZoneInfo(timezone)).date()
        sub.warning("period_under_way", period=sub.period, day=arrived.isoformat())
    if sub.period < partner.reports_from or (
        partner.reports_until and sub.period > partner.reports_until
    ):
        sub.error(
            "period_outside_partner",
            period=sub.period,
            first=partner.reports_from,
            last=partner.reports_until or "-",
        )


def check_tables(sub: Submission, config: Consortium, found: list[str], book: Workbook) -> None:
    """A file counts only for tables with rows in it; one with none is refused with what it
    holds (sheets and their columns). Tables the partner reports that the file lacks are
    outstanding for the month, never a reason to refuse what was sent."""
    if not any(len(sub.tables[t]) for t in found):
        sub.tables.clear()
        # a month not found is told beside what the file holds, so both are mended at once
        told = [p for p in sub.errors if p.rule != "period_unknown"]
        if found and all(s.visible for s in book.sheets) and not told:
            # the headers of a table partners know, and not a row under them (nor a hidden sheet
            # that may hold them, which no_table_found names)
            sub.error("no_rows", tables=sorted(set(found)))
        elif not told and all(is_blank(s) for s in book.sheets if s.visible):
            sub.problems = [p for p in sub.problems if p.rule != "sheet_empty"]
            sub.error("sheets_empty", sheets=", ".join(s.name for s in book.sheets if s.visible))
        elif not told:
            sub.error(
                "no_table_found",
                sheets=", ".join(s.name for s in book.sheets if s.visible) or "-",
                hidden=", ".join(s.name for s in book.sheets if not s.visible) or "-",
                found=what_was_found(book),
            )
        return
    partner = config.partner(sub.partner_id or "")
    if partner is not None:
        sub.outstanding = [t for t in partner.tables if t not in sub.tables]


def is_blank(sheet: Sheet) -> bool:
    """Nothing written in the sheet: no header, no row, no title."""
    return all(cells.is_blank(c) for row in sheet.rows for c in row)


def what_was_found(book: Workbook) -> str:
    """Each visible sheet with the words of its first non-empty row, or that it is empty."""
    found = []
    for sheet in book.sheets:
        if not sheet.visible:
            continue
        row = next((r for r in sheet.rows if any(not cells.is_blank(c) for c in r)), [])
        words = [str(c).strip()[:40] for c in row if not cells.is_blank(c)][:FOUND_COLUMNS]
        found.append(f"{sheet.name}: {' | '.join(words) if words else '-'}")
    return "; ".join(found) or "-"


def hidden_tables(book: Workbook, reading: Reading) -> list[Sheet]:
    """The hidden sheets that hold a table of the report: never read (a hidden sheet is most
    often last month's or a list for drop-downs), but named, in case it was hidden by mistake."""
    return [
        sheet
        for sheet in book.sheets
        if not sheet.visible
        and sheet.rows
        and not reading.vocab.is_instructions(sheet.name)
        and any(layout is not None for _, layout, _ in sheet_parts(sheet, reading))
    ]


def read_tables(sub: Submission, book: Workbook, reading: Reading) -> list[str]:
    """Fill sub.tables from the visible sheets; the names of the tables found. Two sheets may
    feed one table when one of them is a mixed activity log."""
    from_log: set[str] = set()
    sheet_of: dict[str, str] = {}
    turned_sheets: list[tuple[str, str, str]] = []
    parts = [
        part
        for sheet in book.sheets
        if sheet.visible and not reading.vocab.is_instructions(sheet.name)
        for part in sheet_parts(sheet, reading)
    ]
    summaries = summary_sheets(parts, reading)
    for name in summaries:
        sub.warning("summary_sheet_unread", sheet=name)
    pivots = pivots_alone(parts, summaries, reading)
    for name, row in pivots.items():
        sub.error("pivot_table_only", sheet=name, row=row)
    for sheet, layout, stacked in parts:
        if sheet.name in summaries or sheet.name in pivots:
            continue
        register = resident_list(sub, sheet, reading) or (
            register_tables(sub, sheet, reading)
            if layout is None or undated_beside_days(sheet, layout, reading)
            else None
        )
        if register is not None:
            # a list of residents, or a register (the days across): joining the table's other
            # rows
            table, frame = register
            from_log.add(table)
            sheet_of.setdefault(table, sheet.name)
            sub.tables[table] = joined(sub.tables.get(table), frame)
            continue
        if layout is None:
            named = reading.vocab.table_for_sheet(sheet.name)
            if turned := table_down_a_column(sheet, reading.vocab):
                turned_sheets.append((sheet.name, *turned))
            elif named and is_blank(sheet):
                # a sheet left empty this month: the table stays outstanding, as if absent
                sub.warning("sheet_empty", sheet=sheet.name, table=named)
            elif named:
                sub.error("header_not_found", sheet=sheet.name, table=named)
            continue
        if turned := turned_with_a_row_read(sheet, layout, reading.vocab):
            # a week or a unit a column, one of its rows taken for a header
            turned_sheets.append((sheet.name, *turned))
            continue
        if stacked:
            # more tables one above the other than are cut apart: refused, never half read
            index, table = stacked
            sub.error("tables_stacked", sheet=sheet.name, row=sheet.row_number(index), table=table)
            continue
        for table, frame in sheet_tables(sub, sheet, layout, reading).items():
            if states_only_its_units(sub, sheet.name, table, frame, reading):
                # our template's housing sheet left as it came: a sheet left empty
                sub.warning("sheet_empty", sheet=sheet.name, table=table)
                continue
            # a log's rows, a sheet per kind's, and each table of one sheet join the table's
            # other rows
            joins = (
                layout.is_log
                or bool(frame.attrs.get(KIND_FROM_SHEET))
                or sheet_of.get(table) == sheet.name
            )
            if table in sub.tables and not joins:
                earlier = sub.tables[table]
                read_before = (earlier, sheet_of[table], table in from_log)
                if refused := sheet_refused((sheet.name, frame), table, read_before, reading):
                    rule, other = refused
                    sub.error(rule, sheet=sheet.name, table=table, other=other)
                    continue
                sub.tables[table] = joined(earlier, frame)
                continue
            if joins:
                from_log.add(table)
            sheet_of.setdefault(table, sheet.name)
            sub.tables[table] = joined(sub.tables.get(table), frame)
    # a table on its side refuses a file with nothing else to read; beside tables read (it
    # may be a legend of the columns) it is a warning
    tell = sub.warning if sub.tables else sub.error
    for name, table, column in turned_sheets:
        tell("headers_in_a_column", sheet=name, table=table, column=column)
    leave_out_people_listed_twice(sub, reading)
    tell_clients_not_in_people(sub, reading)
    for sheet, _, _ in parts:
        if sheet.name in summaries:
            check_summary(sub, sheet, reading)
    return list(sub.tables)


def undated_beside_days(sheet: Sheet, layout: Layout, reading: Reading) -> bool:
    """Whether a sheet whose table lacks its column of dates has the days across its header row,
    a register's (a client's hours under each day): its total beside them ("Skupaj ur") only
    made it look like a table of rows."""
    table = reading.vocab.tables[layout.main]
    dates = [name for name, column in table.columns.items() if column.type == "date"]
    if not dates or any(layout.position(layout.main, name) is not None for name in dates):
        return False
    found = register_header(sheet, reading) if reports_registers(reading) else None
    return found is not None and found.row == layout.header_row


def check_summary(sub: Submission, sheet: Sheet, reading: Reading) -> None:
    """Each figure of a summary sheet ("Število svetovanj | 5") against what the rows give: one
    they disagree with is told at its row (rows left out, or a summary not brought up to date)."""
    for index, row in enumerate(sheet.rows):
        filled = [c for c in row if not cells.is_blank(c)]
        if len(filled) < 2 or (figure := reading.vocab.summary_figure(filled[0])) is None:
            continue
        stated = next((c for c in filled[1:] if cells.is_figure(c)), None)
        counted = figure_of_rows(sub, figure)
        if stated is None or counted is None:
            continue
        if abs(cells.parse_number(stated) - counted) > SUMMARY_TOLERANCE:
            sub.warning(
                "summary_disagrees",
                sheet=sheet.name,
                row=sheet.row_number(index),
                label=str(filled[0]).split(":")[0].strip(),
                stated=cells.parse_number(stated),
                counted=counted,
            )


def figure_of_rows(sub: Submission, figure: str) -> float | None:
    """A summary's figure as the file's rows give it; None when no table read gives it."""
    table, column, how = SUMMARY_FIGURES[figure]
    frame = sub.tables.get(table)
    if frame is None or (column is not None and column not in frame):
        return None
    if how == "rows":
        return float(len(frame))
    if how == "distinct":
        return float(frame[column].nunique())
    return float(pd.to_numeric(frame[column], errors="coerce").sum())


def leave_out_people_listed_twice(sub: Submission, reading: Reading) -> None:
    """Leave out a person's row the same in every column read as the person's row on an earlier
    sheet ("Beograd" and "Novi Sad", "Service users" and "Families"): one person listed on both,
    counted once, the partner told of both rows. Rows of one code that differ in any column
    (sex, age, kind) are two people under one code, refused (validate: person_twice); rows alike
    on one sheet are told as repeated there."""
    people = sub.tables.get("people")
    if people is None or "user_code" not in people or "sheet" not in people:
        return
    if people["sheet"].nunique() < 2:
        return
    columns = [c for c in reading.vocab.tables["people"].columns if c in people]
    first: dict[tuple[object, ...], tuple[str, int]] = {}
    twice = []
    for index, values, coded, sheet, row in zip(
        people.index,
        people[columns].itertuples(index=False, name=None),
        people["user_code"].notna(),
        people["sheet"],
        people["sheet_row"],
        strict=True,
    ):
        if not coded:
            continue
        other, other_row = first.setdefault(
            tuple(None if pd.isna(v) else v for v in values), (sheet, row)
        )
        if other != sheet:
            twice.append(index)
            sub.warning(
                "person_on_two_sheets",
                sheet=sheet,
                row=int(row),
                column=people.attrs.get("headers", {}).get("user_code"),
                other=other,
                other_row=int(other_row),
            )
    if twice:
        kept = people.drop(index=twice).reset_index(drop=True)
        kept.attrs = people.attrs
        sub.tables["people"] = kept


# what a code may differ by from another written for the same person: spaces and hyphens
CODE_MARKS = re.compile(r"[\s\-‐‑–—]+")


def tell_clients_not_in_people(sub: Submission, reading: Reading) -> None:
    """Warn of each counselling client whose code the file's own people sheet lacks, at the
    first of its rows on each sheet: the people sheet lists everyone served in the month, so a
    code missing from it is a person left out or a code mistyped. When a code of the people
    sheet differs from it only in capitals, spaces or hyphens ("skm 1501" and "SKM-1501", where
    user_codes keeps those marks), its row is named, the client it probably is. Codes are
    neither merged nor rewritten: each is hashed as written, and the partner told of cells,
    never of codes."""
    people, sessions = sub.tables.get("people"), sub.tables.get("counselling")
    read = ["user_code", "sheet", "sheet_row"]
    if people is None or sessions is None or not {*read} <= {*people} & {*sessions}:
        return
    listed: dict[str, tuple[str, int]] = {}
    for code, sheet, row in people[read].itertuples(index=False):
        if isinstance(code, str):
            listed.setdefault(person_of_code(code), (sheet, int(row)))
    if not listed:
        return
    alike: dict[str, tuple[str, int]] = {}
    for person, where in listed.items():
        alike.setdefault(CODE_MARKS.sub("", person), where)
    missing = [
        (sheet, person, int(row))
        for code, sheet, row in sessions[read].itertuples(index=False)
        if isinstance(code, str) and (person := person_of_code(code)) not in listed
    ]
    rows = Counter((sheet, person) for sheet, person, _ in missing)
    column = sessions.attrs.get("headers", {}).get("user_code") or reading.header(
        reading.vocab.tables["counselling"], "user_code"
    )
    sheets = ", ".join(dict.fromkeys(people["sheet"]))
    told = set()
    for sheet, person, row in missing:
        if (sheet, person) in told:
            continue
        told.add((sheet, person))
        where = {"sheet": sheet, "row": row, "column": column, "in_rows": rows[sheet, person]}
        if (near := alike.get(CODE_MARKS.sub("", person))) is not None:
            other, other_row = near
            sub.warning("client_code_differs", **where, other=other, other_row=other_row)
        else:
            sub.warning("client_not_in_people", **where, people=sheets)


def states_only_its_units(
    sub: Submission, sheet: str, table: str, frame: pd.DataFrame, reading: Reading
) -> bool:
    """Whether a housing sheet's rows state nothing beyond what our template writes in them
    (each unit and its places): not a residents' count, night, admission or exit in any row, nor
    a cell that could not be read. Such a sheet was left as it came and is left empty, its table
    still to send; a sheet with some units' months filled still asks for the others'."""
    if table != "housing" or frame.empty or any(p.sheet == sheet for p in sub.errors):
        return False
    figures = [c for c in reading.vocab.tables[table].columns if c not in TEMPLATE_UNIT_COLUMNS]
    return all(c in frame for c in figures) and bool(frame[figures].isna().all(axis=None))


def sheet_refused(
    sheet: tuple[str, pd.DataFrame],
    table: str,
    earlier: tuple[pd.DataFrame, str, bool],
    reading: Reading,
) -> tuple[str, str] | None:
    """The rule refusing a sheet of a table other sheets already hold, and the sheet it names;
    none when the sheet brings rows of its own with columns of the same meaning (a sheet per
    week, counsellor, caseload, location or program), read with the others as one table. A copy
    of a sheet would count its rows twice; a sheet per month is a quarter in one file; a sheet
    of other columns, or named for days of another month, is no part of the month's table. After
    a log or a sheet named for a kind, whose columns are their own, only a copy is refused."""
    name, frame = sheet
    rows, first, after_a_log = earlier
    if copied := sheet_copied(frame, rows, table, reading):
        return "table_twice", copied
    if after_a_log:
        return None
    if frame.attrs.get("headers", {}).keys() != rows.attrs.get("headers", {}).keys():
        return "table_twice", first
    earlier_rows = rows[rows["sheet"] == first] if "sheet" in rows else rows
    months = {
        month_of_sheet(n, f, table, reading) for n, f in ((name, frame), (first, earlier_rows))
    }
    if None not in months and len(months) > 1:
        return "months_in_sheets", first
    if any(names_days_of_another_month(n, reading) for n in (name, first)):
        return "table_twice", first
    return None


def month_of_sheet(name: str, frame: pd.DataFrame, table: str, reading: Reading) -> int | None:
    """The month a sheet's name gives, unless its rows are dated and none in that month: a sheet
    "Maja" or "Julija" of October's sessions is a counsellor's, not May's or July's."""
    month = month_named(name, reading.vocab, reading.language)
    columns = reading.vocab.tables[table].columns
    dated = [c for c, column in columns.items() if column.type == "date" and c in frame]
    if month is None or not dated:
        return month
    dates = frame[dated[0]].dropna().unique()
    return None if len(dates) and all(d.month != month for d in dates) else month


def sheet_copied(
    frame: pd.DataFrame, earlier: pd.DataFrame, table: str, reading: Reading
) -> str | None:
    """The sheet already read whose rows this one repeats ("Svetovanje (2)", a backup kept
    before a correction): half the rows of the smaller of the two or more the same in every
    column. A session alike on two counsellors' sheets (one they held together) is no copy."""
    columns = [c for c in reading.vocab.tables[table].columns if c in frame and c in earlier]
    if not columns or frame.empty or "sheet" not in earlier:
        return None
    rows = set(frame[columns].astype(str).itertuples(index=False, name=None))
    for name, other in earlier.groupby("sheet", sort=False):
        shared = sum(
            row in rows for row in other[columns].astype(str).itertuples(index=False, name=None)
        )
        if shared and 2 * shared >= min(len(rows), len(other)):
            return str(name)
    return None


def is_week_sheet(name: str, reading: Reading) -> bool:
    """A sheet named for a week ("1. teden", "uke40", "Teden 1 - oktober") or for the days of the
    file's month it covers ("1.-6. 9.", "1-6 Sep")."""
    return reading.vocab.is_week_sheet_name(name) or names_days_of_the_month(name, reading)


def names_days_of_another_month(name: str, reading: Reading) -> bool:
    """A sheet named by a span of days ("1.-6. 9.") not all of the month the file states."""
    spans = DAYS_OF_A_MONTH.fullmatch(name.strip()) is not None
    return spans and not names_days_of_the_month(name, reading)


def names_days_of_the_month(name: str, reading: Reading) -> bool:
    """A sheet named by a span of days and their month ("7.-13. 9.", "28-30 Sep") that all fall in
    the month the file states; a span of another month's days, or days alone, is no week."""
    found = DAYS_OF_A_MONTH.fullmatch(name.strip())
    if found is None or reading.month is None:
        return False
    first, last, month = int(found["first"]), int(found["last"]), found["month"]
    year, number = (int(part) for part in reading.month.split("-"))
    language = reading.partner.language if reading.partner else None
    named = int(month) if month.isdigit() else reading.vocab.month_of(normalise(month), language)
    return named == number and 1 <= first < last <= calendar.monthrange(year, number)[1]


def summary_sheets(
    parts: list[tuple[Sheet, Layout | None, tuple[int, str] | None]], reading: Reading
) -> list[str]:
    """The sheets summing up the month beside the sheets of its rows ("Povzetek oktober" after
    "1. teden" ... "5. teden", or counts of sessions per client and no dates): read, they would
    count the month twice. One named so or counting sessions without a date a row, of a table
    another sheet holds (a sheet named so of no table's header, or a pivot table, beside any
    table, and beside sheets of weeks whatever table its headers resemble: "Uke | Antall
    samtaler | Timer"); the only sheet of its table is read whatever its name."""
    pivots = {sheet.name for sheet, layout, _ in parts if is_pivot_table(sheet, layout, reading)}
    summing = {
        sheet.name: layout.main if layout and sheet.name not in pivots else None
        for sheet, layout, _ in parts
        if sheet.name in pivots
        or (layout is None and reading.vocab.is_summary_sheet(sheet.name))
        or (layout is not None and sums_up_rows(sheet, layout, reading))
    }
    others = {
        table
        for sheet, layout, _ in parts
        if layout is not None and sheet.name not in summing
        for table in layout.tables
    }
    weeks = any(
        is_week_sheet(sheet.name, reading)
        for sheet, layout, _ in parts
        if layout is not None and sheet.name not in summing
    )
    return [
        name
        for name, table in summing.items()
        if others
        and (table in others or not table or (weeks and reading.vocab.is_summary_sheet(name)))
    ]


def pivots_alone(
    parts: list[tuple[Sheet, Layout | None, tuple[int, str] | None]],
    summaries: list[str],
    reading: Reading,
) -> dict[str, int]:
    """The pivot tables summing up no other sheet of the file, each with the row of its header:
    their counts and sums are of rows the file lacks (a count of dates, a sum of hours), which
    read as rows would be wrong figures, and their people cannot be counted once."""
    return {
        sheet.name: sheet.row_number(pivot_header_index(sheet, layout, reading))
        for sheet, layout, _ in parts
        if sheet.name not in summaries and is_pivot_table(sheet, layout, reading)
    }


def pivot_header_index(sheet: Sheet, layout: Layout | None, reading: Reading) -> int:
    if layout is not None and heads_a_pivot(sheet.rows[layout.header_row], reading):
        return layout.header_row
    return next(i for i, row in enumerate(sheet.rows) if heads_a_pivot(row, reading))


def is_pivot_table(sheet: Sheet, layout: Layout | None, reading: Reading) -> bool:
    """A pivot table ("Row Labels | Count of Date | Sum of Hours" down to "Grand Total"): half
    the headers of its header row (of one of its first rows, when none was found) or more are
    headers only a pivot writes. Its figures are counts and sums of another sheet's rows, which
    the columns it resembles would read as rows (a count of dates as dates of 1900); a log with
    a pivot beside it on its sheet stays a log."""
    rows = sheet.rows[layout.header_row : layout.header_row + 1] if layout else sheet.rows
    return any(heads_a_pivot(row, reading) for row in rows[:HEADER_SEARCH_ROWS])


def heads_a_pivot(row: list[object], reading: Reading) -> bool:
    """Whether a row of two headers or more is a pivot table's, half of them or more its own."""
    headers = [value for value in row if not cells.is_blank(value)]
    pivot = sum(reading.vocab.is_pivot_header(value) for value in headers)
    return len(headers) >= 2 and 2 * pivot >= len(headers)


def sums_up_rows(sheet: Sheet, layout: Layout, reading: Reading) -> bool:
    """A sheet named as a summary ("Povzetek", "Sažetak", "Summary"), or one counting sessions
    or meetings ("Število svetovanj") without a column of their dates."""
    if reading.vocab.is_summary_sheet(sheet.name):
        return True
    columns = reading.vocab.tables[layout.main].columns
    dated = any(columns[column].type == "date" for column in layout.filled)
    header = sheet.rows[layout.header_row]
    return not dated and any(reading.vocab.counts_events(value) for value in header)


def sheet_parts(
    sheet: Sheet, reading: Reading, depth: int = 0
) -> list[tuple[Sheet, Layout | None, tuple[int, str] | None]]:
    """The sheet cut into one part per table when tables stand one above the other ("Svetovanje"
    rows, a blank row, then "Izobraževanja" with its own header), each part with its layout: a
    part keeps the row numbers the partner sees. A sheet of one table is one part. The last
    element is a table still above or below, when there are more than MAX_PARTS."""
    reported = reading.partner.tables if reading.partner else ()
    joined, layout = sheet_layout(
        sheet, reading.vocab, reading.headers, reported, kinds_named(sheet, reading)
    )
    gap = side_by_side_gap(joined, layout, reading) if layout and depth < MAX_PARTS else None
    if gap is not None:
        width = max(len(row) for row in joined.rows)
        return [
            *sheet_parts(columns_of(joined, 0, gap), reading, depth + 1),
            *sheet_parts(columns_of(joined, gap + 1, width), reading, depth + 1),
        ]
    blocks = repeated_blocks(joined, layout, reading) if layout and depth < MAX_PARTS else []
    if blocks:
        return [
            part
            for shared, own in blocks
            for part in sheet_parts(columns_at(joined, shared, own, layout), reading, depth + 1)
        ]
    if layout is None:
        cut = register_below(joined, reading) if depth < MAX_PARTS else None
        if cut is None:
            return [(joined, layout, None)]
        return [
            *sheet_parts(part_of(joined, 0, cut), reading, depth + 1),
            *sheet_parts(part_of(joined, cut, len(joined.rows)), reading, depth + 1),
        ]
    stacked = stacked_header(joined, layout, reading)
    if stacked is None or depth >= MAX_PARTS:
        return [(joined, layout, stacked)]
    upper, lower = sorted((layout.header_row, stacked[0]))
    cut = table_start(joined.rows, upper, lower)
    return [
        *sheet_parts(part_of(joined, 0, cut), reading, depth + 1),
        *sheet_parts(part_of(joined, cut, len(joined.rows)), reading, depth + 1),
    ]


def side_by_side_gap(sheet: Sheet, layout: Layout, reading: Reading) -> int | None:
    """The blank column between two tables side by side on a sheet ("Mityngi" in A-D, a blank
    column, "Porady" in F-I): one whose header row names at least three columns of one table
    left of it and of another right of it, or of one table on both sides, three of the same
    columns (two counsellors' sessions), not one table's columns parted by a spacer."""
    header = sheet.rows[layout.header_row]
    for gap, value in enumerate(header):
        if not cells.is_blank(value) or not any(not cells.is_blank(v) for v in header[:gap]):
            continue
        if any(gap < len(row) and not cells.is_blank(row[gap]) for row in sheet.rows):
            continue
        left = best_table(header[:gap], reading)
        right = best_table(header[gap + 1 :], reading)
        if left and right and left != right:
            return gap
        if left and left == right and len(same_columns(header, gap, left, reading)) >= 3:
            return gap
    return None


def repeated_blocks(
    sheet: Sheet, layout: Layout, reading: Reading
) -> list[tuple[list[int], list[int]]]:
    """The columns all blocks share ("Datum") and each block's own, for a sheet kept with
    blocks side by side, each under its header merged above it ("Svetovalka A" over "Šifra |
    Ure", "Svetovalec B" over "Šifra | Ure"), each the same columns of its table (two at
    least, a code, a date or hours among them). A block's rows are sessions of their own, not
    parts adding up to one figure ("Udeleženci" over "M | Ž"). Empty when there are none."""
    top = layout.header_row
    if top == 0:
        return []
    header, above = sheet.rows[top], sheet.rows[top - 1]
    spec = reading.vocab.tables[layout.main]
    starts = [
        p
        for p, value in enumerate(above[: len(header)])
        if isinstance(value, str)
        and value.strip()
        and not cells.is_blank(header[p])
        and value != header[p]  # a header merged down over both rows is shared
    ]
    if len(starts) < 2:
        return []
    ends = [*starts[1:], starts[-1] + starts[-1] - starts[-2]]
    ends = [
        next((q for q in range(s + 1, min(e, len(above))) if not cells.is_blank(above[q])), e)
        for s, e in zip(starts, ends, strict=True)
    ]
    blocks = [
        list(range(start, min(end, len(header)))) for start, end in zip(starts, ends, strict=True)
    ]
    named = [tuple(layout.columns.get(p, {}).get(layout.main) for p in block) for block in blocks]
    first = named[0]
    keyed = any(c == "user_code" or spec.columns[c].type in ("date", "hours") for c in first if c)
    if len(first) < 2 or None in first or not keyed or any(n != first for n in named):
        return []
    inside = {p for block in blocks for p in block}
    shared = [p for p in range(len(header)) if p not in inside]
    return [(shared, block) for block in blocks]


def columns_at(sheet: Sheet, shared: list[int], own: list[int], layout: Layout) -> Sheet:
    """A block's `own` columns and the `shared` ones as a sheet of their own, with the
    partner's row numbers: its rows under the header where the block is empty left out (no
    session of that counsellor), and the headers merged over the blocks, above the header row,
    too (a counsellor's name is read into no table)."""
    positions = sorted([*shared, *own])
    top = layout.header_row
    kept = [
        index
        for index, row in enumerate(sheet.rows)
        if index <= top
        or any(p < len(row) and not cells.is_blank(row[p]) for p in own)
        or any((index + 1, p + 1) in sheet.error_cells for p in own)
    ]
    rows = [
        [
            None
            if index == top - 1
            else (sheet.rows[index][p] if p < len(sheet.rows[index]) else None)
            for p in positions
        ]
        for index in kept
    ]
    row_at = {index + 1: i + 1 for i, index in enumerate(kept)}
    column_at = {p + 1: i + 1 for i, p in enumerate(positions)}
    return replace(
        sheet,
        rows=rows,
        lines=[sheet.row_number(index) for index in kept],
        error_cells={
            (row_at[row], column_at[column]): rule
            for (row, column), rule in sheet.error_cells.items()
            if row in row_at and column in column_at
        },
        offset=0,
        hidden_columns=frozenset(
            i for i, p in enumerate(positions) if p + sheet.offset in sheet.hidden_columns
        ),
        merged_down=tuple(
            (first, last, i)
            for first, last, column in sheet.merged_down
            for i, p in enumerate(positions)
            if p + sheet.offset == column
        ),
    )


def same_columns(header: list[object], gap: int, table: str, reading: Reading) -> set[str]:
    """The columns of `table` the header names both left and right of `gap`."""
    spec = reading.vocab.tables[table]
    left, right = header_keys(header[:gap]), header_keys(header[gap + 1 :])
    return named_columns(spec, left, reading.headers) & named_columns(spec, right, reading.headers)


def best_table(row: list[object], reading: Reading) -> str | None:
    """The one table whose columns a row names most, three of them at least."""
    keys = header_keys(row)
    named = {
        name: columns_named(table, keys, reading.headers)
        for name, table in reading.vocab.tables.items()
    }
    most = max(named.values(), default=0)
    best = [name for name, count in named.items() if count == most]
    return best[0] if most >= 3 and len(best) == 1 else None


def columns_of(sheet: Sheet, start: int, end: int) -> Sheet:
    """The columns from `start` to `end` as a sheet of their own, with the partner's rows."""
    return replace(
        sheet,
        rows=[row[start:end] for row in sheet.rows],
        lines=[sheet.row_number(index) for index in range(len(sheet.rows))],
        error_cells={
            (row, column - start): rule
            for (row, column), rule in sheet.error_cells.items()
            if start < column <= end
        },
        offset=sheet.offset + start,
    )


def table_start(rows: list[list[object]], upper: int, lower: int) -> int:
    """Where the lower of two tables begins: after the last blank row above its header, so its
    title goes with it; its header row when no blank row parts them."""
    blanks = [index for index in range(upper + 1, lower) if blank_row(rows[index])]
    return blanks[-1] + 1 if blanks else lower


def part_of(sheet: Sheet, start: int, end: int) -> Sheet:
    """The rows from `start` to `end` as a sheet of their own, with the partner's row numbers."""
    return replace(
        sheet,
        rows=sheet.rows[start:end],
        lines=[sheet.row_number(index) for index in range(start, end)],
        error_cells={
            (row - start, column): rule
            for (row, column), rule in sheet.error_cells.items()
            if start < row <= end
        },
    )


def stacked_header(sheet: Sheet, layout: Layout, reading: Reading) -> tuple[int, str] | None:
    """The place in `rows` and the table of a second header row on the sheet: above the header
    read, with rows under it, or below it after a blank row. Such a sheet holds two tables, one
    above the other."""
    header_row = layout.header_row
    above = [
        index
        for index in range(header_row - 1)
        if header_table(sheet.rows[index], reading, least=2)
        and any(not blank_row(row) for row in sheet.rows[index + 1 : header_row])
    ]
    for index in [*above, *after_blank_rows(sheet.rows, header_row + 1)]:
        if table := header_table(sheet.rows[index], reading, least=2 if index < header_row else 3):
            return index, table
    return None


def register_below(sheet: Sheet, reading: Reading) -> int | None:
    """Where a second register begins on a sheet of registers one above the other (a housing
    unit's title, places, header and residents, a blank row, then the next unit's title,
    places and header); None for a sheet of one register."""
    upper = register_header(sheet, reading) if reports_registers(reading) else None
    if upper is None:
        return None
    candidates = after_blank_rows(sheet.rows, upper.row + 1, following=REGISTER_TITLE_ROWS + 1)
    lower = next((i for i in candidates if heads_a_register(sheet.rows, i, upper, reading)), None)
    return None if lower is None else register_start(sheet.rows, upper, lower)


def header_table(row: list[object], reading: Reading, *, least: int) -> str | None:
    """The table whose columns a row names, at least `least` of them."""
    keys = header_keys(row)
    for name, table in reading.vocab.tables.items():
        if columns_named(table, keys, reading.headers) >= least:
            return name
    return None


def blank_row(row: list[object]) -> bool:
    return all(cells.is_blank(value) for value in row)


def after_blank_rows(rows: list[list[object]], first: int, following: int = 2) -> list[int]:
    """The first `following` rows from `first` on that follow a blank row (a title, then a
    header) and are not blank themselves; a row whose first cell holds a value is no blank row,
    found without looking further (a sheet may have hundreds of thousands)."""
    found, since_blank = [], following
    for index in range(first, len(rows)):
        row = rows[index]
        lead = row[0] if row else None
        if (lead is None or (isinstance(lead, str) and not lead.strip())) and blank_row(row):
            since_blank = 0
        elif since_blank < following:
            found.append(index)
            since_blank += 1
    return found


def turned_with_a_row_read(
    sheet: Sheet, layout: Layout, vocab: Vocabulary
) -> tuple[str, str] | None:
    """A table on its side (headers down column A, a week a column) where one of its rows was
    taken for the header ("Aktivnost | Grupa podrške | Grupa podrške"): the table whose headers
    run down one of the first columns most, three or more and two of them below that row, and
    that column's letter."""
    rows = sheet.rows[:TURNED_SEARCH_ROWS]
    for position in range(TURNED_SEARCH_COLUMNS):
        named: dict[str, dict[int, str]] = {name: {} for name in vocab.tables}
        for index, row in enumerate(rows):
            if position < len(row) and isinstance(row[position], str):
                for columns in vocab.columns_of_key(word_key(row[position])):
                    named[columns.table][index] = columns.near
        name, found = max(named.items(), key=lambda item: len(set(item[1].values())))
        below = {c for i, c in found.items() if i > layout.header_row}
        if len(set(found.values())) >= 3 and len(below) >= 2:
            return name, get_column_letter(position + 1)
    return None


def table_down_a_column(sheet: Sheet, vocab: Vocabulary) -> tuple[str, str] | None:
    """The table whose headers (three or more) run down one of a sheet's first columns, one per
    row, and that column's letter: a table turned on its side, which is not read as it is."""
    for position in range(TURNED_SEARCH_COLUMNS):
        texts = [
            row[position]
            for row in sheet.rows[:TURNED_SEARCH_ROWS]
            if position < len(row) and isinstance(row[position], str)
        ]
        for name, table in vocab.tables.items():
            if len({table.match_header(text).column for text in texts} - {None}) >= 3:
                return name, get_column_letter(position + 1)
    return None


def joined(earlier: pd.DataFrame | None, frame: pd.DataFrame) -> pd.DataFrame:
    if earlier is None:
        return frame
    out = pd.concat([earlier, frame], ignore_index=True)
    out.attrs["headers"] = earlier.attrs.get("headers", {}) | frame.attrs.get("headers", {})
    return out
