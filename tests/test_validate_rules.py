"""Every validation rule, each on a small real file read by intake and checked by Great Expectations."""

from datetime import datetime

import pytest
from own_sheets_support import read, workbook
from partner_files import checked

from core.config import Workspace
from core.messages import rule_message
from validate.run import validate_submissions

COUNSELLING_SL = ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"]
HOUSING_SL = [
    "Enota",
    "Mesta",
    "Stanovalci",
    "Nočitve",
    "Sprejemi",
    "Načrtovani odhodi",
    "Nenačrtovani odhodi",
]
PEOPLE_SL = ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost", "BARC-10"]
GROUPS_BS = ["Datum", "Vrsta aktivnosti", "Grupa", "Učesnici", "Sati"]
TRAININGS_SL = ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]


def rules_at(sub):
    return {(p.rule, p.row, p.column) for p in sub.problems}


def test_valid_counselling_file_is_accepted(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [
            ["4. 3. 2025", "LJ-0001", "individualno", "1,5"],
            ["5. 3. 2025", "LJ-0002", "družinsko", "1:00"],
        ],
    )
    assert sub.problems == []
    assert sub.status == "accepted"


def test_missing_required_column_rejects_the_file(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL[:3],
        [["4. 3. 2025", "LJ-0001", "individualno"]],
    )
    assert sub.status == "rejected"
    assert "column_missing" in {p.rule for p in sub.errors}


def test_empty_required_cell_is_named_by_row_and_column(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "", "individualno", "1"]],
    )
    # the header is line 1, so the first session is line 2
    assert ("value_required", 2, "Šifra uporabnika") in rules_at(sub)


def required_fix(workspace, tmp_path, name, sheets, language):
    """The fix told for the one value left out of a workbook's sheet, in `language`."""
    sub = read(workspace, workbook(tmp_path / name, sheets), "most-si", validate=True)
    [problem] = [p for p in sub.errors if p.rule == "value_required"]
    return rule_message(problem, language)[1]


PEOPLE_WITHOUT_SEX = {
    "Uporabniki": [
        ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"],
        ["LJ-0001", "uporabnik", "M", 34, "alkohol"],
        ["LJ-0002", "uporabnik", None, 44, "alkohol"],
    ]
}
SESSION_WITHOUT_HOURS = {
    "Svetovanje": [COUNSELLING_SL, [datetime(2026, 10, 6), "LJ-0001", "individualno", None]]
}


def test_a_person_left_without_a_value_is_told_what_to_fill_in_not_to_write_cancelled(
    workspace, tmp_path
):
    fix = required_fix(
        workspace, tmp_path, "uporabniki_oktober_2026.xlsx", PEOPLE_WITHOUT_SEX, "en"
    )
    # a person is no session that did not take place: the fix names what a person's row asks
    assert "cancelled" not in fix
    assert "sex" in fix and "“?”" in fix


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_the_fix_for_a_persons_value_differs_from_a_sessions_in_every_language(
    workspace, tmp_path, language
):
    person = required_fix(
        workspace, tmp_path, "uporabniki_oktober_2026.xlsx", PEOPLE_WITHOUT_SEX, language
    )
    session = required_fix(
        workspace, tmp_path, "svetovanje_oktober_2026.xlsx", SESSION_WITHOUT_HOURS, language
    )
    assert person != session and "“?”" in person


def test_a_session_left_without_hours_is_still_told_it_may_not_have_taken_place(
    workspace, tmp_path
):
    fix = required_fix(
        workspace, tmp_path, "svetovanje_oktober_2026.xlsx", SESSION_WITHOUT_HOURS, "en"
    )
    assert "cancelled" in fix


def test_a_housing_unit_left_without_a_figure_is_told_to_write_0_not_cancelled(workspace, tmp_path):
    sheets = {"Bivanje": [HOUSING_SL, ["BS-LJ1", 4, 3, 90, None, 0, 0]]}
    fix = required_fix(workspace, tmp_path, "bivanje_oktober_2026.xlsx", sheets, "en")
    assert "cancelled" not in fix and "0" in fix


def test_hours_that_are_not_a_number_are_rejected(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "individualno", "po dogovoru"]],
    )
    assert sub.status == "rejected"
    assert {(p.rule, p.row) for p in sub.errors} == {("not_a_number", 2)}


def test_negative_count_is_rejected(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", 4, -1, 0, 0, 0, 0]])
    assert ("not_negative", 2, "Stanovalci") in rules_at(sub)


@pytest.mark.parametrize("hours", ["0", "12,5"])
def test_session_outside_0_to_12_hours_is_rejected(workspace, hours):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "individualno", hours]],
    )
    assert ("session_hours_range", 2, "Ure") in rules_at(sub)


def test_session_of_exactly_12_hours_is_accepted(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "individualno", "12"]],
    )
    assert sub.status == "accepted"


def test_more_residents_than_the_places_the_row_states_is_rejected(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", 4, 5, 120, 0, 0, 0]])
    assert ("residents_over_places", 2, "Stanovalci") in rules_at(sub)


def test_more_residents_than_the_configured_places_without_places_stated_is_rejected(workspace):
    # BS-LJ1 has 4 places in consortium.yaml
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", "", 5, 120, 0, 0, 0]])
    assert ("residents_over_places", 2, "Stanovalci") in rules_at(sub)


def test_a_unit_grown_beyond_its_configured_places_is_checked_against_the_places_it_states(
    workspace,
):
    # BS-LJ1 has 4 places in consortium.yaml; it now has 6, 5 residents, 150 of 6 x 31 nights
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", 6, 5, 150, 0, 0, 0]])
    assert sub.status == "accepted_with_warnings"
    assert {p.rule for p in sub.problems} == {"places_differ_from_config"}


def test_resident_nights_beyond_places_times_days_are_rejected(workspace):
    # 4 places x 31 days of March = 124 nights at most
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", 4, 4, 125, 0, 0, 0]])
    assert ("nights_over_places", 2, "Nočitve") in rules_at(sub)


def test_places_differing_from_the_configuration_are_a_warning(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-LJ1", 5, 4, 100, 0, 0, 0]])
    assert sub.status == "accepted_with_warnings"
    assert {(p.rule, p.column) for p in sub.warnings} == {("places_differ_from_config", "Mesta")}


def test_same_housing_unit_twice_in_a_month_is_rejected(workspace):
    sub = checked(
        workspace,
        "bivanje_2025-03.csv",
        HOUSING_SL,
        [["BS-LJ1", 4, 3, 90, 0, 0, 0], ["bs-lj1", 4, 3, 90, 0, 0, 0]],
    )
    assert {p.row for p in sub.errors if p.rule == "housing_unit_twice"} == {2, 3}


def test_housing_unit_unknown_to_the_consortium_is_rejected(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-XX", 4, 3, 90, 0, 0, 0]])
    assert ("housing_unit_unknown", 2, "Enota") in rules_at(sub)


def test_an_unknown_housing_unit_is_answered_with_the_partners_own_units(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-XX", 4, 3, 90, 0, 0, 0]])
    [problem] = [p for p in sub.problems if p.rule == "housing_unit_unknown"]
    _, fix = rule_message(problem, "sl")
    # MOST's housing units, not its counselling office nor another partner's groups
    assert "BS-LJ1 (Bivanjska skupnost Ljubljana 1)" in fix and "BS-KP" in fix
    assert "SV-LJ" not in fix and "GP-SA" not in fix


def test_participants_over_the_group_capacity_are_rejected(workspace):
    # GP-SA holds 20 people
    sub = checked(
        workspace,
        "grupe_2025-03.csv",
        GROUPS_BS,
        [["6.3.2025.", "grupa podrške", "GP-SA", 21, 2]],
        partner="oporavak-ba",
    )
    assert ("participants_over_capacity", 2, "Učesnici") in rules_at(sub)


def test_support_group_without_a_site_over_the_partners_only_groups_places_is_a_warning_naming_it(
    workspace,
):
    # the row may be another meeting (a family evening): only its own group's places refuse it
    sub = checked(
        workspace,
        "grupe_2025-03.csv",
        GROUPS_BS,
        [["6.3.2025.", "grupa podrške", "", 21, 2]],
        partner="oporavak-ba",
    )
    assert ("participants_over_assumed_capacity", 2, "Učesnici") in rules_at(sub)
    assert sub.errors == []
    [problem] = [p for p in sub.warnings if p.rule == "participants_over_assumed_capacity"]
    assert "Grupa podrške Sarajevo ima mjesta (20)" in rule_message(problem, "bs")[0]


def test_group_site_unknown_to_the_consortium_is_rejected(workspace):
    sub = checked(
        workspace,
        "grupe_2025-03.csv",
        GROUPS_BS,
        [["6.3.2025.", "izlet", "GP-XX", 5, 3]],
        partner="oporavak-ba",
    )
    assert ("site_unknown", 2, "Grupa") in rules_at(sub)
    [problem] = [p for p in sub.problems if p.rule == "site_unknown"]
    assert "GP-SA (Grupa podrške Sarajevo), SOS-SA" in rule_message(problem, "bs")[1]


def test_date_outside_the_reporting_month_is_rejected(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["1. 4. 2025", "LJ-0001", "individualno", "1"]],
    )
    assert ("date_outside_month", 2, "Datum") in rules_at(sub)


def test_kind_no_rule_knows_is_kept_unclassified_with_a_warning(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "masaža", "1"]],
    )
    assert sub.errors == [] and list(sub.tables["counselling"]["session_kind"]) == ["unclassified"]
    assert [(p.rule, p.column, p.params["values"]) for p in sub.warnings] == [
        ("value_unclassified", "Vrsta svetovanja", "masaža")
    ]


@pytest.mark.parametrize("column, value", [(1, "sosed"), (2, "neznano"), (3, "mlad"), (4, "kava")])
def test_people_values_no_rule_knows_are_unclassified_not_rejected(workspace, column, value):
    row = ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", ""]
    row[column] = value
    sub = checked(workspace, "uporabniki_2025-03.csv", PEOPLE_SL, [row])
    assert sub.errors == []
    assert {(p.rule, p.column) for p in sub.warnings} == {("value_unclassified", PEOPLE_SL[column])}


def test_user_code_that_is_not_pseudonymous_is_rejected(workspace):
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [["oseba", "uporabnik", "Ž", "26-35", "alkohol", ""]],
    )
    assert ("code_not_pseudonymous", 2, "Šifra") in rules_at(sub)


@pytest.mark.parametrize("written", ["SKM-098 / SKM-099", "SKM-098, SKM-099", "SKM-098 in SKM-099"])
def test_two_peoples_codes_in_one_cell_are_told_as_two_codes_not_as_a_name(workspace, written):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["5.3.2025", written, "Družinsko svetovanje", "1,5"]],
    )
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("two_codes_in_cell", 2, "Šifra uporabnika")
    ]
    assert "šifri dveh oseb" in rule_message(sub.errors[0], "sl")[0]


def test_a_partners_own_client_numbers_are_its_codes(workspace):
    rows = [
        ["007", "uporabnik", "Ž", "26-35", "alkohol", ""],
        ["12", "uporabnik", "M", "36-45", "alkohol", ""],
    ]
    sub = checked(workspace, "uporabniki_2025-03.csv", PEOPLE_SL, rows)
    assert sub.errors == []


def test_a_code_whose_letters_carry_diacritics_is_pseudonymous(workspace):
    # a Slovene partner's prefix of its town (Črnomelj, Škofja Loka) was refused as no code
    rows = [["ČR-03", "uporabnik", "Ž", "26-35", "alkohol", ""]]
    rows.append(["ŠL-01", "uporabnik", "M", "36-45", "alkohol", ""])
    sub = checked(workspace, "uporabniki_2025-03.csv", PEOPLE_SL, rows)
    assert sub.errors == []


def test_client_numbers_are_no_codes_where_partners_share_codes(workspace):
    config = workspace / "consortium.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("shared_user_codes: false", "shared_user_codes: true"), "utf-8")
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [["007", "uporabnik", "Ž", "26-35", "alkohol", ""]],
    )
    # two partners' number 7 would be taken for one person
    assert ("code_not_pseudonymous", 2, "Šifra") in rules_at(sub)


def test_same_person_twice_in_a_month_is_rejected(workspace):
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [
            ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", ""],
            ["lj-0001", "svojec", "M", "36-50", "drugo", ""],
        ],
    )
    assert {p.row for p in sub.errors if p.rule == "person_twice"} == {2, 3}


def test_a_code_on_two_rows_with_other_details_names_the_other_row(workspace):
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [
            ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", ""],
            ["LJ-0002", "uporabnik", "M", "26-35", "alkohol", ""],
            ["lj-0001", "svojec", "M", "36-50", "drugo", ""],
        ],
    )
    [first, second] = [p for p in sub.errors if p.rule == "person_twice"]
    assert (first.row, second.row) == (2, 4)
    assert "row 4" in rule_message(first, "en")[0]
    assert "row 2" in rule_message(second, "en")[0]


def test_a_person_entered_twice_alike_is_a_warning_and_one_person(workspace):
    person = ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", ""]
    sub = checked(workspace, "uporabniki_2025-03.csv", PEOPLE_SL, [person, person])
    assert sub.errors == []
    assert [(p.rule, p.row) for p in sub.warnings] == [
        ("person_repeated", 2),
        ("person_repeated", 3),
    ]


def test_an_unreadable_cell_does_not_hide_the_files_other_problems(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [
            ["31. 3. 2025", "LJ-0001", "individualno", "1,5"],
            ["32. 3. 2025", "LJ-0002", "individualno", "1"],
            ["5. 3. 2025", "LJ-0003", "individualno", "-1"],
        ],
    )
    assert {(p.rule, p.row) for p in sub.errors} == {
        ("not_a_date", 3),
        ("not_negative", 4),
        ("session_hours_range", 4),
    }


def test_a_session_entered_twice_is_a_warning_on_both_rows(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [
            ["4. 3. 2025", "LJ-0001", "individualno", "1,5"],
            ["4. 3. 2025", "LJ-0001", "individualno", "1,5"],
            ["4. 3. 2025", "LJ-0001", "individualno", "1"],
        ],
    )
    assert sub.status == "accepted_with_warnings"
    assert {(p.row, p.severity) for p in sub.problems if p.rule == "row_repeated"} == {
        (2, "warning"),
        (3, "warning"),
    }


def test_a_repeated_row_names_the_row_it_repeats(workspace):
    session = ["4. 3. 2025", "LJ-0001", "individualno", "1,5"]
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["5. 3. 2025", "LJ-0002", "individualno", "1"], session, session],
    )
    repeated = {p.row: p for p in sub.problems if p.rule == "row_repeated"}
    # sheet rows 3 and 4 (the header is row 1): each names the other
    assert {row: p.params["repeats"] for row, p in repeated.items()} == {3: 4, 4: 3}
    assert rule_message(repeated[4], "en")[0] == (
        "This row repeats row 3 of the sheet in every column read; both are counted."
    )


def test_rows_following_each_other_that_repeat_others_are_one_warning_naming_their_span(
    workspace,
):
    session = ["4. 3. 2025", "LJ-0001", "individualno", "1,5"]
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["5. 3. 2025", "LJ-0002", "individualno", "1"], *[session] * 4],
    )
    # sheet rows 3 to 6 (the header is row 1, the other session row 2)
    [told] = [p for p in sub.warnings if p.rule in ("row_repeated", "rows_repeated")]
    assert (told.rule, told.row, told.params) == (
        "rows_repeated",
        3,
        {"first": 3, "last": 6, "rows": 4},
    )
    assert rule_message(told, "en")[0].startswith("Rows 3 to 6 each repeat another row")
    assert rule_message(told, "sl")[0].startswith("Vrstice 3 do 6 v vseh")


def test_a_person_repeated_names_the_row_in_every_language(workspace):
    person = ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", ""]
    sub = checked(workspace, "uporabniki_2025-03.csv", PEOPLE_SL, [person, person])
    second = next(p for p in sub.warnings if p.row == 3)
    for language in ("sl", "bs", "pl", "no", "en"):
        assert " 2 " in rule_message(second, language)[0]


@pytest.mark.parametrize("score, accepted", [(9, False), (10, True), (60, True), (61, False)])
def test_barc10_total_must_be_from_10_to_60(workspace, score, accepted):
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol", score]],
    )
    assert (sub.status == "accepted") is accepted


def test_training_of_zero_hours_is_rejected(workspace):
    sub = checked(
        workspace,
        "izobrazevanja_2025-03.csv",
        TRAININGS_SL,
        [["12. 3. 2025", "Preprečevanje recidiva", "svojci", "0", 12]],
    )
    assert ("hours_positive", 2, "Ure") in rules_at(sub)


def test_partner_unknown_to_the_consortium_is_rejected(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "individualno", "1"]],
        partner="nobody",
    )
    assert [p.rule for p in sub.errors] == ["partner_not_in_consortium"]


def test_one_bad_file_does_not_reject_another_of_the_same_run(workspace):
    config = Workspace.open(workspace).config
    good = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [["4. 3. 2025", "LJ-0001", "individualno", "1"]],
    )
    bad = checked(
        workspace,
        "svetovanje_2025-04.csv",
        COUNSELLING_SL,
        [["4. 4. 2025", "LJ-0001", "individualno", "-1"]],
    )
    good.problems.clear()
    bad.problems.clear()
    validate_submissions([good, bad], config)
    assert (good.status, bad.status) == ("accepted", "rejected")


def test_an_unknown_housing_unit_of_a_partner_with_none_listed_asks_for_the_units(workspace):
    sub = checked(
        workspace,
        "bivanje_2025-03.csv",
        HOUSING_SL,
        [["BS-XX", 4, 3, 90, 0, 0, 0]],
        partner="oporavak-ba",
    )
    [problem] = [p for p in sub.problems if p.rule == "housing_unit_unknown"]
    _, fix = rule_message(problem, "bs")
    assert fix == (
        "Na listi konzorcija još nema nijedne vaše jedinice: zamolite koordinatora konzorcija da "
        "ih doda."
    )


def test_a_housing_unit_named_by_a_part_of_its_name_is_the_one_unit_it_fits(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["Koper", 3, 2, 60, 0, 0, 0]])
    assert sub.errors == []
    assert [(p.rule, p.column, p.params["site"]) for p in sub.warnings] == [
        ("site_by_part_of_name", "Enota", "BS-KP (Bivanjska skupnost Koper)")
    ]
    assert list(sub.tables["housing"]["site_id"]) == ["BS-KP"]


def test_a_part_of_a_name_two_units_share_is_an_unknown_unit(workspace):
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["Ljubljana", 3, 2, 60, 0, 0, 0]])
    assert ("housing_unit_unknown", 2, "Enota") in rules_at(sub)


def test_a_header_not_understood_still_lets_every_row_problem_be_told_at_once(workspace):
    # the sheet lacks the kind of session, which "Xyzzy" may be: the header refuses the file
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        ["Datum", "Šifra uporabnika", "Ure", "Xyzzy"],
        [
            ["4. 3. 2025", "LJ-0001", "1,5", "a"],
            ["5. 3. 2025", "LJ-0002", "", "b"],
        ],
    )
    assert {(p.rule, p.row, p.column) for p in sub.errors} == {
        ("unknown_column", 1, "Xyzzy"),
        ("value_required", 3, "Ure"),
    }


def maribor_open(workspace, days: str) -> None:
    """BS-MB (5 places) with its opening or closing day in consortium.yaml ("opened: ...")."""
    config = workspace / "consortium.yaml"
    text = config.read_text("utf-8")
    unit = "kind: housing, places: 5}"
    assert unit in text
    config.write_text(text.replace(unit, f"kind: housing, places: 5, {days}}}"), "utf-8")


def test_resident_nights_of_a_unit_opened_mid_month_are_checked_against_its_nights_open(
    workspace,
):
    # opened on 15 March: 5 places x 17 nights = 85 nights at most, not 5 x 31
    maribor_open(workspace, "opened: 2025-03-15")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 4, 86, 4, 0, 0]])
    assert ("nights_over_places", 2, "Nočitve") in rules_at(sub)


def test_residents_in_a_month_before_the_unit_opened_are_refused_naming_row_and_unit(workspace):
    maribor_open(workspace, "opened: 2025-04-15")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 3, 51, 3, 0, 0]])
    assert sub.status == "rejected"
    [problem] = [p for p in sub.errors if p.rule == "housing_unit_before_opening"]
    assert (problem.row, problem.column) == (2, "Enota")
    message, _ = rule_message(problem, "en")
    assert "BS-MB" in message and "the unit opened on 15 Apr 2025" in message


def test_residents_in_a_month_after_the_unit_closed_are_refused_naming_its_closing_day(workspace):
    maribor_open(workspace, "closed: 2025-02-10")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 3, 51, 0, 0, 0]])
    [problem] = [p for p in sub.errors if p.rule == "housing_unit_after_closing"]
    assert problem.row == 2
    message, _ = rule_message(problem, "sl")
    assert "BS-MB" in message and "10. feb. 2025" in message


def test_admissions_alone_in_a_month_after_the_unit_closed_are_refused_as_residents_are(
    workspace,
):
    # no resident and no night in March, but two moved in: a unit closed in February has no
    # March to move into
    maribor_open(workspace, "closed: 2025-02-10")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 0, 0, 2, 0, 0]])
    [problem] = [p for p in sub.errors if p.rule == "housing_unit_after_closing"]
    assert (problem.row, problem.column) == (2, "Enota")
    message, _ = rule_message(problem, "en")
    assert message.startswith("Residents, resident nights, admissions or exits are stated for")


def test_exits_alone_in_a_month_before_the_unit_opened_are_refused(workspace):
    maribor_open(workspace, "opened: 2025-04-15")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 0, 0, 0, 0, 1]])
    assert ("housing_unit_before_opening", 2, "Enota") in rules_at(sub)


def test_a_unit_stated_empty_in_a_month_before_it_opened_is_no_problem(workspace):
    maribor_open(workspace, "opened: 2025-04-15")
    sub = checked(workspace, "bivanje_2025-03.csv", HOUSING_SL, [["BS-MB", 5, 0, 0, 0, 0, 0]])
    assert sub.problems == []
