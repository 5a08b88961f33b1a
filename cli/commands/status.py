"""`consortium status`: the last runs, the files still missing, the reminder list, the months
locked and the files held."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace
from core.periods import check_period
from flows.reminders import (
    due_months,
    previous_month,
    reminders,
    sent_tables,
    warehouse_sent_months,
    write_reminders,
)
from flows.run_log import recent_runs

MonthOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="The month whose file is due, YYYY-MM; default: the month before today.",
    ),
]


def runs_table(ws: Workspace) -> Table:
    table = Table(
        "started (UTC)",
        "outcome",
        "month",
        "new files",
        "rejected",
        "rebuilt",
        "note",
        title="Last runs",
    )
    for r in recent_runs(ws):
        note = f"{r.failed_stage} failed" if r.failed_stage else (r.message or "")
        table.add_row(
            r.started_at[:19].replace("T", " "),
            r.outcome,
            r.period or "",
            str(r.new_files),
            str(r.rejected_files),
            rebuilt_counts(r.rebuilt),
            note,
        )
    return table


def rebuilt_counts(rebuilt: dict | None) -> str:
    """What a run built again, counted: partner-months (or all), pages, images and earlier
    exports."""
    if not rebuilt:
        return ""
    months = rebuilt.get("partner_months", [])
    months = "all months" if months == "all" else f"{len(months)} partner-month(s)"
    pages, images = len(rebuilt.get("pages", [])), len(rebuilt.get("images", []))
    earlier = len(rebuilt.get("exports", []))
    return f"{months}, {pages} page(s), {images} image(s)" + (
        f", {earlier} earlier export(s)" if earlier else ""
    )


def last_failure(ws: Workspace) -> str | None:
    """The message of the latest run, when it failed."""
    last = recent_runs(ws, 1)
    return last[0].message if last and last[0].outcome == "failed" else None


def mail_status(ws: Workspace) -> None:
    """Messages moved to the mailbox's review folder, and answers and reminders not yet sent."""
    from collect.mailbox import review_list
    from flows.outbox import queued

    review = review_list(ws)
    if review:
        table = Table("sender", "received", "reason", title="Review folder (messages not read)")
        for r in review:
            table.add_row(r["sender"], r["received_at"][:16].replace("T", " "), r["reason"])
        console.print(table)
    unsent = queued(ws)
    if unsent:
        console.print(
            f"[yellow]{len(unsent)} message(s) not yet sent (in {unsent[0].parent}):[/yellow]"
        )
        for path in unsent:
            console.print(f"  {path.stem}")


def locks_status(ws: Workspace) -> None:
    """The months locked, and the files held until their month is reopened."""
    import duckdb

    from load.locks import held_submissions
    from load.warehouse import locked_periods

    if not ws.warehouse.is_file():
        return
    try:
        with duckdb.connect(str(ws.warehouse), read_only=True) as con:
            locked, held = sorted(locked_periods(con)), held_submissions(con)
    except duckdb.Error:
        return  # a run holds the warehouse: its own summary says what it held
    if locked:
        console.print(f"Locked months: {', '.join(locked)} (consortium unlock --period YYYY-MM)")
    if held:
        table = Table("partner", "month", "file", title="Files held until their month is unlocked")
        for partner, month, name in held:
            table.add_row(ws.config.partner_name(partner), month, name)
        console.print(table)


def status(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: MonthOption = None,
) -> None:
    """Show the last runs and which partners have not sent this month's file (by default the
    month before today, whose file is due now), and write the reminder list (partner, contact
    e-mail, missing months) as CSV and text into <workspace>/reminders/. Also lists the months
    locked and the files held until they are unlocked, the messages the mail loop moved to the
    review folder and the answers and reminders not yet sent.
    Needs no Prefect server.

    Example: [bold]consortium status --workspace data/demo --period 2025-06[/bold]
    """
    ws = open_workspace(workspace)
    try:
        period = check_period(period) if period else previous_month(date.today())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None
    runs = runs_table(ws)
    console.print(runs if runs.row_count else "No run of this workspace yet.")
    if last_failure(ws):
        console.print(f"[red]The last run failed: {last_failure(ws)}[/red]")
    found = reminders(ws, period, warehouse_sent_months(ws.warehouse), sent_tables(ws.warehouse))
    late = [r.partner_name for r in found if period in r.missing_months]
    due = [p for p in ws.config.partners if period in due_months(p, period)]
    console.print(
        f"[bold]{period}[/bold]: {len(late)} of the {len(due)} partners it is due from have not "
        f"sent this month's file" + (f": {'; '.join(late)}" if late else "")
    )
    if found:
        missing = Table(
            "partner",
            "e-mail",
            "missing months",
            "months sent without all tables",
            title=f"Reminders up to {period}",
        )
        for r in found:
            missing.add_row(
                r.partner_name,
                r.email or "—",
                ", ".join(r.missing_months),
                "; ".join(r.missing_tables),
            )
        console.print(missing)
    csv_path, text_path = write_reminders(ws, period, found)
    console.print(f"Reminder list: {csv_path} and {text_path}")
    locks_status(ws)
    mail_status(ws)


def register(app: typer.Typer) -> None:
    app.command()(status)
