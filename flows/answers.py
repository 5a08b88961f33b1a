"""Answers by e-mail: each file that came by e-mail gets its feedback report, in its partner's
language, in reply to the message it came in; and the reminder e-mails of a reminder day.

Answers are queued once the files are validated and loaded, before the warehouse is committed,
by whichever flow read them: the mail loop, or the monthly report reading a file a collect saved
and did not get to answer (the next collect sends it). A run that stops before the commit
collects, validates and answers the file again, and the queue keeps that second answer from
being sent twice.
"""

from __future__ import annotations

import hashlib
from datetime import date
from email.message import EmailMessage
from typing import TYPE_CHECKING

from collect.mailbox import Collected, ForReview, mail_origins
from core.config import Partner, Workspace
from core.messages import catalogue
from flows.outbox import enqueue, known_keys, log, new_message, queued
from flows.reminders import (
    outstanding,
    previous_month,
    reminder_day,
    reminder_subject,
    reminder_text,
    sent_tables,
)

if TYPE_CHECKING:
    from core.submission import Submission


def answer_key(sub: Submission, origin: Collected) -> str:
    """One answer per file and message: the same file sent again in another message (a
    duplicate) is answered too, a message collected again is not answered twice. The answer
    telling that a file is held for its locked month is `held-`, so that the partner it told
    is told again, once, when the month's unlock makes the file count (`released_key`)."""
    return f"{'held' if sub.status == 'held' else 'answer'}-{answer_digest(sub, origin)}"


def released_key(sub: Submission, origin: Collected) -> str:
    return f"released-{answer_digest(sub, origin)}"


def answer_digest(sub: Submission, origin: Collected) -> str:
    return hashlib.sha256(f"{origin.message_id}\n{sub.submission_id}".encode()).hexdigest()[:24]


def origin_of(sub: Submission, origins: dict[str, Collected]) -> Collected | None:
    """The message that brought this arrival of the file (mail_origins)."""
    return origins.get(f"inbox/{sub.inbox_path}") or origins.get(sub.sha256)


def answer(
    ws: Workspace, origin: Collected, sub: Submission, *, released: bool = False
) -> EmailMessage:
    """The feedback report of one file, as a reply to the message that brought it; for a file
    `released` by its month's unlock, saying first that it counts now."""
    from core.i18n import month_name
    from validate.feedback import feedback_html, feedback_text, label

    partner = ws.config.partner(origin.partner_id)
    language = partner.language if partner else ws.config.language
    words = catalogue(language)["mail"]
    subject = words["released_subject" if released else "answer_subject"].format(
        title=label(language, "title"), file=sub.name_as_received
    )
    note = (
        words["released"].format(month=month_name(sub.period, language), file=sub.name_as_received)
        if released
        else None
    )
    zone = ws.config.reporting.schedule.timezone
    name = ws.config.partner_name(origin.partner_id)
    deadline = ws.config.reporting.deadline_day
    msg = new_message(
        ws,
        origin.sender,
        subject,
        feedback_text(sub, language, zone, name, deadline, note),
        feedback_html(sub, language, zone, name, deadline, note),
    )
    return in_reply(msg, origin.message_id, origin.references)


def in_reply(msg: EmailMessage, message_id: str, references: tuple[str, ...]) -> EmailMessage:
    """An automatic reply in the thread of the message it answers: RFC 5322 3.6.4 has the
    References of a reply carry those of its parent and then the parent's own Message-ID, so a
    mail program shows the answer under the partner's message and under the whole exchange."""
    msg["In-Reply-To"] = message_id
    msg["References"] = " ".join((*references, message_id))
    msg["Auto-Submitted"] = "auto-replied"
    return msg


def queue_answers(ws: Workspace, submissions: list[Submission]) -> list[str]:
    """Queue an answer for every validated file that came by e-mail and was not answered
    before; the keys queued."""
    origins = mail_origins(ws)
    return [
        answer_key(sub, origin)
        for sub in submissions
        if (origin := origin_of(sub, origins))
        and enqueue(ws, answer_key(sub, origin), answer(ws, origin, sub))
    ]


def awaiting_release(ws: Workspace) -> set[str]:
    """The answers that told a partner its file was held (their digests) not yet followed by
    one telling it that the file counts."""
    keys = known_keys(ws)
    told = {k.removeprefix("held-") for k in keys if k.startswith("held-")}
    return told - {k.removeprefix("released-") for k in keys if k.startswith("released-")}


def released_to_tell(ws: Workspace) -> list[tuple[Submission, Collected]]:
    """The files an unlock released whose partner was told they are held and not yet that they
    count, each with the message it came in. A file held before held answers were told apart is
    not among them. The warehouse is read only while such an answer waits."""
    from load import warehouse
    from load.locks import released_submissions

    waiting = awaiting_release(ws)
    if not waiting or not ws.warehouse.is_file():
        return []
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        released = released_submissions(con)
    origins = mail_origins(ws)
    return [
        (sub, origin)
        for sub in released
        if (origin := origin_of(sub, origins)) and answer_digest(sub, origin) in waiting
    ]


def queue_released_answers(ws: Workspace) -> list[str]:
    """Queue for each file `released_to_tell` its report as a counted file's, saying first that
    it counts now, in reply to its message: once per file and message. The keys queued."""
    return [
        released_key(sub, origin)
        for sub, origin in released_to_tell(ws)
        if enqueue(ws, released_key(sub, origin), answer(ws, origin, sub, released=True))
    ]


# messages of a partner's address the manager reviews that its sender is told of, and why
TOLD_REVIEW_REASONS = ("no_spreadsheet", "over_limits")


def queue_review_answers(ws: Workspace, review: list[ForReview]) -> list[str]:
    """A partner whose message brought no spreadsheet to read (a zip, a PDF, a link) or was
    too large is told so, in its language, in reply: left unanswered, it would wait for a
    report that never comes. A message from an unknown address is never answered. The keys."""
    queued = []
    for item in review:
        if not told_of_review(ws, item):
            continue
        partner = ws.config.partner_of_sender(item.envelope.sender)
        words = catalogue(partner.language)["mail"]
        text = "\n\n".join(
            [
                words["greeting"],
                words[item.reason].format(limit_mb=ws.config.intake.max_file_mb),
                words["questions"],
            ]
        )
        msg = in_reply(
            new_message(ws, item.envelope.sender, words["review_subject"], text + "\n", None),
            item.envelope.message_id,
            item.envelope.references,
        )
        if enqueue(ws, review_key(item), msg):
            queued.append(review_key(item))
    return queued


def review_key(item: ForReview) -> str:
    """One answer per message left for review, however often the mailbox is read."""
    return f"review-{hashlib.sha256(item.envelope.message_id.encode()).hexdigest()[:24]}"


def told_of_review(ws: Workspace, item: ForReview) -> bool:
    """Whether the sender of a message left for review is told why (TOLD_REVIEW_REASONS)."""
    return (
        ws.config.partner_of_sender(item.envelope.sender) is not None
        and item.reason in TOLD_REVIEW_REASONS
    )


def queue_reminders(ws: Workspace, today: date) -> list[str]:
    """On a reminder day, one reminder per partner with a month or table still missing, in its
    language, at most once that day; the keys queued. A reminder of an earlier day still
    unsent is dropped: what is missing may have arrived since."""
    drop_stale_reminders(ws, today)
    if not reminder_day(ws, today):
        return []
    queued = []
    for partner, months in reminded(ws, today):
        key = reminder_key(partner, today)
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


def reminded(ws: Workspace, today: date) -> list[tuple[Partner, dict[str, tuple[str, ...]]]]:
    """The partners a reminder goes to on a reminder day, with their months and tables still
    missing: a partner that only delivers into its folder is on the reminder list alone."""
    missing = outstanding(ws, previous_month(today), sent_tables(ws.warehouse))
    return [
        (partner, months)
        for partner_id, months in missing.items()
        if (partner := ws.config.partner(partner_id)).email is not None
    ]


def reminder_key(partner: Partner, today: date) -> str:
    return f"reminder-{partner.id}-{today.isoformat()}"


def drop_stale_reminders(ws: Workspace, today: date) -> None:
    for path in queued(ws):
        if path.stem.startswith("reminder-") and not path.stem.endswith(today.isoformat()):
            path.unlink()
            log(ws, path.stem, "dropped", reason=f"not sent on its day; today is {today}")
