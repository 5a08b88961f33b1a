"""How partners' own words for a person's age and kind are classified: a value that does not
say one band or kind plainly stays unclassified (and is reported), never guessed."""

import openpyxl
import pytest
from own_sheets_support import read, text_file, workbook

from core.messages import problem_text
from core.vocabulary import UNCLASSIFIED, vocabulary


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("34", "26_35"),
        ("34 år", "26_35"),
        ("30-35 let", "26_35"),
        ("65 i više", "65_plus"),
        ("pod 18", "under_18"),
        ("do 17", "under_18"),
    ],
)
def test_an_age_or_a_range_within_one_band_gives_that_band(written, band):
    assert vocabulary().classify("age_band", written) == band


@pytest.mark.parametrize(
    "written",
    ["12.03.1988.", "12. 3. 1988", "3/12/1988", "1988", "-5", "0,5", "pod 30", "50+", "130", "115"],
)
def test_a_birth_date_an_impossible_age_or_a_range_across_bands_stays_unclassified(written):
    assert vocabulary().classify("age_band", written) == UNCLASSIFIED


@pytest.mark.parametrize(
    "written", ["mor til deltaker", "ektefelle", "sin uporabnika", "matka uczestnika", "supruga"]
)
def test_a_relative_named_by_kinship_is_a_relative_even_beside_a_word_for_user(written):
    assert vocabulary().classify("user_kind", written) == "relative"


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("partnerka uporabnika", "relative"),
        ("DDA", "relative"),
        ("współuzależniona", "relative"),
        ("medavhengig", "relative"),
        ("abstinent", "in_recovery"),
        ("trzeźwy alkoholik", "in_recovery"),
        ("bruker", "in_recovery"),
        ("prostovoljec", "other"),
        ("volonter", "other"),
    ],
)
def test_the_words_staff_use_for_a_persons_role_give_its_kind(written, kind):
    assert vocabulary().classify("user_kind", written) == kind


@pytest.mark.parametrize(
    ("written", "main"),
    [
        ("THC", "drugs"),
        ("benzodiazepini", "drugs"),
        ("metadon", "drugs"),
        ("politoksikomanija", "drugs"),
        ("igranje iger na srečo", "gambling"),
        ("gry hazardowe", "gambling"),
        ("spletne igrice", "other"),
        ("nikotin", "other"),
        ("igralništvo", "gambling"),
        ("športne stave", "gambling"),
        ("kladionica", "gambling"),
        ("zakłady bukmacherskie", "gambling"),
        ("nekemična", "other"),
    ],
)
def test_the_words_staff_use_for_a_substance_or_behaviour_give_its_addiction(written, main):
    assert vocabulary().classify("main_addiction", written) == main


@pytest.mark.parametrize(
    ("written", "main"),
    [
        ("heroin/alkohol", "drugs"),
        ("Alkohol + kockanje", "alcohol"),
        ("kockanje, alkohol", "gambling"),
        ("igralništvo, alkohol", "gambling"),
        ("narkotyki i alkohol", "drugs"),
        ("alcohol and drugs", "alcohol"),
    ],
)
def test_of_two_addictions_in_one_cell_the_first_named_is_the_main_one(written, main):
    assert vocabulary().classify("main_addiction", written) == main


def test_a_patient_is_a_person_in_recovery():
    assert vocabulary().classify("user_kind", "innlagt pasient") == "in_recovery"


@pytest.mark.parametrize("written", ["uporabnica", "korisnica", "uczestniczka", "klientka"])
def test_a_user_named_in_the_feminine_is_a_person_in_recovery(written):
    assert vocabulary().classify("user_kind", written) == "in_recovery"


def test_a_cell_naming_two_addictions_is_counted_under_one_and_said_so(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"],
                ["SKM-1", "uporabnik", "m", "34", "alkohol in igre na srečo"],
                ["SKM-2", "uporabnik", "ž", "41", "alkohol"],
                ["SKM-3", "uporabnik", "m", "29", "alkohol in igre na srečo"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    # the first named counts: MOST's "alkohol in igre na srečo" is alcohol
    assert list(sub.tables["people"]["main_addiction"]) == ["alcohol", "alcohol", "alcohol"]
    [warning] = [w for w in sub.warnings if w.rule == "value_several_codes"]
    assert (warning.column, warning.params["in_rows"]) == ("Zasvojenost", 2)
    assert "v 2 vrsticah vsaka šteta kot tista v oklepaju" in problem_text(warning, "sl")
    assert "alkohol in igre na srečo (alkohol)" in problem_text(warning, "sl")


def test_one_addiction_in_a_cell_gives_no_warning(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"],
                ["SKM-1", "uporabnik", "m", "34", "igre na srečo"],
            ]
        },
    )
    assert not read(workspace, path, "most-si").warnings


@pytest.mark.parametrize(
    ("header", "column"),
    [("Udeleženci 2025", "participants"), ("Število udeležencev (2025)", "participants")],
)
def test_a_header_with_its_year_is_read_by_its_words(header, column):
    assert vocabulary().tables["groups"].column_for_header(header) == column


@pytest.mark.parametrize("cell", ["SKM-0417", "16. 10. 2025", "2025", "LJ 12"])
def test_a_rows_codes_and_dates_name_no_column(cell):
    assert all(table.column_for_header(cell) is None for table in vocabulary().tables.values())


@pytest.mark.parametrize(
    "written",
    ["Grupa dla rodzin (Al-Anon)", "skupina za svojce", "12 koraka", "Gruppe for pårørende"],
)
def test_a_group_for_someone_or_of_twelve_steps_is_a_support_group(written):
    assert vocabulary().classify("activity_kind", written) == "support_group"


@pytest.mark.parametrize(
    "header", ["Deltaker/pårørende", "Uczestnik / rodzina", "korisnik / član porodice"]
)
def test_a_header_listing_two_kinds_of_people_is_the_column_of_their_kinds(
    workspace, tmp_path, header
):
    # "Deltaker" alone would be the person's code, beside which "Kode" is a second one
    path = workbook(
        tmp_path / "register_oktober_2026.xlsx",
        {
            "Register": [
                ["Kode", header, "Kjønn", "Alder", "Rusmiddel"],
                ["DE01", "Deltaker", "M", 34, "Alkohol"],
                ["DE05", "Pårørende", "K", 58, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["user_kind"].tolist() == ["in_recovery", "relative"]


def test_a_code_header_naming_two_kinds_of_people_is_still_the_code(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [
                ["Šifra uporabnika/svojca", "Vrsta", "Spol", "Starost", "Zasvojenost"],
                ["LJ-01", "uporabnik", "M", 34, "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["user_code"].tolist() == ["LJ01"]


def test_a_text_file_named_for_all_its_people_gives_them_no_kind(workspace, tmp_path):
    # "deltakere" are participants and relatives alike: the rows wait for a column of kinds
    path = text_file(
        tmp_path / "deltakere_oktober_2026.csv",
        [["Kode", "Kjønn", "Alder", "Rusmiddel"], ["DE01", "M", 34, "Alkohol"]],
    )
    sub = read(workspace, path, "endring-no")
    assert sub.tables["people"]["user_kind"].tolist() == [UNCLASSIFIED]
    assert [(p.rule, p.column) for p in sub.warnings] == [
        ("breakdown_column_missing", "Type deltaker")
    ]


def test_a_person_of_a_kind_the_sheet_does_not_say_needs_no_main_addiction(workspace, tmp_path):
    # a relative among them has none to give: the warning asks for the column of kinds instead
    path = text_file(
        tmp_path / "deltakere_oktober_2026.csv",
        [
            ["Kode", "Kjønn", "Alder", "Rusmiddel"],
            ["DE01", "M", 34, "Alkohol"],
            ["DE02", "K", 58, ""],
        ],
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert [p.rule for p in sub.warnings] == ["breakdown_column_missing"]


@pytest.mark.parametrize(
    ("code_set", "text", "code"),
    [
        ("session_kind", "Porada psychologiczna", "individual"),
        ("session_kind", "Interwencja kryzysowa", "individual"),
        ("session_kind", "Psihološko savjetovanje", "individual"),
        ("session_kind", "Konsultacja dla rodziny", "family"),
        ("activity_kind", "Okrugli stol o kockanju", "network_meeting"),
    ],
)
def test_kinds_partners_write_in_their_own_words_are_classified(code_set, text, code):
    assert vocabulary().classify(code_set, text) == code


@pytest.mark.parametrize(
    "header",
    [
        "Prvi stik ta mesec",
        "Nov v tem mesecu",
        "Prvi kontakt u ovom mjesecu",
        "Pierwszy kontakt w tym miesiącu",
        "Første kontakt denne måneden",
        "First contact this month",
    ],
)
def test_whether_the_month_was_a_persons_first_is_left_unread_with_a_warning(
    workspace, tmp_path, header
):
    # the warehouse tells new people from returning ones by their months before
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Spol", "Starost", "Vrsta uporabnika", "Zasvojenost", header],
                ["RS-001", "moški", "26-35", "uporabnik", "alkohol", "da"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", header)]
    assert len(sub.tables["people"]) == 1


@pytest.mark.parametrize(
    "header",
    [
        "Prvi kontakt",
        "Datum prvog kontakta",
        "Prvi stik",
        "Datum prvega stika",
        "Pierwszy kontakt",
        "Data pierwszego kontaktu",
        "Første kontakt",
        "Dato for første kontakt",
        "First contact",
        "First contact date",
    ],
)
def test_a_persons_first_contact_is_left_unread_with_a_warning(workspace, tmp_path, header):
    # when someone came first is not reported: the warehouse tells new people from their months
    path = text_file(
        tmp_path / "korisnici_oktobar_2026.csv",
        [
            ["Šifra", "Spol", "Dob", "Vrsta korisnika", "Glavna ovisnost", header],
            ["NT-001", "muški", "35", "korisnik", "alkohol", "03.2025"],
            ["NT-005", "M", "19", "korisnik", "alkohol", "14.10.2026."],
        ],
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", header)]
    assert len(sub.tables["people"]) == 2


@pytest.mark.parametrize(
    "header", ["Veileder", "Veileder/kontaktperson", "Kontaktperson", "Savetnik", "Svetovalka"]
)
def test_a_column_of_the_counsellor_of_each_person_is_left_unread_with_a_warning(
    workspace, tmp_path, header
):
    path = workbook(
        tmp_path / "deltakere_oktober_2026.xlsx",
        {
            "Deltakere": [
                [header, "Kode", "Kjønn", "Alder", "Type", "Rusmiddel"],
                ["Veileder A", "KO-11", "mann", "26-35", "deltaker", "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", header)]
    assert sub.tables["people"]["user_code"].tolist() == ["KO11"]


def test_a_number_normalises_as_written_whichever_was_seen_first():
    """1, 1.0 and True are equal as keys: the memo must not give one's text for another."""
    from core.vocabulary import normalise

    assert [normalise(1), normalise(1.0), normalise(True)] == ["1", "1 0", "true"]
    assert [normalise(2.0), normalise(2)] == ["2 0", "2"]


@pytest.mark.parametrize(
    "partner, header, written, sex",
    [
        ("most-si", "M/Ž", ["Ž", "M"], ["female", "male"]),
        ("oporavak-ba", "Ž/M", ["Ž", "M"], ["female", "male"]),
        ("klub-pl", "K/M", ["K", "M"], ["female", "male"]),
        ("endring-no", "M/K", ["K", "M"], ["female", "male"]),
    ],
)
def test_a_column_headed_by_the_letters_of_the_sexes_is_the_sex(
    workspace, tmp_path, partner, header, written, sex
):
    path = workbook(
        tmp_path / "people_10_2026.xlsx",
        {"People": [["Code", header, "Age"], ["AB-01", written[0], 34], ["AB-02", written[1], 41]]},
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert sub.tables["people"]["sex"].tolist() == sex


def test_a_training_for_two_target_groups_counts_for_the_first_named_and_says_so(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "izobrazevanja_oktober_2026.xlsx",
        {
            "Izobraževanja": [
                ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"],
                ["6.10.2026", "Komunikacija v družini", "uporabniki in svojci", 2, 16],
                ["13.10.2026", "Prva pomoč", "strokovni delavci, prostovoljci", 3, 10],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert list(sub.tables["trainings"]["audience"]) == ["users", "staff"]
    [warning] = [w for w in sub.warnings if w.rule == "value_several_audiences"]
    assert (warning.column, warning.params["in_rows"]) == ("Ciljna skupina", 1)
    assert "uporabniki in svojci (uporabniki)" in problem_text(warning, "sl")


@pytest.mark.parametrize(
    "code_set, written, code",
    [
        ("audience", "dijaki", "public"),
        ("audience", "učenci in učitelji", "public"),
        ("audience", "uczniowie", "public"),
        ("user_kind", "carer", "relative"),
        ("main_addiction", "hasj", "drugs"),
        ("main_addiction", "piller", "drugs"),
        ("main_addiction", "Poly drug use", "drugs"),
        ("main_addiction", "Polydrug", "drugs"),
    ],
)
def test_pupils_carers_hashish_and_pills_are_known(code_set, written, code):
    assert vocabulary().classify(code_set, written) == code


def test_sex_ticked_in_a_column_of_each_under_a_merged_header_is_the_one_ticked(
    workspace, tmp_path
):
    path = tmp_path / "korisnici_oktobar_2026.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Korisnici"
    sheet.append(["Šifra korisnika", "Spol", None, "Dob", "Vrsta korisnika", "Ovisnost"])
    sheet.append([None, "M", "Ž", None, None, None])
    for merged in ("B1:C1", "A1:A2", "D1:D2", "E1:E2", "F1:F2"):
        sheet.merge_cells(merged)
    sheet.append(["SA-060", None, "x", 38, "osoba u oporavku", "droge"])
    sheet.append(["SA-070", "X", None, 31, "osoba u oporavku", "alkohol"])
    sheet.append(["SA-074", "x", "x", 46, "osoba u oporavku", "kockanje"])
    book.save(path)
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    # two ticks say neither, and the partner is told
    assert list(sub.tables["people"]["sex"]) == ["female", "male", "unclassified"]
    assert ("value_unclassified", "Spol") in [(p.rule, p.column) for p in sub.warnings]
    assert "breakdown_column_missing" not in {p.rule for p in sub.warnings}


def test_years_of_birth_of_two_digits_or_with_a_dot_are_years_never_ages(workspace, tmp_path):
    # "85" under "Letnik" is 1985, not someone of 85; "1961." is Bosnian for 1961
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [
                ["Šifra uporabnika", "Spol", "Letnik", "Glavna zasvojenost"],
                ["SKM-1", "M", 85, "alkohol"],
                ["SKM-2", "M", "'79", "alkohol"],
                ["SKM-3", "Ž", "03", "alkohol"],
                ["SKM-4", "Ž", "1961.", "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    people = sub.tables["people"]
    assert list(people["age_band"]) == ["36_50", "36_50", "18_25", "65_plus"]
    assert not people.astype(str).apply(lambda c: c.str.contains("85|79|1961")).any().any()


def test_a_partners_own_age_ranges_across_the_bands_are_told_to_write_ages(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [
                ["Šifra uporabnika", "Spol", "Starost", "Glavna zasvojenost"],
                ["SKM-1", "M", "25-34", "alkohol"],
                ["SKM-2", "Ž", "35-44", "alkohol"],
                ["SKM-3", "Ž", "30-35", "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert list(sub.tables["people"]["age_band"]) == ["unclassified", "unclassified", "26_35"]
    [told] = [w for w in sub.warnings if w.column == "Starost"]
    assert (told.rule, told.params["values"], told.params["in_rows"]) == (
        "age_ranges_across_bands",
        "25-34, 35-44",
        2,
    )
    assert "26-35" in problem_text(told, "en") and "year of birth" in problem_text(told, "en")
