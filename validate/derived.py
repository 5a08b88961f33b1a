"""The columns rules need beside a partner's own: who sent each row and for which month, what
consortium.yaml says about its site, and what kind of personal data a text cell seems to hold.

Adding them as columns lets every rule, even one that needs consortium.yaml, be a plain Great
Expectations expectation over one frame per table and run.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.config import Consortium, Partner, Site
from core.periods import month_end, nights_open
from core.personal_data import personal_data_kinds
from core.vocabulary import Table

DATE_COLUMNS = {"counselling": "session_on", "trainings": "held_on", "groups": "held_on"}
# Text a partner writes in words: a person is a first name before a capitalised word, while two
# capitalised words alone are a place ("Bofellesskap Sandvika"), not a name as in a code column.
FREE_TEXT_COLUMNS = frozenset({"title", "site_id", "housing_unit"})
# what a housing row tells of its unit's month beyond the unit and its places: none of it can be
# of a month the unit was closed throughout
STATED_IN_A_MONTH_OPEN = (
    "residents",
    "resident_nights",
    "admissions",
    "exits_planned",
    "exits_unplanned",
)


def partner_header(table: Table, column: str, language: str) -> str:
    """The header a partner writing `language` sees for a column, as the template writes it."""
    header = table.header(column, language)
    return header[:1].upper() + header[1:]


def personal_column(column: str) -> str:
    return f"personal__{column}"


def required_column(column: str) -> str:
    """The derived column holding a column's value where it applies to the row's kind of user,
    and a placeholder where it does not (main addiction of a relative)."""
    return f"required__{column}"


def site_ref(partner_id: object, site_id: object) -> str | None:
    """How a row names a site, comparable with consortium.yaml: partner and site id, any case."""
    if site_id is None or pd.isna(site_id) or not str(site_id).strip():
        return None
    return f"{partner_id}:{str(site_id).strip().lower()}"


def known_site_refs(config: Consortium, kinds: set[str] | None = None) -> list[str]:
    """The site_ref of every site in consortium.yaml, or of the sites of the given kinds."""
    return sorted(
        f"{p.id}:{s.id.lower()}"
        for p in config.partners
        for s in p.sites
        if kinds is None or s.kind in kinds
    )


def site_figures(config: Consortium, figure: str) -> dict[str, int]:
    """A site's places or capacity by site_ref, where consortium.yaml gives one."""
    return {
        f"{p.id}:{s.id.lower()}": getattr(s, figure)
        for p in config.partners
        for s in p.sites
        if getattr(s, figure) is not None
    }


def places_in_force(housing: pd.DataFrame) -> pd.Series:
    """The places a row states, else those consortium.yaml gives its unit: what its residents and
    nights are checked against, as the figures count them. A unit grown beyond the list is
    checked against what the partner states (the difference is a warning), never refused for a
    list the manager has not updated yet."""
    configured = pd.to_numeric(housing["places_configured"], errors="coerce")
    if "places" not in housing:
        return configured
    return pd.to_numeric(housing["places"], errors="coerce").fillna(configured)


def housing_units(config: Consortium) -> dict[str, Site]:
    """The housing units of consortium.yaml by site_ref."""
    return {
        f"{p.id}:{s.id.lower()}": s for p in config.partners for s in p.sites if s.kind == "housing"
    }


def nights_unit_open(housing: pd.DataFrame, config: Consortium) -> pd.Series:
    """The nights of each row's month its unit was open (every night of the month for a unit
    without `opened` or `closed`, or one consortium.yaml does not list): what its places count
    for, as the figures count them."""
    units = housing_units(config)
    return pd.Series(
        [
            nights_open(period, *open_days(units.get(ref))) if isinstance(period, str) else None
            for ref, period in zip(housing["site_ref"], housing["period"], strict=True)
        ],
        index=housing.index,
        dtype=float,
    )


def open_days(unit: Site | None) -> tuple[date | None, date | None]:
    """A unit's first and last day open, none where consortium.yaml gives none."""
    return (unit.opened, unit.closed) if unit else (None, None)


def closed_when_stated(housing: pd.DataFrame, config: Consortium) -> pd.Series:
    """For a row stating residents, resident-nights, admissions or exits in a month its unit had
    no night open, whether the month came before its opening ("before_opening") or after its
    closing ("after_closing"); None for every other row (a unit stated empty, all its figures
    0, is no problem)."""
    units = housing_units(config)
    stated = pd.concat(
        [stated_count(housing, column) > 0 for column in STATED_IN_A_MONTH_OPEN], axis=1
    ).any(axis=1)
    return pd.Series(
        [
            closed_side(units.get(ref), period) if is_stated else None
            for ref, period, is_stated in zip(
                housing["site_ref"], housing["period"], stated, strict=True
            )
        ],
        index=housing.index,
        dtype=object,
    )


def stated_count(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(0, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").fillna(0)


def closed_side(unit: Site | None, period: object) -> str | None:
    if unit is None or not isinstance(period, str) or nights_open(period, *open_days(unit)):
        return None
    return "before_opening" if unit.opened and month_end(period) < unit.opened else "after_closing"


def month_of(dates: pd.Series) -> pd.Series:
    months = pd.to_datetime(dates, errors="coerce").dt.strftime("%Y-%m")
    return months.astype(object).where(months.notna(), None)


def only_group_site(partner: Partner | None) -> str | None:
    groups = [s for s in (partner.sites if partner else ()) if s.kind == "group"]
    return groups[0].id if len(groups) == 1 else None


def with_rule_columns(table: Table, frame: pd.DataFrame, config: Consortium) -> pd.DataFrame:
    """The table's rows with the derived columns its rules read."""
    out = frame.copy()
    for column in table.columns.values():
        if not column.required and column.name not in out:
            out[column.name] = None
    for column in table.columns.values():
        if column.type == "code" and f"{column.name}_text" in out:
            # the partner's own words beside a code are kept: a name among them never is
            out[personal_column(column.name)] = personal_data_kinds(
                out[f"{column.name}_text"], free_text=True
            )
        if column.type == "text" and column.name in out:
            # a user code is checked as written, before dashes and dots were dropped from it
            written = (
                out[f"{column.name}_text"] if f"{column.name}_text" in out else out[column.name]
            )
            out[personal_column(column.name)] = personal_data_kinds(
                written, free_text=column.name in FREE_TEXT_COLUMNS
            )
    for column in table.columns.values():
        for other, exempt in column.not_required_for:
            if column.name not in out:
                continue
            if other in out:
                out[required_column(column.name)] = out[column.name].where(
                    ~out[other].isin(exempt), "not applicable"
                )
            else:
                out[required_column(column.name)] = out[column.name]
    if table.name in DATE_COLUMNS and DATE_COLUMNS[table.name] in out:
        out["date_month"] = month_of(out[DATE_COLUMNS[table.name]])
    if "site_id" in out:
        out["site_ref"] = [
            site_ref(p, s) for p, s in zip(out["partner_id"], out["site_id"], strict=True)
        ]
    if table.name == "housing":
        out["places_configured"] = out["site_ref"].map(site_figures(config, "places"))
        out["places_in_force"] = places_in_force(out)
        # a month its unit was closed all along is told as such, not as too many nights
        nights = nights_unit_open(out, config)
        out["place_nights"] = (out["places_in_force"] * nights).where(nights > 0)
        out["closed_when_stated"] = closed_when_stated(out, config)
    if table.name == "groups":
        out["group_capacity"] = group_capacity(out, config)
        out["assumed_group_capacity"] = group_capacity(out, config, assumed=True)
    if table.name == "people":
        out["housing_ref"] = [
            site_ref(p, s) for p, s in zip(out["partner_id"], out["housing_unit"], strict=True)
        ]
        out["user_key"] = (
            out["user_code"]
            .astype(object)
            .map(lambda c: None if c is None or pd.isna(c) else str(c).strip().upper())
            .where(~repeats_a_row(out, table), None)
            if "user_code" in out
            else None
        )
    return out


def repeats_a_row(frame: pd.DataFrame, table: Table) -> pd.Series:
    """Rows the same in every column as an earlier row of their sheet: a person entered twice
    alike is still one person (a warning), not two people under one code (an error)."""
    return frame.duplicated(
        subset=["submission_id", "sheet", *(c for c in table.columns if c in frame)]
    )


def group_capacity(frame: pd.DataFrame, config: Consortium, *, assumed: bool = False) -> pd.Series:
    """The capacity of the group a support-group meeting was held in, by the site its row names;
    `assumed`: of the partner's only group, for a row naming none (it may be another meeting, a
    family evening, so exceeding it is only a warning)."""
    capacities = site_figures(config, "capacity")
    refs = [
        (
            site_ref(partner, only_group_site(config.partner(partner)))
            if kind == "support_group" and not ref
            else None
        )
        if assumed
        else ref
        for partner, ref, kind in zip(
            frame["partner_id"], frame["site_ref"], frame["activity_kind"], strict=True
        )
    ]
    return pd.Series(refs, index=frame.index, dtype=object).map(capacities)
