"""The workspace's DuckDB file: schema migrated on open, one transaction per submission, user
codes only as keyed hashes, and submissions for an approved (locked) period held, not applied.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from collect.intake import Register
from collect.quarantine import refused_for_personal_data
from core.config import Consortium, Workspace, person_of_code
from core.secrets import file_secrets, secrets_file
from core.submission import Problem, Submission, table_rows
from core.vocabulary import vocabulary
from load.integrity import damaged, is_damage, replace_warehouse, verify_warehouse, workspace_of

# A flag per row saying whether its sheet has a column at all: a blank cell and a column the
# partner does not keep mean different things (nobody housed, or nothing said of housing).
REPORTED_COLUMNS = {
    "people": {
        "housing_unit_reported": "housing_unit",
        "group_meetings_reported": "group_meetings",
    }
}
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
        *REPORTED_COLUMNS["people"],
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


class MissingPseudonymKey(LookupError):
    """The warehouse holds people under codes hashed with a key that is no longer there."""


class WrongPseudonymKey(LookupError):
    """The warehouse holds people under codes hashed with another key than the one given."""


def pseudonym_key(ws: Workspace, con: duckdb.DuckDBPyConnection | None = None) -> bytes:
    """The key for user-code hashes, checked against the warehouse (`con`) when given: one that
    holds people hashed with another key would count each of them again as someone new."""
    key = given_pseudonym_key(ws, con)
    if con is not None:
        check_pseudonym_key(ws, con, key)
    return key


def given_pseudonym_key(ws: Workspace, con: duckdb.DuckDBPyConnection | None) -> bytes:
    """From the environment, the secrets file beside the workspace, or a key file beside it,
    made on first use. Never made anew for a warehouse (`con`) that already holds hashed codes:
    every person would be counted again as someone new."""
    if given := os.environ.get(KEY_ENV) or file_secrets(ws).get(KEY_ENV):
        return given.encode()
    if not ws.key_file.exists():
        if con is not None and holds_user_keys(con):
            raise MissingPseudonymKey(
                f"{ws.key_file}: the pseudonym key is missing, but {ws.warehouse} holds people "
                f"under codes made with it; a new key would count each of them again as someone "
                f"new. Put the key file back (from the backup of the workspace and the files "
                f"beside it) or set {KEY_ENV}."
            )
        ws.key_file.write_text(secrets.token_hex(32))
        ws.key_file.chmod(0o600)
    return ws.key_file.read_text().strip().encode()


def check_pseudonym_key(ws: Workspace, con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """The key's check value recorded on first use; another key refused while people are held."""
    check = hmac.digest(key, b"consortium pseudonym key check", "sha256").hex()[:24]
    stored = con.execute("select check_value from pseudonym_key_check").fetchone()
    if stored is not None and stored[0] == check:
        return
    if stored is not None and holds_user_keys(con):
        raise WrongPseudonymKey(
            f"{ws.warehouse} holds people under codes made with another pseudonym key than the "
            f"one given ({KEY_ENV} in the environment or in {secrets_file(ws)}, else "
            f"{ws.key_file}); with this one each of them would be counted again as someone new. "
            f"Give the key the warehouse was built with."
        )
    con.execute("delete from pseudonym_key_check")
    con.execute("insert into pseudonym_key_check values (?)", [check])


def holds_user_keys(con: duckdb.DuckDBPyConnection) -> bool:
    return any(
        con.execute(f"select exists(from {table} where user_key is not null)").fetchone()[0]
        for table in ("raw_people", "raw_counselling")
    )


def user_key(key: bytes, scope: str, code: object) -> str | None:
    """A person's keyed hash within its scope; a client number is the same person however many
    zeros lead it (007 typed as text, 7 in a cell formatted to show 007)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return None
    message = f"{scope}:{person_of_code(str(code))}".encode()
    return hmac.digest(key, message, "sha256").hex()[:24]


def registered_statuses(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """The status of each of `ids` the register holds."""
    found = con.execute(
        "select submission_id, status from submissions where submission_id in (select unnest(?))",
        [ids],
    ).fetchall()
    return dict(found)


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
    return period in locked_periods(con)


def locked_periods(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0] for r in con.execute("select period from locks where unlocked_at is null").fetchall()
    }


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
    Each table (the register's and the raw rows) gets one insert for the whole batch: per-file
    statements cost more than the rows themselves."""
    con.execute("begin")
    try:
        known = registered_statuses(con, [sub.submission_id for sub in subs])
        locked = locked_periods(con)
        statuses: list[str] = []
        new: list[tuple[Submission, str]] = []
        for sub in subs:
            if sub.submission_id in known:
                statuses.append("duplicate" if sub.duplicate_of else known[sub.submission_id])
                continue
            sub.held = sub.status != "rejected" and sub.period in locked
            if sub.held:
                sub.problems[:] = [held_wording(p) for p in sub.problems]
            status = sub.status
            known[sub.submission_id] = status
            new.append((sub, status))
            statuses.append(status)
        insert_frame(con, "arrivals", arrival_rows(subs))
        insert_frame(con, "submissions", submission_rows(new))
        insert_frame(con, "problems", problem_rows([sub for sub, _ in new]))
        loaded = [sub for sub, _ in new if sub.status != "rejected"]
        for table in sorted({t for sub in loaded for t in sub.tables}):
            insert_frame(
                con, f"raw_{table}", raw_rows(table, loaded, key, shared_codes=shared_codes)
            )
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


def arrival_rows(subs: list[Submission]) -> pd.DataFrame:
    """Every inbox file read, a duplicate too: it is never read again, nor skipped unsaid."""
    read = [sub for sub in subs if sub.inbox_path is not None]
    return pd.DataFrame(
        {
            "inbox_path": [sub.inbox_path for sub in read],
            "file_sha256": [sub.sha256 for sub in read],
            "submission_id": [sub.submission_id for sub in read],
            "is_duplicate": [sub.duplicate_of is not None for sub in read],
            "read_at": pd.Series([now()] * len(read), dtype="datetime64[us, UTC]"),
        }
    )


# what a file held for a locked month will do once the month is reopened, said as what it does
HELD_RULES = {
    "tables_replaced": "tables_replaced_when_reopened",
    "housing_units_replaced": "housing_units_replaced_when_reopened",
}


def held_wording(problem: Problem) -> Problem:
    """A problem of a held file as it stands while its month is locked: the tables it replaces
    are replaced once the month is reopened, not now."""
    return replace(problem, rule=HELD_RULES.get(problem.rule, problem.rule))


def released_wording(problem: Problem) -> Problem:
    """A problem of a file released by an unlock, as said of a file counted."""
    back = {held: rule for rule, held in HELD_RULES.items()}
    return replace(problem, rule=back.get(problem.rule, problem.rule))


def submission_rows(new: list[tuple[Submission, str]]) -> pd.DataFrame:
    """The register's row of each new submission, with the status it gets."""
    return pd.DataFrame(
        {
            "submission_id": [sub.submission_id for sub, _ in new],
            "partner_id": pd.Series([sub.partner_id for sub, _ in new], dtype=object),
            "period": pd.Series([sub.period for sub, _ in new], dtype=object),
            "name_as_received": [
                "" if refused_for_personal_data(sub) else sub.name_as_received for sub, _ in new
            ],
            "size_bytes": pd.Series([sub.size_bytes for sub, _ in new], dtype="int64"),
            "file_format": pd.Series([sub.file_format for sub, _ in new], dtype=object),
            "received_at": pd.to_datetime([sub.received_at for sub, _ in new], utc=True),
            "registered_at": pd.Series([now()] * len(new), dtype="datetime64[us, UTC]"),
            "status": [status for _, status in new],
            "tables": [sorted(sub.tables) for sub, _ in new],
            "reasons": [json.dumps([p.rule for p in sub.errors]) for sub, _ in new],
            "validation_status": [sub.validation_status for sub, _ in new],
            "file_sha256": [sub.sha256 for sub, _ in new],
            "outstanding": [list(sub.outstanding) for sub, _ in new],
        }
    )


def problem_rows(subs: list[Submission]) -> pd.DataFrame:
    """Every problem of the submissions, by submission."""
    found = [(sub.submission_id, p) for sub in subs for p in sub.problems]
    return pd.DataFrame(
        {
            "submission_id": [sid for sid, _ in found],
            "severity": [p.severity for _, p in found],
            "rule": [p.rule for _, p in found],
            "sheet": pd.Series([p.sheet for _, p in found], dtype=object),
            "sheet_row": pd.Series([p.row for _, p in found], dtype="Int64"),
            "column_name": pd.Series([p.column for _, p in found], dtype=object),
            "params": [json.dumps(p.params, default=str) for _, p in found],
        }
    )


def raw_rows(table: str, subs: list[Submission], key: bytes, *, shared_codes: bool) -> pd.DataFrame:
    """The rows of `table` of every submission as the raw table holds them: user codes replaced
    by their keyed hashes, within the partner's scope unless codes are shared."""
    rows = table_rows(
        subs,
        table,
        submission_id=lambda sub: sub.submission_id,
        scope=lambda sub: "shared" if shared_codes else (sub.partner_id or ""),
        **{
            flag: lambda sub, column=column: column in sub.tables[table]
            for flag, column in REPORTED_COLUMNS.get(table, {}).items()
        },
    )
    if "user_code" in rows:
        rows["user_key"] = user_keys(rows["user_code"], rows["scope"], key)
    return rows.reindex(columns=["submission_id", "sheet", "sheet_row", *RAW_COLUMNS[table]])


def user_keys(codes: pd.Series, scopes: pd.Series, key: bytes) -> np.ndarray:
    """Each code's keyed hash within its scope, each distinct code of a scope hashed once;
    none where there is no code."""
    values = codes.to_numpy(dtype=object, na_value=None)
    hashed = np.full(len(values), None, dtype=object)
    for scope, rows in scopes.groupby(scopes, sort=False).indices.items():
        ids, distinct = pd.factorize(values[rows])
        keys = [user_key(key, scope, code) for code in distinct]
        hashed[rows] = np.array([*keys, None], dtype=object)[ids]
    return hashed


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
    for table, frame in config_frames(config).items():
        con.execute(f"delete from {table}")
        insert_frame(con, table, frame)


def shadow_grant_periods(con: duckdb.DuckDBPyConnection, config: Consortium) -> None:
    """Today's grant periods and targets of consortium.yaml over those the last run recorded,
    for a connection that only reads the warehouse (dashboards and exports made between runs):
    temporary tables of the same names, which the queries read first."""
    frames = config_frames(config)
    for table in ("config_grant_periods", "config_targets"):
        con.register("shadowed_frame", frames[table])
        try:
            con.execute(f"create or replace temp table {table} as from main.{table} limit 0")
            con.execute(f"insert into temp.{table} by name from shadowed_frame")
        finally:
            con.unregister("shadowed_frame")


def config_frames(config: Consortium) -> dict[str, pd.DataFrame]:
    """The consortium.yaml facts the marts need, a frame per config_ table."""
    return {
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
                (p.id, s.id, s.name, s.kind, s.places, s.capacity, s.opened, s.closed)
                for p in config.partners
                for s in p.sites
            ],
            columns=[
                "partner_id",
                "site_id",
                "site_name",
                "site_kind",
                "places",
                "capacity",
                "opened_on",
                "closed_on",
            ],
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
