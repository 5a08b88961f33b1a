"""The tables of a grant report, as they may be published: figures from the warehouse's
figures API (transforms.figures, the same definitions the dashboards and `consortium figures`
use; rounding, shares and percentages included), people counts passed through disclosure
control, words in the report's language.

Every writer (workbook, CSV, charts, narrative) reads these tables, so the files of one export
can never disagree with each other. The steps live apart: fetch (the warehouse's figures),
frames (as the report keys them), suppression (disclosure control), sheets (words and formats);
model holds the shapes and catalogues.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from core.config import Consortium
from export.fetch import CHART_COLUMNS, as_of_time, warehouse_figures
from export.frames import (
    completeness_frame,
    indicator_frame,
    people_table,
    residents_frame,
    sources_frame,
    summary_frame,
    timeliness_frame,
    with_total,
)
from export.model import (
    HERE,
    TOTAL,
    Report,
    Table,
    indicators,
    language_words,
    reported_indicators,
)
from export.sheets import (
    completeness_table,
    definitions_table,
    figures_table,
    months_not_owed,
    people_sheet,
    services_not_run,
    sources_table,
    summary_table,
    targets_note,
    timeliness_table,
)
from export.suppression import publish
from publish.site_plan import SiteMonth

__all__ = ["HERE", "TOTAL", "Report", "Table", "build_report", "indicators", "language_words"]


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
    whole = pd.DataFrame([warehouse.total])
    total = indicator_frame(con, whole)
    per_partner = with_total(indicator_frame(con, warehouse.per_partner), total, "partner_id")
    per_month = with_total(indicator_frame(con, warehouse.per_month), total, "period")
    one_month = first == last
    residents = {
        "per_partner": residents_frame(
            warehouse.per_partner, whole, "partner_id", months=one_month, one_month=one_month
        ),
        "per_month": residents_frame(
            warehouse.per_month, whole, "period", months=True, one_month=one_month
        ),
    }
    # the grant's targets are the consortium's, each grant period's for its own months: no
    # partner's share of them is set, and a range of two grant periods (or partly of none) is
    # compared with neither's
    grant = None if partner else config.grant_period_holding(first, last)
    summary = summary_frame(con, whole, total, grant.id if grant else None)
    note = targets_note(config, first, last, partner, words, language)
    people = people_table(warehouse.people, per_partner["people_distinct"])
    # read beside the site of its last month, whose figures it shows again; an export as of an
    # earlier day has figures the site no longer shows
    site = SiteMonth(config, con, last) if as_of is None else None
    published = publish(
        config,
        summary,
        per_partner,
        per_month,
        people,
        residents,
        site=site,
        first=first,
        partner=partner,
    )
    shown = reported_indicators(config, partner)
    summary = published["summary"][published["summary"]["indicator_id"].isin(shown)]
    per_partner, per_month = published["per_partner"], published["per_month"]
    tables = {
        "summary": summary_table(summary, words),
        "per_partner": figures_table(
            "per_partner",
            per_partner[["partner_id", *shown]],
            "partner_id",
            words,
            config,
            services_not_run(config, per_partner["partner_id"], shown, words),
        ),
        "per_month": figures_table(
            "per_month",
            per_month[["period", *shown]],
            "period",
            words,
            config,
            months_not_owed(config, per_month["period"], warehouse.grid, shown, words),
        ),
        "people": people_sheet(published["people"], words, language, config),
        "completeness": completeness_table(
            completeness_frame(warehouse.completeness), words, config
        ),
        "timeliness": timeliness_table(timeliness_frame(warehouse.grid, timezone), words, config),
        "definitions": definitions_table(
            words, language, config.reporting.disclosure_k, as_of, shown, note
        ),
        "sources": sources_table(
            sources_frame(warehouse.sources, timezone), words, config, language
        ),
    }
    months = warehouse.partner_months[CHART_COLUMNS]
    return Report(
        config,
        first,
        last,
        partner,
        language,
        as_of,
        tables,
        months,
        words,
        warehouse.outstanding,
        note,
        warehouse.counselling_kinds,
    )
