"""`consortium purge`: delete now the files quarantined for personal data."""

from __future__ import annotations

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from flows.runtime import RunLocked, run_lock

WAIT_FOR_RUN_S = 60


def purge(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """Delete every file quarantined for personal data now, instead of after
    privacy.quarantine_days; the register keeps only each file's hash, partner, month and reasons.

    Example: [bold]consortium purge --workspace data/demo[/bold]
    """
    from collect.quarantine import purge_quarantine

    ws = open_workspace(workspace)
    try:
        with run_lock(ws, wait_s=WAIT_FOR_RUN_S):
            deleted = purge_quarantine(ws)
    except RunLocked as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"{len(deleted)} quarantined file(s) deleted from {ws.quarantine}")
    for sha256 in deleted:
        console.print(f"  {sha256}")


def register(app: typer.Typer) -> None:
    app.command()(purge)
