"""Which earlier file's tables a new file replaces. The latest accepted file of a partner, month
and table is the one counted (transforms/models/int_tables_in_force.sql), so a second file of the
same month with the same table counts instead of the first: a correction, or a partner who sent
two services of one table in two files and would otherwise never learn that one no longer counts.

A table with its headers and no row under them (a sheet of our template left as it came) replaces
nothing: it counts as a month without any only while no earlier file of the month brought the
table, so a file that fills one sheet of the template never wipes out what another file sent.

Housing goes by unit: a later file replaces an earlier file's rows of the units it has rows of,
and the earlier file still counts for its other units, so a partner whose flats each send their
own register is told nothing replaced; one told so when a file corrects only some of an earlier
file's units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from core.submission import Problem, Submission
from validate.outliers import MEASURES

OUTLIER_RULES = ("outlier_high", "outlier_low")

COUNTED = ("accepted", "accepted_with_warnings", "held")


@dataclass(frozen=True)
class InForce:
    """A file a partner's table of a month is counted from, how many rows it brought and, of a
    housing table, the units (in lower case) of its rows that count: those no later file has
    rows of."""

    name: str
    received_at: datetime
    sha256: str
    rows: int
    units: frozenset[str] = frozenset()


Key = tuple[str, str, str]


def tables_in_force(db: Path) -> dict[Key, list[InForce]]:
    """(partner, month, table) -> the files counted for it, the latest last, from the
    warehouse's register: the latest alone, but of housing also the earlier files still counted
    for some of their units; nothing before the first run."""
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
            row_counts as ({row_counts}),
            units as (
                select submission_id, 'housing' as table_name,
                    list(distinct lower(trim(site_id))) filter (site_id is not null) as units
                from raw_housing group by submission_id
            )
            select partner_id, period, table_name, name_as_received, received_at, file_sha256,
                coalesce(row_count, 0), coalesce(units, [])
            from counted
            left join row_counts using (submission_id, table_name)
            left join units using (submission_id, table_name)
            order by received_at, submission_id desc
            """,  # noqa: S608
            [list(COUNTED)],
        ).fetchall()
    in_force: dict[Key, list[InForce]] = {}
    for p, m, t, name, received_at, sha256, count, units in rows:
        new = InForce(name, received_at, sha256, count, frozenset(units))
        in_force[p, m, t] = counted_with(in_force.get((p, m, t), []), new)
    return in_force


def counted_with(files: list[InForce], new: InForce) -> list[InForce]:
    """The files counted for a table once `new` is: the earlier ones for their units `new` has
    no rows of (housing, int_tables_in_force.sql), then `new`; of any other table, `new` alone."""
    kept = [replace(f, units=f.units - new.units) for f in files if f.units - new.units]
    return [*kept, new]


def units_of(table: str, frame: pd.DataFrame) -> frozenset[str]:
    """The housing units (in lower case) a housing table has rows of; none of another table."""
    if table != "housing" or "site_id" not in frame:
        return frozenset()
    return frozenset(str(unit).strip().lower() for unit in frame["site_id"].dropna())


def about_table_left_out(problem: Problem, tables: list[str]) -> bool:
    """Whether a problem is a month's figure far from the usual one of a table left out: its 0
    is no figure of the month, which the earlier file's rows give."""
    measure = problem.params.get("measure")
    return problem.rule in OUTLIER_RULES and MEASURES.get(measure, (None,))[0] in tables


def note_replaced_tables(submissions: list[Submission], in_force: dict[Key, list[InForce]]) -> None:
    """A warning on each file that will be counted instead of an earlier one with rows, naming
    that file and the tables; of housing, instead of its rows of some units only, naming the
    file and the units. A table without rows is left out of a file whose month an earlier file
    brought it for, with a warning naming that file. `in_force` then holds the new files."""
    for sub in sorted(submissions, key=lambda s: s.received_at):
        if sub.errors or sub.duplicate_of or not sub.partner_id or not sub.period:
            continue
        replaced: dict[str, list[str]] = {}
        kept: dict[str, list[str]] = {}
        for table in sorted(sub.tables):
            key = (sub.partner_id, sub.period, table)
            files = in_force.get(key, [])
            latest = files[-1] if files else None
            if latest and (latest.received_at > sub.received_at or latest.sha256 == sub.sha256):
                continue
            frame = sub.tables[table]
            rows = len(frame)
            if latest and not rows:
                kept.setdefault(latest.name, []).append(table)
                continue
            units = units_of(table, frame)
            new = InForce(sub.name_as_received, sub.received_at, sub.sha256, rows, units)
            for earlier in (f for f in files if f.rows):
                if earlier.units <= new.units:
                    replaced.setdefault(earlier.name, []).append(table)
                elif shared := earlier.units & new.units:
                    note_units_replaced(sub, earlier.name, frame, shared)
            in_force[key] = counted_with(files, new)
        for name, tables in kept.items():
            for table in tables:
                del sub.tables[table]
            sub.problems = [p for p in sub.problems if not about_table_left_out(p, tables)]
            sub.warning("table_without_rows_replaces_nothing", file=name, tables=tables)
        for name, tables in replaced.items():
            sub.warning("tables_replaced", file=name, tables=tables)


def note_units_replaced(
    sub: Submission, earlier: str, housing: pd.DataFrame, units: set[str]
) -> None:
    """The warning on a file that is counted instead of an earlier one for some of that file's
    housing units only, naming them as this file writes them: the earlier file still counts for
    its others."""
    named = sorted(
        {str(u).strip() for u in housing["site_id"].dropna() if str(u).strip().lower() in units}
    )
    sub.warning("housing_units_replaced", file=earlier, units=", ".join(named))
