"""Which earlier file's tables a new file replaces. The latest accepted file of a partner, month
and table is the one counted (transforms/models/int_tables_in_force.sql), so a second file of the
same month with the same table counts instead of the first: a correction, or a partner who sent
two services of one table in two files and would otherwise never learn that one no longer counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.submission import Submission

COUNTED = ("accepted", "accepted_with_warnings", "held")


@dataclass(frozen=True)
class InForce:
    """The file a partner's table of a month is counted from."""

    name: str
    received_at: datetime
    sha256: str


Key = tuple[str, str, str]


def tables_in_force(db: Path) -> dict[Key, InForce]:
    """(partner, month, table) -> the latest file counted for it, from the warehouse's register;
    nothing before the first run."""
    if not db.exists():
        return {}
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select partner_id, period, table_name, arg_max(name_as_received, received_at),
                max(received_at), arg_max(file_sha256, received_at)
            from (select *, unnest(tables) as table_name from submissions where status in ?)
            group by partner_id, period, table_name
            """,
            [list(COUNTED)],
        ).fetchall()
    return {(p, m, t): InForce(*counted) for p, m, t, *counted in rows}


def note_replaced_tables(submissions: list[Submission], in_force: dict[Key, InForce]) -> None:
    """A warning on each file that will be counted instead of an earlier one, naming that file
    and the tables; `in_force` then holds the new files."""
    for sub in sorted(submissions, key=lambda s: s.received_at):
        if sub.errors or sub.duplicate_of or not sub.partner_id or not sub.period:
            continue
        replaced: dict[str, list[str]] = {}
        for table in sorted(sub.tables):
            key = (sub.partner_id, sub.period, table)
            earlier = in_force.get(key)
            if earlier and (earlier.received_at > sub.received_at or earlier.sha256 == sub.sha256):
                continue
            if earlier:
                replaced.setdefault(earlier.name, []).append(table)
            in_force[key] = InForce(sub.name_as_received, sub.received_at, sub.sha256)
        for name, tables in replaced.items():
            sub.warning("tables_replaced", file=name, tables=tables)
