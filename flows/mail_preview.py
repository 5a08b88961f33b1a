"""What `consortium collect --dry-run` shows: what the mail loop would do now, with nothing
changed. The mailbox folder is opened read-only (IMAP EXAMINE: no message moved, no flag set)
and read as a collect reads it; no attachment is saved, no ledger, warehouse or queue is written,
nothing is sent, and no Prefect run starts (its state lives in the workspace too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from collect.mailbox import (
    Attachment,
    Collected,
    ForReview,
    MailboxContents,
    PartnerMessage,
    collected_before,
    read_mailbox,
)
from core.config import Workspace
from flows.answers import released_to_tell, reminded, reminder_key, review_key, told_of_review
from flows.inbox_state import new_files_waiting
from flows.outbox import known_keys, queued
from flows.reminders import reminder_day

if TYPE_CHECKING:
    from core.submission import Submission


@dataclass(frozen=True)
class MailPreview:
    """What a collect would do with the mailbox as it is now."""

    contents: MailboxContents
    # the attachments it would save (each answered with its report), message by message
    new_files: list[tuple[PartnerMessage, Attachment]]
    # attachments collected by an earlier run whose message is still in the folder: only moved
    seen_files: list[tuple[PartnerMessage, Attachment]]
    # messages for review whose sender would be told why
    told: list[ForReview]
    # files released by an unlock whose sender would be told that they count now
    released: list[tuple[Submission, Collected]]
    # the addresses reminded, on a reminder day
    reminded: list[str]
    # messages queued by earlier runs, sent with the new ones
    unsent: int
    # files put into the inbox folder that the warehouse has not read, read with the mail's
    inbox_waiting: bool


def preview_mail(ws: Workspace, today: date) -> MailPreview:
    """The mailbox read without changing it, and what a collect on `today` would make of it."""
    from core.secrets import IMAP_PASSWORD, secret

    contents = (
        read_mailbox(ws.config, secret(ws, IMAP_PASSWORD), readonly=True)
        if ws.config.collect.mailbox
        else MailboxContents([], [])
    )
    done = collected_before(ws)
    files = [(msg, att) for msg in contents.messages for att in msg.attachments]
    keys = known_keys(ws)
    return MailPreview(
        contents=contents,
        new_files=[(m, a) for m, a in files if (m.envelope.message_id, a.sha256) not in done],
        seen_files=[(m, a) for m, a in files if (m.envelope.message_id, a.sha256) in done],
        told=[r for r in contents.review if told_of_review(ws, r) and review_key(r) not in keys],
        released=released_to_tell(ws),
        reminded=[
            partner.email
            for partner, _ in (reminded(ws, today) if reminder_day(ws, today) else [])
            if reminder_key(partner, today) not in keys
        ],
        unsent=len(queued(ws)),
        inbox_waiting=new_files_waiting(ws, save=False),
    )
