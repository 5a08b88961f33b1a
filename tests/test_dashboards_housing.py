"""The housing page's figures of the month, the year and the grant period to date, as the other
topic pages have them: places and occupancy, the nights spent, and the admissions and exits,
these counts of people suppressed with every other count the site shows."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from test_dashboards_disclosure import CONFIG, figure_row, workspace

from core.config import Workspace
from dashboards.site import render_pages, site_context
from load import warehouse

# alfa's one house, of 12 places instead of 4: enough residents to show
ROOMY = CONFIG.read_text().replace("places: 4}", "places: 12}")


def housing(residents: int, nights: int, admissions: int, exits: int, places: int = 12) -> dict:
    return {
        "housing": [
            {
                "site_id": "H1",
                "places": places,
                "residents": residents,
                "resident_nights": nights,
                "admissions": admissions,
                "exits_planned": exits,
                "exits_unplanned": 0,
            }
        ]
    }


def site(root: Path, january: dict, february: dict, config: str = ROOMY) -> Path:
    """The site of February 2025 of a workspace whose alfa sent these housing tables."""
    ws: Workspace = workspace(
        root / "ws", {("alfa", "2025-01"): january, ("alfa", "2025-02"): february}, config
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-02"), ws.site)
    return ws.site


def row(site: Path, name: str, figure: str) -> list[str]:
    """The month's, the year's and the grant period's cells of a figure's row of a page."""
    return figure_row(html.unescape((site / name).read_text(encoding="utf-8")), figure)


@pytest.fixture(scope="module")
def two_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site(tmp_path_factory.mktemp("housing"), housing(10, 300, 6, 5), housing(11, 310, 7, 6))


def test_the_housing_page_shows_the_nights_of_the_month_year_and_grant_period(two_months):
    # 300 nights in January and 310 in February; the grant period began with the year
    assert row(two_months, "housing.html", "Nočitve") == ["310", "610", "610"]


def test_the_housing_page_shows_the_admissions_and_exits_of_the_month_year_and_grant_period(
    two_months,
):
    assert row(two_months, "housing.html", "Sprejemi") == ["7", "13", "13"]
    assert row(two_months, "housing.html", "Načrtovani odhodi") == ["6", "11", "11"]
    assert row(two_months, "housing.html", "Nenačrtovani odhodi") == ["0", "0", "0"]


def test_a_partners_page_shows_its_admissions(two_months):
    assert row(two_months, "partner-alfa.html", "Sprejemi") == ["7", "13", "13"]


def test_a_small_count_of_admissions_is_shown_below_k(tmp_path):
    pages = site(tmp_path, housing(10, 300, 6, 5), housing(11, 310, 2, 6))
    assert row(pages, "housing.html", "Sprejemi")[0] == "<5"


def test_admissions_of_the_months_before_are_not_left_to_a_subtraction(tmp_path):
    # 2 in January, 6 in February: "6" beside "8" this year would give January's 2 away
    pages = site(tmp_path, housing(10, 300, 2, 5), housing(11, 310, 6, 6))
    month, year, _ = row(pages, "housing.html", "Sprejemi")
    assert "x" in (month, year)


def test_resident_nights_that_would_give_few_residents_away_are_marked_hidden(tmp_path):
    # 1 resident of 4 places, 3 nights in February: its nights (its occupancy) say how many they
    # were, and "<5" would read as fewer than five nights
    pages = site(
        tmp_path, housing(3, 90, 0, 0, places=4), housing(1, 3, 0, 0, places=4), CONFIG.read_text()
    )
    assert row(pages, "housing.html", "Nočitve")[0] == "x"
