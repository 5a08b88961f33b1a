"""The benchmark's consortium: the demo generator at scale, and the one file that arrives later.

Generation is deterministic (the demo's fixed seed), so two benchmark runs read the same bytes.
The network keeps the demo's habits, faults and resubmissions, repeated for every copy of each
partner profile, so both contenders must also reject and supersede what the demo does.
"""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.config import load_consortium
from demo import generator as demo

FIRST_PERIOD = "2025-01"


@dataclass(frozen=True)
class Network:
    root: Path
    partners: list[str]
    first: str
    last: str
    files: int
    months: int
    scale: float

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"


def process_env(network: Network) -> dict[str, str]:
    """What every measured process sees: the run's own Prefect home and quiet logs, and no
    Prefect server or settings inherited from whoever started the benchmark."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(network.root / ".state" / "prefect")
    # on a busy machine the temporary server can take longer than Prefect's default 20 s to answer
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    return env


def generate_network(
    root: Path, *, partners: int, months: int, scale: float, workers: int = 2
) -> Network:
    """The workspace at root: consortium.yaml, every partner's files and the arrival ledger,
    written by `workers` processes (the same bytes however many)."""
    written = demo.write_workspace(
        root,
        partners=partners,
        months=months,
        first_period=FIRST_PERIOD,
        scale=scale,
        workers=workers,
    )
    files = [p for p in written if p.parent.parent == root / "inbox"]
    config = load_consortium(root / "consortium.yaml")
    return Network(
        root=root,
        partners=[p.id for p in config.partners],
        first=FIRST_PERIOD,
        last=demo.add_months(FIRST_PERIOD, months - 1),
        files=len(files),
        months=months,
        scale=scale,
    )


def add_next_month(network: Network, ahead: int = 1) -> Path:
    """A valid file for the month after the network's last (`ahead` 2: the month after that),
    from the first partner that sends one (the demo's faulty months are skipped), put into the
    inbox and the arrival ledger as a mail fetcher would; the path written."""
    period = demo.add_months(network.last, ahead)
    plan = demo.plan_workspace(len(network.partners), network.months + ahead, FIRST_PERIOD)
    delivery = next(
        d for d in plan.deliveries if d.period == period and not d.fault and not d.replaces
    )
    scratch = network.root.parent / "next-month"
    shutil.rmtree(scratch, ignore_errors=True)
    # partners are generated in order, each from its own seed: only those up to the sender are needed
    demo.write_workspace(
        scratch,
        partners=network.partners.index(delivery.partner) + 1,
        months=network.months + ahead,
        first_period=FIRST_PERIOD,
        scale=network.scale,
    )
    target = network.inbox / delivery.path
    shutil.copyfile(scratch / "inbox" / delivery.path, target)
    with (network.inbox / "received.csv").open("a", encoding="utf-8", newline="") as ledger:
        csv.writer(ledger, lineterminator="\n").writerow(
            [delivery.path, delivery.received_at.isoformat()]
        )
    shutil.rmtree(scratch)
    return target


def loaded_rows(network: Network) -> int:
    """Data rows the pipeline holds from the network's files (every raw table, all submissions)."""
    with duckdb.connect(str(network.root / "warehouse.duckdb"), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_name like 'raw\\_%' escape '\\'"
            ).fetchall()
        ]
        return sum(con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables)
