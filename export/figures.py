"""The figures of a range of months as files a manager hands on to a funder."""

from __future__ import annotations

from pathlib import Path

import duckdb

from consortium.config import Workspace


def export_figures(ws: Workspace, con: duckdb.DuckDBPyConnection, first: str, last: str) -> Path:
    folder = ws.exports / f"{first}_{last}"
    folder.mkdir(parents=True, exist_ok=True)
    frame = con.execute(
        "select * from mart_partner_months where period between ? and ? order by period, partner_id", [first, last]
    ).df()
    target = folder / "partner_months.csv"
    frame.to_csv(target, index=False, lineterminator="\n", float_format="%.2f")
    return target
