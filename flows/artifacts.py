"""What a run leaves in Prefect for whoever looks after the report: the month's submissions and
their status, the month's headline figures, and links to the dashboards and the feedback.

The content is kept in the workspace state too, so a run with nothing new publishes the same
artifacts again without opening the warehouse.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from core.config import Workspace
from core.files import replace_text
from flows.reminders import reminders, sent_months

SUBMISSION_COLUMNS = ("partner", "file", "received_at", "status", "errors", "warnings")
FURTHER_PEOPLE_FIGURES = frozenset(
    {
        "residents_month_end",
        "residents_distinct",
        "people_new",
        "people_returning",
        "group_participants_distinct",
        "barc10_people_assessed_twice",
        "barc10_people_at_or_above_47",
        "barc10_people_below_47",
    }
)
PEOPLE_SUMS = {
    "people_distinct": ("people_new", "people_returning"),
    "barc10_people_assessed_twice": ("barc10_people_at_or_above_47", "barc10_people_below_47"),
}


def artifact_key(ws: Workspace, what: str) -> str:
    """Keys are per consortium, so each artifact's history is one consortium's months."""
    return f"{ws.config.id}-{what}"


def saved_path(ws: Workspace) -> Path:
    return ws.state / "artifacts.json"


def submission_rows(
    ws: Workspace, con: duckdb.DuckDBPyConnection, period: str
) -> list[dict[str, Any]]:
    """Every file received for the month, and a `missing` row for each partner that sent none."""
    rows = con.execute(
        """
        select
            submissions.partner_id,
            submissions.name_as_received,
            strftime(submissions.received_at, '%Y-%m-%d %H:%M') as received_at,
            submissions.status,
            count(*) filter (where problems.severity = 'error') as errors,
            count(*) filter (where problems.severity = 'warning') as warnings,
        from submissions
        left join problems using (submission_id)
        where submissions.period = ?
        group by all
        order by submissions.partner_id, received_at
        """,
        [period],
    ).fetchall()
    table = [dict(zip(SUBMISSION_COLUMNS, row, strict=False)) for row in rows]
    missing = [r for r in reminders(ws, period, sent_months(con)) if period in r.missing_months]
    return table + [
        dict(zip(SUBMISSION_COLUMNS, (r.partner_id, "", "", "missing", 0, 0), strict=False))
        for r in missing
    ]


def people_figures() -> frozenset[str]:
    """The headline figures that count people: the grant report's `people` indicators and the
    further counts of persons the artifacts show."""
    from export.model import indicators

    reported = {i for i, spec in indicators().items() if spec["kind"] == "people"}
    return frozenset(reported) | FURTHER_PEOPLE_FIGURES


def disclosed_figures(values: dict[str, Any], k: int) -> dict[str, Any]:
    """The figures as the site would publish them: a count of 1 to k-1 people as "<k", and a
    second count hidden where a sum would give the first away."""
    from publish import disclosure

    def cell(name: str) -> disclosure.Cell:
        return ("figures", name, "value")

    people = {cell(n): v for n, v in values.items() if n in people_figures() and v is not None}
    sums = [
        disclosure.Sum(cell(total), tuple(cell(p) for p in parts))
        for total, parts in PEOPLE_SUMS.items()
        if all(cell(n) in people for n in (total, *parts))
    ]
    small, complements = disclosure.hidden_cells(people, k, sums)
    marks = {c[1]: disclosure.small_mark(k) for c in small}
    marks |= {c[1]: disclosure.COMPLEMENTARY_MARK for c in complements}
    return {name: marks.get(name, value) for name, value in values.items()}


def figure_rows(
    ws: Workspace,
    con: duckdb.DuckDBPyConnection,
    period: str,
    hidden_on_site: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The consortium's headline figures for the month, one row per figure, small counts of
    people suppressed as on the site: Prefect's UI is read by more people than the manager.
    `hidden_on_site` marks the month's figures the site hides (by figure), hidden here too."""
    from transforms.figures import headline_figures

    values = disclosed_figures(
        headline_figures(con, period, period), ws.config.reporting.disclosure_k
    )
    values |= {name: mark for name, mark in (hidden_on_site or {}).items() if name in values}
    return [{"figure": name, "value": value} for name, value in values.items()]


def links_markdown(ws: Workspace, period: str, site: Path) -> str:
    feedback = sorted(p for p in ws.feedback.glob(f"*/{period}") if p.is_dir())
    lines = [f"# {ws.config.name}: {period}", "", f"- [Dashboards]({site.resolve().as_uri()})"]
    lines += [f"- [Feedback to {p.parent.name}]({p.resolve().as_uri()})" for p in feedback]
    return "\n".join(lines) + "\n"


def run_artifacts(
    ws: Workspace,
    db: Path,
    period: str,
    site: Path,
    hidden_on_site: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The artifacts of a run that reports `period`, from the warehouse at `db`; kept in the
    state. `hidden_on_site`: the month's figures the site hides, by figure."""
    with duckdb.connect(str(db), read_only=True) as con:
        content = {
            "period": period,
            "submissions": submission_rows(ws, con, period),
            "figures": figure_rows(ws, con, period, hidden_on_site),
            "site": site.resolve().as_uri(),
            "links": links_markdown(ws, period, site),
        }
    replace_text(saved_path(ws), json.dumps(content, ensure_ascii=False, default=str), durable=True)
    return content


def saved_artifacts(ws: Workspace, period: str) -> dict[str, Any] | None:
    """The artifacts the last run published for `period`, if it kept them."""
    if not saved_path(ws).is_file():
        return None
    content = json.loads(saved_path(ws).read_text(encoding="utf-8"))
    return content if content.get("period") == period else None


def publish_artifacts(ws: Workspace, content: dict[str, Any]) -> None:
    from prefect.artifacts import (
        create_link_artifact,
        create_markdown_artifact,
        create_table_artifact,
    )

    period = content["period"]
    create_table_artifact(
        content["submissions"],
        key=artifact_key(ws, "submissions"),
        description=f"Files received for {period} and their status",
    )
    create_table_artifact(
        content["figures"],
        key=artifact_key(ws, "figures"),
        description=f"Headline figures of {period}",
    )
    create_link_artifact(
        content["site"], link_text=f"Dashboards up to {period}", key=artifact_key(ws, "dashboards")
    )
    create_markdown_artifact(
        content["links"],
        key=artifact_key(ws, "links"),
        description="Dashboards and partner feedback",
    )
