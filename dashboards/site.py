"""The static dashboard site: HTML pages beside one shared local copy of plotly.js, so it opens
from disk with no network.
"""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dashboards import charts
from consortium.config import Workspace

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="plotly.min.js"></script>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}} .chart{{max-width:1100px}}</style>
</head><body>
<h1>{title}</h1>
<p>{subtitle}</p>
{body}
</body></html>
"""


def write_plotlyjs(site: Path) -> None:
    target = site / "plotly.min.js"
    if not target.exists():
        target.write_text(get_plotlyjs(), encoding="utf-8")


def figure_div(figure: go.Figure, div_id: str) -> str:
    return '<div class="chart">' + figure.to_html(include_plotlyjs=False, full_html=False, div_id=div_id) + "</div>"


def render_site(ws: Workspace, con: duckdb.DuckDBPyConnection, period: str) -> Path:
    ws.site.mkdir(parents=True, exist_ok=True)
    write_plotlyjs(ws.site)
    months = con.execute("select * from mart_partner_months where period <= ? order by period", [period]).df()
    body = figure_div(charts.monthly_by_partner(months, "counselling_hours", "Counselling hours per month", "hours"),
                      "counselling-hours")
    index = ws.site / "index.html"
    index.write_text(PAGE.format(lang=ws.config.language, title=html.escape(ws.config.name),
                                 subtitle=f"Up to {period}", body=body), encoding="utf-8")
    return index
