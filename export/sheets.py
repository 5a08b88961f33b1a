"""The report's frames as sheets: canonical columns with their headers and number formats in the
report's language.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core import i18n
from core.config import Consortium
from core.messages import table_names
from export.model import (
    TOTAL,
    Table,
    grant_periods_not_compared,
    indicators,
    reported_indicators,
)
from publish import disclosure, formats
from publish.labels import Labels

# a partner's id is the key a program joins on; people read the name beside it
PARTNER_KEY = ("partner_id",)


def partner_named(frame: pd.DataFrame, config: Consortium, everyone: str) -> pd.DataFrame:
    """`frame` with each partner's name as consortium.yaml gives it right after its partner_id:
    a funder knows the organisations, not their ids. The row of all partners (its id TOTAL or
    none) is named `everyone`."""
    names = [
        everyone if pd.isna(p) or p == TOTAL else config.partner_name(p)
        for p in frame["partner_id"]
    ]
    out = frame.copy()
    out.insert(out.columns.get_loc("partner_id") + 1, "partner_name", names)
    return out


def summary_table(frame: pd.DataFrame, words: dict[str, Any]) -> Table:
    """Each indicator by its name in the report's language, its value, unit and target. Its id
    keys the rows (the index), for the narrative and charts, and is written in no file: the
    workbook and CSV are in the consortium's language, and README names the ids that files keep
    (the CSV's `partner_id`)."""
    labels = words["indicators"]
    ids = pd.Index(frame["indicator_id"].to_list(), name="indicator_id")
    out = pd.DataFrame(
        {
            "indicator": [labels[i]["label"] for i in ids],
            "value": frame["value"].to_list(),
            "unit": [labels[i]["unit"] for i in ids],
            "target": frame["target"].to_list(),
            "achieved_pct": frame["achieved_pct"].to_list(),
        },
        index=ids,
    )
    return Table(
        "summary",
        out,
        [words["columns"][c] for c in out.columns],
        {"value": "by_row", "target": "by_row", "achieved_pct": "percent_value"},
        [indicators()[i]["format"] for i in ids],
        {"value": words["words"]["not_reported"]},
    )


def figures_table(
    name: str,
    frame: pd.DataFrame,
    key: str,
    words: dict[str, Any],
    config: Consortium,
    not_applicable: dict[tuple[int, str], str] | None = None,
) -> Table:
    """The figures of each partner or month (`key`), then of the range."""
    out = frame.reset_index(drop=True)
    shown = list(out.columns[1:])
    everyone = words["words"]["all_partners"]
    if key == "partner_id":
        out = partner_named(out, config, everyone)
    out[key] = out[key].replace(
        {TOTAL: everyone if key == "partner_id" else words["columns"]["total"]}
    )
    headers = [
        *(words["columns"][c] for c in out.columns if c not in shown),
        *(words["indicators"][i]["label"] for i in shown),
    ]
    return Table(
        name,
        out,
        headers,
        {
            **({"period": "month"} if key == "period" else {}),
            **{i: indicators()[i]["format"] for i in shown},
        },
        not_reported={i: words["words"]["not_reported"] for i in shown},
        not_applicable=not_applicable or {},
        keys=PARTNER_KEY if key == "partner_id" else (),
    )


def services_not_run(
    config: Consortium, partners: pd.Series, figures: list[str], words: dict[str, Any]
) -> dict[tuple[int, str], str]:
    """Per row of `partners` and figure whose topic that partner does not run at all (none of the
    figure's tables is among its `tables` in consortium.yaml), the words "not applicable"."""
    runs = {p.id: set(reported_indicators(config, p.id)) for p in config.partners}
    return {
        (row, figure): words["words"]["not_applicable"]
        for row, partner in enumerate(partners)
        if partner in runs
        for figure in figures
        if figure not in runs[partner]
    }


def months_not_owed(
    config: Consortium,
    periods: pd.Series,
    grid: pd.DataFrame,
    figures: list[str],
    words: dict[str, Any],
) -> dict[tuple[int, str], str]:
    """Per row of `periods` (the range's total row included) and figure that no partner due that
    month (the completeness grid's expected partner-months) owes, the words "not applicable": a
    month before anyone reports reads as nothing owed, not as a table left out."""
    runs = {p.id: set(reported_indicators(config, p.id)) for p in config.partners}
    due = grid.groupby("period")["partner_id"].agg(set).to_dict()
    due[TOTAL] = set(grid["partner_id"])
    return {
        (row, figure): words["words"]["not_applicable"]
        for row, period in enumerate(periods)
        for figure in figures
        if not any(figure in runs.get(p, ()) for p in due.get(period, ()))
    }


def people_not_owed(
    config: Consortium, frame: pd.DataFrame, words: dict[str, Any]
) -> dict[tuple[int, str], str]:
    """Per row and partner column of the people table whose partner reports neither people nor
    counselling (the tables the people served come from), the words "not applicable"."""
    owes = {p.id: "people_distinct" in reported_indicators(config, p.id) for p in config.partners}
    return {
        (row, partner): words["words"]["not_applicable"]
        for partner in frame.columns
        if owes.get(partner) is False
        for row in range(len(frame))
    }


def category_word(dimension: str, category: str, language: str) -> str:
    """The word of a category of the people sheet, as the site's pages name it (publish.labels):
    a grant report and the dashboards never call one group of people two names. A category no
    catalogue names is shown by its code, never left out."""
    return Labels(language).code(dimension, category)


def people_sheet(
    frame: pd.DataFrame, words: dict[str, Any], language: str, config: Consortium
) -> Table:
    """People by dimension and category, a column per partner headed by its name (in the CSV
    file as in the workbook), then the total column."""
    out = frame.reset_index()
    out["category"] = [
        words["columns"]["total"] if d == TOTAL else category_word(d, c, language)
        for d, c in zip(out["dimension"], out["category"], strict=True)
    ]
    out["dimension"] = [
        words["columns"]["total"] if d == TOTAL else words["dimensions"][d]
        for d in out["dimension"]
    ]
    headers = [
        words["columns"]["dimension"],
        words["columns"]["category"],
        *(config.partner_name(p) for p in frame.columns[:-1]),
        words["columns"]["total"],
    ]
    return Table(
        "people",
        out,
        headers,
        {c: "integer" for c in frame.columns},
        not_reported={c: words["words"]["not_reported"] for c in frame.columns},
        not_applicable=people_not_owed(config, frame, words),
    )


def completeness_table(frame: pd.DataFrame, words: dict[str, Any], config: Consortium) -> Table:
    everyone = words["words"]["all_partners"]
    out = partner_named(frame, config, everyone)
    out = out.assign(partner_id=out["partner_id"].fillna(everyone))
    formats = {c: "percent_value" if c.endswith("_pct") else "integer" for c in out.columns[2:]}
    return Table(
        "completeness", out, [words["columns"][c] for c in out.columns], formats, keys=PARTNER_KEY
    )


def timeliness_table(frame: pd.DataFrame, words: dict[str, Any], config: Consortium) -> Table:
    out = partner_named(frame, config, words["words"]["all_partners"]).assign(
        due_on=frame["due_on"].astype(str), status=frame["status"].map(words["statuses"])
    )
    return Table(
        "timeliness",
        out,
        [words["columns"][c] for c in out.columns],
        {
            "period": "month",
            "due_on": "day",
            "first_accepted_at": "time",
            "tables_expected": "integer",
            "tables_received": "integer",
        },
        keys=PARTNER_KEY,
    )


def targets_note(
    config: Consortium,
    first: str,
    last: str,
    partner: str | None,
    words: dict[str, Any],
    language: str,
) -> str | None:
    """Why no figure of first..last is compared with targets, naming the grant periods its months
    are in with their months, when they are not all in one; None when nothing needs saying."""
    held = grant_periods_not_compared(config, first, last, partner)
    if not held:
        return None
    grants = "; ".join(
        words["words"]["grant_months"].format(
            grant=grant.name,
            first=formats.month(grant.start, language),
            last=formats.month(grant.end, language),
        )
        for grant, _, _ in held
    )
    return words["words"]["targets_not_compared"].format(grants=grants)


def definitions_table(
    words: dict[str, Any],
    language: str,
    k: int,
    as_of: str | None,
    shown: list[str],
    targets_note: str | None = None,
) -> Table:
    """The definition of each indicator `shown`, then how small counts are marked ("fewer than
    3 people", its noun in the form k takes: "3 osoby", "5 osób"), and why no figure is compared
    with targets when none is (`targets_note`)."""
    labels = words["indicators"]
    rows = [(labels[i]["label"], labels[i]["unit"], labels[i]["definition"]) for i in shown]
    notes = [
        words["words"]["small"].format(
            mark=disclosure.small_mark(k),
            people=i18n.counted(words["words"]["small_people"], language, k),
        ),
        words["words"]["complement"],
        words["words"]["not_reported_note"].format(not_reported=words["words"]["not_reported"]),
        words["words"]["not_applicable_note"].format(
            not_applicable=words["words"]["not_applicable"]
        ),
    ]
    if as_of:
        notes.append(words["words"]["as_of"].format(as_of=as_of))
    if targets_note:
        notes.append(targets_note)
    rows += [("", "", note) for note in notes]
    out = pd.DataFrame(rows, columns=["indicator", "unit", "definition"])
    return Table("definitions", out, [words["columns"][c] for c in out.columns])


def sources_table(
    frame: pd.DataFrame, words: dict[str, Any], config: Consortium, language: str
) -> Table:
    """The files behind the figures, their tables and status in the report's language."""
    out = partner_named(frame, config, words["words"]["all_partners"])
    out["tables"] = [table_names(str(tables).split(", "), language) for tables in out["tables"]]
    out["status"] = [words["file_statuses"].get(status, status) for status in out["status"]]
    return Table(
        "sources",
        out,
        [words["columns"][c] for c in out.columns],
        {
            "period": "month",
            "size_bytes": "integer",
            "received_at": "time_seconds",
        },
        keys=PARTNER_KEY,
    )
