"""The mail loop of one consortium: mailbox -> collect -> validate -> load -> answer.

It runs every hour (`collect.schedule`), so a partner hears back about its file within the hour.
Collect, validate and load are the monthly report's own stages on a staged warehouse; dashboards
and exports stay with the monthly report. The mailbox is read before anything is written, and
messages are moved out of the inbox folder only after their files are saved, so an unreachable
mailbox fails the run with the workspace as it was, and the next run picks up where it stopped.
Answers (queued once the files are loaded, before the warehouse is committed) and reminders are
kept on disk until sent (flows/outbox.py). A partner told that its file is held for a locked
month is told by the first run after the month's unlock that the file counts now.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from core.config import Workspace
from flows.monthly_report import (
    answer,
    collect_validate_load,
    look_for_new_files,
    record_failure,
    run_stage,
)
from flows.outbox import Delivery, deliver, queued
from flows.reminders import local_today
from flows.run_log import RunRecord, append_run, utc_now
from flows.runtime import RunError, run_lock

if TYPE_CHECKING:
    from collect.mailbox import Collected, ForReview, MailboxContents
    from core.submission import Submission


@dataclass(frozen=True)
class MailRunResult:
    collected: list[Collected]
    review: list[ForReview]
    submissions: list[Submission]
    answers: list[str]
    reminders: list[str]
    delivery: Delivery = field(default_factory=Delivery)
    unsent: int = 0


@task(cache_policy=NO_CACHE)
def read_mail(ws: Workspace) -> MailboxContents:
    """The mailbox's messages, trying again after each of `collect.retry_delays_s`."""
    from collect.mailbox import MailboxContents, MailboxUnreachable, read_mailbox
    from core.secrets import IMAP_PASSWORD, secret

    if ws.config.collect.mailbox is None:
        return MailboxContents([], [])
    password = secret(ws, IMAP_PASSWORD)
    for delay in (*ws.config.collect.retry_delays_s, None):
        try:
            return read_mailbox(ws.config, password)
        except MailboxUnreachable:
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


@task(cache_policy=NO_CACHE)
def save_mail(ws: Workspace, contents: MailboxContents) -> list[Collected]:
    from collect.mailbox import save_attachments

    return save_attachments(ws, contents)


@task(cache_policy=NO_CACHE)
def file_mail(ws: Workspace, contents: MailboxContents) -> None:
    from collect.mailbox import file_away
    from core.secrets import IMAP_PASSWORD, secret

    if ws.config.collect.mailbox and (contents.messages or contents.review):
        file_away(ws.config.collect.mailbox, secret(ws, IMAP_PASSWORD), contents)


@task(cache_policy=NO_CACHE)
def answer_review(ws: Workspace, review: list[ForReview]) -> list[str]:
    from flows.answers import queue_review_answers

    return queue_review_answers(ws, review)


@task(cache_policy=NO_CACHE)
def answer_released(ws: Workspace) -> list[str]:
    """Partners told their file was held for a locked month are told, once the month's unlock
    released it, that it counts now."""
    from flows.answers import queue_released_answers

    return queue_released_answers(ws)


@task(cache_policy=NO_CACHE)
def remind(ws: Workspace, today: date) -> list[str]:
    from flows.answers import queue_reminders

    return queue_reminders(ws, today)


@task(cache_policy=NO_CACHE)
def send(ws: Workspace) -> Delivery:
    from core.secrets import SMTP_PASSWORD, secret

    smtp = ws.config.mail.smtp
    needs_password = smtp and smtp.user and ws.config.mail.send
    return deliver(ws, secret(ws, SMTP_PASSWORD) if needs_password else None)


def load_new_files(ws: Workspace) -> tuple[list[Submission], list[str]]:
    """The monthly report's collect, validate and load, on a staged warehouse, with the
    answers queued before the staged warehouse is committed; the new files and the answers'
    keys."""
    from load import warehouse

    if not run_stage("collect", look_for_new_files, ws):
        return [], []
    with warehouse.staged_warehouse(ws) as db:
        submissions = collect_validate_load(ws, db, ws)
        answers = run_stage("answer", answer, ws, submissions)
    return submissions, answers


@flow(name="collect-mail", log_prints=True)
def collect_mail(
    workspace: str = "data/demo",
    today: str | None = None,
    wait_s: float = 0,
) -> MailRunResult:
    """Collect partner files from the mailbox, validate and load them, answer each sender and,
    on a reminder day (`today`, YYYY-MM-DD, default the date in the schedule's timezone),
    remind partners of missing months. What a run would do, with nothing changed, is
    flows.mail_preview's (`consortium collect --dry-run`)."""
    ws = Workspace.open(workspace)
    day = date.fromisoformat(today) if today else local_today(ws)
    with run_lock(ws, wait_s=wait_s):
        started = utc_now()
        try:
            # read the mailbox, keep the attachments
            contents = run_stage("mailbox", read_mail, ws)
            saved = run_stage("collect", save_mail, ws, contents)
            # collect, validate, answer and load, as the monthly report does
            submissions, answers = load_new_files(ws)
            answers += run_stage("answer", answer_review, ws, contents.review)
            answers += run_stage("answer", answer_released, ws)
            if submissions:
                record(ws, started, submissions)
            # file the messages away, remind, send
            run_stage("mailbox", file_mail, ws, contents)
            reminders = run_stage("remind", remind, ws, day)
            delivery = run_stage("send", send, ws)
        except RunError as exc:
            record_failure(ws, started, None, exc)
            raise
    return MailRunResult(
        saved, contents.review, submissions, answers, reminders, delivery, len(queued(ws))
    )


def record(ws: Workspace, started: str, submissions: list[Submission]) -> None:
    """Files loaded: recorded at once, without outputs, so the next monthly report renders
    anew even when a later stage of this run fails."""
    append_run(
        ws,
        RunRecord(
            started_at=started,
            finished_at=utc_now(),
            outcome="collected",
            new_files=len(submissions),
            rejected_files=sum(s.status == "rejected" for s in submissions),
            message="collect-mail",
            flow_run_id=flow_run.id,
        ),
    )


if __name__ == "__main__":
    collect_mail()
