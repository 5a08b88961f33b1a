"""Collect: every new file in the inbox archived and read, ready for validation."""

from __future__ import annotations

from collect.inbox import archive_originals, archived_arrivals, inbox_arrivals
from collect.quarantine import quarantined_submissions
from collect.reader import read_submission
from core.config import Workspace
from core.submission import Submission


def collect_new(ws: Workspace, known: set[str]) -> list[Submission]:
    """Submissions for the files not seen before; a byte-identical copy is read once. Files
    the warehouse does not know that are only in the archive (a failed run, a lost or rebuilt
    warehouse) are read from the archive, and files quarantined for personal data come back
    as their refusal alone."""
    seen = set(known)
    fresh = []
    for arrival in inbox_arrivals(ws):
        if arrival.sha256 not in seen:
            seen.add(arrival.sha256)
            fresh.append(arrival)
    archive_originals(ws, fresh)
    submissions = [read_submission(arrival, ws.config) for arrival in fresh]
    with archived_arrivals(ws, seen) as archived:
        submissions += [read_submission(arrival, ws.config) for arrival in archived]
    submissions += quarantined_submissions(ws, seen | {s.sha256 for s in submissions})
    return submissions
