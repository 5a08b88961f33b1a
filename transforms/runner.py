"""Build the SQL models under transforms/models in dependency order.

A model is one SELECT in a file named after the table it makes; a model depends on every other
model whose name it mentions. The runner wraps each in `create or replace table`. Figures as of a
past date are computed from the same models built as temporary tables, which shadow the stored
ones for that connection until the block ends.

Most rows sit in the models of partner-months (the staging of raw rows and what is built on it),
and a run usually brings one partner's month. So the stored build keeps, per partner-month, a
digest of what its models are built from (`partner_month_inputs.sql`) and rebuilds only the
partner-months whose digest changed: their rows are deleted and built again by the same SQL,
which then reads, through temporary views shadowing its sources, only those partner-months. A
change to any model, to the consortium.yaml facts or to the kinds of models built is a full
build; so is a build as of a past date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

MODELS_DIR = Path(__file__).with_name("models")
INPUTS_SQL = Path(__file__).with_name("partner_month_inputs.sql")

# Models rebuilt per partner-month. The staging of a raw table holds rows by submission (it reads
# the raw table's rows of the changed partner-months' submissions); the others hold partner_id and
# period, and read the changed partner-months of `int_tables_in_force`. Any other model one of
# these reads must be one of them too, or the rebuild would read all its partner-months.
BY_SUBMISSION = {
    f"staging_{table}": f"raw_{table}"
    for table in ("counselling", "groups", "housing", "people", "trainings")
}
BY_PARTNER_MONTH = (
    "int_counselling_in_force",
    "int_groups_in_force",
    "int_housing_in_force",
    "int_people_in_force",
    "int_trainings_in_force",
    "int_partner_month_topics",
    "mart_housing_unit_months",
    "mart_person_months",
    "mart_partner_months",
)
IN_FORCE = "int_tables_in_force"
# What the last stored build was made from: one row (the fingerprint of the models and the
# consortium.yaml facts) and the digest of each partner-month's inputs.
STATE_TABLE = "model_build_state"
INPUTS_TABLE = "model_build_inputs"
CONFIG_TABLES = (
    "config_partners",
    "config_sites",
    "config_reporting",
    "config_grant_periods",
    "config_targets",
)


@dataclass(frozen=True)
class Build:
    """What a build made: the models in order, and the partner-months it rebuilt (None: all)."""

    models: list[str]
    partner_months: list[tuple[str, str]] | None


def model_files(models_dir: Path = MODELS_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(models_dir.glob("*.sql"))}


def dependencies(models: dict[str, Path]) -> dict[str, set[str]]:
    """Each model with the models it reads."""
    return {
        name: {
            other
            for other in models
            if other != name and re.search(rf"\b{other}\b", strip_comments(path.read_text()))
        }
        for name, path in models.items()
    }


def build_order(models: dict[str, Path]) -> list[str]:
    return list(TopologicalSorter(dependencies(models)).static_order())


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def create_models(
    con: duckdb.DuckDBPyConnection,
    models_dir: Path,
    *,
    temporary: bool,
    only: set[str] | None = None,
) -> list[str]:
    models = model_files(models_dir)
    order = build_order(models)
    kind = "temp table" if temporary else "table"
    for name in order:
        if only is None or name in only:
            con.execute(f"create or replace {kind} {name} as {model_sql(models[name])}")
    return order


def model_sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def build_models(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: datetime | None = None,
    models_dir: Path = MODELS_DIR,
) -> Build:
    """Materialise the models, in one transaction: the partner-months whose inputs changed since
    the last build, or all of them. The marts read the consortium.yaml facts the load recorded
    (`load.warehouse.record_config`)."""
    con.execute("set variable as_of = ?", [as_of])
    con.execute("begin")
    try:
        build = build_in_transaction(con, models_dir, as_of=as_of)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.execute("reset variable as_of")
    return build


def build_in_transaction(
    con: duckdb.DuckDBPyConnection, models_dir: Path, *, as_of: datetime | None
) -> Build:
    models = model_files(models_dir)
    if as_of is not None or not incremental_models(models):
        # built as of a moment, the stored models are not what the register holds now
        con.execute(f"drop table if exists {STATE_TABLE}")
        return Build(create_models(con, models_dir, temporary=False), None)
    fingerprint = build_fingerprint(con, models)
    con.execute(f"create or replace temp table partner_month_inputs as {model_sql(INPUTS_SQL)}")
    changed = changed_partner_months(con, models, fingerprint)
    if changed is None:
        order = create_models(con, models_dir, temporary=False)
    else:
        order = rebuild_partner_months(con, models, changed)
    con.execute(f"create or replace table {INPUTS_TABLE} as select * from partner_month_inputs")
    con.execute(f"create or replace table {STATE_TABLE} as select ? as fingerprint", [fingerprint])
    con.execute("drop table temp.partner_month_inputs")
    return Build(order, changed)


def incremental_models(models: dict[str, Path]) -> set[str]:
    """The models of partner-months among `models`, when the whole set is there to rebuild."""
    wanted = {*BY_SUBMISSION, *BY_PARTNER_MONTH, IN_FORCE}
    return wanted - {IN_FORCE} if wanted <= set(models) else set()


def build_fingerprint(con: duckdb.DuckDBPyConnection, models: dict[str, Path]) -> str:
    """The models' SQL, the digest's SQL and the consortium.yaml facts the load recorded: when
    any of them changed, every partner-month is rebuilt."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path in [*models.values(), INPUTS_SQL]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    tables = stored_tables(con)
    for table in CONFIG_TABLES:
        if table in tables:
            rows = con.execute(f"select * from {table} order by all").fetchall()  # noqa: S608
            digest.update(table.encode() + repr(rows).encode())
    return digest.hexdigest()


def stored_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and database_name = current_database()"
        ).fetchall()
    }


def changed_partner_months(
    con: duckdb.DuckDBPyConnection, models: dict[str, Path], fingerprint: str
) -> list[tuple[str, str]] | None:
    """The partner-months whose inputs differ from the last build's; None when every one must be
    rebuilt (no earlier build, a model missing, or the models or consortium.yaml changed)."""
    tables = stored_tables(con)
    if not {STATE_TABLE, INPUTS_TABLE, *models} <= tables:
        return None
    last = con.execute(f"select fingerprint from {STATE_TABLE}").fetchone()
    if last is None or last[0] != fingerprint:
        return None
    return con.execute(
        f"""
        select partner_id, period
        from partner_month_inputs as now
        full outer join {INPUTS_TABLE} as last using (partner_id, period)
        where now.inputs_digest is distinct from last.inputs_digest
        order by period, partner_id
        """  # noqa: S608
    ).fetchall()


def rebuild_partner_months(
    con: duckdb.DuckDBPyConnection, models: dict[str, Path], changed: list[tuple[str, str]]
) -> list[str]:
    """Build the models that are not per partner-month whole, and those that are only for the
    `changed` partner-months: each built into a temporary table of its own name from sources
    narrowed to those partner-months, then swapped for their stored rows."""
    graph = dependencies(models)
    order = list(TopologicalSorter(graph).static_order())
    incremental = incremental_models(models)
    after = downstream(graph, incremental) - incremental
    before = [name for name in order if name not in incremental and name not in after]
    for name in before:
        con.execute(f"create or replace table {name} as {model_sql(models[name])}")
    stored = f"{current_database(con)}.main"
    narrow_sources(con, stored, changed)
    heavy = [name for name in order if name in incremental]
    for name in heavy:
        con.execute(f"create temp table {name} as {model_sql(models[name])}")
    for name in heavy:
        con.execute(delete_changed(stored, name))
        con.execute(f"insert into {stored}.{name} select * from temp.{name}")  # noqa: S608
    for name in heavy:
        con.execute(f"drop table temp.{name}")
    drop_narrowed_sources(con)
    for name in (n for n in order if n in after):
        con.execute(f"create or replace table {name} as {model_sql(models[name])}")
    return order


def downstream(graph: dict[str, set[str]], roots: set[str]) -> set[str]:
    """The models that read any of `roots`, directly or through others, and the roots."""
    found = set(roots)
    grew = True
    while grew:
        more = {name for name, reads in graph.items() if reads & found} - found
        found |= more
        grew = bool(more)
    return found


def current_database(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def narrow_sources(
    con: duckdb.DuckDBPyConnection, stored: str, changed: list[tuple[str, str]]
) -> None:
    """Temporary views, under the names the models read, holding only the changed
    partner-months: the raw rows of their submissions and the tables in force for them."""
    con.execute("create temp table changed_partner_months (partner_id varchar, period varchar)")
    if changed:
        con.executemany("insert into changed_partner_months values (?, ?)", changed)
    con.execute(
        "create temp table changed_submissions as "
        f"select submission_id from {stored}.submissions "  # noqa: S608
        "semi join changed_partner_months using (partner_id, period)"
    )
    for raw in BY_SUBMISSION.values():
        con.execute(
            f"create temp view {raw} as select * from {stored}.{raw} "  # noqa: S608
            "semi join changed_submissions using (submission_id)"
        )
    con.execute(
        f"create temp view {IN_FORCE} as select * from {stored}.{IN_FORCE} "  # noqa: S608
        "semi join changed_partner_months using (partner_id, period)"
    )


def drop_narrowed_sources(con: duckdb.DuckDBPyConnection) -> None:
    for view in (*BY_SUBMISSION.values(), IN_FORCE):
        con.execute(f"drop view temp.{view}")
    con.execute("drop table temp.changed_submissions")
    con.execute("drop table temp.changed_partner_months")


def delete_changed(stored: str, name: str) -> str:
    """The stored rows of `name` that the rebuild replaces: by partner-month, or for a staging
    model, the rows of the changed partner-months' submissions and of submissions gone from the
    register."""
    if name in BY_SUBMISSION:
        return (
            f"delete from {stored}.{name} "  # noqa: S608
            "where submission_id in (select submission_id from changed_submissions) "
            f"or submission_id not in (select submission_id from {stored}.submissions)"
        )
    return (
        f"delete from {stored}.{name} as stored_rows using changed_partner_months as changed "  # noqa: S608
        "where stored_rows.partner_id = changed.partner_id "
        "and stored_rows.period = changed.period"
    )


@contextmanager
def models_as_of(
    con: duckdb.DuckDBPyConnection, as_of: datetime | None, models_dir: Path = MODELS_DIR
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Inside the block, every model reads as it stood at `as_of` (only submissions received,
    and released from a lock, by then); the stored tables are untouched. None: the stored models."""
    if as_of is None:
        yield con
        return
    con.execute("set variable as_of = ?", [as_of])
    con.execute("begin")
    try:
        create_models(con, models_dir, temporary=True)
        yield con
    finally:
        con.execute("rollback")
        con.execute("reset variable as_of")


def partner_month_digests(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]] | None:
    """Each partner-month with a digest of what it was last built from (its submissions and
    their rows), in order. None when the stored models were not built per partner-month (as of
    a past moment)."""
    if not {STATE_TABLE, INPUTS_TABLE} <= stored_tables(con):
        return None
    return [
        (partner_id, period, str(digest))
        for partner_id, period, digest in con.execute(
            f"select partner_id, period, inputs_digest from {INPUTS_TABLE} order by all"  # noqa: S608
        ).fetchall()
    ]


def partner_inputs(con: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """A digest per partner of what its partner-months were last built from: what a page about
    one partner depends on in the warehouse. None when the stored models were not built per
    partner-month."""
    rows = partner_month_digests(con)
    if rows is None:
        return None
    months: dict[str, list[str]] = {}
    for partner_id, period, digest in rows:
        months.setdefault(partner_id, []).append(f"{period}:{digest}")
    return {
        partner_id: hashlib.sha256(";".join(digests).encode()).hexdigest()
        for partner_id, digests in months.items()
    }
