"""Answers by e-mail: each file that came by e-mail gets its feedback report, in its partner's
language, in reply to the message it came in; and the reminder e-mails of a reminder day.

Answers are made from what the run wrote to disk (the feedback report, the mail ledger, the
warehouse's register), not from the run's memory, so a run that stopped before answering is
made good by the next one.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import duckdb

from collect.mailbox import Collected, mail_origins
from core.config import Workspace
from flows.outbox import enqueue, known_keys, new_message
from flows.reminders import (
    outstanding,
    previous_month,
    reminder_day,
    reminder_subject,
    reminder_text,
    sent_tables,
)


def registered(ws: Workspace) -> set[str]:
    if not ws.warehouse.is_file():
        return set()
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return {row[0] for row in con.execute("select submission_id from submissions").fetchall()}


def answer_key(sha256: str) -> str:
    return f"answer-{sha256[:24]}"


def answer(ws: Workspace, origin: Collected, record: dict) -> EmailMessage:
    """The feedback report of one file, as a reply to the message that brought it."""
    from validate.feedback import catalogue, label

    partner = ws.config.partner(origin.partner_id)
    language = partner.language if partner else ws.config.language
    report = ws.feedback / record["report"]
    subject = catalogue(language)["reminder"]["answer_subject"].format(
        title=label(language, "title"), file=origin.name_as_received
    )
    msg = new_message(
        ws,
        origin.sender,
        subject,
        report.with_suffix(".txt").read_text(encoding="utf-8"),
        report.read_text(encoding="utf-8"),
    )
    msg["In-Reply-To"] = origin.message_id
    msg["References"] = origin.message_id
    msg["Auto-Submitted"] = "auto-replied"
    return msg


def queue_answers(ws: Workspace) -> list[str]:
    """Queue an answer for every file that came by e-mail, is registered and has a report,
    and was not answered before; the keys queued."""
    from validate.feedback import feedback_records

    done, loaded = known_keys(ws), registered(ws)
    records = {r["submission_id"]: r for r in feedback_records(ws)}
    queued = []
    for sha256, origin in mail_origins(ws).items():
        key = answer_key(sha256)
        if key in done or sha256 not in loaded or sha256 not in records:
            continue
        if enqueue(ws, key, answer(ws, origin, records[sha256])):
            queued.append(key)
    return queued


def queue_reminders(ws: Workspace, today: date) -> list[str]:
    """On a reminder day, one reminder per partner with a month or table still missing, in its
    language, at most once that day; the keys queued."""
    if not reminder_day(ws, today):
        return []
    queued = []
    missing = outstanding(ws, previous_month(today), sent_tables(ws.warehouse))
    for partner_id, months in missing.items():
        partner = ws.config.partner(partner_id)
        key = f"reminder-{partner_id}-{today.isoformat()}"
        msg = new_message(
            ws,
            partner.email,
            reminder_subject(ws, partner),
            reminder_text(ws, partner, months),
            None,
        )
        msg["Auto-Submitted"] = "auto-generated"
        if enqueue(ws, key, msg):
            queued.append(key)
    return queued
