"""The tables of a grant report, as they may be published: figures from the warehouse's
figures API (transforms.figures, the same definitions the dashboards and `consortium figures`
use), people counts passed through disclosure control, words in the report's language.

Every writer (workbook, CSV, charts, narrative) reads these tables, so the files of one export
can never disagree with each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import yaml

from core import i18n
from core.config import Consortium
from core.vocabulary import vocabulary
from publish import disclosure
from publish.disclosure import Cell, Sum
from transforms import figures

HERE = Path(__file__).parent
DIMENSIONS = ("user_kind", "sex", "age_band", "main_addiction")
TOTAL = "total"


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one CSV file: canonical column ids, published values."""

    name: str
    frame: pd.DataFrame
    headers: list[str]
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: list[str] = field(default_factory=list)
    """Per row, the format of the columns marked "by_row" (the summary mixes people and hours)."""


@dataclass(frozen=True)
class Report:
    consortium: Consortium
    first: str
    last: str
    partner: str | None
    language: str
    as_of: str | None
    tables: dict[str, Table]
    partner_months: pd.DataFrame
    """Hours and meetings per partner and month, for the charts (never people)."""
    words: dict[str, Any]

    def headline(self) -> dict[str, object]:
        """The summary's published value of every indicator."""
        summary = self.tables["summary"].frame
        return dict(zip(summary["indicator_id"], summary["value"], strict=True))


@cache
def indicators() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((HERE / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]


def language_words(language: str) -> dict[str, Any]:
    return i18n.catalogue(HERE / "languages", language)


def as_of_time(as_of: str | None, timezone: str) -> datetime | None:
    """The end of the as-of day in the consortium's time zone: files received that day count."""
    if as_of is None:
        return None
    return datetime.combine(
        datetime.strptime(as_of, "%Y-%m-%d").date(), time.max, ZoneInfo(timezone)
    )


def scope_partners(config: Consortium, partner: str | None) -> list[str]:
    """The partners the export shows, in the order of its rows and columns."""
    return [partner] if partner else sorted(p.id for p in config.partners)


@dataclass(frozen=True)
class WarehouseFigures:
    """What the export publishes, as the warehouse's figures API (transforms.figures) gives it,
    so an export can never disagree with the dashboards or `consortium figures`."""

    total: dict[str, Any]
    per_partner: pd.DataFrame
    per_month: pd.DataFrame
    people: dict[str, pd.DataFrame]
    """The people breakdown of each partner of the scope and of the whole scope (key "total")."""
    grid: pd.DataFrame
    sources: pd.DataFrame
    partner_months: pd.DataFrame


def warehouse_figures(
    con: duckdb.DuckDBPyConnection,
    config: Consortium,
    first: str,
    last: str,
    partner: str | None,
    as_of: datetime | None,
) -> WarehouseFigures:
    """Every figure of the export from transforms.figures, all as of one moment."""
    partners = scope_partners(config, partner)
    scope = {"partner": partner, "as_of": as_of}
    with figures.figures_as_of(con, as_of):
        by_partner = figures.figures_by(con, first, last, "partner", as_of=as_of)
        return WarehouseFigures(
            total=figures.headline_figures(con, first, last, **scope),
            per_partner=by_partner.set_index("group_id")
            .reindex(partners)
            .rename_axis("partner_id")
            .reset_index(),
            per_month=figures.monthly_figures(con, first, last, **scope),
            people={
                **{
                    p: figures.people_breakdown(con, first, last, partner=p, as_of=as_of)
                    for p in partners
                },
                TOTAL: figures.people_breakdown(con, first, last, **scope),
            },
            grid=figures.submission_grid(con, first, last, **scope),
            sources=figures.source_files(con, first, last, **scope),
            partner_months=figures.partner_months(con, first, last, **scope),
        )


def hidden_kinds(config: Consortium) -> set[str]:
    return {"people", "activity", "hours"} if config.reporting.suppress_hours else {"people"}


def build_report(
    con: duckdb.DuckDBPyConnection,
    config: Consortium,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    language: str | None = None,
    as_of: str | None = None,
) -> Report:
    """Every table of the export of months first..last, disclosure control applied."""
    language = language or config.language
    words = language_words(language)
    timezone = config.reporting.schedule.timezone
    warehouse = warehouse_figures(con, config, first, last, partner, as_of_time(as_of, timezone))
    total = indicator_frame(pd.DataFrame([warehouse.total]))
    per_partner = with_total(indicator_frame(warehouse.per_partner), total, "partner_id")
    per_month = with_total(indicator_frame(warehouse.per_month), total, "period")
    summary = summary_frame(total, config.grant_period_of(last).targets)
    people = people_table(warehouse.people, per_partner["people_distinct"])
    published = publish(config, summary, per_partner, per_month, people)
    tables = {
        "summary": summary_table(published["summary"], words),
        "per_partner": figures_table("per_partner", published["per_partner"], "partner_id", words),
        "per_month": figures_table("per_month", published["per_month"], "period", words),
        "people": people_sheet(published["people"], words, language),
        "completeness": completeness_table(completeness_frame(warehouse), words),
        "timeliness": timeliness_table(timeliness_frame(warehouse.grid, timezone), words),
        "definitions": definitions_table(words, config.reporting.disclosure_k, as_of),
        "sources": plain_table("sources", sources_frame(warehouse.sources, timezone), words),
    }
    months = warehouse.partner_months[
        ["partner_id", "period", "counselling_hours", "group_meetings"]
    ]
    return Report(config, first, last, partner, language, as_of, tables, months, words)


def warehouse_id(indicator_id: str) -> str:
    """The warehouse's id of an export indicator (indicators.yaml `figure`, else the same id)."""
    return indicators()[indicator_id].get("figure", indicator_id)


def published_number(value: Any, spec: dict[str, Any]) -> Any:
    """A warehouse figure as the report shows it: a rate as a percentage with one decimal, hours
    with two, counts as whole numbers; an undefined figure (occupancy without places) as None."""
    if value is None or pd.isna(value):
        return None
    if spec["kind"] == "rate":
        return rounded(100 * float(value), 1)
    if spec["format"] == "decimal":
        return rounded(float(value), 2)
    return int(value)


def rounded(value: float, places: int) -> float:
    """Half away from zero, as DuckDB and spreadsheets round (Python's round() goes to the even
    neighbour): 117 of a target of 80 is 146.3 %."""
    scaled = value * 10**places
    return math.copysign(math.floor(abs(scaled) + 0.5), scaled) / 10**places


def indicator_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The export's indicators (indicators.yaml order) of warehouse rows, keyed as the rows are
    (partner_id or period, when present)."""
    keys = [c for c in ("partner_id", "period") if c in rows.columns]
    columns = {
        i: [published_number(v, spec) for v in rows[warehouse_id(i)]]
        for i, spec in indicators().items()
    }
    return pd.concat([rows[keys].reset_index(drop=True), pd.DataFrame(columns)], axis=1)


def with_total(rows: pd.DataFrame, total: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows keyed by `key`, then the range's total row, keyed "total"."""
    frame = pd.concat([rows, total.assign(**{key: TOTAL})], ignore_index=True)
    return frame[[key, *indicators()]].set_index(key, drop=False)


def summary_frame(total: pd.DataFrame, targets: dict[str, float]) -> pd.DataFrame:
    """The range's figure of every indicator against the grant period's target: the share of
    the target this range reached."""
    values = [None if pd.isna(v) else float(v) for v in total.iloc[0][list(indicators())]]
    goals = [float(targets[i]) if i in targets else None for i in indicators()]
    achieved = [
        rounded(100.0 * v / t, 1) if v is not None and t else None
        for v, t in zip(values, goals, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "indicator_id": list(indicators()),
            "value": values,
            "target": goals,
            "achieved_pct": achieved,
        }
    )
    return frame.astype(
        {"value": "float64", "target": "float64", "achieved_pct": "float64"}
    ).set_index("indicator_id", drop=False)


def category_rows() -> list[tuple[str, str]]:
    """Every category of every dimension, in the vocabulary's order, then unknown."""
    codes = vocabulary().code_words
    return [(d, c) for d in DIMENSIONS for c in [*codes[d], "unknown"]]


def people_table(breakdowns: dict[str, pd.DataFrame], people_distinct: pd.Series) -> pd.DataFrame:
    """Distinct people by dimension and category (rows) and partner (columns), then a total row
    and a total column: the people of the partner, which every dimension adds up to."""
    rows = pd.MultiIndex.from_tuples(category_rows(), names=["dimension", "category"])
    wide = pd.DataFrame(
        {
            column: frame.set_index(["dimension", "category"])["people"].reindex(rows, fill_value=0)
            for column, frame in breakdowns.items()
        },
        index=rows,
    )
    wide.loc[(TOTAL, TOTAL), :] = people_distinct.reindex(wide.columns).to_numpy()
    return wide.astype("int64")


def percent(part: float, whole: float) -> float | None:
    return rounded(100.0 * part / whole, 1) if whole else None


def completeness_frame(warehouse: WarehouseFigures) -> pd.DataFrame:
    """Per partner with months due (and for all of them): the warehouse's submission counts, the
    shares received and on time, and the share of the partners' tables in force."""
    partners = warehouse.per_partner[warehouse.per_partner["submissions_expected"] > 0]
    rows = [*partners.to_dict("records"), {**warehouse.total, "partner_id": None}]
    grid = warehouse.grid
    out = []
    for row in rows:
        months = (
            grid if row["partner_id"] is None else grid[grid["partner_id"] == row["partner_id"]]
        )
        out.append(
            {
                "partner_id": row["partner_id"],
                "months_due": int(row["submissions_expected"]),
                "months_on_time": int(row["submissions_on_time"]),
                "months_late": int(row["submissions_late"]),
                "months_rejected": int(row["submissions_rejected"]),
                "months_missing": int(row["submissions_missing"]),
                "completeness_pct": percent(
                    row["submissions_received"], row["submissions_expected"]
                ),
                "on_time_pct": percent(row["submissions_on_time"], row["submissions_expected"]),
                "tables_received_pct": percent(
                    months["tables_received"].sum(), months["tables_expected"].sum()
                ),
            }
        )
    return pd.DataFrame(out).astype(
        {"completeness_pct": "float64", "on_time_pct": "float64", "tables_received_pct": "float64"}
    )


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


def publish(
    config: Consortium,
    summary: pd.DataFrame,
    per_partner: pd.DataFrame,
    per_month: pd.DataFrame,
    people: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The four tables that show people, suppressed together: one figure shown in several places
    is hidden in all of them, and every published total is protected."""
    k = config.reporting.disclosure_k
    kinds = hidden_kinds(config)
    hidden = [i for i, spec in indicators().items() if spec["kind"] in kinds]
    additive = [i for i in hidden if indicators()[i]["additive"]]
    summary_rows = summary[summary["indicator_id"].isin(hidden)]
    values: dict[Cell, float] = {
        **{("summary", i, "value"): summary_rows.at[i, "value"] for i in summary_rows.index},
        **disclosure.cells_of("per_partner", per_partner, hidden),
        **disclosure.cells_of("per_month", per_month, hidden),
        **disclosure.cells_of("people", people, list(people.columns)),
    }
    groups = {d: [r for r in people.index if r[0] == d] for d in DIMENSIONS}
    sums: list[Sum] = [
        *disclosure.table_sums("per_partner", per_partner, hidden, total_row=TOTAL),
        *disclosure.table_sums("per_month", per_month, additive, total_row=TOTAL),
        *disclosure.table_sums(
            "people",
            people,
            list(people.columns),
            total_row=(TOTAL, TOTAL),
            total_column=TOTAL,
            row_groups=groups,
        ),
    ]
    same = [
        *(
            [("summary", i, "value"), ("per_partner", TOTAL, i), ("per_month", TOTAL, i)]
            for i in summary_rows.index
        ),
        *(
            [("per_partner", p, "people_distinct"), ("people", (TOTAL, TOTAL), p)]
            for p in people.columns
        ),
    ]
    small, complements = disclosure.hidden_cells(values, k, sums, same)
    out = {
        name: disclosure.masked(frame, name, small, complements, k)
        for name, frame in (
            ("summary", summary),
            ("per_partner", per_partner),
            ("per_month", per_month),
            ("people", people),
        )
    }
    hidden_values = out["summary"]["value"].map(lambda v: isinstance(v, str))
    out["summary"].loc[hidden_values, "achieved_pct"] = disclosure.COMPLEMENTARY_MARK
    return out


def summary_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    labels = words["indicators"]
    out = pd.DataFrame(
        {
            "indicator_id": frame["indicator_id"].to_list(),
            "indicator": [labels[i]["label"] for i in frame["indicator_id"]],
            "value": frame["value"].to_list(),
            "unit": [labels[i]["unit"] for i in frame["indicator_id"]],
            "target": frame["target"].to_list(),
            "achieved_pct": frame["achieved_pct"].to_list(),
        }
    )
    headers = [words["columns"].get(c, c) for c in out.columns]
    headers[0] = "id"
    return Table(
        "summary",
        out,
        headers,
        {"value": "by_row", "target": "by_row", "achieved_pct": "percent"},
        [indicators()[i]["format"] for i in out["indicator_id"]],
    )


def figures_table(name: str, frame: pd.DataFrame, key: str, words: dict[str, Any]) -> Table:
    out = frame.reset_index(drop=True)
    out[key] = out[key].replace(
        {
            TOTAL: words["words"]["all_partners"]
            if key == "partner_id"
            else words["columns"]["total"]
        }
    )
    headers = [words["columns"][key], *(words["indicators"][i]["label"] for i in out.columns[1:])]
    return Table(name, out, headers, {i: indicators()[i]["format"] for i in out.columns[1:]})


def people_sheet(frame: pd.DataFrame, words: dict[str, Any], language: str) -> Table:
    codes = vocabulary().code_words
    out = frame.reset_index()
    out["category"] = [
        words["columns"]["total"]
        if d == TOTAL
        else words["words"]["unknown"]
        if c == "unknown"
        else codes[d][c][language][0]
        for d, c in zip(out["dimension"], out["category"], strict=True)
    ]
    out["dimension"] = [
        words["columns"]["total"] if d == TOTAL else words["dimensions"][d]
        for d in out["dimension"]
    ]
    headers = [
        words["columns"]["dimension"],
        words["columns"]["category"],
        *frame.columns[:-1],
        words["columns"]["total"],
    ]
    return Table("people", out, headers, {c: "integer" for c in frame.columns})


def completeness_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    out = frame.assign(partner_id=frame["partner_id"].fillna(words["words"]["all_partners"]))
    formats = {c: "percent" if c.endswith("_pct") else "integer" for c in out.columns[1:]}
    return Table("completeness", out, [words["columns"][c] for c in out.columns], formats)


def timeliness_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    out = frame.assign(
        due_on=frame["due_on"].astype(str), status=frame["status"].map(words["statuses"])
    )
    return Table(
        "timeliness",
        out,
        [words["columns"][c] for c in out.columns],
        {"tables_expected": "integer", "tables_received": "integer"},
    )


def definitions_table(words: dict[str, Any], k: int, as_of: str | None) -> Table:
    labels = words["indicators"]
    rows = [(labels[i]["label"], labels[i]["unit"], labels[i]["definition"]) for i in indicators()]
    notes = [
        words["words"]["small"].format(mark=disclosure.small_mark(k), k=k),
        words["words"]["complement"],
    ]
    if as_of:
        notes.append(words["words"]["as_of"].format(as_of=as_of))
    rows += [("", "", note) for note in notes]
    out = pd.DataFrame(rows, columns=["indicator", "unit", "definition"])
    return Table("definitions", out, [words["columns"][c] for c in out.columns])


def plain_table(name: str, frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    return Table(
        name,
        frame,
        [words["columns"][c] for c in frame.columns],
        {c: "integer" for c in frame.columns if c == "size_bytes"},
    )
