"""The Python API others call: per-partner and per-country figures, lineage, bad requests."""

from __future__ import annotations

import pytest

from transforms.figures import (
    FigureRequestError,
    figures_by,
    headline_figures,
    lineage,
    lineage_rows,
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
