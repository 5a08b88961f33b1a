"""Build the SQL models under transforms/models in dependency order.

A model is one SELECT in a file named after the table it makes; a model depends on every other
model whose name it mentions. The runner wraps each in `create or replace table`.
"""

from __future__ import annotations

import re
from datetime import datetime
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

MODELS_DIR = Path(__file__).with_name("models")


def model_files(models_dir: Path = MODELS_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(models_dir.glob("*.sql"))}


def build_order(models: dict[str, Path]) -> list[str]:
    graph = {
        name: {other for other in models if other != name and re.search(rf"\b{other}\b", strip_comments(path.read_text()))}
        for name, path in models.items()
    }
    return list(TopologicalSorter(graph).static_order())


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def build_models(con: duckdb.DuckDBPyConnection, *, as_of: datetime | None = None,
                 models_dir: Path = MODELS_DIR) -> list[str]:
    """Materialise every model, in one transaction; the names built, in order."""
    models = model_files(models_dir)
    order = build_order(models)
    con.execute("set variable as_of = ?", [as_of])
    con.execute("begin")
    try:
        for name in order:
            con.execute(f"create or replace table {name} as {models[name].read_text(encoding='utf-8')}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return order
