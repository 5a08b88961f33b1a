"""Where a sheet's table is and what its columns mean: the header row, the tables its rows can
go to, and the canonical column under each header, matched by meaning (see core.vocabulary)
and by the partner's confirmed mapping in consortium.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from collect import cells
from collect.formats import Sheet
from core.vocabulary import HeaderMatch, Table, Vocabulary, word_key

HEADER_SEARCH_ROWS = 30
ACTIVITY_TABLES = ("counselling", "groups", "trainings")
FILLED_FROM_KIND = {"trainings": frozenset({"title", "audience"})}


@dataclass(frozen=True)
class Layout:
    """A sheet's table: its header row, the table its header names best (`main`), every table
    its rows may go to (a mixed activity log has several), and each header's column in each."""

    header_row: int
    main: str
    tables: tuple[str, ...]
    columns: dict[int, dict[str, str]]
    kind_position: int | None

    @property
    def is_log(self) -> bool:
        return len(self.tables) > 1

    def position(self, table: str, column: str) -> int | None:
        return next((p for p, by in self.columns.items() if by.get(table) == column), None)

    @property
    def filled(self) -> set[str]:
        """The main table's columns some header already fills: never offered for another."""
        return {c for by in self.columns.values() for t, c in by.items() if t == self.main}


def header_match(table: Table, header: object, mapped: dict[str, str]) -> HeaderMatch:
    """The partner's confirmed mapping first, then the vocabulary."""
    return key_match(table, word_key(header), mapped)


def key_match(table: Table, key: str, mapped: dict[str, str]) -> HeaderMatch:
    """`header_match` of a header already made a `word_key`."""
    column = mapped.get(key)
    if column in table.columns:
        return HeaderMatch(column)
    return table.match_key(key)


def locate_layout(sheet: Sheet, vocab: Vocabulary, mapped: dict[str, str]) -> Layout | None:
    """The sheet's layout, from the row whose cells name most columns of one table (at least
    two); the sheet's name breaks ties. None when no row looks like a header."""
    by_name = vocab.table_for_sheet(sheet.name)
    best: tuple[int, int, str | None, int] = (0, 0, None, -1)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = {word_key(c) for c in row if isinstance(c, str) and c.strip()}
        if len(keys) < 2:
            continue
        for table in vocab.tables.values():
            hits = len({key_match(table, k, mapped).column for k in keys} - {None})
            score = (hits, int(table.name == by_name))
            if hits >= 2 and score > best[:2]:
                best = (*score, table.name, index)
    if best[2] is None:
        return None
    return layout_at(sheet, vocab, mapped, best[2], best[3])


def layout_at(
    sheet: Sheet, vocab: Vocabulary, mapped: dict[str, str], main: str, header_row: int
) -> Layout:
    headers = sheet.rows[header_row]
    candidates = (
        [main, *(t for t in ACTIVITY_TABLES if t != main)] if main in ACTIVITY_TABLES else [main]
    )
    columns: dict[int, dict[str, str]] = {}
    for position, header in enumerate(headers):
        if cells.is_blank(header):
            continue
        columns[position] = {
            t: column
            for t in candidates
            if (column := header_match(vocab.tables[t], header, mapped).column)
        }
    kind_position = next(
        (p for p, by in columns.items() for t, c in by.items() if c == vocab.tables[t].kind_column),
        None,
    )
    tables = tuple(
        t
        for t in candidates
        if t == main
        or (kind_position is not None and feasible(vocab.tables[t], columns, kind_position))
    )
    return Layout(header_row, main, tables, columns, kind_position if len(tables) > 1 else None)


def feasible(table: Table, columns: dict[int, dict[str, str]], kind_position: int) -> bool:
    """Whether a sheet holds every column a table needs (a training's title and audience may
    come from the kind of activity)."""
    present = {by[table.name] for by in columns.values() if table.name in by}
    if table.kind_column and table.kind_column not in present:
        return False
    needed = set(table.required) - FILLED_FROM_KIND.get(table.name, frozenset())
    return needed <= present
