"""The files partners dropped into a workspace's inbox, and the archive that keeps each original.

`inbox/<partner id>/<file>` says who sent a file; `inbox/received.csv` (written by whatever
delivers the files: mail fetcher, upload form) says when it arrived, else the file's mtime,
and, for a file saved under a generated name, the name it was sent under.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from collect.reader import Arrival
from core.config import Workspace
from core.fingerprint import file_sha256

LEDGER_NAME = "received.csv"
LEDGER_FIELDS = ("file", "received_at", "name_as_received")


def received_times(inbox: Path) -> dict[str, datetime]:
    ledger = inbox / LEDGER_NAME
    if not ledger.is_file():
        return {}
    with ledger.open(encoding="utf-8", newline="") as fh:
        return {
            row["file"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(fh)
        }


def received_names(inbox: Path) -> dict[str, str]:
    """The names files were sent under, for files saved under a generated name."""
    return {
        row["file"]: row["name_as_received"]
        for row in ledger_rows(inbox)
        if row.get("name_as_received")
    }


def ledger_rows(inbox: Path) -> list[dict[str, str]]:
    ledger = inbox / LEDGER_NAME
    if not ledger.is_file():
        return []
    with ledger.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def save_received(
    ws: Workspace, partner_id: str, data: bytes, name_as_received: str, received_at: datetime
) -> Path:
    """Keep bytes that arrived for a partner (an e-mail attachment) in its inbox folder under a
    safe generated name, and record in received.csv when they arrived and the name they were
    sent under; that name is text only, never a path."""
    sha256 = hashlib.sha256(data).hexdigest()
    extension = PurePosixPath(name_as_received).suffix.lower().lstrip(".")
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    folder = ws.inbox / partner_id
    folder.mkdir(parents=True, exist_ok=True)
    target = (
        folder / f"received-{received_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{sha256[:12]}.{extension}"
    )
    partial = folder / f".{target.name}.partial"
    partial.write_bytes(data)
    os.utime(partial, (received_at.timestamp(), received_at.timestamp()))
    os.replace(partial, target)
    record_received(
        ws.inbox, target.relative_to(ws.inbox).as_posix(), received_at, name_as_received
    )
    return target


def record_received(inbox: Path, relative: str, received_at: datetime, name: str) -> None:
    """Add (or replace) a file's line in received.csv, written whole and swapped in."""
    rows = [r for r in ledger_rows(inbox) if r["file"] != relative]
    rows.append(
        {"file": relative, "received_at": received_at.isoformat(), "name_as_received": name}
    )
    partial = inbox / f".{LEDGER_NAME}.partial"
    with partial.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, LEDGER_FIELDS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(partial, inbox / LEDGER_NAME)


def inbox_arrivals(ws: Workspace) -> list[Arrival]:
    """Every file in the inbox, oldest arrival first, so a later file supersedes an earlier one."""
    if not ws.inbox.is_dir():
        return []
    ledger, names = received_times(ws.inbox), received_names(ws.inbox)
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
                name_as_received=names.get(relative, path.name),
                partner_id=parts[0] if len(parts) > 1 else None,
                received_at=ledger.get(relative) or datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                sha256=file_sha256(path),
                size_bytes=stat.st_size,
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
