"""Pure functions from a mart's DataFrame to a Plotly figure: testable without a browser."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def monthly_by_partner(frame: pd.DataFrame, measure: str, title: str, unit: str) -> go.Figure:
    """One stacked bar per month, one colour per partner."""
    figure = go.Figure()
    for index, (partner, rows) in enumerate(frame.groupby("partner_id", sort=True)):
        figure.add_bar(
            x=rows["period"], y=rows[measure], name=partner, marker_color=PALETTE[index % len(PALETTE)],
            hovertemplate=f"%{{x}}<br>{partner}: %{{y:,.1f}} {unit}<extra></extra>",
        )
    figure.update_layout(
        title=title, barmode="stack", template="plotly_white", legend_title_text="",
        xaxis_title="month", yaxis_title=unit, margin=dict(l=60, r=20, t=60, b=50),
    )
    return figure
