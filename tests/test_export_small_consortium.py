"""A small consortium's export: its totals of people are published, as its dashboards show them,
even where its people by partner and kind cannot be."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, _export_submission, _people

from core.config import Workspace
from export.figures import export_figures
from load import warehouse
from transforms.runner import build_models


def people(codes: str, kinds: str) -> list[dict]:
    kind = {"r": "in_recovery", "f": "relative"}
    rows = _people(codes, "m" * len(codes.split()))
    for row, k in zip(rows, kinds, strict=True):
        row["user_kind"] = kind[k]
    return rows


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(
        ROOT / "tests" / "fixtures" / "export" / "consortium.yaml", root / "consortium.yaml"
    )
    submissions = [
        _export_submission(
            "a",
            "alfa",
            "2025-01",
            "2025-02-05T09:00:00+01:00",
            {"people": people("A1 A2 A3 A4 A5", "rrrrr")},
        ),
        _export_submission(
            "b",
            "beta",
            "2025-01",
            "2025-02-05T09:00:00+01:00",
            {"people": people("B1 B2 B3 B4 B5 B6", "rrrrrf")},
        ),
    ]
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sub in submissions:
            warehouse.load_submission(con, sub, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-01")
    return root / "exports" / "2025-01_2025-01"


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_the_people_served_are_published_where_a_breakdown_by_partner_would_hide_them(
    small_export,
):
    summary = {row[0]: row[2] for row in rows(small_export / "summary.csv")}
    assert summary["people_distinct"] == "11"
    assert rows(small_export / "people.csv")[-1][-3:] == ["5", "6", "11"]


def test_the_people_by_kind_of_each_partner_are_hidden_whole_and_the_relative_stays_small(
    small_export,
):
    by_kind = [
        row for row in rows(small_export / "people.csv") if row[1] in ("uporabnik", "svojec")
    ]
    assert [row[2:4] for row in by_kind] == [["x", "x"], ["x", "x"]]
    assert by_kind[1][4] == "<5"


def test_people_whose_partners_would_give_each_other_away_are_published_the_partners_hidden(
    tmp_path,
):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(
        ROOT / "tests" / "fixtures" / "export" / "consortium.yaml", root / "consortium.yaml"
    )
    received = "2025-02-01T09:00:00+01:00"
    submissions = [
        _export_submission(
            "a", "alfa", "2025-01", received, {"people": people("A1 A2 A3 A4", "rrrr")}
        ),
        _export_submission(
            "b", "beta", "2025-01", received, {"people": people("B1 B2 B3 B4", "rrrr")}
        ),
    ]
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        for sub in submissions:
            warehouse.load_submission(con, sub, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-01")
    folder = root / "exports" / "2025-01_2025-01"
    summary = {row[0]: row[2] for row in rows(folder / "summary.csv")}
    assert summary["people_distinct"] == "8"  # "<5" and "<5" beside 8 would make each 4
    per_partner = rows(folder / "per_partner.csv")
    assert [row[1] for row in per_partner] == ["Uporabniki", "x", "x", "8"]


def test_a_topic_no_partner_reports_has_no_chart_in_the_export(tmp_path):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    config = (ROOT / "tests" / "fixtures" / "export" / "consortium.yaml").read_text()
    config = config.replace("tables: [housing, counselling, people]", "tables: [people]")
    config = config.replace("tables: [groups, counselling, people]", "tables: [people]")
    (root / "consortium.yaml").write_text(config)
    received = "2025-02-01T09:00:00+01:00"
    submission = _export_submission(
        "a", "alfa", "2025-01", received, {"people": people("A1 A2 A3 A4 A5", "rrrrr")}
    )
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        warehouse.load_submission(con, submission, b"test-key", shared_codes=False)
        warehouse.record_config(con, ws.config)
        build_models(con)
        export_figures(ws, con, "2025-01", "2025-01")
    folder = root / "exports" / "2025-01_2025-01"
    assert sorted(p.name for p in folder.glob("*.png")) == ["targets.png"]
