"""Prefect that starts: real `consortium run` processes on a fresh workspace, each starting
Prefect's temporary server in the workspace's own Prefect home (no session server), three of
them started together (so they run one after another), then one more. None may fail on start-up.

What this covers: the start timeout the runtime sets, the temporary servers of one Prefect home
starting one at a time (the first creates its database while the others wait), and runs that
wait for the workspace. It does not cover three different workspaces starting servers at once
(each then waits only on the machine, within the same timeout)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO, seeded_prefect_home

from core.config import Workspace
from flows.run_log import recent_runs
from flows.runtime import PREFECT_START_TIMEOUT_S

ROOT = Path(__file__).resolve().parents[1]
START_FAILURES = ("did not start", "Timed out while attempting to connect", "Traceback")
# far beyond what a run here takes (under a minute), and within CI's time
RUN_LIMIT_S = 600


def consortium_run(root: Path) -> subprocess.Popen:
    """`consortium run` as a person starts it: no Prefect server configured."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli.app",
            "run",
            "--workspace",
            str(root),
            "--wait",
            str(RUN_LIMIT_S),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(run: subprocess.Popen) -> tuple[int, str]:
    """The run's exit code and output; a run still going after RUN_LIMIT_S is stopped, and
    the test fails with where each of its threads was."""
    try:
        out, err = run.communicate(timeout=RUN_LIMIT_S)
    except subprocess.TimeoutExpired:
        run.send_signal(signal.SIGUSR1)
        time.sleep(2)
        run.kill()
        out, err = run.communicate()
        pytest.fail(f"a run took more than {RUN_LIMIT_S} s; its threads were at:\n{out}{err}")
    return run.returncode, out + err


def fresh_workspace(root: Path) -> Path:
    """A workspace never run, with one partner file."""
    (root / "inbox" / "most-si").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    (root / "inbox" / "most-si" / "svetovanje_2025-03.csv").write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 3. 2025;LJ-0001;individualno;1:30\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def started_together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """A fresh workspace; three runs started at the same moment."""
    root = fresh_workspace(tmp_path_factory.mktemp("fresh") / "ws")
    runs = [consortium_run(root) for _ in range(3)]
    try:
        return root, [finished(run) for run in runs]
    finally:
        for run in runs:
            run.kill()


@pytest.mark.soak
def test_three_runs_started_together_on_a_fresh_workspace_all_complete(started_together):
    root, results = started_together
    assert [code for code, _ in results] == [0, 0, 0], results
    assert not [out for _, out in results if any(f in out for f in START_FAILURES)]
    # one reported the new file; the two that waited found nothing new
    outcomes = sorted(r.outcome for r in recent_runs(Workspace.open(root)))
    assert outcomes == ["completed", "unchanged", "unchanged"]
    assert (root / ".state" / "prefect").is_dir()  # the workspace's own Prefect home


@pytest.mark.soak
def test_a_run_after_them_starts_on_the_existing_prefect_home(started_together):
    root, _ = started_together
    code, out = finished(consortium_run(root))
    assert code == 0, out
    assert [r.outcome for r in recent_runs(Workspace.open(root))][0] == "unchanged"


@pytest.mark.soak
def test_ten_runs_in_a_row_from_a_fresh_workspace_all_start(tmp_path):
    root = fresh_workspace(tmp_path / "ws")
    for attempt in range(10):
        code, out = finished(consortium_run(root))
        assert code == 0 and not any(f in out for f in START_FAILURES), (attempt, out)
    outcomes = [r.outcome for r in reversed(recent_runs(Workspace.open(root), 10))]
    assert outcomes == ["completed"] + ["unchanged"] * 9


def test_temporary_server_that_does_not_start_in_time_is_one_line_and_recorded(tmp_path):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    # a start timeout no fresh Prefect home can meet
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "cli.app", "run", "--workspace", str(root)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    [line] = (result.stdout + result.stderr).strip().splitlines()
    assert "Prefect's temporary server did not start" in line and "1 s" in line
    [failed] = recent_runs(Workspace.open(root))
    assert (failed.outcome, failed.failed_stage) == ("failed", "prefect")


def started_in_a_process(
    tmp_path: Path, code: str, before: str = "", **env: str
) -> subprocess.CompletedProcess:
    """`code` run after start_prefect() (and `before` it) in a process of its own, on a fresh
    Prefect home, no server configured, the start timeout a run sets and the Prefect settings in
    `env`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | env
    env.setdefault("PREFECT_HOME", str(tmp_path / "prefect"))
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(PREFECT_START_TIMEOUT_S))
    script = before + "from flows.runtime import start_prefect\nstart_prefect()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def printed(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


# every process started noted, and whether Prefect was imported by then
NOTING_LAUNCHES = """
import subprocess, sys
launched = []
popen = subprocess.Popen.__init__
def noted(self, args, *rest, **options):
    imported = "prefect" in sys.modules
    popen(self, args, *rest, **options)
    launched.append((list(args), imported, self))
subprocess.Popen.__init__ = noted
"""


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect home for the module's servers, its database migrated."""
    return seeded_prefect_home(tmp_path_factory.mktemp("prefect-start") / "prefect")


# a flow run, under flows.runtime.flow_runs, printing how often it sends its heartbeat
HEARTBEAT = (
    "from prefect import flow\n"
    "from prefect.settings import get_current_settings\n"
    "from flows.runtime import flow_runs\n"
    "@flow\n"
    "def beating():\n"
    "    return get_current_settings().flows.heartbeat_frequency\n"
    "with flow_runs():\n"
    "    print(beating())\n"
)


@pytest.fixture(scope="module")
def ended_run(prefect_home: Path) -> tuple[str, ...]:
    """A process that started the temporary server, asked it for its health, ran a flow, and
    ended: what it printed (the health check, the API URL, whether Prefect's server code was
    imported, the flow run's heartbeat frequency, and whether Prefect was imported when the
    server's process was started)."""
    code = (
        "import os, sys\n"
        "from prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as client:\n"
        "    print(client.api_healthcheck())\n"
        "print(os.environ['PREFECT_API_URL'])\n"
        "print('prefect.server.api.server' in sys.modules)\n"
    ) + HEARTBEAT
    code += (
        "print([imported for args, imported, _ in launched if 'flows.temporary_server' in args])\n"
    )
    healthy, url, server_code_imported, heartbeat, prefect_imported = printed(
        started_in_a_process(
            prefect_home.parent, code, before=NOTING_LAUNCHES, PREFECT_HOME=str(prefect_home)
        )
    )
    return healthy, url, server_code_imported, heartbeat, prefect_imported


def test_flow_runs_on_the_runs_own_server_send_no_heartbeats(ended_run):
    # a heartbeat lets a long-lived server mark a run whose process died; this one dies with it
    assert ended_run[3] == "None"


def test_flow_runs_on_a_long_lived_server_send_their_heartbeats(tmp_path, prefect_api):
    assert printed(started_in_a_process(tmp_path, HEARTBEAT, PREFECT_API_URL=prefect_api)) == [
        "180"
    ]


def test_the_temporary_server_answers_prefect_without_its_code_in_the_run(ended_run):
    # Prefect's own start imports its whole server into the run (2.4 s); the run's does not
    healthy, url, server_code_imported, *_ = ended_run
    assert healthy == "None"
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
    assert server_code_imported == "False"


def test_the_temporary_server_stops_with_the_run(ended_run):
    import httpx

    _, url, *_ = ended_run
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/health", timeout=2)


def test_a_temporary_server_that_ends_as_it_starts_is_said_with_its_exit_status(tmp_path):
    # a database no server can open: it ends at once, and the run does not wait out the timeout
    result = started_in_a_process(
        tmp_path,
        "",
        PREFECT_SERVER_DATABASE_CONNECTION_URL="sqlite+aiosqlite:////nonexistent/dir/x.db",
    )
    assert result.returncode == 1
    assert "server process ended with exit status 3" in result.stderr


SERVER_THEN_WAIT = """
import sys, time
from flows.temporary_server import start_temporary_server
print(start_temporary_server(120), flush=True)
time.sleep(600)
"""


def test_a_killed_runs_temporary_server_ends_with_it(prefect_home, ended_run):
    import httpx

    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(prefect_home)
    holder = subprocess.Popen(
        [sys.executable, "-c", SERVER_THEN_WAIT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    url = holder.stdout.readline().strip()
    assert httpx.get(f"{url}/health", timeout=5).status_code == 200
    holder.kill()  # as a run killed: no atexit, no cleanup
    holder.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/health", timeout=1)
        except httpx.TransportError:
            return
        time.sleep(0.2)
    pytest.fail(f"the temporary server at {url} outlived the run that started it")


def test_the_temporary_server_sends_no_telemetry_even_when_the_environment_allows_it(monkeypatch):
    from flows.temporary_server import server_env

    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "true")
    monkeypatch.delenv("DO_NOT_TRACK", raising=False)
    env = server_env()
    assert (env["PREFECT_SERVER_ANALYTICS_ENABLED"], env["DO_NOT_TRACK"]) == ("false", "1")


def test_the_temporary_server_starts_before_the_run_imports_prefect(ended_run):
    # Prefect's import in the run and the server's start take as long as one of them
    assert ended_run[4] == "[False]"


def test_a_server_a_prefect_profile_names_is_used_and_the_early_one_stopped(tmp_path, prefect_api):
    home = tmp_path / "prefect"
    home.mkdir()
    (home / "profiles.toml").write_text(
        f'active = "default"\n\n[profiles.default]\nPREFECT_API_URL = "{prefect_api}"\n',
        encoding="utf-8",
    )
    code = (
        "import os\n"
        "print(os.environ.get('PREFECT_API_URL'))\n"
        "from prefect.settings import get_current_settings\n"
        "print(get_current_settings().api.url)\n"
        "print([p.poll() is None for args, _, p in launched if 'flows.temporary_server' in args])\n"
    )
    result = started_in_a_process(tmp_path, code, before=NOTING_LAUNCHES, PREFECT_HOME=str(home))
    in_environment, used, still_running = printed(result)
    assert (in_environment, used, still_running) == ("None", prefect_api, "[False]")
