"""Collect: every inbox file not read before archived and read, ready for validation.

A submission is the partner, the month and the content: the same bytes under a new name for
another month are a new submission (an unchanged housing sheet sent again), the same bytes for
the same partner and month a duplicate, told as such. No file is skipped without a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from collect.inbox import archive_original, inbox_arrivals
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
    """Submissions for the inbox files not read before; duplicates marked, and the tables each
    partner still owes for each month worked out over the register and this batch."""
    register = register or Register()
    seen = set(register.arrivals)
    ids = set(register.submissions)
    submissions = []
    for arrival in inbox_arrivals(ws):
        key = (arrival.inbox_path, arrival.sha256)
        if key in seen:
            continue
        seen.add(key)
        archive_original(ws, arrival)
        sub = read_submission(arrival, ws.config)
        if sub.submission_id in ids:
            mark_duplicate(sub)
        ids.add(sub.submission_id)
        submissions.append(sub)
    settle_outstanding(ws, submissions, register)
    return submissions


def mark_duplicate(sub: Submission) -> None:
    sub.duplicate_of = sub.submission_id
    sub.tables.clear()
    sub.problems.clear()
    sub.outstanding = []
    sub.warning("duplicate_submission", period=sub.period or "-")


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
