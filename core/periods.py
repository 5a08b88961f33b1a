"""Months as partners report them: YYYY-MM strings, compared as text."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_period(value: str) -> str:
    if not PERIOD_RE.match(str(value)):
        raise ValueError(f"{value!r} is not a month written YYYY-MM")
    return str(value)


def month_start(period: str) -> date:
    year, month = map(int, period.split("-"))
    return date(year, month, 1)


def month_end(period: str) -> date:
    start = month_start(period)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def nights_open(period: str, opened: date | None, closed: date | None) -> int:
    """The nights of a month a housing unit is open, from the night of its opening day to that
    of its closing day: what its places are counted for (place-nights), and what a file's
    resident-nights are checked against. transforms/models/mart_housing_unit_months.sql counts
    the same nights for the figures; a test holds the two to the same answer."""
    first, last = open_nights(period, opened, closed)
    return max(0, (last - first).days + 1)


def open_nights(period: str, opened: date | None, closed: date | None) -> tuple[date, date]:
    """The first and last night of a month a housing unit is open (the first after the last
    when it is not open any night of it)."""
    return max(month_start(period), opened or date.min), min(month_end(period), closed or date.max)


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive, as YYYY-MM."""
    year, month = map(int, first.split("-"))
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def due_at(period: str, deadline_day: int, timezone: str) -> datetime:
    """When a month's files are due: the end of `deadline_day` of the following month on the
    consortium's clock, the moment after which transforms/models/mart_submission_grid.sql grades
    the month late. Here for the feedback, written while the models are still being built; a test
    holds the two to the same moment."""
    start = month_start(period)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return datetime.combine(following + timedelta(days=deadline_day), time(), ZoneInfo(timezone))


def month_over_at(period: str, timezone: str) -> datetime:
    """When a month is over on the consortium's clock: midnight as the next month begins. A file
    for the month that arrived before it reports a month still under way, which
    transforms/queries/latest_period.sql does not take for the run's month while another month
    has a file of the whole month; a test holds the two to the same moment."""
    return datetime.combine(month_end(period) + timedelta(days=1), time(), ZoneInfo(timezone))


def latest_month_due(now: datetime, deadline_day: int, timezone: str) -> str:
    """The latest month whose files were due by `now` (`due_at`)."""
    local = now.astimezone(ZoneInfo(timezone))
    months = local.year * 12 + local.month - 1
    while True:
        months -= 1
        period = f"{months // 12:04d}-{months % 12 + 1:02d}"
        if due_at(period, deadline_day, timezone) <= now:
            return period
