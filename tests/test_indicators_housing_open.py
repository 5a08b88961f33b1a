"""Place-nights and occupancy of a housing unit that opens or closes within a month: its places
count only for the nights it was open."""

from __future__ import annotations

import pytest
from conftest import ROOT, TinyWarehouse

from core.periods import nights_open
from transforms.figures import site_figures

NO_MOVES = {"admissions": 0, "exits_planned": 0, "exits_unplanned": 0}


@pytest.fixture
def house_one_open(tmp_path):
    """The tiny consortium with the days H-1 (4 places) opened or closed, as consortium.yaml
    writes them ("opened: 2025-01-15")."""

    made: list[TinyWarehouse] = []

    def workspace(days: str) -> TinyWarehouse:
        root = tmp_path / "tiny"
        (root / "inbox").mkdir(parents=True)
        config = (ROOT / "tests" / "fixtures" / "warehouse" / "consortium.yaml").read_text()
        unit = "kind: housing, places: 4}"
        assert unit in config
        (root / "consortium.yaml").write_text(
            config.replace(unit, f"kind: housing, places: 4, {days}}}")
        )
        made.append(TinyWarehouse(root))
        return made[-1]

    yield workspace
    for tiny in made:
        tiny.con.close()


def house_one(residents: int, nights: int) -> dict:
    return {
        "site_id": "H-1",
        "places": 4,
        "residents": residents,
        "resident_nights": nights,
        **NO_MOVES,
    }


def test_a_unit_opened_mid_month_counts_its_places_from_its_opening_night(house_one_open):
    tiny = house_one_open("opened: 2025-01-15")
    tiny.submit("house", "2025-01", "2025-02-03T09:00:00", housing=[house_one(3, 51)])
    figures = tiny.figures("2025-01", "2025-01")
    # 4 places from the 15th to the 31st: 4 x 17 = 68 place-nights, not 4 x 31
    assert figures["place_nights"] == 68
    assert figures["occupancy_rate"] == pytest.approx(51 / 68)


def test_a_unit_closed_mid_month_counts_its_places_to_its_closing_night(house_one_open):
    tiny = house_one_open("closed: 2025-02-10")
    tiny.submit("house", "2025-02", "2025-03-03T09:00:00", housing=[house_one(4, 30)])
    figures = tiny.figures("2025-02", "2025-02")
    # 4 places from the 1st to the 10th: 4 x 10 = 40 place-nights, not 4 x 28
    assert figures["place_nights"] == 40
    assert figures["occupancy_rate"] == pytest.approx(30 / 40)


def test_a_units_page_gives_its_occupancy_over_the_nights_it_was_open(house_one_open):
    tiny = house_one_open("opened: 2025-01-15")
    tiny.submit("house", "2025-01", "2025-02-03T09:00:00", housing=[house_one(3, 51)])
    tiny.build()
    sites = site_figures(tiny.con, "2025-01", "2025-01").set_index("site_id")
    assert sites.loc["H-1", "occupancy_rate"] == pytest.approx(51 / 68)


def test_validation_counts_the_same_nights_open_as_the_figures(house_one_open):
    # validation checks a file's nights with core.periods.nights_open while the figures count
    # them in SQL: a month before the opening, the opening month, a whole month, the closing one
    tiny = house_one_open("opened: 2025-02-15, closed: 2025-04-10")
    months = ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05")
    for month in months:
        tiny.submit("house", month, f"{month}-28T09:00:00", housing=[house_one(0, 0)])
    tiny.build()
    units = tiny.con.execute(
        "select period, place_nights // places from mart_housing_unit_months order by period"
    ).fetchall()
    unit = tiny.ws.config.partner("house").site("H-1")
    assert units == [(month, nights_open(month, unit.opened, unit.closed)) for month in months]
    assert [nights for _, nights in units] == [0, 14, 31, 10, 0]
