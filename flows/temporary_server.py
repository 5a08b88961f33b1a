"""Prefect's temporary server, started by the run itself.

Prefect starts it (prefect.server.api.server.SubprocessASGIServer) after importing its whole
server into the run's process: 2.4 s of CPU for code that runs only in the server's own
process. The run starts the same command instead (uvicorn on Prefect's app factory, on a free
port of 127.0.0.1, its UI off) and points PREFECT_API_URL at it for the rest of the run, as for a
long-lived server. The server stops when the run's process exits, also when it is killed (`main`).
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PORTS = range(8000, 9000)
# uvicorn's exit status when it could not start: the port taken between our look and its bind
# (then it is tried again on another), or the app failing as it starts
STARTUP_FAILED = 3
POLL_S = 0.1
STOP_S = 5


class ServerDidNotStart(RuntimeError):
    """The temporary server ended, or did not answer in time."""


# the API URL of the temporary server this process started, once it answers
_started: list[str] = []


def start_temporary_server(timeout: float, launched: Launched | None = None) -> str:
    """Start the temporary server, or wait for the one `launched` already, and point Prefect at
    it; its API URL."""
    from prefect.context import refresh_global_settings_context

    url = answering_server(timeout, launched)
    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()
    _started.append(url)
    return url


@dataclass(frozen=True)
class Launched:
    """A temporary server started, not yet known to answer."""

    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"


def launch(*, with_settings: bool = True) -> Launched:
    """A temporary server started on a free port; it stops when the run's process ends.
    `with_settings` hands it the Prefect settings of this process; without them (Prefect not yet
    imported) it reads them as the run does, from the same environment and Prefect home."""
    port = free_port()
    process = subprocess.Popen(server_command(port), env=server_env(with_settings=with_settings))
    atexit.register(stop, process)
    launched = Launched(port, process)
    log.info("Starting temporary server on %s", launched.url)
    return launched


def serves_this_process_only() -> bool:
    """Whether Prefect's server is this process's own, ending with it: the temporary server it
    started, or Prefect's own when no server is named."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return not url or url in _started


def answering_server(timeout: float, launched: Launched | None = None) -> str:
    """The API URL of a temporary server that answered its health check within `timeout`
    seconds: the one `launched`, or one started now, on a port found free (another, if it was
    taken meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        server = launched or launch()
        launched = None
        if answered(server.process, server.url, deadline):
            return server.url
        stop(server.process)
        if time.monotonic() >= deadline:
            raise ServerDidNotStart("Timed out waiting for the temporary server to answer")
        if server.process.returncode != STARTUP_FAILED or is_free(server.port):
            raise ServerDidNotStart(
                f"the server process ended with exit status {server.process.returncode}"
            )


def answered(process: subprocess.Popen, url: str, deadline: float) -> bool:
    """Whether the server answered before the deadline; False as soon as it ended."""
    import httpx

    with httpx.Client(trust_env=False, timeout=5) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(POLL_S)
    return False


def free_port() -> int:
    """A port of PORTS nothing listens on now, tried in random order as Prefect does, so runs
    started together rarely race for one."""
    for port in random.sample(PORTS, len(PORTS)):
        if is_free(port):
            return port
    raise ServerDidNotStart(f"no free port from {PORTS.start} to {PORTS.stop - 1}")


def is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def server_command(port: int) -> list[str]:
    """What Prefect runs for its temporary server (SubprocessASGIServer._run_uvicorn_command),
    through `main` of this module; Prefect is found, not imported."""
    prefect = importlib.util.find_spec("prefect")
    if prefect is None or prefect.origin is None:
        raise ServerDidNotStart("Prefect is not installed")
    return [
        sys.executable,
        "-m",
        "flows.temporary_server",
        str(os.getpid()),
        "--app-dir",
        str(Path(prefect.origin).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def server_env(*, with_settings: bool = True) -> dict[str, str]:
    """The run's environment and Prefect settings (`with_settings`), with the server's own:
    ephemeral, no UI, and no telemetry sent home whatever the environment says (a run calls
    nobody it was not asked to)."""
    settings = {}
    if with_settings:
        from prefect.settings import get_current_settings

        settings = get_current_settings().to_environment_variables(exclude_unset=True)
    return {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **settings,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


def stop(process: subprocess.Popen) -> None:
    """The server asked to stop, and killed if it has not within STOP_S seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> None:
    """uvicorn with the arguments after the run's process id, ended by a SIGTERM when that
    process ends, however it ends: a run killed (SIGKILL runs no atexit) would leave the server
    listening, with a few hundred megabytes, until the machine restarts."""
    import ctypes
    import signal

    run = int(argv[0])
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != run:
        return  # the run ended before its end could be watched
    from uvicorn.main import main as uvicorn

    sys.argv = ["uvicorn", *argv[1:]]
    uvicorn()


if __name__ == "__main__":
    main(sys.argv[1:])
