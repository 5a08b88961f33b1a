"""A run killed midway (SIGKILL, in a separate process) leaves the warehouse exactly as it was,
and the next run completes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap

from core.config import Workspace
from load import warehouse

# A run's load stage: a staged warehouse, one transaction per submission of many rows, as the
# flow does it; it reports each file loaded so the test can kill it midway.
RUN = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone

    import pandas as pd

    from core.submission import Submission
    from core.config import Workspace
    from load import warehouse
    from transforms.runner import build_models

    ws = Workspace.open(sys.argv[1])
    key = warehouse.pseudonym_key(ws)
    rows = 5_000
    with warehouse.staged_warehouse(ws) as db, warehouse.connect(db) as con:
        for month in range(1, int(sys.argv[2]) + 1):
            frame = pd.DataFrame({
                "sheet": "counselling", "sheet_row": range(2, rows + 2), "session_on": pd.Timestamp("2025-01-07"),
                "user_code": [f"U{i}" for i in range(rows)], "session_kind": "individual", "hours": 1.0,
            })
            sub = Submission(sha256=f"{month:064d}", name_as_received=f"big-{month}.csv", size_bytes=1,
                             received_at=datetime(2025, 2, 1, tzinfo=timezone.utc), partner_id="house",
                             period=f"2025-{month % 12 + 1:02d}", tables={"counselling": frame})
            warehouse.load_submission(con, sub, key, shared_codes=False)
            print(f"loaded {month}", flush=True)
        build_models(con)
""")


def digest(ws: Workspace) -> str:
    return hashlib.sha256(ws.warehouse.read_bytes()).hexdigest()


def killed_midway(ws: Workspace) -> int:
    """Start a long run, wait until it has loaded two files, then SIGKILL it."""
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, str(ws.root), "1000"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    for line in run.stdout:
        if line.strip() == "loaded 2":
            break
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    return run.returncode


def test_a_load_killed_midway_leaves_the_warehouse_byte_identical(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        people=[
            {
                "user_code": "A1",
                "user_kind": "in_recovery",
                "sex": "male",
                "age_band": "36_50",
                "main_addiction": "drugs",
            }
        ],
    )
    tiny.build()
    tiny.con.close()
    before = digest(tiny.ws)
    assert killed_midway(tiny.ws) == -signal.SIGKILL
    assert digest(tiny.ws) == before
    assert not tiny.ws.warehouse.with_name("warehouse.duckdb.wal").exists()


def test_the_run_after_a_killed_one_completes(tiny):
    tiny.con.close()
    killed_midway(tiny.ws)
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(tiny.ws.root), "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert result.returncode == 0, result.stderr
    with warehouse.connect(tiny.ws.warehouse) as con:
        assert con.execute("select count(*) from staging_counselling").fetchone()[0] == 5_000
