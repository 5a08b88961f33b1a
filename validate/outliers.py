"""A partner's month compared with its own earlier months: figures far from its usual level are
worth a second look before they reach a grant report.

Monthly counts are small and skewed, and one bad month would inflate a standard deviation, so
the comparison is robust: distance from the median of earlier months, in units of the median
absolute deviation (MAD), never a plain z-score. An outlier is a warning, never an error.
"""

from __future__ import annotations

import pandas as pd

from core.submission import Problem, Submission
from core.vocabulary import vocabulary
from validate.derived import partner_header

MIN_HISTORY_MONTHS = 3
# 3.5 robust units is the usual cut-off for the MAD-based modified z-score (Iglewicz and Hoaglin).
ROBUST_LIMIT = 3.5
MAD_TO_SD = 1.4826
# Figures are counts and hours: a spread below one unit would flag ordinary wobble.
MIN_SPREAD = 1.0

# measure -> (table, column summed, or None to count rows)
MEASURES = {
    "counselling_sessions": ("counselling", None),
    "counselling_hours": ("counselling", "hours"),
    "group_meetings": ("groups", None),
    "activity_participants": ("groups", "participants"),
    "trainings": ("trainings", None),
    "training_hours": ("trainings", "hours"),
}


def month_figures(sub: Submission) -> dict[str, float]:
    """The submission's monthly totals of every measure its tables hold."""
    figures = {}
    for measure, (table, column) in MEASURES.items():
        frame = sub.tables.get(table)
        if frame is None or (column is not None and column not in frame):
            continue
        figures[measure] = float(
            len(frame) if column is None else pd.to_numeric(frame[column], errors="coerce").sum()
        )
    return figures


def robust_distance(value: float, earlier: pd.Series) -> float:
    """How many robust spreads `value` lies from the median of the earlier months."""
    median = earlier.median()
    spread = max(MAD_TO_SD * (earlier - median).abs().median(), MIN_SPREAD)
    return (value - median) / spread


def outlier_problems(sub: Submission, history: pd.DataFrame, language: str) -> list[Problem]:
    """Warnings for the measures of `sub` that lie far from the partner's earlier months."""
    if sub.period is None or history.empty:
        return []
    earlier = history[(history["partner_id"] == sub.partner_id) & (history["period"] < sub.period)]
    problems = []
    for measure, value in month_figures(sub).items():
        if measure not in earlier or earlier[measure].notna().sum() < MIN_HISTORY_MONTHS:
            continue
        months = earlier[measure].dropna().astype(float)
        distance = robust_distance(value, months)
        if abs(distance) > ROBUST_LIMIT:
            problems.append(
                outlier(
                    sub,
                    measure,
                    value,
                    months.median(),
                    len(months),
                    language,
                    "outlier_high" if distance > 0 else "outlier_low",
                )
            )
    return problems


def outlier(
    sub: Submission, measure: str, value: float, median: float, months: int, language: str, key: str
) -> Problem:
    table, column = MEASURES[measure]
    frame = sub.tables[table]
    sheet = str(frame["sheet"].iloc[0]) if len(frame) else None
    header = (
        frame.attrs.get("headers", {}).get(column)
        or partner_header(vocabulary().tables[table], column, language)
        if column
        else None
    )
    return Problem(
        "warning",
        key,
        sheet=sheet,
        column=header,
        params={
            "measure": measure,
            "value": round(value, 1),
            "median": round(median, 1),
            "months": months,
        },
    )
