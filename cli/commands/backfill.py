"""`consortium backfill`: the monthly report of past months, oldest first."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.commands.run import WaitOption, fail, stage_progress, started_prefect
from cli.options import DEFAULT_WORKSPACE, VerboseOption, WorkspaceOption, console, open_workspace
from core.periods import check_period, months_between
from flows.runtime import RunError, flow_runs, prepare_prefect


def month_option(value: str) -> str:
    try:
        return check_period(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


FromOption = Annotated[
    str, typer.Option("--from", callback=month_option, help="First month, YYYY-MM.")
]
ToOption = Annotated[str, typer.Option("--to", callback=month_option, help="Last month, YYYY-MM.")]


def backfill(
    first: FromOption,
    last: ToOption,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
) -> None:
    """Run the monthly report for every month from --from to --to, in order: one flow run per
    month, in one process. Stops at the first month that fails.

    Example: [bold]consortium backfill --from 2025-01 --to 2025-06 --workspace data/demo[/bold]
    """
    if first > last:
        raise typer.BadParameter(f"--from {first} is after --to {last}", param_hint="--from")
    ws = open_workspace(workspace, recorded=True)
    prepare_prefect(ws, verbose=verbose)
    started_prefect(ws, first)
    from flows.monthly_report import monthly_report

    months = months_between(first, last)
    for number, month in enumerate(months, start=1):
        try:
            with stage_progress(f"{month} ({number}/{len(months)})"), flow_runs():
                result = monthly_report(workspace=str(ws.root), period=month, wait_s=wait)
        except RunError as exc:
            fail(RunError(f"{month}: {exc}"))
        console.print(
            f"[bold]{month}[/bold]: {len(result.submissions)} new files; dashboards {result.site}"
        )


def register(app: typer.Typer) -> None:
    app.command()(backfill)
