"""A file for a month still under way when it arrived: counted with a warning to its partner,
but the run's report stays of the month before until a file of the whole month arrives (real
monthly runs: one session Prefect server, DuckDB, GX, Plotly, on a small workspace). Arrival
times come from the inbox's ledger, never the clock, so the runs are the same any day."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO
from own_sheets_support import deliver as deliver_file

from validate.feedback import feedback_records

# Klub Abstynenta's November arrives on 4 December; Zavod Most sends December's first sessions
# on 6 December, while December is under way, and the whole of December on 5 January.
NOVEMBER = {"klub-pl/porady_11_2025.csv": "2025-12-04T15:23:00+01:00"}
DECEMBER_EARLY = {"most-si/svetovanje_2025-12.csv": "2025-12-06T10:00:00+01:00"}
DECEMBER_WHOLE = {"most-si/svetovanje_2025-12_cel_mesec.csv": "2026-01-05T09:00:00+01:00"}
SESSIONS = {
    # one session of 1:30 by 6 December; the whole month adds one of 2:00 on 18 December
    "most-si/svetovanje_2025-12.csv": ["4. 12. 2025;LJ-0001;individualno;1:30"],
    "most-si/svetovanje_2025-12_cel_mesec.csv": [
        "4. 12. 2025;LJ-0001;individualno;1:30",
        "18. 12. 2025;LJ-0002;individualno;2:00",
    ],
}


def deliver(root: Path, files: dict[str, str]) -> None:
    """Put files in the inbox with their arrival times in its ledger: Zavod Most's sessions
    written here, the others the demo's."""
    written = root.parent / f"{root.name}_written"
    for name, received in files.items():
        source = DEMO / "inbox" / name
        if name in SESSIONS:
            source = written / name
            source.parent.mkdir(parents=True, exist_ok=True)
            rows = "\n".join(SESSIONS[name])
            source.write_text(
                f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n{rows}\n", encoding="utf-8"
            )
        deliver_file(root, name.split("/")[0], source, received)


def run(root: Path):
    from flows.monthly_report import monthly_report

    return monthly_report(workspace=str(root))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """A run after November's file and December's first sessions, then one after the whole of
    December arrived."""
    root = tmp_path_factory.mktemp("under-way") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    deliver(root, NOVEMBER | DECEMBER_EARLY)
    first = run(root)
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        early_problems = open_problems_of(con, "2025-12")
        early_grid = grid_of(con, "2025-12")
    early_feedback = sorted((root / "feedback" / "most-si" / "2025-12").glob("*.txt"))
    early_report = early_feedback[0].read_text(encoding="utf-8") if early_feedback else ""
    deliver(root, DECEMBER_WHOLE)
    second = run(root)
    return {
        "root": root,
        "first": first,
        "second": second,
        "early_problems": early_problems,
        "early_grid": early_grid,
        "early_report": early_report,
    }


def open_problems_of(con: duckdb.DuckDBPyConnection, period: str) -> list[tuple[str, str]]:
    from transforms.figures import open_problems

    found = open_problems(con, period)
    return sorted(zip(found["name_as_received"], found["rule"], strict=True))


def grid_of(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, str]:
    from transforms.figures import submission_grid

    grid = submission_grid(con, period, period)
    return dict(zip(grid["partner_id"], grid["status"], strict=True))


def counselling_hours(root: Path, partner: str, period: str) -> float:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            "select counselling_hours from mart_partner_months where partner_id = ? and period = ?",
            [partner, period],
        ).fetchone()[0]


def test_a_file_sent_while_its_month_is_under_way_is_accepted_with_a_warning(runs):
    records = feedback_records(runs["root"] / "feedback")
    early = next(r for r in records if r["file"] == "svetovanje_2025-12.csv")
    assert early["status"] == "accepted_with_warnings"
    assert [p["rule"] for p in early["problems"]] == ["period_under_way"]
    # told in Zavod Most's Slovenian, with the day the file arrived
    told = "Mesec 2025-12 ob prejemu datoteke (6. dec. 2025) še ni bil končan"
    assert told in runs["early_report"]


def test_the_run_reports_the_month_before_while_the_month_is_under_way(runs):
    # December has only a file sent on 6 December: the report is November's, which Klub
    # Abstynenta sent
    assert runs["first"].period == "2025-11"


def test_a_month_under_way_asked_for_lists_its_file_as_received_with_the_warning(runs):
    assert runs["early_grid"]["most-si"] == "on_time"
    assert ("svetovanje_2025-12.csv", "period_under_way") in runs["early_problems"]


def test_the_whole_months_file_after_it_ends_is_reported_and_replaces_the_early_figures(runs):
    assert (runs["first"].period, runs["second"].period) == ("2025-11", "2025-12")
    # 1:30 and 2:00 of the whole month, not the 1:30 sent on 6 December beside them
    assert counselling_hours(runs["root"], "most-si", "2025-12") == 3.5
    whole = next(
        r
        for r in feedback_records(runs["root"] / "feedback")
        if r["file"] == "svetovanje_2025-12_cel_mesec.csv"
    )
    assert "period_under_way" not in {p["rule"] for p in whole["problems"]}
