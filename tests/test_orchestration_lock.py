"""Two runs of one workspace started at once, as two real processes against one Prefect server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from core.config import Workspace
from flows.run_log import recent_runs
from flows.runtime import run_lock

ROOT = Path(__file__).resolve().parents[1]


def running_flow_runs(workspace: Path) -> int:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    running = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING]))
    )
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=running)
    return sum(r.parameters.get("workspace") == str(workspace) for r in runs)


def start_run(workspace: Path, api_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.app", "run", "--workspace", str(workspace), "--wait", "300"],
        cwd=ROOT,
        env={**os.environ, "PREFECT_API_URL": api_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runs_started_at_once_do_not_interleave(workspace, prefect_api):
    path = workspace / "inbox" / "most-si" / "svetovanje_2025-03.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 3. 2025;LJ-0001;individualno;1:30\n",
        encoding="utf-8",
    )
    root = workspace.resolve()
    # hold the workspace until both flow runs have started, so they truly compete for it
    with run_lock(Workspace.open(root)):
        runs = [start_run(root, prefect_api) for _ in range(2)]
        deadline = time.monotonic() + 180
        while running_flow_runs(root) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    first, second = sorted(recent_runs(Workspace.open(root)), key=lambda r: r.started_at)
    assert first.finished_at <= second.started_at
    # the first run reported the new file; the second found nothing new and kept its outputs
    assert (first.outcome, second.outcome) == ("completed", "unchanged")
