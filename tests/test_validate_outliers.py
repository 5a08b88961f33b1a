"""A month far from the partner's own usual level is a warning, found by a median-based rule."""

from datetime import UTC, datetime

import pandas as pd

from core.submission import Submission
from validate.outliers import outlier_problems


def submission(sessions, period="2025-06"):
    counselling = pd.DataFrame(
        {"sheet": "Svetovanje", "sheet_row": range(2, sessions + 2), "hours": 1.0}
    )
    return Submission(
        sha256="a" * 64,
        name_as_received="x.xlsx",
        size_bytes=1,
        received_at=datetime(2025, 7, 3, tzinfo=UTC),
        partner_id="most-si",
        period=period,
        tables={"counselling": counselling},
    )


def history(*sessions):
    periods = [f"2025-{m:02d}" for m in range(1, len(sessions) + 1)]
    return pd.DataFrame(
        {
            "partner_id": "most-si",
            "period": periods,
            "counselling_sessions": sessions,
            "counselling_hours": [float(s) for s in sessions],
        }
    )


def test_month_far_above_the_usual_level_is_a_warning():
    problems = outlier_problems(submission(40), history(10, 12, 9, 11, 10), "sl")
    assert {(p.severity, p.rule, p.params["measure"]) for p in problems} == {
        ("warning", "outlier_high", "counselling_sessions"),
        ("warning", "outlier_high", "counselling_hours"),
    }


def test_ordinary_month_is_not_an_outlier():
    assert outlier_problems(submission(13), history(10, 12, 9, 11, 10), "sl") == []


def test_one_wild_earlier_month_does_not_hide_an_outlier():
    # a mean and standard deviation would be pulled up by the 200; the median and MAD are not
    problems = outlier_problems(submission(40), history(10, 12, 9, 11, 200), "sl")
    assert "outlier_high" in {p.rule for p in problems}


def test_empty_month_after_busy_months_is_a_low_outlier():
    problems = outlier_problems(submission(0), history(10, 12, 9, 11, 10), "sl")
    assert "outlier_low" in {p.rule for p in problems}


def test_short_history_gives_no_warning():
    assert outlier_problems(submission(40), history(10, 12), "sl") == []


def test_later_months_are_not_history():
    # a resubmission of an earlier month is compared only with the months before it
    assert (
        outlier_problems(submission(40, period="2025-02"), history(1, 40, 40, 40, 40), "sl") == []
    )


def test_outlier_names_the_sheet_and_column():
    problems = outlier_problems(submission(40), history(10, 12, 9, 11, 10), "sl")
    hours = next(p for p in problems if p.params["measure"] == "counselling_hours")
    assert (hours.sheet, hours.column) == ("Svetovanje", "Ure")
