"""A damaged warehouse is one clear line from every command, each run checks the warehouse it
replaces and keeps the previous good copy, and `consortium rebuild` recreates the warehouse from
the archive and its register with the same figures."""

import json
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO
from privacy_support import copy_workspace, flip_a_bit_in_the_register, truncate
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from load.integrity import (
    DamagedWarehouse,
    previous_copy,
    record_checksums,
    replace_warehouse,
    table_checksums,
    verify_warehouse,
)

DAMAGES = {"truncated": truncate, "bit-flipped": flip_a_bit_in_the_register}
FIGURES = ["figures", "--from", "2025-01", "--to", "2026-10", "--format", "json"]


def commands(root: Path) -> dict[str, list[str]]:
    """Every command that opens the warehouse, with the arguments it needs."""
    a_file = next((DEMO / "inbox" / "most-si").glob("*.xlsx"))
    return {
        "run": ["run"],
        "backfill": ["backfill", "--from", "2026-09", "--to", "2026-10"],
        "figures": FIGURES,
        "dashboards": ["dashboards"],
        "export": ["export", "--from", "2026-01", "--to", "2026-10"],
        "lock": ["lock", "--period", "2026-10"],
        "unlock": ["unlock", "--period", "2026-10"],
        "status": ["status", "--period", "2026-10"],
        "check": ["check", str(a_file), "--partner", "most-si"],
    }


@pytest.fixture(scope="module", params=list(DAMAGES))
def damaged_workspace(request, demo_run: Path, tmp_path_factory) -> Path:
    root = copy_workspace(demo_run, tmp_path_factory.mktemp(request.param))
    DAMAGES[request.param](root / "warehouse.duckdb")
    return root


@pytest.mark.parametrize("command", list(commands(Path())))
def test_damaged_warehouse_is_one_line_naming_the_file_and_the_remedy(damaged_workspace, command):
    before = (damaged_workspace / "warehouse.duckdb").read_bytes()
    args = [*commands(damaged_workspace)[command], "--workspace", str(damaged_workspace)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert str(damaged_workspace / "warehouse.duckdb") in line
    assert f"consortium rebuild --workspace {damaged_workspace}" in line
    # the command changed nothing: the damaged file is left for the rebuild to replace
    assert (damaged_workspace / "warehouse.duckdb").read_bytes() == before


def test_a_run_on_a_damaged_warehouse_fails_in_the_run_log_with_the_remedy(demo_run, tmp_path):
    from flows.monthly_report import monthly_report
    from flows.run_log import recent_runs
    from flows.runtime import RunError

    root = copy_workspace(demo_run, tmp_path)
    truncate(root / "warehouse.duckdb")
    with pytest.raises(RunError, match="consortium rebuild"):
        monthly_report(workspace=str(root))
    last = recent_runs(Workspace.open(root), 1)[0]
    assert last.outcome == "failed" and "is damaged" in last.message


def test_rows_changed_while_nobody_wrote_the_file_are_found_by_the_checksums(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create table figures as select 1 as n")
        sums = table_checksums(con)
    record_checksums(ws, sums)
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("update figures set n = 2")
    # the file as a bad disk would leave it: different rows, the size and time recorded
    recorded = json.loads((ws.state / "warehouse.checksums.json").read_text())
    stat = ws.warehouse.stat()
    recorded["stamp"] = [stat.st_size, stat.st_mtime_ns]
    (ws.state / "warehouse.checksums.json").write_text(json.dumps(recorded))
    with pytest.raises(DamagedWarehouse, match="figures"):
        verify_warehouse(ws)


def test_a_warehouse_written_since_its_checksums_were_recorded_is_not_damaged(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create table figures as select 1 as n")
        record_checksums(ws, table_checksums(con))
    # a lock or unlock writes the file: its time changes, and DuckDB's own checks remain
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("insert into figures values (2)")
    verify_warehouse(ws)


def test_replacing_the_warehouse_keeps_the_previous_good_copy(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.state.mkdir(parents=True)
    for path, n in ((ws.warehouse, 1), (ws.state / "stage.duckdb", 2)):
        with duckdb.connect(str(path)) as con:
            con.execute(f"create table figures as select {n} as n")
    replace_warehouse(ws, ws.state / "stage.duckdb")
    for path, n in ((ws.warehouse, 2), (previous_copy(ws), 1)):
        with duckdb.connect(str(path), read_only=True) as con:
            assert con.execute("select n from figures").fetchone() == (n,)
    assert (
        json.loads((ws.state / "warehouse.checksums.json").read_text())["tables"]["figures"][0] == 1
    )


def figures_json(root: Path) -> dict:
    result = CliRunner().invoke(app, [*FIGURES, "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["figures"]


@pytest.fixture(scope="module")
def rebuilt(demo_run: Path, tmp_path_factory) -> tuple[Path, object]:
    """A copy of the demo with 2026-09 locked, whose register then took a bit flip, rebuilt
    with `consortium rebuild`."""
    root = copy_workspace(demo_run, tmp_path_factory.mktemp("rebuilt"))
    locked = CliRunner().invoke(app, ["lock", "--period", "2026-09", "--workspace", str(root)])
    assert locked.exit_code == 0, locked.output
    flip_a_bit_in_the_register(root / "warehouse.duckdb")
    return root, CliRunner().invoke(app, ["rebuild", "--workspace", str(root)])


def test_rebuild_from_the_archive_gives_the_same_figures(demo_run, rebuilt):
    root, result = rebuilt
    assert result.exit_code == 0, result.output
    assert figures_json(root) == figures_json(demo_run)


def test_rebuild_registers_every_file_again_with_the_same_status(demo_run, rebuilt):
    root, _ = rebuilt
    query = "select submission_id, partner_id, period, status from submissions order by 1"
    with duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True) as con:
        before = con.execute(query).fetchall()
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute(query).fetchall() == before


def test_after_a_rebuild_no_file_is_new_not_even_a_refusal_for_personal_data(rebuilt):
    from collect.intake import collect_new
    from load import warehouse

    root, _ = rebuilt
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        assert collect_new(ws, warehouse.intake_register(con)) == []


def test_rebuild_locks_again_the_months_that_were_locked(rebuilt):
    root, result = rebuilt
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        locks = con.execute("select period, unlocked_at from locks").fetchall()
    assert locks == [("2026-09", None)]
    assert "1 lock(s) replayed" in result.output


def test_rebuild_keeps_the_file_it_replaced(rebuilt):
    root, _ = rebuilt
    assert (root / ".state" / "warehouse.before-rebuild.duckdb").is_file()
    verify_warehouse(Workspace.open(root))
