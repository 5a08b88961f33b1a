"""The steps both benchmarks measure over a generated network, each a whole process, said on the
console as it ends, and what their results share."""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.measure import Measurement, measure, median_of
from benchmarks.network import Network, process_env

# Runs of the Prefect floor before the full run, and of each step measured beside the floor.
REPEATS = 3
REPEATS_BESIDE_FLOOR = 5
# runs after a new file: each opens a month more
REPEATS_NEW_FILE = 3
# full runs of `make bench`, each on the network as the first found it
REPEATS_FULL_RUN = 3


class Steps:
    """Measured processes over `network`, logs in `logs`."""

    def __init__(self, network: Network, logs: Path) -> None:
        self.network, self.logs, self.env = network, logs, process_env(network)
        self.python = sys.executable
        consortium = Path(sys.executable).with_name("consortium")
        self.run = [str(consortium), "run", "--workspace", str(network.root)]
        self.floor = [self.python, "-m", "benchmarks.prefect_floor", str(network.root)]
        self.floor_runs: list[Measurement] = []

    def step(self, name: str, argv: list[str]) -> Measurement:
        """One measured process, after the files written before it (the network, the next
        month's file) are on disk: the disk writing them back would count as the step's wait."""
        print(f"  {name} ...", end="", flush=True)
        os.sync()
        measured = measure(name, argv, env=self.env, logs=self.logs)
        print(
            f" {measured.wall_s:.1f} s ({measured.cpu_s:.1f} s CPU), {measured.peak_rss_mb:.0f} MB",
            flush=True,
        )
        return measured

    def prefect_floor(self) -> Measurement:
        """The median of every run of the Prefect floor so far, each measured by `floor_run`."""
        return median_of(self.floor_runs)

    def floor_run(self) -> None:
        self.floor_runs.append(self.step(f"prefect_floor_{len(self.floor_runs) + 1}", self.floor))

    def beside_floor(
        self,
        name: str,
        argv: list[str],
        times: int = REPEATS_BESIDE_FLOOR,
        before: Callable[[int], object] | None = None,
    ) -> Measurement:
        """The median of `times` runs of argv, each followed by a run of the Prefect floor: the
        floor alone varies by seconds from one server start to the next, and a target within a
        few seconds of it is judged on runs measured side by side: each run's difference from
        the floor run after it is kept (`minus_floor_s`), and their median is the target's value.
        `before(i)` prepares the i-th run (0, 1, ...): a new file for it, say."""
        runs, minus_floor = [], []
        for i in range(times):
            if before is not None:
                before(i)
            runs.append(self.step(f"{name}_{i + 1}", argv))
            self.floor_run()
            minus_floor.append(runs[-1].wall_s - self.floor_runs[-1].wall_s)
        return replace(median_of(runs), minus_floor_s=tuple(minus_floor))

    def up_to_full_run(self, times: int = 1) -> dict[str, Measurement]:
        """The floors (after an unmeasured warm-up that creates the Prefect home), then the
        full run over every file; `times` full runs measured beside the floor, each on the
        network as the first found it, when more than one."""
        self.step("prefect_warm_up", self.floor)
        put_in_place = fresh_copies(self.network.root, times)
        parse = [self.python, "-m", "benchmarks.parse_floor", str(self.network.inbox)]
        parsed = self.step("parse_floor", parse)
        for _ in range(REPEATS):
            self.floor_run()
        if times == 1:
            full = self.step("full_run", self.run)
        else:
            full = self.beside_floor("full_run", self.run, times=times, before=put_in_place)
        return {"parse_floor": parsed, "prefect_floor": self.prefect_floor(), "full_run": full}


def fresh_copies(root: Path, runs: int) -> Callable[[int], None]:
    """Copies of the folder `root` as it is now, one for each run after the first, made before
    anything is measured; what it returns puts run i's copy in place of `root` (run 0 finds root
    itself), the folder of the run before moved aside. Nothing is written or deleted between
    runs: deleting a run's folder before copying it anew made each next run's system time grow
    by seconds on this host. The copies stay beside `root`, removed with the benchmark's work."""
    copies = [root.with_name(f"{root.name}-run-{run + 1}") for run in range(1, runs)]
    for copy in copies:
        shutil.copytree(root, copy, symlinks=True)

    def put_in_place(run: int) -> None:
        if run:
            root.rename(root.with_name(f"{root.name}-after-run-{run}"))
            copies[run - 1].rename(root)

    return put_in_place


def results_head(args: Any, network: Network, rows: int) -> dict[str, Any]:
    """When, where and on what the steps were measured."""
    return {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "size": {"partners": args.partners, "months": args.months, "scale": args.scale},
        "files": network.files,
        "rows": rows,
    }
