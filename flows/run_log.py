"""The runs of a workspace, one JSON line each in its state folder, so `consortium status` can
say what happened without a Prefect server.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.config import Workspace
from core.files import replace_text

KEEP_RUNS = 200


@dataclass(frozen=True)
class RunRecord:
    """One run: when it held the workspace, what it reported and how it ended."""

    started_at: str
    finished_at: str
    outcome: str  # completed, unchanged (nothing new, outputs kept) or failed
    period: str | None = None
    # the month the run was asked for (--period, a backfill's months); None: the latest month
    period_asked: str | None = None
    new_files: int = 0
    rejected_files: int = 0
    failed_stage: str | None = None
    message: str | None = None
    flow_run_id: str | None = None
    inputs: str | None = None
    site: str | None = None  # relative to the workspace, so a copied workspace is itself
    exports: str | None = None
    unread: list[str] = field(default_factory=list)  # inbox entries not read, with the reason
    # what the run built again: {"partner_months": [[partner, month], ...] or "all", "pages":
    # [site-relative paths rendered], "images": [export-relative paths drawn]}
    rebuilt: dict[str, Any] | None = None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def log_path(ws: Workspace) -> Path:
    return ws.state / "runs.jsonl"


def without_identifiers(record: RunRecord) -> RunRecord:
    """The run with identity numbers and e-mail addresses masked in its message: a log says
    what failed, never whom it was about."""
    from core.identifiers import redacted

    return RunRecord(**asdict(record) | {"message": redacted(record.message or "") or None})


def append_run(ws: Workspace, record: RunRecord) -> None:
    """Add a run to the log, keeping the latest few hundred. The log is replaced whole or not at
    all, so a full disk loses at most this line, never the earlier ones."""
    ws.state.mkdir(parents=True, exist_ok=True)
    record = without_identifiers(record)
    lines = (
        [*log_path(ws).read_text(encoding="utf-8").splitlines()] if log_path(ws).is_file() else []
    )
    lines.append(json.dumps(asdict(record), ensure_ascii=False))
    replace_text(log_path(ws), "\n".join(lines[-KEEP_RUNS:]) + "\n", durable=True)


def recent_runs(ws: Workspace, limit: int = 10) -> list[RunRecord]:
    """The latest runs, newest first."""
    if not log_path(ws).is_file():
        return []
    lines = log_path(ws).read_text(encoding="utf-8").splitlines()
    return [run_record(line) for line in reversed(lines[-limit:]) if line.strip()]


def run_record(line: str) -> RunRecord:
    """A logged run; members a newer or older version wrote that this one does not know are
    left out."""
    known = {f.name for f in fields(RunRecord)}
    return RunRecord(**{k: v for k, v in json.loads(line).items() if k in known})


def last_good_run(ws: Workspace) -> RunRecord | None:
    """The latest run that finished with outputs written or kept."""
    return next((r for r in recent_runs(ws, KEEP_RUNS) if r.outcome != "failed"), None)
