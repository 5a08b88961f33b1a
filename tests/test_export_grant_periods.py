"""An export compares its figures with the targets of the grant period all its months are in, and
with no grant period's when they are not: a grant period's targets are for its own months."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from test_dashboards_disclosure import CONFIG, workspace
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from export.figures import export_figures
from export.model import language_words
from load import warehouse

# the test consortium's one grant period (2025, counselling_hours: 10) split in two: the first
# a year up to January 2025, its own target of 4 hours
TWO_GRANTS = CONFIG.read_text().replace(
    "  - id: gp-2025\n    name: Drobni 2025\n    start: 2025-01\n    end: 2025-12\n",
    "  - id: gp-2024\n    name: Drobni 2024\n    start: 2024-02\n    end: 2025-01\n"
    "    targets: {counselling_hours: 4}\n"
    "  - id: gp-2025\n    name: Drobni 2025\n    start: 2025-02\n    end: 2026-01\n",
)


def counselling(day: str, hours: float) -> dict:
    return {
        "session_on": date.fromisoformat(day),
        "user_code": "A1",
        "session_kind": "individual",
        "hours": hours,
    }


def sent(first: str, last: str) -> dict[tuple[str, str], dict]:
    """alfa's counselling: 2 hours in the month `first`, 3 in the month `last`."""
    return {
        ("alfa", first): {"counselling": [counselling(f"{first}-07", 2.0)]},
        ("alfa", last): {"counselling": [counselling(f"{last}-07", 3.0)]},
    }


@pytest.fixture(scope="module")
def two_grants(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """January 2025 in the grant period Drobni 2024, February in Drobni 2025."""
    return workspace(
        tmp_path_factory.mktemp("two-grants") / "ws", sent("2025-01", "2025-02"), TWO_GRANTS
    )


def export(ws: Workspace, first: str, last: str) -> Path:
    with warehouse.connect(ws.warehouse, read_only=True) as con:
        return export_figures(ws, con, first, last, language="en", images=False)


def summary_row(folder: Path, figure_id: str) -> dict[str, str]:
    with (folder / "summary.csv").open(encoding="utf-8", newline="") as fh:
        label = language_words("en")["indicators"][figure_id]["label"]
        return next(row for row in csv.DictReader(fh) if row["Indicator"] == label)


def test_a_range_of_two_grant_periods_is_compared_with_neither_periods_targets(two_grants):
    # the 5 hours of January and February are neither Drobni 2024's (2 of them are) nor Drobni
    # 2025's (3 are): 5 against Drobni 2025's 10 would say half its target was reached
    hours = summary_row(export(two_grants, "2025-01", "2025-02"), "counselling_hours")
    assert [hours[c] for c in ("Value", "Target", "Achieved (%)")] == ["5.00", "", ""]


def test_a_range_of_two_grant_periods_says_why_it_compares_no_target_naming_both(two_grants):
    folder = export(two_grants, "2025-01", "2025-02")
    said = (
        "No figure is compared with targets: the months of this report are not all in one grant "
        "period (Drobni 2024, Feb 2024 – Jan 2025; Drobni 2025, Feb 2025 – Jan 2026)"
    )
    assert said in (folder / "summary.md").read_text(encoding="utf-8")
    assert said in (folder / "definitions.csv").read_text(encoding="utf-8")


def test_the_export_command_tells_which_exports_compare_each_grant_periods_months(two_grants):
    result = CliRunner().invoke(
        app, ["export", "-w", str(two_grants.root), "--from", "2025-01", "--to", "2025-02"]
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "(Drobni 2024 (2024-02 to 2025-01); Drobni 2025 (2025-02 to 2026-01))" in output
    assert "--from 2025-01 --to 2025-01, --from 2025-02 --to 2025-02" in output


def test_months_after_the_last_grant_period_are_compared_with_no_target(tmp_path):
    # the test consortium's one grant period ends in December 2025: January 2026's hour is none
    # of its months, so the 5 hours are not its figure to set against its 10
    ws = workspace(tmp_path / "ws", sent("2025-12", "2026-01"))
    hours = summary_row(export(ws, "2025-12", "2026-01"), "counselling_hours")
    assert [hours[c] for c in ("Value", "Target", "Achieved (%)")] == ["5.00", "", ""]
