"""The report's shapes (a Table per sheet, the Report of all of them) and its catalogues: the
indicators it shows (indicators.yaml) and its words in each language (languages/).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from core import i18n
from core.config import Consortium, GrantPeriod
from core.yaml_files import yaml_file

HERE = Path(__file__).parent
DIMENSIONS = ("user_kind", "sex", "age_band", "main_addiction")
TOTAL = "total"
# the residents of a row, counted once over its range and at its end: never published, they hide
# the resident-nights and occupancy that would give them away
RESIDENTS = ("residents_distinct", "residents_month_end")


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one CSV file: canonical column ids, published values."""

    name: str
    frame: pd.DataFrame
    headers: list[str]
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: list[str] = field(default_factory=list)
    """Per row, the format of the columns marked "by_row" (the summary mixes people and hours)."""
    not_reported: dict[str, str] = field(default_factory=dict)
    """Per figure column, the words its NULL reads as in the workbook: no table of the topic was
    in force (a blank would read as a figure forgotten; the CSV files leave the cell empty)."""
    not_applicable: dict[tuple[int, str], str] = field(default_factory=dict)
    """Per row and figure column, the words its NULL reads as instead where the row's partner does
    not run the topic at all: "not reported" would read as a table it left out."""
    keys: tuple[str, ...] = ()
    """Columns that only identify a row for programs (a partner's id): the CSV files keep them,
    the workbook, read by people, leaves them out for the name that stands beside them."""

    def for_people(self) -> Table:
        """The table as people read it: without its `keys`."""
        kept = [c for c in self.frame.columns if c not in self.keys]
        headers = dict(zip(self.frame.columns, self.headers, strict=True))
        return replace(self, frame=self.frame[kept], headers=[headers[c] for c in kept], keys=())


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
    outstanding: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The tables a partner owes for a month of the range whose deadline has passed and that no
    file in force brought (partner_id, period, table_name): the narrative names them."""
    targets_note: str | None = None
    """Why no figure is compared with targets, when the months are not all in one grant period:
    the narrative says it where the comparison would stand, the Definitions sheet among its
    notes."""
    counselling_kinds: tuple[str, ...] = ()
    """The kinds of counselling session held in the range (session_kind codes, in the
    vocabulary's order): the narrative names them."""

    def headline(self) -> dict[str, object]:
        """The summary's published value of every indicator (its rows keyed by indicator id)."""
        return self.tables["summary"].frame["value"].to_dict()


@cache
def indicators() -> dict[str, dict[str, Any]]:
    return yaml_file(HERE / "indicators.yaml")["indicators"]


def reported_indicators(config: Consortium, partner: str | None = None) -> list[str]:
    """The indicators made from the tables the report's partners report, in their order: a
    network of groups has no housing places to show, not a row of zeros."""
    partners = [config.partner(partner)] if partner else config.partners
    tables = {table for p in partners for table in p.tables}
    return [i for i, spec in indicators().items() if tables & set(spec["tables"])]


def grant_periods_not_compared(
    config: Consortium, first: str, last: str, partner: str | None
) -> list[tuple[GrantPeriod, str, str]]:
    """The grant periods the months of first..last are in, each with the range's months in it,
    when some of them sets targets and the export compares its figures with none, as its months
    are not all in one grant period; none when it compares them, or when it could not in any
    case (a partner's export: the targets are the consortium's)."""
    held = config.grant_periods_in(first, last)
    if partner is not None or config.grant_period_holding(first, last) is not None:
        return []
    return held if any(grant.targets for grant, _, _ in held) else []


def language_words(language: str) -> dict[str, Any]:
    return i18n.catalogue(HERE / "languages", language)
