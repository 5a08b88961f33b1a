"""Where a sheet's table is and what its columns mean: the header row, the tables its rows can
go to, and the canonical column under each header, matched by meaning (see core.vocabulary)
and by the partner's confirmed mapping in consortium.yaml."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter

from collect import cells
from collect.formats import Parts, Sheet
from core.vocabulary import HeaderMatch, KeyColumns, Table, Vocabulary, word_key

HEADER_SEARCH_ROWS = 30
ACTIVITY_TABLES = ("counselling", "groups", "trainings")
FILLED_FROM_KIND = {"trainings": frozenset({"title", "audience"})}
# the code set of the participant parts saying where people took part (in the room, online)
MODE_PARTS = "attendance_mode"
SHARED_ACTIVITY_COLUMNS = frozenset({"participants"})
# the column a sheet of meetings or trainings may give in columns of its header row, one per
# category of the people counted ("Kobiety | Mężczyźni | Razem")
PARTICIPANTS = "participants"


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

    def header(self, sheet: Sheet, position: int) -> str:
        return column_name(sheet.rows[self.header_row], position)

    @property
    def filled(self) -> set[str]:
        """The main table's columns some header already fills: never offered for another."""
        return {c for by in self.columns.values() for t, c in by.items() if t == self.main}


def column_name(header: list[object], position: int) -> str:
    """A column as the partner sees it: its header on one line ("Število\nudeležencev"), a whole
    number as written (31, not the spreadsheet's 31.0), or its letter when it has none."""
    named = header[position] if position < len(header) else None
    if isinstance(named, float) and named.is_integer():
        named = int(named)
    text = "" if named is None else " ".join(str(named).split())
    return text or get_column_letter(position + 1)


def header_match(table: Table, header: object, mapped: dict[str, str]) -> HeaderMatch:
    """The partner's confirmed mapping first, then the vocabulary; a header that names no
    column with what it adds in brackets ("Vrsta (uporabnik/svojec)") by its words before,
    unless they say it is the caller's ("Alder (innringer)")."""
    key = word_key(header)
    if key not in mapped and table.names_share(header):
        # "% prisutnih": a share of those present, never their count
        return HeaderMatch(None)
    found = key_match(table, key, mapped)
    if found.column is None and "(" in str(header) and not table.names_caller(key):
        bare = key_match(table, word_key(re.sub(r"\(.*?\)", " ", str(header))), mapped)
        if bare.column is not None:
            return bare
    return found


def key_match(table: Table, key: str, mapped: dict[str, str]) -> HeaderMatch:
    """`header_match` of a header already made a `word_key`."""
    column = mapped.get(key)
    if column in table.columns:
        return HeaderMatch(column)
    return table.match_key(key)


def sheet_layout(
    sheet: Sheet,
    vocab: Vocabulary,
    mapped: dict[str, str],
    reported: Collection[str] = (),
    named_kinds: Mapping[str, str] | None = None,
) -> tuple[Sheet, Layout | None]:
    """The sheet's layout; a header on two rows ("Odhodi" over "načrtovani" and "nenačrtovani")
    read as one, the sheet then given without its second header row (its rows keep the numbers
    the partner sees). `reported`: the tables the partner reports, preferred in a tie;
    `named_kinds`: the kind of each table's rows the sheet's or the file's name says."""
    layout = locate_layout(sheet, vocab, mapped, reported, named_kinds)
    if layout is None:
        return sheet, None
    named = named_from_above(sheet, layout, vocab, mapped)
    if named is not None:
        sheet, layout = named, layout_at(named, vocab, mapped, layout.main, layout.header_row)
    joined = two_row_header(sheet, layout, vocab, mapped)
    if joined is None:
        return sheet, layout
    return joined, locate_layout(joined, vocab, mapped, reported, named_kinds)


def named_from_above(
    sheet: Sheet, layout: Layout, vocab: Vocabulary, mapped: dict[str, str]
) -> Sheet | None:
    """The sheet with the blank cells of its header row named by the cells above them that name
    a column of its table the header row lacks ("Datum" over a blank cell, beside counsellors'
    names merged over "Šifra | Ure"), as a cell merged down over both rows is; else None. Only
    under an upper header row, one with words over the header's own: a title above a header is
    no part of it."""
    top = layout.header_row
    if top == 0:
        return None
    header, above = sheet.rows[top], sheet.rows[top - 1]
    main = vocab.tables[layout.main]
    named: dict[int, str] = {}
    for position, value in enumerate(above):
        if not isinstance(value, str) or not value.strip():
            continue
        if position < len(header) and not cells.is_blank(header[position]):
            continue
        column = key_match(main, word_key(value), mapped).column
        if column is not None and column not in layout.filled and column not in named.values():
            named[position] = column
    over_its_own = any(
        isinstance(value, str)
        and value.strip()
        and position < len(header)
        and not cells.is_blank(header[position])
        and value != header[position]
        for position, value in enumerate(above)
    )
    if not named or not over_its_own:
        return None
    row = list(header) + [None] * (len(above) - len(header))
    for position in named:
        row[position] = above[position]
    return replace(sheet, rows=[*sheet.rows[:top], row, *sheet.rows[top + 1 :]])


def two_row_header(
    sheet: Sheet, layout: Layout, vocab: Vocabulary, mapped: dict[str, str]
) -> Sheet | None:
    """The sheet with its header row and the row below it joined, when that row holds only
    words under headers that say nothing alone (blank under a merged cell, or unknown) and each
    word completes its header to a column of the table; else None. Under a header that names
    a column ("Učesnici" merged over "M | Ž | Ukupno"), its total is the column and a part of
    it a column left unread; a header merged down over both rows stays itself. A date over
    "od | do" ("Data", "Termin") is a course's first day and its last."""
    main = vocab.tables[layout.main]
    top = layout.header_row
    if top + 1 >= len(sheet.rows):
        return None
    header, below = sheet.rows[top], sheet.rows[top + 1]
    words = {
        p: v
        for p, v in enumerate(below)
        if not cells.is_blank(v) and not (p < len(header) and v == header[p])
    }
    if not words or not all(isinstance(v, str) for v in words.values()):
        return None
    joined = list(header) + [None] * (len(below) - len(header))
    parts: dict[str, list[int]] = {}
    totals: dict[str, int] = {}
    for position, word in words.items():
        parent = parent_of(header, position)
        parted = parent is not None and key_match(main, word_key(parent), mapped).column
        if parted and vocab.is_totals_label(word):
            totals[str(parent)] = position
            continue
        if parted and vocab.is_ignored_header(word):
            joined[position] = word
            parts.setdefault(str(parent), []).append(position)
            continue
        combined = word if parent is None else f"{parent} {word}"
        if parent is not None and vocab.is_ignored_header(combined):
            joined[position] = combined  # "Data" over "do": a course's last day
            continue
        column = key_match(main, word_key(combined), mapped).column
        if layout.columns.get(position, {}).get(main.name) and not (
            column is not None and column == parted and main.columns[column].type == "date"
        ):
            return None  # a header that names a column on its own heads no second row
        if column is None:
            return None
        joined[position] = combined
    rows = [*sheet.rows[:top], joined, *sheet.rows[top + 2 :]]
    numbers = [sheet.row_number(i) for i in range(len(sheet.rows)) if i != top + 1]
    error_cells = {
        (r - 1 if r - 1 > top + 1 else r, c): rule
        for (r, c), rule in sheet.error_cells.items()
        if r - 1 != top + 1
    }
    for parent, position in totals.items():
        # a total before its parts ("Ukupno | M | Ž") is read with them, as one after them
        joined[position] = words[position] if parent in parts else parent
    parted = tuple(Parts(parent, tuple(ps), totals.get(parent)) for parent, ps in parts.items())
    return replace(sheet, rows=rows, lines=numbers, error_cells=error_cells, parted=parted)


def parent_of(header: list[object], position: int) -> object | None:
    """The header cell over `position`: its own, or when blank the nearest one to its left
    (the rest of a cell merged across columns)."""
    return next(
        (
            header[p]
            for p in range(min(position, len(header) - 1), -1, -1)
            if not cells.is_blank(header[p])
        ),
        None,
    )


def locate_layout(
    sheet: Sheet,
    vocab: Vocabulary,
    mapped: dict[str, str],
    reported: Collection[str] = (),
    named_kinds: Mapping[str, str] | None = None,
) -> Layout | None:
    """The sheet's layout, from the row whose cells name every column one table needs
    (`names_what_it_needs`: a helpline's "Pozivi" with its "Datum", "Trajanje" and "Tema" are
    calls, though a meeting has a "Tema" too, but not who came), or else most columns of one
    table (at least two); then the columns named word for word ("Grupa docelowa" is a
    training's, a group's only by a near word), the sheet's name and the tables the partner
    reports break ties (a meeting's "Tema" and "Varighet" are a group's as much as a
    training's). `named_kinds`: the kind of each table's rows the sheet's or the file's name
    says. None when no row looks like a header."""
    by_name = vocab.table_for_sheet(sheet.name)
    named_kinds = named_kinds or {}
    best: tuple[int, int, int, int, int, str | None, int] = (0, 0, 0, 0, 0, None, -1)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = header_keys(row)
        if len(keys) < 2:
            continue
        near: dict[str, set[str]] = {}
        exact: dict[str, set[str]] = {}
        for key in keys:
            for found in key_columns(vocab, key, mapped):
                near.setdefault(found.table, set()).add(found.near)
                if found.exact is not None:
                    exact.setdefault(found.table, set()).add(found.exact)
        if parts_of_participants(row, vocab):
            for table in vocab.tables.values():
                if PARTICIPANTS in table.columns:
                    near.setdefault(table.name, set()).add(PARTICIPANTS)
        for table in vocab.tables:
            hits = len(near.get(table, ()))
            if hits < 2:
                continue
            score = (
                int(names_what_it_needs(vocab.tables[table], near[table], named_kinds.get(table))),
                hits,
                len(exact.get(table, ())),
                int(table == by_name),
                int(table in reported),
            )
            if score > best[:5]:
                best = (*score, table, index)
    if best[5] is None:
        return None
    return layout_at(sheet, vocab, mapped, best[5], best[6])


def names_what_it_needs(table: Table, named: set[str], kind: str | None) -> bool:
    """Whether a header row naming the table's columns `named` gives every column the table
    needs, when the table has no kind or the sheet's or the file's name says it (`kind`); a
    column that kind does without is not needed (a call to a helpline has no caller's code)."""
    if table.kind_column:
        if kind is None:
            return False
        named = named | {table.kind_column}
    return all(
        any(of == table.kind_column and kind in codes for of, codes in not_required)
        for not_required in (table.columns[c].not_required_for for c in set(table.required) - named)
    )


def parts_of_participants(row: list[object], vocab: Vocabulary) -> tuple[int, ...]:
    """The positions of a header row's columns that split the people counted into categories
    of one kind, two categories at least ("Kobiety | Mężczyźni", "Uporabniki | Svojci"); none
    when the row has no such columns. Of two kinds, the vocabulary's first."""
    named = {
        p: found for p, value in enumerate(row) if (found := vocab.part_of_participants(value))
    }
    for code_set in vocab.participant_part_codes:
        positions = tuple(p for p, (of, _) in named.items() if of == code_set)
        if len({named[p][1] for p in positions}) >= 2:
            return positions
    return ()


def given_in_parts(sheet: Sheet, layout: Layout, vocab: Vocabulary) -> tuple[Parts, ...]:
    """Every figure the sheet gives only in its parts: under a header merged over them
    (`Sheet.parted`), the participants and the coded columns in columns of the header row."""
    people = participants_in_columns(sheet, layout, vocab)
    flat = (people,) if people is not None else ()
    return (*sheet.parted, *flat, *codes_in_columns(sheet, layout, vocab, flat))


def codes_in_columns(
    sheet: Sheet, layout: Layout, vocab: Vocabulary, given: tuple[Parts, ...] = ()
) -> tuple[Parts, ...]:
    """Each coded column of the sheet's table it has not as a column but as columns of its
    header row each named for one of its codes: a session's kind ("Datum | Šifra | Individualno
    | Družinsko"), a person's sex ("M | Ž") or kind ("Uzależniony | Współuzależniony"). A row
    marks its code ("x"), or writes a session's hours under its kind."""
    table = vocab.tables[layout.main]
    taken = {p for p, by in layout.columns.items() if by}
    taken |= {p for parts in (*sheet.parted, *given) for p in parts.read}
    header = sheet.rows[layout.header_row]
    found = []
    for name, column in table.columns.items():
        if column.type != "code" or layout.position(layout.main, name) is not None:
            continue
        named = {
            p: code
            for p, value in enumerate(header)
            if p not in taken and (code := vocab.code(column.codes, value)) is not None
        }
        if len(set(named.values())) >= 2:
            found.append(Parts(None, tuple(named), None, name))
            taken |= named.keys()
    return tuple(found)


def participants_in_columns(sheet: Sheet, layout: Layout, vocab: Vocabulary) -> Parts | None:
    """The participants of a sheet of meetings or trainings without a column of them, given in
    columns of its header row by sex or target group, with their total beside them or not
    ("Data | Temat | Kobiety | Mężczyźni | Razem"), as partners keep their own sheets; else
    None. A column the table names otherwise, or a merged header's part, is none of them."""
    counting = [t for t in layout.tables if PARTICIPANTS in vocab.tables[t].columns]
    if not counting or any(layout.position(t, PARTICIPANTS) is not None for t in counting):
        return None
    taken = {p for p, by in layout.columns.items() if any(t in by for t in layout.tables)}
    taken |= {p for parts in sheet.parted for p in parts.read}
    header = [
        None if p in taken else value for p, value in enumerate(sheet.rows[layout.header_row])
    ]
    positions = parts_of_participants(header, vocab)
    if not positions:
        return None
    total = next((p for p, value in enumerate(header) if vocab.heads_a_total(value)), None)
    return Parts(None, positions, total)


def header_keys(row: list[object]) -> set[str]:
    """The `word_key` of each text cell of a row that may be a header row."""
    return {word_key(c) for c in row if isinstance(c, str) and c.strip()}


def key_columns(vocab: Vocabulary, key: str, mapped: dict[str, str]) -> tuple[KeyColumns, ...]:
    """`Vocabulary.columns_of_key`, the partner's confirmed mapping of `key` first: in a table
    that has the column it maps to, that column, near and word for word."""
    column = mapped.get(key)
    if column is None:
        return vocab.columns_of_key(key)
    found = {f.table: f for f in vocab.columns_of_key(key)}
    return tuple(
        KeyColumns(table.name, column, column) if column in table.columns else found[table.name]
        for table in vocab.tables.values()
        if column in table.columns or table.name in found
    )


def columns_named(table: Table, keys: set[str], mapped: dict[str, str]) -> int:
    """How many of the table's columns the headers `keys` name."""
    return len(named_columns(table, keys, mapped))


def named_columns(table: Table, keys: set[str], mapped: dict[str, str]) -> set[str]:
    """The table's columns the headers `keys` name."""
    return {c for k in keys if (c := key_match(table, k, mapped).column) is not None}


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
    share_activity_columns(columns, candidates, vocab)
    leave_near_repeats(columns, headers, candidates, vocab, mapped)
    leave_participants_by_mode(columns, headers, vocab)
    # the kind column of the main table, or of another whose every column the sheet has ("Forma"
    # of a counselling session is no kind in a sheet of meetings without clients' codes)
    # participants counted in columns by sex or target group ("M | Ž | Ukupno") are a column,
    # and so are hours given as times of day ("Vrijeme": "17:00-19:00")
    in_parts = {PARTICIPANTS} if parts_of_participants(headers, vocab) else set()
    in_parts |= hours_as_times_of_day(sheet, header_row, columns, vocab)
    kind_position = next(
        (
            p
            for p, by in columns.items()
            for t, c in by.items()
            if c == vocab.tables[t].kind_column
            and (t == main or feasible(vocab.tables[t], columns, p, in_parts))
        ),
        None,
    )
    if kind_position is not None:
        kind_everywhere(columns, headers[kind_position], kind_position, candidates, vocab)
    tables = tuple(
        t
        for t in candidates
        if t == main
        or (
            kind_position is not None
            and feasible(vocab.tables[t], columns, kind_position, in_parts)
        )
    )
    return Layout(header_row, main, tables, columns, kind_position if len(tables) > 1 else None)


def leave_participants_by_mode(
    columns: dict[int, dict[str, str]], headers: list[object], vocab: Vocabulary
) -> None:
    """Headers of the people in the room and of those online ("Oppmøte fysisk | Oppmøte Teams")
    name the participants' parts, to be added up, not the participants twice."""
    modes = {
        p: part[1]
        for p, value in enumerate(headers)
        if (part := vocab.part_of_participants(value)) and part[0] == MODE_PARTS
    }
    if len(set(modes.values())) < 2:
        return
    for position in modes:
        by = columns.get(position, {})
        for table in [t for t, c in by.items() if c == PARTICIPANTS]:
            del by[table]


def hours_as_times_of_day(
    sheet: Sheet, header_row: int, columns: dict[int, dict[str, str]], vocab: Vocabulary
) -> set[str]:
    """{"hours"} when a header row without a column of hours gives them as times of day, as
    `time_range_positions` reads them: a start and an end ("Početak | Kraj"), or a column of
    spans ("Vrijeme": "17:00-19:00") or lengths ("Czas": "1,5"); else none. A log's sessions
    need hours, so without this a sheet named for groups ("Aktivnosti") holding a client's
    session at "19:00-20:00" would be read as meetings alone."""
    ends: dict[str, list[int]] = {}
    for position, header in enumerate(sheet.rows[header_row]):
        if not columns.get(position) and (end := vocab.time_range_end(header)):
            ends.setdefault(end, []).append(position)
    if len(ends.get("start", [])) == len(ends.get("end", [])) == 1:
        return {"hours"}
    below = sheet.rows[header_row + 1 :]
    for position in ends.get("span", []):
        filled = [
            r[position] for r in below if len(r) > position and not cells.is_blank(r[position])
        ]
        if any(cells.is_time_span(v) for v in filled) or (
            filled and all(cells.plain_length(v) is not None for v in filled)
        ):
            return {"hours"}
    return set()


def share_activity_columns(
    columns: dict[int, dict[str, str]], candidates: list[str], vocab: Vocabulary
) -> None:
    """A header of a log naming who came to a group's meeting ("Antall") names who came to a
    training too, so that a training's row in the log has its figures."""
    for by in columns.values():
        for shared in SHARED_ACTIVITY_COLUMNS & set(by.values()):
            for table in candidates:
                taken = any(other.get(table) == shared for other in columns.values())
                if table in ACTIVITY_TABLES and shared in vocab.tables[table].columns and not taken:
                    by.setdefault(table, shared)


def kind_everywhere(
    columns: dict[int, dict[str, str]],
    header: object,
    kind_position: int,
    candidates: list[str],
    vocab: Vocabulary,
) -> None:
    """A generic header of the kind column ("Opis", "Beskrivelse", "Description") is the kind
    column of every table of a log without its own: a group's title elsewhere, it says here
    which table each row belongs to, as "Aktivnost" does."""
    key = word_key(header)
    for name in candidates:
        table = vocab.tables[name]
        present = {by.get(name) for by in columns.values()}
        if table.kind_column and table.kind_column not in present and key in table.generic_index:
            columns[kind_position][name] = table.kind_column


def leave_near_repeats(
    columns: dict[int, dict[str, str]],
    headers: list[object],
    candidates: list[str],
    vocab: Vocabulary,
    mapped: dict[str, str],
) -> None:
    """A header a table of a log names word for word ("Deltakere": who came to a group) is no
    near match of another table's column another header names word for word ("Klient"); nor is
    a category of the people who came ("Uporabniki" beside "Svojci": participants_in_columns)."""
    exact = {p: exact_columns(headers[p], candidates, vocab, mapped) for p in columns}
    for position, by in columns.items():
        for name, column in list(by.items()):
            if exact[position].get(name) == column:
                continue
            if not exact[position] and vocab.part_of_participants(headers[position]) is None:
                continue
            if any(exact[p].get(name) == column for p in columns if p != position):
                del by[name]


def exact_columns(
    header: object, candidates: list[str], vocab: Vocabulary, mapped: dict[str, str]
) -> dict[str, str]:
    """The table -> column a header names word for word, by the partner's mapping or the
    vocabulary's own words."""
    key = word_key(header)
    return {
        name: column
        for name in candidates
        if (
            column := mapped.get(key)
            or vocab.tables[name].header_index.get(key)
            or vocab.tables[name].generic_index.get(key)
        )
        in vocab.tables[name].columns
    }


def feasible(
    table: Table,
    columns: dict[int, dict[str, str]],
    kind_position: int,
    in_parts: Collection[str] = (),
) -> bool:
    """Whether a sheet holds every column a table needs (a training's title and audience may
    come from the kind of activity), some maybe `in_parts` (columns of its parts, or hours as
    times of day)."""
    present = {by[table.name] for by in columns.values() if table.name in by}
    present |= set(in_parts) & table.columns.keys()
    if table.kind_column and table.kind_column not in present:
        return False
    needed = set(table.required) - FILLED_FROM_KIND.get(table.name, frozenset())
    return needed <= present
