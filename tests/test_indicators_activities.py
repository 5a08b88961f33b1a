"""Housing, counselling, trainings and groups over a range, on tiny hand-made submissions."""

from __future__ import annotations

import pytest

from transforms.figures import activity_breakdown, monthly_figures, partner_months, site_figures

NO_MOVES = {"admissions": 0, "exits_planned": 0, "exits_unplanned": 0}


@pytest.fixture
def housing(tiny):
    # January has 31 days, February 28; H-1 has 4 places, H-2 has 2.
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[
            {
                "site_id": "h-1",
                "places": 4,
                "residents": 3,
                "resident_nights": 90,
                "admissions": 1,
                "exits_planned": 0,
                "exits_unplanned": 1,
            },
            {"site_id": "H-2", "places": 2, "residents": 2, "resident_nights": 62, **NO_MOVES},
        ],
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-03T09:00:00",
        housing=[
            {
                "site_id": "H-1",
                "places": 4,
                "residents": 2,
                "resident_nights": 56,
                "admissions": 0,
                "exits_planned": 1,
                "exits_unplanned": 0,
            },
            {
                "site_id": "H-2",
                "places": 2,
                "residents": 2,
                "resident_nights": 56,
                "admissions": 1,
                "exits_planned": 0,
                "exits_unplanned": 1,
            },
        ],
    )
    return tiny


def test_housing_units_and_places_count_each_unit_once_over_the_range(housing):
    figures = housing.figures("2025-01", "2025-02")
    # two units (h-1 is H-1 written in another case), 4 + 2 places, not 12 from adding months
    assert (figures["housing_units"], figures["housing_places"]) == (2, 6)


def test_residents_at_month_end_are_those_of_the_last_month(housing):
    # February: 2 in H-1 and 2 in H-2
    assert housing.figures("2025-01", "2025-02")["residents_month_end"] == 4


def test_occupancy_is_resident_nights_over_place_nights(housing):
    figures = housing.figures("2025-01", "2025-02")
    # resident-nights 90 + 62 + 56 + 56 = 264; place-nights 6 x 31 + 6 x 28 = 354
    assert figures["resident_nights"] == 264 and figures["place_nights"] == 354
    assert figures["occupancy_rate"] == pytest.approx(264 / 354)


def test_admissions_and_exits_add_up_over_the_months(housing):
    figures = housing.figures("2025-01", "2025-02")
    # admissions 1 + 1; planned exits 1 (February H-1); unplanned 1 (January H-1) + 1 (February H-2)
    assert (figures["admissions"], figures["exits_planned"], figures["exits_unplanned"]) == (
        2,
        1,
        2,
    )


MOVES = ("admissions", "exits_planned", "exits_unplanned")


def by_register(site_id: str, places: int, residents: int, nights: int) -> dict:
    """A unit's month as a presence register gives it: who slept there each night, not who moved
    in or out (its moves left empty)."""
    return {
        "site_id": site_id,
        "places": places,
        "residents": residents,
        "resident_nights": nights,
        **dict.fromkeys(MOVES),
    }


def test_admissions_not_reported_by_a_presence_register_read_not_reported(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[by_register("H-1", 4, 3, 90)],
    )
    figures = tiny.figures("2025-01", "2025-01")
    # nobody said who moved: not reported, never 0 (nobody moved)
    assert [figures[m] for m in MOVES] == [None, None, None]
    # the nights and occupancy the register did give stand: 90 of 4 x 31
    assert figures["resident_nights"] == 90
    assert figures["occupancy_rate"] == pytest.approx(90 / 124)


def test_admissions_of_a_month_by_presence_register_are_not_reported_in_its_partner_month(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[by_register("H-1", 4, 3, 90)],
    )
    tiny.build()
    months = partner_months(tiny.con, "2025-01", "2025-01")
    assert months[list(MOVES)].isna().all(axis=None)
    assert months["resident_nights"].tolist() == [90]


def test_admissions_add_up_the_units_that_stated_them_beside_a_presence_register(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[
            by_register("H-1", 4, 3, 90),
            {"site_id": "H-2", "places": 2, "residents": 2, "resident_nights": 62}
            | {"admissions": 2, "exits_planned": 0, "exits_unplanned": 1},
        ],
    )
    figures = tiny.figures("2025-01", "2025-01")
    # H-2's sheet said them; H-1's register adds nothing; its explicit 0 stays 0
    assert [figures[m] for m in MOVES] == [2, 0, 1]
    assert figures["resident_nights"] == 152


def test_admissions_of_a_range_add_the_months_that_stated_them(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[by_register("H-1", 4, 3, 90)],
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-03T09:00:00",
        housing=[
            {"site_id": "H-1", "places": 4, "residents": 3, "resident_nights": 84}
            | {"admissions": 1, "exits_planned": 0, "exits_unplanned": 0}
        ],
    )
    tiny.build()
    monthly = monthly_figures(tiny.con, "2025-01", "2025-02").set_index("period")
    # January's register said nothing of them, February's sheet 1
    assert monthly["admissions"].isna().tolist() == [True, False]
    assert monthly.at["2025-02", "admissions"] == 1
    assert tiny.figures("2025-01", "2025-02")["admissions"] == 1


def test_a_housing_table_sent_without_rows_has_no_admissions_as_a_real_zero(tiny):
    tiny.submit("house", "2025-01", "2025-02-03T09:00:00", housing=[])
    figures = tiny.figures("2025-01", "2025-01")
    assert [figures[m] for m in MOVES] == [0, 0, 0]


def test_occupancy_is_undefined_without_places(tiny):
    # no housing rows at all: no place-nights to divide by
    assert tiny.figures("2025-01", "2025-02")["occupancy_rate"] is None


def test_site_figures_give_each_units_occupancy(housing):
    housing.build()
    sites = site_figures(housing.con, "2025-01", "2025-02").set_index("site_id")
    # H-2 is full: 62 + 56 resident-nights in 2 x 31 + 2 x 28 = 118 place-nights
    assert sites.loc["H-2", "occupancy_rate"] == pytest.approx(1.0)
    assert sites.loc["H-2", "site_name"] == "House two"


@pytest.fixture
def counselling(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        counselling=[
            {
                "session_on": "2025-01-07",
                "user_code": "A1",
                "session_kind": "individual",
                "hours": 1.5,
            },
        ],
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-03T09:00:00",
        counselling=[
            {"session_on": "2025-02-04", "user_code": "a1", "session_kind": "family", "hours": 1.0},
            {"session_on": "2025-02-11", "user_code": "B2", "session_kind": "phone", "hours": 0.5},
            {"session_on": "2025-02-18", "user_code": "B2", "session_kind": "group", "hours": 2.0},
        ],
    )
    return tiny


def test_counselling_sessions_and_hours_add_up(counselling):
    figures = counselling.figures("2025-01", "2025-02")
    # four sessions; 1.5 + 1 + 0.5 + 2 hours
    assert (figures["counselling_sessions"], figures["counselling_hours"]) == (4, 5.0)


def test_counselled_people_are_counted_once_in_the_range(counselling):
    # A1 (also written a1) and B2: 2 people, although the monthly counts 1 + 2 add up to 3
    assert counselling.figures("2025-01", "2025-02")["counselling_people_distinct"] == 2


def test_counselling_breaks_down_by_kind_of_session(counselling):
    counselling.build()
    kinds = activity_breakdown(counselling.con, "2025-01", "2025-02").query(
        "activity == 'counselling'"
    )
    # one session of each kind; the group session lasted 2 hours
    assert dict(zip(kinds["kind"], kinds["events"], strict=False)) == {
        "family": 1,
        "group": 1,
        "individual": 1,
        "phone": 1,
    }
    assert kinds.set_index("kind").loc["group", "hours"] == 2.0


@pytest.fixture
def trainings(tiny):
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-03T09:00:00",
        trainings=[
            {
                "held_on": "2025-02-05",
                "title": "First aid",
                "audience": "staff",
                "hours": 3.0,
                "participants": 12,
            },
            {
                "held_on": "2025-02-19",
                "title": "Family day",
                "audience": "relatives",
                "hours": 2.0,
                "participants": 8,
            },
        ],
    )
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-03T09:00:00",
        trainings=[
            {
                "held_on": "2025-03-12",
                "title": "Public talk",
                "audience": "public",
                "hours": 1.5,
                "participants": 30,
            },
        ],
    )
    return tiny


def test_trainings_hours_and_participants_add_up(trainings):
    figures = trainings.figures("2025-02", "2025-03")
    # three trainings; 3 + 2 + 1.5 hours; 12 + 8 + 30 participants
    assert (figures["trainings"], figures["training_hours"], figures["training_participants"]) == (
        3,
        6.5,
        50,
    )


def test_trainings_break_down_by_audience(trainings):
    trainings.build()
    audiences = activity_breakdown(trainings.con, "2025-02", "2025-03").query(
        "activity == 'trainings'"
    )
    assert dict(zip(audiences["kind"], audiences["participants"], strict=False)) == {
        "public": 30,
        "relatives": 8,
        "staff": 12,
    }


@pytest.fixture
def groups(tiny):
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-03T09:00:00",
        groups=[
            {
                "held_on": "2025-02-05",
                "activity_kind": "support_group",
                "site_id": "g-1",
                "participants": 10,
                "hours": 1.5,
            },
            {"held_on": "2025-02-15", "activity_kind": "social_outing", "participants": 6},
        ],
    )
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-03T09:00:00",
        groups=[
            {
                "held_on": "2025-03-05",
                "activity_kind": "support_group",
                "site_id": "G-1",
                "participants": 9,
            },
            {"held_on": "2025-03-08", "activity_kind": "course", "participants": 5},
            {"held_on": "2025-03-20", "activity_kind": "network_meeting", "participants": 4},
        ],
    )
    return tiny


def test_group_meetings_and_attendance_add_up(groups):
    figures = groups.figures("2025-02", "2025-03")
    # five meetings of any kind; 10 + 6 + 9 + 5 + 4 present
    assert (figures["group_meetings"], figures["activity_participants"]) == (5, 34)


def test_groups_break_down_by_kind_of_activity(groups):
    groups.build()
    kinds = activity_breakdown(groups.con, "2025-02", "2025-03").query("activity == 'groups'")
    assert dict(zip(kinds["kind"], kinds["events"], strict=False)) == {
        "course": 1,
        "network_meeting": 1,
        "social_outing": 1,
        "support_group": 2,
    }


def test_a_groups_site_gathers_its_meetings_however_written(groups):
    groups.build()
    sites = site_figures(groups.con, "2025-02", "2025-03").set_index("site_id")
    # g-1 and G-1 are the same group: 2 meetings, 10 + 9 present
    assert (sites.loc["G-1", "group_meetings"], sites.loc["G-1", "activity_participants"]) == (
        2,
        19,
    )
