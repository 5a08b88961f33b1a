"""`consortium export`: the figures of a range of months for a grant report."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Consortium
from core.periods import PERIOD_RE

LANGUAGES = ("sl", "bs", "pl", "no", "en")


def month(value: str) -> str:
    if not PERIOD_RE.match(value):
        raise typer.BadParameter(f"{value!r} is not a month written YYYY-MM")
    return value


def day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a day written YYYY-MM-DD") from None


def export(
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.", callback=month)],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.", callback=month)],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    partner: Annotated[
        str | None, typer.Option("--partner", help="Only this partner's figures (its id).")
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help="sl, bs, pl, no or en; default: the consortium's."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", callback=day, help="Count only files received up to this day, YYYY-MM-DD."
        ),
    ] = None,
    excel_csv: Annotated[
        bool,
        typer.Option(
            "--excel-csv", help="CSV as Excel opens it here: Windows code page, ';', decimal comma."
        ),
    ] = False,
) -> None:
    """Export the figures of a range of months for a grant report: a workbook, the same tables as
    CSV, charts as PNG and SVG, and a short narrative, with small counts of people hidden.

    Example: [bold]consortium export --workspace data/demo --from 2025-01 --to 2026-10 --language en[/bold]
    """
    ws = open_workspace(workspace)
    problem = usage_problem(ws, first, last, partner, language)
    if problem:
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2)
    if not ws.warehouse.exists():
        console.print(f"[red]{ws.warehouse}: no warehouse yet; run `consortium run` first[/red]")
        raise typer.Exit(1)
    from export.figures import export_figures
    from flows.redraw import export_inputs
    from flows.runtime import RunError, rewritten_outputs
    from load import warehouse

    try:
        with (
            rewritten_outputs(ws, carried=("exports",)) as outputs,
            warehouse.connect(ws.warehouse, read_only=True) as con,
        ):
            warehouse.shadow_grant_periods(con, ws.config)
            staged = export_figures(
                outputs,
                con,
                first,
                last,
                partner=partner,
                language=language,
                as_of=as_of,
                excel_csv=excel_csv,
                inputs=export_inputs(ws, con, last),
            )
    except RunError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    folder = ws.exports / staged.relative_to(outputs.exports)
    console.print(f"[bold]Export {first} to {last}[/bold]: {folder}")
    left_out = targets_left_out(ws.config, first, last, partner)
    if left_out:
        console.print(f"[yellow]{left_out}[/yellow]")


def targets_left_out(config: Consortium, first: str, last: str, partner: str | None) -> str | None:
    """What a manager is told when the export compares no figure with targets, its months not
    all in one grant period: the grant periods they are in, and the export of each one's months
    that compares them."""
    from export.model import grant_periods_not_compared

    held = grant_periods_not_compared(config, first, last, partner)
    if not held:
        return None
    grants = "; ".join(f"{grant.name} ({grant.start} to {grant.end})" for grant, _, _ in held)
    exports = ", ".join(f"--from {start} --to {end}" for _, start, end in held)
    return (
        f"No figure of {first} to {last} is compared with targets: its months are not all in "
        f"one grant period ({grants}). Export each grant period's months to compare them: "
        f"{exports}"
    )


def usage_problem(
    ws, first: str, last: str, partner: str | None, language: str | None
) -> str | None:
    if first > last:
        return f"--from {first} is after --to {last}"
    if partner is not None and ws.config.partner(partner) is None:
        known = ", ".join(p.id for p in ws.config.partners)
        return f"{ws.config_path}: no partner {partner!r} (partners: {known})"
    if language is not None and language not in LANGUAGES:
        return f"--language {language!r}: choose one of {', '.join(LANGUAGES)}"
    return None


def register(app: typer.Typer) -> None:
    app.command()(export)
