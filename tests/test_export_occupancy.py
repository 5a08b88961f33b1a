"""An export's occupancy and resident-nights are hidden (x) with the residents they would give away
(places are published: 4 places 75 % full for a month are 3 residents), as the site hides them,
and a hidden one is not left to a subtraction."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_dashboards_disclosure import CONFIG, figure_row, unit, workspace

from core.config import Workspace
from dashboards.site import render_pages, site_context
from export.figures import export_figures
from export.tables import build_report
from load import warehouse


def figures(ws: Workspace, table: str, first: str, last: str) -> pd.DataFrame:
    """A table of the export of months first..last, as every file of it publishes it, by row."""
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        frame = build_report(con, ws.config, first, last).tables[table].frame
    return frame.set_index(frame.columns[0])


def csv_rows(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


@pytest.fixture(scope="module")
def few_residents(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa's one unit H1: 3 residents in its 4 places for 31 nights, 75 % full in January."""
    return workspace(
        tmp_path_factory.mktemp("few") / "ws",
        {("alfa", "2025-01"): {"housing": [unit("H1", 4, 3, 93)]}},
    )


@pytest.fixture(scope="module")
def two_units(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa's units in January: H1 with 3 residents in 4 places, H2 with 10 in 10, all full."""
    return workspace(
        tmp_path_factory.mktemp("two") / "ws",
        {("alfa", "2025-01"): {"housing": [unit("H1", 4, 3, 93), unit("H2", 10, 10, 310)]}},
    )


def test_export_hides_a_partners_occupancy_when_its_residents_are_few(few_residents):
    # alfa's 93 nights in 4 places are 3 residents: its row, the total (alfa's alone) and the
    # month's row would all say so
    with warehouse.connect(few_residents.warehouse, read_only=True) as con:
        folder = export_figures(few_residents, con, "2025-01", "2025-01", images=False)
    per_partner = csv_rows(folder / "per_partner.csv")
    per_month = csv_rows(folder / "per_month.csv")
    summary = csv_rows(folder / "summary.csv")
    for row in (per_partner["alfa"], per_partner["Vsi partnerji"], per_month["2025-01"]):
        assert (row["Nočitve"], row["Zasedenost"]) == ("x", "x")
        assert row["Mesta v bivanjskih skupnostih"] == "4"
    assert summary["Nočitve"]["Vrednost"] == "x"
    assert summary["Zasedenost"]["Vrednost"] == "x"


def test_export_shows_occupancy_when_its_residents_are_enough(tmp_path):
    # 5 residents in 6 places: 155 nights of 6 x 31 are 83.3 %
    ws = workspace(tmp_path / "ws", {("alfa", "2025-01"): {"housing": [unit("H1", 6, 5, 155)]}})
    per_partner = figures(ws, "per_partner", "2025-01", "2025-01")
    assert per_partner.loc["alfa", ["resident_nights", "occupancy_rate"]].tolist() == [155, 83.3]


def test_the_workbook_writes_occupancy_as_a_percentage(tmp_path):
    # 155 nights of 6 x 31 are 83.3 %: Excel's share 0.833 under a percentage format, so the
    # column reads 83.3% and computes as a rate; the CSV file keeps its 83.3
    ws = workspace(tmp_path / "ws", {("alfa", "2025-01"): {"housing": [unit("H1", 6, 5, 155)]}})
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        folder = export_figures(ws, con, "2025-01", "2025-01", images=False)
    book = load_workbook(folder / "report.xlsx")
    for sheet in ("Po partnerjih", "Po mesecih"):
        header = [c.value for c in book[sheet][1]]
        occupancy = book[sheet].cell(2, header.index("Zasedenost") + 1)
        assert (occupancy.value, occupancy.number_format) == (0.833, "0.0%"), sheet
    assert csv_rows(folder / "per_partner.csv")["alfa"]["Zasedenost"] == "83.3"


def test_export_does_not_leave_a_months_hidden_occupancy_to_a_subtraction(tmp_path):
    # January's 3 residents hide its 93 nights; February's 140 beside the period's 233 would
    # give them back, so they go too; the 5 residents at the period's end keep the total shown.
    ws = workspace(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): {"housing": [unit("H1", 5, 3, 93)]},
            ("alfa", "2025-02"): {"housing": [unit("H1", 5, 5, 140)]},
        },
    )
    per_month = figures(ws, "per_month", "2025-01", "2025-02")
    assert per_month["resident_nights"].tolist() == ["x", "x", 233]
    assert per_month["occupancy_rate"].tolist()[:2] == ["x", "x"]


def occupancy_hidden_on_the_site(ws: Workspace, period: str, folder: Path) -> dict[str, bool]:
    """Whether the site hides the month's occupancy of alfa and of the consortium."""
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, period), folder)
    partner = (folder / "partner-alfa.html").read_text(encoding="utf-8")
    overview = (folder / "index.html").read_text(encoding="utf-8")
    return {
        "alfa": figure_row(partner, "Zasedenost")[0] == "x",
        "total": figure_row(overview, "Zasedenost")[0] == "x",
    }


@pytest.mark.parametrize("name", ["few_residents", "two_units"])
def test_export_and_site_hide_the_same_occupancy(name, request, tmp_path):
    ws = request.getfixturevalue(name)
    per_partner = figures(ws, "per_partner", "2025-01", "2025-01")
    exported = {
        "alfa": per_partner.at["alfa", "occupancy_rate"] == "x",
        "total": per_partner.at["Vsi partnerji", "occupancy_rate"] == "x",
    }
    assert exported == occupancy_hidden_on_the_site(ws, "2025-01", tmp_path)


def test_a_range_whose_last_month_has_few_residents_shows_its_occupancy_on_the_site_and_export(
    tmp_path,
):
    # no people register counts alfa's residents once; February's 3 hide February's nights,
    # and January's beside them on the site and in the export, while the two months together
    # (the year to date, the range's total) give no month away and stay shown in both
    ws = workspace(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): {"housing": [unit("H1", 5, 5, 155)]},
            ("alfa", "2025-02"): {"housing": [unit("H1", 5, 3, 84)]},
        },
    )
    per_month = figures(ws, "per_month", "2025-01", "2025-02")
    assert per_month["occupancy_rate"].tolist()[:2] == ["x", "x"]
    per_partner = figures(ws, "per_partner", "2025-01", "2025-02")
    assert per_partner.at["alfa", "occupancy_rate"] != "x"
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-02"), tmp_path / "site")
    page = (tmp_path / "site" / "partner-alfa.html").read_text(encoding="utf-8")
    month, year = figure_row(page, "Zasedenost")[:2]
    assert month == "x" and year != "x"


def test_the_sites_year_to_date_less_its_month_does_not_give_away_an_earlier_months_occupancy(
    tmp_path,
):
    # January's 3 residents hide its 93 nights; the year's 233 beside February's 140 would
    # give them back, so February's occupancy goes too (the year to date stays, as the
    # export's range total does)
    ws = workspace(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): {"housing": [unit("H1", 5, 3, 93)]},
            ("alfa", "2025-02"): {"housing": [unit("H1", 5, 5, 140)]},
        },
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-02"), tmp_path / "site")
    page = (tmp_path / "site" / "partner-alfa.html").read_text(encoding="utf-8")
    month, year = figure_row(page, "Zasedenost")[:2]
    assert month == "x" and year != "x"


def test_a_rate_target_is_published_in_per_cent_as_its_figure_and_reached_as_computed(tmp_path):
    config = CONFIG.read_text().replace(
        "      counselling_hours: 10\n", "      occupancy_rate: 0.8\n"
    )
    ws = workspace(
        tmp_path / "ws", {("alfa", "2025-01"): {"housing": [unit("H1", 6, 5, 155)]}}, config
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        folder = export_figures(ws, con, "2025-01", "2025-01", images=False)
    # 155 nights of 6 x 31 are 0.8333: 83.3 % against 0.8, written 80 %, reached to
    # 0.8333 / 0.8 = 104.2 % (the rounded 83.3 over 80 would say 104.1)
    occupancy = csv_rows(folder / "summary.csv")["Zasedenost"]
    assert [occupancy[c] for c in ("Vrednost", "Cilj", "Doseženo (%)")] == ["83.3", "80.0", "104.2"]
    assert "| Zasedenost | 83,3\xa0% | 80\xa0% | 104,2 |" in (folder / "summary.md").read_text()
