"""The demo's intake end to end: every faulty file rejected with its reasons, the rest loaded."""

import duckdb
from conftest import DEMO

from core.fingerprint import file_sha256
from demo.generator import FAULTS


def register(demo_run):
    con = duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True)
    try:
        return {
            submission_id: (status, reasons)
            for submission_id, status, reasons in con.execute(
                "select submission_id, status, reasons from submissions"
            ).fetchall()
        }
    finally:
        con.close()


def test_every_faulty_demo_file_is_rejected_with_its_reasons(demo_run):
    rows = register(demo_run)
    # by content: a file refused for personal data keeps no name in the register
    faulty = {file_sha256(DEMO / "inbox" / f.file) for f in FAULTS}
    assert {key: rows[key][0] for key in faulty} == {key: "rejected" for key in faulty}
    assert all(rows[key][1] not in ("[]", None) for key in faulty)


def test_every_other_demo_file_is_loaded(demo_run):
    faulty = {file_sha256(DEMO / "inbox" / f.file) for f in FAULTS}
    rejected = sorted(
        key
        for key, (status, _) in register(demo_run).items()
        if status == "rejected" and key not in faulty
    )
    assert rejected == []
