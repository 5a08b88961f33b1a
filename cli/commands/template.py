"""`consortium template`: the workbook a partner fills in for a month."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.periods import PERIOD_RE

PartnerOption = Annotated[str, typer.Option("--partner", help="Partner id from consortium.yaml.")]
MonthOption = Annotated[str, typer.Option("--period", help="Month the template is for, YYYY-MM.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Where to write the xlsx; default: <workspace>/templates/."
    ),
]


def template(
    partner: PartnerOption,
    period: MonthOption,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    output: OutputOption = None,
) -> None:
    """Write a partner's monthly workbook (xlsx) in its language: one sheet per table it reports,
    instructions, drop-down lists for coded columns, number and date formats, and its housing
    units open in the month already filled in.

    Example: [bold]consortium template --partner most-si --period 2026-10 --workspace data/demo[/bold]
    """
    from validate.template import write_template

    ws = open_workspace(workspace)
    if not PERIOD_RE.match(period):
        console.print(f"[red]--period {period!r} is not a month written YYYY-MM[/red]")
        raise typer.Exit(2)
    found = ws.config.partner(partner)
    if found is None:
        known = ", ".join(p.id for p in ws.config.partners)
        console.print(
            f"[red]partner {partner!r} is not in {ws.config_path} (partners: {known})[/red]"
        )
        raise typer.Exit(2)
    target = output or ws.root / "templates" / f"{found.id}_{period}.xlsx"
    console.print(
        f"template for {found.name}, {period}: {write_template(ws.config, found, period, target)}"
    )


def register(app: typer.Typer) -> None:
    app.command()(template)
