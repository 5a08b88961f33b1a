"""The `consortium` command: what a consortium manager runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from consortium.config import ConfigError, Workspace
from consortium.runtime import prepare_prefect

app = typer.Typer(
    help="Monthly reports of a consortium of recovery organisations: collect the partners' "
    "spreadsheets, validate them, and publish dashboards and grant-report figures.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
console = Console(stderr=True)

WorkspaceOption = Annotated[
    Path, typer.Option("--workspace", "-w", help="The consortium's folder (holds consortium.yaml and inbox/).")
]
PeriodOption = Annotated[
    str | None, typer.Option("--period", help="Month to report, YYYY-MM; default: the latest month files arrived for.")
]


@app.callback()
def main() -> None:
    """Monthly reports of a consortium of recovery organisations."""


def open_workspace(path: Path) -> Workspace:
    try:
        return Workspace.open(path)
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def run(
    workspace: WorkspaceOption = Path("data/demo"),
    period: PeriodOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Detailed logs.")] = False,
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


if __name__ == "__main__":
    app()
