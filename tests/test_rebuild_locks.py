"""A rebuild replays the lock history between the files in the order they arrived: a file
received while its month was locked is held again, and released when the lock was lifted."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from core.config import Workspace
from core.submission import Submission
from flows.rebuild import load_in_time
from load import warehouse

LOCKED_AT = datetime(2025, 4, 20, tzinfo=UTC)
UNLOCKED_AT = datetime(2025, 5, 2, tzinfo=UTC)


def counselling(name: str, received: datetime) -> Submission:
    rows = pd.DataFrame(
        [
            {
                "sheet": "Svetovanje",
                "sheet_row": 2,
                "session_on": date(2025, 3, 4),
                "user_code": "LJ-0001",
                "session_kind": "individual",
                "hours": 1.5,
            }
        ]
    )
    return Submission(
        sha256=name * 8,
        name_as_received=f"{name}.xlsx",
        size_bytes=100,
        received_at=received,
        partner_id="most-si",
        period="2025-03",
        file_format="xlsx",
        tables={"counselling": rows},
    )


def statuses(con) -> list[tuple]:
    return con.execute(
        "select name_as_received, status, released_at from submissions order by received_at"
    ).fetchall()


@pytest.fixture
def con(workspace):
    with warehouse.connect(Workspace.open(workspace).warehouse) as con:
        yield con


def files() -> list[Submission]:
    # one file before the month was locked, its correction while it was locked
    return [
        counselling("aaaaaaaa", datetime(2025, 4, 3, tzinfo=UTC)),
        counselling("bbbbbbbb", datetime(2025, 4, 25, tzinfo=UTC)),
    ]


def test_a_file_received_while_its_month_was_locked_is_held_again(workspace, con):
    lock = ("2025-03", LOCKED_AT, "manager", None, None)
    load_in_time(con, Workspace.open(workspace), files(), [lock])
    assert statuses(con) == [("aaaaaaaa.xlsx", "accepted", None), ("bbbbbbbb.xlsx", "held", None)]


def test_a_held_file_is_released_when_the_lock_was_lifted(workspace, con):
    lock = ("2025-03", LOCKED_AT, "manager", UNLOCKED_AT, "manager")
    load_in_time(con, Workspace.open(workspace), files(), [lock])
    assert statuses(con) == [
        ("aaaaaaaa.xlsx", "accepted", None),
        ("bbbbbbbb.xlsx", "accepted", UNLOCKED_AT),
    ]
    assert con.execute("select period, unlocked_at from locks").fetchall() == [
        ("2025-03", UNLOCKED_AT)
    ]


def test_a_held_correction_says_it_replaces_the_earlier_file_once_reopened_and_released_that_it_does(
    workspace, con
):
    from load.locks import released_submissions, unlock_period

    original, correction = files()
    warehouse.load_submissions(con, [original], b"k", shared_codes=False)
    con.execute("insert into locks (period, locked_at, locked_by) values ('2025-03', now(), 'm')")
    correction.warning("tables_replaced", file="aaaaaaaa.xlsx", tables=["counselling"])
    warehouse.load_submissions(con, [correction], b"k", shared_codes=False)
    assert [p.rule for p in correction.problems] == ["tables_replaced_when_reopened"]
    unlock_period(con, "2025-03")
    [released] = released_submissions(con)
    assert (released.name_as_received, released.status) == (
        "bbbbbbbb.xlsx",
        "accepted_with_warnings",
    )
    assert [p.rule for p in released.problems] == ["tables_replaced"]


def test_a_held_correction_of_some_housing_units_says_it_replaces_them_once_reopened(
    workspace, con
):
    from load.locks import released_submissions, unlock_period
    from validate.feedback import feedback_text

    original, correction = files()
    warehouse.load_submissions(con, [original], b"k", shared_codes=False)
    con.execute("insert into locks (period, locked_at, locked_by) values ('2025-03', now(), 'm')")
    correction.warning("housing_units_replaced", file="aaaaaaaa.xlsx", units="BS-MB")
    warehouse.load_submissions(con, [correction], b"k", shared_codes=False)
    assert "once the month is reopened, only this file will count for these units" in (
        feedback_text(correction, "en")
    )
    unlock_period(con, "2025-03")
    [released] = released_submissions(con)
    assert [p.rule for p in released.problems] == ["housing_units_replaced"]


def held_correction_released(con) -> None:
    from load.locks import unlock_period

    original, correction = files()
    warehouse.load_submissions(con, [original], b"k", shared_codes=False)
    con.execute("insert into locks (period, locked_at, locked_by) values ('2025-03', now(), 'm')")
    correction.warning("tables_replaced", file="aaaaaaaa.xlsx", tables=["counselling"])
    warehouse.load_submissions(con, [correction], b"k", shared_codes=False)
    unlock_period(con, "2025-03")


def test_an_unlock_leaves_the_register_saying_a_released_files_problems_as_of_a_file_counted(
    workspace, con
):
    # the site lists the register's problems: none may still say the file waits for the month
    held_correction_released(con)
    assert con.execute("select distinct rule from problems").fetchall() == [("tables_replaced",)]


def test_a_released_files_report_still_says_what_its_tables_came_to(workspace, con):
    from load.locks import released_submissions

    held_correction_released(con)
    [released] = released_submissions(con)
    assert released.what_was_read() == {"counselling": {"rows": 1, "hours": 1.5}}
