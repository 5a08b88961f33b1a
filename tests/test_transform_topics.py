"""Which topics a partner reported in a month (a table of it in force) is worked out once, in
int_partner_month_topics, and read by mart_partner_months and the figures of a range (real
DuckDB, the tiny consortium of tests/fixtures/warehouse)."""

from __future__ import annotations

from pathlib import Path

from transforms.runner import build_models

TRANSFORMS = Path(__file__).parents[1] / "transforms"
PERSON = {
    "user_code": "A1",
    "user_kind": "in_recovery",
    "sex": "female",
    "age_band": "26_35",
    "main_addiction": "alcohol",
}
SESSION = {"user_code": "A1", "session_kind": "individual", "hours": 1.5}
TOPICS = "select * from int_partner_month_topics order by all"


def test_a_partner_month_reports_the_topics_of_its_tables_in_force_even_without_rows(tiny):
    # the counselling sheet has no row under its header: counselling reported, as 0 sessions
    tiny.submit("house", "2025-04", "2025-05-02T09:00:00", counselling=[], people=[PERSON])
    tiny.build()
    # partner, month, housing, counselling, trainings, groups, people
    assert tiny.con.execute(TOPICS).fetchall() == [
        ("house", "2025-04", False, True, False, False, True)
    ]


def test_a_later_file_adds_its_topics_to_its_month_and_leaves_other_months_alone(tiny):
    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", counselling=[SESSION])
    tiny.submit("house", "2025-04", "2025-05-02T09:00:00", people=[PERSON])
    tiny.build()
    # March's second file brings people only: its counselling file stays in force
    tiny.submit("house", "2025-03", "2025-04-20T09:00:00", people=[PERSON])
    assert build_models(tiny.con).partner_months == [("house", "2025-03")]
    assert tiny.con.execute(TOPICS).fetchall() == [
        ("house", "2025-03", False, True, False, False, True),
        ("house", "2025-04", False, False, False, False, True),
    ]


def test_the_topics_a_partner_month_reported_are_worked_out_in_one_model():
    pivots = [
        path.relative_to(TRANSFORMS).as_posix()
        for path in sorted(TRANSFORMS.rglob("*.sql"))
        if "bool_or(table_name" in path.read_text(encoding="utf-8")
    ]
    assert pivots == ["models/int_partner_month_topics.sql"]
