"""An export read beside the site: a reader holding both has the cells of both, so the export
shows a figure the site shows, hides one it hides, and hides its own cells (each partner's people
by kind, sex, age and addiction) until nothing hidden in either can be worked out from the two."""

from __future__ import annotations

import csv
import html
import math
import re
from pathlib import Path

import pytest
from conftest import _people
from test_dashboards_disclosure import workspace

from core.config import Workspace
from dashboards.site import render_pages, site_context
from export.figures import export_figures
from export.frames import category_rows
from export.model import DIMENSIONS, TOTAL
from load import warehouse
from publish.labels import Labels

K = 5
PARTNERS = ["alfa", "beta"]


def published(text: str) -> int | str:
    """A cell as a reader takes it: a count, or the mark hiding one."""
    text = html.unescape(text).strip()
    return int(text) if text.isdigit() else text


def site_breakdowns(site: Path) -> dict[tuple[str, str], int | str]:
    """The consortium's people of the grant period to date by kind, sex, age and addiction, as
    the site's people page lists them."""
    labels = Labels("sl")
    codes = {(d, labels.code(d, c)): c for d, c in category_rows()}
    page = (site / "people.html").read_text(encoding="utf-8")
    cells = {}
    for dimension in DIMENSIONS:
        heading = re.escape(labels("dimensions", dimension))
        body = re.search(rf"<th>{heading}</th>.*?<tbody>(.*?)</tbody>", page, re.S)
        for label, value in re.findall(r"<tr><td>([^<]*)</td><td[^>]*>([^<]*)</td>", body[1]):
            if html.unescape(label) != labels("text", "total"):
                cells[(dimension, codes[(dimension, html.unescape(label))])] = published(value)
    return cells


def site_people(page: Path, span: int) -> int | str:
    """The people served a page's table of figures shows: of the month (0), the year (1) or the
    grant period to date (2)."""
    label = re.escape(Labels("sl")("figures", "people_distinct"))
    row = re.search(rf"<tr><td[^>]*>{label}</td>(.*?)</tr>", page.read_text(encoding="utf-8"))
    return published(re.findall(r"<td[^>]*>(.*?)</td>", row[1])[span])


def export_people(folder: Path) -> dict[tuple[tuple[str, str], str], int | str]:
    """The export's people by category (rows, as export.frames orders them) and partner."""
    with (folder / "people.csv").open(encoding="utf-8") as fh:
        _, *rows = list(csv.reader(fh))
    keys = [*category_rows(), (TOTAL, TOTAL)]
    return {
        (key, column): published(value)
        for key, row in zip(keys, rows, strict=True)
        for column, value in zip([*PARTNERS, TOTAL], row[2:], strict=True)
    }


def worked_out(site: Path, folder: Path) -> dict[tuple, float]:
    """The hidden people of the export's people table, and of the site's breakdowns and partners'
    totals of the grant period to date, that a reader holding both pins down: every category
    of a dimension adds up to its column's people, every partner to the consortium. A "<5" is
    1 to 4, any other hidden count 0 or more; a count either output shows is known."""
    cells = export_people(folder)
    beside = {((row, TOTAL)): value for row, value in site_breakdowns(site).items()}
    beside |= {((TOTAL, TOTAL), p): site_people(site / f"partner-{p}.html", 2) for p in PARTNERS}
    beside[((TOTAL, TOTAL), TOTAL)] = site_people(site / "index.html", 2)
    ranges = {}
    for cell, value in cells.items():
        shown = [v for v in (value, beside.get(cell)) if isinstance(v, int)]
        small = f"<{K}" in (value, beside.get(cell))
        ranges[cell] = (shown[0],) * 2 if shown else (1, K - 1) if small else (0, math.inf)
    sums = [
        (((TOTAL, TOTAL), column), [(row, column) for row in category_rows() if row[0] == d])
        for d in DIMENSIONS
        for column in [*PARTNERS, TOTAL]
    ]
    sums += [((row, TOTAL), [(row, p) for p in PARTNERS]) for row in category_rows()]
    for _ in range(len(cells)):
        for total, parts in sums:
            low, high = ranges[total]
            for part in parts:
                others = [ranges[p] for p in parts if p != part]
                narrowed = (low - sum(o[1] for o in others), high - sum(o[0] for o in others))
                ranges[part] = (
                    max(ranges[part][0], narrowed[0]),
                    min(ranges[part][1], narrowed[1]),
                )
            parts_low = sum(ranges[p][0] for p in parts)
            parts_high = sum(ranges[p][1] for p in parts)
            ranges[total] = (max(low, parts_low), min(high, parts_high))
    hidden = [c for c, v in cells.items() if isinstance(v, str) and beside.get(c, v) == v]
    # zero names nobody: a hidden 0 worked out gives nobody away
    return {c: ranges[c][0] for c in hidden if ranges[c][0] == ranges[c][1] != 0}


@pytest.fixture(scope="module")
def three_women(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """alfa served 3 women and 8 men in January, beta 6 women; the grant period began in
    January, so the site's grant period to date and the export of January are one range."""
    ws = workspace(
        tmp_path_factory.mktemp("three-women") / "ws",
        {
            ("alfa", "2025-01"): {
                "people": _people("A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11", "f" * 3 + "m" * 8)
            },
            ("beta", "2025-01"): {"people": _people("B1 B2 B3 B4 B5 B6", "f" * 6)},
        },
    )
    with warehouse.connect(ws.warehouse) as con:
        render_pages(site_context(ws, con, "2025-01"), ws.site)
        export_figures(ws, con, "2025-01", "2025-01", images=False)
    return ws


def test_no_hidden_count_is_worked_out_of_the_site_and_the_export_together(three_women):
    # the site shows the 9 women and 8 men, alfa's 11 and beta's 6: beside them, an export that
    # showed beta's 0 men would leave alfa's men to be 8 - 0, and its women 11 - 8 = 3
    folder = three_women.exports / "2025-01_2025-01"
    assert worked_out(three_women.site, folder) == {}


def test_the_export_shows_the_partners_people_and_the_breakdowns_the_site_shows(three_women):
    cells = export_people(three_women.exports / "2025-01_2025-01")
    assert [cells[((TOTAL, TOTAL), p)] for p in [*PARTNERS, TOTAL]] == [11, 6, 17]
    assert cells[(("sex", "female"), TOTAL)] == site_breakdowns(three_women.site)[("sex", "female")]
    assert [cells[(("sex", "female"), TOTAL)], cells[(("sex", "male"), TOTAL)]] == [9, 8]
    # the partners' people by sex are what is hidden: alfa's 3 women and beta's 0 men together
    assert {cells[(("sex", sex), p)] for sex in ("female", "male") for p in PARTNERS} == {"x"}
