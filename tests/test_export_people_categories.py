"""The export's people breakdowns list every category the warehouse counts people in, as the site
does: those of a value no rule knew, or of a column the partner's sheet did not have, as
unclassified, so that each breakdown adds up to the people served under it."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from conftest import DEMO
from own_sheets_support import deliver, run_intake, workbook

from core.config import Workspace
from dashboards import pages
from dashboards.site import site_context
from export.figures import export_figures
from export.model import DIMENSIONS, language_words
from load import warehouse
from transforms.runner import build_models

WORDS = language_words("en")


def participants(drinking: int, training: int) -> list[list[object]]:
    """A Norwegian partner's list of all its participants, so with no column of kinds: men of 30
    who drink, and others addicted to "trening" (exercise), a word no rule of the vocabulary
    knows."""
    people = [*(["alkohol"] * drinking), *(["trening"] * training)]
    return [
        ["Deltaker", "Kjønn", "Alder", "Rusmiddel"],
        *([f"DE-{i}", "M", 30, addiction] for i, addiction in enumerate(people, start=1)),
    ]


def exported_october(root: Path, rows: list[list[object]]) -> Path:
    """The demo consortium, in English, after endring-no sent these participants of October
    2025, with the export of that month."""
    (root / "inbox").mkdir(parents=True)
    config = (DEMO / "consortium.yaml").read_text(encoding="utf-8")
    (root / "consortium.yaml").write_text(config.replace("language: sl", "language: en", 1))
    sheet = workbook(root.parent / "deltakere oktober 2025.xlsx", {"Deltakere": rows})
    deliver(root, "endring-no", sheet, "2025-11-03T09:00:00+01:00")
    run_intake(root)
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-10", "2025-10", images=False)
    return root


@pytest.fixture(scope="module")
def workspace_of_october(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten participants, five of them addicted to exercise: no count of fewer than five to hide."""
    return exported_october(tmp_path_factory.mktemp("unclassified") / "ws", participants(5, 5))


def breakdown_rows(root: Path, dimension: str) -> list[tuple[str, str]]:
    """The categories of one breakdown in people.csv with the consortium's people of each."""
    with (root / "exports" / "2025-10_2025-10" / "people.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [(r[1], r[-1]) for r in rows if r[0] == WORDS["dimensions"][dimension]]


def total_people(root: Path) -> str:
    with (root / "exports" / "2025-10_2025-10" / "people.csv").open(encoding="utf-8") as fh:
        return list(csv.reader(fh))[-1][-1]


def test_people_of_a_sheet_without_kinds_are_unclassified_and_the_kinds_add_up_to_the_total(
    workspace_of_october,
):
    # the sheet says no one's kind: all ten are of no kind, none left out of the breakdown
    kinds = breakdown_rows(workspace_of_october, "user_kind")
    assert kinds == [
        ("person in recovery", "0"),
        ("relative or child", "0"),
        ("other", "0"),
        ("unclassified", "10"),
        ("unknown", "0"),
    ]
    assert sum(int(n) for _, n in kinds) == int(total_people(workspace_of_october)) == 10


def test_an_addiction_no_rule_knows_is_its_own_row_in_the_csv_and_the_workbook(
    workspace_of_october,
):
    addictions = breakdown_rows(workspace_of_october, "main_addiction")
    assert [row for row in addictions if row[1] != "0"] == [
        ("alcohol", "5"),
        ("unclassified", "5"),
    ]
    book = openpyxl.load_workbook(
        next((workspace_of_october / "exports" / "2025-10_2025-10").glob("*.xlsx"))
    )
    sheet = [list(r) for r in book[WORDS["tables"]["people"]].iter_rows(values_only=True)]
    assert [r[-1] for r in sheet if r[:2] == ["Main addiction", "unclassified"]] == [5]


def test_the_export_shows_the_people_in_the_categories_the_site_shows(workspace_of_october):
    ws = Workspace.open(workspace_of_october)
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        breakdowns = pages.people(site_context(ws, con, "2025-10"))["breakdowns"]
    site = {
        d: [tuple(row) for row in table.rows[:-1]]  # the last row is the total
        for d, (_, table) in zip(DIMENSIONS, breakdowns, strict=True)
    }
    # the export lists every category, the site those with anyone in them
    export = {
        d: [row for row in breakdown_rows(workspace_of_october, d) if row[1] != "0"]
        for d in DIMENSIONS
    }
    assert export == site


def test_a_few_people_unclassified_are_hidden_as_in_any_category_with_the_figure_giving_them_away(
    tmp_path,
):
    # one of ten addicted to exercise: "<5", and the nine who drink hidden too, or 10 - 9 would tell
    root = exported_october(tmp_path / "ws", participants(9, 1))
    addictions = breakdown_rows(root, "main_addiction")
    assert [row for row in addictions if row[1] != "0"] == [
        ("alcohol", "x"),
        ("unclassified", "<5"),
    ]
    assert total_people(root) == "10"
