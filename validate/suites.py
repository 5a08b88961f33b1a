"""The rules every submission is checked against, one Great Expectations suite per table.

Each rule carries in its `meta` the feedback catalogue key (`rule`), its severity and the
partner's column it is about; a suite reads as the list of rules a manager could check against
the partners' instructions. Rules that need consortium.yaml read the columns of
validate/derived.py, built per run from the configuration.
"""

from __future__ import annotations

from typing import Any

from core.config import Consortium
from core.personal_data import KINDS
from core.vocabulary import UNCLASSIFIED, Table, vocabulary
from validate.derived import known_site_refs, personal_column, required_column

SESSION_HOURS_MAX = 12
BARC10_MIN, BARC10_MAX = 10, 60
# letters of the partners' alphabets too: a Slovene town's "ČR-03", "ŠL-01"
PSEUDONYMOUS_CODE = r"^[^\W\d_]{1,6}[-_/ ]?\d{1,6}$"
# A partner's own client numbers ("007", 12): pseudonymous within the partner, so codes only
# where partners keep their own (two partners' number 7 are two people)
CLIENT_NUMBER = r"^\d{1,6}$"
NUMERIC_TYPES = ["int", "int64", "Int64", "float", "float64", "Float64"]
DATE_TYPES = ["date", "datetime", "datetime64[ns]", "Timestamp"]
EXPECTED_TYPES = {
    "integer": NUMERIC_TYPES,
    "number": NUMERIC_TYPES,
    "hours": NUMERIC_TYPES,
    "date": DATE_TYPES,
}
TYPE_RULES = {
    "integer": "not_a_whole_number",
    "number": "not_a_number",
    "hours": "not_a_number",
    "date": "not_a_date",
}


def rule(expectation: Any, key: str, severity: str = "error", column: str | None = None) -> Any:
    """An expectation tagged with its catalogue key, severity and the column a partner sees."""
    expectation.meta = {
        "rule": key,
        "severity": severity,
        "column": column
        or getattr(expectation, "column", None)
        or getattr(expectation, "column_B", None),
    }
    return expectation


def table_rules(table: str, config: Consortium) -> list[Any]:
    """Every rule of a table: the ones all tables share, then the table's own."""
    spec = vocabulary().tables[table]
    return [*shape_rules(spec, config), *personal_data_rules(spec), *RULES[table](config)]


def shape_rules(spec: Table, config: Consortium) -> list[Any]:
    """Required columns and values, types, codes in their sets, no negative counts or hours."""
    from validate.gx import gx

    x = gx.expectations
    codes = vocabulary().code_words
    rules = [
        rule(
            x.ExpectColumnValuesToBeInSet(
                column="partner_id", value_set=[p.id for p in config.partners]
            ),
            "partner_not_in_consortium",
        )
    ]
    for column in spec.columns.values():
        if column.required:
            rules.append(rule(x.ExpectColumnToExist(column=column.name), "column_missing"))
            # a column that does not apply to some kinds of user is required of the others only
            needed = required_column(column.name) if column.not_required_for else column.name
            rules.append(
                rule(
                    x.ExpectColumnValuesToNotBeNull(column=needed),
                    "value_required",
                    column=column.name,
                )
            )
        if column.type in EXPECTED_TYPES:
            rules.append(
                rule(
                    x.ExpectColumnValuesToBeInTypeList(
                        column=column.name, type_list=EXPECTED_TYPES[column.type]
                    ),
                    TYPE_RULES[column.type],
                )
            )
        if column.type in ("integer", "number", "hours"):
            rules.append(
                rule(
                    x.ExpectColumnValuesToBeBetween(column=column.name, min_value=0), "not_negative"
                )
            )
        if column.type == "code":
            rules.append(
                rule(
                    x.ExpectColumnValuesToBeInSet(
                        column=column.name, value_set=[*sorted(codes[column.codes]), UNCLASSIFIED]
                    ),
                    "code_not_allowed",
                )
            )
    return rules


def personal_data_rules(spec: Table) -> list[Any]:
    """A text cell holding a national ID number, e-mail, phone number or a name rejects the file;
    so does a name in the partner's own words beside a code ("Individualni pogovor - Marko
    Horvat"), which are kept (the reader refuses identity numbers and e-mails in any cell)."""
    from validate.gx import gx

    x = gx.expectations
    return [
        rule(
            x.ExpectColumnValuesToNotBeInSet(column=personal_column(column.name), value_set=[kind]),
            f"personal_data_{kind}",
            column=column.name,
        )
        for column in spec.columns.values()
        if column.type in ("text", "code")
        for kind in (KINDS if column.type == "text" else ("name",))
    ]


def housing_rules(config: Consortium) -> list[Any]:
    from validate.gx import gx

    x = gx.expectations
    return [
        rule(
            x.ExpectColumnValuesToBeInSet(
                column="site_ref", value_set=known_site_refs(config, {"housing"})
            ),
            "housing_unit_unknown",
            column="site_id",
        ),
        rule(
            x.ExpectCompoundColumnsToBeUnique(
                column_list=["submission_id", "site_ref"], ignore_row_if="any_value_is_missing"
            ),
            "housing_unit_twice",
            column="site_id",
        ),
        rule(
            x.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="places_in_force",
                column_B="residents",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            "residents_over_places",
        ),
        rule(
            x.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="place_nights",
                column_B="resident_nights",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            "nights_over_places",
        ),
        *(
            rule(
                x.ExpectColumnValuesToNotBeInSet(column="closed_when_stated", value_set=[side]),
                f"housing_unit_{side}",
                column="site_id",
            )
            for side in ("before_opening", "after_closing")
        ),
        rule(
            x.ExpectColumnPairValuesToBeEqual(
                column_A="places",
                column_B="places_configured",
                ignore_row_if="either_value_is_missing",
            ),
            "places_differ_from_config",
            "warning",
            column="places",
        ),
    ]


def date_in_month(column: str) -> Any:
    """A dated row belongs to the month the file reports."""
    from validate.gx import gx

    return rule(
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A="date_month", column_B="period", ignore_row_if="either_value_is_missing"
        ),
        "date_outside_month",
        column=column,
    )


def session_hours_in_range() -> Any:
    from validate.gx import gx

    return rule(
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="hours", min_value=0, max_value=SESSION_HOURS_MAX, strict_min=True
        ),
        "session_hours_range",
    )


def row_repeated(table: str, key: str = "row_repeated") -> Any:
    """A row the same in every column as another of its file is counted twice: most often a
    copy, sometimes two sessions alike, so the partner is asked, not refused (a person, once)."""
    from validate.gx import gx

    columns = list(vocabulary().tables[table].columns)
    return rule(
        gx.expectations.ExpectCompoundColumnsToBeUnique(
            column_list=["submission_id", "sheet", *columns], ignore_row_if="never"
        ),
        key,
        "warning",
    )


def codes_allowed(config: Consortium) -> str:
    """What a person's code may look like: a pseudonymous code, or a partner's client number
    where partners do not share codes."""
    if config.reporting.shared_user_codes:
        return PSEUDONYMOUS_CODE
    return f"{PSEUDONYMOUS_CODE}|{CLIENT_NUMBER}"


def counselling_rules(config: Consortium) -> list[Any]:
    from validate.gx import gx

    x = gx.expectations
    return [
        session_hours_in_range(),
        date_in_month("session_on"),
        row_repeated("counselling"),
        rule(
            x.ExpectColumnValuesToMatchRegex(column="user_code", regex=codes_allowed(config)),
            "code_not_pseudonymous",
        ),
    ]


def trainings_rules(config: Consortium) -> list[Any]:
    from validate.gx import gx

    x = gx.expectations
    return [
        rule(
            x.ExpectColumnValuesToBeBetween(column="hours", min_value=0, strict_min=True),
            "hours_positive",
        ),
        date_in_month("held_on"),
        row_repeated("trainings"),
    ]


def groups_rules(config: Consortium) -> list[Any]:
    from validate.gx import gx

    x = gx.expectations
    return [
        session_hours_in_range(),
        date_in_month("held_on"),
        row_repeated("groups"),
        rule(
            x.ExpectColumnValuesToBeInSet(column="site_ref", value_set=known_site_refs(config)),
            "site_unknown",
            column="site_id",
        ),
        rule(
            x.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="group_capacity",
                column_B="participants",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            "participants_over_capacity",
        ),
        rule(
            x.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="assumed_group_capacity",
                column_B="participants",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            "participants_over_assumed_capacity",
            severity="warning",
        ),
    ]


def people_rules(config: Consortium) -> list[Any]:
    from validate.gx import gx

    x = gx.expectations
    return [
        rule(
            x.ExpectColumnValuesToMatchRegex(column="user_code", regex=codes_allowed(config)),
            "code_not_pseudonymous",
        ),
        rule(
            x.ExpectCompoundColumnsToBeUnique(
                column_list=["submission_id", "user_key"], ignore_row_if="any_value_is_missing"
            ),
            "person_twice",
            column="user_code",
        ),
        row_repeated("people", "person_repeated"),
        rule(
            x.ExpectColumnValuesToBeBetween(
                column="barc10", min_value=BARC10_MIN, max_value=BARC10_MAX
            ),
            "barc10_range",
        ),
        rule(
            x.ExpectColumnValuesToBeInSet(
                column="housing_ref", value_set=known_site_refs(config, {"housing"})
            ),
            "housing_unit_unknown",
            column="housing_unit",
        ),
    ]


RULES = {
    "housing": housing_rules,
    "counselling": counselling_rules,
    "trainings": trainings_rules,
    "groups": groups_rules,
    "people": people_rules,
}
