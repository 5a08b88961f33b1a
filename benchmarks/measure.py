"""Wall time and peak memory of one whole process, the way a user would start it.

Peak memory is the largest resident set of any process in the child's tree (Linux's `wait4`
reports the maximum over the child and every descendant it waited for), so Prefect's temporary
server counts too.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


class StepFailed(RuntimeError):
    """A measured process exited non-zero; the message names it and shows the end of its log."""


@dataclass(frozen=True)
class Measurement:
    """Wall time, peak memory and CPU time (user + system, whole tree): on a shared machine the
    CPU time shows how much of a slow wall time was waiting for a core."""

    wall_s: float
    peak_rss_mb: float
    cpu_s: float
    runs_wall_s: tuple[float, ...] = ()
    """Each run's wall time, when the measurement is the median of several."""
    minus_floor_s: tuple[float, ...] = ()
    """Each run's wall time less that of the Prefect floor run right after it, when paired."""

    def as_dict(self) -> dict[str, float | list[float]]:
        measured: dict[str, float | list[float]] = {
            "wall_s": round(self.wall_s, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "cpu_s": round(self.cpu_s, 2),
        }
        if self.runs_wall_s:
            measured["runs_wall_s"] = [round(wall, 2) for wall in self.runs_wall_s]
        if self.minus_floor_s:
            measured["minus_floor_s"] = [round(diff, 2) for diff in self.minus_floor_s]
        return measured


def median_of(runs: list[Measurement]) -> Measurement:
    """The median wall and CPU time of repeated runs and the largest peak memory of any."""
    return Measurement(
        wall_s=statistics.median(m.wall_s for m in runs),
        peak_rss_mb=max(m.peak_rss_mb for m in runs),
        cpu_s=statistics.median(m.cpu_s for m in runs),
        runs_wall_s=tuple(m.wall_s for m in runs),
    )


def measure(
    name: str, argv: list[str], *, env: dict[str, str], logs: Path, cwd: Path | None = None
) -> Measurement:
    """Run argv to completion with its output in logs/<name>.log; raise StepFailed on failure."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise StepFailed(
            f"{name}: `{' '.join(argv)}` exited {child.returncode}; end of {log}:\n{tail}"
        )
    return Measurement(
        wall_s=wall, peak_rss_mb=usage.ru_maxrss / 1024, cpu_s=usage.ru_utime + usage.ru_stime
    )
