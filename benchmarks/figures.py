"""The headline figures both contenders must agree on, per partner over the whole range.

The pipeline's come from its warehouse through transforms.figures, the API behind
`consortium figures`; the naive peer's from the JSON it writes. Sessions, meetings, trainings
and people are counts and must be equal; hours may differ only by float rounding. A figure of a
partner without a table of it in force is not reported (None) on both sides, never 0.
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


Figures = dict[str, dict[str, float | None]]


def pipeline_figures(warehouse: Path, first: str, last: str) -> Figures:
    """Each partner's headline figures from the warehouse, through transforms.figures (what
    `consortium figures` prints), people counted once over the range; None where not reported."""
    from transforms.figures import figures_by, plain_records

    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = figures_by(con, first, last, "partner")
    return {
        row["group_id"]: {
            name: None if row[name] is None else float(row[name]) for name in HEADLINE
        }
        for row in plain_records(frame)
    }


def agree(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def differences(ours: Figures, peer: Figures) -> list[str]:
    """Every partner and figure where the two disagree, in words; empty when they agree. A
    partner one side does not list reported nothing there."""
    found = []
    for partner in sorted(set(ours) | set(peer)):
        for name in HEADLINE:
            a = ours.get(partner, {}).get(name)
            b = peer.get(partner, {}).get(name)
            if not agree(a, b):
                found.append(f"{partner} {name}: pipeline {a}, naive peer {b}")
    return found


def comparison(ours: Figures, peer: Figures, first: str, last: str) -> dict[str, Any]:
    diffs = differences(ours, peer)
    totals = {
        name: round(sum(f[name] for f in ours.values() if f[name] is not None), 2)
        for name in HEADLINE
    }
    return {
        "same": not diffs,
        "compared": list(HEADLINE),
        "from": first,
        "to": last,
        "partners": len(ours),
        "pipeline_totals": totals,
        "differences": diffs,
    }
