"""The tables of a grant report, as they may be published: figures from the SQL under
export/queries, people counts passed through disclosure control, words in the report's language.

Every writer (workbook, CSV, charts, narrative) reads these tables, so the files of one export
can never disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import yaml

from consortium.config import Consortium
from export import disclosure
from export.disclosure import Cell, Sum
from transforms.runner import models_as_of

HERE = Path(__file__).parent
QUERIES = HERE / "queries"
VOCABULARY = HERE.parent / "collect" / "vocabulary.yaml"
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


@cache
def language_words(language: str) -> dict[str, Any]:
    return yaml.safe_load((HERE / "languages" / f"{language}.yaml").read_text(encoding="utf-8"))


@cache
def vocabulary_codes() -> dict[str, Any]:
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))["codes"]


def query(name: str) -> str:
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def as_of_time(as_of: str | None, timezone: str) -> datetime | None:
    """The end of the as-of day in the consortium's time zone: files received that day count."""
    if as_of is None:
        return None
    return datetime.combine(datetime.strptime(as_of, "%Y-%m-%d").date(), time.max, ZoneInfo(timezone))


def register_inputs(con: duckdb.DuckDBPyConnection, config: Consortium, last: str) -> None:
    """The configuration the queries join to: partners, the indicator catalogue, targets, codes."""
    partners = pd.DataFrame({
        "partner_id": [p.id for p in config.partners],
        "reports_from": [p.reports_from for p in config.partners],
        "reports_until": pd.Series([p.reports_until for p in config.partners], dtype="string"),
        "tables": [list(p.tables) for p in config.partners],
    })
    catalogue = pd.DataFrame({"indicator_id": list(indicators()), "position": range(len(indicators()))})
    targets = config.grant_period_of(last).targets
    target_frame = pd.DataFrame({"indicator_id": list(targets), "target": [float(v) for v in targets.values()]},
                                columns=["indicator_id", "target"])
    codes = vocabulary_codes()
    categories = [(d, c) for d in DIMENSIONS for c in [*codes[d], "unknown"]]
    category_frame = pd.DataFrame(categories, columns=["dimension", "category"]).assign(position=range(len(categories)))
    for name, frame in (("report_partners", partners), ("report_indicators", catalogue),
                        ("report_targets", target_frame.astype({"target": "float64"})),
                        ("report_categories", category_frame)):
        con.register(name, frame)


def run_queries(con: duckdb.DuckDBPyConnection, config: Consortium, first: str, last: str,
                partner: str | None) -> dict[str, pd.DataFrame]:
    scope = {"first": first, "last": last, "partner": partner}
    zone = {"tz": config.reporting.schedule.timezone}
    con.execute(f"create or replace temp table report_figures as {query('figures')}", scope)
    con.execute(f"create or replace temp table report_timeliness as {query('timeliness')}",
                {**scope, **zone, "deadline_day": config.reporting.deadline_day})
    return {
        "figures": con.execute("select * from report_figures").df(),
        "summary": con.execute(query("summary")).df(),
        "breakdown": con.execute(query("breakdown"), scope).df(),
        "timeliness": con.execute("select * from report_timeliness").df(),
        "completeness": con.execute(query("completeness")).df(),
        "sources": con.execute(query("sources"), {**scope, **zone}).df(),
    }


def hidden_kinds(config: Consortium) -> set[str]:
    return {"people", "activity", "hours"} if config.reporting.suppress_hours else {"people"}


def build_report(con: duckdb.DuckDBPyConnection, config: Consortium, first: str, last: str, *,
                 partner: str | None = None, language: str | None = None, as_of: str | None = None) -> Report:
    """Every table of the export of months first..last, disclosure control applied."""
    language = language or config.language
    words = language_words(language)
    with models_as_of(con, as_of_time(as_of, config.reporting.schedule.timezone)):
        register_inputs(con, config, last)
        raw = run_queries(con, config, first, last, partner)
    figures = raw["figures"]
    grain = {g: rows.drop(columns="grain").reset_index(drop=True) for g, rows in figures.groupby("grain")}
    per_partner = with_total(grain["partner"], grain["total"], "partner_id")
    per_month = with_total(grain["month"], grain["total"], "period")
    summary = raw["summary"].set_index("indicator_id", drop=False)
    people = people_table(raw["breakdown"], grain)
    published = publish(config, summary, per_partner, per_month, people)
    tables = {
        "summary": summary_table(published["summary"], words),
        "per_partner": figures_table("per_partner", published["per_partner"], "partner_id", words),
        "per_month": figures_table("per_month", published["per_month"], "period", words),
        "people": people_sheet(published["people"], words, language),
        "completeness": completeness_table(raw["completeness"], words),
        "timeliness": timeliness_table(raw["timeliness"], words),
        "definitions": definitions_table(words, config.reporting.disclosure_k, as_of),
        "sources": plain_table("sources", raw["sources"], words),
    }
    months = grain["partner_month"][["partner_id", "period", "counselling_hours", "group_meetings"]]
    return Report(config, first, last, partner, language, as_of, tables, months, words)


def with_total(rows: pd.DataFrame, total: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows keyed by `key`, then the range's total row, keyed "total"."""
    frame = pd.concat([rows, total.assign(**{key: TOTAL})], ignore_index=True)
    return frame.drop(columns=[c for c in ("partner_id", "period") if c != key]).set_index(key, drop=False)


def people_table(breakdown: pd.DataFrame, grain: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Distinct people by dimension and category (rows) and partner (columns), then a total row
    and a total column: the people of the partner, which every dimension adds up to."""
    columns = breakdown.assign(partner_id=breakdown["partner_id"].fillna(TOTAL))
    wide = columns.pivot(index=["dimension", "category"], columns="partner_id", values="people")
    partners = [p for p in dict.fromkeys(columns["partner_id"]) if p != TOTAL]
    wide = wide.reindex(index=pd.MultiIndex.from_frame(columns[["dimension", "category"]].drop_duplicates()),
                        columns=[*partners, TOTAL])
    totals = pd.concat([grain["partner"].set_index("partner_id")["people_distinct"],
                        grain["total"].assign(partner_id=TOTAL).set_index("partner_id")["people_distinct"]])
    wide.loc[(TOTAL, TOTAL), :] = totals.reindex(wide.columns).to_numpy()
    return wide.astype("int64")


def publish(config: Consortium, summary: pd.DataFrame, per_partner: pd.DataFrame, per_month: pd.DataFrame,
            people: pd.DataFrame) -> dict[str, pd.DataFrame]:
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
        *disclosure.table_sums("people", people, list(people.columns), total_row=(TOTAL, TOTAL),
                               total_column=TOTAL, row_groups=groups),
    ]
    same = [
        *([("summary", i, "value"), ("per_partner", TOTAL, i), ("per_month", TOTAL, i)] for i in summary_rows.index),
        *([("per_partner", p, "people_distinct"), ("people", (TOTAL, TOTAL), p)] for p in people.columns),
    ]
    small, complements = disclosure.hidden_cells(values, k, sums, same)
    out = {name: disclosure.masked(frame, name, small, complements, k)
           for name, frame in (("summary", summary), ("per_partner", per_partner), ("per_month", per_month),
                               ("people", people))}
    hidden_values = out["summary"]["value"].map(lambda v: isinstance(v, str))
    out["summary"].loc[hidden_values, "achieved_pct"] = disclosure.COMPLEMENTARY_MARK
    return out


def summary_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    labels = words["indicators"]
    out = pd.DataFrame({
        "indicator_id": frame["indicator_id"].to_list(),
        "indicator": [labels[i]["label"] for i in frame["indicator_id"]],
        "value": frame["value"].to_list(),
        "unit": [labels[i]["unit"] for i in frame["indicator_id"]],
        "target": frame["target"].to_list(),
        "achieved_pct": frame["achieved_pct"].to_list(),
    })
    headers = [words["columns"].get(c, c) for c in out.columns]
    headers[0] = "id"
    return Table("summary", out, headers, {"value": "by_row", "target": "by_row", "achieved_pct": "percent"},
                 [indicators()[i]["format"] for i in out["indicator_id"]])


def figures_table(name: str, frame: pd.DataFrame, key: str, words: dict[str, Any]) -> Table:
    out = frame.reset_index(drop=True)
    out[key] = out[key].replace({TOTAL: words["words"]["all_partners"] if key == "partner_id" else words["columns"]["total"]})
    headers = [words["columns"][key], *(words["indicators"][i]["label"] for i in out.columns[1:])]
    return Table(name, out, headers, {i: indicators()[i]["format"] for i in out.columns[1:]})


def people_sheet(frame: pd.DataFrame, words: dict[str, Any], language: str) -> Table:
    codes = vocabulary_codes()
    out = frame.reset_index()
    out["category"] = [
        words["columns"]["total"] if d == TOTAL else words["words"]["unknown"] if c == "unknown"
        else codes[d][c][language][0]
        for d, c in zip(out["dimension"], out["category"], strict=True)
    ]
    out["dimension"] = [words["columns"]["total"] if d == TOTAL else words["dimensions"][d] for d in out["dimension"]]
    headers = [words["columns"]["dimension"], words["columns"]["category"], *frame.columns[:-1], words["columns"]["total"]]
    return Table("people", out, headers, {c: "integer" for c in frame.columns})


def completeness_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    out = frame.assign(partner_id=frame["partner_id"].fillna(words["words"]["all_partners"]))
    formats = {c: "percent" if c.endswith("_pct") else "integer" for c in out.columns[1:]}
    return Table("completeness", out, [words["columns"][c] for c in out.columns], formats)


def timeliness_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    out = frame.assign(due_on=frame["due_on"].astype(str), status=frame["status"].map(words["statuses"]))
    return Table("timeliness", out, [words["columns"][c] for c in out.columns],
                 {"tables_expected": "integer", "tables_received": "integer"})


def definitions_table(words: dict[str, Any], k: int, as_of: str | None) -> Table:
    labels = words["indicators"]
    rows = [(labels[i]["label"], labels[i]["unit"], labels[i]["definition"]) for i in indicators()]
    notes = [words["words"]["small"].format(mark=disclosure.small_mark(k), k=k), words["words"]["complement"]]
    if as_of:
        notes.append(words["words"]["as_of"].format(as_of=as_of))
    rows += [("", "", note) for note in notes]
    out = pd.DataFrame(rows, columns=["indicator", "unit", "definition"])
    return Table("definitions", out, [words["columns"][c] for c in out.columns])


def plain_table(name: str, frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    return Table(name, frame, [words["columns"][c] for c in frame.columns],
                 {c: "integer" for c in frame.columns if c == "size_bytes"})
