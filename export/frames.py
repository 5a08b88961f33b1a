"""The warehouse's figures as the report's frames, keyed and ordered as its sheets are: indicators
as published (rounding and shares from transforms.figures), totals from the warehouse, times by
the consortium's clock.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from core.vocabulary import UNCLASSIFIED, vocabulary
from export.model import DIMENSIONS, RESIDENTS, TOTAL, indicators
from transforms import figures


def indicator_frame(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """The export's indicators (indicators.yaml order) of warehouse rows as published (a rate as a
    percentage, hours with two decimals, counts whole), keyed as the rows are (partner_id or
    period, when present)."""
    keys = [c for c in ("partner_id", "period") if c in rows.columns]
    formats = {i: spec["format"] for i, spec in indicators().items()}
    published = figures.published_figures(con, rows, formats)
    return pd.concat([rows[keys].reset_index(drop=True), published], axis=1)


def with_total(rows: pd.DataFrame, total: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows keyed by `key`, then the range's total row, keyed "total"."""
    frame = pd.concat([rows, total.assign(**{key: TOTAL})], ignore_index=True)
    return frame[[key, *indicators()]].set_index(key, drop=False)


def residents_frame(
    rows: pd.DataFrame, total: pd.DataFrame, key: str, *, months: bool, one_month: bool
) -> pd.DataFrame:
    """The residents of each row keyed by `key` and of the range's total row, keyed "total", as
    the warehouse counts them: once over the row's range, and at its end for a row of one month
    (`months`: the rows are months; `one_month`: so is the range). Never published, they hide
    the resident-nights and occupancy that would give them away; a longer range's nights are
    its months', each protected on its own, as the site protects them."""
    frame = pd.concat([rows, total.assign(**{key: TOTAL})], ignore_index=True)
    frame = frame[[key, *RESIDENTS]].set_index(key, drop=False)
    of_one_month = [one_month if row == TOTAL else months for row in frame.index]
    frame["residents_month_end"] = frame["residents_month_end"].where(of_one_month)
    return frame


def summary_frame(
    con: duckdb.DuckDBPyConnection,
    whole: pd.DataFrame,
    total: pd.DataFrame,
    grant_period_id: str | None,
) -> pd.DataFrame:
    """The range's figure of every indicator as published (`total`) against the grant period's
    target, published as the figure is (a rate's in per cent): the share of the target this
    range reached, of the figure as the warehouse computed it (`whole`), as the site has it.
    Without a grant period (None), no figure has a target."""
    ids = list(indicators())
    formats = {i: spec["format"] for i, spec in indicators().items()}
    goals = figures.achieved(con, whole.iloc[0][ids].to_dict(), grant_period_id, formats)
    frame = pd.DataFrame(
        {
            "indicator_id": ids,
            "value": [None if pd.isna(v) else float(v) for v in total.iloc[0][ids]],
            "target": goals["published_target"].to_list(),
            "achieved_pct": goals["achieved_pct"].to_list(),
        }
    )
    return frame.astype(
        {"value": "float64", "target": "float64", "achieved_pct": "float64"}
    ).set_index("indicator_id", drop=False)


# The categories of a dimension besides the vocabulary's codes (transforms/queries/
# people_breakdown.sql): a relative's main addiction is not applicable, listed after the codes as
# the site lists it; a value no rule knew is unclassified, and anything may be unknown.
NAMED_CATEGORIES = {"main_addiction": ("not_applicable",)}
OTHER_CATEGORIES = (UNCLASSIFIED, "unknown")


def category_rows(counted: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every category of every dimension: the vocabulary's codes in its order (then a relative's
    main addiction, not applicable), then unclassified, unknown and any other category people
    were `counted` in (dimension, category), by code, as the site orders them: a row the
    warehouse counts is never left out of the report."""
    codes = vocabulary().code_words
    rows = []
    for d in DIMENSIONS:
        named = [*codes[d], *NAMED_CATEGORIES.get(d, ())]
        others = {*OTHER_CATEGORIES, *(c for dimension, c in counted if dimension == d)}
        rows += [(d, c) for c in [*named, *sorted(others - set(named))]]
    return rows


def people_table(breakdowns: dict[str, pd.DataFrame], people_distinct: pd.Series) -> pd.DataFrame:
    """Distinct people by dimension and category (rows) and partner (columns), then a total row
    and a total column: the people of the partner, which every dimension adds up to. A partner
    whose people are not reported (no people sheet nor counselling in force) has its column
    not reported (NULL), not a column of zeros."""
    counted = [
        (d, c)
        for frame in breakdowns.values()
        for d, c in zip(frame["dimension"], frame["category"], strict=True)
    ]
    rows = pd.MultiIndex.from_tuples(category_rows(counted), names=["dimension", "category"])
    wide = pd.DataFrame(
        {
            column: frame.set_index(["dimension", "category"])["people"].reindex(rows, fill_value=0)
            for column, frame in breakdowns.items()
        },
        index=rows,
    )
    total = pd.DataFrame(
        [people_distinct.reindex(wide.columns).to_numpy()],
        columns=wide.columns,
        index=pd.MultiIndex.from_tuples([(TOTAL, TOTAL)], names=rows.names),
    )
    # one block, not a column at a time: a network of a hundred partners stays one frame
    table = pd.concat([wide, total]).astype("Int64")
    table.loc[:, total.iloc[0].isna().to_numpy()] = pd.NA
    return table


def completeness_frame(completeness: pd.DataFrame) -> pd.DataFrame:
    """The warehouse's completeness per partner with months due and for all of them (partner_id
    None), as the report's columns."""
    return completeness.astype(
        {
            "months_due": "int64",
            "months_on_time": "int64",
            "months_late": "int64",
            "months_rejected": "int64",
            "months_missing": "int64",
            "completeness_pct": "float64",
            "on_time_pct": "float64",
            "tables_received_pct": "float64",
        }
    ).astype({"partner_id": object})


def local_text(times: pd.Series, timezone: str, pattern: str) -> pd.Series:
    """Times of the warehouse (UTC) as the consortium's clock shows them; none as None."""
    local = pd.to_datetime(times, utc=True).dt.tz_convert(timezone)
    return local.dt.strftime(pattern).astype(object).where(local.notna(), None)


def timeliness_frame(grid: pd.DataFrame, timezone: str) -> pd.DataFrame:
    """The warehouse's submission grid as the report shows it: the deadline as its day, the
    first file that counted by the consortium's clock, and the tables of the month."""
    due_at = pd.to_datetime(grid["due_at"], utc=True) - pd.Timedelta(microseconds=1)
    return pd.DataFrame(
        {
            "partner_id": grid["partner_id"],
            "period": grid["period"],
            "due_on": local_text(due_at, timezone, "%Y-%m-%d"),
            "first_accepted_at": local_text(grid["received_at"], timezone, "%Y-%m-%d %H:%M"),
            "status": grid["status"],
            "tables_expected": grid["tables_expected"].astype("int64"),
            "tables_received": grid["tables_received"].astype("int64"),
        }
    )


def sources_frame(files: pd.DataFrame, timezone: str) -> pd.DataFrame:
    """The warehouse's source files with their arrival by the consortium's clock."""
    return pd.DataFrame(
        {
            "partner_id": files["partner_id"],
            "period": files["period"],
            "file_name": files["name_as_received"],
            "tables": files["tables"],
            "sha256": files["sha256"],
            "size_bytes": files["size_bytes"],
            "received_at": local_text(files["received_at"], timezone, "%Y-%m-%d %H:%M:%S"),
            "status": files["status"],
        }
    )
