"""Files refused for personal data: out of the inbox and the archive, into a quarantine where
they stay encrypted for `privacy.quarantine_days`, then deleted.

The register keeps of such a file only its hash, partner, month and the rules it broke, so the
refusal can still be explained to the partner and counted, and nothing of its content remains.
"""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from collect.inbox import (
    LEDGER_NAME,
    archive_path,
    archive_register,
    inbox_arrivals,
    save_archive_register,
)
from core.config import Workspace
from core.submission import Submission

PERSONAL_DATA_RULE = "personal_data_"
QUARANTINED_KEYS = ("sha256", "partner_id", "period", "reasons", "received_at", "quarantined_at")


def refused_for_personal_data(sub: Submission) -> bool:
    return any(p.rule.startswith(PERSONAL_DATA_RULE) for p in sub.errors)


def quarantined_path(ws: Workspace, sha256: str) -> Path:
    return ws.quarantine / sha256


def quarantine_refused(ws: Workspace, submissions: list[Submission]) -> list[str]:
    """Move every file refused for personal data into the quarantine (still encrypted), delete
    its copies in the inbox, and reduce its register entries to hash, partner, month and
    reasons. The hashes quarantined."""
    refused = {s.sha256: s for s in submissions if refused_for_personal_data(s)}
    if not refused:
        return []
    moved = []
    for sha256 in refused:
        source = archive_path(ws, sha256)
        if source.is_file():
            ws.quarantine.mkdir(parents=True, exist_ok=True)
            os.replace(source, quarantined_path(ws, sha256))
            moved.append(sha256)
    removed = [a for a in inbox_arrivals(ws) if a.sha256 in refused]
    for arrival in removed:
        arrival.path.unlink()
    forget_received(ws, {a.path.relative_to(ws.inbox).as_posix() for a in removed})
    entries = archive_register(ws)
    for entry in entries:
        sub = refused.get(entry["sha256"])
        if sub is not None and not entry.get("quarantined_at"):
            entry.clear()
            entry.update(quarantined_entry(sub))
    save_archive_register(ws, entries)
    return moved


def forget_received(ws: Workspace, relatives: set[str]) -> None:
    """Drop the lines of removed files from inbox/received.csv: it holds their names."""
    ledger = ws.inbox / LEDGER_NAME
    if not relatives or not ledger.is_file():
        return
    with ledger.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames or [], [r for r in reader if r["file"] not in relatives]
    partial = ledger.with_name(f".{LEDGER_NAME}.partial")
    with partial.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(partial, ledger)


def quarantined_entry(sub: Submission) -> dict[str, Any]:
    return {
        "sha256": sub.sha256,
        "partner_id": sub.partner_id,
        "period": sub.period,
        "reasons": sorted({p.rule for p in sub.errors}),
        "received_at": sub.received_at.isoformat(),
        "quarantined_at": datetime.now(UTC).isoformat(),
    }


def quarantined(ws: Workspace) -> list[dict[str, Any]]:
    """The register entries of files refused for personal data, purged or not."""
    return [e for e in archive_register(ws) if e.get("quarantined_at")]


def quarantined_submissions(ws: Workspace, skip: set[str]) -> list[Submission]:
    """What the register knows of each quarantined file not in `skip`, as a refused
    submission, so a rebuilt warehouse still records the refusal."""
    subs = []
    for entry in quarantined(ws):
        if entry["sha256"] in skip:
            continue
        skip = skip | {entry["sha256"]}
        sub = Submission(
            sha256=entry["sha256"],
            name_as_received="",
            size_bytes=0,
            received_at=datetime.fromisoformat(entry["received_at"]),
            partner_id=entry["partner_id"],
            period=entry["period"],
        )
        for rule in entry["reasons"]:
            sub.error(rule)
        subs.append(sub)
    return subs


def purge_quarantine(ws: Workspace, *, older_than: timedelta | None = None) -> list[str]:
    """Delete the quarantined files kept longer than `older_than` (all of them when None);
    their register entries stay, marked purged. The hashes deleted."""
    now = datetime.now(UTC)
    entries = archive_register(ws)
    deleted = []
    for entry in entries:
        if not entry.get("quarantined_at") or entry.get("purged_at"):
            continue
        since = datetime.fromisoformat(entry["quarantined_at"])
        if older_than is not None and now - since < older_than:
            continue
        quarantined_path(ws, entry["sha256"]).unlink(missing_ok=True)
        entry["purged_at"] = now.isoformat()
        deleted.append(entry["sha256"])
    if deleted:
        save_archive_register(ws, entries)
    return deleted


def purge_expired(ws: Workspace) -> list[str]:
    """The purge every run does: files quarantined longer than `privacy.quarantine_days`."""
    return purge_quarantine(ws, older_than=timedelta(days=ws.config.privacy.quarantine_days))
