"""An identity number or e-mail address anywhere under a sheet's header refuses the file at
intake, in a column that is read or not, so the file is quarantined instead of archived; the
partner's report names the cell, never the number, nor a word no rule knows that may be a name."""

import openpyxl
import pytest
from own_sheets_support import workbook, writing_in
from test_intake_workbooks import PEOPLE_HEADER, read

from collect.quarantine import refused_for_personal_data
from core.messages import problem_text

# synthetic fødselsnumre with valid check digits; the second as a number cell loses its 0
FNR = "23119010004"
FNR_WITHOUT_ZERO = 5038510039


def people_workbook(path, header, rows):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Deltakere"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def refusals(sub):
    return {(p.rule, p.sheet, p.row, p.column) for p in sub.errors}


def test_an_identity_number_under_a_header_nobody_knows_refuses_the_file(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Fødselsnummer"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", FNR]],
    )
    sub = read(workspace, path)
    assert ("personal_data_national_id", "Deltakere", 2, "Fødselsnummer") in refusals(sub)
    assert refused_for_personal_data(sub)


@pytest.mark.parametrize(
    "note", ["fnr 12038510184", "f.nr. 12038510184", "Fødselsnr: 12038510184", "pnr. 12038510184"]
)
def test_a_mistyped_fodselsnummer_after_its_short_name_refuses_the_file(workspace, tmp_path, note):
    # 12038510184 fails its check digits: only the name before it says what it is
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Merknad"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", note]],
    )
    sub = read(workspace, path)
    assert refusals(sub) == {("personal_data_national_id", "Deltakere", 2, "Merknad")}
    assert refused_for_personal_data(sub)


def test_an_identity_number_after_a_time_of_day_in_a_note_refuses_the_file(workspace, tmp_path):
    # "17:30 23119010004" reads as the run "30 23119010004", no identity number as a whole
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Merknad"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", f"ringte 17:30 {FNR}"]],
    )
    sub = read(workspace, path)
    assert refusals(sub) == {("personal_data_national_id", "Deltakere", 2, "Merknad")}
    assert refused_for_personal_data(sub)
    assert FNR not in repr(sub.problems)


def test_an_identity_number_typed_as_a_kind_of_user_refuses_the_file_unnamed(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [
            ["EN-001", FNR_WITHOUT_ZERO, "K", "36-50", "alkohol"],
            ["EN-002", "deltaker", "M", "36-50", "alkohol"],
        ],
    )
    sub = read(workspace, path)
    assert refusals(sub) == {("personal_data_national_id", "Deltakere", 2, "Type")}
    assert str(FNR_WITHOUT_ZERO) not in repr(sub.problems)


def test_an_email_address_in_a_column_without_a_header_refuses_the_file(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "K", "36-50", "alkohol", None, "kari@example.no"]],
    )
    sub = read(workspace, path)
    assert ("personal_data_email", "Deltakere", 2, "G") in refusals(sub)


def test_a_long_number_that_is_no_identity_number_is_read_as_before(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-0012345678", "deltaker", "K", "36-50", "alkohol"]],
    )
    assert not read(workspace, path).errors


def test_a_birth_date_in_the_age_column_gives_the_age_band_and_is_never_kept(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "K", "12.03.1988", "alkohol"]],
    )
    sub = read(workspace, path)
    assert sub.problems == []
    assert list(sub.tables["people"]["age_band"]) == ["36_50"]
    assert "1988" not in sub.tables["people"].to_csv()


def test_a_column_of_names_refuses_the_file_by_its_header_alone(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "uporabniki_2025-10.xlsx",
        [*PEOPLE_HEADER, "Ime in priimek"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", "Janez Novak"]],
    )
    sub = read(workspace, path)
    assert ("personal_data_column", "Deltakere", 1, "Ime in priimek") in refusals(sub)
    assert refused_for_personal_data(sub)
    assert "Novak" not in repr(sub.problems)


def test_a_bare_name_header_is_personal_in_a_people_sheet_only(workspace, tmp_path):
    people = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Navn"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", "Kari"]],
    )
    assert refused_for_personal_data(read(workspace, people))
    groups = people_workbook(
        tmp_path / "grupper_2025-10.xlsx",
        ["Dato", "Aktivitet", "Navn", "Antall deltakere", "Varighet (timer)"],
        [["7.10.2025", "Samtalegruppe", "Onsdagsgruppa", 6, 1.5]],
    )
    assert not refused_for_personal_data(read(workspace, groups))


def test_a_column_saying_a_session_was_by_phone_is_no_personal_data(workspace, tmp_path):
    rows = [
        ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure", "Telefon"],
        ["4. 3. 2025", "LJ-0001", "individualno", 1, "da"],
    ]
    path = workbook(tmp_path / "svetovanje_2025-03.xlsx", {"Ure": rows})
    assert not refused_for_personal_data(read(workspace, path))


def stored_people(workspace, sub):
    """The rows of `sub` the warehouse keeps, every value as text."""
    from core.config import Workspace
    from load import warehouse

    ws = Workspace.open(workspace)
    con = warehouse.connect(ws.warehouse)
    key = warehouse.pseudonym_key(ws)
    warehouse.load_submission(con, sub, key, shared_codes=False)
    return [[str(v) for v in row] for row in con.execute("select * from raw_people").fetchall()]


def test_years_of_birth_under_fodt_give_the_age_band_and_are_never_stored(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        ["Kode", "Type", "Kjønn", "Født", "Avhengighet"],
        [["EN-001", "deltaker", "M", 1978, "alkohol"], ["EN-002", "deltaker", "K", 2001, "spill"]],
    )
    sub = read(workspace, path)
    assert sub.problems == []
    # 47 and 24 in 2025, the year of the file's month
    assert list(sub.tables["people"]["age_band"]) == ["36_50", "18_25"]
    stored = stored_people(workspace, sub)
    assert len(stored) == 2
    assert not any(year in value for row in stored for value in row for year in ("1978", "2001"))


def test_a_year_of_birth_the_age_band_is_not_read_from_is_counted_but_its_text_not_kept(
    workspace, tmp_path
):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [
            ["EN-001", "deltaker", "M", "f. 1978", "alkohol"],
            ["EN-002", "deltaker", "K", "ca. 40", "spill"],
        ],
    )
    sub = read(workspace, path)
    people = sub.tables["people"]
    assert list(people["age_band"]) == ["unclassified", "36_50"]
    assert people["age_band_text"].isna().tolist() == [True, False]
    assert not any("1978" in value for row in stored_people(workspace, sub) for value in row)


@pytest.mark.parametrize("header", ["Rojen", "Rođena", "Urodzony", "Born"])
def test_years_of_birth_under_a_header_saying_born_give_the_age_band(workspace, tmp_path, header):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        ["Kode", "Type", "Kjønn", header, "Avhengighet"],
        [
            ["EN-001", "deltaker", "M", 1978, "alkohol"],
            ["EN-002", "deltaker", "K", "2001", "spill"],
        ],
    )
    sub = read(workspace, path)
    assert sub.problems == []
    assert list(sub.tables["people"]["age_band"]) == ["36_50", "18_25"]
    assert list(sub.tables["people"]["age_band_text"]) == ["47", "24"]


def test_dates_of_birth_under_a_header_saying_born_refuse_the_file(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        ["Kode", "Type", "Kjønn", "Rojen", "Avhengighet"],
        [["EN-001", "deltaker", "M", "12.03.1978", "alkohol"]],
    )
    sub = read(workspace, path)
    assert refusals(sub) == {("personal_data_column", "Deltakere", 1, "Rojen")}
    assert refused_for_personal_data(sub)


def test_an_english_partners_dob_refuses_the_file_as_a_column_of_dates_of_birth(
    workspace, tmp_path
):
    # "DOB" was read as the age band, Bosnian "Dob" (age) being one of its headers
    writing_in(workspace, "endring-no", "en")
    path = people_workbook(
        tmp_path / "clients_2025-10.xlsx",
        ["Client ID", "DOB", "Gender", "Primary drug"],
        [["EN-001", "12.03.1978", "M", "alcohol"]],
    )
    sub = read(workspace, path)
    assert refusals(sub) == {("personal_data_column", "Deltakere", 1, "DOB")}


def test_a_bosnian_partners_dob_is_the_age(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "korisnici_2025-10.xlsx",
        ["Šifra", "Dob", "Spol", "Ovisnost"],
        [["SA-101", 47, "M", "alkohol"]],
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == [] and list(sub.tables["people"]["age_band"]) == ["36_50"]


def test_a_surname_alone_where_a_sex_belongs_is_unclassified_and_never_quoted(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "Nordmann", "36-50", "alkohol"]],
    )
    sub = read(workspace, path)
    assert list(sub.tables["people"]["sex"]) == ["unclassified"]
    assert [p.rule for p in sub.problems] == ["value_unclassified_unnamed"]
    assert "Nordmann" not in " ".join(problem_text(p, "no") for p in sub.problems)


def test_a_surname_alone_where_a_sex_belongs_is_never_stored(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "Nordmann", "36-50", "alkohol"]],
    )
    sub = read(workspace, path)
    assert sub.tables["people"]["sex_text"].isna().all()
    assert not any("Nordmann" in value for row in stored_people(workspace, sub) for value in row)


def test_a_partners_own_words_for_a_sex_are_kept_beside_the_code_to_be_mapped(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "vil ikke si", "36-50", "alkohol"]],
    )
    sub = read(workspace, path)
    assert list(sub.tables["people"]["sex_text"]) == ["vil ikke si"]


def test_a_partners_own_words_for_a_sex_are_quoted_to_be_mapped(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        PEOPLE_HEADER,
        [["EN-001", "deltaker", "vil ikke si", "36-50", "alkohol"]],
    )
    sub = read(workspace, path)
    assert [p.params["values"] for p in sub.problems] == ["vil ikke si"]


@pytest.mark.parametrize(
    ("note", "kind", "said"),
    [
        ("ringer tilbake på 912 34 567", "phone", "912 34 567"),
        ("kona Kari Nordmann kommer også", "name", "Nordmann"),
    ],
)
def test_a_phone_number_or_a_name_in_a_column_of_notes_nobody_reads_refuses_the_file(
    workspace, tmp_path, note, kind, said
):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Notater"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", note]],
    )
    sub = read(workspace, path)
    assert (f"personal_data_{kind}", "Deltakere", 2, "Notater") in refusals(sub)
    assert said not in " ".join(problem_text(p, "no") for p in sub.problems)


def test_a_column_of_notes_in_plain_words_is_left_unread_as_before(workspace, tmp_path):
    path = people_workbook(
        tmp_path / "deltakere_2025-10.xlsx",
        [*PEOPLE_HEADER, "Notater"],
        [["EN-001", "deltaker", "K", "36-50", "alkohol", "Kom etter 3 uker i Oslo, møtt 4 ganger"]],
    )
    sub = read(workspace, path)
    assert sub.errors == []
    assert [p.rule for p in sub.problems] == ["unknown_column_unread"]
