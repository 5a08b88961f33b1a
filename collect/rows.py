"""A sheet's data rows as arrays: which rows hold data (not blank, not a totals row, not a
ragged line of a text file), and each column's cells parsed once per distinct value, every
failure recorded against its cell."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, timedelta
from functools import partial
from itertools import chain, repeat

import numpy as np
import pandas as pd

from collect import cells
from collect.formats import Sheet
from core.periods import month_start
from core.submission import Submission
from core.vocabulary import Vocabulary, vocabulary

TOTALS_SEARCH_COLUMNS = 3
LABEL, BLANK = 2, 1
# how far a partner's subtotal, written with fewer decimals, may be from the sum of its rows
SUM_ROUNDING = 0.05
# the fewest words of a sentence written under a table as a note
SENTENCE_WORDS = 4
# the fewest rows a row of sums without a label adds up: one equal to the single row above it
# may be another meeting of the same figures, its date and kind left to read from that row
SUMMED_ROWS = 2
# what an integer column counts besides people (its `counted_in`), each read with its words
# ("124 noči", "35 točk", "4 mesta")
COUNTED_IN = ("nights", "points", "places")
PARSERS: dict[str, Callable[..., object]] = {
    "text": cells.parse_text,
    "code": cells.parse_text,
    "integer": cells.parse_integer,
    **{kind: partial(cells.parse_integer, counted_in=kind) for kind in COUNTED_IN},
    "number": cells.parse_number,
    "hours": cells.parse_hours,
    "minutes": cells.parse_minutes,
    "minutes_seconds": cells.parse_minutes_seconds,
    "school_hours": cells.parse_school_hours,
    "date": cells.parse_date_cell,
    "time": cells.parse_time,
    "time_span": cells.parse_time_span,
    "share": cells.parse_share,
    "integer_parts": cells.parse_integer_parts,
}
# How the cells of a figure are parsed: a row of a meeting that did not take place has none.
COUNT_TYPES = frozenset(
    {
        "integer",
        "integer_parts",
        *COUNTED_IN,
        "number",
        "hours",
        "minutes",
        "minutes_seconds",
        "school_hours",
    }
)
# figures that may have decimals
DECIMAL_TYPES = frozenset({"number", "hours", "minutes", "minutes_seconds", "school_hours"})
# the distinct values a process keeps the result of, per function: a handful of functions
# hold many (blank, totals, text, user codes), so a reader keeps some 60 MB at most
VALUES_KEPT = 50_000
MEMOS: dict[Hashable, dict[Hashable, object]] = {}
UNSEEN = object()


def grid_of(body: list[list[object]], width: int) -> np.ndarray:
    """The rows as a 2-D array of at least `width` columns; short rows (text files) padded."""
    lengths = {len(row) for row in body}
    if len(lengths) == 1 and min(lengths) >= width:
        values = chain.from_iterable(body)
        count = len(body) * min(lengths)
        return np.fromiter(values, dtype=object, count=count).reshape(len(body), min(lengths))
    grid = np.full((len(body), max(lengths | {width})), None, dtype=object)
    for index, row in enumerate(body):
        grid[index, : len(row)] = row
    return grid


def memo(*key: Hashable) -> dict[Hashable, object]:
    """The results a process keeps of the function `key` names (with all it depends on besides
    the value): codes, hours, dates and labels repeat from file to file, so each distinct value
    is worked out once."""
    kept = MEMOS.get(key)
    if kept is None or len(kept) >= VALUES_KEPT:
        kept = MEMOS[key] = {}
    return kept


class Columns:
    """A sheet's rows as a 2-D array (`grid`), each column's distinct values found once: whether
    a row is blank, a totals row, a subtotal or cancelled is asked of the same columns."""

    def __init__(self, grid: np.ndarray) -> None:
        self.grid = grid
        self.distinct: dict[int, tuple[np.ndarray, np.ndarray, list[Hashable]]] = {}

    def per_value(
        self, position: int, fn: Callable[[object], object], kept: dict[Hashable, object]
    ) -> np.ndarray:
        """`per_value` of the column at `position`."""
        if position not in self.distinct:
            codes, uniques = pd.factorize(self.grid[:, position], use_na_sentinel=True)
            self.distinct[position] = (codes, uniques, memo_keys(uniques))
        codes, uniques, keys = self.distinct[position]
        return results_of(uniques, fn, kept, keys)[codes]


def per_value(
    values: np.ndarray,
    fn: Callable[[object], object],
    kept: dict[Hashable, object] | None = None,
) -> np.ndarray:
    """fn applied to each distinct value once, spread back over all values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return results_of(uniques, fn, kept)[codes]


def results_of(
    uniques: np.ndarray,
    fn: Callable[[object], object],
    kept: dict[Hashable, object] | None = None,
    keys: list[Hashable] | None = None,
) -> np.ndarray:
    """fn of each distinct value, then of a missing one (the code -1 of pd.factorize); the
    results `kept` (of `memo`) looked up by their `memo_keys`."""
    if kept is None:
        return objects([*(fn(u) for u in uniques), fn(None)])
    keys = memo_keys(uniques) if keys is None else keys
    found = list(map(kept.get, keys, repeat(UNSEEN)))
    for index in [i for i, result in enumerate(found) if result is UNSEEN]:
        found[index] = kept[keys[index]] = fn(uniques[index])
    return objects([*found, fn(None)])


def objects(values: list[object]) -> np.ndarray:
    """The values as a 1-D array of objects, each kept as it is (a tuple never a row)."""
    return np.fromiter(values, dtype=object, count=len(values))


def memo_keys(uniques: np.ndarray) -> list[Hashable]:
    """The keys the results of distinct values are kept under: value and type, since 1, 1.0 and
    True are equal (a column of text by value alone: a string equals only a string)."""
    values = uniques.tolist()
    if set(map(type, values)) == {str}:
        return values
    return [(type(u), u) for u in values]


def filled_cells(columns: Columns, positions: list[int]) -> np.ndarray:
    """How many of the columns read (at `positions`) each row fills."""
    filled = np.zeros(len(columns.grid), dtype=np.int64)
    for position in positions:
        filled += ~columns.per_value(position, cells.is_blank, memo("is_blank")).astype(bool)
    return filled


def week_label_rows(
    raw: dict[int, np.ndarray], filled: np.ndarray, vocab: Vocabulary
) -> np.ndarray:
    """Rows holding only the week the rows under them are of ("1. teden", "Uke 41")."""
    labels = np.zeros(len(filled), dtype=bool)
    for index in np.flatnonzero(filled == 1):
        value = next(v[index] for v in raw.values() if not cells.is_blank(v[index]))
        labels[index] = vocab.is_week_label(value)
    return labels


def totals_rows(columns: Columns, vocab: Vocabulary) -> np.ndarray:
    """Rows labelled as totals (Vocabulary.is_totals_label) in one of their first cells or in
    their first cell that is not blank (";;;Razem;7" under a column of row numbers)."""
    return labelled_rows(columns, vocab.is_totals_label, "totals_kind")


def average_rows(columns: Columns, vocab: Vocabulary) -> np.ndarray:
    """Rows labelled as averages (Vocabulary.is_average_label), found as totals rows are."""
    return labelled_rows(columns, vocab.is_average_label, "average_kind")


def labelled_rows(
    columns: Columns, is_label: Callable[[object], bool], memo_name: str
) -> np.ndarray:
    """Rows with a label in one of their first cells or in their first cell not blank."""

    def kind(value: object) -> int:
        return LABEL if is_label(value) else BLANK if cells.is_blank(value) else 0

    grid = columns.grid
    labelled = np.zeros(len(grid), dtype=bool)
    rows = np.arange(len(grid))  # the rows blank so far
    for position in range(grid.shape[1]):
        if position < TOTALS_SEARCH_COLUMNS:
            kinds = columns.per_value(position, kind, memo(memo_name))
            labelled |= kinds == LABEL
            rows = rows[kinds[rows] == BLANK]
        elif len(rows):
            kinds = per_value(grid[rows, position], kind, memo(memo_name))
            labelled[rows[kinds == LABEL]] = True
            rows = rows[kinds == BLANK]
        else:
            break
    return labelled


def subtotal_rows(columns: Columns, totals: np.ndarray, vocab: Vocabulary) -> np.ndarray:
    """Rows of a subtotal labelled by a totals word before a name, in any column ("Skupaj
    Svetovalka A", "Sum veileder A"): beside the label only blanks or figures, one of them (if
    any) the sum of its column since the totals row before, or the count of its rows in a column
    of codes. Such a row's label is no client, its figures no session."""
    grid = columns.grid
    labelled = np.zeros(len(grid), dtype=bool)
    for position in range(grid.shape[1]):
        labelled |= columns.per_value(
            position, vocab.begins_with_totals_word, memo("begins_with_totals_word")
        ).astype(bool)
    subtotals = np.zeros(len(grid), dtype=bool)
    since = 0
    for index in np.flatnonzero(totals | labelled):
        if totals[index] or sums_rows(grid[index], grid[since:index], vocab):
            subtotals[index] = not totals[index]
            since = index + 1
    return subtotals


def sums_rows(row: np.ndarray, above: np.ndarray, vocab: Vocabulary) -> bool:
    """Whether a row labelled by a totals word holds nothing but figures of the rows `above`."""
    figures = {}
    for position, value in enumerate(row):
        if cells.is_blank(value) or vocab.begins_with_totals_word(value):
            continue
        figure = figure_in(value)
        if figure is None:
            return False
        figures[position] = figure
    return not figures or any(
        abs(sum_or_count(above[:, position]) - figure) <= SUM_ROUNDING
        for position, figure in figures.items()
    )


def unlabelled_sums_rows(grid: np.ndarray, rows: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """The last of the table's rows (`rows`, lines of text under it aside) when it holds figures
    alone, each the sum of its column's figures over the rows since the totals row before (two
    rows at least): sums written under the rows without a label ("| | 6 | 24"). A row of every
    table has a date, a code or a text beside its figures, so such a row is never one to count."""
    sums = np.zeros(len(grid), dtype=bool)
    indices = np.flatnonzero(rows)
    end = len(indices)
    while end and line_of_text(grid[indices[end - 1]]):
        end -= 1
    if not end:
        return sums
    last = indices[end - 1]
    figures = {p: figure_in(v) for p, v in enumerate(grid[last]) if not cells.is_blank(v)}
    since = max((index + 1 for index in np.flatnonzero(totals) if index < last), default=0)
    above = grid[indices[(indices >= since) & (indices < last)]]
    if len(above) < SUMMED_ROWS or not figures or None in figures.values():
        return sums
    added = {p: [f for f in map(figure_in, above[:, p]) if f is not None] for p in figures}
    sums[last] = all(
        bool(added[p]) and abs(sum(added[p]) - figure) <= SUM_ROUNDING
        for p, figure in figures.items()
    )
    return sums


def sum_or_count(column: np.ndarray) -> float:
    """The sum of a column's figures, or the count of its filled cells when it holds none (the
    people of a list of codes)."""
    figures = [f for f in map(figure_in, column) if f is not None]
    if figures:
        return sum(figures)
    return float(sum(not cells.is_blank(value) for value in column))


def figure_in(value: object) -> float | None:
    """A cell's number (`2`, `3,5`), None when it holds something else (a date, a code)."""
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        try:
            return cells.parse_number(value)
        except cells.CellError:
            return None
    return None


def note_rows(grid: np.ndarray, kept: np.ndarray, vocab: Vocabulary, first: int) -> np.ndarray:
    """Lines of text under a table ("Opomba: podatki so začasni."): rows below the last row of
    data whose one filled cell is text, after a blank or totals row (not `kept`) or from a line
    that is a note by itself on (`says_note`; `first`: the table's first column)."""
    notes = np.zeros(len(grid), dtype=bool)
    last = len(grid) - 1
    while last >= 0 and (not kept[last] or line_of_text(grid[last])):
        last -= 1
    after_gap = False
    for index in range(last + 1, len(grid)):
        after_gap |= not kept[index] or says_note(grid[index], vocab, first)
        notes[index] = after_gap and kept[index]
    return notes


def says_note(row: np.ndarray, vocab: Vocabulary, first: int) -> bool:
    """Whether a line of text right under the rows is a note, not a row left to fill in: it
    begins with a note's word and a colon ("Opomba: ...", "Note: ..."), or it is a sentence
    alone in the table's first column (`first`), where a row has a code, unit or date."""
    position, text = next((p, v) for p, v in enumerate(row) if not cells.is_blank(v))
    return vocab.begins_note(text) or (position <= first and is_sentence(text))


def is_sentence(text: str) -> bool:
    """Four words or more ending as a sentence ends ("Podatki za Koper so ocena.")."""
    words = [word for word in text.split() if any(ch.isalpha() for ch in word)]
    return len(words) >= SENTENCE_WORDS and text.rstrip().endswith((".", "!", "?"))


def cancelled_rows(
    columns: Columns, kept: np.ndarray, counts: list[int], people: list[int], vocab: Vocabulary
) -> np.ndarray:
    """Rows saying their meeting or session did not take place ("Avlyst", "odpovedano") whose
    figures (the positions in `counts`) are all blank, or whose count of people (`people`) is
    blank or 0 beside the hours planned ("Mityng AA – odwołany", 1,5, 0): nothing took place
    to count."""
    grid = columns.grid
    cancelled = np.zeros(len(grid), dtype=bool)
    if not counts:
        return cancelled
    blank = kept & blank_rows(columns, counts)
    if people:
        nobody = kept.copy()
        for position in people:
            nobody &= columns.per_value(position, nobody_came, memo("nobody_came")).astype(bool)
        blank |= nobody
    rows = np.flatnonzero(blank)
    for position in range(grid.shape[1] if len(rows) else 0):
        says = per_value(
            grid[rows, position],
            lambda v: isinstance(v, str) and vocab.says_cancelled(v),
            memo("says_cancelled"),
        )
        cancelled[rows] |= says.astype(bool)
    return cancelled


def blank_rows(columns: Columns, positions: list[int]) -> np.ndarray:
    """The rows blank in every column at `positions` (a row's figures)."""
    blank = np.ones(len(columns.grid), dtype=bool)
    for position in positions:
        blank &= columns.per_value(position, cells.is_blank, memo("is_blank")).astype(bool)
    return blank


def not_held_rows(
    columns: Columns, headers: list[str], kept: np.ndarray, skip: set[int], vocab: Vocabulary
) -> np.ndarray:
    """Rows of sessions or meetings a cell says did not take place ("DNA", "Cancelled by
    client", "Nije došao"), a column of attendance marks not attended ("Attended?": "No") or a
    column of missed sessions marks ("DNA": "x"), whatever figures they give: hours planned
    are no hours held. The columns at `skip` (codes) say nothing of it."""
    not_held = np.zeros(len(columns.grid), dtype=bool)
    for position in range(columns.grid.shape[1] if kept.any() else 0):
        if position in skip:
            continue
        header = headers[position] if position < len(headers) else None
        if vocab.says_attendance(header):
            says = columns.per_value(position, vocab.says_not_attended, memo("says_not_attended"))
        elif vocab.says_not_held_column(header):
            # "DNA" | "x": its mark says it
            says = columns.per_value(
                position,
                lambda v: not cells.is_blank(v) and vocab.says_present(str(v)),
                memo("marked"),
            )
        else:
            says = columns.per_value(
                position,
                lambda v: isinstance(v, str) and vocab.says_not_held(v),
                memo("says_not_held"),
            )
        not_held |= says.astype(bool)
    return not_held & kept


def nobody_came(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() in {"", "0", "-"}
    return value is None or (isinstance(value, int | float) and value == 0)


def line_of_text(row: np.ndarray) -> bool:
    filled = [value for value in row if not cells.is_blank(value)]
    return len(filled) == 1 and isinstance(filled[0], str) and any(ch.isalpha() for ch in filled[0])


def holds_error_cell(error_rows: dict[int, dict[int, str]], first: int, length: int) -> np.ndarray:
    """Rows with an Excel error cell in a table column: calamine reads the cell as empty, yet the
    row is not blank and the error must be reported."""
    holds = np.zeros(length, dtype=bool)
    holds[
        [r - 1 - first for rows in error_rows.values() for r in rows if 0 <= r - 1 - first < length]
    ] = True
    return holds


def ragged_rows(
    sub: Submission, sheet: Sheet, header_row: int, candidates: np.ndarray
) -> np.ndarray:
    """Text rows whose field count differs from the header's: reported by line, never shifted."""
    width = len(trimmed(sheet.rows[header_row]))
    body = sheet.rows[header_row + 1 :]
    ragged = np.zeros(len(body), dtype=bool)
    for index in np.flatnonzero(candidates):
        fields = len(trimmed(body[index]))
        if fields != width and len(body[index]) != width:
            ragged[index] = True
            sub.error(
                "ragged_row",
                sheet=sheet.name,
                row=sheet.row_number(header_row + 1 + index),
                fields=fields,
                expected=width,
            )
    return ragged


def trimmed(row: list[object]) -> list[object]:
    end = len(row)
    while end and cells.is_blank(row[end - 1]):
        end -= 1
    return row[:end]


def parse_column(
    sub: Submission,
    column_type: str,
    values: np.ndarray,
    sheet: Sheet,
    indices: list[int],
    header: str,
    *,
    date1904: bool,
    language: str | None = None,
    year: int | None = None,
    month: str | None = None,
    error_rows: dict[int, str],
) -> np.ndarray:
    """The column's parsed values (coded columns as their text); each cell that fails (and each
    Excel error cell) becomes an error naming sheet, row and column, and an empty value. A
    figure's cell saying there is none ("—", "n/a") is empty, as a blank one; a figure read
    from an annotated cell ("cca 2", "8+2") is a warning naming the cell and what was read."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = codes_as_above(codes, uniques)
    parser, reads = PARSERS[column_type], {}
    by_week = False
    if column_type == "date":
        weeks = [vocabulary().after_week_start(value) for value in uniques]
        by_week = vocabulary().names_week_start(header) or any(d is not None for d in weeks)
        if by_week:
            sub.warning("dates_week_start", sheet=sheet.name, column=header)
        elif any(vocabulary().week_number(value) is not None for value in uniques):
            # "Uke 45": a week by its number, dated by its first day as "w/c" dates are
            by_week = True
            sub.warning("dates_week_number", sheet=sheet.name, column=header)
        slashes_month_first = cells.month_first(
            [v if day is None else day for v, day in zip(uniques, weeks, strict=True)], month
        )
        if slashes_month_first:
            sub.warning("dates_month_first", sheet=sheet.name, column=header)
        reads = {
            "date1904": date1904,
            "language": language,
            "slashes_month_first": slashes_month_first,
            "year": year,
            "month": month,
        }
        parser = partial(cells.parse_date_cell, **reads)
    elif column_type in ("integer", "integer_parts", *COUNTED_IN):
        # a small count as a word of the partner's language ("tri", "trzy")
        reads = {"language": language}
        parser = partial(parser, **reads)
    elif column_type in DECIMAL_TYPES:
        # "1,240" is 1.24 or 1240 as the column's other figures or the partner's language write
        reads = {"decimal": cells.decimal_mark(uniques, language)}
        if column_type == "hours" and cells.dots_are_clock(uniques):
            # "1.30" and "0.45" are an hour and a half and three quarters, as a clock writes
            reads["clock_dots"] = True
            sub.warning("read_as_clock", sheet=sheet.name, column=header)
        parser = partial(parser, **reads)
    kept = memo("parse", column_type, *reads.values())
    figures = column_type in COUNT_TYPES

    def parse(value: object) -> object:
        if cells.is_blank(value) or (figures and cells.says_no_figure(value)):
            return None
        try:
            return parser(value)
        except cells.CellError as exc:
            if not figures or exc.rule != "not_a_number":
                return exc
        try:
            return cells.annotated_figure(value, parser)
        except cells.CellError as exc:
            return exc

    results = results_of(uniques, parse, kept)
    failed = [code for code, result in enumerate(results) if isinstance(result, cells.CellError)]
    annotated = [
        code for code, result in enumerate(results) if isinstance(result, cells.AnnotatedFigure)
    ]
    parsed = results[codes]
    for offset in np.flatnonzero(np.isin(codes, annotated)):
        figure = parsed[offset]
        row = int(sheet.row_number(indices[offset]))
        sub.warning(
            figure.rule, sheet=sheet.name, row=row, column=header, value=float(figure.value)
        )
        parsed[offset] = figure.value
    bad = set(np.flatnonzero(np.isin(codes, failed)).tolist())
    bad |= (
        {offset for offset, index in enumerate(indices) if index + 1 in error_rows}
        if error_rows
        else set()
    )
    undated = []
    for offset in sorted(bad):
        rule = error_rows.get(indices[offset] + 1) or parsed[offset].rule
        row = int(sheet.row_number(indices[offset]))
        if rule == "day_without_month":
            undated.append(row)
        else:
            sub.error(rule, sheet=sheet.name, row=row, column=header)
        parsed[offset] = None
    if undated:
        # days or weeks alone (3, "Uke 45") in a file stating no month: one error, at the column
        sub.error(
            "day_without_month",
            sheet=sheet.name,
            row=undated[0],
            column=header,
            rows=spans(undated),
        )
    if column_type == "date":
        dates_as_above(sub, parsed, codes, uniques, sheet, indices, header)
    if by_week and month:
        first = month_start(month)
        for offset in weeks_begun_before(parsed, first):
            row = int(sheet.row_number(indices[offset]))
            sub.warning("week_began_month_before", sheet=sheet.name, row=row, column=header)
            parsed[offset] = first
    return parsed


def codes_as_above(codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """The codes of a column's cells, one saying "as above" ("〃", "jw.", "isto kao gore")
    given the code of the cell above it, as the partner means it; a first cell so keeps its own
    (and fails as what it is not)."""
    vocab = vocabulary()
    if vocab.ditto_marks.isdisjoint(uniques):
        return codes
    marks = [code for code, value in enumerate(uniques) if vocab.says_as_above(value)]
    codes = codes.copy()
    for offset in np.flatnonzero(np.isin(codes, marks)):
        if offset > 0:
            codes[offset] = codes[offset - 1]
    return codes


def dates_as_above(
    sub: Submission,
    days: np.ndarray,
    codes: np.ndarray,
    uniques: np.ndarray,
    sheet: Sheet,
    indices: list[int],
    header: str,
) -> None:
    """A row left without a date under a dated one takes the date above it, as in a log that
    writes each day's date once; one warning names the rows, in case a date was forgotten.
    A first row without one stays without (the rule of a required value tells it)."""
    blank = [code for code, value in enumerate(uniques) if cells.is_blank(value)]
    offsets = np.flatnonzero((codes == -1) | np.isin(codes, blank))
    rows = []
    for offset in offsets[offsets > 0]:
        if isinstance(days[offset - 1], date):
            days[offset] = days[offset - 1]
            rows.append(int(sheet.row_number(indices[offset])))
    if rows:
        sub.warning("date_as_above", sheet=sheet.name, row=rows[0], column=header, rows=spans(rows))


def spans(numbers: list[int]) -> str:
    """Sorted numbers as the spans they make: "3, 6, 9-12"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def weeks_begun_before(days: np.ndarray, first: date) -> list[int]:
    """The offsets of the weeks (each named by its first day) that began in the six days before
    `first`: each is partly of first's month, and a file of that month counts it in it. None in
    a log of earlier weeks too (kept over the year), whose report of the month before counted
    that week as its own."""
    earliest = first - timedelta(days=6)
    dated = [(o, day) for o, day in enumerate(days) if isinstance(day, date)]
    if any(day < earliest for _, day in dated):
        return []
    return [o for o, day in dated if day < first]
