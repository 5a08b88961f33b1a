"""On the demo's real monthly run: every faulty file gets a report naming where, and the
personal identity number one partner sent reaches no table, log, report or page."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO

from collect.reader import Arrival, read_submission
from core.config import Workspace
from core.fingerprint import file_sha256
from demo.generator import FAULTS
from validate.personal_data import has_national_id

FILE_LEVEL_RULES = {"sheet_missing", "text_named_as_workbook"}


def records(root: Path) -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in (root / "feedback").glob("*/*/*.json")
    ]


def national_ids_sent(root: Path) -> set[str]:
    """The identity numbers in the demo's faulty files, as intake reads them (from the demo's own
    copy: the run moved the refused file into the encrypted quarantine)."""
    config = Workspace.open(root).config
    found = set()
    for fault in FAULTS:
        path = DEMO / "inbox" / fault.file
        sub = read_submission(
            Arrival(
                path,
                path.name,
                fault.partner,
                datetime.now(UTC),
                file_sha256(path),
                path.stat().st_size,
            ),
            config,
        )
        for frame in sub.tables.values():
            for column in ("user_code", "title", "site_id", "housing_unit"):
                if column in frame:
                    found |= {str(v) for v in frame[column].dropna() if has_national_id(str(v))}
    return found


@pytest.fixture(scope="module")
def identity_numbers(demo_run):
    numbers = national_ids_sent(demo_run)
    assert numbers, "the demo is expected to carry one faulty file with an identity number"
    return numbers


@pytest.mark.parametrize("fault", FAULTS, ids=[f.file for f in FAULTS])
def test_every_faulty_demo_file_has_a_rejection_report(demo_run, fault):
    report = next(
        r
        for r in records(demo_run)
        if r["partner_id"] == fault.partner and r["file"] == Path(fault.file).name
    )
    assert report["status"] == "rejected"
    html = next(
        (demo_run / "feedback" / fault.partner).glob(f"*/{Path(report['file']).stem}-*.html")
    )
    assert html.is_file()


@pytest.mark.parametrize("fault", FAULTS, ids=[f.file for f in FAULTS])
def test_every_cell_error_of_a_faulty_demo_file_names_sheet_row_and_column(demo_run, fault):
    report = next(
        r
        for r in records(demo_run)
        if r["partner_id"] == fault.partner and r["file"] == Path(fault.file).name
    )
    cells = [
        p
        for p in report["problems"]
        if p["severity"] == "error" and p["rule"] not in FILE_LEVEL_RULES
    ]
    assert all(p["sheet"] and p["row"] and p["column"] for p in cells)


def test_identity_number_is_in_no_warehouse_table(demo_run, identity_numbers):
    with duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'main'"
        ).fetchall()
        for number in identity_numbers:
            hits = [
                (t, c)
                for t, c in columns
                if con.execute(
                    f'select count(*) from "{t}" where cast("{c}" as varchar) like ?',
                    [f"%{number}%"],
                ).fetchone()[0]
            ]
            assert hits == []


def test_identity_number_is_in_no_file_the_run_wrote(demo_run, identity_numbers):
    # the inbox keeps the partners' other files as sent; everything else is ours, the archive
    # and the quarantine encrypted
    written = [
        p
        for p in demo_run.rglob("*")
        if p.is_file() and p.relative_to(demo_run).parts[0] != "inbox"
    ]
    prefect_home = Path(os.environ["PREFECT_HOME"])
    written += [p for p in prefect_home.rglob("*.db") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        assert not any(n.encode() in data for n in identity_numbers), path


def test_identity_number_is_in_no_log_line(demo_run, identity_numbers, log_records):
    lines = [f"{r.getMessage()} {r.exc_text or ''}" for r in log_records]
    assert not [line for line in lines if any(n in line for n in identity_numbers)]
