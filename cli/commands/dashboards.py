"""`consortium dashboards`: write the dashboard site again from the warehouse as it is."""

from __future__ import annotations

import duckdb
import typer

from cli.options import DEFAULT_WORKSPACE, PeriodOption, WorkspaceOption, console, open_workspace
from core.periods import PERIOD_RE


def dashboards(workspace: WorkspaceOption = DEFAULT_WORKSPACE, period: PeriodOption = None) -> None:
    """Re-render the dashboards (<workspace>/site) from the existing warehouse, without reading any
    new file; the warehouse is opened read-only. The workspace is held as a run holds it and the
    site swapped in whole when every page is written.

    Example: [bold]consortium dashboards --workspace data/demo --period 2026-10[/bold]
    """
    from dashboards.site import render_site
    from flows.runtime import RunError, rewritten_outputs
    from load.warehouse import shadow_grant_periods
    from transforms.figures import latest_period

    ws = open_workspace(workspace)
    if period is not None and not PERIOD_RE.match(period):
        console.print(f"[red]--period {period!r} is not a month written YYYY-MM[/red]")
        raise typer.Exit(2)
    if not ws.warehouse.is_file():
        console.print(
            f"[red]{ws.warehouse}: no warehouse yet; run `consortium run --workspace {ws.root}` first[/red]"
        )
        raise typer.Exit(2)
    try:
        with (
            rewritten_outputs(ws, carried=()) as outputs,
            duckdb.connect(str(ws.warehouse), read_only=True) as con,
        ):
            shadow_grant_periods(con, ws.config)
            period = period or latest_period(con)
            if period is None:
                console.print(
                    f"[red]{ws.warehouse}: no accepted submission yet, so no month to show[/red]"
                )
                raise typer.Exit(2)
            render_site(outputs, con, period)
    except RunError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[bold]Dashboards for {period}[/bold]: {ws.site / 'index.html'}")


def register(app: typer.Typer) -> None:
    app.command()(dashboards)
