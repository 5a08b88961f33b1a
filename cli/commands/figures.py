"""`consortium figures`: the headline indicators of a range of months, from the warehouse."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FromOption = Annotated[str, typer.Option("--from", help="First month of the range, YYYY-MM.")]
ToOption = Annotated[str, typer.Option("--to", help="Last month of the range, YYYY-MM.")]
PartnerOption = Annotated[
    str | None, typer.Option("--partner", help="Only this partner (its id in consortium.yaml).")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Figures as they stood at the end of this day (YYYY-MM-DD): only files valid then.",
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", help="table, json (one object) or csv (id,value).")
]


def figures(
    first: FromOption,
    last: ToOption,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    partner: PartnerOption = None,
    as_of: AsOfOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Print the headline indicators of a range of months (people counted once in the range),
    for the whole consortium or one partner, optionally as they stood on a past day.

    Example: [bold]consortium figures --workspace data/demo --from 2025-01 --to 2025-12 --format json[/bold]
    """
    ws = open_workspace(workspace)
    if partner is not None and ws.config.partner(partner) is None:
        fail(
            f"{ws.config_path}: no partner {partner!r}; partners: {', '.join(p.id for p in ws.config.partners)}"
        )
    if not ws.warehouse.is_file():
        fail(
            f"{ws.warehouse}: no warehouse yet; run `consortium run --workspace {workspace}` first"
        )
    # the warehouse and figures (pandas) are imported here: every other command starts without them
    from load import warehouse
    from load.locks import held_submissions
    from transforms.figures import FigureRequestError, headline_figures

    moment = end_of_day(ws, as_of)
    with warehouse.connect(ws.warehouse) as con:
        try:
            values = headline_figures(con, first, last, partner=partner, as_of=moment)
        except FigureRequestError as exc:
            fail(str(exc))
        held = [
            h for h in held_submissions(con) if first <= h[1] <= last and partner in (None, h[0])
        ]
    for partner_id, period, name in held:
        console.print(
            f"[yellow]held, not counted:[/yellow] {name} ({ws.config.partner_name(partner_id)}, "
            f"{period}): the month is locked"
        )
    print_figures(
        output,
        {
            "workspace": str(ws.root),
            "from": first,
            "to": last,
            "partner": partner,
            "as_of": as_of,
            "figures": ordered(values),
        },
        ws.config.partner_name(partner) if partner else None,
    )


def end_of_day(ws: Workspace, day: str | None) -> datetime | None:
    """The last moment of the day in the consortium's time zone; None for now."""
    if day is None:
        return None
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        fail(f"--as-of {day!r} is not a day written YYYY-MM-DD")
    return datetime.combine(
        parsed, time.max, tzinfo=ZoneInfo(ws.config.reporting.schedule.timezone)
    )


def ordered(values: dict[str, float | int | None]) -> dict[str, float | int | None]:
    """The issue's ids first, in their order, then the further figures."""
    from transforms.figures import HEADLINE_IDS

    return {
        **{i: values[i] for i in HEADLINE_IDS},
        **{k: v for k, v in values.items() if k not in HEADLINE_IDS},
    }


def print_figures(output: Format, report: dict, partner_name: str | None = None) -> None:
    """The figures as `output` asks: JSON and CSV as the warehouse gives them, for programs (a
    partner by its id, a share as a share); the table for people, naming the partner as
    consortium.yaml does (`partner_name`) and a share as a percentage."""
    if output is Format.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    elif output is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["id", "value"])
        writer.writerows(
            (figure_id, "" if value is None else value)
            for figure_id, value in report["figures"].items()
        )
    else:
        title = f"{report['from']} to {report['to']}" + (
            f", {partner_name}" if partner_name else ""
        )
        table = Table(
            "figure",
            "value",
            title=title + (f", as of {report['as_of']}" if report["as_of"] else ""),
        )
        for figure_id, value in report["figures"].items():
            table.add_row(figure_id, shown(figure_id, value))
        Console().print(table)


def shown(figure_id: str, value: float | int | None) -> str:
    """A figure as the export writes it (in the command's English): a share as a percentage with
    one decimal (78.1%), hours and other fractions with two, counts whole."""
    from publish import formats
    from transforms.figures import SHARE_IDS

    if value is None:
        return "-"
    if figure_id in SHARE_IDS:
        return formats.percent(value, "en", 1)
    return formats.number(value, 2 if isinstance(value, float) else 0, "en")


def fail(message: str) -> None:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command()(figures)
