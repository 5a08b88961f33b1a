"""The stored models are rebuilt only for the partner-months whose submissions changed, and the
result is the same, row for row, as building everything again (real DuckDB, the tiny
consortium of tests/fixtures/warehouse)."""

from __future__ import annotations

from load.locks import lock_period, unlock_period
from transforms.runner import STATE_TABLE, build_models, model_files


def counselling(hours: float, user: str = "A1", day: str = "2025-01-07") -> list[dict]:
    return [{"session_on": day, "user_code": user, "session_kind": "individual", "hours": hours}]


def people(*codes: str) -> list[dict]:
    return [
        {
            "user_code": code,
            "user_kind": "in_recovery",
            "sex": "female",
            "age_band": "26_35",
            "main_addiction": "alcohol",
            "housing_unit": "h-1",
        }
        for code in codes
    ]


def housing(residents: int, unit: str = "h-1") -> list[dict]:
    return [
        {
            "site_id": unit,
            "places": 4,
            "residents": residents,
            "resident_nights": residents * 30,
            "admissions": 1,
            "exits_planned": 0,
            "exits_unplanned": 0,
        }
    ]


def groups(participants: int, day: str) -> list[dict]:
    return [
        {
            "held_on": day,
            "activity_kind": "support_group",
            "site_id": "g-1",
            "participants": participants,
            "hours": 1.5,
        }
    ]


def trainings(day: str) -> list[dict]:
    return [
        {"held_on": day, "title": "First aid", "audience": "staff", "hours": 3, "participants": 5}
    ]


def every_model(con) -> dict[str, list[tuple]]:
    """Every model's rows, sorted: a stored table's row order is not part of its contents."""
    return {
        name: sorted(con.execute(f"select * from {name}").fetchall(), key=repr)  # noqa: S608
        for name in model_files()
    }


def full_build(con) -> dict[str, list[tuple]]:
    """The models built from scratch (the record of the last build forgotten)."""
    con.execute(f"drop table {STATE_TABLE}")
    assert build_models(con).partner_months is None
    return every_model(con)


def reported_three_months(tiny) -> None:
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-05T09:00:00",
        counselling=counselling(2.0),
        people=people("A1", "A2"),
        housing=housing(2),
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-05T09:00:00",
        counselling=counselling(1.0, day="2025-02-03"),
        people=people("A1"),
        housing=housing(1),
    )
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-04T09:00:00",
        groups=groups(6, "2025-02-11"),
        trainings=trainings("2025-02-12"),
        people=people("B1"),
    )
    tiny.build()


def test_a_new_file_and_a_resubmission_rebuild_only_their_partner_months(tiny):
    reported_three_months(tiny)
    # a new month of one partner, and a correction of another partner's January
    tiny.submit("groups", "2025-03", "2025-04-02T09:00:00", groups=groups(9, "2025-03-11"))
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-20T09:00:00",
        counselling=counselling(3.5, user="A3"),
        people=people("A1", "A3"),
        housing=housing(3),
    )
    build = build_models(tiny.con)
    assert build.partner_months == [("house", "2025-01"), ("groups", "2025-03")]
    assert every_model(tiny.con) == full_build(tiny.con)


def test_a_build_with_nothing_new_rebuilds_no_partner_month(tiny):
    reported_three_months(tiny)
    assert build_models(tiny.con).partner_months == []


def test_a_held_file_released_by_an_unlock_rebuilds_its_month(tiny):
    reported_three_months(tiny)
    lock_period(tiny.con, "2025-02")
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-20T09:00:00",
        counselling=counselling(4.0, day="2025-02-04"),
        people=people("A2"),
        housing=housing(2),
    )
    # the held file is registered (its month is looked at again), but nothing it holds counts
    assert build_models(tiny.con).partner_months == [("house", "2025-02")]
    held = every_model(tiny.con)
    assert held == full_build(tiny.con)
    unlock_period(tiny.con, "2025-02")
    assert build_models(tiny.con).partner_months == [("house", "2025-02")]
    assert every_model(tiny.con) != held
    assert every_model(tiny.con) == full_build(tiny.con)


def units_in_force(con, period: str) -> list[tuple]:
    """The housing units counted for house's month, with their resident-nights."""
    return con.execute(
        "select site_id, resident_nights from int_housing_in_force "
        "where partner_id = 'house' and period = ? order by site_id",
        [period],
    ).fetchall()


def test_a_second_units_file_rebuilds_its_month_keeping_the_first_units_rows(tiny):
    reported_three_months(tiny)
    tiny.submit("house", "2025-02", "2025-03-06T09:00:00", housing=housing(2, unit="h-2"))
    assert build_models(tiny.con).partner_months == [("house", "2025-02")]
    # H-1 from February's first file, H-2 from the file of its own
    assert units_in_force(tiny.con, "2025-02") == [("H-1", 30), ("H-2", 60)]
    assert every_model(tiny.con) == full_build(tiny.con)


def test_a_units_file_held_while_its_month_was_locked_adds_its_unit_once_released(tiny):
    reported_three_months(tiny)
    lock_period(tiny.con, "2025-02")
    tiny.submit("house", "2025-02", "2025-03-20T09:00:00", housing=housing(2, unit="h-2"))
    build_models(tiny.con)
    assert units_in_force(tiny.con, "2025-02") == [("H-1", 30)]
    unlock_period(tiny.con, "2025-02")
    assert build_models(tiny.con).partner_months == [("house", "2025-02")]
    assert units_in_force(tiny.con, "2025-02") == [("H-1", 30), ("H-2", 60)]
    assert every_model(tiny.con) == full_build(tiny.con)


def test_changed_consortium_facts_rebuild_every_partner_month(tiny):
    reported_three_months(tiny)
    tiny.con.execute(
        "update config_sites set site_name = 'House one, renamed' where site_id = 'H-1'"
    )
    assert build_models(tiny.con).partner_months is None


def test_a_build_as_of_a_past_moment_is_followed_by_a_full_build(tiny):
    from datetime import UTC, datetime

    reported_three_months(tiny)
    build_models(tiny.con, as_of=datetime(2025, 3, 1, tzinfo=UTC))
    assert build_models(tiny.con).partner_months is None
