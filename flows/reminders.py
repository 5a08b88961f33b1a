"""Which partners have not sent which months (and tables), the reminder list a manager sends
them, and the reminder e-mails sent on the days set in consortium.yaml (`mail.reminder_days`).

A month counts as sent when some file for it was not rejected; a table of a month when such a
file held it. Due months run from each partner's `reports_from` (and until `reports_until`) in
consortium.yaml; due tables are the partner's `tables`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from core.config import Partner, Workspace
from core.periods import months_between
from core.vocabulary import vocabulary

NOT_SENT = ("rejected", "duplicate")


@dataclass(frozen=True)
class Reminder:
    partner_id: str
    partner_name: str
    email: str | None
    missing_months: tuple[str, ...]
    # months sent without all of the partner's tables, each with the tables it lacks
    short_months: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def missing_tables(self) -> tuple[str, ...]:
        """The months sent without all tables, as codes: "2026-11: people, counselling"."""
        return tuple(f"{month}: {', '.join(tables)}" for month, tables in self.short_months)


def previous_month(today: date) -> str:
    """The month whose file is due now: a month is reported in the one after it."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def due_months(partner: Partner, period: str) -> list[str]:
    last = min(period, partner.reports_until or period)
    return months_between(partner.reports_from, last) if partner.reports_from <= last else []


def sent_months(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(partner, month) of every file that was not rejected."""
    rows = con.execute(
        "select distinct partner_id, period from submissions where status not in (?, ?)",
        list(NOT_SENT),
    ).fetchall()
    return {(partner, period) for partner, period in rows}


def warehouse_sent_months(warehouse: Path) -> set[tuple[str, str]]:
    """(partner, month) sent so far, read from the warehouse file; none before the first run."""
    if not warehouse.is_file():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return sent_months(con)


def reminders(
    ws: Workspace,
    period: str,
    sent: set[tuple[str, str]],
    tables: set[tuple[str, str, str]] | None = None,
) -> list[Reminder]:
    """Every partner with a month up to `period` not yet sent, or (given the `tables` sent)
    sent without all its tables, in consortium.yaml order."""
    partial = outstanding(ws, period, tables) if tables is not None else {}
    found = []
    for partner in ws.config.partners:
        missing = tuple(m for m in due_months(partner, period) if (partner.id, m) not in sent)
        short = tuple(
            (month, owed)
            for month, owed in partial.get(partner.id, {}).items()
            if (partner.id, month) in sent
        )
        if missing or short:
            found.append(Reminder(partner.id, partner.name, partner.email, missing, short))
    return found


def write_reminders(ws: Workspace, period: str, found: list[Reminder]) -> tuple[Path, Path]:
    """The reminder list as CSV (one row per partner) and as text to paste into an e-mail."""
    folder = ws.root / "reminders"
    folder.mkdir(parents=True, exist_ok=True)
    table, text = folder / f"reminders_{period}.csv", folder / f"reminders_{period}.txt"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["partner_id", "partner", "email", "missing_months", "missing_tables"])
        writer.writerows(
            [
                r.partner_id,
                r.partner_name,
                r.email,
                " ".join(r.missing_months),
                "; ".join(r.missing_tables),
            ]
            for r in found
        )
    text.write_text(reminder_list(ws, period, found), encoding="utf-8")
    return table, text


def reminder_list(ws: Workspace, period: str, found: list[Reminder]) -> str:
    """The reminder list as text to paste into an e-mail, in the consortium's language: each
    partner with its contact, its months not sent and the tables its months sent lack."""
    from core.messages import catalogue, table_names
    from publish.formats import month

    language = ws.config.language
    words = catalogue(language)["reminder_list"]
    lines = [words["title"].format(period=month(period, language), count=len(found)), ""]
    for r in found:
        owed = [", ".join(month(m, language) for m in r.missing_months)] if r.missing_months else []
        owed += [
            words["tables_missing"].format(
                month=month(m, language), tables=table_names(list(tables), language)
            )
            for m, tables in r.short_months
        ]
        lines.append(f"{r.partner_name} <{r.email or words['no_email']}>: {'; '.join(owed)}")
    return "\n".join(lines) + "\n"


def sent_tables(warehouse: Path) -> set[tuple[str, str, str]]:
    """(partner, month, table) of every table a file that was not rejected held (the register;
    the completeness figures of transforms will take over)."""
    if not warehouse.is_file():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct partner_id, period, unnest(tables) from submissions "
            "where status not in (?, ?)",
            list(NOT_SENT),
        ).fetchall()
    return {(partner, period, table) for partner, period, table in rows}


def outstanding(
    ws: Workspace, period: str, sent: set[tuple[str, str, str]]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per partner, each month up to `period` with the tables still missing for it."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for partner in ws.config.partners:
        months = {
            month: missing
            for month in due_months(partner, period)
            for missing in [tuple(t for t in partner.tables if (partner.id, month, t) not in sent)]
            if missing
        }
        if months:
            found[partner.id] = months
    return found


def local_today(ws: Workspace) -> date:
    """Today in the timezone of the collect schedule, whose days the reminder days are."""
    return datetime.now(ZoneInfo(ws.config.collect.schedule.timezone)).date()


def reminder_day(ws: Workspace, today: date) -> bool:
    return today.day in ws.config.mail.reminder_days


def reminder_text(ws: Workspace, partner: Partner, months: dict[str, tuple[str, ...]]) -> str:
    """The reminder in the partner's language: each month with the tables still missing."""
    from validate.feedback import catalogue

    words, vocab = catalogue(partner.language)["mail"], vocabulary()
    lines = [words["greeting"], "", words["intro"], ""]
    lines += [
        f"- {month}: {', '.join(vocab.sheet_name(t, partner.language) for t in tables)}"
        for month, tables in months.items()
    ]
    lines += ["", words["deadline"].format(day=ws.config.reporting.deadline_day)]
    lines += [words["how"], "", ws.config.name]
    return "\n".join(lines) + "\n"


def reminder_subject(ws: Workspace, partner: Partner) -> str:
    from validate.feedback import catalogue

    return catalogue(partner.language)["mail"]["reminder_subject"].format(consortium=ws.config.name)
