"""The site written from a small real warehouse (loaded through the load stage, built by the
transforms): its pages, its offline script, its suppression, its links and its command."""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from conftest import DEMO, _people
from test_dashboards_disclosure import CONFIG as TINY
from test_dashboards_disclosure import meeting
from test_dashboards_disclosure import workspace as tiny_workspace
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from core.submission import Problem, Submission
from dashboards.site import render_pages, render_site, site_context
from load import warehouse
from transforms.figures import headline_figures
from transforms.runner import build_models

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2026-10"
HOUSING = dict(
    site_id=0,
    places=0,
    residents=0,
    resident_nights=0,
    admissions=0,
    exits_planned=0,
    exits_unplanned=0,
)
COUNSELLING = dict(session_on=0, user_code=0, session_kind=0, hours=0)
PEOPLE = dict(user_code=0, user_kind=0, sex=0, age_band=0, main_addiction=0, barc10=0)


def sheet(rows: list[tuple], name: str, columns: dict) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.assign(sheet=name, sheet_row=range(2, 2 + len(frame)))


def submissions() -> list[Submission]:
    """Two accepted months of one partner (two people, 1,002.25 hours in October) and one
    rejected file of another."""
    october = {
        "housing": sheet([("BS-LJ1", 4, 4, 124, 1, 0, 0)], "Bivanje", HOUSING),
        "counselling": sheet(
            [
                (date(2026, 10, 3), "LJ-0001", "individual", 1000.25),
                (date(2026, 10, 4), "LJ-0002", "family", 2.0),
            ],
            "Svetovanje",
            COUNSELLING,
        ),
        "people": sheet(
            [
                ("LJ-0001", "in_recovery", "female", "26_35", "alcohol", 48),
                ("LJ-0002", "relative", "male", "36_50", "other", None),
            ],
            "Uporabniki",
            PEOPLE,
        ),
    }
    september = {
        "housing": sheet([("BS-LJ1", 4, 3, 90, 1, 0, 0)], "Bivanje", HOUSING),
        "counselling": sheet(
            [(date(2026, 9, 3), "LJ-0001", "individual", 1.5)], "Svetovanje", COUNSELLING
        ),
        "people": sheet(
            [("LJ-0001", "in_recovery", "female", "26_35", "alcohol", 30)], "Uporabniki", PEOPLE
        ),
    }
    return [
        Submission(
            "a" * 64,
            "most_2026-09.xlsx",
            100,
            datetime(2026, 10, 5, tzinfo=UTC),
            "most-si",
            "2026-09",
            "xlsx",
            september,
        ),
        Submission(
            "b" * 64,
            "most_2026-10.xlsx",
            100,
            datetime(2026, 11, 15, tzinfo=UTC),
            "most-si",
            PERIOD,
            "xlsx",
            october,
        ),
        Submission(
            "c" * 64,
            "klub_2026-10.xlsx",
            100,
            datetime(2026, 11, 3, tzinfo=UTC),
            "klub-pl",
            PERIOD,
            "xlsx",
            {},
            [Problem("error", "not_a_number", "Grupy", 7, "uczestnicy")],
        ),
    ]


@pytest.fixture(scope="module")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo's consortium.yaml over a warehouse of three hand-made submissions, and the
    feedback report of the rejected one."""
    root = tmp_path_factory.mktemp("dashboards") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sub in submissions():
            warehouse.load_submission(con, sub, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
    report = ws.feedback / "klub-pl" / PERIOD / f"klub_2026-10-{'c' * 8}.txt"
    report.parent.mkdir(parents=True)
    report.write_text("Rejected.\n", encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def site(small_workspace: Workspace) -> Path:
    with duckdb.connect(str(small_workspace.warehouse), read_only=True) as con:
        render_site(small_workspace, con, PERIOD)
    return small_workspace.site


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_site_has_a_page_per_topic_and_per_partner(site):
    names = {p.name for p in site.glob("*.html")}
    assert {
        "index.html",
        "housing.html",
        "counselling.html",
        "activities.html",
        "people.html",
        "outcomes.html",
        "submissions.html",
        "partner-most-si.html",
        "partner-klub-pl.html",
    } <= names


def test_pages_load_one_shared_local_plotly_and_nothing_from_the_internet(site):
    assert (site / "plotly.min.js").stat().st_size > 1_000_000
    for html_file in site.glob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert re.findall(r'<script src="([^"]+)"', text) == ["plotly.min.js"], html_file.name
        assert not re.search(r'(src|href)="(https?:)?//', text), html_file.name


def test_figures_are_written_in_the_consortiums_language(site):
    # 1.5 + 1,000.25 + 2 hours in the grant period, in Slovene with one decimal: 1.003,8
    assert "1.003,8" in page(site, "index.html")
    assert "Ure svetovanja" in page(site, "index.html")


def test_every_page_says_which_month_year_and_grant_period_it_shows(site):
    for html_file in site.glob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "okt. 2026" in text and "jan. 2026" in text and "Skupnosti MOST 2025-2026" in text, (
            html_file.name
        )


def test_small_counts_of_people_are_shown_below_k(site):
    # two people in the grant period: fewer than k=5, so "<5", never "2"
    people = page(site, "people.html")
    assert "&lt;5" in people
    assert not re.search(r'<td class="n">2</td>', people)


def test_no_user_code_reaches_any_page(site):
    for html_file in site.glob("*.html"):
        assert "LJ-000" not in html_file.read_text(encoding="utf-8"), html_file.name


def test_housing_units_are_named_as_in_the_consortium_yaml_not_by_their_ids(site):
    # BS-LJ1 is an id for the partner's files; readers know it as its `name`
    housing = page(site, "housing.html")
    assert "<td>Bivanjska skupnost Ljubljana 1</td>" in housing
    assert "BS-LJ1" not in housing


def test_open_problems_link_to_the_feedback_report(site):
    text = page(site, "submissions.html")
    assert f'href="../feedback/klub-pl/{PERIOD}/klub_2026-10-{"c" * 8}.txt"' in text
    assert "uczestnicy" in text


def test_dashboards_command_renders_the_site_from_the_warehouse(small_workspace, site):
    (site / "people.html").unlink()
    result = CliRunner().invoke(
        app, ["dashboards", "--workspace", str(small_workspace.root), "--period", PERIOD]
    )
    assert result.exit_code == 0, result.output
    assert (site / "people.html").is_file()


def test_dashboards_command_waits_for_no_run_and_leaves_the_site_while_one_holds_it(
    small_workspace, site
):
    from flows.runtime import run_lock

    before = page(site, "index.html")
    with run_lock(Workspace.open(small_workspace.root)):
        result = CliRunner().invoke(
            app, ["dashboards", "--workspace", str(small_workspace.root), "--period", PERIOD]
        )
    assert result.exit_code == 1
    assert "another run of this workspace is in progress" in result.output
    assert page(site, "index.html") == before
    assert not (small_workspace.root / ".state" / "outputs.staging").exists()


def test_dashboards_command_without_a_warehouse_is_a_clear_error(workspace):
    result = CliRunner().invoke(app, ["dashboards", "--workspace", str(workspace)])
    assert result.exit_code == 2
    assert "no warehouse yet" in result.output


def test_open_problems_are_counted_with_the_languages_plural_forms(site):
    text = page(site, "submissions.html")
    # one file with one open problem: the Slovene singular of both nouns
    assert "(1 datoteka)</h2>" in text
    assert "<summary>1 težava</summary>" in text


def test_every_page_is_rendered_from_the_sites_templates(site):
    # the one base layout: one header, one navigation, the same footer on every page
    for html_file in site.glob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert text.count("<nav>") == 1 and text.count("<footer>") == 1, html_file.name
        assert 'aria-current="page"' in text, html_file.name


def test_a_site_rendered_whole_drops_the_record_of_carried_over_pages(small_workspace, tmp_path):
    from dashboards.site import FINGERPRINTS

    site = tmp_path / "site"
    site.mkdir()
    (site / FINGERPRINTS).write_text('{"partner-most-si.html": "of another month"}')
    with duckdb.connect(str(small_workspace.warehouse), read_only=True) as con:
        render_site(small_workspace, con, PERIOD, site)
    # the next run renders every partner page again instead of trusting that record
    assert not (site / FINGERPRINTS).exists()


def test_a_figure_no_sheet_reports_says_what_it_needs_never_left_blank(site):
    # the people sheets have no housing-unit column: the residents counted once need one (the
    # housing sheets were sent, so "not reported" would mislead)
    overview = page(site, "index.html")
    assert re.search(
        r"Stanovalci \(vsak šteje enkrat\)</td><td[^>]*>"
        r"potreben je seznam uporabnikov z bivanjsko enoto</td>",
        overview,
    )


def overview_row(site: Path, figure: str) -> list[str]:
    row = re.search(rf"<tr><td[^>]*>{re.escape(figure)}</td>(.*?)</tr>", page(site, "index.html"))
    assert row, figure
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_a_hidden_count_hides_its_share_of_the_target_and_its_projection_as_no_share(site):
    # two people: hidden as "<5"; "<5" under "% achieved" would read as a share under 5 %, so
    # both are marked hidden; the demo's grant sets a target for people, none for new people
    assert overview_row(site, "Uporabniki (vsak šteje enkrat)")[3:] == ["200", "x", "x"]
    assert overview_row(site, "Novi uporabniki")[3:] == ["", "", ""]


def site_with_config(small_workspace: Workspace, root: Path, config: str) -> Workspace:
    """The small warehouse's site rendered again under another consortium.yaml."""
    (root / "inbox").mkdir(parents=True)
    (root / "consortium.yaml").write_text(config, encoding="utf-8")
    shutil.copy(small_workspace.warehouse, root / "warehouse.duckdb")
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        warehouse.record_config(con, ws.config)
        build_models(con)
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        render_site(ws, con, PERIOD)
    return ws


def test_a_topic_no_partner_reports_has_no_page_and_no_figures(small_workspace, tmp_path):
    config = (small_workspace.root / "consortium.yaml").read_text(encoding="utf-8")
    config = config.replace(
        "tables: [housing, counselling, trainings, people]", "tables: [counselling, people]"
    )
    ws = site_with_config(small_workspace, tmp_path / "no-housing", config)
    assert not (ws.site / "housing.html").exists()
    overview = page(ws.site, "index.html")
    assert 'href="housing.html"' not in overview
    assert "Zasedenost" not in overview
    assert ">Izobraževanja</td>" not in page(ws.site, "activities.html")
    assert ">Srečanja skupin in aktivnosti</td>" in overview


def test_a_grant_without_targets_shows_no_target_columns_or_chart_of_them(
    small_workspace, tmp_path
):
    config = (small_workspace.root / "consortium.yaml").read_text(encoding="utf-8")
    config = re.sub(r"\n    targets:\n(      .*\n)+", "\n", config)
    assert "targets:" not in config
    ws = site_with_config(small_workspace, tmp_path / "no-targets", config)
    overview = page(ws.site, "index.html")
    assert "<th>Cilj</th>" not in overview
    assert 'id="achieved"' not in overview


def test_a_partners_page_shows_a_table_it_sent_rows_of_without_reporting_it():
    from dashboards.pages import partner_tables

    months = pd.DataFrame(
        {
            "period": ["2026-10"],
            "trainings": [2],
            "training_hours": [4.0],
            "residents_month_end": [0],
        }
    )
    # the Sarajevo group's talk on gambling, in its log: the consortium counts it, so does its page
    assert partner_tables(["groups", "counselling"], months) == [
        "groups",
        "counselling",
        "trainings",
    ]


def test_the_overview_explains_every_mark_it_may_show(site):
    overview = html.unescape(page(site, "index.html"))
    for mark in ('"<5"', '"x" skriva', '"ni sporočeno":', '"ne velja":'):
        assert mark in overview


def test_a_rate_target_is_shown_as_a_percentage_and_reached_as_the_rate_over_it(
    small_workspace, tmp_path
):
    config = (small_workspace.root / "consortium.yaml").read_text(encoding="utf-8")
    config = config.replace(
        "      housing_places: 15\n", "      housing_places: 15\n      occupancy_rate: 0.8\n"
    )
    ws = site_with_config(small_workspace, tmp_path / "occupancy-target", config)
    # 90 + 124 resident-nights of 4 places over September and October: 214 / 244 = 0.877, so
    # 88 % against a target of 0.8 written as 80 %, reached to 0.877 / 0.8 = 110 %
    assert overview_row(ws.site, "Zasedenost")[2:5] == ["88\xa0%", "80\xa0%", "110\xa0%"]


def test_the_year_to_date_is_from_january_when_the_grant_period_began_since(
    small_workspace, tmp_path
):
    config = yaml.safe_load((small_workspace.root / "consortium.yaml").read_text(encoding="utf-8"))
    (grant,) = config["grant_periods"]
    later = {**grant, "id": "gp-2026-2027", "name": "MOST 2026-2027", "start": "2026-10"}
    config["grant_periods"] = [{**grant, "end": "2026-09"}, {**later, "end": "2027-09"}]
    ws = site_with_config(small_workspace, tmp_path / "grant-since-october", yaml.safe_dump(config))
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        year = headline_figures(con, "2026-01", PERIOD)
    # September's 1.5 hours in one session are the year's, not the grant period's begun in October
    assert year["counselling_hours"] == 1003.75 and year["counselling_sessions"] == 3
    assert overview_row(ws.site, "Ure svetovanja")[1:3] == ["1.003,8", "1.002,3"]
    assert overview_row(ws.site, "Svetovanja")[1:3] == ["3", "2"]


def test_a_partner_that_keeps_no_people_has_no_chart_of_people_saying_there_is_no_data(tmp_path):
    # beta runs groups only: its table says its people are not applicable, and no chart says
    # there are none yet
    config = TINY.read_text().replace("tables: [groups, counselling, people]", "tables: [groups]")
    ws = tiny_workspace(
        tmp_path / "ws", {("beta", "2025-01"): {"groups": [meeting("2025-01-08", 8)]}}, config
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-01"), ws.site)
    partner = page(ws.site, "partner-beta.html")
    assert "ne velja" in partner
    assert "Za to obdobje še ni podatkov." not in partner


def test_the_share_with_strong_recovery_capital_of_nobody_assessed_is_not_applicable(tmp_path):
    # two people, neither assessed with BARC-10: a share of nobody is no share, never a blank
    ws = tiny_workspace(tmp_path / "ws", {("alfa", "2025-01"): {"people": _people("A1 A2", "fm")}})
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-01"), ws.site)
    assert '<tr><td class="n">0</td><td class="n">ne velja</td></tr>' in page(
        ws.site, "outcomes.html"
    )
