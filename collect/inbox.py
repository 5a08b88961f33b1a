"""The files partners dropped into a workspace's inbox, and the archive that keeps each original.

`inbox/<partner id>/<file>` says who sent a file; `inbox/received.csv` (written by whatever
delivers the files: mail fetcher, upload form) says when it arrived, else the file's mtime.
"""

from __future__ import annotations

import csv
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from collect.reader import Arrival
from core.config import Workspace
from core.fingerprint import file_sha256

LEDGER_NAME = "received.csv"


def received_times(inbox: Path) -> dict[str, datetime]:
    ledger = inbox / LEDGER_NAME
    if not ledger.is_file():
        return {}
    with ledger.open(encoding="utf-8", newline="") as fh:
        return {
            row["file"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(fh)
        }


def inbox_arrivals(ws: Workspace) -> list[Arrival]:
    """Every file in the inbox, oldest arrival first, so a later file supersedes an earlier one."""
    if not ws.inbox.is_dir():
        return []
    ledger = received_times(ws.inbox)
    arrivals = []
    for path in sorted(p for p in ws.inbox.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(ws.inbox).as_posix()
        if relative == LEDGER_NAME or path.name.startswith("."):
            continue
        parts = relative.split("/")
        stat = path.stat()
        arrivals.append(
            Arrival(
                path=path,
                name_as_received=path.name,
                partner_id=parts[0] if len(parts) > 1 else None,
                received_at=ledger.get(relative) or datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                sha256=file_sha256(path),
                size_bytes=stat.st_size,
                inbox_path=relative,
            )
        )
    return sorted(arrivals, key=lambda a: (a.received_at, a.name_as_received))


def archive_original(ws: Workspace, arrival: Arrival) -> Path:
    """Keep the bytes once under their SHA-256; the name as received is never a path."""
    target = ws.archive / arrival.sha256[:2] / arrival.sha256
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        shutil.copyfile(arrival.path, partial)
        os.replace(partial, target)
        target.chmod(0o444)
    return target
