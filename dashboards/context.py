"""What every page of the site needs: the warehouse, the words, the months it shows, and how a
published value is written. People counts pass through publish.disclosure (the rule the exports
use) before they are shown: counts from 1 to k-1 as "<k", and complements where a total would
give a hidden count away, worked out once for the whole site (publish.site_plan), since a
reader sees every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from core.config import Workspace
from publish.disclosure import protect
from publish.formats import missing
from publish.labels import Labels
from publish.site_plan import MOVES, NIGHTS, SiteMonth
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
class Context(SiteMonth):
    """What every page needs: the warehouse, the words, and the months it shows."""

    ws: Workspace = field(kw_only=True, compare=False, repr=False)
    labels: Labels = field(kw_only=True)

    @cached_property
    def outstanding(self) -> pd.DataFrame:
        """The tables owed for the months the figures count that no file in force brought (as
        of now: a month is owed once its deadline has passed), which the overview and the
        partners' pages name: a year to date begun before the grant period leaves them out too."""
        return warehouse_figures.outstanding_tables(self.con, self.figures_first, self.period)

    @property
    def figures_shown(self) -> list[str]:
        """The headline figures of the tables some partner reports, in their order."""
        reported = {f for t in self.tables & TABLE_FIGURES.keys() for f in TABLE_FIGURES[t]}
        return [f for f in FIGURES if f in reported]

    @property
    def site_names(self) -> dict[str, str]:
        """Each site (housing unit, group) by its `name` in consortium.yaml: its id is for the
        partner's files, not for a reader."""
        return {s.id: s.name for p in self.config.partners for s in p.sites}


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
    if partner is not None and not runs(ctx.config.partner(partner).tables, figure):
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
