"""`consortium rebuild`: the warehouse recreated from the encrypted archive and its register."""

from __future__ import annotations

import typer

from cli.commands.run import WaitOption
from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from flows.runtime import RunError


def rebuild(workspace: WorkspaceOption = DEFAULT_WORKSPACE, wait: WaitOption = 0) -> None:
    """Recreate the warehouse from the archive and its register alone (every file ever
    received, read again in the order it arrived), when the warehouse is damaged or lost. The
    file it replaces is kept in <workspace>/.state; dashboards and exports are left as they
    are: `consortium run` renders them again when something changed.

    Example: [bold]consortium rebuild --workspace data/demo[/bold]
    """
    from core.sealed import SealError
    from flows.rebuild import rebuild_warehouse

    ws = open_workspace(workspace)
    try:
        with console.status("Rebuilding the warehouse from the archive"):
            done = rebuild_warehouse(ws, wait_s=wait)
    except (RunError, SealError) as exc:
        console.print(f"[red]Rebuild failed: {exc}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    console.print(
        f"[bold]Warehouse rebuilt[/bold] from {done.files} archived files "
        f"({done.rejected} rejected): {done.warehouse}"
    )
    if done.replaced:
        console.print(f"  the file it replaced: {done.replaced}")
    if done.locks_from:
        console.print(f"  {done.locks} lock(s) replayed, read from {done.locks_from}")
    else:
        console.print(
            "  [yellow]no lock history could be read: lock approved months again "
            "(consortium lock --period YYYY-MM)[/yellow]"
        )


def register(app: typer.Typer) -> None:
    app.command()(rebuild)
