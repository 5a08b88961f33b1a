"""`consortium collect`: the mail loop once, now."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands.check import checked
from cli.commands.run import OUTCOMES, WaitOption, fail, new_files_outcome, stage_progress
from cli.options import DEFAULT_WORKSPACE, VerboseOption, WorkspaceOption, console, open_workspace
from core.config import Workspace
from flows.runtime import RunError, flow_runs, prepare_prefect

if TYPE_CHECKING:
    from collect.mailbox import Attachment, PartnerMessage

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Change nothing: open the mailbox read-only and say what a collect would do (each "
        "message, its partner, the files it would take in and what the checks of consortium "
        "check make of them, the messages it would move to review and why, the answers and "
        "reminders it would send); no message is moved or marked, nothing is saved or sent.",
    ),
]


def collect(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    dry_run: DryRunOption = False,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
) -> None:
    """Run the collect-mail flow once: read the consortium's mailbox (collect.mailbox in
    consortium.yaml), save each partner's spreadsheet attachments into its inbox folder,
    validate and load them, answer each sender with its feedback report, and on a reminder
    day (mail.reminder_days) remind partners of missing months. Messages from unknown senders,
    without a spreadsheet or over the intake limits go to the mailbox's review folder, unread.
    Passwords: CONSORTIUM_IMAP_PASSWORD and CONSORTIUM_SMTP_PASSWORD, or the file
    .<workspace name>.secrets beside the workspace.

    Example: [bold]consortium collect --workspace data/demo --dry-run[/bold]
    """
    ws = open_workspace(workspace)
    if ws.config.collect.mailbox is None:
        console.print(
            f"[yellow]{ws.config_path} has no collect.mailbox: only files already in "
            f'{ws.inbox} are collected (README, "The mail loop").[/yellow]'
        )
    if dry_run:
        show_preview(ws)
        return
    prepare_prefect(ws, verbose=verbose)
    from flows.collect_mail import collect_mail

    try:
        with stage_progress("Collect mail"), flow_runs():
            result = collect_mail(workspace=str(ws.root), wait_s=wait)
    except RunError as exc:
        fail(exc)
    console.print(f"Collected {len(result.collected)} file(s) by e-mail:")
    for item in result.collected:
        console.print(
            f"  {item.partner_id}: {item.name_as_received} from {item.sender}, "
            f"received {item.received_at}"
        )
    if result.review:
        console.print(f"Moved to the review folder, unread: {len(result.review)} message(s):")
        for item in result.review:
            env = item.envelope
            console.print(
                f"  {env.sender}, received {env.received_at:%Y-%m-%d %H:%M}: {item.reason}"
            )
    delivery = result.delivery
    console.print(
        f"{new_files_outcome(result.submissions)}; "
        f"queued {len(result.answers)} answer(s) and {len(result.reminders)} reminder(s); "
        f"sent {len(delivery.sent)}, written to outbox {len(delivery.written)}, "
        f"undeliverable {len(delivery.undeliverable)}, still unsent {result.unsent}."
    )
    for path in delivery.written:
        console.print(f"  {path}")


def show_preview(ws: Workspace) -> None:
    """What a collect would do now (flows.mail_preview), every file with what the checks of
    `consortium check` make of it; nothing changed."""
    from collect.mailbox import MailboxUnreachable
    from core.secrets import MissingSecret
    from flows.mail_preview import preview_mail
    from flows.reminders import local_today

    try:
        preview = preview_mail(ws, local_today(ws))
    except (MailboxUnreachable, MissingSecret) as exc:
        console.print(f"[red]Dry run failed: {exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    console.print("Dry run: nothing is moved, marked, saved, queued or sent.")
    locked = locked_months(ws)
    console.print(f"Would collect {len(preview.new_files)} file(s) by e-mail:")
    for msg, att in preview.new_files:
        console.print(
            f"  {msg.partner_id}: {att.name} from {msg.envelope.sender}, received "
            f"{msg.envelope.received_at:%Y-%m-%d %H:%M}: {outcome(ws, msg, att, locked)}; "
            "answered with its report"
        )
    for msg, att in preview.seen_files:
        console.print(
            f"  {msg.partner_id}: {att.name} from {msg.envelope.sender}: collected before, "
            "the message only moved to the processed folder"
        )
    if preview.inbox_waiting:
        console.print(f"Files put into {ws.inbox} and not read yet would be read with them.")
    review = preview.contents.review
    console.print(f"Would move to the review folder, unread: {len(review)} message(s):")
    for item in review:
        env = item.envelope
        console.print(
            f"  {env.sender}, received {env.received_at:%Y-%m-%d %H:%M}: {item.reason}"
            + ("; its sender told why" if item in preview.told else "")
        )
    if preview.released:
        console.print(
            f"Would tell {len(preview.released)} partner(s) that a file held for a locked month "
            "counts now:"
        )
        for sub, origin in preview.released:
            console.print(f"  {origin.partner_id}: {sub.name_as_received} to {origin.sender}")
    if preview.reminded:
        console.print(f"Would remind {len(preview.reminded)} partner(s) of missing months:")
        for address in preview.reminded:
            console.print(f"  {address}")
    answers = len(preview.new_files) + len(preview.told) + len(preview.released)
    console.print(
        f"Would send {answers} answer(s), {len(preview.reminded)} reminder(s) and "
        f"{preview.unsent} message(s) queued by earlier runs."
    )


def outcome(ws: Workspace, msg: PartnerMessage, att: Attachment, locked: set[str]) -> str:
    """What a run would make of an attachment, by the checks of `consortium check` (read from a
    copy outside the workspace) and the months locked, in the words `collect` sums them up in."""
    import tempfile

    from collect.arrival import Arrival

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"attachment.{att.extension}"
        path.write_bytes(att.data)
        arrival = Arrival(
            path=path,
            name_as_received=att.name,
            partner_id=msg.partner_id,
            received_at=msg.envelope.received_at,
            sha256=att.sha256,
            size_bytes=len(att.data),
        )
        sub = checked(arrival, ws)
    sub.held = sub.period in locked
    said = next(one for statuses, one, _ in OUTCOMES if sub.status in statuses)
    return (
        f"{said} ({', '.join(dict.fromkeys(p.rule for p in sub.errors))})" if sub.errors else said
    )


def locked_months(ws: Workspace) -> set[str]:
    """The months locked now, read-only; none while a run holds the warehouse."""
    import duckdb

    from load.warehouse import locked_periods

    if not ws.warehouse.is_file():
        return set()
    try:
        with duckdb.connect(str(ws.warehouse), read_only=True) as con:
            return locked_periods(con)
    except duckdb.Error:
        return set()


def register(app: typer.Typer) -> None:
    app.command()(collect)
