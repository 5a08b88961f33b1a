"""`consortium collect`: the mail loop once, now."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.commands.run import WaitOption, fail, new_files_outcome, stage_progress
from cli.options import DEFAULT_WORKSPACE, VerboseOption, WorkspaceOption, console, open_workspace
from flows.runtime import RunError, prepare_prefect

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Send no e-mail: write the answers and reminders as .eml files into "
        "<workspace>/outbox/ (they stay queued for the next run that sends).",
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
    prepare_prefect(ws, verbose=verbose)
    from flows.collect_mail import collect_mail

    try:
        with stage_progress("Collect mail"):
            result = collect_mail(workspace=str(ws.root), dry_run=dry_run, wait_s=wait)
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


def register(app: typer.Typer) -> None:
    app.command()(collect)
