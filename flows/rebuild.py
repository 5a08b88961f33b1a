"""A new warehouse from the archive and its register alone, for when the warehouse is damaged or
lost: every archived original read again, validated and loaded in the order it arrived (in
batches, as a run reads new files, so memory stays bounded), every file quarantined for personal
data registered again by its refusal, and the months locked meanwhile locked again at the
moments they were (their history read from whatever copy of the warehouse still reads).

No Prefect server is needed and no partner is told anything again: the figures are rebuilt, the
outputs and feedback already sent stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.config import Workspace
from flows.runtime import RunError, collected_between_batches, keep_out_of_collections, run_lock

REPLACED_NAME = "warehouse.before-rebuild.duckdb"


@dataclass(frozen=True)
class Rebuilt:
    warehouse: Path
    files: int
    rejected: int
    replaced: Path | None
    locks: int = 0
    locks_from: Path | None = None


def recovered_locks(ws: Workspace) -> tuple[list[tuple], Path | None]:
    """The lock history, from the warehouse being replaced if its locks still read, else from
    the previous good copy: locks are the manager's decisions, not in any partner's file."""
    import duckdb

    from load.integrity import previous_copy

    for path in (ws.warehouse, previous_copy(ws)):
        if not path.is_file():
            continue
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                rows = con.execute(
                    "select period, locked_at, locked_by, unlocked_at, unlocked_by from locks "
                    "order by locked_at"
                ).fetchall()
        except duckdb.Error:
            continue
        return rows, path
    return [], None


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lock_events(locks: list[tuple]) -> list[tuple]:
    """(moment, what, lock row) of every lock and unlock, in the order they happened."""
    events = [(aware(row[1]), "lock", row) for row in locks]
    events += [(aware(row[3]), "unlock", row) for row in locks if row[3] is not None]
    return sorted(events, key=lambda e: (e[0], e[1] == "lock"))


def replay(con, event: tuple) -> None:
    """One lock or unlock as it happened: a file received while its month was locked is held,
    and released when the lock was lifted."""
    _, what, (period, locked_at, locked_by, unlocked_at, unlocked_by) = event
    if what == "lock":
        con.execute(
            "insert into locks (period, locked_at, locked_by) values (?, ?, ?)",
            [period, locked_at, locked_by],
        )
        return
    con.execute(
        "update locks set unlocked_at = ?, unlocked_by = ? where period = ? and locked_at = ?",
        [unlocked_at, unlocked_by, period, locked_at],
    )
    con.execute(
        "update submissions set status = validation_status, released_at = ? "
        "where period = ? and status = 'held'",
        [unlocked_at, period],
    )


def load_in_time(con, ws: Workspace, subs: list, locks: list[tuple]) -> None:
    """Load the submissions in the order they arrived, the lock history replayed between them."""
    events = lock_events(locks)
    load_between(con, ws, sorted(subs, key=lambda s: aware(s.received_at)), events)
    for event in events:
        replay(con, event)


def load_between(con, ws: Workspace, subs: list, events: list[tuple]) -> None:
    """Load submissions already in the order they arrived, each after the lock events that came
    before it, taken from `events` as they pass."""
    from load import warehouse

    key = warehouse.pseudonym_key(ws, con)
    shared = ws.config.reporting.shared_user_codes
    batch: list = []
    for sub in subs:
        if events and events[0][0] <= aware(sub.received_at):
            warehouse.load_submissions(con, batch, key, shared_codes=shared)
            batch = []
            while events and events[0][0] <= aware(sub.received_at):
                replay(con, events.pop(0))
        batch.append(sub)
    warehouse.load_submissions(con, batch, key, shared_codes=shared)


def rebuild_in_batches(con, ws: Workspace, locks: list[tuple]) -> list:
    """Every archived original read, validated and loaded in the order it arrived, a batch of
    about collect.intake.BATCH_ROWS rows at a time (its rows let go once loaded), and every
    quarantined file's refusal in its place; then the lock events after the last arrival. The
    submissions, without their rows."""
    from collect.inbox import archived_arrivals
    from collect.intake import batch_rows, read_in_batches
    from collect.quarantine import quarantined_submissions
    from validate.run import Validation

    events = lock_events(locks)
    validation = Validation(ws.config)
    done: list = []
    with archived_arrivals(ws, set()) as arrivals:
        refusals = quarantined_submissions(ws, {a.sha256 for a in arrivals})
        in_time = sorted([*arrivals, *refusals], key=lambda item: aware(item.received_at))
        with collected_between_batches():
            for batch in read_in_batches(in_time, ws.config, batch_rows()):
                validation.check(batch)
                load_between(con, ws, batch, events)
                for sub in batch:
                    sub.drop_rows()
                done += batch
                keep_out_of_collections()
    for event in events:
        replay(con, event)
    return done


def rebuild_warehouse(ws: Workspace, *, wait_s: float = 0) -> Rebuilt:
    """Build the warehouse again from the archive in a staging file, then put it in place; the
    file it replaces is kept beside the run state (it may be the damaged one)."""
    from load import warehouse
    from load.integrity import replace_warehouse
    from transforms.runner import build_models

    with run_lock(ws, wait_s=wait_s):
        if not (ws.archive.is_dir() and any(ws.archive.glob("*/*"))):
            raise RunError(f"{ws.archive}: the archive is empty, there is nothing to rebuild from")
        stage = ws.state / "warehouse.rebuild.duckdb"
        for leftover in (stage, stage.with_name(stage.name + ".wal")):
            leftover.unlink(missing_ok=True)
        locks, locks_from = recovered_locks(ws)
        try:
            with warehouse.connect(stage) as con:
                warehouse.record_config(con, ws.config)
                subs = rebuild_in_batches(con, ws, locks)
                build_models(con)
        except BaseException:
            stage.unlink(missing_ok=True)
            raise
        replaced = None
        if ws.warehouse.exists():
            replaced = ws.state / REPLACED_NAME
            ws.warehouse.replace(replaced)
        replace_warehouse(ws, stage)
    rejected = sum(s.status == "rejected" for s in subs)
    return Rebuilt(ws.warehouse, len(subs), rejected, replaced, len(locks), locks_from)
