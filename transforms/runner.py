"""Build the SQL models under transforms/models in dependency order.

A model is one SELECT in a file named after the table it makes; a model depends on every other
model whose name it mentions. The runner wraps each in `create or replace table`. Figures as of a
past date are computed from the same models built as temporary tables, which shadow the stored
ones for that connection until the block ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

MODELS_DIR = Path(__file__).with_name("models")


def model_files(models_dir: Path = MODELS_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(models_dir.glob("*.sql"))}


def build_order(models: dict[str, Path]) -> list[str]:
    graph = {
        name: {
            other
            for other in models
            if other != name and re.search(rf"\b{other}\b", strip_comments(path.read_text()))
        }
        for name, path in models.items()
    }
    return list(TopologicalSorter(graph).static_order())


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def create_models(
    con: duckdb.DuckDBPyConnection, models_dir: Path, *, temporary: bool
) -> list[str]:
    models = model_files(models_dir)
    order = build_order(models)
    kind = "temp table" if temporary else "table"
    for name in order:
        con.execute(
            f"create or replace {kind} {name} as {models[name].read_text(encoding='utf-8')}"
        )
    return order


def build_models(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: datetime | None = None,
    models_dir: Path = MODELS_DIR,
) -> list[str]:
    """Materialise every model, in one transaction; the names built, in order. The marts read
    the consortium.yaml facts the load recorded (`load.warehouse.record_config`)."""
    con.execute("set variable as_of = ?", [as_of])
    con.execute("begin")
    try:
        order = create_models(con, models_dir, temporary=False)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.execute("reset variable as_of")
    return order


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
