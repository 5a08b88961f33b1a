"""Pure functions from a query's DataFrame to a Plotly figure: testable without a browser, and
the only definition of each chart, drawn on the site and in the exports' images alike. A figure
is the plain dict plotly.js draws (`data`, `layout`): plotly's Figure objects copy and check
every property, which was most of a page's cost; the tests check every chart whole.

Every chart takes its words from a `Labels` (the page's language) and the numbers from the
frame only; titles, axis titles with units, hover text and the palette are set here, once.
"""

from __future__ import annotations

import json
import pkgutil
from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

import pandas as pd

from publish.labels import Labels
from publish.palette import PALETTE, STATUS_COLOURS, colour, partner_colours

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


Figure = dict[str, Any]

# What plotly.js writes itself on a chart (its toolbar's buttons and tips) by the key of its words
# in the label catalogues: plotly ships no words of our languages (its pl, sl, bs and no locales
# have only month names), and a site opened from disk can fetch none.
TOOLBAR = {
    "download_png": "Download plot as a PNG",
    "zoom": "Zoom",
    "pan": "Pan",
    "box_select": "Box Select",
    "lasso_select": "Lasso Select",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "autoscale": "Autoscale",
    "reset_axes": "Reset axes",
    "preparing_image": "Preparing image - this may take a few seconds",
    "image_downloaded": "Image download succeeded",
    "image_failed": "Sorry, there was a problem downloading your image!",
    "zoom_back_out": "Double-click to zoom back out",
    "isolate_trace": "Double-click on legend to isolate one trace",
}


def plotly_locale(labels: Labels) -> dict[str, Any]:
    """The locale plotly.js registers (`Plotly.register`) so that the toolbar and tips of every
    chart on a page speak the page's language; its numbers follow each figure's `separators`."""
    dictionary = {message: labels("toolbar", key) for key, message in TOOLBAR.items()}
    return dict(moduleType="locale", name=labels.language, dictionary=dictionary)


def new_figure(traces: list[dict[str, Any]], *layouts: dict[str, Any]) -> Figure:
    """A figure of `traces` on `layouts` (the shared look of `styled`, then the chart's own;
    later ones win, key by key)."""
    return {"data": traces, "layout": merged(*layouts)}


def merged(*layouts: dict[str, Any]) -> dict[str, Any]:
    """The layouts as one, merged key by key as Plotly's update_layout would."""
    result: dict[str, Any] = {}
    for layout in layouts:
        for key, value in layout.items():
            if isinstance(value, dict) and isinstance(result.get(key), dict):
                result[key] = merged(result[key], value)
            else:
                result[key] = value
    return result


@cache
def white_template() -> dict[str, Any]:
    """Plotly's "plotly_white" as plotly ships it: the dict plotly.js takes (plotly's own
    lookup builds and checks a Template object of it first, a fifth of a second)."""
    return json.loads(pkgutil.get_data("plotly", "package_data/templates/plotly_white.json") or b"")


def with_line(
    figure: Figure, axis: Literal["h", "v"], at: float, colour: str, label: str | None = None
) -> Figure:
    """The figure with a dashed reference line across it, at `at` on the y axis ("h") or the
    x axis ("v"), labelled at its left end when `label` is given."""
    line = dict(color=colour, dash="dash")
    across = dict(xref="x domain", x0=0, x1=1, yref="y", y0=at, y1=at)
    if axis == "v":
        across = dict(xref="x", x0=at, x1=at, yref="y domain", y0=0, y1=1)
    layout = dict(figure["layout"])
    layout["shapes"] = [*layout.get("shapes", []), dict(type="line", line=line, **across)]
    if label is not None:
        note = dict(text=label, showarrow=False, xref=across["xref"], x=across["x0"])
        note |= dict(xanchor="left", yref=across["yref"], y=across["y0"], yanchor="bottom")
        layout["annotations"] = [*layout.get("annotations", []), note]
    return {**figure, "layout": layout}


def styled(title: str, x_title: str, y_title: str, labels: Labels | None) -> dict[str, Any]:
    """The look shared by every chart: title, axis titles, the language's number separators."""
    return dict(
        template=white_template(),
        title=dict(text=title),
        legend=dict(title=dict(text="")),
        font=dict(family=FONT),
        xaxis=dict(title=dict(text=x_title), separatethousands=True),
        yaxis=dict(title=dict(text=y_title), separatethousands=True),
        margin=dict(l=70, r=20, t=60, b=60),
        separators=labels.separators if labels else ".,",
        height=420,
    )


# A chart coloured by something (partner, kind, unit) names its series even when it has one:
# plotly.js hides the legend of a lone series, and the title promises the breakdown.
SERIES_LEGEND = dict(showlegend=True)


def legend_row() -> dict[str, Any]:
    """The legend as one row at the foot of the chart, under the x axis's ticks and title: placed
    in the whole figure's height, not the plot's, which would put it on the axis title of a short
    chart."""
    return dict(
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom"),
        margin=dict(b=90),
    )


def whole_ticks(heights: pd.Series) -> dict[str, Any]:
    """Counts of a few: ticks at whole numbers only (no 0,2 meetings)."""
    return dict(yaxis=dict(dtick=1)) if heights.max() <= 10 else {}


def every_category(categories: list[str]) -> dict[str, Any]:
    """An x axis of `categories` in their order, each in its place whether a bar stands on it or
    not: plotly.js would fit the axis to the categories with bars, leaving out the first and
    last months without any."""
    return dict(
        categoryorder="array", categoryarray=categories, range=[-0.5, len(categories) - 0.5]
    )


def month_axis(periods: Iterable[str], labels: Labels | None) -> list[str]:
    return [labels.month(p) if labels else p for p in periods]


def month_bar(
    points: list[tuple[str, Any]], name: str, bar_colour: str, unit: str, labels: Labels | None
) -> dict[str, Any]:
    """One series of a stacked monthly bar chart, of its (month, figure) `points`."""
    return dict(
        type="bar",
        x=month_axis([period for period, _ in points], labels),
        y=[value for _, value in points],
        name=name,
        marker=dict(color=bar_colour),
        # the unit as a label before the figure, never a noun after it: "21 udeleženci" would
        # need the noun's plural form for each figure
        hovertemplate=f"%{{x}}<br>{name}<br>{unit}: %{{y:,.1~f}}<extra></extra>",
    )


def series_by(
    frame: pd.DataFrame, key_column: str, measure: str
) -> dict[Any, list[tuple[str, Any]]]:
    """Each key's (month, figure) points in the frame's order, the keys sorted (a row without a
    key is in no series); a month whose figure is not reported (NULL) has no point, so no bar,
    where a bar of 0 would read as nothing done. One walk over plain values: a chart per partner
    page, where a frame per series cost more than the chart."""
    series: dict[Any, list[tuple[str, Any]]] = {}
    columns = (frame[key_column].tolist(), frame["period"].tolist(), frame[measure].tolist())
    for key, period, value in zip(*columns, strict=True):
        if pd.notna(key):
            points = series.setdefault(key, [])
            if pd.notna(value):
                points.append((period, value))
    return dict(sorted(series.items()))


def monthly_by_partner(
    frame: pd.DataFrame,
    measure: str,
    title: str,
    unit: str,
    *,
    labels: Labels | None = None,
    names: dict[str, str] | None = None,
    months: Iterable[str] | None = None,
) -> Figure:
    """One stacked bar per month, one colour per partner; a partner keeps its colour on every
    chart, from its place in `names`. The axis has every one of `months` (the chart's range),
    a month without a bar too, so that months without any keep their place; by default the
    frame's."""
    months = sorted(frame["period"].unique()) if months is None else list(months)
    colours = partner_colours(list(names or {}), list(frame["partner_id"].unique()))
    return new_figure(
        [
            month_bar(points, (names or {}).get(group, group), colours[group], unit, labels)
            for group, points in series_by(frame, "partner_id", measure).items()
        ],
        styled(title, labels("text", "month_axis") if labels else "month", unit, labels),
        dict(barmode="stack", xaxis=every_category(month_axis(months, labels))),
        SERIES_LEGEND,
        whole_ticks(frame.groupby("period")[measure].sum()),
    )


def monthly_by_code(
    frame: pd.DataFrame,
    code_column: str,
    measure: str,
    title: str,
    unit: str,
    *,
    labels: Labels,
    months: Iterable[str] | None = None,
) -> Figure:
    """One stacked bar per month, one colour per code (kind of session, audience, activity);
    the axis has every one of `months`, as `monthly_by_partner`'s."""
    months = month_axis(sorted(frame["period"].unique()) if months is None else months, labels)
    return new_figure(
        [
            month_bar(points, labels.code(code_column, code), colour(index), unit, labels)
            for index, (code, points) in enumerate(series_by(frame, code_column, measure).items())
        ],
        styled(title, labels("text", "month_axis"), unit, labels),
        dict(barmode="stack", xaxis=every_category(months)),
        SERIES_LEGEND,
        whole_ticks(frame.groupby("period")[measure].sum()),
    )


def occupancy_by_unit(
    frame: pd.DataFrame,
    title: str,
    *,
    labels: Labels,
    names: dict[str, str] | None = None,
    months: Iterable[str] | None = None,
) -> Figure:
    """One line per housing unit, named as in `names` (its id where it has none): resident-nights
    over place-nights, in per cent, month by month, every one of `months` on the axis (by
    default the frame's). Its hover names the unit's places, never its residents: a count of
    people under k the site's tables hide would show there."""
    names = names or {}
    months = sorted(frame["period"].unique()) if months is None else list(months)
    return new_figure(
        [
            dict(
                type="scatter",
                x=month_axis(rows["period"], labels),
                y=(rows["occupancy_rate"] * 100).tolist(),
                name=names.get(unit, unit),
                mode="lines+markers",
                line=dict(color=colour(index)),
                customdata=rows["places"].tolist(),
                hovertemplate=(
                    f"%{{x}}<br>{names.get(unit, unit)}: %{{y:,.0f}}{labels.percent_sign}<br>"
                    f"{labels('text', 'places')}: %{{customdata}}<extra></extra>"
                ),
            )
            for index, (unit, rows) in enumerate(frame.groupby("site_id", sort=True))
        ],
        styled(
            title,
            labels("text", "month_axis"),
            f"{labels('figures', 'occupancy_rate')} (%)",
            labels,
        ),
        dict(
            xaxis=every_category(month_axis(months, labels)),
            yaxis=dict(rangemode="tozero", ticksuffix=labels.percent_sign),
        ),
        SERIES_LEGEND,
    )


def suppressed_bars(
    frame: pd.DataFrame,
    title: str,
    x_title: str,
    unit: str,
    *,
    labels: Labels,
    categories: list[str] | None = None,
) -> Figure:
    """Counts of people as bars, where a suppressed count has no bar, only its mark ("<5", "x").

    The frame has `label` (the bar), `value` (the count, missing when suppressed) and `shown`
    (the text published for it). The axis has every one of `categories` in their order (every
    month of the chart's range, a month without a count too), by default the frame's labels.
    """
    values = pd.to_numeric(frame["value"], errors="coerce")
    return new_figure(
        [
            dict(
                type="bar",
                x=frame["label"].tolist(),
                y=values.fillna(0).tolist(),
                text=frame["shown"].tolist(),
                textposition="outside",
                marker=dict(color=PALETTE[0]),
                customdata=frame["shown"].tolist(),
                hovertemplate=f"%{{x}}<br>{unit}: %{{customdata}}<extra></extra>",
            )
        ],
        styled(title, x_title, unit, labels),
        # with every count suppressed, a scale would only suggest numbers that are not there
        dict(yaxis=dict(rangemode="tozero", showticklabels=bool(values.notna().any()))),
        {} if categories is None else dict(xaxis=every_category(categories)),
    )


def score_change(frame: pd.DataFrame, title: str, *, labels: Labels, threshold: float) -> Figure:
    """Average BARC-10 score at the first and the latest assessment, against the threshold.

    The frame has `moment` (first, latest: already labelled) and `score`.
    """
    figure = new_figure(
        [
            dict(
                type="bar",
                x=frame["moment"].tolist(),
                y=frame["score"].tolist(),
                marker=dict(color=[PALETTE[4], PALETTE[0]][: len(frame)]),
                text=[labels.number(v, 1) for v in frame["score"]],
                textposition="outside",
                hovertemplate=f"%{{x}}: %{{y:,.1f}} ({labels('units', 'score')})<extra></extra>",
            )
        ],
        styled(title, "", labels("units", "score"), labels),
        dict(yaxis=dict(range=[10, 60])),
    )
    return with_line(figure, "h", threshold, PALETTE[5], labels.number(threshold))


def score_by_month(frame: pd.DataFrame, title: str, *, labels: Labels, threshold: float) -> Figure:
    """Average BARC-10 score of the people assessed in each month (months with too few people left out)."""
    figure = new_figure(
        [
            dict(
                type="scatter",
                x=month_axis(frame["period"], labels),
                y=frame["mean_score"].tolist(),
                mode="lines+markers",
                line=dict(color=PALETTE[0]),
                customdata=frame["shown"].tolist(),
                hovertemplate=f"%{{x}}: %{{y:,.1f}} ({labels('units', 'people')}: %{{customdata}})<extra></extra>",
            )
        ],
        styled(title, labels("text", "month_axis"), labels("units", "score"), labels),
        dict(yaxis=dict(range=[10, 60])),
    )
    return with_line(figure, "h", threshold, PALETTE[5])


def submission_grid(
    frame: pd.DataFrame, title: str, *, labels: Labels, names: dict[str, str]
) -> Figure:
    """Partner x month, each cell coloured by its status (on time, late, rejected, missing)."""
    statuses = list(STATUS_COLOURS)
    partners = sorted(frame["partner_id"].unique())
    months = sorted(frame["period"].unique())
    cells = frame.set_index(["partner_id", "period"])["status"]
    z = [
        [statuses.index(cells[(p, m)]) if (p, m) in cells.index else None for m in months]
        for p in partners
    ]
    text = [
        [labels("status", cells[(p, m)]) if (p, m) in cells.index else "" for m in months]
        for p in partners
    ]
    steps = len(statuses)
    scale = [
        [edge / steps, STATUS_COLOURS[s]] for i, s in enumerate(statuses) for edge in (i, i + 1)
    ]
    return new_figure(
        [
            dict(
                type="heatmap",
                z=z,
                x=month_axis(months, labels),
                y=[names.get(p, p) for p in partners],
                text=text,
                colorscale=scale,
                zmin=-0.5,
                zmax=steps - 0.5,
                showscale=False,
                xgap=2,
                ygap=2,
                hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            ),
            *(
                dict(
                    type="scatter",
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=labels("status", status),
                    marker=dict(size=12, symbol="square", color=STATUS_COLOURS[status]),
                )
                for status in statuses
            ),
        ],
        styled(title, labels("text", "month_axis"), labels("text", "partner_axis"), labels),
        legend_row(),
        dict(
            height=max(260, 80 + 48 * len(partners)),
            xaxis=dict(showgrid=False),
            yaxis=dict(autorange="reversed", showgrid=False),
        ),
    )


def achieved_vs_target(frame: pd.DataFrame, title: str, *, labels: Labels) -> Figure:
    """Horizontal bars: % of each target achieved so far, written on the bar, and, when the frame
    has it, the projection to the end of the grant.

    The frame has `figure` (labelled), `achieved` and optionally `projected` (shares, 1.0 = the
    target); the site shows the projection, an export's image only what was achieved.
    """
    traces = [
        dict(
            type="bar",
            y=frame["figure"].tolist(),
            x=(frame["achieved"] * 100).tolist(),
            orientation="h",
            name=labels("periods", "achieved"),
            marker=dict(color=PALETTE[0]),
            text=[labels.percent(v) for v in frame["achieved"]],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    ]
    if "projected" in frame:
        traces.append(
            dict(
                type="scatter",
                y=frame["figure"].tolist(),
                x=(frame["projected"] * 100).tolist(),
                mode="markers",
                name=labels("periods", "projection"),
                marker=dict(symbol="diamond", size=12, color=PALETTE[1]),
                hovertemplate=f"%{{y}}: %{{x:,.0f}}{labels.percent_sign}<extra></extra>",
            )
        )
    figure = new_figure(
        traces,
        styled(title, labels("periods", "achieved"), "", labels),
        legend_row(),
        dict(
            height=max(260, 90 + 40 * len(frame)),
            margin=dict(l=260),
            xaxis=dict(ticksuffix=labels.percent_sign, rangemode="tozero"),
            yaxis=dict(autorange="reversed"),
        ),
    )
    return with_line(figure, "v", 100, PALETTE[7])
