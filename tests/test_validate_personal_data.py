"""Personal data in code and free-text columns is refused, and reported by cell, never by value."""

from datetime import date, timedelta

import pytest
from partner_files import checked

from collect.quarantine import refused_for_personal_data
from core.identifiers import redacted
from core.messages import rule_message
from core.personal_data import has_national_id, personal_data_kind
from core.submission import Problem
from validate.feedback import feedback_html, feedback_text

EMSO = "0101990500003"  # valid EMŠO/JMBG check digit
PEOPLE_SL = ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"]
TRAININGS_SL = ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]


@pytest.mark.parametrize("number", [EMSO, "44051401359", "15076500565"])
def test_national_id_with_valid_check_digits_is_recognised(number):
    # EMŠO/JMBG, PESEL and fødselsnummer respectively
    assert has_national_id(number)


def test_thirteen_digits_with_a_wrong_check_digit_are_not_a_national_id():
    assert not has_national_id("0101990500006")


def test_national_id_written_with_spaces_is_recognised():
    assert has_national_id("010199 0500003")


@pytest.mark.parametrize("text", ["231190 10004", "231190 100 04", "440514 01359", "4405 1401 359"])
def test_a_fodselsnummer_or_pesel_written_in_groups_is_recognised(text):
    assert has_national_id(text)


def test_no_date_of_2025_or_2026_with_its_time_of_day_is_a_national_id():
    # "11.11.2026 17" read as the digits 1111202617 passes a fødselsnummer's check with its
    # leading 0 restored, as about 3 % of such date-times would
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(730)]
    times = [f"{hour:02}:{minute:02}" for hour in range(8, 21) for minute in (0, 30)]
    written = [f"{day:%d.%m.%Y} {time}" for day in days for time in times]
    written += [f"{day:%d/%m/%Y} {time}" for day in days for time in times]
    assert [text for text in written if has_national_id(text)] == []


@pytest.mark.parametrize(
    "text",
    ["11.11.2026 17:30", "11. 11. 2026 17:30", "11.11.2026. 17:30", "11.11.2026 kl. 17:30"]
    + ["11.11.2026 17.30", "11/11/2026 17:30", "11-11-2026 17:30", "2026-11-11 17:30"]
    + ["2026-11-11T17:30:00", "11.11.2026 17:30:00", "Gruppe 11.11.2026 kl. 17:30, 8 deltakere"],
)
def test_a_date_with_its_time_of_day_is_no_national_id(text):
    assert not has_national_id(text)


def test_a_national_id_beside_a_date_and_time_is_still_one():
    assert has_national_id("11.11.2026 17:30, 23119010004")
    assert has_national_id("11.11.2026 23119010004")


def test_a_date_and_time_is_kept_in_a_message_its_national_id_is_removed_from():
    assert redacted("11.11.2026 17:30: 23119010004") == "11.11.2026 17:30: [personal data removed]"


@pytest.mark.parametrize("number", ["23119010004", "44051401359", "5038510039"])
def test_a_national_id_one_space_after_a_time_of_day_is_found_and_masked(number):
    # "30 23119010004" is a run of 13 digits and no identity number: the number written without
    # a separator inside it is one on its own (a fødselsnummer, a PESEL, and a fødselsnummer
    # that lost its leading 0 as a number cell does)
    assert has_national_id(f"17:30 {number}")
    assert redacted(f"ob 17:30 {number}") == "ob 17:30 [personal data removed]"


@pytest.mark.parametrize(
    "text", ["041 123 45 23119010004", "+47 23119010004", "23119010004 12", "soba 4 44051401359"]
)
def test_a_national_id_joined_by_a_space_to_another_number_is_found(text):
    assert has_national_id(text)


@pytest.mark.parametrize(
    "text", ["SI56 0201 1000 0123 456", "NO93 8601 1117 947", "+386 41 123 456", "041 123 456 78"]
)
def test_an_account_or_phone_number_written_in_groups_is_no_national_id(text):
    # its groups are not split into new candidates: only a long number written without a
    # separator is checked on its own
    assert not has_national_id(text)


@pytest.mark.parametrize(
    "text",
    ["JMB 0101990500006", "emso 0101990500006", "PESEL 44051401358", "pers.nr 12038510184"]
    + ["PPS 1234567T", "PPSN: 1234567TA"],
)
def test_a_number_after_the_name_of_an_identity_number_is_one_though_mistyped(text):
    assert has_national_id(text)


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_a_refused_identity_number_is_told_as_any_of_the_kinds_found_the_irish_pps_too(language):
    message, _ = rule_message(Problem("error", "personal_data_national_id"), language)
    assert all(kind in message for kind in ("EMŠO", "JMBG", "PESEL", "fødselsnummer", "PPS"))


@pytest.mark.parametrize(
    "text", ["snr 12038510184", "Opnr 12038510184", "apps 1234567T", "pnr 1234", "pps 12345678"]
)
def test_a_name_of_an_identity_number_is_only_one_as_a_whole_word(text):
    assert not has_national_id(text)


@pytest.mark.parametrize(
    "value, kind",
    [
        ("ana.kovac@example.si", "email"),
        ("+386 41 123 456", "phone"),
        ("041 123 456", "phone"),
        ("Janez Novak", "name"),
        ("Marija", "name"),
    ],
)
def test_personal_data_in_a_code_column_is_recognised(value, kind):
    assert personal_data_kind(value, free_text=False) == kind


@pytest.mark.parametrize(
    "value", ["Sean O'Connor", "Aoife Ní Bhriain", "Pádraig Ó Sé", "J. Murphy", "Ana de Souza"]
)
def test_a_name_with_the_small_words_of_a_surname_or_an_initial_in_a_code_column_is_a_name(value):
    assert personal_data_kind(value, free_text=False) == "name"


@pytest.mark.parametrize(
    "value", ["LJ-0042", "JAN-01", "BS-LJ1", "KR 123", "SKM-0417", "BA 0101", "K12", "Family"]
)
def test_pseudonymous_codes_are_not_personal_data(value):
    assert personal_data_kind(value, free_text=False) is None


def test_name_and_surname_in_a_training_title_is_recognised():
    assert personal_data_kind("Pogovor z Janez Novak o okrevanju", free_text=True) == "name"


@pytest.mark.parametrize(
    "title", ["Preprečevanje recidiva", "Delavnica 16.10.2025", "Klub Abstynenta Kraków"]
)
def test_ordinary_titles_are_not_personal_data(title):
    assert personal_data_kind(title, free_text=True) is None


def test_file_with_an_emso_as_user_code_is_rejected_at_its_cell(workspace):
    sub = checked(
        workspace,
        "uporabniki_2025-03.csv",
        PEOPLE_SL,
        [
            ["LJ-0001", "uporabnik", "Ž", "26-35", "alkohol"],
            [EMSO, "uporabnik", "M", "36-50", "droge"],
        ],
    )
    assert sub.status == "rejected"
    # the cell is reported once, as personal data, not also as a badly formed code
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("personal_data_national_id", "uporabniki_2025-03", 3, "Šifra")
    ]


def test_report_of_a_file_with_an_emso_never_shows_the_number(workspace):
    sub = checked(
        workspace, "uporabniki_2025-03.csv", PEOPLE_SL, [[EMSO, "uporabnik", "M", "36-50", "droge"]]
    )
    assert EMSO not in repr(sub.problems)
    assert EMSO not in feedback_text(sub, "sl") + feedback_html(sub, "sl")


def test_name_in_a_training_title_rejects_the_file(workspace):
    sub = checked(
        workspace,
        "izobrazevanja_2025-03.csv",
        TRAININGS_SL,
        [["12. 3. 2025", "Predavanje: Andrej Kos", "svojci", "2", 12]],
    )
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("personal_data_name", 2, "Naslov")]


HOUSING_SL = ["Bivanjska skupnost", "Mesta", "Stanovalci", "Nočitve", "Sprejemi"]
EXITS_SL = ["Načrtovani odhodi", "Nenačrtovani odhodi"]


@pytest.mark.parametrize(
    "unit, rules",
    [
        ("Hiša Upanja Sandvika", ["housing_unit_unknown"]),
        ("Janez Novak", ["personal_data_name"]),
    ],
)
def test_a_unit_named_in_capitalised_words_is_a_place_and_a_persons_name_is_not(
    workspace, unit, rules
):
    sub = checked(
        workspace, "bivanje_2025-03.csv", HOUSING_SL + EXITS_SL, [[unit, 4, 3, 90, 0, 0, 0]]
    )
    assert [p.rule for p in sub.errors] == rules


COUNSELLING_SL = ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure", "Opombe"]


def test_names_in_the_column_of_codes_are_named_beside_an_email_address_the_reader_found(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL,
        [
            ["4. 3. 2025", "Pádraig Ó Sé", "individualno", "1", ""],
            ["5. 3. 2025", "LJ-0042", "individualno", "1", "piše na j.murphy@example.ie"],
        ],
    )
    # the partner must remove both, so the report names both
    assert {(p.rule, p.row, p.column) for p in sub.errors} == {
        ("personal_data_name", 2, "Šifra uporabnika"),
        ("personal_data_email", 3, "Opombe"),
    }
    assert refused_for_personal_data(sub)


def test_a_file_whose_codes_are_irish_names_is_refused_for_personal_data(workspace):
    sub = checked(
        workspace,
        "svetovanje_2025-03.csv",
        COUNSELLING_SL[:4],
        [
            ["4. 3. 2025", "Sean O'Connor", "individualno", "1"],
            ["5. 3. 2025", "J. Murphy", "individualno", "1"],
        ],
    )
    # quarantined, not archived: the names must not stay in the inbox or the archive
    assert refused_for_personal_data(sub)
    assert {p.rule for p in sub.errors} == {"personal_data_name"}


KINDS_SL = ["Šifra", "Datum", "Vrsta svetovanja", "Ure"]


def test_a_name_in_the_words_beside_a_kind_rejects_the_file_at_its_cell(workspace):
    # the partner's words beside a code are kept for the manager's mapping: never a name
    sub = checked(
        workspace,
        "svetovanja_2025-03.csv",
        KINDS_SL,
        [
            ["SKM-0417", "5. 3. 2025", "Individualni pogovor", "1"],
            ["SKM-0418", "6. 3. 2025", "Individualni pogovor - Marko Horvat", "1"],
        ],
    )
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("personal_data_name", 3, "Vrsta svetovanja")
    ]
    assert refused_for_personal_data(sub)


def test_ordinary_words_beside_a_kind_are_no_name(workspace):
    sub = checked(
        workspace,
        "svetovanja_2025-03.csv",
        KINDS_SL,
        [["SKM-0417", "5. 3. 2025", "Družinsko svetovanje (Novo mesto)", "1"]],
    )
    assert not sub.errors
