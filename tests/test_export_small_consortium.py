"""A small consortium's export: its headline figures are published, as its dashboards show them,
even where their breakdowns by partner, month or kind cannot be; a topic no partner reports has
no chart."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, _export_submission, _people
from test_dashboards_disclosure import workspace as housing_workspace

from core.config import Workspace
from dashboards.site import render_pages, site_context
from export.figures import export_figures
from export.model import language_words
from load import warehouse
from publish.site_plan import headline_cell, month_cell
from transforms.runner import build_models

CONFIG = ROOT / "tests" / "fixtures" / "export" / "consortium.yaml"
RECEIVED = "2025-02-05T09:00:00+01:00"


def people(codes: str, kinds: str) -> list[dict]:
    kind = {"r": "in_recovery", "f": "relative"}
    rows = _people(codes, "m" * len(codes.split()))
    for row, k in zip(rows, kinds, strict=True):
        row["user_kind"] = kind[k]
    return rows


def exported(
    root: Path,
    people_of: dict[str, list[dict]],
    config: str | None = None,
    *,
    images: bool = False,
) -> Path:
    """The export of 2025-01 of a two-partner workspace whose partners sent these people."""
    months = {(p, "2025-01"): rows for p, rows in people_of.items()}
    return exported_months(root, months, config, images=images)


def exported_months(
    root: Path,
    people_of: dict[tuple[str, str], list[dict]],
    config: str | None = None,
    *,
    images: bool = False,
) -> Path:
    """The export of the months of a workspace whose partners sent these people, by partner and
    month; its charts drawn only when `images` asks for them."""
    (root / "inbox").mkdir(parents=True)
    (root / "consortium.yaml").write_text(config or CONFIG.read_text())
    ws = Workspace.open(root)
    months = sorted(month for _, month in people_of)
    with warehouse.connect(ws.warehouse) as con:
        for sha, ((partner, month), rows) in zip("abcdef", people_of.items(), strict=False):
            submission = _export_submission(sha, partner, month, RECEIVED, {"people": rows})
            warehouse.load_submission(con, submission, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, months[0], months[-1], images=images)
    return root / "exports" / f"{months[0]}_{months[-1]}"


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def summary_rows(folder: Path) -> dict[str, list[str]]:
    """The summary's figures, target and share of it, by indicator id (the CSV names them in
    the consortium's Slovene)."""
    ids = {words["label"]: i for i, words in language_words("sl")["indicators"].items()}
    return {ids[row[0]]: row[1:] for row in rows(folder / "summary.csv")[1:]}


def summary_value(folder: Path, indicator: str) -> str:
    return summary_rows(folder)[indicator][0]


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(
        tmp_path_factory.mktemp("small") / "ws",
        {"alfa": people("A1 A2 A3 A4 A5", "rrrrr"), "beta": people("B1 B2 B3 B4 B5 B6", "rrrrrf")},
    )


def test_the_people_served_are_published_where_a_breakdown_by_partner_would_hide_them(
    small_export,
):
    assert summary_value(small_export, "people_distinct") == "11"
    assert rows(small_export / "people.csv")[-1][-3:] == ["5", "6", "11"]


def test_the_people_by_kind_of_each_partner_are_hidden_whole_and_the_relative_stays_small(
    small_export,
):
    by_kind = [
        row
        for row in rows(small_export / "people.csv")
        if row[1] in ("oseba v okrevanju", "svojec ali otrok")
    ]
    assert [row[2:4] for row in by_kind] == [["x", "x"], ["x", "x"]]
    assert by_kind[1][4] == "<5"


def test_names_with_commas_and_letters_beyond_ascii_are_quoted_in_csv_and_shown_in_the_workbook(
    tmp_path,
):
    config = (
        CONFIG.read_text()
        .replace("name: Zavod Alfa", 'name: "Zavod Alfa, Ljubljana"')
        .replace("name: Udruženje Beta", 'name: "Przystań, Kraków"')
    )
    folder = exported(
        tmp_path / "ws",
        {"alfa": people("A1 A2 A3 A4 A5", "rrrrr"), "beta": people("B1 B2 B3 B4 B5", "rrrrr")},
        config,
    )
    text = (folder / "per_partner.csv").read_text(encoding="utf-8")
    assert '\nalfa,"Zavod Alfa, Ljubljana",' in text
    assert '\nbeta,"Przystań, Kraków",' in text
    assert [row[:2] for row in rows(folder / "per_partner.csv")[1:3]] == [
        ["alfa", "Zavod Alfa, Ljubljana"],
        ["beta", "Przystań, Kraków"],
    ]
    assert rows(folder / "people.csv")[0][2:4] == ["Zavod Alfa, Ljubljana", "Przystań, Kraków"]
    assert [r[0] for r in sheet_rows(folder, "Po partnerjih")[1:3]] == [
        "Zavod Alfa, Ljubljana",
        "Przystań, Kraków",
    ]
    assert sheet_rows(folder, "Uporabniki")[0][2:4] == ["Zavod Alfa, Ljubljana", "Przystań, Kraków"]


def test_a_partner_no_longer_listed_is_named_by_its_id(tmp_path):
    root = tmp_path / "ws"
    exported(
        root,
        {"alfa": people("A1 A2 A3 A4 A5", "rrrrr"), "beta": people("B1 B2 B3 B4 B5", "rrrrr")},
    )
    config = root / "consortium.yaml"
    config.write_text(config.read_text().split("  - id: beta")[0])
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        folder = export_figures(ws, con, "2025-01", "2025-01", images=False)
    # its id is all the consortium still knows of it
    assert [row[:2] for row in rows(folder / "sources.csv")[1:]] == [
        ["alfa", "Zavod Alfa"],
        ["beta", "beta"],
    ]


def test_people_whose_partners_would_give_each_other_away_are_published_the_partners_hidden(
    tmp_path,
):
    folder = exported(
        tmp_path / "ws",
        {"alfa": people("A1 A2 A3 A4", "rrrr"), "beta": people("B1 B2 B3 B4", "rrrr")},
    )
    assert summary_value(folder, "people_distinct") == "8"  # "<5" and "<5" beside 8: each 4
    assert [row[2] for row in rows(folder / "per_partner.csv")] == ["Uporabniki", "x", "x", "8"]


def test_months_whose_distinct_people_would_give_each_other_away_are_hidden_the_total_published(
    tmp_path,
):
    # 4 people in January and 4 others in February: "<5" and "<5" beside 8 would be 4 each.
    folder = exported_months(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): people("A1 A2 A3 A4", "rrrr"),
            ("alfa", "2025-02"): people("A5 A6 A7 A8", "rrrr"),
        },
    )
    assert summary_value(folder, "people_distinct") == "8"
    per_month = {row[0]: row[1] for row in rows(folder / "per_month.csv")[1:]}
    assert list(per_month.values()) == ["x", "x", "8"]


def test_months_the_site_hides_with_its_breakdowns_are_hidden_in_the_export_too(tmp_path):
    # a relative alone in each partner's breakdown would give the people served away: the
    # site, which has no breakdown by partner, hides its months' bars (9 and 10 of 11) with
    # its breakdowns instead, so the export, read beside it, shows neither
    folder = exported_months(
        tmp_path / "ws",
        {
            ("alfa", "2025-01"): people("A1 A2 A3 A4 A5", "rrrrf"),
            ("beta", "2025-01"): people("B1 B2 B3 B4", "rrrr"),
            ("alfa", "2025-02"): people("A1 A2 A3 A4", "rrrr"),
            ("beta", "2025-02"): people("B1 B2 B3 B4 B5 B6", "rrrrrf"),
        },
    )
    ws = Workspace.open(folder.parents[1])
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        hidden = site_context(ws, con, "2025-02").hidden_people
    assert hidden[month_cell(None, "2025-01", "people_distinct")] == "x"
    assert summary_value(folder, "people_distinct") == "11"
    per_month = {row[0]: row[1] for row in rows(folder / "per_month.csv")[1:]}
    assert list(per_month.values()) == ["x", "x", "11"]
    by_kind = [row for row in rows(folder / "people.csv") if row[1] == "svojec ali otrok"]
    assert by_kind[0][2:] == ["x", "x", "x"]


def people_of_kinds(codes: str, kinds: str) -> list[dict]:
    """People of these codes, each of a kind: r in recovery, f relative, o other, u unknown."""
    kind = {"r": "in_recovery", "f": "relative", "o": "other", "u": "unknown"}
    rows = _people(codes, "m" * len(codes.split()))
    for row, k in zip(rows, kinds, strict=True):
        row["user_kind"] = kind[k]
    return rows


@pytest.fixture(scope="module")
def kinds_of_one_partner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """alfa alone served 4 people in recovery and 4 relatives in January: "<5" and "<5" of the
    consortium beside 8 would be 4 each."""
    return exported(
        tmp_path_factory.mktemp("kinds") / "ws",
        {"alfa": people_of_kinds("A1 A2 A3 A4 A5 A6 A7 A8", "rrrrffff")},
    )


def test_the_people_served_are_published_where_the_consortiums_breakdown_would_hide_them(
    kinds_of_one_partner,
):
    assert summary_value(kinds_of_one_partner, "people_distinct") == "8"
    by_kind = [
        row for row in rows(kinds_of_one_partner / "people.csv") if row[0] == "Vrsta uporabnika"
    ]
    assert {row[4] for row in by_kind} == {"x"}


def test_the_export_shows_the_people_served_as_the_site_does(kinds_of_one_partner):
    ws = Workspace.open(kinds_of_one_partner.parent.parent)
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        hidden = site_context(ws, con, "2025-01").hidden_people
    site = hidden.get(headline_cell(None, "grant", "people_distinct"), "8")
    assert summary_value(kinds_of_one_partner, "people_distinct") == site == "8"


def test_small_kinds_the_people_served_pin_down_cost_one_more_kind_not_the_people_served(
    tmp_path,
):
    # 4 relatives, 4 others and 4 unknown: "<5" three times beside 6 in recovery and 18 can
    # only be 4 each. Hiding the 6 leaves them 1 to 4 each: enough, the 18 and the rest stay
    # (and nobody unclassified, 0).
    codes = " ".join(f"A{i}" for i in range(1, 19))
    folder = exported(tmp_path / "ws", {"alfa": people_of_kinds(codes, "rrrrrrffffoooouuuu")})
    assert summary_value(folder, "people_distinct") == "18"
    by_kind = [row for row in rows(folder / "people.csv") if row[0] == "Vrsta uporabnika"]
    assert [row[4] for row in by_kind] == ["x", "<5", "<5", "0", "<5"]


def test_a_partners_export_sets_none_of_the_consortiums_targets_against_its_figures(tmp_path):
    root = tmp_path / "ws"
    exported(root, {"alfa": people("A1 A2 A3 A4 A5 A6", "rrrrrr")})
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        folder = export_figures(ws, con, "2025-01", "2025-01", partner="alfa")
    assert summary_rows(folder)["people_distinct"][2:] == ["", ""]
    # alfa runs no groups, and its counselling was not reported this month: no chart of either
    # (an empty one would read as nothing done), and none of targets it has no share of
    assert sorted(p.name for p in folder.glob("*.png")) == []


def test_an_export_between_runs_sets_the_figures_against_todays_targets(tmp_path):
    from typer.testing import CliRunner

    from cli.app import app

    root = tmp_path / "ws"
    exported(root, {"alfa": people("A1 A2 A3 A4 A5 A6", "rrrrrr")})
    config = root / "consortium.yaml"
    config.write_text(config.read_text().replace("people_distinct: 20", "people_distinct: 12"))
    done = CliRunner().invoke(
        app, ["export", "-w", str(root), "--from", "2025-01", "--to", "2025-01"]
    )
    assert done.exit_code == 0, done.output
    summary = summary_rows(root / "exports" / "2025-01_2025-01")
    assert summary["people_distinct"][2:] == ["12", "50.0"]


@pytest.fixture(scope="module")
def people_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export of a consortium whose partners report only their people."""
    config = CONFIG.read_text()
    for tables in ("[housing, counselling, people]", "[groups, counselling, people]"):
        config = config.replace(f"tables: {tables}", "tables: [people]")
    root = tmp_path_factory.mktemp("people_only") / "ws"
    return exported(root, {"alfa": people("A1 A2 A3 A4 A5", "rrrrr")}, config, images=True)


def test_a_topic_no_partner_reports_has_no_chart_in_the_export(people_only):
    assert sorted(p.name for p in people_only.glob("*.png")) == ["targets.png"]


def test_a_topic_no_partner_reports_has_no_figures_in_the_export(people_only):
    # no housing places, meetings or hours of nobody's: the people served alone
    assert list(summary_rows(people_only)) == ["people_distinct"]
    assert rows(people_only / "per_partner.csv")[0] == ["Partner", "Ime partnerja", "Uporabniki"]
    # the definitions: the people served, then the two marks of hidden counts and what a figure
    # not reported and one not applicable are
    assert [row[0] for row in rows(people_only / "definitions.csv")[1:]] == [
        "Uporabniki",
        "",
        "",
        "",
        "",
    ]


@pytest.fixture(scope="module")
def counselling_in_january(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """alfa's sessions of January and beta's counselling sheet of January with no row under
    its header (no sessions); in February both sent their people only. The grant sets a target
    for group meetings, of which nobody sent a table."""
    root = tmp_path_factory.mktemp("not_reported") / "ws"
    (root / "inbox").mkdir(parents=True)
    config = CONFIG.read_text().replace(
        "counselling_people_distinct: 10",
        "counselling_people_distinct: 10\n      group_meetings: 4",
    )
    (root / "consortium.yaml").write_text(config)
    session = {"session_on": "2025-01-07", "user_code": "A1", "session_kind": "individual"}
    sent = {
        ("alfa", "2025-01"): {
            "counselling": [{**session, "hours": 1.5}],
            "people": people("A1", "r"),
        },
        ("alfa", "2025-02"): {"people": people("A1", "r")},
        ("beta", "2025-01"): {"counselling": [], "people": people("B1", "r")},
        ("beta", "2025-02"): {"people": people("B1", "r")},
    }
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sha, ((partner, month), tables) in zip("abcd", sent.items(), strict=True):
            submission = _export_submission(sha, partner, month, RECEIVED, tables)
            warehouse.load_submission(con, submission, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-02")
    return root / "exports" / "2025-01_2025-02"


def sheet_rows(folder: Path, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(next(folder.glob("*.xlsx")))
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]


def test_a_month_without_a_counselling_table_is_not_reported_in_the_export_not_zero(
    counselling_in_january,
):
    # nobody sent a counselling table for February: its sessions are not reported, not 0; the
    # range adds the month that was
    header, *months = sheet_rows(counselling_in_january, "Po mesecih")
    sessions = header.index("Svetovanja")
    assert [(m[0], m[sessions]) for m in months] == [
        (datetime(2025, 1, 1), 1),
        (datetime(2025, 2, 1), "ni sporočeno"),
        ("Skupaj", 1),
    ]
    assert [r[sessions] for r in rows(counselling_in_january / "per_month.csv")[1:]] == [
        "1",
        "",
        "1",
    ]


def test_a_counselling_table_sent_without_rows_is_a_real_zero_in_the_export(
    counselling_in_january,
):
    header, alfa, beta, total = sheet_rows(counselling_in_january, "Po partnerjih")
    sessions = header.index("Svetovanja")
    assert (alfa[sessions], beta[sessions], total[sessions]) == (1, 0, 1)


def test_a_figure_nobody_reported_reads_not_reported_in_the_workbook_and_the_summary(
    counselling_in_january,
):
    header, *partners = sheet_rows(counselling_in_january, "Po partnerjih")
    meetings = header.index("Srečanja skupin in aktivnosti")
    # beta owes group meetings (and so does the consortium); alfa runs no groups at all
    assert [p[meetings] for p in partners] == ["ne velja", "ni sporočeno", "ni sporočeno"]
    # the CSV files leave the cell empty, as every figure without a value (README, Definitions)
    csv_header, *csv_partners = rows(counselling_in_january / "per_partner.csv")
    meetings = csv_header.index("Srečanja skupin in aktivnosti")
    assert [r[meetings] for r in csv_partners] == [""] * 3
    assert summary_value(counselling_in_january, "group_meetings") == ""
    summary = (counselling_in_january / "summary.md").read_text(encoding="utf-8")
    assert "| ni sporočeno | 4 | ni sporočeno |" in summary


def test_a_partner_that_does_not_run_a_service_reads_not_applicable_not_not_reported(
    counselling_in_january,
):
    # beta's tables in consortium.yaml have no housing: nothing of it is owed, none left out
    header, alfa, beta, total = sheet_rows(counselling_in_january, "Po partnerjih")
    units = header.index("Bivanjske skupnosti")
    assert (alfa[units], beta[units], total[units]) == ("ni sporočeno", "ne velja", "ni sporočeno")
    # the CSV files leave it empty, as every figure without a value
    assert [r[units] for r in rows(counselling_in_january / "per_partner.csv")[1:]] == [""] * 3
    definitions = [r[-1] for r in sheet_rows(counselling_in_january, "Opredelitve")]
    assert any(d.startswith("ne velja: partner te storitve ne izvaja") for d in definitions)


@pytest.fixture(scope="module")
def late_starters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export of January to March 2025 of partners that report from February: alfa sent its
    counselling and people of February only, beta (housing alone) nothing."""
    root = tmp_path_factory.mktemp("late_starters") / "ws"
    (root / "inbox").mkdir(parents=True)
    config = (
        CONFIG.read_text()
        .replace("reports_from: 2025-01", "reports_from: 2025-02")
        .replace("tables: [groups, counselling, people]", "tables: [housing]")
    )
    (root / "consortium.yaml").write_text(config)
    session = {"session_on": "2025-02-07", "user_code": "A1", "session_kind": "individual"}
    tables = {"counselling": [{**session, "hours": 1.5}], "people": people("A1", "r")}
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        submission = _export_submission("a", "alfa", "2025-02", "2025-03-05T09:00:00+01:00", tables)
        warehouse.load_submission(con, submission, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-03")
    return root / "exports" / "2025-01_2025-03"


def test_a_partner_that_owes_no_people_reads_not_applicable_on_the_people_sheet(late_starters):
    # beta reports housing alone: neither a people nor a counselling sheet gives its people
    header, *categories = sheet_rows(late_starters, "Uporabniki")
    beta = header.index("Udruženje Beta")
    assert {row[beta] for row in categories} == {"ne velja"}
    # the CSV file leaves it empty, as every figure without a value
    csv_header, *csv_rows = rows(late_starters / "people.csv")
    assert {row[csv_header.index("Udruženje Beta")] for row in csv_rows} == {""}


def test_a_month_before_any_partner_reports_reads_not_applicable_in_the_export(late_starters):
    # nobody was due in January; alfa sent February's counselling and not March's
    header, *months = sheet_rows(late_starters, "Po mesecih")
    sessions = header.index("Svetovanja")
    assert [(m[0], m[sessions]) for m in months] == [
        (datetime(2025, 1, 1), "ne velja"),
        (datetime(2025, 2, 1), 1),
        (datetime(2025, 3, 1), "ni sporočeno"),
        ("Skupaj", 1),
    ]
    assert set(months[0][1:]) == {"ne velja"}


def test_the_narrative_names_the_partners_whose_owed_tables_are_missing(late_starters):
    # after the figures, each partner by name with the tables it owes and their months (none
    # of January, when nobody was due yet), each month named as it stands alone
    summary = (late_starters / "summary.md").read_text(encoding="utf-8")
    assert (
        "Še ni sporočeno: Zavod Alfa (bivanje, februar 2025, marec 2025; svetovanje, "
        "uporabniki, marec 2025); Udruženje Beta (bivanje, februar 2025, marec 2025)."
    ) in summary


@pytest.fixture(scope="module")
def moves_unstated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """alfa's unit H1 in January by a presence register: 5 residents in its 6 places all month,
    nobody said to have moved in or out (the register does not say)."""
    root = tmp_path_factory.mktemp("moves") / "ws"
    unit = {"site_id": "H1", "places": 6, "residents": 5, "resident_nights": 155}
    unit |= {"admissions": None, "exits_planned": None, "exits_unplanned": None}
    ws = housing_workspace(root, {("alfa", "2025-01"): {"housing": [unit]}})
    with warehouse.connect(ws.warehouse) as con:
        export_figures(ws, con, "2025-01", "2025-01", images=False)
    return root / "exports" / "2025-01_2025-01"


def test_admissions_not_reported_by_a_presence_register_read_not_reported_in_the_export(
    moves_unstated,
):
    header, alfa, beta, total = sheet_rows(moves_unstated, "Po partnerjih")
    moves = [header.index(h) for h in ("Sprejemi", "Načrtovani odhodi", "Nenačrtovani odhodi")]
    # not 0, which would read as nobody moving in or out
    assert [(alfa[m], total[m]) for m in moves] == [("ni sporočeno", "ni sporočeno")] * 3
    csv_header, csv_alfa, _, csv_total = rows(moves_unstated / "per_partner.csv")
    for column in ("Sprejemi", "Načrtovani odhodi", "Nenačrtovani odhodi"):
        index = csv_header.index(column)
        assert (csv_alfa[index], csv_total[index]) == ("", "")
    assert summary_value(moves_unstated, "admissions") == ""
    # the register's nights stand: 155 of 6 x 31 place-nights
    nights = header.index("Nočitve")
    assert (alfa[nights], total[nights]) == (155, 155)


@pytest.fixture(scope="module")
def relatives_without_addiction(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """alfa served 6 people in recovery from alcohol and 2 relatives, whose sheet states no main
    addiction (they have none of their own), in January."""
    served = people("A1 A2 A3 A4 A5 A6 A7 A8", "rrrrrrff")
    for relative in served[6:]:
        relative["main_addiction"] = None
    return exported(tmp_path_factory.mktemp("relatives") / "ws", {"alfa": served})


def test_a_relatives_addiction_is_not_applicable_on_the_people_sheet_suppressed_as_any_other(
    relatives_without_addiction,
):
    sheet = {(r[0], r[1]): r[2:] for r in sheet_rows(relatives_without_addiction, "Uporabniki")}
    # the 2 relatives are their own category, hidden as any count under 5; nobody is unknown
    # (beta sent no people)
    assert sheet[("Glavna zasvojenost", "ne velja (svojci)")][0] == "<5"
    assert sheet[("Glavna zasvojenost", "neznano")] == [0, "ni sporočeno", 0]


def test_a_relatives_addiction_is_not_applicable_on_the_sites_people_page(
    relatives_without_addiction,
):
    ws = Workspace.open(relatives_without_addiction.parents[1])
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        render_pages(site_context(ws, con, "2025-01"), ws.site)
    people_page = (ws.site / "people.html").read_text(encoding="utf-8")
    # the export's category and count, as the site shows them
    assert '<td>ne velja (svojci)</td><td class="n">&lt;5</td>' in people_page
    assert ">neznano<" not in people_page
