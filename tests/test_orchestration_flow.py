"""The monthly flow with real Prefect (one session server), DuckDB and GX: artifacts, schedule,
skipping unchanged inputs, failing cleanly."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from uuid import UUID

import pytest
from conftest import DEMO
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from flows.run_log import recent_runs
from flows.runtime import RunLocked, StageFailed, run_lock, watching_stages

ROOT = Path(__file__).resolve().parents[1]


def counselling_file(root: Path, period: str, user: str = "LJ-0001") -> Path:
    """A one-session CSV of Zavod Most for `period`, as partners export it from Excel."""
    year, month = period.split("-")
    path = root / "inbox" / "most-si" / f"svetovanje_{period}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. {int(month)}. {year};{user};individualno;1:30\n",
        encoding="utf-8",
    )
    return path


def flow_run_artifacts(flow_run_id: str) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
        )
    return {a.key: a for a in found}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def reported_once(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """A workspace with one partner file for 2025-03, after one real monthly run."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("reported") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    counselling_file(root, "2025-03")
    monthly_report(workspace=str(root))
    return root


@pytest.fixture
def reported(reported_once: Path, tmp_path: Path) -> Path:
    """A copy of that workspace for one test to change."""
    shutil.copytree(reported_once, tmp_path / "ws", symlinks=True)
    for key in reported_once.parent.glob(".ws.*-key"):  # the keys live beside the workspace
        shutil.copy(key, tmp_path / key.name)
    return tmp_path / "ws"


def test_demo_run_publishes_submissions_figures_and_links(demo_run):
    run = recent_runs(Workspace.open(demo_run), 1)[0]
    artifacts = flow_run_artifacts(run.flow_run_id)
    assert set(artifacts) == {
        "most-demo-submissions",
        "most-demo-figures",
        "most-demo-dashboards",
        "most-demo-links",
    }
    statuses = {row["status"] for row in json.loads(artifacts["most-demo-submissions"].data)}
    assert statuses <= {
        "accepted",
        "accepted_with_warnings",
        "rejected",
        "held",
        "duplicate",
        "missing",
    }
    figures = {row["figure"] for row in json.loads(artifacts["most-demo-figures"].data)}
    assert {"counselling_hours", "people_distinct"} <= figures
    assert artifacts["most-demo-dashboards"].data.startswith("[Dashboards")
    assert (demo_run / "site").as_uri() in artifacts["most-demo-links"].data


def test_deployment_gets_cron_and_timezone_of_consortium_yaml(workspace, prefect_api):
    from prefect.client.orchestration import get_client

    from flows.schedule import monthly_deployment

    deployment_id = monthly_deployment(Workspace.open(workspace)).apply()
    with get_client(sync_client=True) as client:
        schedule = client.read_deployment(deployment_id).schedules[0].schedule
    # demo/consortium/consortium.yaml: monthly on the 5th at 06:00, Ljubljana time
    assert (schedule.cron, schedule.timezone) == ("0 6 5 * *", "Europe/Ljubljana")


def test_rerun_with_nothing_new_keeps_outputs_and_warehouse(reported):
    from flows.monthly_report import monthly_report

    before = digest(reported / "warehouse.duckdb")
    again = monthly_report(workspace=str(reported))
    assert (again.unchanged, again.period, again.submissions) == (True, "2025-03", [])
    assert digest(reported / "warehouse.duckdb") == before


def fail_at(stage: str):
    """A stage listener that makes the run fail as it enters `stage`, as a crash there would."""

    def listener(name: str) -> None:
        if name == stage:
            raise OSError(f"{stage} went wrong")

    return watching_stages(listener)


def test_failing_stage_leaves_warehouse_unchanged_and_names_stage(reported):
    from flows.monthly_report import monthly_report

    before = digest(reported / "warehouse.duckdb")
    counselling_file(reported, "2025-04", user="LJ-0002")
    # rendering fails after the new file was loaded into the staged warehouse
    with fail_at("render"), pytest.raises(StageFailed, match="the render stage failed") as failure:
        monthly_report(workspace=str(reported))
    assert "render went wrong" in str(failure.value)
    assert digest(reported / "warehouse.duckdb") == before


def test_cli_reports_a_failed_stage_without_traceback(reported):
    counselling_file(reported, "2025-04", user="LJ-0002")
    with fail_at("render"):
        result = CliRunner().invoke(app, ["run", "--workspace", str(reported)])
    assert result.exit_code == 1
    assert "render stage failed" in result.output and "Traceback" not in result.output


def test_run_is_refused_while_another_holds_the_workspace(workspace, prefect_api):
    from flows.monthly_report import monthly_report

    with run_lock(Workspace.open(workspace)), pytest.raises(RunLocked, match="--wait SECONDS"):
        monthly_report(workspace=str(workspace))


def test_backfill_runs_each_month_in_order(reported):
    counselling_file(reported, "2025-02", user="LJ-0002")
    result = CliRunner().invoke(
        app, ["backfill", "--from", "2025-02", "--to", "2025-03", "--workspace", str(reported)]
    )
    assert result.exit_code == 0, result.output
    runs = recent_runs(Workspace.open(reported), 2)
    assert [r.period for r in reversed(runs)] == ["2025-02", "2025-03"]
