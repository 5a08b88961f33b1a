"""`consortium lock` / `consortium unlock`: approve a month's figures, and reopen it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace
from core.periods import PERIOD_RE
from flows.runtime import RunLocked, run_lock

MonthOption = typer.Option("--period", help="The month, YYYY-MM.")
WAIT_FOR_RUN_S = 60


def lock(period: str = MonthOption, workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """Approve (lock) a month: its figures stay as they are; a file for it received later is held
    and reported, not applied, until the month is unlocked.

    Example: [bold]consortium lock --period 2026-09 --workspace data/demo[/bold]
    """
    from load import warehouse
    from load.locks import held_submissions, lock_period

    ws = checked(workspace, period)
    with held_workspace(ws), warehouse.connect(ws.warehouse) as con:
        if lock_period(con, period):
            console.print(f"{period} is locked: files for it received from now on are held")
        else:
            console.print(f"{period} was already locked")
        for partner_id, _, name in held_submissions(con, period):
            console.print(f"  held: {name} ({partner_id})")


def unlock(period: str = MonthOption, workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """Reopen (unlock) a month: the files held while it was locked are applied, and the figures
    rebuilt; the lock stays in the history. A partner told by e-mail that its file was held is
    told by the next collect that it counts now.

    Example: [bold]consortium unlock --period 2026-09 --workspace data/demo[/bold]
    """
    from load import warehouse
    from load.locks import unlock_period
    from transforms.runner import build_models

    ws = checked(workspace, period)
    with held_workspace(ws), warehouse.connect(ws.warehouse) as con:
        if not warehouse.is_locked(con, period):
            console.print(f"{period} is not locked")
            return
        released = unlock_period(con, period)
        warehouse.record_config(con, ws.config)
        build_models(con)
    console.print(f"{period} is unlocked; {len(released)} held file(s) applied")
    for name in released:
        console.print(f"  {name}")


def checked(workspace: WorkspaceOption, period: str) -> Workspace:
    ws = open_workspace(workspace)
    if not PERIOD_RE.match(period):
        console.print(f"[red]--period {period!r} is not a month written YYYY-MM[/red]")
        raise typer.Exit(2)
    return ws


@contextmanager
def held_workspace(ws: Workspace) -> Iterator[None]:
    """The workspace's run lock, so a run finishing meanwhile cannot overwrite the change."""
    try:
        with run_lock(ws, wait_s=WAIT_FOR_RUN_S):
            yield
    except RunLocked as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    app.command()(lock)
    app.command()(unlock)
