"""The site's counts of people an export is read beside: the cells of the export that show a
figure the site shows too, and those that add up the site's.

A reader holding the site and an export of the months it shows has the cells of both. Suppressed
each on its own, one would hide what the other shows and give away what the other hides (the
consortium's people by addiction on the site less one partner's in the export are the other
partner's). So the export's plan is worked out beside the site's plan of its last month
(publish.site_plan): a figure the site shows is shown, one it hides is hidden, and only the
export's own cells (each partner's people by kind, the months, a range the site has no column
for) are hidden further until the cells of both together give nothing away.

The export of a range the site shows a column of (the month, the year to date, the grant period
to date) shows that column's figures again, by partner and for the consortium, and, of the grant
period to date, the consortium's people by kind, sex, age and addiction. The export of any range
shows the site's months again: the people of each month, the resident-nights, admissions and
exits the site counts of it, and a partner's figures of a one-month range; its months'
attendances and residents at the month's end add up the partners' bars, and a partner's range
adds up (or, its people, bounds) its months when the site counts every month of it.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from core.periods import months_between
from export.model import TOTAL
from publish.disclosure import Cell, Sum
from publish.site_plan import (
    ADDITIVE_MONTHS,
    DISTINCT,
    SPAN_SUMS,
    SPANS,
    SiteMonth,
    SitePlan,
    headline_cell,
    month_cell,
    span_first,
)

RESIDENTS_AT_END = "residents_month_end"
# the figures of a month the site counts (a bar, or a month a span adds up), and whether they
# add up over months and partners
MONTH_FIGURES = {
    **dict.fromkeys((*ADDITIVE_MONTHS, *SPAN_SUMS, RESIDENTS_AT_END), True),
    DISTINCT: False,
}


@dataclass(frozen=True)
class SiteBeside:
    """The site's plan of the export's last month, and the ties between its cells and the
    export's: `twins` show one figure in both, `sums` add the site's cells up in the export."""

    plan: SitePlan
    twins: list[list[Cell]]
    sums: list[Sum]

    def kept(self, same: list[list[Cell]]) -> set[Cell]:
        """The cells a reader of the site knows, and the export's cells that show them again
        (`same`: the export's own twins)."""
        whole = self.plan.hidden.whole
        return twins_of(self.plan.shown, [*self.plan.same, *same, *self.twins], whole)

    def whole(self, same: list[list[Cell]]) -> set[Cell]:
        """The cells the site hides whole, and the export's cells that show them again."""
        return twins_of(self.plan.hidden.whole, [*same, *self.twins])

    def hidden(self, same: list[list[Cell]]) -> set[Cell]:
        """The cells the site hides, and the export's cells that show them again."""
        plan = self.plan
        complements = plan.hidden.complements - plan.hidden.whole
        groups = [*plan.same, *same, *self.twins]
        return twins_of(complements, groups, plan.hidden.whole) | self.whole(same)


def twins_of(
    cells: set[Cell], groups: list[list[Cell]], without: Set[Cell] = frozenset()
) -> set[Cell]:
    """The cells, and every cell that shows the same figure as one of them in `groups`, through
    no cell of `without` (a cell hidden whole stands apart from its twins, as in the plan)."""
    groups = [[cell for cell in group if cell not in without] for group in groups]
    found = set(cells)
    changed = True
    while changed:
        changed = False
        for group in groups:
            if not found.isdisjoint(group) and not found.issuperset(group):
                found.update(group)
                changed = True
    return found


def site_beside(site: SiteMonth, first: str, partner: str | None, values: set[Cell]) -> SiteBeside:
    """The site of a month as the export of its cells (`values`) from `first` to that month,
    of `partner` or of the consortium, is read beside it."""
    plan = site.plan
    twins: list[list[Cell]] = []
    sums: list[Sum] = []

    def tie(cell: Cell, site_cell: Cell) -> None:
        if cell in values and site_cell in plan.values:
            twins.append([cell, site_cell])

    rows = [TOTAL, *({partner} if partner else site.names)]
    owner = {row: partner if row == TOTAL else row for row in rows}
    figures = {cell[2] for cell in values if cell[0] == "per_partner"}
    for span in (s for s in SPANS if span_first(site, s) == first):
        for row in rows:
            for figure in figures:
                tie(("per_partner", row, figure), headline_cell(owner[row], span, figure))
            tie(
                ("residents", ("per_partner", row), "residents_distinct"),
                headline_cell(owner[row], span, "residents_distinct"),
            )
        if span == "grant" and partner is None:
            for cell in (c for c in values if c[0] == "people" and c[2] == TOTAL):
                tie(cell, ("breakdown", cell[1], "people"))
    months = months_between(first, site.period)
    for period in months:
        for figure, additive in MONTH_FIGURES.items():
            cell = month_figure("per_month", period, figure)
            if month_cell(partner, period, figure) in plan.values:
                tie(cell, month_cell(partner, period, figure))
            elif partner is None and additive and cell in values:
                parts = (month_cell(p, period, figure) for p in site.names)
                if counted := tuple(c for c in parts if c in plan.values):
                    sums.append(Sum(cell, counted))
    for p in rows[1:]:
        for figure, additive in MONTH_FIGURES.items():
            cell = month_figure("per_partner", p, figure)
            parts = [month_cell(p, period, figure) for period in months]
            if len(months) == 1:
                tie(cell, parts[0])
            elif cell in values and first >= min(site.year_first, site.first):
                # a month without the figure (no table of it) adds nobody
                if counted := tuple(c for c in parts if c in plan.values):
                    sums.append(Sum(cell, counted, overlapping=not additive))
    return SiteBeside(plan, twins, sums)


def month_figure(table: str, row: str, figure: str) -> Cell:
    """The export's cell of a figure a month's bar shows: its residents at a month's end are
    never published, yet hide what would give them away."""
    if figure == RESIDENTS_AT_END:
        return ("residents", (table, row), figure)
    return (table, row, figure)
