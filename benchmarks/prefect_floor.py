"""The Prefect floor: a flow that does nothing, run as its own process with the environment
`consortium run` gives its flow (temporary local server, the workspace's Prefect home, quiet
console). Every whole-process run pays this before reading a single file.

Example: python -m benchmarks.prefect_floor benchmarks/work/network
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Workspace
from flows.runtime import flow_runs, prepare_prefect


def main(argv: list[str]) -> None:
    prepare_prefect(Workspace(Path(argv[0]).resolve()))
    from prefect import flow

    @flow(name="benchmark-noop")
    def noop() -> None:
        """Nothing: the cost measured is Prefect's own start, run record and stop."""

    with flow_runs():
        noop()


if __name__ == "__main__":
    main(sys.argv[1:])
