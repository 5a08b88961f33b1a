"""The report's charts as PNG and SVG, drawn by plotly through kaleido and Chromium.

Starting Chromium costs seconds; one image server renders the whole batch. Charts show only
hours, meetings and the share of targets reached, never counts of people, so they need no
disclosure control of their own; the targets chart leaves out every hidden figure.
"""

from __future__ import annotations

from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go

from export.tables import Report
from publish import charts
from publish.labels import Labels

SIZE = {"width": 1000, "height": 560}
FORMATS = ("png", "svg")


def achieved(report: Report) -> pd.DataFrame:
    """The share of its target each indicator reached, for those with a target and not hidden."""
    summary = report.tables["summary"].frame
    shares = pd.to_numeric(summary["achieved_pct"], errors="coerce")
    rows = summary[shares.notna()]
    return pd.DataFrame(
        {
            "figure": rows["indicator"].to_list(),
            "achieved": (shares[shares.notna()] / 100).to_list(),
        }
    )


def report_charts(report: Report) -> dict[str, go.Figure]:
    """The charts of a report by file stem; hours and meetings only while they are not suppressed."""
    words = report.words["charts"]
    labels = Labels(report.language)
    drawn = {
        "targets": charts.achieved_vs_target(achieved(report), words["targets"], labels=labels)
    }
    if not report.consortium.reporting.suppress_hours:
        names = {p.id: p.name for p in report.consortium.partners}
        for measure, unit in (("counselling_hours", "hours"), ("group_meetings", "meetings")):
            drawn[measure] = charts.monthly_by_partner(
                report.partner_months,
                measure,
                words[measure],
                words[unit],
                labels=labels,
                names=names,
            )
    return drawn


def write_images(charts: dict[str, go.Figure], folder: Path) -> list[Path]:
    """Every chart as PNG and SVG, rendered by one image server for the batch."""
    specs = [
        {"fig": figure, "path": folder / f"{stem}.{fmt}", "opts": {"format": fmt, **SIZE}}
        for stem, figure in sorted(charts.items())
        for fmt in FORMATS
    ]
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    try:
        kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    return [spec["path"] for spec in specs]
