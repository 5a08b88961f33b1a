"""The pages of the site: what each shows, in the order it shows it, as the named pieces its
template (templates/<page>.html) lays out. Every number comes from transforms.figures, so the
dashboards, the exports and `consortium figures` agree; the dashboards only choose, label and
format them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboards.blocks import Chart, Note, chart_or_note, table
from dashboards.breakdowns import DIMENSIONS, breakdown
from dashboards.context import (
    FIGURES,
    TABLE_FIGURES,
    Context,
    runs,
    shown,
)
from dashboards.headline import (
    achieved_chart,
    figures_table,
    headline,
    headline_table,
    outstanding_note,
    suppression_note,
    with_targets,
)
from dashboards.outcomes import BARC10_STRONG, assessed_table, score_by_month, score_change
from dashboards.problems import open_problems
from dashboards.trends import activity_kinds, by_partner_chart, empty_chart_note, people_by_month
from publish import charts
from publish.disclosure import COMPLEMENTARY_MARK
from publish.site_plan import MOVES, NIGHTS, PEOPLE_FIGURES, unit_cell
from transforms import figures as warehouse_figures

# The trend on a partner's page for each table it reports: measure, unit, title.
TABLE_CHARTS = {
    "housing": ("residents_month_end", "people", "partner_residents"),
    "counselling": ("counselling_hours", "hours", "partner_counselling_hours"),
    "trainings": ("trainings", "trainings", "partner_trainings"),
    "groups": ("group_meetings", "meetings", "partner_group_meetings"),
}

PageBody = Callable[[Context], dict]
"""What a page shows: its named pieces, for its template."""


def overview(ctx: Context) -> dict:
    """The figures and trends of the tables some partner reports."""
    figures = with_targets(ctx, headline(ctx).loc[ctx.figures_shown])
    months = ctx.partner_months
    return {
        "outstanding": outstanding_note(ctx),
        "figures": headline_table(ctx, figures, targets=figures["target"].notna().any()),
        "suppression": suppression_note(ctx),
        "achieved": achieved_chart(ctx, figures),
        "counselling_hours": by_partner_chart(
            ctx, months, "counselling_hours", "hours", "counselling_hours"
        )
        if "counselling" in ctx.tables
        else None,
        "group_meetings": by_partner_chart(
            ctx, months, "group_meetings", "meetings", "group_meetings"
        )
        if "groups" in ctx.tables
        else None,
        "people_months": people_by_month(ctx, ctx.people_months, "people-months")
        if "people" in ctx.tables
        else None,
    }


def housing(ctx: Context) -> dict:
    """The housing figures of the month, the year and the grant period to date, then each unit's
    occupancy and residents."""
    units = shown_occupancy(ctx, ctx.housing_units)
    label = ctx.labels
    latest = units[units["period"] == ctx.period].reset_index(drop=True)
    shown_residents = [
        ctx.published(unit_cell(partner, unit, ctx.period, "residents"), residents)
        for partner, unit, residents in zip(
            latest["partner_id"], latest["site_id"], latest["residents"], strict=True
        )
    ]
    rows = pd.DataFrame(
        {
            label("text", "partner"): [ctx.names.get(p, p) for p in latest["partner_id"]],
            label("text", "unit"): [ctx.site_names.get(u, u) for u in latest["site_id"]],
            label("text", "places"): [label.number(v) for v in latest["places"]],
            label("text", "residents"): [shown(ctx, v, 0) for v in shown_residents],
            label("figures", "occupancy_rate"): [
                COMPLEMENTARY_MARK if pd.isna(v) else label.percent(v)
                for v in latest["occupancy_rate"]
            ],
        }
    )
    drawn = units[units["occupancy_rate"].notna()]
    measured = ctx.housing_units[ctx.housing_units["occupancy_rate"].notna()]
    return {
        "figures": figures_table(ctx, list(TABLE_FIGURES["housing"])),
        "suppression": suppression_note(ctx),
        "occupancy": chart_or_note(
            drawn,
            lambda: charts.occupancy_by_unit(
                units,
                label("charts", "occupancy"),
                labels=label,
                names=ctx.site_names,
                months=ctx.chart_months,
            ),
            "occupancy",
            empty_chart_note(ctx, measured),
        ),
        "units": table(
            rows,
            f"{label('periods', 'month')}: {label.month(ctx.period)}",
            numeric=tuple(rows.columns[2:]),
        )
        if not latest.empty
        else None,
        "residents": by_partner_chart(
            ctx, ctx.partner_months, "residents_month_end", "people", "residents"
        ),
    }


def shown_occupancy(ctx: Context, units: pd.DataFrame) -> pd.DataFrame:
    """The housing units' months with the occupancy the site hides left blank: it is the unit's
    resident-nights over its places', and gives away the residents hidden with it."""
    hidden = [
        unit_cell(partner, unit, period, NIGHTS) in ctx.hidden_people
        for partner, unit, period in zip(
            units["partner_id"], units["site_id"], units["period"], strict=True
        )
    ]
    return units.assign(
        occupancy_rate=units["occupancy_rate"].mask(pd.Series(hidden, units.index, dtype=bool))
    )


def kinds_chart(
    ctx: Context, frame: pd.DataFrame, code: str, measure: str, chart: str, div_id: str
) -> Chart | Note:
    """One stacked bar per month, one colour per kind (of session, audience, activity); the
    measure (sessions, trainings, meetings) is its own unit."""
    return chart_or_note(
        frame,
        lambda: charts.monthly_by_code(
            frame,
            code,
            measure,
            ctx.labels("charts", chart),
            ctx.labels("units", measure),
            labels=ctx.labels,
            months=ctx.chart_months,
        ),
        div_id,
        ctx.labels("text", "no_data"),
    )


def counselling(ctx: Context) -> dict:
    kinds = activity_kinds(ctx, "counselling", "session_kind", "sessions")
    return {
        "figures": figures_table(ctx, list(TABLE_FIGURES["counselling"])),
        "hours": by_partner_chart(
            ctx, ctx.partner_months, "counselling_hours", "hours", "counselling_hours"
        ),
        "kinds": kinds_chart(
            ctx, kinds, "session_kind", "sessions", "counselling_kinds", "counselling-kinds"
        ),
    }


def activities(ctx: Context) -> dict:
    """Trainings and groups, each when some partner reports it."""
    months = ctx.partner_months
    shown_figures = TABLE_FIGURES["trainings"] + TABLE_FIGURES["groups"]
    pieces: dict = dict.fromkeys(("trainings", "participants", "kinds", "attendance")) | {
        "figures": figures_table(ctx, [f for f in shown_figures if f in ctx.figures_shown])
    }
    if "trainings" in ctx.tables:
        trainings = activity_kinds(ctx, "trainings", "audience", "trainings")
        pieces["trainings"] = kinds_chart(
            ctx, trainings, "audience", "trainings", "trainings_audience", "trainings-audience"
        )
        pieces["participants"] = by_partner_chart(
            ctx, months, "training_participants", "participants", "training_participants"
        )
    if "groups" in ctx.tables:
        kinds = activity_kinds(ctx, "groups", "activity_kind", "meetings")
        pieces["kinds"] = kinds_chart(
            ctx, kinds, "activity_kind", "meetings", "activity_kinds", "activity-kinds"
        )
        pieces["attendance"] = by_partner_chart(
            ctx, months, "activity_participants", "participants", "group_attendance"
        )
    return pieces


def people(ctx: Context) -> dict:
    frame = ctx.people_breakdown
    monthly = ctx.people_months
    people_distinct = ctx.headline_figures(ctx.first)["people_distinct"]
    return {
        "figures": figures_table(
            ctx, [f for f in PEOPLE_FIGURES if f in ctx.figures_shown and f not in MOVES]
        ),
        "suppression": suppression_note(ctx),
        "people_months": people_by_month(ctx, monthly, "people-months"),
        "breakdowns": [b for d in DIMENSIONS if (b := breakdown(ctx, frame, d, people_distinct))],
    }


def outcomes(ctx: Context) -> dict:
    grant = ctx.headline_figures(ctx.first)
    monthly = warehouse_figures.barc10_months(ctx.con, ctx.first, ctx.period)
    assessed = int(grant["barc10_people_assessed_twice"] or 0)
    note = ctx.labels("text", "outcomes_note").format(threshold=BARC10_STRONG)
    return {
        "note": Note(note),
        "suppression": suppression_note(ctx),
        "change": score_change(ctx, grant) if assessed >= ctx.k else None,
        "assessed": assessed_table(
            ctx,
            assessed,
            int(grant["barc10_people_at_or_above_47"] or 0),
            int(grant["barc10_people_below_47"] or 0),
            grant["barc10_share_at_or_above_47"],
        ),
        "months": score_by_month(ctx, monthly) if not monthly.empty else None,
    }


def submissions(ctx: Context) -> dict:
    grid = warehouse_figures.submission_grid(ctx.con, ctx.figures_first, ctx.period)
    return {
        "grid": chart_or_note(
            grid,
            lambda: charts.submission_grid(
                grid, ctx.labels("charts", "submission_grid"), labels=ctx.labels, names=ctx.names
            ),
            "submission-grid",
            ctx.labels("text", "no_data"),
        ),
        "problems": open_problems(ctx),
    }


def partner_tables(reported: list[str], months: pd.DataFrame) -> list[str]:
    """The tables a partner reports, then any other it sent rows of (trainings in its log): its
    page adds up to what the consortium's pages count of it."""
    sent = [
        table
        for table, figures in TABLE_FIGURES.items()
        if table in TABLE_CHARTS
        and table not in reported
        and any(f in months and months[f].fillna(0).gt(0).any() for f in figures)
    ]
    return [*reported, *sent]


def partner_page(partner_id: str) -> PageBody:
    """The page of one partner: its figures, a trend for each table it reports, and its people
    month by month when it counts people (a partner of trainings alone counts none: its table
    says not applicable, and no chart says there are none yet)."""

    def body(ctx: Context) -> dict:
        months = ctx.partner_months[ctx.partner_months["partner_id"] == partner_id]
        tables = partner_tables(ctx.ws.config.partner(partner_id).tables, months)
        figures = [f for table in tables for f in TABLE_FIGURES[table]]
        figures = [f for f in FIGURES if f in figures or f == "people_distinct"]
        people = months[["period", "people_distinct"]].rename(columns={"people_distinct": "people"})
        return {
            "outstanding": outstanding_note(ctx, partner_id),
            "figures": figures_table(ctx, figures, partner_id),
            "suppression": suppression_note(ctx),
            "trends": [
                by_partner_chart(ctx, months, *TABLE_CHARTS[table])
                for table in tables
                if table in TABLE_CHARTS
            ],
            "people_months": people_by_month(
                ctx, people[people["people"] > 0], f"people-months-{partner_id}", partner_id
            )
            if runs(tables, "people_distinct")
            else None,
        }

    return body
