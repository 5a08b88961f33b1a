"""What every page of the site needs: the warehouse, the words, the months it shows, and how a
published value is written. People counts pass through publish.disclosure (the rule the exports
use) before they are shown: counts from 1 to k-1 as "<k", and complements where a total would
give a hidden count away, worked out once for the whole site (dashboards.published), since a
reader sees every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import pandas as pd

from core.config import GrantPeriod, Workspace
from dashboards.published import MOVES, NIGHTS, hidden_people
from publish.disclosure import Cell, protect
from publish.formats import missing
from publish.labels import Labels
from transforms import figures as warehouse_figures

# Decimals each headline figure is shown with; None: a share, shown in per cent.
FIGURES = {
    "people_distinct": 0,
    "people_new": 0,
    "counselling_hours": 1,
    "counselling_sessions": 0,
    "counselling_people_distinct": 0,
    "trainings": 0,
    "training_hours": 1,
    "training_participants": 0,
    "group_meetings": 0,
    "activity_participants": 0,
    "housing_units": 0,
    "housing_places": 0,
    "residents_distinct": 0,
    "occupancy_rate": None,
    NIGHTS: 0,
    **dict.fromkeys(MOVES, 0),
}
# Counts of persons or attendances (as export/indicators.yaml calls `people`): 1 to k-1 suppressed.
PEOPLE_FIGURES = (
    "people_distinct",
    "people_new",
    "counselling_people_distinct",
    "residents_distinct",
    "training_participants",
    "activity_participants",
    *MOVES,
)
PEOPLE_MEASURES = (
    "residents_month_end",
    "activity_participants",
    "training_participants",
    "people_distinct",
)
TABLE_FIGURES = {
    "housing": (
        "housing_units",
        "housing_places",
        "residents_distinct",
        "occupancy_rate",
        NIGHTS,
        *MOVES,
    ),
    "counselling": ("counselling_hours", "counselling_sessions", "counselling_people_distinct"),
    "trainings": ("trainings", "training_hours", "training_participants"),
    "groups": ("group_meetings", "activity_participants"),
    "people": ("people_distinct", "people_new"),
}


@dataclass(frozen=True)
class Context:
    """What every page needs: the warehouse, the words, and the months it shows."""

    ws: Workspace
    con: duckdb.DuckDBPyConnection
    labels: Labels
    period: str
    figures: dict[tuple[str, str | None], dict] = field(
        default_factory=dict, compare=False, repr=False
    )

    def headline_figures(self, first: str, partner: str | None = None) -> dict:
        """The warehouse's headline figures from `first` to the page's month, asked once per render.
        A partner's come with every partner's, from one query (`figures_by`) instead of one per
        partner page; the same figures."""
        if (first, partner) not in self.figures and partner is not None:
            by_partner = warehouse_figures.figures_by(self.con, first, self.period, "partner")
            for row in by_partner.to_dict("records"):
                self.figures.setdefault((first, row.pop("group_id")), row)
        if (first, partner) not in self.figures:
            self.figures[first, partner] = warehouse_figures.headline_figures(
                self.con, first, self.period, partner=partner
            )
        return self.figures[first, partner]

    @cached_property
    def partner_months(self) -> pd.DataFrame:
        """Every partner's months of the charts, asked once per render (every partner page shows
        its own rows); pages filter it, never change it."""
        return warehouse_figures.partner_months(self.con, self.first, self.period)

    @cached_property
    def people_months(self) -> pd.DataFrame:
        return warehouse_figures.people_months(self.con, self.first, self.period)

    @cached_property
    def people_breakdown(self) -> pd.DataFrame:
        return warehouse_figures.people_breakdown(self.con, self.first, self.period)

    @cached_property
    def outstanding(self) -> pd.DataFrame:
        """The tables owed for the months the figures count that no file in force brought (as
        of now: a month is owed once its deadline has passed), which the overview and the
        partners' pages name: a year to date begun before the grant period leaves them out too."""
        return warehouse_figures.outstanding_tables(self.con, self.figures_first, self.period)

    @cached_property
    def housing_units(self) -> pd.DataFrame:
        return warehouse_figures.housing_unit_months(self.con, self.first, self.period)

    @cached_property
    def hidden_people(self) -> dict[Cell, str]:
        """The mark of every count of people the site hides, by cell (dashboards.published)."""
        return hidden_people(self, PEOPLE_FIGURES)

    def published(self, cell: Cell, value: object) -> object:
        """A count of people as the site shows it: its value, or the mark hiding it."""
        return self.hidden_people.get(cell, value)

    @property
    def grant(self) -> GrantPeriod:
        return self.ws.config.grant_period_of(self.period)

    @property
    def first(self) -> str:
        """First month of the charts: the start of the grant period."""
        return min(self.grant.start, self.period)

    @property
    def year_first(self) -> str:
        return f"{self.period[:4]}-01"

    @property
    def figures_first(self) -> str:
        """First month some figure of a page counts: the year to date's or the grant period's,
        whichever begins first."""
        return min(self.year_first, self.first)

    @property
    def k(self) -> int:
        return self.ws.config.reporting.disclosure_k

    @property
    def tables(self) -> frozenset[str]:
        """The tables some partner reports: a topic none reports has no page and no figures."""
        return frozenset(t for p in self.ws.config.partners for t in p.tables)

    @property
    def figures_shown(self) -> list[str]:
        """The headline figures of the tables some partner reports, in their order."""
        reported = {f for t in self.tables & TABLE_FIGURES.keys() for f in TABLE_FIGURES[t]}
        return [f for f in FIGURES if f in reported]

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.ws.config.partners}

    @property
    def site_names(self) -> dict[str, str]:
        """Each site (housing unit, group) by its `name` in consortium.yaml: its id is for the
        partner's files, not for a reader."""
        return {s.id: s.name for p in self.ws.config.partners for s in p.sites}


# Figures the topic's own table cannot give: their words where they are missing say what is needed
# (the residents counted once come from a people sheet with the housing unit, not the housing sheet)
NEEDS = {"residents_distinct": "residents_need_people"}


def reported(ctx: Context, value: object, decimals: int | None, absent: str) -> str:
    """A figure as published, or the words `absent` (a label of `text`) where no sheet in scope
    says it (a blank would read as a figure forgotten)."""
    if missing(value):
        return ctx.labels("text", absent)
    return shown(ctx, value, decimals)


def missing_words(ctx: Context, figure: str, partner: str | None) -> str:
    """What a figure without a value reads as: not applicable for a partner that does not run
    its topic (none of its `tables` makes it), what it needs where its topic's table cannot give
    it, else not reported."""
    if partner is not None and not runs(ctx.ws.config.partner(partner).tables, figure):
        return "not_applicable"
    return NEEDS.get(figure, "not_reported")


def runs(tables: list[str], figure: str) -> bool:
    """Whether a partner reporting `tables` owes a figure: the people served come from a people
    or a counselling sheet."""
    owed = {f for t in tables if t in TABLE_FIGURES for f in TABLE_FIGURES[t]}
    return figure in owed or (figure == "people_distinct" and "counselling" in tables)


def shown(ctx: Context, value: object, decimals: int | None) -> str:
    """A published value: a suppression mark as it is, a share in per cent, else a number."""
    if isinstance(value, str):
        return value
    return ctx.labels.percent(value) if decimals is None else ctx.labels.number(value, decimals)


def protected_people(
    ctx: Context, frame: pd.DataFrame, columns: list[str], **totals: object
) -> pd.DataFrame:
    return protect(frame, ctx.k, columns, **totals)
