"""The Python API others call: per-partner and per-country figures, lineage, bad requests."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pandas as pd
import pytest

from transforms import figures
from transforms.figures import (
    FigureRequestError,
    figures_by,
    headline_figures,
    lineage,
    lineage_rows,
    monthly_figures,
)

PERSON = {
    "user_kind": "in_recovery",
    "sex": "male",
    "age_band": "18_25",
    "main_addiction": "gambling",
}


@pytest.fixture
def two_partners(tiny):
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-01T09:00:00",
        name="house-feb.xlsx",
        people=[{"user_code": "A1", **PERSON}, {"user_code": "A2", **PERSON}],
    )
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-01T09:00:00",
        name="groups-feb.xlsx",
        people=[{"user_code": "B1", **PERSON}],
    )
    tiny.build()
    return tiny


def test_figures_by_country_count_each_countrys_people(two_partners):
    frame = figures_by(two_partners.con, "2025-02", "2025-02", "country").set_index("group_id")
    # house is in Slovenia (A1, A2), groups in Norway (B1)
    assert frame["people_distinct"].to_dict() == {"NO": 1, "SI": 2}


def test_figures_for_one_partner_leave_the_others_out(two_partners):
    assert (
        headline_figures(two_partners.con, "2025-02", "2025-02", partner="groups")[
            "people_distinct"
        ]
        == 1
    )


def test_lineage_names_the_files_behind_a_figure(two_partners):
    files = lineage(two_partners.con, "people_distinct", "2025-02", "2025-02")
    # both partners' people sheets: two rows from house, one from groups
    assert dict(zip(files["name_as_received"], files["source_rows"], strict=False)) == {
        "groups-feb.xlsx": 1,
        "house-feb.xlsx": 2,
    }
    assert files["sha256"].str.len().eq(64).all()


def test_lineage_rows_point_at_sheet_and_row(two_partners):
    rows = lineage_rows(two_partners.con, "people_distinct", "2025-02", "2025-02", partner="house")
    assert rows[["sheet", "sheet_row"]].values.tolist() == [["people", 2], ["people", 3]]


def test_an_unknown_figure_has_no_lineage(two_partners):
    with pytest.raises(FigureRequestError, match="no figure 'people_total'"):
        lineage(two_partners.con, "people_total", "2025-02", "2025-02")


def test_a_month_must_be_written_yyyy_mm(two_partners):
    with pytest.raises(FigureRequestError, match="'2025-2' is not a month written YYYY-MM"):
        headline_figures(two_partners.con, "2025-2", "2025-03")


def session(code: str, day: str, hours: float, kind: str = "individual") -> dict:
    return {"session_on": day, "user_code": code, "session_kind": kind, "hours": hours}


@pytest.fixture
def three_months(tiny):
    """People who come back, are new, are assessed twice and leave; a housing unit that grows;
    a month one partner missed; and a correction of February received in April."""
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-03T09:00:00",
        housing=[{"site_id": "H-1", "places": 4, "residents": 3, "resident_nights": 80}],
        counselling=[session("A1", "2025-01-07", 1.5), session("A2", "2025-01-09", 1, "group")],
        people=[{"user_code": c, **PERSON, "barc10": 30} for c in ("A1", "A2")],
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-03-03T09:00:00",
        housing=[{"site_id": "H-1", "places": 5, "residents": 4, "resident_nights": 100}],
        counselling=[session("A2", "2025-02-04", 2), session("A3", "2025-02-11", 0.5)],
        people=[{"user_code": c, **PERSON, "barc10": 40} for c in ("A2", "A3")],
    )
    tiny.submit(
        "groups",
        "2025-02",
        "2025-03-20T09:00:00",
        people=[{"user_code": "B1", **PERSON}],
    )
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-02T09:00:00",
        people=[{"user_code": c, **PERSON} for c in ("B1", "B2")],
    )
    tiny.submit(
        "house",
        "2025-02",
        "2025-04-10T09:00:00",
        name="house-feb-corrected.xlsx",
        housing=[{"site_id": "H-1", "places": 5, "residents": 4, "resident_nights": 90}],
        counselling=[session("A2", "2025-02-04", 3)],
        people=[{"user_code": "A2", **PERSON, "barc10": 48}],
    )
    tiny.build()
    return tiny


def each_month_alone(con, first, last, **scope) -> pd.DataFrame:
    months = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    return pd.DataFrame([{"period": m, **headline_figures(con, m, m, **scope)} for m in months])


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"partner": "house"},
        {"as_of": datetime(2025, 4, 5, tzinfo=UTC)},
    ],
    ids=["consortium", "one partner", "as of before the correction"],
)
def test_each_month_of_monthly_figures_is_the_headline_of_that_month_alone(three_months, scope):
    monthly = monthly_figures(three_months.con, "2024-12", "2025-04", **scope)
    pd.testing.assert_frame_equal(
        monthly, each_month_alone(three_months.con, "2024-12", "2025-04", **scope)
    )


def test_monthly_figures_count_people_new_in_the_month_they_first_came(three_months):
    monthly = monthly_figures(three_months.con, "2025-01", "2025-03").set_index("period")
    # A1, A2 in January; A2 again and B1 new in February (A3 only before the correction); B2 in March
    assert monthly["people_new"].to_dict() == {"2025-01": 2, "2025-02": 1, "2025-03": 1}
    assert monthly["people_returning"].to_dict() == {"2025-01": 0, "2025-02": 1, "2025-03": 1}


def test_an_indicator_grouped_by_partner_groups_itself_is_refused(
    three_months, tmp_path, monkeypatch
):
    (tmp_path / "staff_trainings.sql").write_text(
        """
        select partner_group.group_id, count(*) as staff_trainings
        from in_scope('int_trainings_in_force') as trainings
        inner join partner_groups() as partner_group using (partner_id)
        group by partner_group.group_id
        """,
        encoding="utf-8",
    )
    monkeypatch.setattr(figures, "INDICATORS_DIR", tmp_path)
    with pytest.raises(FigureRequestError, match=r"staff_trainings\.sql joins partner_groups\(\)"):
        monthly_figures(three_months.con, "2025-01", "2025-03")


def test_a_figure_asked_again_inside_a_remembered_block_is_computed_once(two_partners):
    with figures.figures_remembered():
        first = headline_figures(two_partners.con, "2025-02", "2025-02")
        two_partners.submit(
            "house",
            "2025-02",
            "2025-03-02T09:00:00",
            name="house-feb-2.xlsx",
            people=[{"user_code": f"C{i}", **PERSON} for i in range(3)],
        )
        two_partners.build()
        # the block is the caller's promise that the warehouse no longer changes
        assert headline_figures(two_partners.con, "2025-02", "2025-02") == first
    assert headline_figures(two_partners.con, "2025-02", "2025-02") != first


def test_each_caller_of_a_remembered_figure_gets_a_copy_of_its_own(two_partners):
    with figures.figures_remembered():
        by_partner = figures_by(two_partners.con, "2025-02", "2025-02", "partner")
        by_partner["people_distinct"] = -1
        again = figures_by(two_partners.con, "2025-02", "2025-02", by="partner")
        assert (again["people_distinct"] > 0).all()


def test_a_value_two_threads_ask_for_at_once_is_worked_out_once_and_both_get_it(two_partners):
    worked_out, started = [], threading.Event()

    def plan() -> dict:
        started.set()
        worked_out.append(threading.current_thread().name)
        time.sleep(0.3)  # long enough for the other thread to ask meanwhile
        return {"hidden": 2}

    def ask() -> dict:
        return figures.remembered_value(two_partners.con.cursor(), "plan", ("2025-02",), plan)

    with figures.figures_remembered(), ThreadPoolExecutor(2) as threads:
        first = threads.submit(ask)
        started.wait(5)
        second = threads.submit(ask)
        assert first.result() is second.result()
    assert len(worked_out) == 1
