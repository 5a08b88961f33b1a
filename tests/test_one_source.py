"""Every number a page or an export shows is a figure of transforms.figures: rendered from a
tiny warehouse, read back from the HTML and the CSV files, and compared."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from dashboards.site import render_site
from export.csv_files import write_csvs
from export.model import language_words, reported_indicators
from export.tables import build_report, indicators
from transforms import figures

PERIOD = "2025-02"
PERSON = {
    "user_kind": "in_recovery",
    "sex": "female",
    "age_band": "26_35",
    "main_addiction": "alcohol",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """February 2025 of both partners, with counts of people at or above k (5) so they show."""
    from conftest import tiny_workspace

    tiny = tiny_workspace(tmp_path_factory.mktemp("one-source") / "tiny")
    house = [f"A{n}" for n in range(1, 8)]
    tiny.submit(
        "house",
        PERIOD,
        "2025-03-05T09:00:00",
        housing=[
            {"site_id": "H-1", "places": 4, "residents": 3, "resident_nights": 81},
            {"site_id": "h-2", "places": 2, "residents": 2, "resident_nights": 50},
        ],
        counselling=[
            {
                "session_on": "2025-02-03",
                "user_code": code,
                "session_kind": "individual",
                "hours": h,
            }
            for code, h in zip(house, (1, 1.5, 2, 1, 1, 0.5, 2.2), strict=True)
        ],
        people=[{"user_code": code, **PERSON} for code in house],
    )
    groups = [f"B{n}" for n in range(1, 6)]
    tiny.submit(
        "groups",
        PERIOD,
        "2025-03-12T09:00:00",
        groups=[
            {
                "held_on": f"2025-02-{day:02d}",
                "activity_kind": "group",
                "site_id": "G-1",
                "participants": n,
                "hours": 2,
            }
            for day, n in ((5, 7), (12, 8), (19, 9))
        ],
        trainings=[
            {
                "held_on": "2025-02-20",
                "title": "First aid",
                "audience": "staff",
                "hours": 3,
                "participants": 12,
            }
        ],
        people=[{"user_code": code, **PERSON} for code in groups],
    )
    tiny.build()
    yield tiny
    tiny.con.close()


class Cells(HTMLParser):
    """The rows of the first table of a piece of HTML, as the text of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tables = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif tag == "tr" and self.tables == 1:
            self.rows.append([])
        elif tag in ("td", "th") and self.tables == 1:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def first_table(html: str) -> list[list[str]]:
    parser = Cells()
    parser.feed(html)
    return parser.rows


def number(text: str) -> float | None:
    """A number as a page or a CSV writes it (1,234.5 or 89 %); None for a mark or a blank."""
    digits = re.sub(r"[\s,%\u00a0\u202f]", "", text)
    return float(digits) if re.fullmatch(r"-?\d+(\.\d+)?", digits) else None


def test_every_number_of_a_headline_table_is_a_figure_of_the_warehouse(warehouse):
    site = render_site(warehouse.ws, warehouse.con, PERIOD).parent
    rows = first_table((site / "counselling.html").read_text(encoding="utf-8"))
    # the counselling page's figures, each for the month, the year and the grant period to date
    shown = {"counselling_hours": 1, "counselling_sessions": 0, "counselling_people_distinct": 0}
    spans = [
        figures.headline_figures(warehouse.con, first, PERIOD)
        for first in (PERIOD, "2025-01", "2025-01")
    ]
    assert len(rows) == 1 + len(shown)
    for (figure_id, decimals), (_, *cells) in zip(shown.items(), rows[1:], strict=True):
        assert [number(cell) for cell in cells] == [
            round(span[figure_id], decimals) for span in spans
        ], figure_id


def test_every_number_of_the_exports_summary_is_a_figure_of_the_warehouse(warehouse, tmp_path):
    report = build_report(warehouse.con, warehouse.ws.config, "2025-01", PERIOD, language="en")
    write_csvs(report, tmp_path)
    with (tmp_path / "summary.csv").open(encoding="utf-8") as handle:
        summary = list(csv.DictReader(handle))
    headline = figures.headline_figures(warehouse.con, "2025-01", PERIOD)
    targets = warehouse.ws.config.grant_period_of(PERIOD).targets
    ids = {words["label"]: i for i, words in language_words("en")["indicators"].items()}
    shown = {ids[row["Indicator"]]: row for row in summary}
    assert list(shown) == reported_indicators(warehouse.ws.config)
    compared = 0
    for figure_id, row in shown.items():
        value = number(row["Value"])
        if value is None:
            continue  # a suppressed count: the disclosure tests cover the marks
        expected = headline[figure_id]
        is_rate = indicators()[figure_id]["format"] == "percent"
        assert value == pytest.approx(100 * expected if is_rate else expected, abs=0.05)
        compared += 1
        if figure_id in targets:
            assert number(row["Achieved (%)"]) == pytest.approx(
                100 * expected / targets[figure_id], abs=0.05
            )
    # every indicator but admissions (1, below k) and the exits that depend on it
    assert compared >= len(shown) - 3


def test_every_number_of_the_exports_completeness_is_a_figure_of_the_warehouse(warehouse, tmp_path):
    report = build_report(warehouse.con, warehouse.ws.config, "2025-01", PERIOD, language="en")
    write_csvs(report, tmp_path)
    with (tmp_path / "completeness.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    expected = figures.completeness(warehouse.con, "2025-01", PERIOD)
    assert len(rows) == len(expected)
    for row, (_, want) in zip(rows, expected.iterrows(), strict=True):
        # the partner's id and name, then its figures
        assert [number(cell) for cell in row[2:]] == [
            None if v is None or v != v else float(v) for v in want.iloc[1:]
        ]


def test_completeness_names_each_table_received_or_outstanding(warehouse):
    frame = figures.table_completeness(warehouse.con, PERIOD, PERIOD)
    status = {(r.partner_id, r.table_name): r.status for r in frame.itertuples()}
    # house sent housing, counselling and people; groups sent all three of its tables
    assert status == {
        ("house", "counselling"): "received",
        ("house", "housing"): "received",
        ("house", "people"): "received",
        ("groups", "groups"): "received",
        ("groups", "people"): "received",
        ("groups", "trainings"): "received",
    }


def test_a_table_not_sent_is_outstanding(tiny):
    tiny.submit(
        "groups",
        PERIOD,
        "2025-03-05T09:00:00",
        people=[{"user_code": "B1", **PERSON}],
    )
    tiny.build()
    frame = figures.table_completeness(tiny.con, PERIOD, PERIOD, partner="groups")
    # groups reports groups, trainings and people; its file brought only people
    assert dict(zip(frame["table_name"], frame["status"], strict=True)) == {
        "groups": "outstanding",
        "people": "received",
        "trainings": "outstanding",
    }


def test_a_new_indicator_is_one_sql_file(warehouse, tmp_path, monkeypatch):
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "staff_trainings.sql").write_text(
        """
        select
            group_id,
            count(*) as staff_trainings
        from grouped('int_trainings_in_force')
        where audience = 'staff'
        group by group_id
        """,
        encoding="utf-8",
    )
    monkeypatch.setattr(figures, "INDICATORS_DIR", folder)
    # one training for staff, held by the groups partner in Norway
    assert figures.headline_figures(warehouse.con, PERIOD, PERIOD)["staff_trainings"] == 1
    by_country = figures.figures_by(warehouse.con, PERIOD, PERIOD, "country")
    assert by_country.set_index("group_id")["staff_trainings"].fillna(0).to_dict() == {
        "NO": 1,
        "SI": 0,
    }
    assert figures.lineage(warehouse.con, "staff_trainings", PERIOD, PERIOD)[
        "table_name"
    ].to_list() == ["trainings"]
    monthly = figures.monthly_figures(warehouse.con, "2025-01", PERIOD)
    assert monthly["staff_trainings"].fillna(0).to_list() == [0, 1]
