"""Months and working days of the demo's calendar."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from core.periods import month_start

HOLIDAYS = frozenset({(1, 1), (12, 25)})


def add_months(period: str, months: int) -> str:
    year, month = divmod(int(period[:4]) * 12 + int(period[5:7]) - 1 + months, 12)
    return f"{year:04d}-{month + 1:02d}"


def days_of(period: str) -> list[date]:
    start = month_start(period)
    length = calendar.monthrange(start.year, start.month)[1]
    return [start + timedelta(days=i) for i in range(length)]


def weekdays_of(period: str, weekday: int | None = None) -> list[date]:
    """Working days of the month, or only the given weekday (0 = Monday); nobody works on New
    Year's Day or Christmas."""
    return [
        d
        for d in days_of(period)
        if (d.month, d.day) not in HOLIDAYS
        and (d.weekday() < 5 if weekday is None else d.weekday() == weekday)
    ]


def next_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
