"""The headline figures both contenders must agree on, per partner over the whole range.

The pipeline's come from its warehouse through transforms.figures, the API behind
`consortium figures`; the naive peer's from the JSON it writes. Sessions, meetings, trainings
and people are counts and must be equal; hours may differ only by float rounding.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb

HEADLINE = (
    "counselling_sessions",
    "counselling_hours",
    "group_meetings",
    "trainings",
    "people_distinct",
)


def pipeline_figures(warehouse: Path, first: str, last: str) -> dict[str, dict[str, float]]:
    """Each partner's headline figures from the warehouse, through transforms.figures (what
    `consortium figures` prints), people counted once over the range."""
    from transforms.figures import figures_by

    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = figures_by(con, first, last, "partner")
    return {
        row["group_id"]: {name: float(row[name] or 0) for name in HEADLINE}
        for _, row in frame.iterrows()
    }


def differences(ours: dict[str, dict[str, float]], peer: dict[str, dict[str, float]]) -> list[str]:
    """Every partner and figure where the two disagree, in words; empty when they agree."""
    found = []
    for partner in sorted(set(ours) | set(peer)):
        for name in HEADLINE:
            a = ours.get(partner, {}).get(name, 0.0)
            b = peer.get(partner, {}).get(name, 0.0)
            if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6):
                found.append(f"{partner} {name}: pipeline {a:g}, naive peer {b:g}")
    return found


def comparison(
    ours: dict[str, dict[str, float]], peer: dict[str, dict[str, float]], first: str, last: str
) -> dict[str, Any]:
    diffs = differences(ours, peer)
    totals = {name: round(sum(f[name] for f in ours.values()), 2) for name in HEADLINE}
    return {
        "same": not diffs,
        "compared": list(HEADLINE),
        "from": first,
        "to": last,
        "partners": len(ours),
        "pipeline_totals": totals,
        "differences": diffs,
    }
