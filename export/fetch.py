"""What an export publishes, fetched from the warehouse's figures API (transforms.figures) as of
one moment, so an export can never disagree with the dashboards or `consortium figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from core.config import Consortium
from core.vocabulary import vocabulary
from export.model import TOTAL
from transforms import figures

NO_PEOPLE = pd.DataFrame({"dimension": [], "category": [], "people": []})
# what the monthly charts draw: hours and meetings, never people
CHART_COLUMNS = ["partner_id", "period", "counselling_hours", "group_meetings"]


def as_of_time(as_of: str | None, timezone: str) -> datetime | None:
    """The end of the as-of day in the consortium's time zone: files received that day count."""
    if as_of is None:
        return None
    return datetime.combine(
        datetime.strptime(as_of, "%Y-%m-%d").date(), time.max, ZoneInfo(timezone)
    )


def scope_partners(config: Consortium, partner: str | None) -> list[str]:
    """The partners the export shows, in the order of its rows and columns."""
    return [partner] if partner else sorted(p.id for p in config.partners)


@dataclass(frozen=True)
class WarehouseFigures:
    """What the export publishes, as the warehouse's figures API (transforms.figures) gives it,
    so an export can never disagree with the dashboards or `consortium figures`."""

    total: dict[str, Any]
    per_partner: pd.DataFrame
    per_month: pd.DataFrame
    people: dict[str, pd.DataFrame]
    """The people breakdown of each partner of the scope and of the whole scope (key "total")."""
    grid: pd.DataFrame
    completeness: pd.DataFrame
    outstanding: pd.DataFrame
    """The tables owed for a month of the range that no file in force brought: partner_id,
    period, table_name."""
    sources: pd.DataFrame
    partner_months: pd.DataFrame
    counselling_kinds: tuple[str, ...]
    """The kinds of counselling session (the vocabulary's session_kind codes, in its order) held
    in the range: the narrative names them beside all counselling's figures."""


def warehouse_figures(
    con: duckdb.DuckDBPyConnection,
    config: Consortium,
    first: str,
    last: str,
    partner: str | None,
    as_of: datetime | None,
) -> WarehouseFigures:
    """Every figure of the export from transforms.figures, all as of one moment."""
    partners = scope_partners(config, partner)
    scope = {"partner": partner, "as_of": as_of}
    with figures.figures_as_of(con, as_of):
        by_partner = figures.figures_by(con, first, last, "partner", as_of=as_of)
        people = figures.people_breakdown_by(con, first, last, "partner", **scope)
        return WarehouseFigures(
            total=figures.headline_figures(con, first, last, **scope),
            per_partner=by_partner.set_index("group_id")
            .reindex(partners)
            .rename_axis("partner_id")
            .reset_index(),
            per_month=figures.monthly_figures(con, first, last, **scope),
            people={
                **{p: people.get(p, NO_PEOPLE) for p in partners},
                TOTAL: figures.people_breakdown(con, first, last, **scope),
            },
            grid=figures.submission_grid(con, first, last, **scope),
            completeness=figures.completeness(con, first, last, **scope),
            outstanding=figures.outstanding_tables(con, first, last, **scope),
            sources=figures.source_files(con, first, last, **scope),
            partner_months=figures.partner_months(con, first, last, **scope),
            counselling_kinds=counselling_kinds(
                figures.activity_breakdown(con, first, last, **scope)
            ),
        )


def counselling_kinds(breakdown: pd.DataFrame) -> tuple[str, ...]:
    """The session kinds of counselling with a session in `breakdown` (as
    figures.activity_breakdown gives it), in the vocabulary's order."""
    counselling = breakdown[(breakdown["activity"] == "counselling") & (breakdown["events"] > 0)]
    held = set(counselling["kind"])
    return tuple(kind for kind in vocabulary().code_words["session_kind"] if kind in held)


def chart_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    partner: str | None,
    as_of: datetime | None,
) -> pd.DataFrame:
    """Each partner's hours and meetings by month, for the monthly charts."""
    months = figures.partner_months(con, first, last, partner=partner, as_of=as_of)
    return months[CHART_COLUMNS]
