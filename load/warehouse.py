"""The workspace's DuckDB file: schema on open, one transaction per submission, user codes only
as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from collect.submission import Submission
from consortium.config import Workspace

SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
KEY_ENV = "CONSORTIUM_PSEUDONYM_KEY"
RAW_COLUMNS = {
    "housing": ["site_id", "places", "residents", "resident_nights", "admissions", "exits_planned", "exits_unplanned"],
    "counselling": ["session_on", "user_key", "session_kind", "hours"],
    "trainings": ["held_on", "title", "audience", "hours", "participants"],
    "groups": ["held_on", "activity_kind", "site_id", "title", "participants", "hours"],
    "people": ["user_key", "user_kind", "sex", "age_band", "main_addiction", "housing_unit", "group_meetings", "barc10"],
}


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("begin")
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    current = con.execute("select max(version) from schema_version").fetchone()[0]
    if current is None:
        con.execute("insert into schema_version values (?, ?)", [SCHEMA_VERSION, now()])
    con.execute("commit")


def now() -> datetime:
    return datetime.now(timezone.utc)


def pseudonym_key(ws: Workspace) -> bytes:
    """The key for user-code hashes: from the environment, or a key file beside the workspace."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode()
    if not ws.key_file.exists():
        ws.key_file.write_text(secrets.token_hex(32))
        ws.key_file.chmod(0o600)
    return ws.key_file.read_text().strip().encode()


def user_key(key: bytes, scope: str, code: object) -> str | None:
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return None
    message = f"{scope}:{str(code).strip().upper()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def is_registered(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return con.execute("select count(*) from submissions where submission_id = ?", [sha256]).fetchone()[0] > 0


def load_submission(con: duckdb.DuckDBPyConnection, sub: Submission, key: bytes, *, shared_codes: bool) -> None:
    """Register the submission and, unless rejected, its rows: all of it or nothing."""
    scope = "shared" if shared_codes else (sub.partner_id or "")
    con.execute("begin")
    try:
        con.execute(
            "insert into submissions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [sub.submission_id, sub.partner_id, sub.period, sub.name_as_received, sub.size_bytes,
             sub.file_format, sub.received_at, now(), sub.status, sorted(sub.tables),
             json.dumps([p.rule for p in sub.errors])],
        )
        for p in sub.problems:
            con.execute("insert into problems values (?, ?, ?, ?, ?, ?, ?)",
                        [sub.submission_id, p.severity, p.rule, p.sheet, p.row, p.column, json.dumps(p.params, default=str)])
        if sub.status != "rejected":
            for table, frame in sub.tables.items():
                insert_rows(con, table, raw_frame(table, frame, sub.submission_id, key, scope))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def raw_frame(table: str, frame: pd.DataFrame, submission_id: str, key: bytes, scope: str) -> pd.DataFrame:
    out = frame.copy()
    if "user_code" in out:
        out["user_key"] = [user_key(key, scope, c) for c in out.pop("user_code")]
    for column in RAW_COLUMNS[table]:
        if column not in out:
            out[column] = None
    out.insert(0, "submission_id", submission_id)
    return out[["submission_id", "sheet", "sheet_row", *RAW_COLUMNS[table]]]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("incoming", frame)
    try:
        con.execute(f"insert into raw_{table} by name select * from incoming")
    finally:
        con.unregister("incoming")


@contextmanager
def staged_warehouse(ws: Workspace) -> Iterator[Path]:
    """A copy of the warehouse for a run to write; it replaces the real one only if the run
    succeeds, so a failed or killed run leaves the warehouse as it was."""
    ws.state.mkdir(parents=True, exist_ok=True)
    stage = ws.state / "warehouse.staging.duckdb"
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if ws.warehouse.exists():
        shutil.copyfile(ws.warehouse, stage)
    try:
        yield stage
    except BaseException:
        stage.unlink(missing_ok=True)
        raise
    os.replace(stage, ws.warehouse)
