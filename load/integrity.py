"""Is the warehouse whole? A damaged file is named with its remedy, never met as a traceback.

DuckDB checksums every block it reads, so reading every table finds damaged pages; a checksum of
each table's rows, recorded when a run writes the warehouse, finds a file that changed while
nobody wrote it (its size and modification time unchanged). Each run keeps the warehouse it
replaces as the previous good copy.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from core.config import Workspace

CHECKSUMS_NAME = "warehouse.checksums.json"
PREVIOUS_NAME = "warehouse.previous.duckdb"
_NOT_DAMAGE = ("conflicting lock", "could not set lock")
# the checksums of the file states this process read: a run verifies while Prefect starts, then
# again holding the workspace, then before staging a copy; the file is read once if unchanged
_read_checksums: dict[tuple[int, ...], dict[str, list[int]]] = {}


class DamagedWarehouse(Exception):
    """The warehouse file cannot be read whole; the message names it and the remedy."""


def previous_copy(ws: Workspace) -> Path:
    return ws.state / PREVIOUS_NAME


def checksums_path(ws: Workspace) -> Path:
    return ws.state / CHECKSUMS_NAME


def workspace_of(path: Path) -> Workspace:
    return Workspace(path.resolve().parent)


def damaged(ws: Workspace, path: Path, cause: str) -> DamagedWarehouse:
    reason = " ".join(cause.split())[:200]
    previous = previous_copy(ws)
    kept = f"; the previous good copy is {previous}" if previous.is_file() else ""
    return DamagedWarehouse(
        f"{path} is damaged ({reason}): recreate it from the archive with "
        f"`consortium rebuild --workspace {ws.root}`{kept}"
    )


def is_damage(exc: duckdb.Error) -> bool:
    """A duckdb error that says the file is broken, not that it is busy or the query wrong."""
    message = str(exc).lower()
    if any(words in message for words in _NOT_DAMAGE):
        return False
    return isinstance(exc, duckdb.IOException | duckdb.SerializationException) or any(
        words in message
        for words in ("corrupt", "checksum", "not a valid duckdb", "could not read", "truncat")
    )


# a scan that keeps no block it has read: DuckDB's default would cache the whole file
VERIFY_MEMORY = "256MB"


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]]:
    """Rows and an order-free hash of the rows of every table; reading them all makes DuckDB
    verify every block the tables use."""
    tables = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name"
    ).fetchall()
    sums = {}
    for (table,) in tables:
        rows, digest = con.execute(
            f'select count(*), coalesce(bit_xor(hash(t)), 0) from "{table}" as t'
        ).fetchone()
        sums[table] = [int(rows), int(digest)]
    return sums


def file_state(path: Path) -> tuple[int, ...]:
    """What changes with any write to the file: a write that restores the file's size and
    modification time still changes its status-change time (ctime), which no call can set."""
    stat = path.stat()
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def warehouse_checksums(path: Path) -> dict[str, list[int]]:
    """`table_checksums` of the file, read once for each state of it in this process."""
    before = file_state(path)
    if before in _read_checksums:
        return _read_checksums[before]
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute(f"set memory_limit = '{VERIFY_MEMORY}'")
        sums = table_checksums(con)
    if file_state(path) == before:
        _read_checksums.clear()
        _read_checksums[before] = sums
    return sums


def file_stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def verify_warehouse(ws: Workspace, path: Path | None = None) -> None:
    """Raise DamagedWarehouse unless every table of the warehouse reads whole and, when the
    file has not been written since the last run recorded it, has the same checksums."""
    path = path or ws.warehouse
    if not path.is_file():
        return
    try:
        sums = warehouse_checksums(path)
    except duckdb.Error as exc:
        if not is_damage(exc):
            return
        raise damaged(ws, path, str(exc).splitlines()[0]) from None
    recorded = recorded_checksums(ws)
    if recorded and recorded["stamp"] == file_stamp(path) and recorded["tables"] != sums:
        changed = sorted(
            t
            for t in sums.keys() | recorded["tables"].keys()
            if sums.get(t) != recorded["tables"].get(t)
        )
        raise damaged(
            ws, path, f"tables changed while nobody wrote the file: {', '.join(changed[:5])}"
        )


def recorded_checksums(ws: Workspace) -> dict | None:
    try:
        return json.loads(checksums_path(ws).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def record_checksums(ws: Workspace, sums: dict[str, list[int]]) -> None:
    """What the warehouse held when a run wrote it, and the file's size and time then."""
    ws.state.mkdir(parents=True, exist_ok=True)
    partial = checksums_path(ws).with_suffix(".partial")
    partial.write_text(
        json.dumps({"stamp": file_stamp(ws.warehouse), "tables": sums}), encoding="utf-8"
    )
    os.replace(partial, checksums_path(ws))


def replace_warehouse(ws: Workspace, stage: Path) -> None:
    """Put a run's staged warehouse in place, keeping the one it replaces as the previous good
    copy (a hard link, so no moment passes without a warehouse), and record its checksums."""
    with duckdb.connect(str(stage), read_only=True) as con:
        sums = table_checksums(con)
    if ws.warehouse.is_file():
        link = previous_copy(ws).with_suffix(".link")
        link.unlink(missing_ok=True)
        try:
            os.link(ws.warehouse, link)
        except OSError:  # a file system without hard links
            shutil.copyfile(ws.warehouse, link)
        os.replace(link, previous_copy(ws))
    os.replace(stage, ws.warehouse)
    record_checksums(ws, sums)
