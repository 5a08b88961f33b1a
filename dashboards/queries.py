"""Named queries: each chart and table of the site reads one .sql file under queries/, so a reader
can see where every number on a page comes from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

QUERIES_DIR = Path(__file__).with_name("queries")


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """The result of queries/<name>.sql, given the `$name` parameters it uses."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return con.execute(sql, {key: value for key, value in params.items() if f"${key}" in sql}).df()
