"""The documented Prefect server, locked down as the README starts it (127.0.0.1, an auth string,
CSRF protection), is the one `consortium serve` accepts: a real `prefect server start` and a real
`consortium serve` that creates its deployment there. The refusal of an open server is in
test_runs_failures.py."""

from __future__ import annotations

import base64
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import DEMO, seeded_prefect_home

from tests.mail_support import free_port

ROOT = Path(__file__).resolve().parents[1]
AUTH = "admin:not-a-real-secret-3f9c"


def without_prefect_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}


def interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code in (200, 401)
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def locked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`prefect server start` with the README's settings; its API URL."""
    home = seeded_prefect_home(tmp_path_factory.mktemp("prefect-server"))
    port = free_port()
    env = without_prefect_settings() | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_API_AUTH_STRING": AUTH,
        "PREFECT_SERVER_CSRF_PROTECTION_ENABLED": "true",
        "PREFECT_UI_ENABLED": "false",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 240
        while not answers(url):
            assert server.poll() is None, "prefect server start exited"
            assert time.monotonic() < deadline, "prefect server start did not answer in 240 s"
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def deployment(url: str, name: str) -> int:
    token = base64.b64encode(AUTH.encode()).decode()
    return httpx.get(
        f"{url}/deployments/name/{name}", headers={"Authorization": f"Basic {token}"}, timeout=10
    ).status_code


def test_serve_accepts_the_locked_down_server_and_creates_its_deployment(locked_server, tmp_path):
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    env = without_prefect_settings() | {
        "PREFECT_API_URL": locked_server,
        "PREFECT_API_AUTH_STRING": AUTH,
        "CONSORTIUM_PSEUDONYM_KEY": "test-key-not-secret",
    }
    serve = subprocess.Popen(
        [sys.executable, "-m", "cli.app", "serve", "--workspace", str(root)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Ctrl+C as a terminal gives it: a shell running the suite in the background (`&`)
        # hands its children SIGINT ignored, and Python then never turns it into Ctrl+C
        preexec_fn=interruptible,
    )
    try:
        deadline = time.monotonic() + 180
        while deployment(locked_server, "monthly-report/most-demo") != 200:
            assert serve.poll() is None, serve.stdout.read()
            assert time.monotonic() < deadline, "no deployment on the server after 180 s"
            time.sleep(0.5)
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            output, _ = serve.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            raise
    assert "open to others" not in output
    assert "Serving monthly-report/most-demo" in output
    # the server itself refuses whoever comes without the string
    assert (
        httpx.get(f"{locked_server}/deployments/name/monthly-report/most-demo").status_code == 401
    )
