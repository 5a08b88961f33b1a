"""Disclosure control across the report's tables: one figure shown in several places is hidden in
all of them, and every published total is protected.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from core.config import Consortium
from export.model import DIMENSIONS, TOTAL, indicators
from publish import disclosure
from publish.disclosure import Cell, Sum


def hidden_kinds(config: Consortium) -> set[str]:
    return {"people", "activity", "hours"} if config.reporting.suppress_hours else {"people"}


def publish(
    config: Consortium,
    summary: pd.DataFrame,
    per_partner: pd.DataFrame,
    per_month: pd.DataFrame,
    people: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The four tables that show people, suppressed together: one figure shown in several places
    is hidden in all of them, and every published total is protected."""
    k = config.reporting.disclosure_k
    kinds = hidden_kinds(config)
    hidden = [i for i, spec in indicators().items() if spec["kind"] in kinds]
    additive = [i for i in hidden if indicators()[i]["additive"]]
    summary_rows = summary[summary["indicator_id"].isin(hidden)]
    values: dict[Cell, float] = {
        **{("summary", i, "value"): summary_rows.at[i, "value"] for i in summary_rows.index},
        **disclosure.cells_of("per_partner", per_partner, hidden),
        **disclosure.cells_of("per_month", per_month, hidden),
        **disclosure.cells_of("people", people, list(people.columns)),
    }
    groups = {d: [r for r in people.index if r[0] == d] for d in DIMENSIONS}
    sums: list[Sum] = [
        *disclosure.table_sums("per_partner", per_partner, hidden, total_row=TOTAL),
        *disclosure.table_sums("per_month", per_month, additive, total_row=TOTAL),
        # distinct people of the period are at least each month's and at most their sum
        *disclosure.table_sums(
            "per_month",
            per_month,
            [i for i in hidden if i not in additive],
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
    small, complements = disclosure.hidden_cells_keeping(
        values,
        k,
        sums,
        same,
        lambda hidden: {i for i in summary_rows.index if ("summary", i, "value") in hidden},
        [partial(stage, **tables) for stage in (by_kind, by_month_and_kind, by_partner)],
    )
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


def by_kind(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The people of each partner by kind, sex, age and addiction, when the people served are
    among the `indicators`: the finest breakdown, given up first."""
    return by_month_and_kind(indicators, per_partner, per_month.iloc[0:0], people)


def by_month_and_kind(
    indicators: set[str], per_partner: pd.DataFrame, per_month: pd.DataFrame, people: pd.DataFrame
) -> set[Cell]:
    """The cells that break the `indicators` down by month, and the people of each partner by
    kind, sex, age and addiction when the people served are among them."""
    cells = rows_of("per_month", per_month, indicators)
    if "people_distinct" in indicators:
        cells |= {
            ("people", row, partner)
            for row in people.index
            if row != (TOTAL, TOTAL)
            for partner in people.columns
            if partner != TOTAL
        }
    return cells


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
