"""Disclosure control: published counts of people never single anybody out.

A count of people from 1 to k-1 is shown as "<k" (primary suppression). Where a table also
publishes a total, one hidden cell could be worked out by subtraction, so a second cell of the
same sum is hidden too (complementary suppression, shown as "x"), until every sum holding a
hidden cell holds at least two. A total of distinct people over months (or partners sharing
people) is no sum, yet it bounds its parts: each part is at most the total, and together they
are at least the total, so two months of "<5" beside a total of 8 were 4 each. Such totals are
kept as overlapping sums and any part they would pin down is protected the same way. A figure
made of a count of people (a unit's occupancy is its resident-nights over its place-nights) is
hidden with it, and its own sums protected the same way. Zero stays zero: it names nobody. Hours and sessions are not
people and stay visible unless the consortium asks otherwise (reporting.suppress_hours).

Everything here is a pure function over DataFrames, shared by the exports and the dashboards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import pandas as pd

Cell = tuple[str, Hashable, str]
"""A published cell: (table, row label, column)."""

COMPLEMENTARY_MARK = "x"


@dataclass(frozen=True)
class Sum:
    """Published cells where `total` is the sum of `parts`: a reader can subtract. An
    `overlapping` sum counts each person once over parts that may share people (distinct people
    over months): the total is at most the sum of the parts and at least each part."""

    total: Cell
    parts: tuple[Cell, ...]
    overlapping: bool = False

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.parts, self.total)


class Hidden(NamedTuple):
    """The cells to hide: small counts ("<k"), complements ("x", the cells hidden whole among
    them), and the cells hidden whole, out of every sum."""

    small: set[Cell]
    complements: set[Cell]
    whole: set[Cell]


def small_mark(k: int) -> str:
    return f"<{k}"


def is_small(value: object, k: int) -> bool:
    """A count of 1 to k-1: few enough to point at somebody."""
    return pd.notna(value) and 0 < float(value) < k


def cells_of(table: str, frame: pd.DataFrame, columns: Iterable[str]) -> dict[Cell, float]:
    """The values of `columns` of a frame as cells of `table`, keyed by the frame's index. A
    figure not reported (NULL) is 0 here: it adds nothing to the totals a reader can check."""
    return {
        (table, row, column): 0.0 if pd.isna(value) else value
        for column in columns
        for row in frame.index
        for value in [frame.at[row, column]]
    }


def table_sums(
    table: str,
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    total_row: Hashable | None = None,
    total_column: str | None = None,
    row_groups: Mapping[Hashable, Sequence[Hashable]] | None = None,
    overlapping: bool = False,
) -> list[Sum]:
    """The sums a reader can check in one table.

    `total_row` is the label of a row holding each column's total over the other rows (or over
    the rows listed for it in `row_groups`, when a table stacks several breakdowns that share
    one total row); `total_column` holds each row's total over the other `columns`.
    `overlapping`: the totals count people once over rows or columns that may share them.
    """
    sums: list[Sum] = []
    parts_columns = [c for c in columns if c != total_column]
    if total_row is not None:
        groups = row_groups or {None: [r for r in frame.index if r != total_row]}
        for rows in groups.values():
            for column in columns:
                parts = tuple((table, r, column) for r in rows)
                sums.append(Sum((table, total_row, column), parts, overlapping))
    if total_column is not None:
        for row in frame.index:
            parts = tuple((table, row, c) for c in parts_columns)
            sums.append(Sum((table, row, total_column), parts, overlapping))
    return sums


def hidden_cells(
    values: Mapping[Cell, float],
    k: int,
    sums: Iterable[Sum] = (),
    same: Iterable[Iterable[Cell]] = (),
    implied: Mapping[Cell, Iterable[Cell]] | None = None,
    given: Iterable[Cell] = (),
    kept: Set[Cell] = frozenset(),
) -> tuple[set[Cell], set[Cell]]:
    """The cells to hide: (small counts, complements), iterated until stable.

    `same` lists groups of cells that publish one figure in several places: hiding one hides all.
    `implied` names, by cell, the cells of other figures that would give it away (its
    resident-nights, by which its occupancy is worked out): hidden with it, their values not its.
    `given` are cells hidden from the start: hidden whole (out of every sum, as the caller left
    them) or hidden by another output read beside this one; the cells they imply are hidden.
    `kept` are cells another output shows: never taken as a complement.
    Each round also works out what a reader could tell of every hidden cell from the published
    ones (a small count is 1 to k-1, a complement at least k) and hides more where a value shows.
    """
    sums = list(sums)
    same = [tuple(group) for group in same]
    implied = {cell: tuple(cells) for cell, cells in (implied or {}).items()}
    primary = {cell for cell, value in values.items() if is_small(value, k)}
    hidden = primary | set(given)
    sums_of = sums_by_cell(sums)
    reader = Reader(values, primary, sums, same, k)
    # a sum with two hidden cells needs no complement, nor will it once more are hidden
    needing = [total for total in sums if not total.overlapping]
    changed = True
    while changed:
        needing = [total for total in needing if sum(c in hidden for c in total.cells) < 2]
        changed = spread(values, hidden, needing, same, implied, kept)
        widened: set[Cell] = set()
        for cell in sorted(reader.derivable(hidden), key=str):
            # a cell sharing a sum with one just hidden may no longer be derivable: worked out
            # again next round, so that one derivable sum costs one cell, not all of its cells
            if not widened.isdisjoint(cells_beside(cell, sums_of.get(cell, []))):
                continue
            extra = widening_cell(cell, values, hidden, sums_of.get(cell, []), kept)
            if extra is not None:
                hidden.add(extra)
                widened.add(extra)
                changed = True
    return primary, hidden - primary


def hidden_cells_keeping(
    values: Mapping[Cell, float],
    k: int,
    sums: Iterable[Sum],
    same: Iterable[Iterable[Cell]],
    lost: Callable[[set[Cell]], set[str]],
    stages: Sequence[Callable[[set[str]], set[Cell]]],
    implied: Mapping[Cell, Iterable[Cell]] | None = None,
    *,
    whole: Iterable[Cell] = (),
    given: Iterable[Cell] = (),
    kept: Set[Cell] = frozenset(),
    exposing: Callable[[Cell], str] | None = None,
) -> Hidden:
    """`hidden_cells`, except where its complements would hide a headline figure (`lost` names
    those of a set of complements): the cells that break those figures down, as the first of
    `stages` gives them, are hidden whole instead (complements all) and the rest is worked out
    again; then the next stage's, while any is still lost. A small consortium keeps its
    headline figures, and loses the breakdowns that would have given them away.

    `whole` are cells hidden whole from the start, `given` and `kept` the cells another output
    read beside this one hides and shows (`hidden_cells`). As no cell `kept` is hidden, a
    hidden cell that only one of those would protect is left exposed: what it would cost
    (`exposing` names it, as `lost` names figures) is lost too, and the next stage hides it
    whole."""
    sums, same, given = list(sums), [tuple(group) for group in same], set(given)
    whole = set(whole)
    small, complements, left = set(), set(), set()
    for stage in (None, *stages):
        if stage is not None:
            figures = lost(complements) | {exposing(cell) for cell in left if exposing}
            if not figures:
                break
            whole |= stage(figures) - kept
        problem = (
            {cell: value for cell, value in values.items() if cell not in whole},
            k,
            [total for total in sums if not whole & set(total.cells)],
            [tuple(cell for cell in group if cell not in whole) for group in same],
        )
        small, complements = hidden_cells(*problem, implied, given | whole, kept)
        left = exposed(*problem, small, small | complements) if exposing else set()
        complements |= whole
    return Hidden(small, complements, whole)


def exposed(
    values: Mapping[Cell, float],
    k: int,
    sums: list[Sum],
    same: list[tuple[Cell, ...]],
    primary: set[Cell],
    hidden: set[Cell],
) -> set[Cell]:
    """Hidden cells a reader could still work out: the only hidden cell of a sum, or one whose
    range the published cells narrow to one value."""
    alone = {
        cell
        for total in sums
        if not total.overlapping
        for cell in total.cells
        if cell in hidden and sum(c in hidden for c in total.cells) == 1
    }
    return alone | derivable(values, primary, hidden, sums, same, k)


def spread(
    values: Mapping[Cell, float],
    hidden: set[Cell],
    sums: list[Sum],
    same: list[tuple[Cell, ...]],
    implied: Mapping[Cell, tuple[Cell, ...]] | None = None,
    kept: Set[Cell] = frozenset(),
) -> bool:
    """Hide twins of hidden cells, the cells they imply, and a complement in every sum with one
    hidden cell, until stable. A complement brings the cells it implies at once, so that a sum
    of these finds its complement already hidden. An overlapping sum gives its one hidden cell
    away only in the cases `derivable` finds."""
    implied = implied or {}
    changed_any = False
    changed = True
    while changed:
        changed = False
        for group in same:
            if any(cell in hidden for cell in group) and not all(cell in hidden for cell in group):
                hidden.update(group)
                changed = True
        for cell in [c for c in hidden if c in implied]:
            if not hidden.issuperset(implied[cell]):
                hidden.update(implied[cell])
                changed = True
        for total in sums:
            if total.overlapping:
                continue
            complement = complement_of(total, values, hidden, kept)
            if complement is not None:
                hidden.update((complement, *implied.get(complement, ())))
                changed = True
        changed_any |= changed
    return changed_any


def bounds(
    values: Mapping[Cell, float],
    primary: set[Cell],
    hidden: Set[Cell],
    sums: list[Sum],
    same: list[tuple[Cell, ...]],
    k: int,
    sweeps: int,
) -> tuple[dict[Cell, tuple[float, float]], bool]:
    """What a reader can tell of every hidden cell from the published ones: a small count is
    1 to k-1, any other hidden count at least k, and every sum narrows its cells' ranges; and
    whether the ranges settled within `sweeps` over the sums."""
    known = {c: (1.0, k - 1.0) if c in primary else (float(k), math.inf) for c in hidden}

    def span(cell: Cell) -> tuple[float, float]:
        return known.get(cell) or (float(values[cell]), float(values[cell]))

    touching = [total for total in sums if not hidden.isdisjoint(total.cells)]
    sums_of: dict[Cell, list[int]] = {}
    for index, total in enumerate(touching):
        for cell in total.cells:
            if cell in known:
                sums_of.setdefault(cell, []).append(index)
    # a sum none of whose cells narrowed since it was last worked out narrows nothing more
    stale = [True] * len(touching)

    def narrowed(cell: Cell, low: float, high: float) -> None:
        if cell not in known:
            return
        was = known[cell]
        now = (max(was[0], low), min(was[1], high))
        if now != was:
            known[cell] = now
            for index in sums_of.get(cell, ()):
                stale[index] = True

    for _ in range(sweeps):
        before = dict(known)
        for index, total in enumerate(touching):
            if not stale[index]:
                continue
            stale[index] = False
            parts = [span(c) for c in total.parts]
            lows = sum(p[0] for p in parts)
            endless = sum(math.isinf(p[1]) for p in parts)
            highs = sum(p[1] for p in parts if not math.isinf(p[1]))
            low = max((p[0] for p in parts), default=0.0) if total.overlapping else lows
            narrowed(total.total, low, math.inf if endless else highs)
            t_low, t_high = span(total.total)
            for cell, (part_low, part_high) in zip(total.parts, parts, strict=True):
                # the other parts' sums: this one's taken out of the whole sum's
                infinite = math.isinf(part_high)
                others_high = (
                    math.inf if endless - infinite else highs - (0 if infinite else part_high)
                )
                highest = t_high if total.overlapping else t_high - (lows - part_low)
                narrowed(cell, t_low - others_high, highest)
        for group in same:
            inside = [c for c in group if c in known]
            if inside:
                low, high = max(known[c][0] for c in inside), min(known[c][1] for c in inside)
                for cell in inside:
                    narrowed(cell, low, high)
        if known == before:
            return known, True
    return known, False


@dataclass
class Reader:
    """What a reader can work out of the hidden cells of one problem, round after round of
    `hidden_cells` as it hides more (the hidden cells only grow from one call to the next).

    A cell shown has one value, so the ranges of hidden cells tied by the sums and twins they
    share (a component) narrow no others: a component is worked out again only when a round adds
    to it (`worked_out` counts the components worked out), what it settled on kept by its cells.
    The sweeps over its sums are as many as over all hidden cells together: a component that
    does not settle within them gives what it gave among all of them, and is not kept, as more
    hidden cells allow it more sweeps."""

    values: Mapping[Cell, float]
    primary: set[Cell]
    sums: list[Sum]
    same: list[tuple[Cell, ...]]
    k: int
    component_of: dict[Cell, frozenset[Cell]] = field(default_factory=dict)
    remembered: dict[frozenset[Cell], set[Cell]] = field(default_factory=dict)
    worked_out: int = 0

    @cached_property
    def sums_at(self) -> dict[Cell, list[int]]:
        """The positions of the sums each cell is in."""
        return positions_by_cell(total.cells for total in self.sums)

    @cached_property
    def same_at(self) -> dict[Cell, list[int]]:
        return positions_by_cell(self.same)

    def derivable(self, hidden: set[Cell]) -> set[Cell]:
        """Hidden cells a reader could still work out exactly (a range of one value)."""
        self.join(hidden)
        exact: set[Cell] = set()
        for cells in set(self.component_of.values()):
            found = self.remembered.get(cells)
            exact |= self.exact_cells(cells, len(hidden) + 2) if found is None else found
        return exact

    def exact_cells(self, cells: frozenset[Cell], sweeps: int) -> set[Cell]:
        """The cells of a component a reader could work out exactly, remembered once they
        settle."""
        self.worked_out += 1
        sums = {i for cell in cells for i in self.sums_at.get(cell, ())}
        same = {i for cell in cells for i in self.same_at.get(cell, ())}
        known, settled = bounds(
            self.values,
            self.primary,
            cells,
            [self.sums[i] for i in sorted(sums)],
            [self.same[i] for i in sorted(same)],
            self.k,
            sweeps,
        )
        found = {cell for cell, (low, high) in known.items() if low >= high}
        if settled:
            self.remembered[cells] = found
        return found

    def join(self, hidden: set[Cell]) -> None:
        """Put the cells hidden since the last call in components, with every hidden cell they
        share a sum or a twin with (the cells hidden before are in theirs already)."""
        new = hidden - self.component_of.keys()
        while new:
            first = new.pop()
            group, todo = {first}, [first]
            while todo:
                for cell in self.tied(todo.pop(), hidden):
                    if cell in new:
                        new.remove(cell)
                        group.add(cell)
                        todo.append(cell)
                    elif cell not in group:
                        group |= self.component_of[cell]
            joined = frozenset(group)
            self.component_of.update(dict.fromkeys(joined, joined))

    def tied(self, cell: Cell, hidden: set[Cell]) -> set[Cell]:
        """The hidden cells of every sum and twin a cell is in."""
        ties = [
            *(self.sums[i].cells for i in self.sums_at.get(cell, ())),
            *(self.same[i] for i in self.same_at.get(cell, ())),
        ]
        return {c for tie in ties for c in tie if c in hidden}


def derivable(
    values: Mapping[Cell, float],
    primary: set[Cell],
    hidden: set[Cell],
    sums: list[Sum],
    same: list[tuple[Cell, ...]],
    k: int,
) -> set[Cell]:
    """Hidden cells a reader could still work out exactly (a range of one value)."""
    return Reader(values, primary, sums, same, k).derivable(hidden)


def positions_by_cell(groups: Iterable[Iterable[Cell]]) -> dict[Cell, list[int]]:
    """The positions of the groups each cell is in, in their order."""
    found: dict[Cell, list[int]] = {}
    for position, group in enumerate(groups):
        for cell in dict.fromkeys(group):
            found.setdefault(cell, []).append(position)
    return found


def sums_by_cell(sums: list[Sum]) -> dict[Cell, list[Sum]]:
    """The sums each cell is in, in their order."""
    found: dict[Cell, list[Sum]] = {}
    for total in sums:
        for cell in dict.fromkeys(total.cells):
            found.setdefault(cell, []).append(total)
    return found


def cells_beside(cell: Cell, sums: list[Sum]) -> set[Cell]:
    """The cells of every sum a cell is in."""
    return {c for total in sums if cell in total.cells for c in total.cells}


def widening_cell(
    cell: Cell,
    values: Mapping[Cell, float],
    hidden: set[Cell],
    sums: list[Sum],
    kept: Set[Cell] = frozenset(),
) -> Cell | None:
    """Another cell to hide beside a derivable one: the smallest visible non-zero cell of a sum
    it is in, never one another output shows (`kept`)."""
    candidates = [
        c
        for total in sums
        if cell in total.cells
        for c in total.cells
        if c not in hidden and c not in kept and pd.notna(values[c]) and values[c] != 0
    ]
    return min(candidates, key=lambda c: (values[c], str(c))) if candidates else None


def complement_of(
    total: Sum, values: Mapping[Cell, float], hidden: set[Cell], kept: Set[Cell] = frozenset()
) -> Cell | None:
    """The cell to hide beside the only hidden cell of a sum: its smallest non-zero part, else
    the total; never one another output shows (`kept`)."""
    if sum(cell in hidden for cell in total.cells) != 1:
        return None
    visible = [c for c in total.cells if c not in hidden and c not in kept and pd.notna(values[c])]
    parts = [c for c in visible if c != total.total and values[c] != 0]
    if parts:
        return min(parts, key=lambda c: (values[c], str(c)))
    if total.total in visible and values[total.total] != 0:
        return total.total
    return None


def masked(
    frame: pd.DataFrame, table: str, small: set[Cell], complements: set[Cell], k: int
) -> pd.DataFrame:
    """The frame as published: small counts as "<k", complements as "x", the rest as they were;
    a figure not reported is no count to hide, and stays not reported."""
    out = frame.astype(object)
    for kind_cells, mark in ((small, small_mark(k)), (complements, COMPLEMENTARY_MARK)):
        for name, row, column in kind_cells:
            if name == table and pd.notna(frame.at[row, column]):
                out.at[row, column] = mark
    return out


def protect(
    frame: pd.DataFrame,
    k: int,
    people: Sequence[str],
    *,
    total_row: Hashable | None = None,
    total_column: str | None = None,
) -> pd.DataFrame:
    """One table as it may be published: its `people` columns suppressed, totals protected.

    The frame's index labels its rows; `total_row` / `total_column` name its totals, if any.
    """
    values = cells_of("table", frame, people)
    sums = table_sums("table", frame, people, total_row=total_row, total_column=total_column)
    small, complements = hidden_cells(values, k, sums)
    return masked(frame, "table", small, complements, k)
