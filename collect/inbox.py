"""The files partners dropped into a workspace's inbox, and the archive that keeps each original,
encrypted, with a register of every arrival: enough to rebuild the warehouse from it alone.

`inbox/<partner id>/<file>` says who sent a file; `inbox/received.csv` (written by whatever
delivers the files: mail fetcher, upload form) says when it arrived, else the file's mtime,
and, for a file saved under a generated name, the name it was sent under. Each inbox file's
SHA-256 is kept in the workspace state with its size and modification time
(`.state/inbox-hashes.json`), so a run hashes only the files that are new or changed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from collect.arrival import Arrival
from core.config import Workspace
from core.inbox_files import LEDGER_NAME, inbox_hashes
from core.sealed import archive_key, is_sealed, read_sealed, write_sealed

LEDGER_FIELDS = ("file", "received_at", "name_as_received")
REGISTER_NAME = "register.sealed"


class LedgerError(ValueError):
    """A line of inbox/received.csv whose time of arrival cannot be read."""


def received_times(inbox: Path, timezone: str) -> dict[str, datetime]:
    """When each file arrived, by its path in the inbox; a time written without its offset
    (`2026-12-03 10:00`) is the consortium's local time."""
    ledger = inbox / LEDGER_NAME
    if not ledger.is_file():
        return {}
    with ledger.open(encoding="utf-8", newline="") as fh:
        return {
            row["file"]: arrival_time(ledger, line, row.get("received_at"), timezone)
            for line, row in enumerate(csv.DictReader(fh), start=2)
        }


def arrival_time(ledger: Path, line: int, text: str | None, timezone: str) -> datetime:
    try:
        moment = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise LedgerError(
            f"{ledger}, line {line}, column received_at: {text!r} is not a time of arrival; "
            f"write it as 2026-11-04T09:30:00+01:00 (or 2026-11-04 09:30, the consortium's "
            f"local time)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


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
    ws: Workspace,
    partner_id: str,
    data: bytes,
    name_as_received: str,
    received_at: datetime,
    *,
    extension: str = "",
) -> Path:
    """Keep bytes that arrived for a partner (an e-mail attachment) in its inbox folder under a
    safe generated name, with `extension` or else its name's, and record in received.csv when
    they arrived and the name they were sent under; that name is text only, never a path."""
    sha256 = hashlib.sha256(data).hexdigest()
    extension = extension or PurePosixPath(name_as_received).suffix.lower().lstrip(".")
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
    timezone = ws.config.reporting.schedule.timezone
    ledger, names = received_times(ws.inbox, timezone), received_names(ws.inbox)
    arrivals = []
    for relative, sha256 in inbox_hashes(ws, save=False).items():
        path = ws.inbox / relative
        parts = relative.split("/")
        stat = path.stat()
        arrivals.append(
            Arrival(
                path=path,
                name_as_received=names.get(relative, path.name),
                partner_id=parts[0] if len(parts) > 1 else None,
                received_at=ledger.get(relative) or datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                sha256=sha256,
                size_bytes=stat.st_size,
                inbox_path=relative,
            )
        )
    return sorted(arrivals, key=lambda a: (a.received_at, a.name_as_received))


def unread_arrivals(ws: Workspace, known: set[tuple[str, str]]) -> list[Arrival]:
    """The inbox's files whose (inbox path, hash) is not in `known`, oldest arrival first."""
    return [arrival for arrival in inbox_arrivals(ws) if arrival_key(arrival) not in known]


def arrival_key(arrival: Arrival) -> tuple[str, str]:
    return (arrival.inbox_path or arrival.name_as_received, arrival.sha256)


def archive_path(ws: Workspace, sha256: str) -> Path:
    return ws.archive / sha256[:2] / sha256


def register_path(ws: Workspace) -> Path:
    return ws.archive / REGISTER_NAME


def archive_register(ws: Workspace) -> list[dict[str, Any]]:
    """Every arrival the archive has seen, oldest first: what a rebuild needs besides the bytes
    (partner, name as received, time received), or, for a file refused for personal data, only
    its hash, partner, month and reasons. Sealed, like the originals: a name may be personal."""
    path = register_path(ws)
    if not path.is_file():
        return []
    return json.loads(read_sealed(archive_key(ws, create=False), path, REGISTER_NAME))


def save_archive_register(ws: Workspace, entries: list[dict[str, Any]]) -> None:
    data = json.dumps(entries, ensure_ascii=False, indent=0).encode()
    write_sealed(archive_key(ws), register_path(ws), data, REGISTER_NAME)


def arrival_entry(arrival: Arrival) -> dict[str, Any]:
    return {
        "sha256": arrival.sha256,
        "partner_id": arrival.partner_id,
        "name_as_received": arrival.name_as_received,
        "inbox_path": arrival.inbox_path,
        "received_at": arrival.received_at.isoformat(),
        "size_bytes": arrival.size_bytes,
    }


def archive_originals(ws: Workspace, arrivals: list[Arrival]) -> None:
    """Keep each original once under its SHA-256, encrypted, and each arrival in the register;
    the name as received is never a path."""
    if not arrivals:
        return
    entries = archive_register(ws)
    key = archive_key(ws)
    known = {(e["sha256"], e["partner_id"], e.get("name_as_received")) for e in entries}
    for arrival in arrivals:
        target = archive_path(ws, arrival.sha256)
        if not target.exists() or not is_sealed(
            target
        ):  # new, or kept in clear by an older version
            write_sealed(key, target, arrival.path.read_bytes(), arrival.sha256)
            target.chmod(0o444)
        entry = arrival_entry(arrival)
        if (entry["sha256"], entry["partner_id"], entry["name_as_received"]) not in known:
            entries.append(entry)
    save_archive_register(ws, entries)


def archive_original(ws: Workspace, arrival: Arrival) -> Path:
    archive_originals(ws, [arrival])
    return archive_path(ws, arrival.sha256)


def archived_original(ws: Workspace, sha256: str) -> bytes:
    """The original bytes of an archived file, decrypted; SealError without the right key."""
    return read_sealed(archive_key(ws, create=False), archive_path(ws, sha256), sha256)


def entry_key(entry: dict[str, Any]) -> tuple[str, str]:
    """An archived arrival as intake knows a file: its path in the inbox (where a file saved
    from the mailbox lies under a name of its own, not the one it was sent with) and its hash;
    an entry of an older register, without its path, by the name it was sent with."""
    if entry.get("inbox_path"):
        return (entry["inbox_path"], entry["sha256"])
    name = entry["name_as_received"]
    return (f"{entry['partner_id']}/{name}" if entry["partner_id"] else name, entry["sha256"])


@contextmanager
def archived_arrivals(ws: Workspace, skip: set[tuple[str, str]]) -> Iterator[list[Arrival]]:
    """The archived arrivals whose (inbox path, hash) is not in `skip`, each decrypted into a
    private temporary folder that is removed when the block ends. The same bytes under two names
    are two arrivals (an unchanged sheet sent for two months)."""
    # a quarantined file keeps no name: only its hash, partner, month and reasons
    entries = [
        e for e in archive_register(ws) if not e.get("quarantined_at") and entry_key(e) not in skip
    ]
    if not entries:
        yield []
        return
    ws.state.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clear-", dir=ws.state) as folder:
        arrivals = []
        for entry in entries:
            if entry_key(entry) in skip or not archive_path(ws, entry["sha256"]).is_file():
                continue
            skip = skip | {entry_key(entry)}
            clear = Path(folder) / entry["sha256"]
            clear.write_bytes(archived_original(ws, entry["sha256"]))
            arrivals.append(
                Arrival(
                    path=clear,
                    name_as_received=entry["name_as_received"],
                    partner_id=entry["partner_id"],
                    received_at=datetime.fromisoformat(entry["received_at"]),
                    sha256=entry["sha256"],
                    size_bytes=entry["size_bytes"],
                    inbox_path=entry_key(entry)[0],
                )
            )
        yield arrivals
