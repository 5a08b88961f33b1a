"""Every page of the demo's dashboards in real headless Chromium, from disk, with no network:
no console errors, no request leaving the machine, every chart drawn, every link to a page that
exists. A screenshot of each page is kept (in pytest's temporary folder) for a person to look at.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from export.images import OFFLINE_CHROMIUM_FLAGS
from publish.labels import Labels

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *OFFLINE_CHROMIUM_FLAGS]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is installed by `make test`"
)


# the charts whose legend and x axis title share some of the page
LEGEND_ON_AXIS_TITLE = """plots => plots.filter(p => {
    const title = p.querySelector('.xtitle'), legend = p.querySelector('.legend');
    if (!title || !legend) return false;
    const a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
    return a.bottom > b.top && b.bottom > a.top && a.right > b.left && b.right > a.left;
}).map(p => p.id)"""


@contextmanager
def chromium(width: int, height: int) -> Iterator:
    """Debian's Chromium, headless and offline, its window `width` by `height`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield browser
        finally:
            browser.close()


def visit_site(site: Path, screenshots: Path) -> dict[str, dict]:
    """What the browser saw on each page of a site: console errors, requests, charts, links."""
    with chromium(1280, 900) as browser:
        return {
            html_file.name: visit_page(browser.new_page(), html_file, screenshots)
            for html_file in sorted(site.glob("*.html"))
        }


def visit_page(page, html_file: Path, screenshots: Path) -> dict:
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html_file.as_uri(), wait_until="load")
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('svg.main-svg'))",
        timeout=15_000,
    )
    seen = {
        "errors": errors,
        "requests": requests,
        "charts": page.locator(".js-plotly-plot").count(),
        "drawn": page.locator(".js-plotly-plot").evaluate_all(
            "plots => plots.filter(p => p.querySelector('svg.main-svg')).length"
        ),
        "nav": page.locator("nav a").evaluate_all("links => links.map(a => a.href)"),
        "links": page.locator("main a").evaluate_all("links => links.map(a => a.href)"),
        "toolbar": page.locator(".modebar-btn").evaluate_all(
            "buttons => buttons.map(b => b.getAttribute('data-title'))"
        ),
        "legend_on_axis_title": page.locator(".js-plotly-plot").evaluate_all(LEGEND_ON_AXIS_TITLE),
        "month_axes": page.locator(".js-plotly-plot").evaluate_all(
            "plots => Object.fromEntries(plots.filter(p => p.layout.xaxis.categoryarray).map("
            " p => [p.id, [p.layout.xaxis.categoryarray, p._fullLayout.xaxis.range]]))"
        ),
        "cloud": page.locator(".js-plotly-plot").evaluate_all(
            "plots => plots.filter(p => p._context && (p._context.showSendToCloud"
            ' || p.querySelector(\'[data-title*="Chart Studio"], [data-title*="Share"]\'))).length'
        ),
    }
    page.screenshot(path=str(screenshots / f"{html_file.stem}.png"), full_page=True)
    page.close()
    return seen


@pytest.fixture(scope="module")
def visits(demo_run: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each page as the browser saw it; the screenshots stay in pytest's temporary folder."""
    return visit_site(demo_run / "site", tmp_path_factory.mktemp("screenshots"))


def test_site_has_every_page(visits):
    expected = {
        "index.html",
        "housing.html",
        "counselling.html",
        "activities.html",
        "people.html",
        "outcomes.html",
        "submissions.html",
    }
    assert expected <= set(visits)
    assert any(name.startswith("partner-") for name in visits)


def test_no_page_logs_a_console_error(visits):
    assert {name: v["errors"] for name, v in visits.items() if v["errors"]} == {}


def test_no_request_leaves_the_machine(visits):
    outside = {
        name: [u for u in v["requests"] if not u.startswith("file://")]
        for name, v in visits.items()
    }
    assert {name: urls for name, urls in outside.items() if urls} == {}


def test_no_chart_offers_to_send_itself_to_plotlys_cloud(visits):
    assert {name: v["cloud"] for name, v in visits.items() if v["cloud"]} == {}


def test_chart_toolbars_speak_the_language_of_the_site(visits):
    # the demo consortium writes Slovene
    slovene = set(Labels("sl").words["toolbar"].values())
    titles = {title for v in visits.values() for title in v["toolbar"]}
    assert "Prenesi graf kot PNG" in titles
    assert titles - slovene == set()


def test_no_chart_lays_its_legend_over_its_axis_title(visits):
    # the submission grid of the demo's four partners is short: a legend placed by the plot's
    # height fell on its "mesec"
    overlaps = {name: v["legend_on_axis_title"] for name, v in visits.items()}
    assert {name: ids for name, ids in overlaps.items() if ids} == {}


def test_every_chart_is_drawn(visits):
    assert all(v["charts"] == v["drawn"] for v in visits.values())
    assert visits["index.html"]["charts"] > 0


def test_a_chart_by_month_shows_every_month_of_its_range_with_a_bar_or_without(visits):
    # oporavak-ba held a training in six months, and sent no file for August 2025
    trainings, drawn = visits["partner-oporavak-ba.html"]["month_axes"][
        "partner_trainings-trainings"
    ]
    assert len(trainings) == 22 and trainings[0] == "jan. 2025" and trainings[-1] == "okt. 2026"
    assert drawn == [-0.5, 21.5]
    months = [axis for v in visits.values() for axis in v["month_axes"].values()]
    assert months and all(drawn == [-0.5, len(axis) - 0.5] for axis, drawn in months)


def test_every_navigation_link_opens_a_page_of_the_site(visits):
    for name, v in visits.items():
        targets = {Path(unquote(urlparse(href).path)) for href in v["nav"]}
        assert {t.name for t in targets} == set(visits), name
        assert all(t.is_file() for t in targets), name


def test_links_to_feedback_reports_open_existing_files(visits):
    links = [Path(unquote(urlparse(href).path)) for href in visits["submissions.html"]["links"]]
    assert links, "the demo has faulty files, so the submissions page links to their feedback"
    assert all(link.is_file() and "feedback" in link.parts for link in links)


def test_pages_fit_a_phone_tables_scrolling_in_their_own_box(demo_run):
    widths = {}
    with chromium(375, 800) as browser:
        for name in ("index.html", "submissions.html", "housing.html"):
            page = browser.new_page()
            page.goto((demo_run / "site" / name).as_uri(), wait_until="load")
            widths[name] = page.evaluate("document.documentElement.scrollWidth")
            page.close()
    assert widths == dict.fromkeys(widths, 375)
