"""Collect: every inbox file not read before archived and read, ready for validation.

A submission is the partner, the month and the content: the same bytes under a new name for
another month are a new submission (an unchanged housing sheet sent again), the same bytes for
the same partner and month a duplicate, told as such. No file is skipped without a message.
Files the warehouse does not know that are only in the archive (a failed run, a lost or rebuilt
warehouse) are read from the archive, and files quarantined for personal data come back as
their refusal alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from collect.inbox import archive_originals, archived_arrivals, inbox_arrivals
from collect.quarantine import quarantined_submissions
from collect.reader import read_submission
from core.config import Workspace
from core.submission import Submission


@dataclass(frozen=True)
class Register:
    """What the warehouse holds that intake needs: inbox files already read (inbox path, file
    hash), submissions registered, and the tables accepted per (partner, month)."""

    arrivals: set[tuple[str, str]] = field(default_factory=set)
    submissions: set[str] = field(default_factory=set)
    tables: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def collect_new(ws: Workspace, register: Register | None = None) -> list[Submission]:
    """Submissions for the files not read before; duplicates marked, and the tables each
    partner still owes for each month worked out over the register and this batch."""
    register = register or Register()
    seen = set(register.arrivals)
    fresh = []
    for arrival in inbox_arrivals(ws):
        key = (arrival.inbox_path or arrival.name_as_received, arrival.sha256)
        if key not in seen:
            seen.add(key)
            fresh.append(arrival)
    archive_originals(ws, fresh)
    submissions = [read_submission(arrival, ws.config) for arrival in fresh]
    with archived_arrivals(ws, seen) as archived:
        submissions += [read_submission(arrival, ws.config) for arrival in archived]
    read_hashes = {sha for _, sha in seen} | {s.sha256 for s in submissions}
    submissions += quarantined_submissions(ws, read_hashes)
    mark_duplicates(submissions, register)
    settle_outstanding(ws, submissions, register)
    return submissions


def mark_duplicates(submissions: list[Submission], register: Register) -> None:
    """A submission already registered, or read earlier in this batch, is a duplicate."""
    ids = set(register.submissions)
    for sub in submissions:
        if sub.submission_id in ids:
            sub.duplicate_of = sub.submission_id
            sub.tables.clear()
            sub.problems.clear()
            sub.outstanding = []
            sub.warning("duplicate_submission", period=sub.period or "-")
        ids.add(sub.submission_id)


def settle_outstanding(ws: Workspace, subs: list[Submission], register: Register) -> None:
    """Each accepted file's outstanding tables: those no accepted file of its month brought."""
    brought = {key: set(tables) for key, tables in register.tables.items()}
    for sub in subs:
        if sub.status != "rejected" and not sub.duplicate_of and sub.period:
            brought.setdefault((sub.partner_id or "", sub.period), set()).update(sub.tables)
    for sub in subs:
        partner = ws.config.partner(sub.partner_id or "")
        if partner is None or sub.duplicate_of or sub.status == "rejected" or not sub.period:
            continue
        have = brought.get((partner.id, sub.period), set())
        sub.outstanding = [t for t in partner.tables if t not in have]
