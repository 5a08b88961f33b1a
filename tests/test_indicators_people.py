"""People counted once per period, new and returning, breakdowns and BARC-10 outcomes."""

from __future__ import annotations

import pytest

from transforms.figures import people_breakdown, people_breakdown_by

IN_RECOVERY = {
    "user_kind": "in_recovery",
    "sex": "female",
    "age_band": "26_35",
    "main_addiction": "alcohol",
}
RELATIVE = {"user_kind": "relative", "sex": "male", "age_band": "51_64", "main_addiction": "other"}
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]


@pytest.fixture
def five_months(tiny):
    """P1 lives in H-1 and has counselling every month from January to May (two programmes)."""
    for month in MONTHS:
        tiny.submit(
            "house",
            month,
            f"{month}-28T09:00:00",
            people=[{"user_code": "P1", **IN_RECOVERY, "housing_unit": "H-1"}],
            counselling=[
                {
                    "session_on": f"{month}-10",
                    "user_code": "P1",
                    "session_kind": "individual",
                    "hours": 1.0,
                }
            ],
        )
    return tiny


def test_person_in_five_months_and_two_programmes_counts_once_in_the_quarter(five_months):
    figures = five_months.figures("2025-01", "2025-03")
    # P1 is one person: a resident and counselled in each of the three months
    counted = ("people_distinct", "residents_distinct", "counselling_people_distinct")
    assert [figures[f] for f in counted] == [1, 1, 1]


def test_person_in_five_months_and_two_programmes_counts_once_in_the_year(five_months):
    assert five_months.figures("2025-01", "2025-12")["people_distinct"] == 1


def test_monthly_distinct_counts_would_count_the_person_five_times(five_months):
    five_months.build()
    monthly = five_months.con.execute(
        "select sum(people_distinct) from mart_partner_months where partner_id = 'house'"
    ).fetchone()[0]
    # the trap the range figures avoid: 1 per month, 5 when added up
    assert monthly == 5


def test_people_new_in_a_range_are_those_never_seen_before(five_months):
    five_months.submit(
        "house",
        "2025-04",
        "2025-05-02T09:00:00",
        name="april-again.xlsx",
        people=[
            {"user_code": "P1", **IN_RECOVERY, "housing_unit": "H-1"},
            {"user_code": "P2", **RELATIVE},
        ],
    )
    figures = five_months.figures("2025-04", "2025-06")
    # P2 first appears in April (new); P1 has been served since January (returning)
    assert (figures["people_distinct"], figures["people_new"], figures["people_returning"]) == (
        2,
        1,
        1,
    )


def test_codes_of_different_partners_are_different_people_unless_shared(tiny):
    tiny.submit(
        "house", "2025-02", "2025-03-01T09:00:00", people=[{"user_code": "X9", **IN_RECOVERY}]
    )
    tiny.submit(
        "groups", "2025-02", "2025-03-01T09:00:00", people=[{"user_code": "X9", **IN_RECOVERY}]
    )
    # shared_user_codes is false: each partner's X9 is its own person
    assert tiny.figures("2025-02", "2025-02")["people_distinct"] == 2


def test_a_client_number_with_leading_zeros_is_the_same_person_as_without(tiny):
    # "007" typed as text on the people sheet, 7 in a counselling cell formatted to show 007
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-01T09:00:00",
        people=[{"user_code": "007", **IN_RECOVERY}],
        counselling=[
            {"session_on": "2025-02-10", "user_code": 7, "session_kind": "individual", "hours": 1.0}
        ],
    )
    assert tiny.figures("2025-02", "2025-02")["people_distinct"] == 1


def test_a_code_shared_across_partners_is_one_person(tiny_shared):
    tiny_shared.submit(
        "house", "2025-02", "2025-03-01T09:00:00", people=[{"user_code": "X9", **IN_RECOVERY}]
    )
    tiny_shared.submit(
        "groups", "2025-02", "2025-03-01T09:00:00", people=[{"user_code": "X9", **IN_RECOVERY}]
    )
    # shared_user_codes is true: X9 is the same person at both partners
    assert tiny_shared.figures("2025-02", "2025-02")["people_distinct"] == 1


def test_people_break_down_once_each_by_kind_sex_age_and_addiction(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        people=[{"user_code": "P1", **IN_RECOVERY}, {"user_code": "P2", **RELATIVE}],
        counselling=[
            {"session_on": "2025-01-09", "user_code": "P3", "session_kind": "phone", "hours": 0.5}
        ],
    )
    tiny.submit(
        "house", "2025-02", "2025-03-01T09:00:00", people=[{"user_code": "P1", **IN_RECOVERY}]
    )
    tiny.build()
    frame = people_breakdown(tiny.con, "2025-01", "2025-02")
    sexes = dict(
        zip(*frame.query("dimension == 'sex'")[["category", "people"]].T.values, strict=False)
    )
    # P1 once although in two months; P3 is known only from a phone session, so unknown
    assert sexes == {"female": 1, "male": 1, "unknown": 1}


def test_a_relatives_main_addiction_is_not_applicable_and_only_an_unstated_ones_unknown(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        people=[
            {"user_code": "P1", **IN_RECOVERY},
            {"user_code": "P2", **RELATIVE, "main_addiction": None},
        ],
        counselling=[
            {"session_on": "2025-01-09", "user_code": "P3", "session_kind": "phone", "hours": 0.5}
        ],
    )
    tiny.build()
    frame = people_breakdown(tiny.con, "2025-01", "2025-01")
    addictions = frame.query("dimension == 'main_addiction'")
    # P2, a relative, has no addiction of its own; P3, known only from a phone session, may
    # have one that nobody stated
    assert dict(zip(addictions["category"], addictions["people"], strict=True)) == {
        "alcohol": 1,
        "not_applicable": 1,
        "unknown": 1,
    }


def test_the_breakdown_per_partner_is_each_partners_own_breakdown(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        people=[{"user_code": "P1", **IN_RECOVERY}, {"user_code": "P2", **RELATIVE}],
    )
    tiny.submit(
        "groups", "2025-01", "2025-02-01T09:00:00", people=[{"user_code": "G1", **RELATIVE}]
    )
    tiny.build()
    by_partner = people_breakdown_by(tiny.con, "2025-01", "2025-01", "partner")
    assert sorted(by_partner) == ["groups", "house"]
    for partner, frame in by_partner.items():
        own = people_breakdown(tiny.con, "2025-01", "2025-01", partner=partner)
        assert frame.to_dict("records") == own.to_dict("records")
    sexes = by_partner["house"].query("dimension == 'sex'")
    assert dict(zip(sexes["category"], sexes["people"], strict=True)) == {"female": 1, "male": 1}


def test_group_participants_are_people_who_attended_a_group(tiny):
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-01T09:00:00",
        people=[
            {"user_code": "G1", **IN_RECOVERY, "group_meetings": 3},
            {"user_code": "G2", **RELATIVE, "group_meetings": 0},
        ],
    )
    # G2 attended no meeting
    assert tiny.figures("2025-02", "2025-02")["group_participants_distinct"] == 1


@pytest.fixture
def assessed(tiny):
    scores = {
        "2025-01": {"P1": 30},
        "2025-02": {"P4": 20},
        "2025-03": {"P1": 40, "P4": 44},
        "2025-04": {"P2": 50},
        "2025-05": {"P1": 48},
    }
    for month, people in scores.items():
        tiny.submit(
            "house",
            month,
            f"{month}-28T09:00:00",
            people=[
                {"user_code": code, **IN_RECOVERY, "barc10": score}
                for code, score in people.items()
            ],
        )
    return tiny


def test_barc10_counts_only_people_assessed_at_least_twice(assessed):
    # P1 (three times) and P4 (twice); P2 was assessed once
    assert assessed.figures("2025-01", "2025-05")["barc10_people_assessed_twice"] == 2


def test_barc10_means_compare_first_and_latest_scores(assessed):
    figures = assessed.figures("2025-01", "2025-05")
    # first scores 30 (P1) and 20 (P4): mean 25; latest 48 and 44: mean 46
    assert (figures["barc10_first_mean"], figures["barc10_latest_mean"]) == (25.0, 46.0)


def test_barc10_share_at_or_above_47_uses_the_latest_score(assessed):
    # P1's latest 48 is at or above 47, P4's 44 is not: one of two
    assert assessed.figures("2025-01", "2025-05")["barc10_share_at_or_above_47"] == 0.5
