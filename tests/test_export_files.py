"""CSV files, charts and narrative of the tiny warehouse's export (tests/conftest.py tiny_export)."""

import csv
import shutil
import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from export.csv_files import cell_text
from export.figures import export_figures, export_report
from export.images import drawing, target_charts
from export.injection import neutralised
from export.tables import build_report, indicators
from load import warehouse

FOLDER = "exports/2025-01_2025-02"


def copy_workspace(source, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("exports"))
    return target


def test_two_exports_of_the_same_warehouse_give_byte_identical_files(tiny_export, tmp_path):
    root = copy_workspace(tiny_export, tmp_path)
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        again = export_figures(ws, con, "2025-01", "2025-02", images=False)
    first = tiny_export / FOLDER
    names = sorted(p.name for p in first.glob("*.csv"))
    assert len(names) == 8
    for name in [*names, "report.xlsx", "summary.md"]:
        assert (again / name).read_bytes() == (first / name).read_bytes(), name


def test_an_export_again_of_unchanged_figures_copies_its_images_not_draws_them(
    tiny_export, tmp_path
):
    root = tmp_path / "copy"
    shutil.copytree(tiny_export, root)
    first = {p.name: p.read_bytes() for p in (root / FOLDER).glob("*.png")}
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        folder, drawn = export_report(ws, con, "2025-01", "2025-02")
    # every chart is the figure drawn last time: none drawn again, the same bytes
    assert drawn == []
    assert {p.name: p.read_bytes() for p in folder.glob("*.png")} == first
    assert not list(folder.parent.glob(".*previous"))


def test_charts_are_drawn_only_by_the_offline_image_server(tiny_export, tmp_path):
    ws = Workspace.open(tiny_export)
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        report = build_report(con, ws.config, "2025-01", "2025-02")
    # outside image_server() Kaleido would start a Chromium of its own, without the offline flags
    with pytest.raises(RuntimeError, match="image_server"):
        with drawing(target_charts(report), tmp_path):
            pass
    assert not list(tmp_path.glob("*.png"))


def test_csv_is_utf8_with_a_decimal_point(tiny_export):
    with (tiny_export / FOLDER / "per_partner.csv").open(encoding="utf-8", newline="") as f:
        header, alfa, *_ = list(csv.reader(f))
    assert alfa[header.index("Ure svetovanja")] == "7.50"


def test_excel_csv_uses_the_code_page_semicolons_and_decimal_comma(tiny_export, tmp_path):
    ws = Workspace.open(copy_workspace(tiny_export, tmp_path))
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        folder = export_figures(ws, con, "2025-01", "2025-02", excel_csv=True, images=False)
    raw = (folder / "per_partner.csv").read_bytes()
    text = raw.decode("cp1250")
    assert "Srečanja".encode("cp1250") in raw
    assert text.splitlines()[1].split(";")[6] == "7,50"


def csv_rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_csv_files_keep_the_partner_id_and_add_its_name(tiny_export):
    # the id stays the key a program joins on; the name, as consortium.yaml gives it, beside it
    folder = tiny_export / FOLDER
    header, *partners = csv_rows(folder / "per_partner.csv")
    assert header[:2] == ["Partner", "Ime partnerja"]
    assert [r[:2] for r in partners] == [
        ["alfa", "Zavod Alfa"],
        ["beta", "Udruženje Beta"],
        ["Vsi partnerji", "Vsi partnerji"],
    ]
    assert [r[:2] for r in csv_rows(folder / "completeness.csv")] == [
        ["Partner", "Ime partnerja"],
        ["alfa", "Zavod Alfa"],
        ["beta", "Udruženje Beta"],
        ["Vsi partnerji", "Vsi partnerji"],
    ]
    for name in ("timeliness.csv", "sources.csv"):
        header, *rows = csv_rows(folder / name)
        assert header[:2] == ["Partner", "Ime partnerja"], name
        assert {tuple(r[:2]) for r in rows} == {
            ("alfa", "Zavod Alfa"),
            ("beta", "Udruženje Beta"),
        }, name


def test_the_summary_csv_names_each_indicator_as_the_workbook_does_without_its_id(tiny_export):
    # README keeps ids in the partner_id column only: the indicators are named in Slovene
    header, *summary = csv_rows(tiny_export / FOLDER / "summary.csv")
    assert header == ["Kazalnik", "Vrednost", "Enota", "Cilj", "Doseženo (%)"]
    assert [r[:2] for r in summary[:2]] == [["Uporabniki", "14"], ["Uporabniki svetovanja", "<5"]]
    assert not {cell for row in summary for cell in row} & set(indicators())


def test_the_people_csv_heads_its_partner_columns_with_their_names_as_the_workbook_does(
    tiny_export,
):
    header = csv_rows(tiny_export / FOLDER / "people.csv")[0]
    assert header[2:] == ["Zavod Alfa", "Udruženje Beta", "Skupaj"]


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    for dangerous in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralised(dangerous) == "'" + dangerous
    assert neutralised("<5") == "<5"
    assert cell_text(-3, "integer", ".") == "-3"


def test_formula_like_file_names_are_neutralised_in_csv(tiny_export):
    sources = pd.read_csv(tiny_export / FOLDER / "sources.csv", dtype=str)
    assert sources.iloc[2, 3] == '\'=HYPERLINK("http://x")+beta.xlsx'


def test_charts_are_real_png_and_svg_images_of_the_right_charts(tiny_export):
    folder = tiny_export / FOLDER
    titles = {
        "counselling_hours": "Ure svetovanja po mesecih",
        "group_meetings": "Srečanja skupin in aktivnosti po mesecih",
        "targets": "Doseganje ciljev (%)",
    }
    for stem, title in titles.items():
        png = (folder / f"{stem}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (1000, 560)
        svg = ET.parse(folder / f"{stem}.svg").getroot()
        assert svg.tag.endswith("svg")
        assert title in "".join(svg.itertext())


def test_the_monthly_charts_name_each_partner_as_the_consortium_does(tiny_export):
    svg = ET.parse(tiny_export / FOLDER / "counselling_hours.svg").getroot()
    legend = "".join(svg.itertext())
    assert "Zavod Alfa" in legend and "Udruženje Beta" in legend


def test_narrative_speaks_like_the_partners_reports(tiny_export):
    text = (tiny_export / FOLDER / "summary.md").read_text(encoding="utf-8")
    # All counselling first, as the targets table counts it: alfa's four individual sessions and
    # its family one, beta's call, 8 hours of the three kinds, A1, A2, A3 and B1 published as
    # <5; then the 5.5 individual hours with A1 and A3. A decimal count takes the Slovene "few"
    # form (5,5 ure), a hidden one the genitive plural ("other").
    assert (
        "V obdobju od januarja 2025 do februarja 2025 so opravili 6 svetovanj (8 ur) za <5 "
        "uporabnikov: individualno, družinsko in telefonsko svetovanje. Individualno svetovanje "
        "je obsegalo 5,5 ure za <5 uporabnikov." in text
    )
    # two meetings: the Slovene dual; one housing unit: the singular; its 90 nights in 4 places
    # (alfa's 3 residents) and its occupancy hidden: left out of the sentence, said once after
    assert "Izvedli so 2 srečanji skupin in aktivnosti, skupaj 14 udeležb." in text
    assert "Bivanjske skupnosti (1 skupnost, 4 mesta)." in text
    assert "(vsak štet enkrat): 14 uporabnikov. Nekateri podatki so skriti" in text
    assert "(vsak štet enkrat): 14 uporabnikov." in text
    page = (tiny_export / FOLDER / "summary.html").read_text(encoding="utf-8")
    assert "&lt;5 uporabnikov" in page and '<html lang="sl">' in page


def test_narrative_in_polish_and_bosnian_uses_their_plural_forms(tiny_export, tmp_path):
    ws = Workspace.open(copy_workspace(tiny_export, tmp_path))
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        polish = export_figures(ws, con, "2025-01", "2025-02", language="pl", images=False)
        bosnian = export_figures(ws, con, "2025-01", "2025-02", language="bs", images=False)
    text = (polish / "summary.md").read_text(encoding="utf-8")
    # Polish: 2 is "few", 6, 8 and 14 are "many", 5,5 is a fraction, "<5" is below 5 ("many",
    # not the fraction's "<5 osoby"); the hidden nights left out
    assert "przeprowadzono 6 porad (8 godzin) dla <5 osób" in text
    assert "Poradnictwo indywidualne trwało łącznie 5,5 godziny" in text
    assert "Spotkania grup i zajęcia: 2 spotkania (14 obecności)." in text
    assert "Mieszkania wspierane: 1 mieszkanie z 4 miejscami." in text
    text = (bosnian / "summary.md").read_text(encoding="utf-8")
    # Bosnian: 2 and 4 are "few", 14 "other", 1 "one"; the hidden nights left out
    assert "Sastanci grupa i aktivnosti: 2 sastanka, uz 14 dolazaka." in text
    assert "Stambene zajednice: 1 zajednica sa 4 mjesta." in text


def test_one_partner_in_english_as_of_a_day_leaves_out_later_files(tiny_export, tmp_path):
    root = copy_workspace(tiny_export, tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "export",
            "-w",
            str(root),
            "--from",
            "2025-01",
            "--to",
            "2025-02",
            "--partner",
            "alfa",
            "--language",
            "en",
            "--as-of",
            "2025-03-01",
        ],
    )
    assert result.exit_code == 0, result.output
    folder = root / "exports" / "2025-01_2025-02_alfa_en_as-of-2025-03-01"
    summary = pd.read_csv(folder / "summary.csv", dtype=str).set_index("Indicator")
    # By 1 March only alfa's January file had arrived: four sessions of 1.5 + 1.0 + 2.0 + 1.0 hours.
    assert summary.loc["Counselling hours", "Value"] == "5.50"
    assert summary.loc["Counselling sessions", "Value"] == "4"
    # the family session beside the individual ones: all of them first, then individual counselling
    text = (folder / "summary.md").read_text()
    assert (
        "From January 2025 to February 2025 the partners held 4 counselling sessions (5.5 hours)"
        in text
    )
    assert "Individual counselling took 3.5 hours" in text


def test_unknown_partner_is_a_usage_error_naming_the_config(tiny_export):
    result = CliRunner().invoke(
        app,
        [
            "export",
            "-w",
            str(tiny_export),
            "--from",
            "2025-01",
            "--to",
            "2025-02",
            "--partner",
            "gamma",
        ],
    )
    assert result.exit_code == 2
    assert "no partner 'gamma'" in result.output


def test_export_while_a_run_holds_the_workspace_is_refused_and_leaves_the_exports(
    tiny_export, tmp_path
):
    from core.config import Workspace
    from flows.runtime import run_lock

    root = copy_workspace(tiny_export, tmp_path)
    before = sorted(p.relative_to(root) for p in (root / "exports").rglob("*"))
    with run_lock(Workspace.open(root)):
        result = CliRunner().invoke(
            app, ["export", "-w", str(root), "--from", "2025-01", "--to", "2025-01"]
        )
    assert result.exit_code == 1
    assert "another run of this workspace is in progress" in result.output
    assert sorted(p.relative_to(root) for p in (root / "exports").rglob("*")) == before


def test_a_hidden_figure_without_a_target_has_no_share_of_one_to_hide(tiny_export):
    summary = pd.read_csv(tiny_export / FOLDER / "summary.csv", dtype=str, keep_default_na=False)
    hidden = summary[summary["Vrednost"].str.startswith("<")]
    assert set(hidden["Kazalnik"]) >= {
        "Uporabniki svetovanja",
        "Uporabniki individualnega svetovanja",
    }
    shares = dict(zip(hidden["Kazalnik"], hidden["Doseženo (%)"], strict=True))
    assert shares["Uporabniki svetovanja"] == "x"
    assert shares["Uporabniki individualnega svetovanja"] == ""


def test_a_topic_no_file_of_the_range_reported_has_no_monthly_chart():
    from pathlib import Path

    from core.config import load_consortium
    from export.images import monthly_charts

    consortium = load_consortium(Path("tests/fixtures/export/consortium.yaml"))
    # beta runs groups, but no file of the month brought its meetings: an empty chart would
    # read as a chart of nothing done
    months = pd.DataFrame(
        {
            "partner_id": ["beta"],
            "period": ["2025-01"],
            "counselling_hours": [3.5],
            "group_meetings": [None],
        }
    )
    assert list(monthly_charts(consortium, months, "sl", "beta")) == ["counselling_hours"]
