"""Month-by-month charts: a measure per partner, and distinct people per month, small counts of
people left out of the bars."""

from __future__ import annotations

import pandas as pd

from dashboards.blocks import Chart, Note, chart, chart_or_note
from dashboards.context import PEOPLE_MEASURES, Context, shown
from publish import charts
from publish.site_plan import month_cell
from transforms import figures as warehouse_figures


def activity_kinds(ctx: Context, activity: str, code_column: str, measure: str) -> pd.DataFrame:
    """One activity of transforms.figures.activity_months, its kinds in `code_column` and its
    events in `measure`, as the chart of kinds reads them."""
    months = warehouse_figures.activity_months(ctx.con, ctx.first, ctx.period)
    rows = months[months["activity"] == activity].reset_index(drop=True)
    return rows.rename(columns={"kind": code_column, "events": measure})


def without_small_counts(ctx: Context, frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The frame with the counts of people the site hides left out (no bar rather than a "<k"
    bar)."""
    if measure not in PEOPLE_MEASURES or frame.empty:
        return frame
    cells = (
        month_cell(p, t, measure) for p, t in zip(frame["partner_id"], frame["period"], strict=True)
    )
    return frame[[cell not in ctx.hidden_people for cell in cells]]


def by_partner_chart(
    ctx: Context, frame: pd.DataFrame, measure: str, unit: str, title: str
) -> Chart | Note:
    """A measure per month and partner, leaving out the partners without any; every month of
    the charts' range keeps its place on the axis, with a bar or without."""
    measured = frame[frame[measure] > 0]
    frame = without_small_counts(ctx, measured, measure)
    return chart_or_note(
        frame,
        lambda: charts.monthly_by_partner(
            frame,
            measure,
            ctx.labels("charts", title),
            ctx.labels("units", unit),
            labels=ctx.labels,
            names=ctx.names,
            months=ctx.chart_months,
        ),
        f"{title}-{measure}",
        empty_chart_note(ctx, measured),
    )


def empty_chart_note(ctx: Context, measured: pd.DataFrame) -> str:
    """Why a chart has nothing to draw: all it `measured` is hidden to protect small counts (a
    reader would else take the filled table beside it for a mistake), or nothing yet."""
    return ctx.labels("text", "no_data" if measured.empty else "all_hidden")


def people_by_month(
    ctx: Context, frame: pd.DataFrame, div_id: str, partner: str | None = None
) -> Chart | Note:
    """Distinct people of each month as bars (the consortium's, or a partner's), the counts the
    site hides marked."""
    if frame.empty:
        return chart_or_note(frame, dict, div_id, ctx.labels("text", "no_data"))
    published = pd.Series(
        [
            ctx.published(month_cell(partner, period, "people_distinct"), people)
            for period, people in zip(frame["period"], frame["people"], strict=True)
        ],
        index=frame["period"],
        dtype=object,
    )
    data = pd.DataFrame(
        {
            "label": [ctx.labels.month(p) for p in published.index],
            "value": [None if isinstance(v, str) else v for v in published],
            "shown": [shown(ctx, v, 0) for v in published],
        }
    )
    return chart(
        charts.suppressed_bars(
            data,
            ctx.labels("charts", "people_months"),
            ctx.labels("text", "month_axis"),
            ctx.labels("units", "people"),
            labels=ctx.labels,
            categories=[ctx.labels.month(p) for p in ctx.chart_months],
        ),
        div_id,
    )
