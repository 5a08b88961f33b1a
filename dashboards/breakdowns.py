"""People by one dimension (kind of user, sex, age band, main addiction): its parts and total
suppressed together, drawn as bars and listed as a table."""

from __future__ import annotations

import pandas as pd

from dashboards.blocks import Chart, Table, chart, table
from dashboards.context import Context, shown
from publish import charts
from publish.site_plan import headline_cell

DIMENSIONS = ("user_kind", "sex", "age_band", "main_addiction")


def breakdown(
    ctx: Context, frame: pd.DataFrame, dimension: str, people: int
) -> tuple[Chart, Table] | None:
    """The chart and the table of one breakdown, its total the `people` counted (the
    warehouse's distinct people); None when nobody has been counted in it."""
    label = ctx.labels
    rows = frame[frame["dimension"] == dimension].set_index("category")[["people"]]
    if rows.empty:
        return None
    order = [c for c in label.words["codes"][dimension] if c in rows.index]
    rows = rows.loc[order + [c for c in rows.index if c not in order]]
    total = label("text", "total")
    published = pd.Series(
        [
            ctx.published(("breakdown", (dimension, c), "people"), v)
            for c, v in rows["people"].items()
        ]
        + [ctx.published(headline_cell(None, "grant", "people_distinct"), people)],
        index=[*rows.index, total],
        dtype=object,
    )
    names = [label.code(dimension, c) if c != total else total for c in published.index]
    data = pd.DataFrame(
        {
            "label": names[:-1],
            "value": [None if isinstance(v, str) else v for v in published.iloc[:-1]],
            "shown": [shown(ctx, v, 0) for v in published.iloc[:-1]],
        }
    )
    title = label("charts", "people_breakdown").format(dimension=label("dimensions", dimension))
    listing = pd.DataFrame(
        {
            label("dimensions", dimension): names,
            label("units", "people"): [shown(ctx, v, 0) for v in published],
        }
    )
    return (
        chart(
            charts.suppressed_bars(
                data, title, label("dimensions", dimension), label("units", "people"), labels=label
            ),
            f"people-{dimension}",
        ),
        table(listing, numeric=(label("units", "people"),)),
    )
