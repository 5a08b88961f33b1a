"""The counts of people the site shows are suppressed together: a reader who opens every page
cannot work a hidden count out of what another page shows (a partner's total less its bars, a
total of distinct people beside its months)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, _export_submission, _people

from core.config import Workspace
from dashboards.site import render_pages, site_context
from dashboards.trends import without_small_counts
from load import warehouse
from publish.site_plan import headline_cell, month_cell
from transforms.runner import build_models

CONFIG = ROOT / "tests" / "fixtures" / "export" / "consortium.yaml"


def meeting(day: str, participants: int) -> dict:
    held = date.fromisoformat(day)
    return {"held_on": held, "activity_kind": "support_group", "participants": participants}


def workspace(
    root: Path, sent: dict[tuple[str, str], dict], config: str | None = None
) -> Workspace:
    """A workspace of the two-partner test consortium whose partners sent these tables, by
    partner and month."""
    (root / "inbox").mkdir(parents=True)
    (root / "consortium.yaml").write_text(config or CONFIG.read_text())
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sha, ((partner, month), tables) in zip("abcdef", sent.items(), strict=False):
            received = f"{month}-28T09:00:00+01:00"
            submission = _export_submission(sha, partner, month, received, tables)
            warehouse.load_submission(con, submission, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
    return ws


@pytest.fixture(scope="module")
def attendance(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """beta's groups: 20 attending in January, 3 in February."""
    return workspace(
        tmp_path_factory.mktemp("attendance") / "ws",
        {
            ("beta", "2025-01"): {"groups": [meeting("2025-01-08", 20)]},
            ("beta", "2025-02"): {"groups": [meeting("2025-02-05", 3)]},
        },
    )


def test_a_months_bar_is_not_left_to_be_worked_out_from_the_partners_total(attendance):
    # beta's page says 23 attended this year; the activities page's bars would say 20 in
    # January, leaving February's 3 to a subtraction.
    with warehouse.connect(attendance.warehouse, read_only=True) as con:
        ctx = site_context(attendance, con, "2025-02")
        hidden = ctx.hidden_people
        bars = without_small_counts(ctx, ctx.partner_months, "activity_participants")
    assert hidden[month_cell("beta", "2025-02", "activity_participants")] == "<5"
    assert hidden[month_cell("beta", "2025-01", "activity_participants")] == "x"
    assert headline_cell("beta", "grant", "activity_participants") not in hidden
    assert bars[bars["partner_id"] == "beta"].empty


def test_the_partners_page_shows_its_total_and_no_month_that_gives_the_small_one_away(
    attendance, tmp_path
):
    with warehouse.connect(attendance.warehouse, read_only=True) as con:
        render_pages(site_context(attendance, con, "2025-02"), tmp_path)
    page = (tmp_path / "partner-beta.html").read_text(encoding="utf-8")
    assert ">23<" in page and "<td>3</td>" not in page


@pytest.fixture(scope="module")
def two_small_months(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa served 4 people in January and 4 others in February."""
    return workspace(
        tmp_path_factory.mktemp("months") / "ws",
        {
            ("alfa", "2025-01"): {"people": _people("A1 A2 A3 A4", "ffmm")},
            ("alfa", "2025-02"): {"people": _people("A5 A6 A7 A8", "ffmm")},
        },
    )


def test_months_whose_distinct_total_would_pin_them_down_are_hidden_whole_the_total_shown(
    two_small_months,
):
    # "<5" and "<5" beside 8 people this year would be 4 each: the months go, the 8 stays.
    with warehouse.connect(two_small_months.warehouse, read_only=True) as con:
        hidden = site_context(two_small_months, con, "2025-02").hidden_people
    assert headline_cell(None, "grant", "people_distinct") not in hidden
    assert hidden[month_cell(None, "2025-01", "people_distinct")] == "x"
    assert hidden[month_cell("alfa", "2025-01", "people_distinct")] == "x"
    assert hidden[headline_cell(None, "month", "people_distinct")] == "<5"


def test_people_who_come_back_each_month_leave_their_total_and_months_alone(tmp_path):
    ws = workspace(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): {"people": _people("A1 A2 A3 A4 A5 A6", "ffmmmm")},
            ("alfa", "2025-02"): {"people": _people("A1 A2 A3", "ffm")},
        },
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        hidden = site_context(ws, con, "2025-02").hidden_people
    # February's "<5" is at most 6 by the total and at least 6 - 6: nothing more to hide.
    assert hidden[month_cell("alfa", "2025-02", "people_distinct")] == "<5"
    assert month_cell("alfa", "2025-01", "people_distinct") not in hidden
    assert headline_cell("alfa", "grant", "people_distinct") not in hidden


def test_a_partners_page_is_redrawn_when_the_counts_the_site_hides_of_it_change(attendance):
    from flows.redraw import partner_page_fingerprints

    with warehouse.connect(attendance.warehouse, read_only=True) as con:
        ctx = site_context(attendance, con, "2025-02")
        hidden, owed = ctx.hidden_people, ctx.outstanding
        before = partner_page_fingerprints(attendance, con, "2025-02", {}, owed)
        after = partner_page_fingerprints(attendance, con, "2025-02", hidden, owed)
    assert before["partner-beta.html"] != after["partner-beta.html"]
    assert before["partner-alfa.html"] == after["partner-alfa.html"]


def test_the_runs_artifact_hides_a_figure_of_the_month_the_site_hides(attendance):
    from flows.artifacts import figure_rows

    with warehouse.connect(attendance.warehouse, read_only=True) as con:
        shown = figure_rows(attendance, con, "2025-01", {"activity_participants": "x"})
        plain = figure_rows(attendance, con, "2025-01")
    assert {r["figure"]: r["value"] for r in plain}["activity_participants"] == 20
    assert {r["figure"]: r["value"] for r in shown}["activity_participants"] == "x"


def unit(site_id: str, places: int, residents: int, nights: int) -> dict:
    return {
        "site_id": site_id,
        "places": places,
        "residents": residents,
        "resident_nights": nights,
        "admissions": 0,
        "exits_planned": 0,
        "exits_unplanned": 0,
    }


def housing_page(ws: Workspace, period: str, folder: Path) -> str:
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, period), folder)
    return (folder / "housing.html").read_text(encoding="utf-8")


def unit_row(page: str, unit: str) -> list[str]:
    """The cells after the unit's name (its id where consortium.yaml has not got it) in the
    table of units."""
    row = re.search(rf"<tr><td[^>]*>[^<]*</td><td[^>]*>{unit}</td>(.*?)</tr>", page)
    assert row, unit
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def figure_row(page: str, figure: str) -> list[str]:
    row = re.search(rf"<tr><td[^>]*>{figure}</td>(.*?)</tr>", page)
    assert row, figure
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


@pytest.fixture(scope="module")
def small_unit(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa's one unit H1: 3 residents in its 4 places for 31 nights, 75 % full in January."""
    return workspace(
        tmp_path_factory.mktemp("small-unit") / "ws",
        {("alfa", "2025-01"): {"housing": [unit("H1", 4, 3, 93)]}},
    )


def test_a_units_occupancy_is_hidden_when_its_residents_are(small_unit, tmp_path):
    # 4 places 75 % full for a month are 3 residents: the "<5" would be no use beside it
    page = housing_page(small_unit, "2025-01", tmp_path)
    assert unit_row(page, "Hiša 1") == ["4", "&lt;5", "x"]
    assert "75" not in page


def test_an_occupancy_chart_whose_every_month_is_hidden_says_it_is_hidden_not_missing(
    small_unit, tmp_path
):
    # the units' table beside it is filled: "no data yet" would read as a mistake
    page = housing_page(small_unit, "2025-01", tmp_path)
    assert 'id="occupancy"' not in page
    assert "Za to obdobje še ni podatkov." not in page
    assert page.count("Vsi podatki tega grafikona so skriti za zaščito majhnih števil.") == 2


def test_a_partners_occupancy_is_hidden_when_its_residents_at_the_months_end_are(
    small_unit, tmp_path
):
    # alfa's 3 residents at the end of January are hidden on the housing page's bars; its
    # occupancy, its one unit's, and the consortium's (alfa's alone) would tell them
    with warehouse.connect(small_unit.warehouse, read_only=True) as con:
        render_pages(site_context(small_unit, con, "2025-01"), tmp_path)
    partner = (tmp_path / "partner-alfa.html").read_text(encoding="utf-8")
    overview = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert figure_row(partner, "Zasedenost") == ["x", "x", "x"]
    assert figure_row(overview, "Zasedenost")[:3] == ["x", "x", "x"]


def test_a_units_occupancy_is_not_left_to_be_worked_out_from_its_partners(tmp_path):
    # alfa's occupancy (403 of 434 nights) less H2's 310 would be H1's 93: 3 residents. H2's
    # residents are hidden to protect H1's from alfa's 13 at the month's end, so is H2's
    # occupancy, and alfa's stays shown.
    ws = workspace(
        tmp_path / "ws",
        {("alfa", "2025-01"): {"housing": [unit("H1", 4, 3, 93), unit("H2", 10, 10, 310)]}},
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        hidden = site_context(ws, con, "2025-01").hidden_people
    page = housing_page(ws, "2025-01", tmp_path / "site")
    assert unit_row(page, "Hiša 1") == ["4", "&lt;5", "x"]
    assert unit_row(page, "H2") == ["10", "x", "x"]
    assert headline_cell("alfa", "month", "resident_nights") not in hidden
    partner = (tmp_path / "site" / "partner-alfa.html").read_text(encoding="utf-8")
    assert figure_row(partner, "Zasedenost")[0] == "93\xa0%"


def test_residents_counted_once_without_a_people_sheet_say_what_they_need(small_unit, tmp_path):
    # alfa's housing sheet gives its residents at each month's end; counted once they need the
    # people sheet's housing unit, which alfa did not send: not "not reported" beside its housing
    with warehouse.connect(small_unit.warehouse, read_only=True) as con:
        render_pages(site_context(small_unit, con, "2025-01"), tmp_path)
    partner = (tmp_path / "partner-alfa.html").read_text(encoding="utf-8")
    needs = "potreben je seznam uporabnikov z bivanjsko enoto"
    assert figure_row(partner, re.escape("Stanovalci (vsak šteje enkrat)")) == [needs] * 3


def test_a_figure_of_a_service_the_partner_does_not_run_reads_not_applicable(tmp_path):
    # alfa runs housing only: the people served are not owed by it, so not "not reported"
    config = CONFIG.read_text().replace(
        "tables: [housing, counselling, people]", "tables: [housing]"
    )
    ws = workspace(
        tmp_path / "ws", {("alfa", "2025-01"): {"housing": [unit("H1", 4, 3, 93)]}}, config
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-01"), tmp_path / "site")
    partner = (tmp_path / "site" / "partner-alfa.html").read_text(encoding="utf-8")
    assert figure_row(partner, re.escape("Uporabniki (vsak šteje enkrat)")) == ["ne velja"] * 3


def test_a_year_to_date_begun_before_the_grant_period_gives_no_month_before_it_away(tmp_path):
    # the grant period begins in February: beta's page says 23 attended this year and 20 in the
    # grant period, so 3 in January, which no chart shows but a subtraction would
    config = CONFIG.read_text().replace(
        "    start: 2025-01\n    end: 2025-12\n",
        "    start: 2025-01\n    end: 2025-01\n"
        "  - id: gp-2025b\n    name: Drobni 2025b\n    start: 2025-02\n    end: 2025-12\n",
    )
    ws = workspace(
        tmp_path / "ws",
        {
            ("beta", "2025-01"): {"groups": [meeting("2025-01-08", 3)]},
            ("beta", "2025-02"): {"groups": [meeting("2025-02-05", 20)]},
        },
        config,
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        hidden = site_context(ws, con, "2025-02").hidden_people
    spans = [headline_cell("beta", s, "activity_participants") for s in ("year", "grant")]
    assert any(span in hidden for span in spans)
