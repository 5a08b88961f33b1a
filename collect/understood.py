"""How intake understood a partner's file, for `consortium map`: each header's column (or the
closest one, when none was sure), and each distinct value of a coded column with its code.
What a manager confirms becomes the partner's mapping in consortium.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from collect import cells
from collect.arrival import Arrival
from collect.formats import read_workbook
from collect.layout import given_in_parts, header_match
from collect.reader import read_submission, sheet_parts
from collect.sheet_tables import Reading, column_in_parts, holds_durations, read_by_cells
from core.config import Consortium, Partner
from core.submission import Submission
from core.vocabulary import UNCLASSIFIED, Table, vocabulary, word_key

SUGGESTION_CUTOFF = 60


@dataclass(frozen=True)
class HeaderReading:
    sheet: str
    header: str
    table: str | None
    column: str | None
    suggestion: str | None = None
    ignored: bool = False
    """A column of the partner's own row numbers or notes, never read."""
    between: bool = False
    """The time a session began or ended, its hours counted between the two (never saved as a
    column of its own)."""
    lengths: bool = False
    """A time of day holding how long each session took ("Czas": "1,5", "2 godz."), read as
    its hours."""
    part_of: str | None = None
    """The column a header gives a part of, or the total of ("Kobiety", "Razem" of the
    participants): read into it, never saved as a column of its own."""


@dataclass(frozen=True)
class ValueReading:
    table: str
    column: str
    code_set: str
    text: str
    code: str
    rows: int


def understand(
    arrival: Arrival, config: Consortium
) -> tuple[Submission, list[HeaderReading], list[ValueReading]]:
    """The file read as a run would, its headers as understood, its coded values as classified."""
    partner = config.partner(arrival.partner_id or "")
    sub = read_submission(arrival, config)
    mapped = partner.mapping.header_columns() if partner else {}
    unread = frozenset((p.sheet, p.column) for p in sub.problems if p.rule == "column_ignored")
    return sub, headers_of(arrival, config, partner, mapped, unread), values_of(sub)


def headers_of(
    arrival: Arrival,
    config: Consortium,
    partner: Partner | None,
    mapped: dict[str, str],
    unread: frozenset[tuple[str, str]] = frozenset(),
) -> list[HeaderReading]:
    """Each header as the read took it; `unread` holds the (sheet, header) it left unread."""
    vocab = vocabulary()
    try:
        book = read_workbook(
            arrival.path,
            arrival.name_as_received,
            config.intake,
            language=partner.language if partner else None,
        )
    except Exception:  # noqa: BLE001 - the submission already says why the file is unreadable
        return []
    found = []
    reading = Reading(vocab, partner)
    parts = [
        part
        for sheet in book.sheets
        if sheet.visible and not vocab.is_instructions(sheet.name)
        for part in sheet_parts(sheet, reading)
    ]
    for sheet, layout, _ in parts:
        if layout is None:
            continue
        main = vocab.tables[layout.main]
        taken = layout.filled
        in_parts = {
            p: column
            for parted in given_in_parts(sheet, layout, vocab)
            if (column := column_in_parts(main, parted, reading))
            for p in parted.read
        }
        for position, by_table in layout.columns.items():
            header = layout.header(sheet, position)
            if cells.is_blank(header):
                continue
            if position in in_parts and main.name not in by_table:
                part_of = in_parts[position]
                found.append(HeaderReading(sheet.name, header, main.name, None, part_of=part_of))
            elif by_table:
                table, column = next(iter(by_table.items()))
                found.append(HeaderReading(sheet.name, header, table, column))
            elif (
                (end := vocab.time_range_end(header))
                and "hours" in main.columns
                and "hours" not in taken
                and (sheet.name, header) not in unread
            ):
                # the time a session began or ended, its hours counted between them, or how long
                lengths = end == "span" and holds_durations(sheet, layout, position)
                found.append(
                    HeaderReading(
                        sheet.name,
                        header,
                        main.name,
                        None,
                        ignored=True,
                        between=not lengths,
                        lengths=lengths,
                    )
                )
            elif (
                vocab.is_ignored_header(header, main.name)
                and (column := read_by_cells(sheet, layout, position, reading))
                and column not in taken
            ):
                # "Dzień" over dates, "Forma zajęć" over kinds of activity
                found.append(HeaderReading(sheet.name, header, main.name, column))
            elif vocab.is_ignored_header(header, main.name) or vocab.time_range_end(header):
                found.append(HeaderReading(sheet.name, header, None, None, ignored=True))
            else:
                suggestion = closest_column(main, header, taken, mapped)
                found.append(HeaderReading(sheet.name, header, main.name, None, suggestion))
    return found


def closest_column(
    table: Table, header: str, taken: set[str], mapped: dict[str, str]
) -> str | None:
    """The free column of the table whose words come closest to the header, if any is close."""
    if header_match(table, header, mapped).ambiguous:
        return header_match(table, header, mapped).candidates[0]
    choices = {h: c for h, c in table.header_index.items() if c not in taken}
    best = process.extractOne(
        word_key(header), list(choices), scorer=fuzz.WRatio, score_cutoff=SUGGESTION_CUTOFF
    )
    return choices[best[0]] if best else None


def values_of(sub: Submission) -> list[ValueReading]:
    vocab = vocabulary()
    found = []
    for table, frame in sub.tables.items():
        spec = vocab.tables[table]
        for column in spec.columns.values():
            if column.type != "code" or f"{column.name}_text" not in frame:
                continue
            pairs = frame[[f"{column.name}_text", column.name]].dropna(
                subset=[f"{column.name}_text"]
            )
            for (text, code), rows in pairs.value_counts(dropna=False).sort_index().items():
                found.append(
                    ValueReading(
                        table,
                        column.name,
                        column.codes,
                        str(text),
                        str(code or UNCLASSIFIED),
                        int(rows),
                    )
                )
    return found
