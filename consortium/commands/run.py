"""`consortium run`: the monthly report, now."""

from __future__ import annotations

import typer

from consortium.options import DEFAULT_WORKSPACE, PeriodOption, VerboseOption, WorkspaceOption, console, open_workspace
from consortium.runtime import prepare_prefect


def run(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: PeriodOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run the monthly report: read new partner files, validate, load, and write dashboards,
    exports and partner feedback.

    Example: [bold]consortium run --workspace data/demo --period 2026-10[/bold]
    """
    ws = open_workspace(workspace)
    prepare_prefect(ws, verbose=verbose)
    from flows.monthly_report import monthly_report

    result = monthly_report(workspace=str(ws.root), period=period)
    rejected = [s for s in result.submissions if s.status == "rejected"]
    console.print(f"[bold]Monthly report for {result.period}[/bold]: {len(result.submissions)} new files, "
                  f"{len(rejected)} rejected")
    console.print(f"  dashboards: {result.site}")
    console.print(f"  exports:    {result.exports}")
    console.print(f"  feedback:   {result.feedback}")


def register(app: typer.Typer) -> None:
    app.command()(run)
