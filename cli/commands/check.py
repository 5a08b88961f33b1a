"""`consortium check FILE`: what a partner would be told about a file, before it is sent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace
from core.periods import PERIOD_RE

if TYPE_CHECKING:
    import pandas as pd

FileArgument = Annotated[
    Path, typer.Argument(help="The spreadsheet to check (xlsx, xls, ods or csv).")
]
PartnerOption = Annotated[
    str | None,
    typer.Option("--partner", help="Partner id; default: the inbox folder the file is in."),
]
MonthOption = Annotated[
    str | None,
    typer.Option(
        "--period", help="Month the file reports, YYYY-MM; default: from its name or sheets."
    ),
]


def partner_of(path: Path, ws: Workspace) -> str | None:
    """The partner a file belongs to when it sits in `<workspace>/inbox/<partner>/`."""
    try:
        parts = path.resolve().relative_to(ws.inbox.resolve()).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def usage_error(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(2)


def check(
    file: FileArgument,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    partner: PartnerOption = None,
    period: MonthOption = None,
) -> None:
    """Check one partner file against every rule and print the report the partner would get;
    nothing in the workspace changes. Exit 0 accepted (warnings are printed), 1 rejected,
    2 usage error.

    Example: [bold]consortium check data/demo/inbox/most-si/porocilo_2025-03.xlsx[/bold]
    """
    from collect.reader import Arrival, read_submission
    from core.fingerprint import file_sha256
    from validate.feedback import feedback_text
    from validate.run import validate_submissions

    ws = open_workspace(workspace)
    if not file.is_file():
        raise usage_error(f"{file}: no such file")
    if period is not None and not PERIOD_RE.match(period):
        raise usage_error(f"--period {period!r} is not a month written YYYY-MM")
    partner_id = partner or partner_of(file, ws)
    if partner_id is None:
        raise usage_error(f"{file} is not in {ws.inbox}/<partner>/: say whose it is with --partner")
    if ws.config.partner(partner_id) is None:
        known = ", ".join(p.id for p in ws.config.partners)
        raise usage_error(f"partner {partner_id!r} is not in {ws.config_path} (partners: {known})")
    arrival = Arrival(
        path=file,
        name_as_received=file.name,
        partner_id=partner_id,
        received_at=datetime.now(UTC),
        sha256=file_sha256(file),
        size_bytes=file.stat().st_size,
    )
    sub = read_submission(arrival, ws.config)
    if period is not None:
        sub.period = period
        sub.problems[:] = [p for p in sub.problems if p.rule != "period_unknown"]
    validate_submissions([sub], ws.config, history=earlier_months(ws))
    typer.echo(feedback_text(sub, ws.config.partner(partner_id).language), nl=False)
    raise typer.Exit(1 if sub.status == "rejected" else 0)


def earlier_months(ws: Workspace) -> pd.DataFrame | None:
    """The partner months of earlier runs, read-only; none while a run holds the warehouse."""
    import duckdb

    from validate.run import partner_history

    try:
        return partner_history(ws.warehouse)
    except duckdb.Error:
        return None


def register(app: typer.Typer) -> None:
    app.command()(check)
