"""Figures over any range of months, for dashboards, exports and the `figures` command.

The arithmetic lives in the SQL files under transforms/queries, which read the marts; this
module only checks and binds the parameters (`period_first`, `period_last`, `partner`, ...) and
returns plain values or DataFrames. With `as_of`, every model is first rebuilt, for this
connection only, from the submissions valid at that time, so a figure asked again next year is
the figure given then.
"""

from __future__ import annotations

import functools
import inspect
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

import duckdb
import pandas as pd

from core.periods import PERIOD_RE
from transforms.runner import models_as_of

QUERIES_DIR = Path(__file__).with_name("queries")
MACROS = Path(__file__).with_name("macros.sql")
# One file per further figure: <figure id>.sql gives group_id and that figure (see README.md).
INDICATORS_DIR = Path(__file__).with_name("indicators")
T = TypeVar("T")

# The ids `consortium figures` must always print (issue 5), in the order printed.
HEADLINE_IDS = (
    "housing_units",
    "housing_places",
    "residents_distinct",
    "occupancy_rate",
    "counselling_sessions",
    "counselling_hours",
    "counselling_people_distinct",
    "trainings",
    "training_hours",
    "training_participants",
    "group_meetings",
    "activity_participants",
    "people_distinct",
    "people_new",
    "submissions_expected",
    "submissions_received",
    "submissions_on_time",
)

# Figures that describe a state (how many units, a rate, a mean) rather than a running count:
# projected to the end of a grant period as they stand, not at the pace so far.
STOCK_IDS = frozenset(
    {
        "housing_units",
        "housing_places",
        "residents_month_end",
        "occupancy_rate",
        "barc10_first_mean",
        "barc10_latest_mean",
        "barc10_share_at_or_above_47",
    }
)

# Figures that are shares of a whole (0.8 is 80 %): people read them as percentages.
SHARE_IDS = frozenset({"occupancy_rate", "barc10_share_at_or_above_47"})

# People counted once over the range: they grow only by the people new to it, and in its first
# month everyone is, so they are projected at the pace they grew after that month.
PEOPLE_ONCE_IDS = frozenset(
    {
        "residents_distinct",
        "counselling_people_distinct",
        "individual_counselling_people_distinct",
        "group_participants_distinct",
        "people_distinct",
        "people_new",
        "people_returning",
        "barc10_people_assessed_twice",
        "barc10_people_at_or_above_47",
        "barc10_people_below_47",
    }
)

# The source tables each figure is computed from; `register` is the submissions register.
SOURCES = {
    "housing": (
        "housing_units",
        "housing_places",
        "residents_month_end",
        "resident_nights",
        "place_nights",
        "occupancy_rate",
        "admissions",
        "exits_planned",
        "exits_unplanned",
    ),
    "counselling": (
        "counselling_sessions",
        "counselling_hours",
        "counselling_people_distinct",
        "people_distinct",
        "people_new",
        "people_returning",
    ),
    "trainings": ("trainings", "training_hours", "training_participants"),
    "groups": ("group_meetings", "activity_participants"),
    "people": (
        "residents_distinct",
        "group_participants_distinct",
        "people_distinct",
        "people_new",
        "people_returning",
        "barc10_people_assessed_twice",
        "barc10_first_mean",
        "barc10_latest_mean",
        "barc10_people_at_or_above_47",
        "barc10_people_below_47",
        "barc10_share_at_or_above_47",
    ),
    "register": (
        "submissions_expected",
        "submissions_received",
        "submissions_on_time",
        "submissions_late",
        "submissions_missing",
        "submissions_rejected",
    ),
}


class Remembered:
    """Figures already computed inside a `figures_remembered` block, by warehouse file and
    request; each worked out by the first thread that asks, while another asking waits (a run
    makes its pages and its export side by side)."""

    def __init__(self) -> None:
        self.values: dict[tuple[Any, ...], Any] = {}
        self.working: dict[tuple[Any, ...], threading.Lock] = {}
        self.lock = threading.Lock()

    def value(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        with self.lock:
            working = self.working.setdefault(key, threading.Lock())
        with working:
            if key not in self.values:
                self.values[key] = compute()
        return self.values[key]


_REMEMBERED: Remembered | None = None
F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def figures_remembered() -> Iterator[None]:
    """Inside the block, a figure asked again of the same warehouse file with the same inputs is
    the one computed first: a run's pages and its export ask for many of the same figures of a
    warehouse that no longer changes until the block ends (the caller's promise)."""
    global _REMEMBERED
    outer, _REMEMBERED = _REMEMBERED, Remembered()
    try:
        yield
    finally:
        _REMEMBERED = outer


def remembered(figure: F) -> F:
    """`figure` (of a connection and plain inputs) computed once per `figures_remembered`
    block; each caller gets a copy of its own."""

    signature = inspect.signature(figure)

    @functools.wraps(figure)
    def once(con: duckdb.DuckDBPyConnection, *args: Any, **kwargs: Any) -> Any:
        if _REMEMBERED is None or id(con) in SNAPSHOTS:
            return figure(con, *args, **kwargs)
        inputs = signature.bind(con, *args, **kwargs)
        inputs.apply_defaults()
        key = (database_file(con), figure.__name__, *list(inputs.arguments.items())[1:])
        value = _REMEMBERED.value(key, lambda: figure(con, *args, **kwargs))
        return value.copy() if isinstance(value, pd.DataFrame | dict) else value

    return once  # type: ignore[return-value]


def remembered_value(
    con: duckdb.DuckDBPyConnection, name: str, inputs: tuple[Any, ...], compute: Callable[[], T]
) -> T:
    """What `compute` gives, worked out once per `figures_remembered` block for the same
    warehouse file, `name` and `inputs` (a value made of figures, such as the site's plan of
    what it hides, which the pages and the export both ask for); the same object each time."""
    if _REMEMBERED is None or id(con) in SNAPSHOTS:
        return compute()
    return _REMEMBERED.value((database_file(con), name, *inputs), compute)


def database_file(con: duckdb.DuckDBPyConnection) -> str:
    (path,) = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0]
    return path


# Connections whose models are rebuilt as of a moment for a whole block (`figures_as_of`).
SNAPSHOTS: dict[int, datetime] = {}


class FigureRequestError(ValueError):
    """A range, partner or figure id a caller asked for that does not exist; the message says which."""


@contextmanager
def figures_as_of(
    con: duckdb.DuckDBPyConnection, as_of: datetime | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Inside the block, every figure asked with this `as_of` reads one rebuild of the models
    instead of rebuilding them per call: an export asks for dozens of tables of one moment."""
    moment = utc(as_of)
    if moment is None or SNAPSHOTS.get(id(con)) == moment:
        yield con
        return
    with models_as_of(con, moment):
        SNAPSHOTS[id(con)] = moment
        try:
            yield con
        finally:
            del SNAPSHOTS[id(con)]


@remembered
def headline_figures(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> dict[str, float | int | None]:
    """Every headline figure of the months first to last (YYYY-MM), for the consortium or one
    partner: the issue's ids first, then the further ones (admissions, exits, outcomes, ...)."""
    check_range(first, last)
    row = bound_query(
        con,
        "headline",
        as_of,
        first_row,
        period_first=first,
        period_last=last,
        partner=partner,
        group_by="consortium",
    )
    row.pop("group_id")
    return {figure_id: plain(value) for figure_id, value in row.items()}


def check_grouping(by: str, what: str) -> None:
    if by not in ("partner", "country"):
        raise FigureRequestError(f"{what} can be grouped by partner or country, not {by!r}")


@remembered
def figures_by(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    by: Literal["partner", "country"],
    *,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The headline figures per partner or per country (column `group_id`), people counted once
    within each group."""
    check_grouping(by, "figures")
    return run_query(con, "headline", first, last, as_of=as_of, group_by=by)


@remembered
def monthly_figures(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The headline figures of each month first to last (column `period`, then the headline ids):
    each row is exactly headline_figures of that one month, people counted once in it."""
    monthly = run_query(
        con, "headline", first, last, partner=partner, as_of=as_of, group_by="month"
    )
    # as plain values, like the rows of headline_figures
    return pd.DataFrame(plain_records(monthly.rename(columns={"group_id": "period"})))


@remembered
def partner_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The rows of mart_partner_months in the range: what each partner did in each month (charts
    per partner and month); its distinct people hold for their month only."""
    return run_query(con, "partner_months", first, last, partner=partner, as_of=as_of)


@remembered
def people_breakdown(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Distinct people by user_kind, sex, age_band and main_addiction (columns dimension,
    category, people), each person once per dimension."""
    rows = run_query(con, "people_breakdown", first, last, partner=partner, as_of=as_of)
    return rows.drop(columns="group_id")


@remembered
def people_breakdown_by(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    by: Literal["partner", "country"],
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> dict[str, pd.DataFrame]:
    """`people_breakdown` of each partner or country, people counted once within each, from one
    query; a group without people has no rows."""
    check_grouping(by, "people")
    rows = run_query(
        con, "people_breakdown", first, last, partner=partner, as_of=as_of, group_by=by
    )
    return {
        group: frame.drop(columns="group_id").reset_index(drop=True)
        for group, frame in rows.groupby("group_id", sort=False)
    }


@remembered
def activity_breakdown(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Counselling by session kind, trainings by audience, groups by activity kind (columns
    activity, kind, events, hours, participants, people_distinct)."""
    return run_query(con, "activity_breakdown", first, last, partner=partner, as_of=as_of)


@remembered
def site_figures(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """One row per housing unit or group site: places, occupancy, movement, meetings."""
    return run_query(con, "site_figures", first, last, partner=partner, as_of=as_of)


@remembered
def submission_grid(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Each expected partner month with its status (on_time, late, missing, rejected),
    received_at, due_at, and the partner's tables expected and in force (tables_expected,
    tables_received)."""
    return run_query(con, "submission_grid", first, last, partner=partner, as_of=as_of)


@remembered
def source_files(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The files every figure of the range comes from, one row per submission in force:
    partner_id, period, name_as_received, tables, sha256, size_bytes, received_at, status."""
    return run_query(con, "source_files", first, last, partner=partner, as_of=as_of)


def targets_vs_actual(
    con: duckdb.DuckDBPyConnection,
    grant_period_id: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Each target of the grant period against the actual figure from its first month to `last`:
    columns indicator_id, target, actual, percent_achieved, projected_at_end, months_elapsed,
    months_total. The months are the consortium's months of reporting, so far and in the grant
    period: a running count is projected at the pace of the months partners owed reports."""
    bounds = bound_query(con, "grant_period", None, first_row, grant_period_id=grant_period_id)
    if bounds is None:
        raise FigureRequestError(
            f"no grant period {grant_period_id!r} in consortium.yaml (as last recorded)"
        )
    first_period, last_period = bounds["first_period"], bounds["last_period"]
    reporting_first, until = bounds["reporting_first"], min(last, last_period)
    actual = headline_figures(con, first_period, until, partner=partner, as_of=as_of)
    first_month = (
        headline_figures(con, reporting_first, reporting_first, partner=partner, as_of=as_of)
        if reporting_first <= until
        else {}
    )
    actuals = pd.DataFrame(
        {
            "indicator_id": list(actual),
            "actual": [as_float(v) for v in actual.values()],
            "actual_first_month": [as_float(first_month.get(i)) for i in actual],
            "is_stock": [figure_id in STOCK_IDS for figure_id in actual],
            "is_people_once": [figure_id in PEOPLE_ONCE_IDS for figure_id in actual],
        }
    )
    con.register("actuals", actuals)
    try:
        return run_query(
            con,
            "targets",
            first_period,
            last,
            grant_period_id=grant_period_id,
            reporting_first=reporting_first,
        )
    finally:
        con.unregister("actuals")


def as_float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def lineage(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The submissions a figure comes from: partner_id, period, table_name, name_as_received,
    sha256, received_at, status and the number of rows each contributes."""
    return run_query(
        con,
        "lineage_submissions",
        first,
        last,
        partner=partner,
        as_of=as_of,
        source_tables=source_tables(figure_id),
    )


def lineage_rows(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The rows a figure comes from: file (name and sha256), sheet and row of each."""
    return run_query(
        con,
        "lineage_rows",
        first,
        last,
        partner=partner,
        as_of=as_of,
        source_tables=source_tables(figure_id),
    )


@remembered
def housing_unit_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Each housing unit in each month: partner_id, site_id, period, places, residents,
    resident_nights, place_nights, occupancy_rate."""
    return run_query(con, "housing_unit_months", first, last, partner=partner, as_of=as_of)


@remembered
def activity_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """activity_breakdown of each month (columns period, activity, kind, events, hours,
    participants)."""
    return run_query(con, "activity_months", first, last, partner=partner, as_of=as_of)


@remembered
def people_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Distinct people of each month (columns period, people), each month counted on its own:
    the people_distinct of monthly_figures, without its other figures. Months without anyone
    are left out."""
    return run_query(con, "people_months", first, last, partner=partner, as_of=as_of)


@remembered
def barc10_months(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """BARC-10 assessments of each month: period, people assessed, mean_score."""
    return run_query(con, "barc10_months", first, last, partner=partner, as_of=as_of)


@remembered
def table_completeness(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Each table a partner reports (consortium.yaml `partners[].tables`) for each of its expected
    months: partner_id, period, table_name, submission_id (the submission in force), is_received, status
    (received or outstanding), received_at. For feedback, the site and reminders."""
    return run_query(con, "table_completeness", first, last, partner=partner, as_of=as_of)


@remembered
def outstanding_tables(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """The tables owed for a month of the range that no file in force brought (the rows of
    table_completeness still outstanding): partner_id, period, table_name. A total without them
    is not the whole consortium's, so the export's narrative and the site name them. A month is
    owed once its deadline has passed (as of `as_of`, else now) or a file came for it."""
    tables = table_completeness(con, first, last, partner=partner, as_of=as_of)
    missing = tables[~tables["is_received"].astype(bool)]
    return missing[["partner_id", "period", "table_name"]].reset_index(drop=True)


@remembered
def open_problems(
    con: duckdb.DuckDBPyConnection,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Problems of files up to `last` that no later file has replaced: the file (partner_id,
    period, submission_id, name_as_received, received_at, status) and the problem (severity,
    rule, sheet, sheet_row, column_name, params); never a cell's value."""
    return run_query(con, "open_problems", last, last, partner=partner, as_of=as_of)


def latest_period(con: duckdb.DuckDBPyConnection) -> str | None:
    """The month a report is of by default: the latest month an accepted file is in force for
    that arrived once the month was over; a month with only files sent while it was under way
    only when no month has another (None before any accepted file)."""
    return bound_query(con, "latest_period", None, first_row)["latest_period"]


@remembered
def completeness(
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
) -> pd.DataFrame:
    """Per partner with months due, then for all of them (partner_id None, last row): months_due,
    months_on_time, months_late, months_rejected, months_missing, and in per cent (one decimal)
    completeness_pct (received), on_time_pct, tables_received_pct (tables in force of those the
    partners report)."""
    return run_query(con, "completeness", first, last, partner=partner, as_of=as_of)


def published_figures(
    con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, formats: dict[str, str]
) -> pd.DataFrame:
    """The columns `formats` names of `rows` as a report publishes them (transforms/queries/
    published_values.sql): format percent (a rate) as a percentage with one decimal, decimal with
    two, integer whole (an int); an undefined figure as None. One row per row of `rows`."""
    values = figure_values(rows[list(formats)].reset_index(drop=True))
    published = registered_query(
        con,
        "published_values",
        figure_values=values,
        figure_formats=pd.DataFrame(
            {"figure_id": list(formats), "figure_format": list(formats.values())}
        ),
    )
    wide = published.pivot(index="row_key", columns="figure_id", values="published_value")
    wide = wide.reindex(index=range(len(rows)), columns=list(formats))
    return pd.DataFrame(
        {
            figure_id: [
                None
                if pd.isna(value)
                else int(value)
                if formats[figure_id] == "integer"
                else float(value)
                for value in wide[figure_id]
            ]
            for figure_id in formats
        },
        dtype=object,
    )


def achieved(
    con: duckdb.DuckDBPyConnection,
    computed: dict[str, Any],
    grant_period_id: str | None,
    formats: dict[str, str],
) -> pd.DataFrame:
    """Figures as computed (not yet rounded) against the grant period's targets (consortium.yaml
    as last recorded): columns figure_id, published_target (in its figure's format, a rate's in
    per cent; None without one), achieved_pct (one decimal), in the order given. Without a
    grant period (None: figures no grant period's targets are for), no figure has a target."""
    return registered_query(
        con,
        "achieved",
        figure_values=figure_values(pd.DataFrame([computed])),
        figure_formats=pd.DataFrame(
            {"figure_id": list(formats), "figure_format": list(formats.values())}
        ),
        grant_period_id=grant_period_id,
    )


def figure_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Wide figures as long rows (row_key, figure_id, figure_value, position: row by row, in
    column order), a missing value as NULL."""
    long = (
        rows.rename_axis("row_key")
        .reset_index()
        .melt(id_vars="row_key", var_name="figure_id", value_name="figure_value")
    )
    long["figure_value"] = pd.array(
        [None if v is None or pd.isna(v) else float(v) for v in long["figure_value"]],
        dtype="Float64",
    )
    long = long.sort_values(["row_key"], kind="stable").reset_index(drop=True)
    return long.assign(position=range(len(long)))


def registered_query(con: duckdb.DuckDBPyConnection, name: str, **inputs: Any) -> pd.DataFrame:
    """transforms/queries/<name>.sql over the DataFrames among `inputs` (registered under their
    names for this call), the other inputs bound as variables."""
    frames = {k: v for k, v in inputs.items() if isinstance(v, pd.DataFrame)}
    for table, frame in frames.items():
        con.register(table, frame)
    try:
        return bound_query(
            con,
            name,
            SNAPSHOTS.get(id(con)),
            lambda result: result.df(),
            **{k: v for k, v in inputs.items() if k not in frames},
        )
    finally:
        for table in frames:
            con.unregister(table)


def indicator_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(INDICATORS_DIR.glob("*.sql"))}


# The source tables a model or an indicator file reads, by the name of what it reads.
MODEL_SOURCES = {
    "int_housing_in_force": ("housing",),
    "mart_housing_unit_months": ("housing",),
    "int_counselling_in_force": ("counselling",),
    "int_trainings_in_force": ("trainings",),
    "int_groups_in_force": ("groups",),
    "int_people_in_force": ("people",),
    "mart_person_months": ("people", "counselling"),
    "mart_submission_grid": ("register",),
}


def indicator_sources(figure_id: str) -> list[str]:
    """The source tables of an indicator file: those of the models it names."""
    text = indicator_files()[figure_id].read_text(encoding="utf-8")
    return sorted(
        {table for model, tables in MODEL_SOURCES.items() if model in text for table in tables}
    )


def source_tables(figure_id: str) -> list[str]:
    if figure_id in indicator_files():
        return indicator_sources(figure_id)
    tables = [table for table, ids in SOURCES.items() if figure_id in ids]
    if not tables:
        raise FigureRequestError(
            f"no figure {figure_id!r}; figures: {', '.join(sorted(known_ids()))}"
        )
    return tables


def known_ids() -> set[str]:
    return {figure_id for ids in SOURCES.values() for figure_id in ids} | set(indicator_files())


def run_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    as_of: datetime | None = None,
    **variables: Any,
) -> pd.DataFrame:
    """The result of transforms/queries/<name>.sql for the range."""
    check_range(first, last)
    return bound_query(
        con,
        name,
        as_of,
        lambda result: result.df(),
        period_first=first,
        period_last=last,
        partner=partner,
        **variables,
    )


def bound_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    as_of: datetime | None,
    fetch: Callable[[duckdb.DuckDBPyConnection], T],
    **variables: Any,
) -> T:
    """transforms/queries/<name>.sql run with its variables bound for this call only, its result
    fetched before they are reset (and before the as-of models are dropped)."""
    moment = utc(as_of)
    bound = {"as_of": moment, **variables}
    with models_at(con, moment):
        try:
            for variable, value in bound.items():
                con.execute(f"set variable {variable} = ?", [value])
            define_macros(con, lasting=moment is None and id(con) not in SNAPSHOTS)
            return fetch(con.execute(sql(name)))
        finally:
            for variable in bound:
                con.execute(f"reset variable {variable}")


# Connections the macros are defined on for good: outside a transaction rolled back after.
_WITH_MACROS: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def define_macros(con: duckdb.DuckDBPyConnection, *, lasting: bool) -> None:
    """macros.sql's temporary macros on the connection, defined once for all its queries when
    `lasting` (about 8 ms a query); inside the transaction of the models as of a moment, which
    is rolled back with what it defined, for the query alone."""
    if con in _WITH_MACROS:
        return
    con.execute(MACROS.read_text(encoding="utf-8"))
    if lasting:
        _WITH_MACROS.add(con)


def models_at(
    con: duckdb.DuckDBPyConnection, moment: datetime | None
) -> AbstractContextManager[Any]:
    """The models as of `moment`: those of an enclosing `figures_as_of` block, else a rebuild.
    Inside a block the models are those of its moment, so a figure of another moment is refused."""
    snapshot = SNAPSHOTS.get(id(con))
    if snapshot is None:
        return models_as_of(con, moment)
    if snapshot == moment:
        return nullcontext(con)
    raise FigureRequestError(
        f"figures as of {moment} asked inside a block of figures as of {snapshot}"
    )


def first_row(result: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    row = result.fetchone()
    return (
        None
        if row is None
        else dict(zip([column[0] for column in result.description], row, strict=False))
    )


def check_range(first: str, last: str) -> None:
    for value in (first, last):
        if not PERIOD_RE.match(str(value)):
            raise FigureRequestError(f"{value!r} is not a month written YYYY-MM")
    if first > last:
        raise FigureRequestError(f"the range starts ({first}) after it ends ({last})")


def utc(moment: datetime | None) -> datetime | None:
    """A naive time is taken as UTC, the time zone the warehouse stores."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def sql(name: str) -> str:
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return with_indicators(text) if name == "headline" else text


def indicator_sql(path: Path) -> str:
    """An indicator file's SELECT; one that groups its rows by partner_groups() itself is refused,
    since its figure could not be given month by month (monthly_figures)."""
    text = path.read_text(encoding="utf-8")
    if "partner_groups()" in text:
        raise FigureRequestError(
            f"{path.name} joins partner_groups(): read the models through grouped('<model>'), "
            "which gives each row its group_id by partner, country, consortium or month"
        )
    return text


def with_indicators(headline: str) -> str:
    """headline.sql with one more column per file of transforms/indicators, joined by group."""
    files = indicator_files()
    ctes = [f"headline as ({headline})"] + [
        f"indicator_{figure_id} as ({indicator_sql(path)})" for figure_id, path in files.items()
    ]
    columns = ["headline.*"] + [f"indicator_{i}.{i}" for i in files]
    joins = [f"left join indicator_{i} using (group_id)" for i in files]
    return "\n".join(
        [
            "with " + ",\n".join(ctes),
            "select " + ", ".join(columns),
            "from headline",
            *joins,
            "order by headline.group_id",
        ]
    )


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows with Python values, None where the warehouse has NULL."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def plain(value: Any) -> float | int | None:
    """A DuckDB number as a JSON-ready Python number (DECIMAL arithmetic becomes float)."""
    return float(value) if isinstance(value, Decimal) else value
