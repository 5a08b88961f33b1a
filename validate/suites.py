"""The rules every submission is checked against, one Great Expectations suite per table.

Each rule carries in its `meta` the feedback catalogue key (`rule`) and its severity; a rule
reads as a line of a list a manager could check against the partners' instructions.
"""

from __future__ import annotations

from typing import Any


def rule(expectation: Any, key: str, severity: str = "error") -> Any:
    expectation.meta = {"rule": key, "severity": severity}
    return expectation


def table_rules(table: str, config: Any) -> list[Any]:
    import great_expectations as gx

    x = gx.expectations
    common = {
        "counselling": [
            rule(x.ExpectColumnValuesToNotBeNull(column="session_on"), "value_required"),
            rule(x.ExpectColumnValuesToNotBeNull(column="user_code"), "value_required"),
            rule(x.ExpectColumnValuesToNotBeNull(column="hours"), "value_required"),
            rule(x.ExpectColumnValuesToBeBetween(column="hours", min_value=0, max_value=12, strict_min=True),
                 "session_hours_range"),
            rule(x.ExpectColumnValuesToBeInSet(column="session_kind", value_set=["individual", "family", "group", "phone"]),
                 "code_not_allowed"),
        ],
        "housing": [
            rule(x.ExpectColumnValuesToNotBeNull(column="site_id"), "value_required"),
            rule(x.ExpectColumnValuesToBeBetween(column="residents", min_value=0), "not_negative"),
            rule(x.ExpectColumnPairValuesAToBeGreaterThanB(column_A="places", column_B="residents", or_equal=True,
                                                           ignore_row_if="either_value_is_missing"),
                 "residents_over_places"),
        ],
        "trainings": [
            rule(x.ExpectColumnValuesToBeBetween(column="hours", min_value=0, strict_min=True), "hours_positive"),
            rule(x.ExpectColumnValuesToBeBetween(column="participants", min_value=0), "not_negative"),
        ],
        "groups": [
            rule(x.ExpectColumnValuesToBeBetween(column="participants", min_value=0), "not_negative"),
            rule(x.ExpectColumnValuesToBeInSet(column="activity_kind",
                                               value_set=["support_group", "social_outing", "course", "network_meeting"]),
                 "code_not_allowed"),
        ],
        "people": [
            rule(x.ExpectColumnValuesToNotBeNull(column="user_code"), "value_required"),
            rule(x.ExpectColumnValuesToMatchRegex(column="user_code", regex=r"^[A-Za-z]{1,6}[-_/]?\d{1,6}$"),
                 "code_not_pseudonymous"),
        ],
    }
    return common[table]
