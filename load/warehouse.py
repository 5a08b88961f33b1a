"""The workspace's DuckDB file: schema migrated on open, one transaction per submission, user
codes only as keyed hashes, and submissions for an approved (locked) period held, not applied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from collect.intake import Register
from collect.quarantine import refused_for_personal_data
from core.config import Consortium, Workspace
from core.submission import Submission
from core.vocabulary import vocabulary
from load.integrity import damaged, is_damage, replace_warehouse, verify_warehouse, workspace_of

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KEY_ENV = "CONSORTIUM_PSEUDONYM_KEY"
# DuckDB's own memory, beyond which a large model spills to disk instead of growing: the run's
# process also holds Python, pandas, Great Expectations and Prefect (about 650-750 MB once a
# run's batches are loaded, measured at 1.7M rows) and must stay within 1.5 GB. Building the
# models of 1.7M rows already reaches the limit, so larger networks spill rather than grow.
MEMORY_LIMIT = "500MB"
MEMORY_ENV = "CONSORTIUM_DUCKDB_MEMORY"
SPILL_FOLDER = "duckdb-spill"
RAW_COLUMNS = {
    "housing": [
        "site_id",
        "places",
        "residents",
        "resident_nights",
        "admissions",
        "exits_planned",
        "exits_unplanned",
    ],
    "counselling": ["session_on", "user_key", "session_kind", "hours", "session_kind_text"],
    "trainings": ["held_on", "title", "audience", "hours", "participants", "audience_text"],
    "groups": [
        "held_on",
        "activity_kind",
        "site_id",
        "title",
        "participants",
        "hours",
        "activity_kind_text",
    ],
    "people": [
        "user_key",
        "user_kind",
        "sex",
        "age_band",
        "main_addiction",
        "housing_unit",
        "group_meetings",
        "barc10",
        "user_kind_text",
        "sex_text",
        "age_band_text",
        "main_addiction_text",
    ],
}


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The warehouse at `path`, migrated unless read-only; DamagedWarehouse, naming the file and
    the remedy, when it cannot be read."""
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        bound_memory(con, path)
        if not read_only:
            migrate(con)
    except duckdb.Error as exc:
        if is_damage(exc):
            raise damaged(workspace_of(path), path, str(exc).splitlines()[0]) from None
        raise
    return con


def bound_memory(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Hold DuckDB to MEMORY_LIMIT (or `CONSORTIUM_DUCKDB_MEMORY`), spilling into the workspace's
    state folder (.state/duckdb-spill, made only when needed and emptied when closed). The
    setting belongs to the open database, so every connection to it shares it."""
    state = path.parent if path.parent.name == ".state" else path.parent / ".state"
    limit = os.environ.get(MEMORY_ENV) or MEMORY_LIMIT
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit, flags=re.IGNORECASE):
        raise ValueError(f"{MEMORY_ENV}={limit!r}: give a size such as 600MB or 1GB")
    spill = str(state.resolve() / SPILL_FOLDER).replace("'", "''")
    con.execute(f"set memory_limit = '{limit}'; set temp_directory = '{spill}'")


def migrations(folder: Path = MIGRATIONS_DIR) -> dict[int, Path]:
    """The schema's history: `NNN_what_changed.sql`, applied in order of NNN."""
    found = {}
    for path in folder.glob("*.sql"):
        match = re.match(r"^(\d+)_", path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'main' and table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, folder: Path = MIGRATIONS_DIR) -> int:
    """Apply the migrations the file has not seen, all in one transaction; the version reached."""
    con.execute("begin")
    try:
        current = schema_version(con)
        for version, path in migrations(folder).items():
            if version > current:
                con.execute(path.read_text(encoding="utf-8"))
                con.execute("insert into schema_version values (?, ?)", [version, now()])
                current = version
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return current


def now() -> datetime:
    return datetime.now(UTC)


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


def registered_status(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    rows = con.execute(
        "select status from submissions where submission_id = ?", [sha256]
    ).fetchall()
    return rows[0][0] if rows else None  # fetched whole: no open result before a register()


def is_registered(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return registered_status(con, sha256) is not None


def intake_register(con: duckdb.DuckDBPyConnection) -> Register:
    """What intake needs to know of the register: files already read, submissions registered,
    and the tables each partner's accepted files brought for each month."""
    tables: dict[tuple[str, str], set[str]] = {}
    for partner, period, names in con.execute(
        "select partner_id, period, tables from submissions "
        "where status in ('accepted', 'accepted_with_warnings', 'held') and period is not null"
    ).fetchall():
        tables.setdefault((partner, period), set()).update(names)
    return Register(
        arrivals={
            tuple(r) for r in con.execute("select inbox_path, file_sha256 from arrivals").fetchall()
        },
        submissions={r[0] for r in con.execute("select submission_id from submissions").fetchall()},
        tables=tables,
    )


def is_locked(con: duckdb.DuckDBPyConnection, period: str | None) -> bool:
    held = con.execute(
        "select count(*) from locks where period = ? and unlocked_at is null", [period]
    ).fetchone()
    return held[0] > 0


def load_submission(
    con: duckdb.DuckDBPyConnection, sub: Submission, key: bytes, *, shared_codes: bool
) -> str:
    """One submission loaded as `load_submissions` loads a run's; the status registered."""
    return load_submissions(con, [sub], key, shared_codes=shared_codes)[0]


def load_submissions(
    con: duckdb.DuckDBPyConnection, subs: list[Submission], key: bytes, *, shared_codes: bool
) -> list[str]:
    """Register the submissions and, unless rejected, their rows, in one transaction: all of
    them or nothing. Loading a file again changes nothing. A file for a locked period is kept
    but `held`: its rows wait for the lock to be lifted. The statuses registered, in order.
    Rows are inserted once per table for the whole batch: per-file inserts cost more than the
    rows themselves."""
    statuses: list[str] = []
    rows: dict[str, list[pd.DataFrame]] = {}
    keys: dict[tuple[str, str], str | None] = {}
    con.execute("begin")
    try:
        for sub in subs:
            record_arrival(con, sub)
            known = registered_status(con, sub.submission_id)
            if known is not None:
                statuses.append("duplicate" if sub.duplicate_of else known)
                continue
            statuses.append(register(con, sub))
            if sub.status != "rejected":
                scope = "shared" if shared_codes else (sub.partner_id or "")
                for table, frame in sub.tables.items():
                    rows.setdefault(table, []).append(
                        raw_frame(table, frame, sub.submission_id, key, scope, keys)
                    )
        for table, frames in rows.items():
            insert_frame(con, f"raw_{table}", pd.concat(frames, ignore_index=True))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return statuses


def record_outstanding(con: duckdb.DuckDBPyConnection, subs: list[Submission]) -> None:
    """The tables still owed, again, for submissions registered before the rest of their run
    was read (a later batch brought a table of the same partner and month)."""
    if not subs:
        return
    con.executemany(
        "update submissions set outstanding = ? where submission_id = ?",
        [[sub.outstanding, sub.submission_id] for sub in subs],
    )


def record_arrival(con: duckdb.DuckDBPyConnection, sub: Submission) -> None:
    """Every inbox file read, a duplicate too: it is never read again, nor skipped unsaid."""
    if sub.inbox_path is None:
        return
    con.execute(
        "insert into arrivals values (?, ?, ?, ?, ?)",
        [sub.inbox_path, sub.sha256, sub.submission_id, sub.duplicate_of is not None, now()],
    )


def register(con: duckdb.DuckDBPyConnection, sub: Submission) -> str:
    """The submission and its problems in the register; the status it gets."""
    status = "held" if sub.status != "rejected" and is_locked(con, sub.period) else sub.status
    con.execute(
        "insert into submissions (submission_id, partner_id, period, name_as_received, size_bytes, file_format, "
        "received_at, registered_at, status, tables, reasons, validation_status, file_sha256, "
        "outstanding) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            sub.submission_id,
            sub.partner_id,
            sub.period,
            "" if refused_for_personal_data(sub) else sub.name_as_received,
            sub.size_bytes,
            sub.file_format,
            sub.received_at,
            now(),
            status,
            sorted(sub.tables),
            json.dumps([p.rule for p in sub.errors]),
            sub.status,
            sub.sha256,
            sub.outstanding,
        ],
    )
    if sub.problems:
        con.executemany(
            "insert into problems values (?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    sub.submission_id,
                    p.severity,
                    p.rule,
                    p.sheet,
                    p.row,
                    p.column,
                    json.dumps(p.params, default=str),
                ]
                for p in sub.problems
            ],
        )
    return status


def raw_frame(
    table: str,
    frame: pd.DataFrame,
    submission_id: str,
    key: bytes,
    scope: str,
    keys: dict[tuple[str, str], str | None] | None = None,
) -> pd.DataFrame:
    """The rows as the raw table holds them; user codes replaced by their keyed hashes (`keys`
    remembers the hashes already computed in this batch)."""
    out = frame.copy()
    if "user_code" in out:
        codes = out.pop("user_code").astype(object)
        known = {} if keys is None else keys
        hashes = {}
        for code in codes.dropna().unique():
            if (scope, code) not in known:
                known[(scope, code)] = user_key(key, scope, code)
            hashes[code] = known[(scope, code)]
        out["user_key"] = codes.map(hashes).where(codes.notna(), None)
    for column in RAW_COLUMNS[table]:
        if column not in out:
            out[column] = None
    out.insert(0, "submission_id", submission_id)
    return out[["submission_id", "sheet", "sheet_row", *RAW_COLUMNS[table]]]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("incoming", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming")
    finally:
        con.unregister("incoming")


def record_config(con: duckdb.DuckDBPyConnection, config: Consortium) -> None:
    """Copy the consortium.yaml facts the marts need (partners, sites, deadlines, targets) into
    the warehouse, replacing the previous copy, so SQL alone can compute every figure."""
    frames = {
        "config_partners": pd.DataFrame(
            [
                (p.id, p.name, p.country, p.reports_from, p.reports_until, list(p.tables))
                for p in config.partners
            ],
            columns=[
                "partner_id",
                "partner_name",
                "country",
                "reports_from",
                "reports_until",
                "tables",
            ],
        ),
        "config_sites": pd.DataFrame(
            [
                (p.id, s.id, s.name, s.kind, s.places, s.capacity)
                for p in config.partners
                for s in p.sites
            ],
            columns=["partner_id", "site_id", "site_name", "site_kind", "places", "capacity"],
        ),
        "config_reporting": pd.DataFrame(
            [
                (
                    config.reporting.deadline_day,
                    config.reporting.schedule.timezone,
                    config.reporting.shared_user_codes,
                )
            ],
            columns=["deadline_day", "timezone", "shared_user_codes"],
        ),
        "config_grant_periods": pd.DataFrame(
            [(g.id, g.name, g.start, g.end) for g in config.grant_periods],
            columns=["grant_period_id", "grant_period_name", "first_period", "last_period"],
        ),
        "config_targets": pd.DataFrame(
            [
                (g.id, indicator, target)
                for g in config.grant_periods
                for indicator, target in g.targets.items()
            ],
            columns=["grant_period_id", "indicator_id", "target"],
        ),
    }
    for table, frame in frames.items():
        con.execute(f"delete from {table}")
        insert_frame(con, table, frame)


CODED_COLUMNS = {
    table: [c for c in columns if f"{c}_text" in columns] for table, columns in RAW_COLUMNS.items()
}


def reclassify(con: duckdb.DuckDBPyConnection, config: Consortium) -> int:
    """Classify again the partner's own words kept beside every code, with today's keyword rules
    and each partner's mapping in consortium.yaml: a value mapped once is counted right in every
    month already loaded, without a resubmission. The number of rows changed."""
    vocab = vocabulary()
    changed = 0
    for table, columns in CODED_COLUMNS.items():
        spec = vocab.tables[table]
        for column in columns:
            code_set = spec.columns[column].codes
            texts = con.execute(
                f"select distinct s.partner_id, r.{column}_text from raw_{table} as r "
                "join submissions as s using (submission_id) "
                f"where r.{column}_text is not null"
            ).fetchall()
            codes = pd.DataFrame(
                [
                    (
                        partner,
                        text,
                        vocab.classify(code_set, text, mapping_of(config, partner, code_set)),
                    )
                    for partner, text in texts
                ],
                columns=["partner_id", "text", "code"],
            )
            if codes.empty:
                continue
            con.register("codes", codes)
            try:
                changed += con.execute(
                    f"update raw_{table} set {column} = codes.code from codes, submissions "
                    f"where raw_{table}.submission_id = submissions.submission_id "
                    "and submissions.partner_id = codes.partner_id "
                    f"and raw_{table}.{column}_text = codes.text "
                    f"and raw_{table}.{column} is distinct from codes.code"
                ).fetchone()[0]
            finally:
                con.unregister("codes")
    return changed


def mapping_of(config: Consortium, partner_id: str, code_set: str) -> dict[str, str]:
    partner = config.partner(partner_id)
    return partner.mapping.code_values(code_set) if partner else {}


@contextmanager
def staged_warehouse(ws: Workspace) -> Iterator[Path]:
    """A copy of the warehouse for a run to write, holding this run's consortium.yaml facts; it
    replaces the real one only if the run succeeds, so a failed or killed run leaves the
    warehouse as it was. The warehouse it copies is verified first, and kept as the previous
    good copy when the new one replaces it."""
    ws.state.mkdir(parents=True, exist_ok=True)
    verify_warehouse(ws)
    stage = ws.state / "warehouse.staging.duckdb"
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        if ws.warehouse.exists():
            shutil.copyfile(ws.warehouse, stage)
        with connect(stage) as con:
            record_config(con, ws.config)
            reclassify(con, ws.config)
        yield stage
    except BaseException:
        if not ws.commit_record.is_file():  # a swap under way keeps its stage to finish it
            for leftover in (stage, stage.with_name(stage.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise
    replace_warehouse(ws, stage)
