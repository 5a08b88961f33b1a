"""The demo's intake end to end, on its real monthly run: each planned fault raises exactly the
rule it names, every other file is taken, and the own-layout cases (a file re-sent unchanged, a
partial month) count for their months."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO
from demo_support import expected_for, feedback_records, key_of, report_of, rules
from typer.testing import CliRunner

from cli.app import app
from demo.generator import FAULTS, PARTIALS, RESENT, plan_workspace

CONFIG = plan_workspace(months=1).config
# Each own layout once (split xlsx, mixed .xls log with a training, per-table CSVs, ods), the
# unchanged file re-sent, a month with an unclassified service and a correction
CHECKED = [
    "most-si/nastanitve_julij_2026.xlsx",
    "most-si/MOST porocilo oktober 2025.xlsx",
    "oporavak-ba/Izvjestaj februar 2025.xls",
    "klub-pl/porady_05_2025.csv",
    "klub-pl/uczestnicy_05_2025.csv",
    "klub-pl/mityngi_11_2025_korekta.csv",
    "endring-no/ettervern_2025-05.ods",
]

ERRORS = [f for f in FAULTS if f.severity == "error"]
WARNINGS = [f for f in FAULTS if f.severity == "warning"]


def test_the_demo_plans_rejections_and_warnings():
    assert len(ERRORS) >= 6 and len(WARNINGS) >= 1


@pytest.mark.parametrize("fault", ERRORS, ids=[f.file for f in ERRORS])
def test_every_faulty_demo_file_is_rejected_with_exactly_its_rule(demo_run, fault):
    report = report_of(demo_run, fault)
    assert (report["status"], rules(report, "error")) == ("rejected", set(fault.rules))


@pytest.mark.parametrize("fault", WARNINGS, ids=[f.file for f in WARNINGS])
def test_every_warned_demo_file_is_accepted_with_exactly_its_warning(demo_run, fault):
    report = report_of(demo_run, fault)
    assert report["status"] == "accepted_with_warnings"
    assert set(fault.rules) <= rules(report, "warning") and rules(report, "error") == set()


def test_every_file_sent_gets_feedback(demo_run):
    # the demo's own copy: the run moves a file refused for personal data into the quarantine
    inbox = DEMO / "inbox"
    sent = {key_of(p.relative_to(inbox).as_posix()) for p in inbox.glob("*/*") if p.is_file()}
    assert sent == set(feedback_records(demo_run))


def test_every_other_demo_file_is_accepted(demo_run):
    faulty = {key_of(f.file) for f in ERRORS}
    rejected = sorted(
        key
        for key, records in feedback_records(demo_run).items()
        for record in records
        if record["status"] == "rejected" and key not in faulty
    )
    assert rejected == []


def test_an_unchanged_file_resent_counts_for_its_own_month(demo_run):
    records = feedback_records(demo_run)
    for resent in RESENT:
        [record] = records[key_of(resent.file)]
        assert record["period"] == resent.period
        assert record["status"] in ("accepted", "accepted_with_warnings")
    with duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True) as con:
        periods = {
            period
            for (period,) in con.execute(
                "select distinct period from submissions "
                "where partner_id = 'most-si' and status = 'accepted' "
                "and list_contains(tables, 'housing')"
            ).fetchall()
        }
    assert {r.period for r in RESENT} <= periods


def test_a_partial_month_accepts_the_tables_that_came(demo_run):
    records = feedback_records(demo_run)
    for partial in PARTIALS:
        month = [
            r
            for (partner, _), found in records.items()
            for r in found
            if partner == partial.partner and r["period"] == partial.period
        ]
        assert month and all(r["status"] in ("accepted", "accepted_with_warnings") for r in month)
        with duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True) as con:
            [(taken,)] = con.execute(
                "select list_sort(list_distinct(flatten(list(tables)))) from submissions "
                "where partner_id = ? and period = ? and status <> 'rejected'",
                [partial.partner, partial.period],
            ).fetchall()
        expected = set(CONFIG.partner(partial.partner).tables) - {partial.table}
        assert set(taken) == expected


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    return expected_for(CHECKED)


@pytest.fixture(scope="module")
def checkable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the demo's configuration and no files, so checking changes nothing."""
    root = tmp_path_factory.mktemp("checked")
    (root / "inbox").mkdir()
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    return root


@pytest.mark.parametrize("file", CHECKED)
def test_check_takes_from_an_own_layout_file_the_rows_it_was_made_from(checkable, expected, file):
    partner = file.split("/")[0]
    result = CliRunner().invoke(
        app,
        ["check", str(DEMO / "inbox" / file), "--workspace", str(checkable)]
        + ["--partner", partner, "--format", "json"],
    )
    report = json.loads(result.stdout)
    assert report["status"] in ("accepted", "accepted_with_warnings"), report["errors"]
    taken = {
        table: {**found, "hours": pytest.approx(found["hours"])}
        for table, found in report["tables"].items()
    }
    assert taken == expected[file]
