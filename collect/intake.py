"""Collect: every new file in the inbox archived and read, ready for validation."""

from __future__ import annotations

from collect.inbox import archive_original, inbox_arrivals
from collect.reader import read_submission
from core.config import Workspace
from core.submission import Submission


def collect_new(ws: Workspace, known: set[str]) -> list[Submission]:
    """Submissions for the files not seen before; a byte-identical copy is read once."""
    seen = set(known)
    submissions = []
    for arrival in inbox_arrivals(ws):
        if arrival.sha256 in seen:
            continue
        seen.add(arrival.sha256)
        archive_original(ws, arrival)
        submissions.append(read_submission(arrival, ws.config))
    return submissions
