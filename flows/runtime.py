"""How a run of a workspace behaves around its stages: Prefect kept local, quiet and private;
one run at a time; the stage a run is in, for whoever shows progress.

Nothing here imports Prefect: the environment must be set before Prefect is first imported.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from core.config import Workspace
from core.identifiers import redacted

STAGES = ("collect", "validate", "load", "transform", "render", "export")
LOCK_POLL_S = 0.2
_stage_listeners: list[Callable[[str], None]] = []


class RunError(Exception):
    """A run could not finish; the message says why in words a consortium manager can act on."""


class RunLocked(RunError):
    """Another run holds the workspace."""


class StageFailed(RunError):
    """One stage of the monthly report failed; the warehouse is left as it was."""

    def __init__(self, stage: str, cause: BaseException):
        self.stage = stage
        reason = redacted(str(cause).strip()) or type(cause).__name__
        super().__init__(
            f"the {stage} stage failed: {reason} (the warehouse is as it was before this run)"
        )


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


@contextmanager
def run_lock(ws: Workspace, *, wait_s: float = 0) -> Iterator[None]:
    """Hold the workspace for one run; wait up to `wait_s` seconds for another run to finish,
    then refuse, so two runs never interleave."""
    ws.state.mkdir(parents=True, exist_ok=True)
    path = ws.state / "run.lock"
    with path.open("a+", encoding="utf-8") as fh:
        acquire(fh, wait_s, path)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


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
