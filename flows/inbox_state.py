"""What a run decides from before it reads anything: whether the inbox holds a file the
warehouse has not read (the inbox's hashes, kept by core.inbox_files, so a file that has not
changed is not hashed again), what intake will not read, and the fingerprint of everything the
outputs depend on.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from core.config import Workspace
from core.inbox_files import inbox_hashes
from core.periods import latest_month_due

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUTPUT_PACKAGES = (
    "core",
    "collect",
    "validate",
    "load",
    "transforms",
    "publish",
    "dashboards",
    "export",
    "flows",
)
DRAWING_LIBRARIES = ("duckdb", "plotly", "kaleido", "jinja2", "babel")


def unread_entries(ws: Workspace) -> list[str]:
    """Inbox entries that intake does not read, each with the reason, for the run's summary:
    links (never followed), pipes, sockets and devices, and folders named like a file."""
    if not ws.inbox.is_dir():
        return []
    unread = []
    for path in sorted(ws.inbox.rglob("*")):
        relative = path.relative_to(ws.inbox).as_posix()
        if path.is_symlink():
            unread.append(f"{relative}: a link; links are not followed, copy the file itself")
        elif path.is_dir():
            if path.suffix:
                unread.append(f"{relative}: a folder named like a file; only files are read")
        elif not path.is_file():
            unread.append(f"{relative}: not a regular file (a pipe, socket or device)")
    return unread


def new_files_waiting(ws: Workspace, *, save: bool = True) -> bool:
    """Whether the inbox holds a file (inbox path and content) the warehouse has not read."""
    import duckdb

    inbox = set(inbox_hashes(ws, save=save).items())
    if not ws.warehouse.is_file() and any(ws.archive.glob("*/*")):
        return True  # the warehouse is gone but the archive holds files: rebuild it
    if not inbox:
        return False
    try:
        return not inbox <= read_arrivals(ws)
    except duckdb.CatalogException:  # a warehouse from before migration 003
        return True


def read_arrivals(ws: Workspace) -> set[tuple[str, str]]:
    """(inbox path, hash) of every file the warehouse has read; none without a warehouse."""
    import duckdb

    if not ws.warehouse.is_file():
        return set()
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        rows = con.execute("select inbox_path, file_sha256 from arrivals").fetchall()
    return {(path, sha) for path, sha in rows}


def inputs_fingerprint(ws: Workspace, now: datetime | None = None) -> str:
    """Everything the outputs depend on besides new files: consortium.yaml, the code that
    computes and renders them (every file of the packages below the command line, SQL and
    templates included, and the libraries that draw), the warehouse's register and locks
    (which submissions are in force, held or released), and the latest month past its deadline
    (the months owed, which the site and the export name, grow with the clock). Equal
    fingerprints, equal outputs."""
    digest = hashlib.sha256()
    parts = (
        config_bytes(ws),
        code_fingerprint(),
        warehouse_fingerprint(ws.warehouse),
        latest_due_month(ws, now or datetime.now(UTC)).encode(),
    )
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def latest_due_month(ws: Workspace, now: datetime) -> str:
    """The latest month whose file was due by `now`, as mart_submission_grid reckons it."""
    reporting = ws.config.reporting
    return latest_month_due(now, reporting.deadline_day, reporting.schedule.timezone)


def config_bytes(ws: Workspace) -> bytes:
    return ws.config_path.read_bytes() if ws.config_path.is_file() else b""


def code_fingerprint() -> bytes:
    """The project's code, read again by every run (a long-lived server sees a changed query)."""
    digest = hashlib.sha256()
    for package in OUTPUT_PACKAGES:
        folder = PROJECT_ROOT / package
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not skipped(p)):
            digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for library in DRAWING_LIBRARIES:
        digest.update(f"{library}=={installed_version(library)}".encode())
    return digest.digest()


def skipped(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo")


def installed_version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def warehouse_fingerprint(path: Path) -> bytes:
    """The register and the locks: what decides which rows are in force. The rows themselves
    follow from the register, since a submission's rows never change once loaded."""
    if not path.is_file():
        return b"no warehouse"
    import duckdb

    digest = hashlib.sha256()
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        for table in ("submissions", "locks"):
            if table in tables:
                rows = con.execute(f"select * from {table} order by all").fetchall()  # noqa: S608
                digest.update(repr(rows).encode())
    return digest.digest()
