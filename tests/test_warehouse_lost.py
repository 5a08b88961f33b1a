"""A lost warehouse with the inbox emptied is rebuilt from the archive by the next run, not
reported as "nothing changed"; and a run keeps the warehouse it replaces as the previous copy."""

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO

from core.config import Workspace
from load.integrity import previous_copy, verify_warehouse


def counselling_file(root: Path, period: str) -> Path:
    """A one-session CSV of Zavod Most for `period`."""
    year, month = period.split("-")
    path = root / "inbox" / "most-si" / f"svetovanje_{period}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. {int(month)}. {year};LJ-0001;individualno;1:30\n",
        encoding="utf-8",
    )
    return path


def sessions(root: Path) -> list[tuple]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            "select submission_id, session_on, user_key, hours from raw_counselling order by all"
        ).fetchall()


@pytest.fixture(scope="module")
def reported_twice(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """A workspace with two monthly files, each collected by its own real run."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("lost") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    counselling_file(root, "2025-03")
    monthly_report(workspace=str(root))
    counselling_file(root, "2025-04")
    monthly_report(workspace=str(root))
    return root


def test_a_run_keeps_the_warehouse_it_replaced_as_the_previous_good_copy(reported_twice):
    ws = Workspace.open(reported_twice)
    with duckdb.connect(str(previous_copy(ws)), read_only=True) as con:
        # the copy before the second run holds the first month's file only
        assert con.execute("select count(*) from submissions").fetchone() == (1,)
    verify_warehouse(ws)


def test_lost_warehouse_with_the_inbox_emptied_is_rebuilt_by_the_next_run(reported_twice):
    from flows.monthly_report import monthly_report

    before = sessions(reported_twice)
    (reported_twice / "warehouse.duckdb").unlink()
    shutil.rmtree(reported_twice / "inbox")
    result = monthly_report(workspace=str(reported_twice))
    assert not result.unchanged
    assert len(result.submissions) == 2 and result.period == "2025-04"
    assert sessions(reported_twice) == before
