"""`consortium status`: the last runs, the files still missing, and the reminder list."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace
from core.periods import check_period
from flows.reminders import previous_month, reminders, warehouse_sent_months, write_reminders
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
        "started (UTC)", "outcome", "month", "new files", "rejected", "note", title="Last runs"
    )
    for r in recent_runs(ws):
        note = f"{r.failed_stage} failed" if r.failed_stage else (r.message or "")
        table.add_row(
            r.started_at[:19].replace("T", " "),
            r.outcome,
            r.period or "",
            str(r.new_files),
            str(r.rejected_files),
            note,
        )
    return table


def last_failure(ws: Workspace) -> str | None:
    """The message of the latest run, when it failed."""
    last = recent_runs(ws, 1)
    return last[0].message if last and last[0].outcome == "failed" else None


def status(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: MonthOption = None,
) -> None:
    """Show the last runs and which partners have not sent this month's file (by default the
    month before today, whose file is due now), and write the reminder list (partner, contact
    e-mail, missing months) as CSV and text into <workspace>/reminders/. Needs no Prefect server.

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
    found = reminders(ws, period, warehouse_sent_months(ws.warehouse))
    late = [r.partner_id for r in found if period in r.missing_months]
    console.print(
        f"[bold]{period}[/bold]: {len(late)} of {len(ws.config.partners)} partners have not sent "
        f"this month's file" + (f": {', '.join(late)}" if late else "")
    )
    if found:
        missing = Table("partner", "e-mail", "missing months", title=f"Reminders up to {period}")
        for r in found:
            missing.add_row(r.partner_name, r.email, ", ".join(r.missing_months))
        console.print(missing)
    csv_path, text_path = write_reminders(ws, period, found)
    console.print(f"Reminder list: {csv_path} and {text_path}")


def register(app: typer.Typer) -> None:
    app.command()(status)
