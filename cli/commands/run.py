"""`consortium run`: the monthly report, now."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cli.options import (
    DEFAULT_WORKSPACE,
    PeriodOption,
    VerboseOption,
    WorkspaceOption,
    console,
    open_workspace,
)
from flows.runtime import STAGES, RunError, prepare_prefect, watching_stages

WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait when another run holds the workspace; 0 refuses at once.",
    ),
]


@contextmanager
def stage_progress(label: str) -> Iterator[None]:
    """A progress bar on the console that follows the stages of the runs inside it."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task(f"{label}: starting Prefect", total=len(STAGES))

        def show(stage: str) -> None:
            done = STAGES.index(stage) if stage in STAGES else len(STAGES)
            progress.update(bar, description=f"{label}: {stage}", completed=done)

        with watching_stages(show):
            yield


def fail(exc: RunError) -> None:
    """Say why the run stopped, without a traceback, and exit 1."""
    console.print(f"[red]Run failed: {exc}[/red]")
    raise typer.Exit(1)


def run(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: PeriodOption = None,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
) -> None:
    """Run the monthly report: read new partner files, validate, load, and write dashboards,
    exports and partner feedback. Only one run of a workspace at a time: a second one waits
    up to --wait seconds, then refuses.

    Example: [bold]consortium run --workspace data/demo --period 2026-10[/bold]
    """
    ws = open_workspace(workspace)
    prepare_prefect(ws, verbose=verbose)
    from flows.monthly_report import monthly_report

    try:
        with stage_progress("Monthly report"):
            result = monthly_report(workspace=str(ws.root), period=period, wait_s=wait)
    except RunError as exc:
        fail(exc)
    if result.unchanged:
        console.print(
            f"[bold]Monthly report for {result.period}[/bold]: no new files and nothing changed; "
            f"the outputs of the last run stand"
        )
    else:
        rejected = [s for s in result.submissions if s.status == "rejected"]
        console.print(
            f"[bold]Monthly report for {result.period}[/bold]: {len(result.submissions)} new files, "
            f"{len(rejected)} rejected"
        )
    console.print(f"  dashboards: {result.site}")
    console.print(f"  exports:    {result.exports}")
    console.print(f"  feedback:   {result.feedback}")


def register(app: typer.Typer) -> None:
    app.command()(run)
