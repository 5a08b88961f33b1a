"""A new warehouse from the archive and its register alone, for when the warehouse is damaged or
lost: every archived original read again, validated and loaded in the order it arrived, every
file quarantined for personal data registered again by its refusal.

No Prefect server is needed and no partner is told anything again: the figures are rebuilt, the
outputs and feedback already sent stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.config import Workspace
from flows.runtime import RunError, run_lock

REPLACED_NAME = "warehouse.before-rebuild.duckdb"


@dataclass(frozen=True)
class Rebuilt:
    warehouse: Path
    files: int
    rejected: int
    replaced: Path | None


def archived_submissions(ws: Workspace) -> list:
    """Every submission the archive's register knows, read from the decrypted originals."""
    from collect.inbox import archived_arrivals
    from collect.quarantine import quarantined_submissions
    from collect.reader import read_submission

    with archived_arrivals(ws, set()) as arrivals:
        subs = [read_submission(arrival, ws.config) for arrival in arrivals]
    return subs + quarantined_submissions(ws, {s.sha256 for s in subs})


def rebuild_warehouse(ws: Workspace, *, wait_s: float = 0) -> Rebuilt:
    """Build the warehouse again from the archive in a staging file, then put it in place; the
    file it replaces is kept beside the run state (it may be the damaged one)."""
    from load import warehouse
    from load.integrity import replace_warehouse
    from transforms.runner import build_models
    from validate.run import validate_submissions

    with run_lock(ws, wait_s=wait_s):
        if not (ws.archive.is_dir() and any(ws.archive.glob("*/*"))):
            raise RunError(f"{ws.archive}: the archive is empty, there is nothing to rebuild from")
        stage = ws.state / "warehouse.rebuild.duckdb"
        for leftover in (stage, stage.with_name(stage.name + ".wal")):
            leftover.unlink(missing_ok=True)
        try:
            subs = archived_submissions(ws)
            validate_submissions(subs, ws.config)
            with warehouse.connect(stage) as con:
                warehouse.load_submissions(
                    con,
                    subs,
                    warehouse.pseudonym_key(ws),
                    shared_codes=ws.config.reporting.shared_user_codes,
                )
                build_models(con, config=ws.config)
        except BaseException:
            stage.unlink(missing_ok=True)
            raise
        replaced = None
        if ws.warehouse.exists():
            replaced = ws.state / REPLACED_NAME
            ws.warehouse.replace(replaced)
        replace_warehouse(ws, stage)
    return Rebuilt(ws.warehouse, len(subs), sum(s.status == "rejected" for s in subs), replaced)
