"""Figures as of a past date after a resubmission, and locked months holding a resubmission."""

from __future__ import annotations

from datetime import UTC, datetime

from load.locks import held_submissions, lock_period, unlock_period
from transforms.figures import headline_figures, lineage


def session(hours: float) -> list[dict]:
    return [
        {
            "session_on": "2025-01-07",
            "user_code": "A1",
            "session_kind": "individual",
            "hours": hours,
        }
    ]


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def test_figures_as_of_a_past_date_ignore_a_later_resubmission(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=session(2.0))
    tiny.submit("house", "2025-01", "2025-03-01T09:00:00", counselling=session(3.0))
    # on 20 February only the first file (2 hours) had arrived
    assert tiny.figures("2025-01", "2025-01", as_of=at("2025-02-20"))["counselling_hours"] == 2.0


def test_figures_now_use_the_resubmission_and_as_of_leaves_them_so(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=session(2.0))
    tiny.submit("house", "2025-01", "2025-03-01T09:00:00", counselling=session(3.0))
    tiny.build()
    headline_figures(tiny.con, "2025-01", "2025-01", as_of=at("2025-02-20"))
    # the later file supersedes the first; the as-of figures were built aside
    assert headline_figures(tiny.con, "2025-01", "2025-01")["counselling_hours"] == 3.0


def unit(site_id: str, residents: int) -> list[dict]:
    return [
        {
            "site_id": site_id,
            "places": 4,
            "residents": residents,
            "resident_nights": residents * 31,
            "admissions": 0,
            "exits_planned": 0,
            "exits_unplanned": 0,
        }
    ]


def test_a_resubmission_of_the_same_housing_unit_replaces_its_rows(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", housing=unit("H-1", 2))
    tiny.submit("house", "2025-01", "2025-03-01T09:00:00", housing=unit("h-1", 3))
    # a partner's one unit sent again (in another case): the later file alone counts
    figures = tiny.figures("2025-01", "2025-01")
    assert (figures["residents_month_end"], figures["resident_nights"]) == (3, 93)


def test_lineage_as_of_names_the_file_valid_then(tiny):
    tiny.submit(
        "house", "2025-01", "2025-02-05T09:00:00", name="jan.xlsx", counselling=session(2.0)
    )
    tiny.submit(
        "house", "2025-01", "2025-03-01T09:00:00", name="jan-fixed.xlsx", counselling=session(3.0)
    )
    tiny.build()
    files = lineage(tiny.con, "counselling_hours", "2025-01", "2025-01", as_of=at("2025-02-20"))
    assert files["name_as_received"].tolist() == ["jan.xlsx"] and files["source_rows"].tolist() == [
        1
    ]


def test_a_resubmission_for_a_locked_month_is_held_not_applied(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=session(2.0))
    lock_period(tiny.con, "2025-01")
    status = tiny.submit(
        "house", "2025-01", "2025-03-01T09:00:00", name="late-fix.xlsx", counselling=session(3.0)
    )
    assert status == "held"
    assert held_submissions(tiny.con) == [("house", "2025-01", "late-fix.xlsx")]
    # the approved figure stands
    assert tiny.figures("2025-01", "2025-01")["counselling_hours"] == 2.0


def test_lifting_the_lock_applies_the_held_resubmission(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=session(2.0))
    lock_period(tiny.con, "2025-01")
    tiny.submit(
        "house", "2025-01", "2025-03-01T09:00:00", name="late-fix.xlsx", counselling=session(3.0)
    )
    assert unlock_period(tiny.con, "2025-01") == ["late-fix.xlsx"]
    assert tiny.figures("2025-01", "2025-01")["counselling_hours"] == 3.0


def test_figures_as_of_before_the_release_keep_the_approved_value(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=session(2.0))
    lock_period(tiny.con, "2025-01")
    tiny.submit("house", "2025-01", "2025-03-01T09:00:00", counselling=session(3.0))
    unlock_period(tiny.con, "2025-01")
    # the fix arrived on 1 March but was held until today's release
    assert tiny.figures("2025-01", "2025-01", as_of=at("2025-06-01"))["counselling_hours"] == 2.0


def test_other_months_are_not_held_by_a_lock(tiny):
    lock_period(tiny.con, "2025-01")
    assert (
        tiny.submit("house", "2025-02", "2025-03-01T09:00:00", counselling=session(1.0))
        == "accepted"
    )


def test_the_lock_history_is_kept(tiny):
    lock_period(tiny.con, "2025-01")
    unlock_period(tiny.con, "2025-01")
    lock_period(tiny.con, "2025-01")
    history = tiny.con.execute(
        "select unlocked_at is null from locks where period = '2025-01' order by locked_at"
    ).fetchall()
    assert history == [(False,), (True,)]
