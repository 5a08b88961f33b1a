"""`consortium check FILE`: what a partner would be told about a file, before it is sent; as
text, or (`--format json`) as one object a script can read: status, partner, month, problems
by cell and rule, and per table the rows, hours, dates and kinds taken. Never a code or a cell's
contents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace
from core.periods import PERIOD_RE

if TYPE_CHECKING:
    import pandas as pd

    from collect.arrival import Arrival
    from core.submission import Submission

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

FormatOption = Annotated[
    Literal["text", "json"],
    typer.Option("--format", help="text (the partner's report, default) or json."),
]
KIND_COLUMNS = {
    "counselling": "session_kind",
    "groups": "activity_kind",
    "trainings": "audience",
    "people": "user_kind",
}
DATE_COLUMNS = {"counselling": "session_on", "groups": "held_on", "trainings": "held_on"}


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
    output: FormatOption = "text",
) -> None:
    """Check one partner file against every rule and print the report the partner would get;
    nothing in the workspace changes. Exit 0 accepted (warnings are printed), 1 rejected,
    2 usage error.

    Example: [bold]consortium check data/demo/inbox/most-si/porocilo_2025-03.xlsx --format json[/bold]
    """
    import json

    from collect.arrival import Arrival
    from validate.feedback import feedback_text

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
    sub = checked(Arrival.of_file(file, partner_id, period), ws)
    language = ws.config.partner(partner_id).language
    if output == "json":
        typer.echo(json.dumps(check_report(sub, language), ensure_ascii=False, indent=2))
    else:
        zone, name = ws.config.reporting.schedule.timezone, ws.config.partner_name(partner_id)
        deadline = ws.config.reporting.deadline_day
        typer.echo(feedback_text(sub, language, zone, name, deadline), nl=False)
    raise typer.Exit(1 if sub.status == "rejected" else 0)


def checked(arrival: Arrival, ws: Workspace) -> Submission:
    """A file read and checked against every rule and against what earlier runs counted, with
    nothing in the workspace changed: what `consortium check` and `consortium collect
    --dry-run` tell of it."""
    from collect.reader import read_submission
    from validate.replaced import note_replaced_tables
    from validate.run import validate_submissions

    sub = read_submission(arrival, ws.config)
    validate_submissions([sub], ws.config, history=earlier_months(ws))
    counted = counted_so_far(ws)
    note_replaced_tables([sub], counted)
    # what earlier files of the month brought is not owed, as a run's own report says
    sub.outstanding = [t for t in sub.outstanding if (sub.partner_id, sub.period, t) not in counted]
    return sub


def check_report(sub: Submission, language: str) -> dict[str, Any]:
    """The machine-readable verdict on a file: no code and no cell's contents in it."""
    from validate.feedback import ordered, rule_message

    def problem(p: Any) -> dict[str, Any]:
        return {
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
            "rule": p.rule,
            "message": " ".join(t for t in rule_message(p, language) if t),
        }

    return {
        "status": sub.status,
        "partner": sub.partner_id,
        "period": sub.period,
        # in the order of the text report: by sheet, row and column
        "errors": [problem(p) for p in ordered(sub.errors, sub.sheets)],
        "warnings": [problem(p) for p in ordered(sub.warnings, sub.sheets)],
        "tables": {t: table_summary(t, f) for t, f in sub.tables.items()},
        "outstanding": list(sub.outstanding),
    }


def table_summary(table: str, frame: pd.DataFrame) -> dict[str, Any]:
    """Rows taken, the sum of hours, the first and last date, and rows per canonical kind."""
    dates = frame[DATE_COLUMNS[table]].dropna() if DATE_COLUMNS.get(table) in frame else []
    kinds = frame[KIND_COLUMNS[table]].value_counts() if KIND_COLUMNS.get(table) in frame else {}
    return {
        "rows": len(frame),
        "hours": round(float(frame["hours"].fillna(0).sum()), 2) if "hours" in frame else 0,
        "first_date": min(dates).isoformat() if len(dates) else None,
        "last_date": max(dates).isoformat() if len(dates) else None,
        "kinds": {str(k): int(n) for k, n in sorted(dict(kinds).items())},
    }


def earlier_months(ws: Workspace) -> pd.DataFrame | None:
    """The partner months of earlier runs, read-only; none while a run holds the warehouse."""
    import duckdb

    from validate.run import partner_history

    try:
        return partner_history(ws.warehouse)
    except duckdb.Error:
        return None


def counted_so_far(ws: Workspace) -> dict:
    """The files each partner's tables are counted from, read-only; none while a run holds the
    warehouse."""
    import duckdb

    from validate.replaced import tables_in_force

    try:
        return tables_in_force(ws.warehouse)
    except duckdb.Error:
        return {}


def register(app: typer.Typer) -> None:
    app.command()(check)
