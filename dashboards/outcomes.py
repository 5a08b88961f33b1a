"""Recovery capital (BARC-10) of the people assessed at least twice: the first and the latest
average score, the share with strong recovery capital, and the average month by month."""

from __future__ import annotations

import pandas as pd

from dashboards.blocks import Chart, Note, Table, chart, chart_or_note, table
from dashboards.context import Context, protected_people, reported, shown
from publish import charts

# BARC-10 total at or above which recovery capital counts as strong (the instrument's cut-off).
BARC10_STRONG = 47


def score_change(ctx: Context, grant: dict) -> Chart:
    label = ctx.labels
    scores = pd.DataFrame(
        {
            "moment": [label("text", "first_score"), label("text", "latest_score")],
            "score": [grant["barc10_first_mean"], grant["barc10_latest_mean"]],
        }
    )
    return chart(
        charts.score_change(
            scores, label("charts", "barc10_change"), labels=label, threshold=BARC10_STRONG
        ),
        "barc10-change",
    )


def assessed_table(
    ctx: Context, assessed: int, strong: int, other: int, share_strong: float | None
) -> Table:
    """People assessed twice, and the share of them with strong recovery capital at the latest
    assessment, unless the strong or the other group is a small count; a share of nobody
    assessed is not applicable (a blank would read as a figure forgotten)."""
    label = ctx.labels
    counts = pd.DataFrame({"strong": [strong], "other": [other], "total": [assessed]})
    published = protected_people(
        ctx, counts, ["strong", "other", "total"], total_column="total"
    ).iloc[0]
    share = (
        published["strong"]
        if isinstance(published["strong"], str)
        else reported(ctx, share_strong if assessed else None, None, "not_applicable")
    )
    rows = pd.DataFrame(
        {
            label("text", "people_assessed"): [shown(ctx, published["total"], 0)],
            label("text", "share_strong"): [share],
        }
    )
    return table(rows, numeric=tuple(rows.columns))


def score_by_month(ctx: Context, monthly: pd.DataFrame) -> Chart | Note:
    """The average score of each month, months with a small count of people left out."""
    published = protected_people(ctx, monthly.set_index("period")[["people"]], ["people"])["people"]
    visible = monthly[[not isinstance(v, str) for v in published]].assign(
        shown=[shown(ctx, v, 0) for v in published if not isinstance(v, str)]
    )
    return chart_or_note(
        visible,
        lambda: charts.score_by_month(
            visible,
            ctx.labels("charts", "barc10_months"),
            labels=ctx.labels,
            threshold=BARC10_STRONG,
        ),
        "barc10-months",
        ctx.labels("text", "no_data"),
    )
