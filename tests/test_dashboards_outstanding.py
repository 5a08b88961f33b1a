"""The site says which owed tables of its months no file in force brought, as the export's
narrative does: the overview for every partner, a partner's page for its own, so a reader sees
the totals beside it are not the whole consortium's."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_dashboards_disclosure import CONFIG, workspace

from core.config import Workspace
from dashboards.site import render_pages, site_context
from flows.redraw import partner_page_fingerprints
from load import warehouse
from transforms.figures import outstanding_tables

# alfa reports counselling, beta groups, both from January 2025
SMALL = (
    CONFIG.read_text()
    .replace("tables: [housing, counselling, people]", "tables: [counselling]")
    .replace("tables: [groups, counselling, people]", "tables: [groups]")
)
# the same, its grant period begun in February 2025: the year to date counts January beside it
LATER_GRANT = SMALL.replace(
    "    start: 2025-01\n    end: 2025-12\n",
    "    start: 2025-02\n    end: 2025-12\n",
).replace(
    "grant_periods:\n",
    "grant_periods:\n  - {id: gp-2024, name: Drobni 2024, start: 2024-02, end: 2025-01}\n",
)
SESSION = {"user_code": "A1", "session_kind": "individual", "hours": 1.0}
MEETING = {"activity_kind": "support_group", "participants": 8}


def counselling(day: str) -> dict:
    return {"counselling": [{**SESSION, "session_on": date.fromisoformat(day)}]}


def groups(day: str) -> dict:
    return {"groups": [{**MEETING, "held_on": date.fromisoformat(day)}]}


@pytest.fixture(scope="module")
def beta_without_february(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa sent January and February, beta January only; the site of February 2025 (both
    months long past their deadline)."""
    ws = workspace(
        tmp_path_factory.mktemp("outstanding") / "ws",
        {
            ("alfa", "2025-01"): counselling("2025-01-07"),
            ("alfa", "2025-02"): counselling("2025-02-04"),
            ("beta", "2025-01"): groups("2025-01-08"),
        },
        SMALL,
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-02"), ws.site)
    return ws


def page(ws: Workspace, name: str) -> str:
    return html.unescape((ws.site / name).read_text(encoding="utf-8"))


def test_the_overview_names_each_partner_with_the_tables_and_months_not_yet_reported(
    beta_without_february,
):
    # beta owes its groups of February; alfa owes nothing
    assert (
        "Še ni sporočeno (ni zajeto v spodnjih podatkih): Udruženje Beta (skupine, feb. 2025)."
        in page(beta_without_february, "index.html")
    )


def test_a_partners_page_names_its_own_months_not_yet_reported(beta_without_february):
    assert "Udruženje Beta (skupine, feb. 2025)" in page(beta_without_february, "partner-beta.html")


def test_a_partners_page_says_nothing_when_it_sent_every_table_it_owes(beta_without_february):
    assert "Še ni sporočeno" not in page(beta_without_february, "partner-alfa.html")


def test_the_overview_says_nothing_when_every_owed_table_was_sent(tmp_path: Path):
    ws = workspace(
        tmp_path / "ws",
        {("alfa", "2025-01"): counselling("2025-01-07"), ("beta", "2025-01"): groups("2025-01-08")},
        SMALL,
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-01"), ws.site)
    assert "Še ni sporočeno" not in page(ws, "index.html")


def test_a_partners_page_is_redrawn_when_a_month_of_it_falls_due(beta_without_february):
    # on 5 March 2025 beta's February was not yet due (the 10th); now it is owed and its page
    # names it, though no file of beta's changed
    ws = beta_without_february
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        before_due = outstanding_tables(
            con, "2025-01", "2025-02", as_of=datetime(2025, 3, 5, tzinfo=UTC)
        )
        now = site_context(ws, con, "2025-02").outstanding
        before = partner_page_fingerprints(ws, con, "2025-02", {}, before_due)
        after = partner_page_fingerprints(ws, con, "2025-02", {}, now)
    assert before_due.empty and len(now) == 1
    assert before["partner-beta.html"] != after["partner-beta.html"]
    assert before["partner-alfa.html"] == after["partner-alfa.html"]


@pytest.fixture(scope="module")
def beta_without_january(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa sent January and February, beta February only; the site of February 2025, whose
    grant period began that month while its year to date counts January too."""
    ws = workspace(
        tmp_path_factory.mktemp("year") / "ws",
        {
            ("alfa", "2025-01"): counselling("2025-01-07"),
            ("alfa", "2025-02"): counselling("2025-02-04"),
            ("beta", "2025-02"): groups("2025-02-05"),
        },
        LATER_GRANT,
    )
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-02"), ws.site)
    return ws


def test_the_overview_names_a_month_of_the_year_to_date_before_the_grant_period(
    beta_without_january,
):
    # beta's January is counted by the year to date, though the grant period began in February
    assert (
        "Še ni sporočeno (ni zajeto v spodnjih podatkih): Udruženje Beta (skupine, jan. 2025)."
        in page(beta_without_january, "index.html")
    )


def chart_traces(text: str, div_id: str) -> list[dict]:
    """The traces of the chart drawn in the <div> `div_id` of a page, as Plotly is given them."""
    start = re.search(rf'Plotly\.newPlot\(\s*"{re.escape(div_id)}",\s*', text)
    assert start, div_id
    traces, _ = json.JSONDecoder().raw_decode(text, start.end())
    return traces


def test_the_submissions_grid_shows_every_month_the_figures_count(beta_without_january):
    grid = chart_traces(page(beta_without_january, "submissions.html"), "submission-grid")[0]
    assert grid["x"] == ["jan. 2025", "feb. 2025"]
