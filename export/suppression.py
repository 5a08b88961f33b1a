"""Disclosure control across the report's tables: one figure shown in several places is hidden in
all of them, and every published total is protected.

Occupancy is resident-nights over place-nights, and places are published: a row's occupancy gives
its residents away (4 places 75 % full for a month are 3 residents), as the site's does. So each
row's residents, counted once over its range and at its end, enter the problem unpublished, as
("residents", (table, row), figure): few of them hide the row's resident-nights, which hide its
occupancy, both marked "x"; and resident-nights add up over partners and months like the counts
of people, so a hidden one is not left to a subtraction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd

from core.config import Consortium
from export.beside_site import SiteBeside, site_beside
from export.model import DIMENSIONS, RESIDENTS, TOTAL, indicators
from publish import disclosure
from publish.disclosure import Cell, Sum
from publish.site_plan import SiteMonth

NIGHTS = "resident_nights"
OCCUPANCY = "occupancy_rate"


def hidden_kinds(config: Consortium) -> set[str]:
    return {"people", "activity", "hours"} if config.reporting.suppress_hours else {"people"}


def publish(
    config: Consortium,
    summary: pd.DataFrame,
    per_partner: pd.DataFrame,
    per_month: pd.DataFrame,
    people: pd.DataFrame,
    residents: Mapping[str, pd.DataFrame],
    *,
    site: SiteMonth | None = None,
    first: str = "",
    partner: str | None = None,
) -> dict[str, pd.DataFrame]:
    """The four tables that show people, suppressed together: one figure shown in several places
    is hidden in all of them, and every published total is protected. `residents` are the
    residents of each row of per_partner and per_month (as export.frames.residents_frame keys
    them), never published: the resident-nights and occupancy that would give them away are.
    With the `site` of the range's last month, the tables of the months `first` to it (of
    `partner`, or of the consortium) are suppressed beside the site's (export.beside_site)."""
    k = config.reporting.disclosure_k
    kinds = hidden_kinds(config)
    people_kinds = [i for i, spec in indicators().items() if spec["kind"] in kinds]
    hidden_ids = [*people_kinds, *([NIGHTS] if NIGHTS not in people_kinds else [])]
    additive = [i for i in hidden_ids if indicators()[i]["additive"]]
    summary_rows = summary[summary["indicator_id"].isin(hidden_ids)]
    unpublished = resident_cells(residents)
    values: dict[Cell, float] = {
        **{("summary", i, "value"): summary_rows.at[i, "value"] for i in summary_rows.index},
        **disclosure.cells_of("per_partner", per_partner, hidden_ids),
        **disclosure.cells_of("per_month", per_month, hidden_ids),
        **disclosure.cells_of("people", people, list(people.columns)),
        **unpublished,
    }
    groups = {d: [r for r in people.index if r[0] == d] for d in DIMENSIONS}
    sums: list[Sum] = [
        *disclosure.table_sums("per_partner", per_partner, hidden_ids, total_row=TOTAL),
        *disclosure.table_sums("per_month", per_month, additive, total_row=TOTAL),
        # distinct people of the period are at least each month's and at most their sum
        *disclosure.table_sums(
            "per_month",
            per_month,
            [i for i in hidden_ids if i not in additive],
            total_row=TOTAL,
            overlapping=True,
        ),
        *disclosure.table_sums(
            "people",
            people,
            list(people.columns),
            total_row=(TOTAL, TOTAL),
            total_column=TOTAL,
            row_groups=groups,
        ),
    ]
    same = [
        *(
            [("summary", i, "value"), ("per_partner", TOTAL, i), ("per_month", TOTAL, i)]
            for i in summary_rows.index
        ),
        *(
            [("per_partner", p, "people_distinct"), ("people", (TOTAL, TOTAL), p)]
            for p in people.columns
        ),
    ]
    # a small consortium: the breakdowns of a figure would cost the report the figure itself,
    # so they are hidden whole, the finer ones first, and the figure is published, as the
    # dashboards show it
    tables = {"per_partner": per_partner, "per_month": per_month, "people": people}
    stages = [partial(stage, **tables) for stage in STAGES]

    def lost(hidden: set[Cell]) -> set[str]:
        # the consortium's occupancy is no count of people to keep at the cost of its breakdowns
        return {i for i in summary_rows.index if i != NIGHTS and ("summary", i, "value") in hidden}

    implied = {**implied_nights(unpublished), **implied_occupancy(values)}
    if site is None:
        hidden = disclosure.hidden_cells_keeping(values, k, sums, same, lost, stages, implied)
    else:
        beside = site_beside(site, first, partner, set(values))
        hidden = hidden_beside(beside, values, k, sums, same, lost, tables, implied, hidden_ids)
    small, complements = hidden.small, hidden.complements
    # resident-nights are shown as hidden to protect residents, as their occupancy is: "<5" of
    # them would read as fewer than five nights
    nights = {cell for cell in small if is_nights(cell)}
    small, complements = small - nights, complements | nights
    out = {
        name: disclosure.masked(frame, name, small, complements, k)
        for name, frame in (
            ("summary", summary),
            ("per_partner", per_partner),
            ("per_month", per_month),
            ("people", people),
        )
    }
    # a hidden value's share of its target would give it away; without a target there is none
    hidden_values = out["summary"]["value"].map(lambda v: isinstance(v, str))
    with_target = out["summary"]["achieved_pct"].notna()
    out["summary"].loc[hidden_values & with_target, "achieved_pct"] = disclosure.COMPLEMENTARY_MARK
    return out


def hidden_beside(
    beside: SiteBeside,
    values: dict[Cell, float],
    k: int,
    sums: list[Sum],
    same: list[list[Cell]],
    lost: Callable[[set[Cell]], set[str]],
    tables: dict[str, pd.DataFrame],
    implied: dict[Cell, tuple[Cell, ...]],
    indicators: list[str],
) -> disclosure.Hidden:
    """The export's cells to hide, worked out in one problem with the site's (`beside`): a cell
    showing a figure the site shows is kept, one the site hides is hidden as the site hides it,
    and where the site hid a figure's bars and breakdowns (then its partners' figures) whole,
    the export's by month and kind (then by partner) are hidden whole too, as the site's sums of
    them tell nothing. The export's own cells are hidden further, stage by stage as for a small
    consortium, while a figure the site shows would be lost; at last all of them but the
    range's figures, which leaves the site's plan as it was."""
    plan, site_whole = beside.plan, beside.plan.hidden.whole
    kept, by_site = beside.kept(same), beside.hidden(same)
    months = {c[2] for c in site_whole if c[0] == "months"}
    if any(c[0] == "breakdown" for c in site_whole):
        months.add("people_distinct")
    partners = {c[2] for c in site_whole if c[0] == "headline"}
    whole = (
        beside.whole(same) | by_month_and_kind(months, **tables) | by_partner(partners, **tables)
    )
    everything = set(indicators)
    return disclosure.hidden_cells_keeping(
        {**plan.values, **values},
        k,
        [*plan.sums, *sums, *beside.sums],
        [*plan.same, *same, *beside.twins],
        lambda hidden: lost(hidden - by_site) | {lost_as(c) for c in (hidden - by_site) & kept},
        [
            *(partial(stage, **tables) for stage in (by_dimension, *STAGES)),
            lambda _: by_month_and_kind(everything, **tables) | by_partner(everything, **tables),
        ],
        {**plan.implied, **implied},
        whole=whole - kept,
        given=plan.hidden.complements - site_whole,
        kept=kept,
        exposing=lost_as,
    )


def lost_as(cell: Cell) -> str:
    """What hiding a cell another output shows, or leaving one exposed, costs: the people by
    kind, sex, age or addiction of its dimension, else its figure."""
    table, row, column = cell
    if table in ("people", "breakdown") and row[0] in DIMENSIONS:
        return row[0]
    if table == "people":
        return "people_distinct"
    return row if table == "summary" else column


def resident_cells(residents: Mapping[str, pd.DataFrame]) -> dict[Cell, float]:
    """The residents of each row of each table, counted once and at the end of its range, as
    cells no table publishes."""
    return {
        ("residents", (table, row), figure): frame.at[row, figure]
        for table, frame in residents.items()
        for figure in RESIDENTS
        for row in frame.index
        if pd.notna(frame.at[row, figure])
    }


def is_nights(cell: Cell) -> bool:
    return cell[2] == NIGHTS or cell[:2] == ("summary", NIGHTS)


def implied_nights(residents: Mapping[Cell, float]) -> dict[Cell, tuple[Cell, ...]]:
    """The resident-nights of each row's residents: over its places and days, its average
    residents, so hidden when they are."""
    return {cell: ((*cell[1], NIGHTS),) for cell in residents}


def implied_occupancy(values: Mapping[Cell, float]) -> dict[Cell, tuple[Cell, ...]]:
    """The occupancy of each row's resident-nights, and of the summary's: their resident-nights
    over their published places."""
    return {
        cell: (("summary", OCCUPANCY, "value") if cell[0] == "summary" else (*cell[:2], OCCUPANCY),)
        for cell in values
        if cell[0] in ("summary", "per_partner", "per_month") and is_nights(cell)
    }


def by_dimension(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The people of each partner by the dimensions named among the `indicators` (kind, sex, age
    or addiction): given up first beside another output showing the consortium's, only the
    dimensions whose totals there would give a count away."""
    partners = [p for p in people.columns if p != TOTAL]
    return {("people", row, p) for row in people.index if row[0] in indicators for p in partners}


def by_kind(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The people of each partner by kind, sex, age and addiction, when the people served are
    among the `indicators`: the finest breakdown, given up first."""
    return kinds_of(indicators, people, [p for p in people.columns if p != TOTAL])


def by_month_and_kind(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The cells that break the `indicators` down by month, and the people by kind, sex, age and
    addiction, of each partner and of the consortium, when the people served are among them:
    the site hides its breakdowns with its months."""
    return rows_of("per_month", per_month, indicators) | kinds_of(
        indicators, people, list(people.columns)
    )


def kinds_of(indicators: set[str], people: pd.DataFrame, columns: list[str]) -> set[Cell]:
    """The people by kind, sex, age and addiction in the people table's `columns`, when the
    people served are among the `indicators`."""
    if "people_distinct" not in indicators:
        return set()
    return {
        ("people", row, column)
        for row in people.index
        if row != (TOTAL, TOTAL)
        for column in columns
    }


def by_partner(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The cells that break the `indicators` down by partner."""
    cells = rows_of("per_partner", per_partner, indicators)
    if "people_distinct" in indicators:
        cells |= {("people", (TOTAL, TOTAL), p) for p in people.columns if p != TOTAL}
    return cells


def rows_of(name: str, frame: pd.DataFrame, indicators: set[str]) -> set[Cell]:
    """The cells of a table's rows (not its total) in the `indicators`' columns."""
    return {
        (name, row, indicator)
        for indicator in indicators & set(frame.columns)
        for row in frame.index
        if row != TOTAL
    }


# the breakdowns a small consortium hides whole to keep its figures, the finer ones first
STAGES = (by_kind, by_month_and_kind, by_partner)
