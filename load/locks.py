"""Approved months: a manager locks a period once its figures are signed off, so a later
resubmission cannot change them silently. Such a file is registered as `held` and applied only
when the lock is lifted; the lock history stays in the warehouse.
"""

from __future__ import annotations

import getpass
import json

import duckdb

from core.submission import READ_MEASURES, Problem, Submission
from load.warehouse import HELD_RULES, is_locked, now, released_wording


def lock_period(con: duckdb.DuckDBPyConnection, period: str) -> bool:
    """Lock the month; False when it was already locked."""
    if is_locked(con, period):
        return False
    con.execute(
        "insert into locks (period, locked_at, locked_by) values (?, ?, ?)",
        [period, now(), getpass.getuser()],
    )
    return True


def unlock_period(con: duckdb.DuckDBPyConnection, period: str) -> list[str]:
    """Lift the lock and release the submissions held meanwhile; the names of the files released."""
    released_at = now()
    con.execute("begin")
    try:
        con.execute(
            "update locks set unlocked_at = ?, unlocked_by = ? where period = ? and unlocked_at is null",
            [released_at, getpass.getuser(), period],
        )
        released = con.execute(
            "update submissions set status = validation_status, released_at = ? "
            "where period = ? and status = 'held' returning name_as_received",
            [released_at, period],
        ).fetchall()
        # what a held file will do once its month is reopened, now said as what it does
        for rule, held in HELD_RULES.items():
            con.execute(
                "update problems set rule = ? where rule = ? and submission_id in "
                "(select submission_id from submissions where released_at = ? and period = ?)",
                [rule, held, released_at, period],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return sorted(name for (name,) in released)


def held_submissions(
    con: duckdb.DuckDBPyConnection, period: str | None = None
) -> list[tuple[str, str, str]]:
    """(partner, month, file name) of every submission waiting for a lock to be lifted."""
    return con.execute(
        "select partner_id, period, name_as_received from submissions "
        "where status = 'held' and (? is null or period = ?) order by period, partner_id, received_at",
        [period, period],
    ).fetchall()


def released_submissions(con: duckdb.DuckDBPyConnection) -> list[Submission]:
    """The files held for a locked month and released by its unlock, as the register keeps
    them (their problems said of a file counted), so their partners' reports can say so: the
    report written while the file was held says it waits."""
    rows = con.execute(
        "select submission_id, file_sha256, name_as_received, size_bytes, received_at, "
        "partner_id, period, file_format, outstanding "
        "from submissions where released_at is not null order by received_at"
    ).fetchall()
    problems: dict[str, list[Problem]] = {}
    for sid, severity, rule, sheet, row, column, params in con.execute(
        "select submission_id, severity, rule, sheet, sheet_row, column_name, params "
        "from problems where submission_id in "
        "(select submission_id from submissions where released_at is not null)"
    ).fetchall():
        problem = Problem(severity, rule, sheet, row, column, json.loads(params or "{}"))
        problems.setdefault(sid, []).append(released_wording(problem))
    read = released_contents(con)
    return [
        Submission(
            sha256=sha,
            name_as_received=name,
            size_bytes=size,
            received_at=received,
            partner_id=partner,
            period=period,
            file_format=file_format,
            problems=problems.get(sid, []),
            outstanding=list(outstanding or []),
            read=read.get(sid, {}),
        )
        for sid, sha, name, size, received, partner, period, file_format, outstanding in rows
    ]


def released_contents(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dict[str, float]]]:
    """What each table of each released file came to, by submission, from the rows loaded (as
    Submission.what_was_read says it of a file read): its report, written again, says it too."""
    read: dict[str, dict[str, dict[str, float]]] = {}
    for table, measures in READ_MEASURES.items():
        sums = "".join(f", sum({measure})" for measure in measures)
        for sid, count, *values in con.execute(
            f"select submission_id, count(*){sums} from raw_{table} where submission_id in "
            "(select submission_id from submissions where released_at is not null) "
            "group by submission_id"
        ).fetchall():
            figures = {m: float(v) for m, v in zip(measures, values, strict=True) if v is not None}
            read.setdefault(sid, {})[table] = {"rows": count, **figures}
    return read
