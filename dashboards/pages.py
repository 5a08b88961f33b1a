"""The body of each page of the site: the warehouse's figures in, tables and charts out. Every
number comes from transforms.figures, so the dashboards, the exports and `consortium figures`
agree; this module only chooses, labels and formats them.

People counts pass through publish.disclosure (the rule the exports use) before they are shown:
counts from 1 to k-1 as "<k", and complements where a total would give a hidden count away.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

from core.config import GrantPeriod, Workspace
from core.submission import Problem, Submission
from dashboards import charts
from dashboards.labels import Labels
from publish.disclosure import protect
from transforms import figures as warehouse_figures
from validate.feedback import feedback_folder, problem_text, report_stem, submission_status

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
}
# Counts of persons or attendances (as export/indicators.yaml calls `people`): 1 to k-1 suppressed.
PEOPLE_FIGURES = (
    "people_distinct",
    "people_new",
    "counselling_people_distinct",
    "residents_distinct",
    "training_participants",
    "activity_participants",
)
PEOPLE_MEASURES = (
    "residents_month_end",
    "residents",
    "activity_participants",
    "training_participants",
    "people_distinct",
)
TABLE_FIGURES = {
    "housing": ("housing_units", "housing_places", "residents_distinct", "occupancy_rate"),
    "counselling": ("counselling_hours", "counselling_sessions", "counselling_people_distinct"),
    "trainings": ("trainings", "training_hours", "training_participants"),
    "groups": ("group_meetings", "activity_participants"),
    "people": ("people_distinct", "people_new"),
}
# The trend on a partner's page for each table it reports: measure, unit, title.
TABLE_CHARTS = {
    "housing": ("residents_month_end", "people", "partner_residents"),
    "counselling": ("counselling_hours", "hours", "partner_counselling_hours"),
    "trainings": ("trainings", "trainings", "partner_trainings"),
    "groups": ("group_meetings", "meetings", "partner_group_meetings"),
}
# BARC-10 total at or above which recovery capital counts as strong (the instrument's cut-off).
BARC10_STRONG = 47
MAX_PROBLEMS_LISTED = 50


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
        """The warehouse's headline figures from `first` to the page's month, asked once per render."""
        if (first, partner) not in self.figures:
            self.figures[first, partner] = warehouse_figures.headline_figures(
                self.con, first, self.period, partner=partner
            )
        return self.figures[first, partner]

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
    def k(self) -> int:
        return self.ws.config.reporting.disclosure_k

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.ws.config.partners}


def figure_div(figure: go.Figure, div_id: str) -> str:
    return (
        '<div class="chart">'
        + figure.to_html(
            include_plotlyjs=False,
            full_html=False,
            div_id=div_id,
            config={"displaylogo": False, "responsive": True},
        )
        + "</div>"
    )


def chart_or_note(
    ctx: Context, frame: pd.DataFrame, build: Callable[[], go.Figure], div_id: str
) -> str:
    """The chart, or a line saying there is nothing yet to draw."""
    if frame.empty:
        return f'<p class="note">{html.escape(ctx.labels("text", "no_data"))}</p>'
    return figure_div(build(), div_id)


def table_html(frame: pd.DataFrame, caption: str = "", numeric: tuple[str, ...] = ()) -> str:
    """A table of formatted cells: `numeric` columns hold plain text (escaped here, aligned right),
    the others HTML their caller escaped (so a cell may hold a link)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{html.escape(str(v))}</td>' if c in numeric else f"<td>{v}</td>"
            for c, v in zip(frame.columns, row, strict=False)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def shown(ctx: Context, value: object, decimals: int | None) -> str:
    """A published value: a suppression mark as it is, a share in per cent, else a number."""
    if isinstance(value, str):
        return value
    return ctx.labels.percent(value) if decimals is None else ctx.labels.number(value, decimals)


def protected_people(
    ctx: Context, frame: pd.DataFrame, columns: list[str], **totals: object
) -> pd.DataFrame:
    return protect(frame, ctx.k, columns, **totals)


# --- headline figures ---------------------------------------------------------------------


def headline(ctx: Context, partner: str | None = None) -> pd.DataFrame:
    """Figures (rows) for the month, the year to date and the grant period to date (columns),
    people counts suppressed."""
    spans = {"month": ctx.period, "year": max(ctx.year_first, ctx.first), "grant": ctx.first}
    frame = pd.DataFrame(
        {
            span: pd.Series(ctx.headline_figures(first, partner), dtype=float)
            for span, first in spans.items()
        }
    ).loc[list(FIGURES)]
    people = protected_people(ctx, frame.loc[list(PEOPLE_FIGURES)], list(spans))
    return pd.concat([people, frame.drop(index=list(PEOPLE_FIGURES)).astype(object)]).loc[
        list(FIGURES)
    ]


def with_targets(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Target, share achieved and projection to the grant's end (the warehouse's straight line),
    per figure; a suppressed count keeps its mark in both."""
    targets = warehouse_figures.targets_vs_actual(ctx.con, ctx.grant.id, ctx.period).set_index(
        "indicator_id"
    )
    columns: dict[str, list] = {
        "target": [],
        "achieved": [],
        "projection": [],
        "projected_rate": [],
    }
    for figure in frame.index:
        known = figure in targets.index
        value = frame.at[figure, "grant"]
        marked = isinstance(value, str)
        columns["target"].append(targets.at[figure, "target"] if known else None)
        columns["achieved"].append(
            value if marked else targets.at[figure, "achieved_rate"] if known else None
        )
        columns["projection"].append(
            value if marked else targets.at[figure, "projected_at_end"] if known else None
        )
        columns["projected_rate"].append(targets.at[figure, "projected_rate"] if known else None)
    return frame.assign(
        **{
            name: pd.Series(values, index=frame.index, dtype=object)
            for name, values in columns.items()
        }
    )


def headline_table(ctx: Context, frame: pd.DataFrame, *, targets: bool) -> str:
    label = ctx.labels
    rows = pd.DataFrame(
        {
            label("periods", "figure"): [html.escape(label("figures", f)) for f in frame.index],
            label("periods", "month"): [
                shown(ctx, frame.at[f, "month"], FIGURES[f]) for f in frame.index
            ],
            label("periods", "year_to_date"): [
                shown(ctx, frame.at[f, "year"], FIGURES[f]) for f in frame.index
            ],
            label("periods", "grant_to_date"): [
                shown(ctx, frame.at[f, "grant"], FIGURES[f]) for f in frame.index
            ],
        }
    )
    if targets:
        rows[label("periods", "target")] = [
            shown(ctx, frame.at[f, "target"], 0) for f in frame.index
        ]
        rows[label("periods", "achieved")] = [
            shown(ctx, frame.at[f, "achieved"], None) for f in frame.index
        ]
        rows[label("periods", "projection")] = [
            shown(ctx, frame.at[f, "projection"], FIGURES[f]) for f in frame.index
        ]
    return table_html(rows, numeric=tuple(rows.columns[1:]))


def achieved_chart(ctx: Context, frame: pd.DataFrame) -> str:
    """Bars of % achieved for the figures that have a target and may be shown."""
    rows = frame[frame["target"].notna() & frame["achieved"].map(lambda v: not isinstance(v, str))]
    data = pd.DataFrame(
        {
            "figure": [ctx.labels("figures", f) for f in rows.index],
            "achieved": rows["achieved"].astype(float).to_numpy(),
            "projected": rows["projected_rate"].astype(float).to_numpy(),
        }
    )
    return chart_or_note(
        ctx,
        data,
        lambda: charts.achieved_vs_target(
            data, f"{ctx.labels('periods', 'achieved')} · {ctx.grant.name}", labels=ctx.labels
        ),
        "achieved",
    )


# --- pages ----------------------------------------------------------------------------------


def partner_months(ctx: Context) -> pd.DataFrame:
    return warehouse_figures.partner_months(ctx.con, ctx.first, ctx.period)


def people_months(ctx: Context) -> pd.DataFrame:
    return warehouse_figures.people_months(ctx.con, ctx.first, ctx.period)


def activity_kinds(ctx: Context, activity: str, code_column: str, measure: str) -> pd.DataFrame:
    """One activity of transforms.figures.activity_months, its kinds in `code_column` and its
    events in `measure`, as the chart of kinds reads them."""
    months = warehouse_figures.activity_months(ctx.con, ctx.first, ctx.period)
    rows = months[months["activity"] == activity].reset_index(drop=True)
    return rows.rename(columns={"kind": code_column, "events": measure})


def without_small_counts(ctx: Context, frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The frame with counts of people from 1 to k-1 left out (no bar rather than a "<k" bar)."""
    if measure not in PEOPLE_MEASURES or frame.empty:
        return frame
    published = protected_people(ctx, frame.reset_index(drop=True)[[measure]], [measure])[measure]
    return frame.reset_index(drop=True)[[not isinstance(v, str) for v in published]]


def by_partner_chart(ctx: Context, frame: pd.DataFrame, measure: str, unit: str, chart: str) -> str:
    """A measure per month and partner, leaving out the partners and months without any."""
    frame = without_small_counts(ctx, frame[frame[measure] > 0], measure)
    return chart_or_note(
        ctx,
        frame,
        lambda: charts.monthly_by_partner(
            frame,
            measure,
            ctx.labels("charts", chart),
            ctx.labels("units", unit),
            labels=ctx.labels,
            names=ctx.names,
        ),
        f"{chart}-{measure}",
    )


def people_by_month(ctx: Context, frame: pd.DataFrame, div_id: str) -> str:
    """Distinct people of each month as bars, small counts suppressed (no totals: nothing to subtract)."""
    if frame.empty:
        return chart_or_note(ctx, frame, go.Figure, div_id)
    published = protected_people(ctx, frame.set_index("period")[["people"]], ["people"])["people"]
    data = pd.DataFrame(
        {
            "label": [ctx.labels.month(p) for p in published.index],
            "value": [None if isinstance(v, str) else v for v in published],
            "shown": [shown(ctx, v, 0) for v in published],
        }
    )
    return figure_div(
        charts.suppressed_bars(
            data,
            ctx.labels("charts", "people_months"),
            ctx.labels("text", "month_axis"),
            ctx.labels("units", "people"),
            labels=ctx.labels,
        ),
        div_id,
    )


def suppression_note(ctx: Context) -> str:
    note = ctx.labels("text", "suppressed_note").format(k=ctx.k, k_minus_1=ctx.k - 1)
    return f'<p class="note">{html.escape(note)}</p>'


def overview(ctx: Context) -> str:
    figures = with_targets(ctx, headline(ctx))
    months = partner_months(ctx)
    people = people_months(ctx)
    return "\n".join(
        [
            headline_table(ctx, figures, targets=True),
            suppression_note(ctx),
            achieved_chart(ctx, figures),
            by_partner_chart(ctx, months, "counselling_hours", "hours", "counselling_hours"),
            by_partner_chart(ctx, months, "group_meetings", "meetings", "group_meetings"),
            people_by_month(ctx, people, "people-months"),
        ]
    )


def housing(ctx: Context) -> str:
    units = warehouse_figures.housing_unit_months(ctx.con, ctx.first, ctx.period)
    label = ctx.labels
    latest = units[units["period"] == ctx.period].reset_index(drop=True)
    shown_residents = protected_people(ctx, latest[["residents"]], ["residents"])["residents"]
    table = pd.DataFrame(
        {
            label("text", "partner"): [
                html.escape(ctx.names.get(p, p)) for p in latest["partner_id"]
            ],
            label("text", "unit"): [html.escape(s) for s in latest["site_id"]],
            label("text", "places"): [label.number(v) for v in latest["places"]],
            label("text", "residents"): [shown(ctx, v, 0) for v in shown_residents],
            label("figures", "occupancy_rate"): [
                label.percent(v) for v in latest["occupancy_rate"]
            ],
        }
    )
    return "\n".join(
        [
            chart_or_note(
                ctx,
                units,
                lambda: charts.occupancy_by_unit(units, label("charts", "occupancy"), labels=label),
                "occupancy",
            ),
            table_html(
                table,
                f"{label('periods', 'month')}: {label.month(ctx.period)}",
                numeric=tuple(table.columns[2:]),
            )
            if not latest.empty
            else "",
            by_partner_chart(
                ctx, partner_months(ctx), "residents_month_end", "people", "residents"
            ),
        ]
    )


def counselling(ctx: Context) -> str:
    kinds = activity_kinds(ctx, "counselling", "session_kind", "sessions")
    label = ctx.labels
    return "\n".join(
        [
            headline_table(
                ctx, headline(ctx).loc[list(TABLE_FIGURES["counselling"])], targets=False
            ),
            by_partner_chart(
                ctx, partner_months(ctx), "counselling_hours", "hours", "counselling_hours"
            ),
            chart_or_note(
                ctx,
                kinds,
                lambda: charts.monthly_by_code(
                    kinds,
                    "session_kind",
                    "sessions",
                    label("charts", "counselling_kinds"),
                    label("units", "sessions"),
                    labels=label,
                ),
                "counselling-kinds",
            ),
        ]
    )


def activities(ctx: Context) -> str:
    trainings = activity_kinds(ctx, "trainings", "audience", "trainings")
    kinds = activity_kinds(ctx, "groups", "activity_kind", "meetings")
    months = partner_months(ctx)
    label = ctx.labels
    figures = list(TABLE_FIGURES["trainings"] + TABLE_FIGURES["groups"])
    return "\n".join(
        [
            headline_table(ctx, headline(ctx).loc[figures], targets=False),
            chart_or_note(
                ctx,
                trainings,
                lambda: charts.monthly_by_code(
                    trainings,
                    "audience",
                    "trainings",
                    label("charts", "trainings_audience"),
                    label("units", "trainings"),
                    labels=label,
                ),
                "trainings-audience",
            ),
            by_partner_chart(
                ctx, months, "training_participants", "participants", "training_participants"
            ),
            chart_or_note(
                ctx,
                kinds,
                lambda: charts.monthly_by_code(
                    kinds,
                    "activity_kind",
                    "meetings",
                    label("charts", "activity_kinds"),
                    label("units", "meetings"),
                    labels=label,
                ),
                "activity-kinds",
            ),
            by_partner_chart(
                ctx, months, "activity_participants", "participants", "group_attendance"
            ),
        ]
    )


def breakdown(ctx: Context, frame: pd.DataFrame, dimension: str, people: int) -> str:
    """One breakdown of people, its parts and total suppressed together, as a chart and a table."""
    label = ctx.labels
    rows = frame[frame["dimension"] == dimension].set_index("category")[["people"]]
    if rows.empty:
        return ""
    order = [c for c in label.words["codes"][dimension] if c in rows.index]
    rows = rows.loc[order + [c for c in rows.index if c not in order]]
    total = label("text", "total")
    table = pd.concat([rows, pd.DataFrame({"people": [people]}, index=[total])])
    published = protected_people(ctx, table, ["people"], total_row=total)["people"]
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
            label("dimensions", dimension): [html.escape(n) for n in names],
            label("units", "people"): [shown(ctx, v, 0) for v in published],
        }
    )
    return figure_div(
        charts.suppressed_bars(
            data, title, label("dimensions", dimension), label("units", "people"), labels=label
        ),
        f"people-{dimension}",
    ) + table_html(listing, numeric=(label("units", "people"),))


def people(ctx: Context) -> str:
    frame = warehouse_figures.people_breakdown(ctx.con, ctx.first, ctx.period)
    monthly = people_months(ctx)
    people_distinct = ctx.headline_figures(ctx.first)["people_distinct"]
    figures = list(PEOPLE_FIGURES)
    return "\n".join(
        [
            headline_table(ctx, headline(ctx).loc[figures], targets=False),
            suppression_note(ctx),
            people_by_month(ctx, monthly, "people-months"),
            *(
                breakdown(ctx, frame, d, people_distinct)
                for d in ("user_kind", "sex", "age_band", "main_addiction")
            ),
        ]
    )


def outcomes(ctx: Context) -> str:
    label = ctx.labels
    grant = ctx.headline_figures(ctx.first)
    monthly = warehouse_figures.barc10_months(ctx.con, ctx.first, ctx.period)
    note = f'<p class="note">{html.escape(label("text", "outcomes_note").format(threshold=BARC10_STRONG))}</p>'
    parts = [note, suppression_note(ctx)]
    assessed = int(grant["barc10_people_assessed_twice"] or 0)
    if assessed >= ctx.k:
        scores = pd.DataFrame(
            {
                "moment": [label("text", "first_score"), label("text", "latest_score")],
                "score": [grant["barc10_first_mean"], grant["barc10_latest_mean"]],
            }
        )
        parts.append(
            figure_div(
                charts.score_change(
                    scores, label("charts", "barc10_change"), labels=label, threshold=BARC10_STRONG
                ),
                "barc10-change",
            )
        )
    parts.append(
        assessed_table(
            ctx,
            assessed,
            int(grant["barc10_people_at_or_above_47"] or 0),
            int(grant["barc10_people_below_47"] or 0),
            grant["barc10_share_at_or_above_47"],
        )
    )
    if not monthly.empty:
        published = protected_people(ctx, monthly.set_index("period")[["people"]], ["people"])[
            "people"
        ]
        visible = monthly[[not isinstance(v, str) for v in published]].assign(
            shown=[shown(ctx, v, 0) for v in published if not isinstance(v, str)]
        )
        parts.append(
            chart_or_note(
                ctx,
                visible,
                lambda: charts.score_by_month(
                    visible, label("charts", "barc10_months"), labels=label, threshold=BARC10_STRONG
                ),
                "barc10-months",
            )
        )
    return "\n".join(parts)


def assessed_table(
    ctx: Context, assessed: int, strong: int, other: int, share_strong: float | None
) -> str:
    """People assessed twice, and the share of them with strong recovery capital at the latest
    assessment, unless the strong or the other group is a small count."""
    label = ctx.labels
    counts = pd.DataFrame({"strong": [strong], "other": [other], "total": [assessed]})
    published = protected_people(
        ctx, counts, ["strong", "other", "total"], total_column="total"
    ).iloc[0]
    share = (
        published["strong"]
        if isinstance(published["strong"], str)
        else (label.percent(share_strong) if assessed else "")
    )
    table = pd.DataFrame(
        {
            label("text", "people_assessed"): [shown(ctx, published["total"], 0)],
            label("text", "share_strong"): [share],
        }
    )
    return table_html(table, numeric=tuple(table.columns))


def feedback_link(ctx: Context, row: pd.Series) -> str:
    """A link relative to site/ to the feedback report validation wrote for a file, if it did."""
    sub = Submission(
        row["submission_id"],
        row["name_as_received"],
        0,
        row["received_at"],
        text_or_none(row["partner_id"]),
        text_or_none(row["period"]),
    )
    for suffix in (".html", ".txt"):
        report = feedback_folder(ctx.ws, sub) / f"{report_stem(sub)}{suffix}"
        if report.is_file():
            return relative_link(ctx, report, ctx.labels("text", "report"))
    return ""


def relative_link(ctx: Context, target: Path, text: str) -> str:
    href = html.escape(os.path.relpath(target, ctx.ws.site).replace(os.sep, "/"))
    return f'<a href="{href}">{html.escape(text)}</a>'


def problems_html(ctx: Context) -> str:
    """One row per file with open problems, with its problems listed under it."""
    label = ctx.labels
    problems = warehouse_figures.open_problems(ctx.con, ctx.period)
    summary = ctx.ws.feedback / "index.html"
    heading = f"<h2>{html.escape(label('text', 'problems'))}</h2>" + (
        f"<p>{relative_link(ctx, summary, label('text', 'quality_summary'))}</p>"
        if summary.is_file()
        else ""
    )
    if problems.empty:
        return f"{heading}<p>{html.escape(label('text', 'no_problems'))}</p>"
    rows = []
    for _, found in problems.groupby("submission_id", sort=False):
        first = found.iloc[0]
        partner, period = text_or_none(first["partner_id"]), text_or_none(first["period"])
        listed = "".join(
            f"<li>{html.escape(problem_text(as_problem(p), ctx.ws.config.language))}</li>"
            for _, p in found.head(MAX_PROBLEMS_LISTED).iterrows()
        )
        more = "<li>…</li>" if len(found) > MAX_PROBLEMS_LISTED else ""
        rows.append(
            {
                label("text", "partner"): html.escape(ctx.names.get(partner, partner or "?")),
                label("periods", "month"): html.escape(label.month(period) if period else "?"),
                label("text", "file"): html.escape(first["name_as_received"]),
                label("text", "status"): html.escape(
                    submission_status(first["status"], ctx.ws.config.language)
                ),
                label(
                    "text", "problems"
                ): f"<details><summary>{len(found)}</summary><ul>{listed}{more}</ul></details>",
                label("text", "report"): feedback_link(ctx, first),
            }
        )
    return heading + table_html(pd.DataFrame(rows))


def text_or_none(value: object) -> str | None:
    """A text cell of a query result; a missing one (None or NaN) as None."""
    return value if isinstance(value, str) else None


def as_problem(row: pd.Series) -> Problem:
    params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
    return Problem(
        row["severity"],
        row["rule"],
        sheet=row["sheet"] if pd.notna(row["sheet"]) else None,
        row=int(row["sheet_row"]) if pd.notna(row["sheet_row"]) else None,
        column=row["column_name"] if pd.notna(row["column_name"]) else None,
        params=params,
    )


def submissions(ctx: Context) -> str:
    grid = warehouse_figures.submission_grid(ctx.con, ctx.first, ctx.period)
    return "\n".join(
        [
            chart_or_note(
                ctx,
                grid,
                lambda: charts.submission_grid(
                    grid,
                    ctx.labels("charts", "submission_grid"),
                    labels=ctx.labels,
                    names=ctx.names,
                ),
                "submission-grid",
            ),
            problems_html(ctx),
        ]
    )


def partner_page(partner_id: str) -> Callable[[Context], str]:
    """The page of one partner: its figures, and a trend for each table it reports."""

    def body(ctx: Context) -> str:
        partner = ctx.ws.config.partner(partner_id)
        figures = [f for table in partner.tables for f in TABLE_FIGURES[table]]
        figures = [f for f in FIGURES if f in figures or f == "people_distinct"]
        months = partner_months(ctx).query("partner_id == @partner_id")
        people = months[["period", "people_distinct"]].rename(columns={"people_distinct": "people"})
        parts = [
            headline_table(ctx, headline(ctx, partner_id).loc[figures], targets=False),
            suppression_note(ctx),
        ]
        for table in partner.tables:
            if table in TABLE_CHARTS:
                measure, unit, chart = TABLE_CHARTS[table]
                parts.append(by_partner_chart(ctx, months, measure, unit, chart))
        parts.append(
            people_by_month(ctx, people[people["people"] > 0], f"people-months-{partner_id}")
        )
        return "\n".join(parts)

    return body
