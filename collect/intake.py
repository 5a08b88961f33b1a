"""Collect: every inbox file not read before archived and read, ready for validation, a batch
at a time.

A submission is the partner, the month and the content: the same bytes under a new name for
another month are a new submission (an unchanged housing sheet sent again), the same bytes for
the same partner and month a duplicate, told as such. No file is skipped without a message.
Files the warehouse does not know that are only in the archive (a failed run, a lost or rebuilt
warehouse) are read from the archive, and files quarantined for personal data come back as
their refusal alone.

A run reads its files in batches of about `BATCH_ROWS` rows, in the order they arrived, and
each batch is validated and loaded before the next is read, so a run's memory follows its
largest batch, not all its rows. What a batch leaves behind is what the feedback and the
register still need: each submission's identity, status, problems and table names.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from collect import read_ahead
from collect.arrival import Arrival
from collect.inbox import archive_originals, archived_arrivals, arrival_key, unread_arrivals
from collect.quarantine import quarantined_submissions
from core.config import Consortium, Workspace
from core.submission import Submission

# Rows read, validated and loaded together. Each batch costs about 80 ms per table in Great
# Expectations whatever its size, and the run's process checks and loads while the readers
# read, so that cost is the run's critical path; the rows take about 0.5 KB each while a batch
# is checked: 400,000 rows cost some 40 MB more at the peak than 200,000, and about 2 s less CPU
# over the benchmark's million rows.
BATCH_ROWS = 400_000
BATCH_ROWS_ENV = "CONSORTIUM_BATCH_ROWS"


@dataclass(frozen=True)
class Register:
    """What the warehouse holds that intake needs: inbox files already read (inbox path, file
    hash), submissions registered, and the tables accepted per (partner, month)."""

    arrivals: set[tuple[str, str]] = field(default_factory=set)
    submissions: set[str] = field(default_factory=set)
    tables: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def batch_rows() -> int:
    """Rows per batch: `CONSORTIUM_BATCH_ROWS` when set (tests use a tiny one), else BATCH_ROWS."""
    return max(1, int(os.environ.get(BATCH_ROWS_ENV) or BATCH_ROWS))


def collect_new(ws: Workspace, register: Register | None = None) -> list[Submission]:
    """Submissions for the files not read before, all at once; duplicates marked, and the
    tables each partner still owes for each month worked out over the register and them."""
    with new_files(ws, register) as files:
        submissions = [sub for batch in files.batches(rows=None) for sub in batch]
    files.settle()
    return submissions


@contextmanager
def new_files(ws: Workspace, register: Register | None = None) -> Iterator[NewFiles]:
    """The files not read before, the inbox's archived first; the archived-only ones decrypted
    into a private folder for as long as the block lasts."""
    register = register or Register()
    fresh = unread_arrivals(ws, register.arrivals)
    archive_originals(ws, fresh)
    seen = register.arrivals | {arrival_key(arrival) for arrival in fresh}
    with archived_arrivals(ws, seen) as archived:
        yield NewFiles(ws, register, [*fresh, *archived])


class NewFiles:
    """A run's new files, read a batch at a time in the order listed (the inbox's, oldest
    arrival first, then the archive's), then the quarantined files' refusals.

    Duplicates are marked across batches. What each partner still owes for a month depends on
    every file of the run, so `settle` works it out once all are read; until then each
    submission carries what the files read so far leave outstanding."""

    def __init__(self, ws: Workspace, register: Register, arrivals: list[Arrival]) -> None:
        self.ws = ws
        self.arrivals = arrivals
        self.read: list[Submission] = []
        self.ids = set(register.submissions)
        self.brought = {key: set(tables) for key, tables in register.tables.items()}
        self.hashes = {sha for _, sha in register.arrivals} | {a.sha256 for a in arrivals}
        self.first_sender = first_senders(register.arrivals)
        self.awaiting: list[Submission] = []

    def batches(self, rows: int | None) -> Iterator[list[Submission]]:
        """The submissions in batches of at least `rows` data rows (the last one smaller), or
        one batch when `rows` is None."""
        # a refusal the register already holds (a rebuilt warehouse's) is not news
        refusals = [
            sub
            for sub in quarantined_submissions(self.ws, self.hashes)
            if sub.submission_id not in self.ids
        ]
        for batch in read_in_batches([*self.arrivals, *refusals], self.ws.config, rows):
            yield self.taken(batch)

    def taken(self, batch: list[Submission]) -> list[Submission]:
        mark_duplicates(batch, self.ids)
        refuse_files_of_another_partner(batch, self.first_sender)
        owing = [sub for sub in batch if owes(sub)]
        for sub in owing:
            self.brought.setdefault((sub.partner_id or "", sub.period or ""), set()).update(
                sub.tables
            )
        for sub in owing:
            if self.ws.config.partner(sub.partner_id or "") is not None:
                self.owed(sub)
                self.awaiting.append(sub)
        self.read += batch
        return batch

    def owed(self, sub: Submission) -> bool:
        """Set the tables the submission's partner still owes for its month, as far as the
        files read so far tell; whether they changed."""
        partner = self.ws.config.partner(sub.partner_id or "")
        have = self.brought.get((partner.id, sub.period or ""), set()) if partner else set()
        outstanding = [t for t in partner.tables if t not in have] if partner else []
        changed, sub.outstanding = outstanding != sub.outstanding, outstanding
        return changed

    def settle(self) -> list[Submission]:
        """Each accepted file's outstanding tables over every file of the run: those no
        accepted file of its month brought. The submissions whose tables changed since their
        batch was read (their register entry is out of date)."""
        return [sub for sub in self.awaiting if self.owed(sub)]


def read_in_batches(
    items: Iterable[Arrival | Submission], config: Consortium, rows: int | None
) -> Iterator[list[Submission]]:
    """The arrivals read into submissions (a submission already made, such as a quarantined
    file's refusal, taken as it is; by a second process when they are many), in order, in
    batches of at least `rows` data rows (the last one smaller), or one batch when `rows` is
    None."""
    batch: list[Submission] = []
    count = 0
    for sub in read_ahead.submissions(list(items), config):
        batch.append(sub)
        count += sum(len(frame) for frame in sub.tables.values())
        if rows is not None and count >= rows:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def owes(sub: Submission) -> bool:
    """An accepted file of a month: the tables it brings are no longer owed."""
    return sub.status != "rejected" and not sub.duplicate_of and bool(sub.period)


def first_senders(arrivals: set[tuple[str, str]]) -> dict[str, str]:
    """The partner whose folder each file's bytes arrived in, of the files read before."""
    return {sha: path.split("/")[0] for path, sha in sorted(arrivals) if "/" in path}


def refuse_files_of_another_partner(submissions: list[Submission], first: dict[str, str]) -> None:
    """The same bytes as a file another partner sent (a colleague's file dropped into the wrong
    folder, or sent from the wrong address) are refused rather than counted as this partner's
    month; `first` gains the partner of each file."""
    for sub in submissions:
        if sub.partner_id is None:
            continue
        sender = first.setdefault(sub.sha256, sub.partner_id)
        if sender != sub.partner_id and not sub.duplicate_of:
            sub.error("file_of_another_partner", partner=sender)


def mark_duplicates(submissions: list[Submission], ids: set[str]) -> None:
    """A submission already registered, or read earlier in this run, is a duplicate; `ids`
    gains those of the submissions."""
    for sub in submissions:
        if sub.submission_id in ids:
            sub.duplicate_of = sub.submission_id
            sub.tables.clear()
            sub.problems.clear()
            sub.outstanding = []
            sub.warning("duplicate_submission", period=sub.period or "-")
        ids.add(sub.submission_id)
