"""Expected, received, on-time, late, missing and rejected submissions; targets against actual."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from conftest import ROOT, TinyWarehouse

from core.periods import due_at, month_over_at
from transforms.figures import latest_period, submission_grid, targets_vs_actual

AS_OF = datetime(2025, 4, 15, tzinfo=UTC)
SESSION = {
    "session_on": "2025-01-07",
    "user_code": "A1",
    "session_kind": "individual",
    "hours": 1.0,
}


@pytest.fixture
def months(tiny):
    # Due: the end of the 10th of the following month in Ljubljana (UTC+1 in winter).
    tiny.submit(
        "house", "2025-01", "2025-02-10T22:30:00", counselling=[SESSION]
    )  # 23:30 local: on time
    tiny.submit("house", "2025-02", "2025-03-11T08:00:00", counselling=[SESSION])  # a day late
    tiny.submit(
        "house", "2025-03", "2025-04-02T08:00:00", errors=("sex_unknown",)
    )  # only a rejected file
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-01T08:00:00",
        groups=[  # groups 2025-02: missing
            {"held_on": "2025-03-05", "activity_kind": "support_group", "participants": 9}
        ],
    )
    tiny.build()
    return tiny


def test_each_expected_month_is_on_time_late_missing_or_rejected(months):
    grid = submission_grid(months.con, "2025-01", "2025-03", as_of=AS_OF)
    statuses = {(row.partner_id, row.period): row.status for row in grid.itertuples()}
    # groups reports from February, so its January is not expected
    assert statuses == {
        ("house", "2025-01"): "on_time",
        ("house", "2025-02"): "late",
        ("house", "2025-03"): "rejected",
        ("groups", "2025-02"): "missing",
        ("groups", "2025-03"): "on_time",
    }


def test_headline_completeness_counts_the_grid(months):
    figures = months.figures("2025-01", "2025-03", as_of=AS_OF)
    # 5 expected partner months; received 3 (2 on time, 1 late); 1 missing, 1 rejected
    assert [
        figures[f"submissions_{s}"]
        for s in ("expected", "received", "on_time", "late", "missing", "rejected")
    ] == [5, 3, 2, 1, 1, 1]


def test_a_month_not_yet_due_is_not_expected(months):
    # on 15 April, April's files are not due before 10 May
    assert months.figures("2025-01", "2025-04", as_of=AS_OF)["submissions_expected"] == 5


def test_a_file_just_after_midnight_local_time_is_late(tiny):
    # 23:00 UTC on 10 February is 00:00 on the 11th in Ljubljana
    tiny.submit("house", "2025-01", "2025-02-10T23:00:01", counselling=[SESSION])
    tiny.build()
    assert submission_grid(tiny.con, "2025-01", "2025-01", as_of=AS_OF)["status"].tolist() == [
        "late"
    ]


def test_the_feedback_knows_the_same_deadline_as_the_grid(months):
    # the feedback, written while the models are built, reads core.periods.due_at
    grid = submission_grid(months.con, "2025-01", "2025-03", as_of=AS_OF)
    reporting = months.ws.config.reporting
    assert [
        due_at(period, reporting.deadline_day, reporting.schedule.timezone)
        for period in grid["period"]
    ] == [moment.to_pydatetime() for moment in grid["due_at"]]


@pytest.fixture
def february_under_way(tiny):
    tiny.submit("house", "2025-01", "2025-02-03T09:00:00", counselling=[SESSION])
    # 22:59:59 UTC on 28 February is 23:59:59 in Ljubljana: February was not yet over
    tiny.submit(
        "groups",
        "2025-02",
        "2025-02-28T22:59:59",
        groups=[{"held_on": "2025-02-05", "activity_kind": "support_group", "participants": 9}],
    )
    tiny.build()
    return tiny


def test_a_month_still_under_way_is_not_reported_by_default_while_another_month_is(
    february_under_way,
):
    assert latest_period(february_under_way.con) == "2025-01"


def test_a_month_is_reported_by_default_once_a_file_arrives_after_it_is_over(february_under_way):
    # 23:00 UTC on 28 February is midnight in Ljubljana, as 1 March begins
    february_under_way.submit(
        "house",
        "2025-02",
        "2025-02-28T23:00:00",
        counselling=[{**SESSION, "session_on": "2025-02-07"}],
    )
    february_under_way.build()
    assert latest_period(february_under_way.con) == "2025-02"


def test_the_feedback_knows_the_same_end_of_a_month_as_the_default_month():
    # the warning of a file sent while its month is under way reads core.periods.month_over_at
    assert month_over_at("2025-02", "Europe/Ljubljana") == datetime(2025, 2, 28, 23, tzinfo=UTC)


def test_a_month_still_under_way_is_reported_by_default_when_no_other_month_has_a_file(tiny):
    tiny.submit("house", "2025-01", "2025-01-20T09:00:00", counselling=[SESSION])
    tiny.build()
    assert latest_period(tiny.con) == "2025-01"


@pytest.fixture
def first_quarter(tiny):
    for month in ("2025-01", "2025-02", "2025-03"):
        tiny.submit(
            "house",
            month,
            f"{month}-28T09:00:00",
            counselling=[{**SESSION, "user_code": f"C{month[-1]}", "hours": 5.0}],
            housing=[
                {
                    "site_id": "H-1",
                    "places": 4,
                    "residents": 4,
                    "resident_nights": 100,
                    "admissions": 0,
                    "exits_planned": 0,
                    "exits_unplanned": 0,
                },
                {
                    "site_id": "H-2",
                    "places": 2,
                    "residents": 2,
                    "resident_nights": 50,
                    "admissions": 0,
                    "exits_planned": 0,
                    "exits_unplanned": 0,
                },
            ],
        )
    tiny.build()
    return targets_vs_actual(tiny.con, "gp-2025", "2025-03").set_index("indicator_id")


def test_targets_show_the_share_achieved(first_quarter):
    # 15 of 120 counselling hours; 6 of 10 places; 3 of 8 people
    assert first_quarter["percent_achieved"].to_dict() == {
        "counselling_hours": 12.5,
        "housing_places": 60.0,
        "people_distinct": 37.5,
    }


def test_running_counts_are_projected_at_the_pace_so_far(first_quarter):
    # 15 hours in 3 of 12 months: 60 by December; 3 people: 12
    assert first_quarter.loc["counselling_hours", "projected_at_end"] == 60.0
    assert first_quarter.loc["people_distinct", "projected_at_end"] == 12.0


def test_people_counted_once_are_projected_at_the_pace_of_the_people_new_after_the_first_month(
    tiny,
):
    # January: 4 people, all new; February 1 more, March 1 more: 6 people by March, growing by
    # 1 a month since January, so 6 + 9 = 15 by December, not 6 / 3 * 12 = 24
    people = {"2025-01": ("P1", "P2", "P3", "P4"), "2025-02": ("P1", "P5"), "2025-03": ("P1", "P6")}
    for month, codes in people.items():
        sessions = [
            {**SESSION, "session_on": f"{month}-07", "user_code": code, "hours": 1.0}
            for code in codes
        ]
        tiny.submit("house", month, f"{month}-28T09:00:00", counselling=sessions)
    tiny.build()
    targets = targets_vs_actual(tiny.con, "gp-2025", "2025-03").set_index("indicator_id")
    assert targets.loc["people_distinct", "actual"] == 6
    assert targets.loc["people_distinct", "projected_at_end"] == 15.0
    # the hours, a running count, at the pace of the three months: 8 hours, 32 by December
    assert targets.loc["counselling_hours", "projected_at_end"] == 32.0


def test_people_counted_once_have_no_projection_after_the_first_month_alone(tiny):
    # in its first month everyone is new: 4 people in January say nothing of the pace, and
    # 4 * 12 = 48 by December would promise twelve times the people
    sessions = [
        {**SESSION, "session_on": "2025-01-07", "user_code": code, "hours": 1.0}
        for code in ("P1", "P2", "P3", "P4")
    ]
    tiny.submit("house", "2025-01", "2025-01-31T09:00:00", counselling=sessions)
    tiny.build()
    targets = targets_vs_actual(tiny.con, "gp-2025", "2025-01").set_index("indicator_id")
    assert targets.loc["people_distinct", "actual"] == 4
    assert pd.isna(targets.loc["people_distinct", "projected_at_end"])
    # the hours, a running count, have their pace from the first month: 4 hours, 48 by December
    assert targets.loc["counselling_hours", "projected_at_end"] == 48.0


def test_places_are_projected_as_they_stand(first_quarter):
    # capacity does not grow with time
    assert first_quarter.loc["housing_places", "projected_at_end"] == 6.0


@pytest.fixture
def reporting_from_march(tmp_path):
    """The tiny consortium of a 2025 grant whose partners report from March: house's counselling
    is 5 hours in March and 5 in April."""
    root = tmp_path / "late"
    (root / "inbox").mkdir(parents=True)
    config = (ROOT / "tests" / "fixtures" / "warehouse" / "consortium.yaml").read_text()
    config = config.replace("reports_from: 2025-01", "reports_from: 2025-03")
    (root / "consortium.yaml").write_text(
        config.replace("reports_from: 2025-02", "reports_from: 2025-03")
    )
    tiny = TinyWarehouse(root)
    for month in ("2025-03", "2025-04"):
        session = {**SESSION, "session_on": f"{month}-07", "hours": 5.0}
        tiny.submit("house", month, f"{month}-28T09:00:00", counselling=[session])
    tiny.build()
    yield targets_vs_actual(tiny.con, "gp-2025", "2025-04").set_index("indicator_id")
    tiny.con.close()


def test_running_counts_are_projected_at_the_pace_of_the_months_partners_reported(
    reporting_from_march,
):
    # 10 hours in the 2 months reported of the 10 from March to December: 50, not 10 / 4 * 12
    assert reporting_from_march.loc["counselling_hours", "projected_at_end"] == 50.0
    assert reporting_from_march.loc["counselling_hours", "months_elapsed"] == 2
