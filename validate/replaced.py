"""Which earlier file's tables a new file replaces. The latest accepted file of a partner, month
and table is the one counted (transforms/models/int_tables_in_force.sql), so a second file of the
same month with the same table counts instead of the first: a correction, or a partner who sent
two services of one table in two files and would otherwise never learn that one no longer counts.

A table without rows replaces nothing: one whose rows were all left out (its meetings cancelled)
counts as a month without any only while no earlier file of the month brought the table, and a
sheet of headers alone (our template's left as it came, which the reader passes over) never
does, so a file that fills one sheet of the template never wipes out what another file sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.submission import Problem, Submission
from validate.outliers import MEASURES

OUTLIER_RULES = ("outlier_high", "outlier_low")

COUNTED = ("accepted", "accepted_with_warnings", "held")


@dataclass(frozen=True)
class InForce:
    """The file a partner's table of a month is counted from, and how many rows it brought."""

    name: str
    received_at: datetime
    sha256: str
    rows: int


Key = tuple[str, str, str]


def tables_in_force(db: Path) -> dict[Key, InForce]:
    """(partner, month, table) -> the latest file counted for it, from the warehouse's register;
    nothing before the first run."""
    if not db.exists():
        return {}
    import duckdb

    from core.vocabulary import vocabulary

    row_counts = " union all ".join(
        f"select submission_id, '{table}' as table_name, count(*) as row_count "  # noqa: S608
        f"from raw_{table} group by submission_id"
        for table in vocabulary().tables
    )
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            f"""
            with counted as (
                select *, unnest(tables) as table_name from submissions where status in ?
            ),
            row_counts as ({row_counts})
            select partner_id, period, table_name, arg_max(name_as_received, received_at),
                max(received_at), arg_max(file_sha256, received_at),
                arg_max(coalesce(row_count, 0), received_at)
            from counted left join row_counts using (submission_id, table_name)
            group by partner_id, period, table_name
            """,  # noqa: S608
            [list(COUNTED)],
        ).fetchall()
    return {(p, m, t): InForce(*counted) for p, m, t, *counted in rows}


def sheets_left_empty(sub: Submission) -> set[str]:
    """The tables of the file's sheets of headers alone, which the reader passed over."""
    return {p.params["table"] for p in sub.problems if p.rule == "sheet_without_rows"}


def about_table_left_out(problem: Problem, tables: list[str]) -> bool:
    """Whether a problem is a month's figure far from the usual one of a table left out (its 0
    is no figure of the month, which the earlier file's rows give), or the sheet of such a table
    left empty, which the earlier file's still counting tells instead."""
    if problem.rule == "sheet_without_rows":
        return problem.params["table"] in tables
    measure = problem.params.get("measure")
    return problem.rule in OUTLIER_RULES and MEASURES.get(measure, (None,))[0] in tables


def note_replaced_tables(submissions: list[Submission], in_force: dict[Key, InForce]) -> None:
    """A warning on each file that will be counted instead of an earlier one with rows, naming
    that file and the tables; a table without rows, or a sheet of its headers alone, of a month
    an earlier file brought the table for is left out with a warning naming that file.
    `in_force` then holds the new files."""
    for sub in sorted(submissions, key=lambda s: s.received_at):
        if sub.errors or sub.duplicate_of or not sub.partner_id or not sub.period:
            continue
        replaced: dict[str, list[str]] = {}
        kept: dict[str, list[str]] = {}
        left_empty = sheets_left_empty(sub)
        for table in sorted({*sub.tables, *left_empty}):
            key = (sub.partner_id, sub.period, table)
            earlier = in_force.get(key)
            if earlier and (earlier.received_at > sub.received_at or earlier.sha256 == sub.sha256):
                continue
            rows = len(sub.tables.get(table, ()))
            if earlier and not rows:
                kept.setdefault(earlier.name, []).append(table)
                continue
            if table in left_empty:
                continue
            if earlier and earlier.rows:
                replaced.setdefault(earlier.name, []).append(table)
            in_force[key] = InForce(sub.name_as_received, sub.received_at, sub.sha256, rows)
        for name, tables in kept.items():
            for table in tables:
                sub.tables.pop(table, None)
            sub.problems = [p for p in sub.problems if not about_table_left_out(p, tables)]
            sub.warning("table_without_rows_replaces_nothing", file=name, tables=tables)
        for name, tables in replaced.items():
            sub.warning("tables_replaced", file=name, tables=tables)
