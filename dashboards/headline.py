"""The headline figures of a page: the month, the year to date and the grant period to date, and
on the overview the targets, the share achieved and the projection to the grant's end."""

from __future__ import annotations

import pandas as pd

from dashboards.blocks import Chart, Note, Table, chart_or_note, table
from dashboards.context import (
    FIGURES,
    Context,
    missing_words,
    reported,
    shown,
)
from publish import charts
from publish.disclosure import COMPLEMENTARY_MARK
from publish.outstanding import outstanding_text
from publish.site_plan import NIGHTS, PEOPLE_FIGURES, SPANS, headline_cell, span_first
from transforms import figures as warehouse_figures


def headline(ctx: Context, partner: str | None = None) -> pd.DataFrame:
    """Figures (rows) for the month, the year to date and the grant period to date (columns),
    people counts suppressed, and the resident-nights and occupancy that would give residents
    away."""
    spans = {span: span_first(ctx, span) for span in SPANS}
    frame = pd.DataFrame(
        {
            span: pd.Series(ctx.headline_figures(first, partner), dtype=float)
            for span, first in spans.items()
        }
    ).loc[list(FIGURES)]
    frame = frame.astype(object)
    for figure in PEOPLE_FIGURES:
        for span in spans:
            cell = headline_cell(partner, span, figure)
            frame.at[figure, span] = ctx.published(cell, frame.at[figure, span])
    for span in spans:
        # occupancy is resident-nights over places: hidden with the nights, both marked as hidden
        # to protect another ("<5" would read as a share under 5 %, or as fewer than 5 nights)
        if headline_cell(partner, span, NIGHTS) in ctx.hidden_people:
            frame.loc[["occupancy_rate", NIGHTS], span] = COMPLEMENTARY_MARK
    return frame


def with_targets(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Target, share achieved and projection to the grant's end (the warehouse's straight line),
    per figure with a target; a suppressed count hides both."""
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
        # a hidden count's share of its target and projection would give it away: both are
        # hidden too, marked as hidden to protect another ("<5 %" would read as a share)
        columns["achieved"].append(
            (COMPLEMENTARY_MARK if marked else targets.at[figure, "achieved_rate"])
            if known
            else None
        )
        columns["projection"].append(
            (COMPLEMENTARY_MARK if marked else targets.at[figure, "projected_at_end"])
            if known
            else None
        )
        columns["projected_rate"].append(targets.at[figure, "projected_rate"] if known else None)
    return frame.assign(
        **{
            name: pd.Series(values, index=frame.index, dtype=object)
            for name, values in columns.items()
        }
    )


def headline_table(
    ctx: Context, frame: pd.DataFrame, *, targets: bool, partner: str | None = None
) -> Table:
    label = ctx.labels
    absent = {f: missing_words(ctx, f, partner) for f in frame.index}
    rows = pd.DataFrame(
        {
            label("periods", "figure"): [label("figures", f) for f in frame.index],
            **{
                label("periods", period): [
                    reported(ctx, frame.at[f, span], FIGURES[f], absent[f]) for f in frame.index
                ]
                for span, period in (
                    ("month", "month"),
                    ("year", "year_to_date"),
                    ("grant", "grant_to_date"),
                )
            },
        }
    )
    if targets:
        # a rate's target is a share, as the rate is: a percentage, whole
        rows[label("periods", "target")] = [
            shown(ctx, frame.at[f, "target"], None if FIGURES[f] is None else 0)
            for f in frame.index
        ]
        rows[label("periods", "achieved")] = [
            shown(ctx, frame.at[f, "achieved"], None) for f in frame.index
        ]
        rows[label("periods", "projection")] = [
            shown(ctx, frame.at[f, "projection"], FIGURES[f]) for f in frame.index
        ]
    return table(rows, numeric=tuple(rows.columns[1:]))


def figures_table(ctx: Context, figures: list[str], partner: str | None = None) -> Table:
    """The headline table of some figures, without targets."""
    return headline_table(ctx, headline(ctx, partner).loc[figures], targets=False, partner=partner)


def achieved_chart(ctx: Context, frame: pd.DataFrame) -> Chart | Note | None:
    """Bars of % achieved for the figures that have a target and may be shown; nothing when the
    grant sets no target."""
    if frame["target"].isna().all():
        return None
    rows = frame[frame["target"].notna() & frame["achieved"].map(lambda v: not isinstance(v, str))]
    data = pd.DataFrame(
        {
            "figure": [ctx.labels("figures", f) for f in rows.index],
            "achieved": rows["achieved"].astype(float).to_numpy(),
            "projected": rows["projected_rate"].astype(float).to_numpy(),
        }
    )
    return chart_or_note(
        data,
        lambda: charts.achieved_vs_target(
            data, f"{ctx.labels('periods', 'achieved')} · {ctx.grant.name}", labels=ctx.labels
        ),
        "achieved",
        ctx.labels("text", "no_data"),
    )


def outstanding_note(ctx: Context, partner: str | None = None) -> Note | None:
    """The partners (or the one partner) owing tables of the page's months that no file in force
    brought, with those tables and months: the totals beside it are not the whole consortium's
    (partner's). None when nothing is owed."""
    owed = ctx.outstanding
    if partner is not None:
        owed = owed[owed["partner_id"] == partner]
    if owed.empty:
        return None
    text = outstanding_text(
        owed,
        ctx.labels.words["outstanding"],
        lambda partner_id: ctx.names.get(partner_id, partner_id),
        ctx.labels.month,
        ctx.labels.language,
    )
    return Note(text)


def suppression_note(ctx: Context) -> Note:
    return Note(
        ctx.labels("text", "suppressed_note").format(
            k=ctx.k,
            k_minus_1=ctx.k - 1,
            not_reported=ctx.labels("text", "not_reported"),
            not_applicable=ctx.labels("text", "not_applicable"),
        )
    )
