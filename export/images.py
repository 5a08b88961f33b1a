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

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SIZE = {"width": 1000, "height": 560}
FORMATS = ("png", "svg")


def monthly_by_partner(
    frame: pd.DataFrame, measure: str, title: str, month: str, unit: str
) -> go.Figure:
    """One stacked bar per month, one colour per partner."""
    figure = go.Figure()
    for index, (partner, rows) in enumerate(frame.groupby("partner_id", sort=True)):
        figure.add_bar(
            x=rows["period"],
            y=rows[measure],
            name=partner,
            marker_color=PALETTE[index % len(PALETTE)],
        )
    figure.update_layout(
        title=title,
        barmode="stack",
        template="plotly_white",
        xaxis_title=month,
        yaxis_title=unit,
        xaxis_type="category",
    )
    return figure


def targets_achieved(summary: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """One bar per indicator with a target: the share reached, 100 % marked."""
    rows = summary[pd.to_numeric(summary["achieved_pct"], errors="coerce").notna()]
    figure = go.Figure(
        go.Bar(
            y=rows["indicator"],
            x=rows["achieved_pct"].astype(float),
            orientation="h",
            marker_color=PALETTE[0],
            text=rows["achieved_pct"].astype(float),
            texttemplate="%{text:.0f} %",
        )
    )
    figure.add_vline(x=100, line_dash="dash", line_color=PALETTE[5])
    figure.update_layout(
        title=title,
        template="plotly_white",
        xaxis_title=unit,
        yaxis_autorange="reversed",
        margin={"l": 260},
    )
    return figure


def report_charts(report: Report) -> dict[str, go.Figure]:
    """The charts of a report by file stem; hours and meetings only while they are not suppressed."""
    words = report.words["charts"]
    charts = {
        "targets": targets_achieved(
            report.tables["summary"].frame, words["targets"], words["percent"]
        )
    }
    if not report.consortium.reporting.suppress_hours:
        charts["counselling_hours"] = monthly_by_partner(
            report.partner_months,
            "counselling_hours",
            words["counselling_hours"],
            words["month"],
            words["hours"],
        )
        charts["group_meetings"] = monthly_by_partner(
            report.partner_months,
            "group_meetings",
            words["group_meetings"],
            words["month"],
            words["meetings"],
        )
    return charts


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
