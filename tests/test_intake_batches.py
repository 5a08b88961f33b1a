"""A run reads, validates and loads its files in batches, so its memory follows the largest
batch; the batches must not change anything a run produces: the register, the rows, the
feedback and the figures are those of one batch holding every file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from collect.intake import collect_new, new_files
from collect.read_ahead import FROM_BYTES_ENV
from core.config import Workspace
from demo.generator import write_workspace

# Four demo months: Klub's three per-table CSVs a month (what a month still owes is settled
# over files of several batches), a resubmission that supersedes an earlier file, a file that
# is refused, and every partner's own layout.
MONTHS = 4


@pytest.fixture(scope="module")
def demo_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "ws"
    write_workspace(root, months=MONTHS)
    return root


@pytest.fixture(scope="module")
def runs(
    demo_months: Path, tmp_path_factory: pytest.TempPathFactory, prefect_api: str
) -> dict[str, Path]:
    """The four demo months collected, validated and loaded twice: in batches of 150 rows
    (about five files; the demo's 26 files hold 859 rows) read by a reader process, as a large
    network's are, and in one batch read by the run itself. Each batch costs a validation per
    table, so the test keeps them few; every file its own batch is below."""
    roots = {}
    with pytest.MonkeyPatch.context() as env:
        for name, rows, read_ahead_from in (
            ("small", "150", "0"),
            ("whole", "1000000000", "1000000000000"),
        ):
            root = tmp_path_factory.mktemp(name) / "ws"
            shutil.copytree(demo_months, root)
            env.setenv("CONSORTIUM_BATCH_ROWS", rows)
            env.setenv(FROM_BYTES_ENV, read_ahead_from)
            roots[name] = intake(root)
    return roots


def intake(root: Path) -> Path:
    """The monthly report's collect, validate and load on the workspace, then the models."""
    from flows.monthly_report import collect_validate_load
    from load import warehouse
    from transforms.runner import build_models

    ws = Workspace.open(root)
    with warehouse.staged_warehouse(ws) as db:
        collect_validate_load(ws, db, ws)
        with warehouse.connect(db) as con:
            build_models(con)
    return root


def rows(root: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(query).fetchall()


def test_batches_register_the_same_submissions_and_problems(runs):
    register = (
        "select submission_id, partner_id, period, status, validation_status, tables, "
        "outstanding, reasons from submissions order by submission_id"
    )
    assert rows(runs["small"], register) == rows(runs["whole"], register)
    problems = "select * from problems order by all"
    assert rows(runs["small"], problems) == rows(runs["whole"], problems)
    arrivals = "select inbox_path, file_sha256, submission_id from arrivals order by all"
    assert rows(runs["small"], arrivals) == rows(runs["whole"], arrivals)


def test_every_file_its_own_batch_owes_and_duplicates_as_one_batch_does(demo_months, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_months, root)
    # the same bytes again under another name, for the same partner and month: a duplicate
    klub = root / "inbox" / "klub-pl"
    shutil.copy(klub / "porady_01_2025.csv", klub / "porady_01_2025 (kopia).csv")
    with new_files(Workspace.open(root)) as files:
        read = [sub for batch in files.batches(rows=1) for sub in batch]
        changed = files.settle()
    one_batch = collect_new(Workspace.open(root))

    def told(subs: list) -> list[tuple]:
        return [(s.name_as_received, s.status, s.outstanding, s.duplicate_of) for s in subs]

    assert told(read) == told(one_batch)
    # Klub sends its tables as separate CSVs, here each in its own batch: the earlier files of
    # a month learn only at the end that the later ones brought what they lacked
    assert {s.name_as_received for s in changed} >= {"mityngi_01_2025.csv", "porady_01_2025.csv"}
    [copy] = [s for s in read if s.name_as_received == "porady_01_2025 (kopia).csv"]
    assert copy.status == "duplicate"


def test_batches_load_the_same_rows_and_keep_the_later_file_in_force(runs):
    for table in ("housing", "counselling", "trainings", "groups", "people"):
        query = f"select * from raw_{table} order by all"
        assert rows(runs["small"], query) == rows(runs["whole"], query), table
    in_force = "select * exclude (received_at) from int_tables_in_force order by all"
    assert rows(runs["small"], in_force) == rows(runs["whole"], in_force)


def test_batches_give_the_same_figures(runs):
    from load import warehouse
    from transforms.figures import headline_figures

    def figures(root: Path) -> dict:
        with warehouse.connect(root / "warehouse.duckdb", read_only=True) as con:
            return headline_figures(con, "2025-01", "2025-04")

    assert figures(runs["small"]) == figures(runs["whole"])
    assert figures(runs["whole"])["counselling_hours"]  # figures there are, not two empty ones


def test_batches_write_the_same_feedback(runs):
    def records(root: Path) -> dict[str, dict]:
        found = {}
        for path in (root / "feedback").glob("*/*/*.json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            found[path.relative_to(root).as_posix()] = record
        return found

    assert records(runs["small"]) == records(runs["whole"])
    assert len(records(runs["whole"])) > 20


def test_a_rebuild_in_batches_gives_back_the_same_rows_and_figures(runs, tmp_path, monkeypatch):
    from flows.rebuild import rebuild_warehouse

    root = tmp_path / "ws"
    shutil.copytree(runs["whole"], root)
    for key in runs["whole"].parent.glob(".ws.*-key"):  # the archive's key lives beside it
        shutil.copy(key, tmp_path / key.name)
    monkeypatch.setenv("CONSORTIUM_BATCH_ROWS", "150")
    rebuild_warehouse(Workspace.open(root))
    # a rebuild tells no partner anything again, so only what the figures rest on is compared
    for table in ("housing", "counselling", "trainings", "groups", "people"):
        query = f"select * from raw_{table} order by all"
        assert rows(root, query) == rows(runs["whole"], query), table
    register = (
        "select submission_id, status, validation_status, tables from submissions order by all"
    )
    assert rows(root, register) == rows(runs["whole"], register)
    in_force = "select * exclude (received_at) from int_tables_in_force order by all"
    assert rows(root, in_force) == rows(runs["whole"], in_force)
