"""The counts of people the site shows, suppressed together once per render.

A reader opens every page: a partner's grant total on its own page, its bars month by month on a
topic page, the consortium's totals on the overview. Suppressing each chart or table on its own
would let one page give away what another hides (a total of attendances less the bars shown is
the bar left out; two months of "<5" beside 8 distinct people are 4 each). So every people count
the site shows is one cell of one problem for publish.disclosure, with the sums and bounds that
tie them across pages, and each page shows a cell as the plan says. The plan lives here, below
the dashboards and the exports, as an export of months the site shows is read beside it
(export.beside_site).

Cells are ("headline", (partner or None, span), figure) for the tables of figures,
("months", (partner or None, period), measure) for the bars month by month,
("breakdown", (dimension, category), "people") and ("units", (partner, unit, period), measure)
for each housing unit's residents and resident-nights month by month, and ("between", (partner
or None,), figure) for the months between the year's start and the grant period's, never shown.

Occupancy is resident-nights over place-nights, and places are published: a unit's occupancy
gives its residents away (3 places full all month are 3 residents), and a partner's its average
residents. So resident-nights are cells too, never shown as such but as the occupancy they make:
("units", (partner, unit, period), "resident_nights") and ("headline", (partner or None, span),
"resident_nights"). They add up (a unit's months and a partner's units to the partner's span,
partners to the consortium), a unit's are hidden exactly when its residents are (either gives
the other away), and a partner's or the consortium's whenever its residents counted once are.
The housing page shows them too, as the export does, any hidden one marked "x" ("<5" would read
as fewer than five nights).

Admissions and exits are counts of people shown for spans only; they add up over partners, and
over months as the nights do: a year to date less the month beside it is the months before, so
the months of each partner and of the consortium are cells too, never shown,
("months", (partner or None, period), figure).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

import duckdb
import pandas as pd

from core.config import Consortium, GrantPeriod
from core.periods import months_between
from publish.disclosure import (
    COMPLEMENTARY_MARK,
    Cell,
    Hidden,
    Sum,
    hidden_cells_keeping,
    small_mark,
)
from transforms import figures as warehouse_figures


@dataclass(frozen=True)
class SitePlan:
    """The site's problem (every count of people it may show, and the sums, twins and implied
    cells that tie them) and its solution: what a reader of the site knows and does not."""

    values: dict[Cell, float]
    sums: list[Sum]
    same: list[list[Cell]]
    implied: dict[Cell, tuple[Cell, ...]]
    hidden: Hidden
    k: int

    @cached_property
    def marks(self) -> dict[Cell, str]:
        """The mark of every count of people the site hides ("<k" or "x"), by cell."""
        marks = dict.fromkeys(self.hidden.complements, COMPLEMENTARY_MARK)
        return marks | dict.fromkeys(self.hidden.small, small_mark(self.k))

    @cached_property
    def shown(self) -> set[Cell]:
        """The cells a reader of the site knows: every cell of the problem not hidden (the
        months no page shows, but one span to date less another gives away, among them)."""
        return {cell for cell in self.values if cell not in self.marks}


@dataclass(frozen=True)
class SiteMonth:
    """The site of one month as its counts of people make it: the warehouse's figures of the
    month, the year to date and the grant period to date, asked once per render, and the plan
    that hides some of them."""

    config: Consortium
    con: duckdb.DuckDBPyConnection
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
    def housing_units(self) -> pd.DataFrame:
        return warehouse_figures.housing_unit_months(self.con, self.first, self.period)

    @cached_property
    def plan(self) -> SitePlan:
        """Worked out once per run for its month: the pages and the export beside them both
        read it."""
        return warehouse_figures.remembered_value(
            self.con,
            "site_plan",
            (self.period, self.config.model_dump_json()),
            lambda: site_plan(self, PEOPLE_FIGURES),
        )

    @property
    def hidden_people(self) -> dict[Cell, str]:
        """The mark of every count of people the site hides, by cell."""
        return self.plan.marks

    def published(self, cell: Cell, value: object) -> object:
        """A count of people as the site shows it: its value, or the mark hiding it."""
        return self.hidden_people.get(cell, value)

    @property
    def grant(self) -> GrantPeriod:
        return self.config.grant_period_of(self.period)

    @property
    def first(self) -> str:
        """First month of the charts: the start of the grant period."""
        return min(self.grant.start, self.period)

    @property
    def chart_months(self) -> list[str]:
        """Every month of the charts, from `first` to the page's month: each keeps its place on
        a chart's axis, with a bar or without."""
        return months_between(self.first, self.period)

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
        return self.config.reporting.disclosure_k

    @property
    def tables(self) -> frozenset[str]:
        """The tables some partner reports: a topic none reports has no page and no figures."""
        return frozenset(t for p in self.config.partners for t in p.tables)

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.config.partners}


SPANS = ("month", "year", "grant")
# Counts of people the site shows month by month, per partner: attendances (a sum over months)
# and distinct people (each month on its own, bounded by the span's distinct people).
ADDITIVE_MONTHS = ("activity_participants", "training_participants")
MONTH_MEASURES = ("activity_participants", "training_participants", "residents_month_end")
DISTINCT = "people_distinct"
NIGHTS = "resident_nights"
# Who moved into and out of the housing units: counts of people, added up over months and partners
MOVES = ("admissions", "exits_planned", "exits_unplanned")
# Counts shown for spans only that add up over months: their months are cells, never shown
SPAN_SUMS = (NIGHTS, *MOVES)
ADDITIVE = (*ADDITIVE_MONTHS, *SPAN_SUMS)
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


def span_first(ctx: SiteMonth, span: str) -> str:
    """A span's first month: the year to date is from January, in whatever grant period."""
    return {"month": ctx.period, "year": ctx.year_first, "grant": ctx.first}[span]


def headline_cell(partner: str | None, span: str, figure: str) -> Cell:
    return ("headline", (partner, span), figure)


def month_cell(partner: str | None, period: str, measure: str) -> Cell:
    return ("months", (partner, period), measure)


def unit_cell(partner: str, unit: str, period: str, measure: str) -> Cell:
    return ("units", (partner, unit, period), measure)


def between_cell(partner: str | None, figure: str) -> Cell:
    return ("between", (partner,), figure)


def span_between(ctx: SiteMonth) -> tuple[str, str] | None:
    """The months of the longer of the year and the grant period to date before the shorter
    begins: no page shows them, but the one less the other gives them away. None when both
    begin together."""
    first, later = sorted((ctx.year_first, ctx.first))
    return None if first == later else (first, months_between(first, later)[-2])


def partner_of(cell: Cell) -> str | None:
    """The partner a cell is of; None for the consortium's and for the breakdowns."""
    return None if cell[0] == "breakdown" else cell[1][0]


def is_month(cell: Cell) -> bool:
    """Whether a cell is one of the consortium's figures of the month reported."""
    return cell[0] == "headline" and cell[1] == (None, "month")


def month_marks(hidden: dict[Cell, str]) -> dict[str, str]:
    """The consortium's figures of the month the site hides, by figure: its occupancy with its
    resident-nights."""
    marks = {cell[2]: mark for cell, mark in hidden.items() if is_month(cell)}
    if NIGHTS in marks:
        marks["occupancy_rate"] = COMPLEMENTARY_MARK
    return marks


def counted_months(ctx: SiteMonth) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every partner's months and the consortium's people of each month a reader can add up: the
    charts' (from the grant period's start) and, when the year to date begins before the grant
    period, the year's months before it, which no chart shows but the year to date less the
    grant to date adds up."""
    first = ctx.figures_first
    if first == ctx.first:
        return ctx.partner_months, ctx.people_months
    return (
        warehouse_figures.partner_months(ctx.con, first, ctx.period),
        warehouse_figures.people_months(ctx.con, first, ctx.period),
    )


def people_values(ctx: SiteMonth, people_figures: tuple[str, ...]) -> dict[Cell, float]:
    """Every count of people the site may show, by cell."""
    values: dict[Cell, float] = {}
    for partner in [None, *ctx.names]:
        for span in SPANS:
            figures = ctx.headline_figures(span_first(ctx, span), partner)
            for figure in people_figures:
                if pd.notna(figures.get(figure)):
                    values[headline_cell(partner, span, figure)] = float(figures[figure])
            if "housing" in ctx.tables and pd.notna(figures.get(NIGHTS)):
                values[headline_cell(partner, span, NIGHTS)] = float(figures[NIGHTS])
    months, people_months = counted_months(ctx)
    for measure in (*MONTH_MEASURES, DISTINCT):
        for partner, period, value in zip(
            months["partner_id"], months["period"], months[measure], strict=True
        ):
            if pd.notna(value):
                values[month_cell(partner, period, measure)] = float(value)
    if "housing" in ctx.tables:
        for measure in SPAN_SUMS:
            for partner, period, value in zip(
                months["partner_id"], months["period"], months[measure], strict=True
            ):
                if pd.notna(value):
                    values[month_cell(partner, period, measure)] = float(value)
                    consortium = month_cell(None, period, measure)
                    values[consortium] = values.get(consortium, 0.0) + float(value)
    for period, value in zip(people_months["period"], people_months["people"], strict=True):
        values[month_cell(None, period, DISTINCT)] = float(value)
    values |= between_values(ctx, people_figures)
    if "people" in ctx.tables:
        frame = ctx.people_breakdown
        for dimension, category, value in zip(
            frame["dimension"], frame["category"], frame["people"], strict=True
        ):
            values[("breakdown", (dimension, category), "people")] = float(value)
    if "housing" in ctx.tables:
        units = ctx.housing_units
        for measure in ("residents", NIGHTS):
            for partner, unit, period, value in zip(
                units["partner_id"], units["site_id"], units["period"], units[measure], strict=True
            ):
                values[unit_cell(partner, unit, period, measure)] = float(value)
    return values


def between_values(ctx: SiteMonth, people_figures: tuple[str, ...]) -> dict[Cell, float]:
    """The counts of the months between the year's and the grant period's start (`span_between`),
    by cell: never shown, but the longer span to date less the shorter."""
    between = span_between(ctx)
    if between is None:
        return {}
    first, last = between
    by_partner = warehouse_figures.figures_by(ctx.con, first, last, "partner")
    rows = {
        None: warehouse_figures.headline_figures(ctx.con, first, last),
        **{row.pop("group_id"): row for row in by_partner.to_dict("records")},
    }
    return {
        between_cell(partner, figure): float(figures[figure])
        for partner, figures in rows.items()
        if partner is None or partner in ctx.names
        for figure in (*people_figures, NIGHTS)
        if pd.notna(figures.get(figure))
    }


def between_sums(ctx: SiteMonth, people_figures: tuple[str, ...]) -> Iterator[Sum]:
    """The longer of the year and the grant period to date is the months between their starts
    and the shorter: added up, or people counted once over both."""
    if span_between(ctx) is None:
        return
    longer, shorter = ("year", "grant") if ctx.year_first < ctx.first else ("grant", "year")
    for partner in [None, *ctx.names]:
        for figure in (*people_figures, NIGHTS):
            parts = (between_cell(partner, figure), headline_cell(partner, shorter, figure))
            additive = figure in ADDITIVE
            yield Sum(headline_cell(partner, longer, figure), parts, overlapping=not additive)


def span_periods(ctx: SiteMonth, span: str, periods: set[str]) -> list[str]:
    return sorted(p for p in periods if span_first(ctx, span) <= p <= ctx.period)


def people_sums(
    ctx: SiteMonth, values: dict[Cell, float], people_figures: tuple[str, ...]
) -> Iterator[Sum]:
    """What a reader can add up or bound across the site's pages."""
    shared = ctx.config.reporting.shared_user_codes
    periods: dict[str | None, set[str]] = {}
    for _, (partner, period), _ in (c for c in values if c[0] == "months"):
        periods.setdefault(partner, set()).add(period)
    for partner in [None, *ctx.names]:
        for span in ("year", "grant"):
            months = span_periods(ctx, span, periods.get(partner, set()))
            measures = [(m, False) for m in ADDITIVE_MONTHS if partner] + [(DISTINCT, True)]
            for measure, overlapping in measures:
                yield Sum(
                    headline_cell(partner, span, measure),
                    tuple(month_cell(partner, p, measure) for p in months),
                    overlapping,
                )
    # attendances add up across partners; people do unless partners share their codes
    for span in SPANS:
        for figure in people_figures:
            overlapping = shared and figure not in ADDITIVE
            parts = tuple(headline_cell(p, span, figure) for p in ctx.names)
            yield Sum(headline_cell(None, span, figure), parts, overlapping)
    for period in periods.get(None, set()):
        parts = tuple(month_cell(p, period, DISTINCT) for p in ctx.names)
        yield Sum(month_cell(None, period, DISTINCT), parts, overlapping=shared)
    grant_people = headline_cell(None, "grant", DISTINCT)
    by_dimension: dict[str, list[Cell]] = {}
    residents: dict[tuple[str, str], list[Cell]] = {}
    for cell in values:
        if cell[0] == "breakdown":
            by_dimension.setdefault(cell[1][0], []).append(cell)
        if cell[0] == "units" and cell[2] == "residents":
            partner, _, period = cell[1]
            residents.setdefault((partner, period), []).append(cell)
    for cells in by_dimension.values():
        yield Sum(grant_people, tuple(cells))
    for (partner, period), cells in residents.items():
        yield Sum(month_cell(partner, period, "residents_month_end"), tuple(cells))
    yield from nights_sums(ctx, values)
    yield from span_sums(ctx, values)
    yield from between_sums(ctx, people_figures)


def nights_sums(ctx: SiteMonth, values: dict[Cell, float]) -> Iterator[Sum]:
    """Resident-nights add up: a partner's of a month are its units' of the month, and the
    consortium's are its partners'."""
    units: dict[tuple[str, str], list[Cell]] = {}
    for cell in (c for c in values if c[0] == "units" and c[2] == NIGHTS):
        units.setdefault((cell[1][0], cell[1][2]), []).append(cell)
    for (partner, period), cells in units.items():
        yield Sum(month_cell(partner, period, NIGHTS), tuple(cells))
    for span in SPANS:
        parts = tuple(headline_cell(p, span, NIGHTS) for p in ctx.names)
        yield Sum(headline_cell(None, span, NIGHTS), parts)


def span_sums(ctx: SiteMonth, values: dict[Cell, float]) -> Iterator[Sum]:
    """The resident-nights, admissions and exits of a span, a partner's or the consortium's,
    are its months', and the consortium's of a month its partners'. A year to date less the
    month shown beside it is the months before: those are cells too, never shown."""
    for measure in SPAN_SUMS:
        months = [c for c in values if c[0] == "months" and c[2] == measure]
        for span in SPANS:
            first = span_first(ctx, span)
            for partner in [None, *ctx.names]:
                parts = (c for c in months if c[1][0] == partner and first <= c[1][1] <= ctx.period)
                yield Sum(headline_cell(partner, span, measure), tuple(parts))
        for period in {c[1][1] for c in months}:
            parts = tuple(month_cell(p, period, measure) for p in ctx.names)
            yield Sum(month_cell(None, period, measure), parts)


def implied_nights(ctx: SiteMonth, values: dict[Cell, float]) -> dict[Cell, tuple[Cell, ...]]:
    """The resident-nights (so the occupancy) each count of people gives away, and back: a
    unit's residents and its nights, either way; the residents counted once of a partner or the
    consortium, its nights of the span; the residents at a month's end, the nights of that
    month (a partner's of any month, the consortium's of the month reported). A longer span's
    nights are its months', each protected on its own, as the export protects a range's."""
    pairs = [
        (cell, unit_cell(*cell[1], NIGHTS))
        for cell in values
        if cell[0] == "units" and cell[2] == "residents"
    ]
    pairs += [(b, a) for a, b in pairs]
    pairs += [
        (headline_cell(partner, span, "residents_distinct"), headline_cell(partner, span, NIGHTS))
        for partner in [None, *ctx.names]
        for span in SPANS
    ]
    pairs += [
        (month_cell(None, ctx.period, "residents_month_end"), headline_cell(None, "month", NIGHTS))
    ]
    pairs += [
        (month_cell(*cell[1], "residents_month_end"), cell)
        for cell in values
        if cell[0] == "months" and cell[2] == NIGHTS
    ]
    implied: dict[Cell, tuple[Cell, ...]] = {}
    for cell, hides in pairs:
        if cell in values and hides in values:
            implied[cell] = (*implied.get(cell, ()), hides)
    return implied


def the_same(ctx: SiteMonth, people_figures: tuple[str, ...]) -> list[list[Cell]]:
    """Cells that show one figure twice: a span of one month is that month's bar, and spans
    that start together (the year and a grant that began with it) are one figure."""
    groups = [
        [headline_cell(partner, "month", measure), month_cell(partner, ctx.period, measure)]
        for partner in [None, *ctx.names]
        for measure in (*ADDITIVE_MONTHS, DISTINCT)
        if measure in people_figures
    ]
    groups += [
        [headline_cell(partner, "month", measure), month_cell(partner, ctx.period, measure)]
        for partner in [None, *ctx.names]
        for measure in SPAN_SUMS
    ]
    starts: dict[str, list[str]] = {}
    for span in SPANS:
        starts.setdefault(span_first(ctx, span), []).append(span)
    for spans in (spans for spans in starts.values() if len(spans) > 1):
        groups += [
            [headline_cell(partner, span, figure) for span in spans]
            for partner in [None, *ctx.names]
            for figure in (*people_figures, NIGHTS)
        ]
    return groups


def site_plan(ctx: SiteMonth, people_figures: tuple[str, ...]) -> SitePlan:
    """Every count of people the site may show, what ties them, and which it hides.

    Where protecting the bars month by month and the breakdowns (then the partners' figures)
    would cost a consortium figure itself, as in a small consortium, those (then these) are
    hidden whole instead and the consortium's figure is shown, as the exports do."""
    values = people_values(ctx, people_figures)
    # a part the warehouse has no figure for (a table not reported) adds nobody
    sums = [
        replace(total, parts=parts)
        for total in people_sums(ctx, values, people_figures)
        if total.total in values and (parts := tuple(c for c in total.parts if c in values))
    ]
    same = [group for group in the_same(ctx, people_figures) if all(c in values for c in group)]
    implied = implied_nights(ctx, values)
    hidden = hidden_cells_keeping(
        values,
        ctx.k,
        sums,
        same,
        # the consortium's occupancy is no count of people to keep at the cost of its breakdowns
        lambda hidden: {
            c[2] for c in hidden if c[0] == "headline" and c[1][0] is None and c[2] != NIGHTS
        },
        [
            lambda figures, stage=stage: {c for c in values if breaks_down(c, figures, stage)}
            for stage in ("months", "partners")
        ],
        implied,
    )
    return SitePlan(values, sums, same, implied, hidden, ctx.k)


def breaks_down(cell: Cell, figures: set[str], stage: str) -> bool:
    """Whether a cell breaks one of the consortium's `figures` down: by month (any month's bar;
    the months of admissions and exits are no bar, and hiding them would hide nothing) and by
    kind, sex, age and addiction, or by partner (a partner's figure)."""
    kind, figure, partner = cell[0], cell[2], cell[1][0]
    if kind == "breakdown":
        return stage == "months" and DISTINCT in figures
    if figure not in figures or kind not in ("headline", "months"):
        return False
    if stage == "months":
        return kind == "months" and figure not in SPAN_SUMS
    return partner is not None
