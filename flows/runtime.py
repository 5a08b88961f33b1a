"""How a run of a workspace behaves around its stages: Prefect kept local, quiet and private;
one run at a time; the stage a run is in, for whoever shows progress.

Nothing here imports Prefect: the environment must be set before Prefect is first imported.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import gc
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from core.background import give_way, in_background
from core.config import Workspace
from core.identifiers import redacted
from flows.outputs import close_commit, finish_commit, staged_outputs, swap_in_outputs

STAGES = ("collect", "validate", "load", "answer", "transform", "export", "render")
# What a run with a new file imports (Great Expectations alone takes seconds): imported while
# Prefect's temporary server starts, when a file is waiting.
STAGE_MODULES = (
    "validate.gx",
    "collect.intake",
    "collect.reader",
    "validate.run",
    "validate.feedback",
    "flows.answers",
    "flows.redraw",
    "load.warehouse",
    "transforms.figures",
    "dashboards.site",
    "export.figures",
)
# What every run imports once the server answers, a run with nothing new too: imported while it
# starts, always.
RUN_MODULES = ("flows.monthly_report",)
LOCK_POLL_S = 0.2
# Measured here: 18-24 s on a fresh Prefect home and 2 busy cores, more with runs side by side.
PREFECT_START_TIMEOUT_S = 180
_stage_listeners: list[Callable[[str], None]] = []


class RunError(Exception):
    """A run could not finish; the message says why in words a consortium manager can act on."""


class RunLocked(RunError):
    """Another run holds the workspace."""


class PrefectUnavailable(RunError):
    """Prefect's server could not be started or reached, so no run began."""


class StageFailed(RunError):
    """One stage of the monthly report failed; the warehouse is left as it was."""

    def __init__(self, stage: str, cause: BaseException):
        self.stage = stage
        reason = redacted(plain_reason(cause))
        super().__init__(
            f"the {stage} stage failed: {reason} (the warehouse is as it was before this run)"
        )


def plain_reason(exc: BaseException) -> str:
    """The cause of a failure in one line a manager can act on: a full disk and a refused
    permission named as such, with the file; anything else as its first line."""
    text = str(exc).strip()
    errno_ = getattr(exc, "errno", None)
    where = getattr(exc, "filename2", None) or getattr(exc, "filename", None)
    if errno_ == errno.ENOSPC or "No space left on device" in text:
        return (
            f"the disk is full{f' (writing {where})' if where else ''}: free some space and run "
            f"again"
        )
    if errno_ in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied{f' on {where}' if where else ''}: the run needs to write the "
            f"workspace; check the owner and permissions of that file or folder"
        )
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}{f': {where}' if where else ''}"
    first = text.splitlines()[0] if text else ""
    return first or type(exc).__name__


def prepare_prefect(ws: Workspace, *, verbose: bool = False) -> None:
    """Keep Prefect's state inside the workspace, its console quiet unless asked, and nothing
    sent home. Run logs still reach the Prefect server (and its UI) at INFO."""
    home = os.environ.setdefault("PREFECT_HOME", str(ws.state / "prefect"))
    os.makedirs(home, exist_ok=True)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO" if verbose else "CRITICAL"
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault(
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(PREFECT_START_TIMEOUT_S)
    )


def start_prefect(meanwhile: Callable[[], Sequence[str]] = tuple) -> None:
    """Make sure a Prefect server answers before a run begins: the long-lived one PREFECT_API_URL
    names, or else the temporary one, started now. Temporary servers of one Prefect home start
    one at a time (their first start creates its database), so runs started together wait for
    each other instead of timing out. A failure is a PrefectUnavailable that says what to do.
    The modules `meanwhile` names are imported while the server starts (it mostly waits); it is
    asked in that time too."""
    with long_lived():
        start_server(meanwhile)


def start_server(meanwhile: Callable[[], Sequence[str]]) -> None:
    """The temporary server is started before this process imports Prefect, when the
    environment names the Prefect home and no server: the import and the server's start then
    take as long as one of them. A Prefect profile naming a server stops it again."""
    from flows.temporary_server import launch, start_temporary_server, stop

    early = "prefect" not in sys.modules and not os.environ.get("PREFECT_API_URL")
    early_home = os.environ.get("PREFECT_HOME") if early else None
    with ExitStack() as held:
        launched = None
        if early_home:
            held.enter_context(one_start_at_a_time(Path(early_home)))
            with suppress(Exception):  # no free port, say: tried again below, and said
                launched = launch(with_settings=False)
        from prefect.settings import get_current_settings

        settings = get_current_settings()
        if settings.api.url:
            if launched is not None:
                stop(launched.process)
            held.close()
            with importing(meanwhile):
                check_server(settings.api.url)
            return
        if not early_home:
            held.enter_context(one_start_at_a_time(Path(settings.home)))
        timeout = settings.server.ephemeral.startup_timeout_seconds
        try:
            with importing(meanwhile):
                start_temporary_server(timeout, launched)
        except Exception as exc:  # noqa: BLE001 - the server's end, or httpx errors
            raise PrefectUnavailable(start_failure(exc, timeout)) from None


@contextmanager
def one_start_at_a_time(home: Path) -> Iterator[None]:
    """Temporary servers of one Prefect home start one at a time: their first start creates its
    database."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / "server-start.lock").open("a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def flow_runs() -> Iterator[None]:
    """The flow runs of the block, without Prefect's flow-run heartbeats when the server is the
    process's own: they let a long-lived server mark a run whose process died as crashed, while
    a temporary server dies with its process; and each flow run's end waits up to a second for
    the heartbeat thread to wake (about 1 s of a 0.2 s flow run)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.temporary_server import serves_this_process_only

    if not serves_this_process_only():
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@contextmanager
def importing(modules: Callable[[], Sequence[str]]) -> Iterator[None]:
    """Import the `modules()` in a thread of their own for the duration of the block, and wait for
    them at its end (an import that fails is left for the code that needs the module to raise)."""

    def import_stages() -> None:
        # behind the server starting, beside the reader of the new files (collect.read_ahead)
        give_way()
        for name in modules():
            with suppress(Exception):
                importlib.import_module(name)

    with in_background(import_stages):
        yield


@contextmanager
def long_lived() -> Iterator[None]:
    """No garbage collection while the block loads modules, and all they made kept out of every
    later one: a run holds millions of objects of pandas, Great Expectations, Plotly and
    Prefect, and each full collection walked them all again (0.1 to 0.3 s, several per run)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def keep_out_of_collections() -> None:
    """What a batch leaves behind (its submissions, their rows let go) lives to the run's end:
    collected once and frozen, so the collections of the batches after it do not walk it
    again (a full one each second or so as Great Expectations checks)."""
    gc.collect()
    gc.freeze()


@contextmanager
def collected_between_batches() -> Iterator[None]:
    """No garbage collection while the block reads, checks and loads batches: each batch ends
    with one (`keep_out_of_collections`). The collections Python would start meanwhile walk the
    batch being checked, alive until it is loaded, several times over; the cycles a batch leaves
    are few (a few thousand objects on the benchmark's batches) and wait at most for its end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def start_failure(exc: Exception, timeout: int) -> str:
    """One line for a temporary server that did not start (Prefect's own message carries the
    server's whole output)."""
    if "Timed out" in str(exc):
        cause = f"it did not answer within {timeout} s"
    else:
        cause = str(exc).splitlines()[0][:200] or type(exc).__name__
    return (
        f"Prefect's temporary server did not start ({cause}); no run began. The machine may be "
        f"too busy: try again, or start a long-lived server and set PREFECT_API_URL "
        f'(README, "Running on a schedule").'
    )


def check_server(url: str) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        reason = str(problem).splitlines()[0][:200] if str(problem) else type(problem).__name__
        raise PrefectUnavailable(
            f"the Prefect server at {url} (PREFECT_API_URL) does not answer ({reason}); no run "
            f'began. Start it (README, "Running on a schedule") or unset PREFECT_API_URL to '
            f"use a temporary one."
        )


@contextmanager
def run_lock(ws: Workspace, *, wait_s: float = 0) -> Iterator[None]:
    """Hold the workspace for one run; wait up to `wait_s` seconds for another run to finish,
    then refuse, so two runs never interleave. A swap of outputs that a killed run left half
    done is finished first."""
    ws.state.mkdir(parents=True, exist_ok=True)
    path = ws.state / "run.lock"
    with path.open("a+", encoding="utf-8") as fh:
        acquire(fh, wait_s, path)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        fh.flush()
        try:
            finish_commit(ws)
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def rewritten_outputs(ws: Workspace, carried: tuple[str, ...]) -> Iterator[Workspace]:
    """Outputs a command writes again outside a run (`consortium dashboards`, `export`): the
    workspace held as a run holds it, the folders written into the staging folder (with copies
    of `carried`) and swapped in whole, so a failed or killed command leaves the last ones."""
    with run_lock(ws), staged_outputs(ws, carried) as staged:
        yield staged
        swap_in_outputs(ws, None)
    close_commit(ws)


def acquire(fh: TextIO, wait_s: float, path: Path) -> None:
    deadline = time.monotonic() + max(wait_s, 0)
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise RunLocked(locked_message(path, wait_s)) from None
            time.sleep(LOCK_POLL_S)


def locked_message(path: Path, wait_s: float) -> str:
    holder = path.read_text(encoding="utf-8").strip() or "another process"
    waited = f" after waiting {wait_s:g} s" if wait_s > 0 else ""
    return (
        f"another run of this workspace is in progress ({holder}; lock {path}); this run was "
        f"refused{waited} so the two do not interleave. Try again when it has finished, "
        f"or pass --wait SECONDS to wait for it."
    )


@contextmanager
def watching_stages(listener: Callable[[str], None]) -> Iterator[None]:
    """Tell `listener` the name of each stage as a run enters it (for a progress display)."""
    _stage_listeners.append(listener)
    try:
        yield
    finally:
        _stage_listeners.remove(listener)


def stage_started(name: str) -> None:
    for listener in list(_stage_listeners):
        listener(name)


def server_exposure(url: str, auth_string: str | None) -> list[str]:
    """What leaves the Prefect server at `url` open to others: bound beyond this machine, no
    auth string, or no CSRF protection; empty when it is locked down as the README shows."""
    import httpx

    problems = []
    host = urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        problems.append(
            f"it is not on this machine's loopback address ({host}), start it on 127.0.0.1"
        )
    with httpx.Client(timeout=10) as client:
        anonymous = client.get(f"{url.rstrip('/')}/admin/version")
        if anonymous.status_code != 401:
            problems.append(
                "it answers without credentials: start it with PREFECT_SERVER_API_AUTH_STRING "
                "and give the same string here as PREFECT_API_AUTH_STRING"
            )
        headers = {}
        if auth_string:
            token = base64.b64encode(auth_string.encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        csrf = client.get(
            f"{url.rstrip('/')}/csrf-token", params={"client": "consortium-check"}, headers=headers
        )
        if csrf.status_code == 422:
            problems.append(
                "its CSRF protection is off: start it with "
                "PREFECT_SERVER_CSRF_PROTECTION_ENABLED=true"
            )
    return problems
