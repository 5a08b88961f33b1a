"""Records into the partner's own sheets: its headers, its words, the month's typing habits
(numbers and dates typed as text, hours as 1:30), a title or a month cell where it writes one,
totals rows; then into the bytes of the file format its name promises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from demo.planning import Delivery
from demo.profiles import Profile, SheetSpec
from demo.simulation import CODE_COLUMNS
from demo.writers import (
    Sheet,
    csv_bytes,
    date_text,
    duration_text,
    number_text,
    ods_bytes,
    xls_bytes,
    xlsx_bytes,
)

DATE_FIELDS = ("session_on", "held_on")


@dataclass(frozen=True)
class Style:
    """How the month's numbers and dates were typed."""

    language: str
    text_numbers: bool = False
    text_dates: bool = False
    durations: bool = False
    thousands: str = ""


def style_of(profile: Profile, delivery: Delivery) -> Style:
    if delivery.form == "csv":
        return Style(profile.language, text_numbers=True, text_dates=True)
    index, habits = delivery.index, profile.habits
    every = habits.text_dates_every
    return Style(
        profile.language,
        text_numbers=index in habits.text_numbers,
        text_dates=index in habits.text_numbers or bool(every and index % every == 1),
        durations=index in habits.durations,
        thousands=".",
    )


def cell(record: dict, field: str, profile: Profile, style: Style) -> object:
    value = record.get(field)
    if value is None:
        return None
    if field == "user_code":
        return record.get("user_code_word", value)
    if field in CODE_COLUMNS:
        if field in profile.blank_for_relatives and record.get("user_kind") == "relative":
            return None
        return record[f"{field}_word"]  # a profile without a word for a code fails here
    if isinstance(value, date):
        return date_text(value, style.language) if style.text_dates else value
    if field == "hours" and style.durations and value % 1:
        return duration_text(value)
    if isinstance(value, (int, float)) and style.text_numbers:
        return number_text(value, style.thousands)
    return value


def sheet_rows(spec: SheetSpec, month: dict[str, list[dict]], complete: bool) -> list[dict]:
    """The records the sheet lists, each tagged with its table; a mixed log in date order."""
    rows = [
        {**record, "_table": table}
        for table in spec.tables
        for record in month[table]
        if complete or not record.get("forgotten")
    ]
    if len(spec.tables) > 1:
        rows.sort(key=lambda r: next(r[f] for f in DATE_FIELDS if f in r))
    return rows


def totals_row(spec: SheetSpec, rows: list[dict]) -> list[dict]:
    """The partner's `Skupaj` row: the label in the first column, sums under the numbers."""
    if not spec.totals or not rows:
        return []
    first, *others = spec.columns
    table = spec.tables[0]
    summed = {c.fields[table]: sum(r[c.fields[table]] for r in rows) for c in others}
    return [{first.fields[table]: spec.totals["label"], **summed, "_table": table}]


def preamble(spec: SheetSpec, profile: Profile, period: str) -> list[list]:
    words = profile.month_words(period)
    rows = [[spec.title.format(**words)]] if spec.title else []
    rows += [[spec.period_word, period]] if spec.period_word else []
    return rows


def sheet_of(
    spec: SheetSpec,
    month: dict[str, list[dict]],
    profile: Profile,
    style: Style,
    delivery: Delivery,
) -> Sheet:
    records = sheet_rows(spec, month, delivery.complete)
    body = [
        [
            cell(r, c.fields[r["_table"]], profile, style) if r["_table"] in c.fields else None
            for c in spec.columns
        ]
        for r in records + totals_row(spec, records)
    ]
    header = [c.header for c in spec.columns]
    rows = [*preamble(spec, profile, delivery.period), header, *body]
    if delivery.content == "header_only":
        rows = rows[: rows.index(header) + 1]
    return Sheet(spec.name, rows, span=len(header) if spec.merge_title else 0)


def render(delivery: Delivery, month: dict[str, list[dict]], profile: Profile) -> bytes:
    """The file's bytes, as the partner's software wrote them."""
    if delivery.content == "empty":
        return b""
    spec = profile.file(delivery.file)
    style = style_of(profile, delivery)
    sheets = [sheet_of(s, month, profile, style, delivery) for s in spec.sheets]
    stamp = (delivery.stamp or delivery.received_at).replace(tzinfo=None) - timedelta(minutes=17)
    if delivery.form == "xlsx":
        return xlsx_bytes(sheets, profile.date_format, stamp)
    if delivery.form == "ods":
        return ods_bytes(sheets, profile.language, stamp)
    if delivery.form == "xls":
        return xls_bytes(sheets, profile.date_format)
    return csv_bytes(sheets[0])
