"""On the demo's real monthly run: every faulty file gets a report naming where, and the
personal identity number one partner sent reaches no table, log, report or page."""

import os
import re
from pathlib import Path

import duckdb
import pytest
import python_calamine as calamine
from conftest import DEMO
from demo_support import report_of

from demo.generator import FAULTS

REJECTED = [f for f in FAULTS if f.severity == "error"]
# Rules about a whole file, which no cell can carry
FILE_LEVEL_RULES = {"file_empty", "no_rows", "no_table_found", "text_named_as_workbook"}
CELL_FAULTS = [f for f in REJECTED if not FILE_LEVEL_RULES & set(f.rules)]


def national_ids_sent() -> set[str]:
    """The 13-digit identity numbers typed as user codes in the demo's faulty workbooks, read
    straight from the demo's own copy (the run moved the refused file into the quarantine)."""
    found = set()
    for fault in (f for f in FAULTS if "personal_data_national_id" in f.rules):
        book = calamine.CalamineWorkbook.from_path(str(DEMO / "inbox" / fault.file))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                found |= {str(v) for v in row if re.fullmatch(r"\d{13}", str(v))}
    return found


@pytest.fixture(scope="module")
def identity_numbers():
    numbers = national_ids_sent()
    assert numbers, "the demo is expected to carry one faulty file with an identity number"
    return numbers


@pytest.mark.parametrize("fault", REJECTED, ids=[f.file for f in REJECTED])
def test_every_faulty_demo_file_has_a_rejection_report_in_html(demo_run, fault):
    report = report_of(demo_run, fault)
    assert report["status"] == "rejected"
    assert report["_path"].with_suffix(".html").is_file()


@pytest.mark.parametrize("fault", CELL_FAULTS, ids=[f.file for f in CELL_FAULTS])
def test_the_cell_error_of_a_faulty_demo_file_names_sheet_row_and_column(demo_run, fault):
    report = report_of(demo_run, fault)
    cells = [p for p in report["problems"] if p["rule"] in fault.rules]
    assert {p["rule"] for p in cells} == set(fault.rules)
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
