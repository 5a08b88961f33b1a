"""A sheet of meetings or trainings that counts its participants in columns of its one header
row, by sex or by target group ("Kobiety | Mężczyźni | Razem", "Uporabniki | Svojci"), as
partners keep their own sheets: each row's participants are its total, or the sum of its parts."""

from datetime import date

import pytest
from own_sheets_support import read, text_file, workbook, writing_in

from core.messages import problem_text


def test_flat_women_and_men_columns_sum_to_participants_and_hours_are_no_part(workspace, tmp_path):
    # 3 women and 5 men came; the hours beside them are the meeting's length, no people
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Temat", "Godziny", "Kobiety", "Mężczyźni"],
                [date(2026, 10, 7), "Mityng AA", 2, 3, 5],
                [date(2026, 10, 14), "Mityng AA", 2, 4, 4],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    groups = sub.tables["groups"]
    assert sub.errors == []
    assert list(groups["participants"]) == [8, 8] and list(groups["hours"]) == [2, 2]


def test_participants_summed_from_flat_columns_are_told_as_read_from_their_parts(
    workspace, tmp_path
):
    # the partner's sheet has no column of participants: told once which columns were added up
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Temat", "Kobiety", "Mężczyźni"],
                [date(2026, 10, 7), "Mityng AA", 3, 5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.row, p.column, p.params["parts"]) for p in sub.warnings] == [
        ("column_added_from_parts", 1, "Uczestnicy", "Kobiety, Mężczyźni")
    ]


def test_flat_men_women_and_total_columns_that_agree_read_the_participants_silently(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "izobrazevanja_oktober_2026.xlsx",
        {
            "Izobraževanja": [
                ["Datum", "Naslov", "Ciljna skupina", "Ure", "Moški", "Ženske", "Skupaj"],
                [date(2026, 10, 7), "Predavanje o zasvojenosti", "svojci", 2, 4, 7, 11],
                [date(2026, 10, 21), "Delavnica za svojce", "svojci", 3, 2, 6, 8],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.problems == []
    assert list(sub.tables["trainings"]["participants"]) == [11, 8]


def test_a_total_that_disagrees_with_its_parts_is_counted_and_told_naming_row_and_column(
    workspace, tmp_path
):
    # 3 men and 5 women are 8, the row's total says 9: the total, the partner's whole, counts
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Muškarci", "Žene", "Ukupno"],
                [date(2026, 10, 7), "Grupa podrške", 3, 5, 9],
                [date(2026, 10, 21), "Grupa podrške", 4, 4, 8],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    [told] = sub.problems
    assert (told.severity, told.rule, told.sheet, told.row, told.column) == (
        "warning",
        "total_disagrees_with_parts",
        "Grupe",
        2,
        "Ukupno",
    )
    assert "(Muškarci, Žene) zajedno daju 8, a ne njegov ukupni broj 9" in problem_text(told, "bs")
    assert list(sub.tables["groups"]["participants"]) == [9, 8]


def test_a_row_giving_only_its_total_counts_the_total(workspace, tmp_path):
    # the partner knew how many came, not how many men and women: the total is the figure
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Menn", "Kvinner", "Totalt"],
                [date(2026, 10, 7), "Støttegruppe", None, None, 9],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [9]


def test_a_row_without_its_total_counts_the_sum_of_its_parts(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Menn", "Kvinner", "Totalt"],
                [date(2026, 10, 7), "Støttegruppe", 4, 3, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [7]


def test_a_blank_part_beside_a_filled_one_counts_zero(workspace, tmp_path):
    # only men came: the women's cell left blank is no missing figure
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Menn", "Kvinner"],
                [date(2026, 10, 7), "Støttegruppe", 6, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [6]


def test_a_row_whose_parts_and_total_are_all_blank_has_no_participants(workspace, tmp_path):
    # nothing written is no 0: the row is told as missing its participants, as with one column
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Menn", "Kvinner", "Totalt"],
                [date(2026, 10, 7), "Støttegruppe", 4, 3, 7],
                [date(2026, 10, 14), "Støttegruppe", None, None, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.tables["groups"]["participants"].isna().tolist() == [False, True]
    assert [(p.rule, p.row) for p in sub.errors] == [("value_required", 3)]


def test_an_english_csv_of_male_female_and_total_columns_reads_the_participants(
    workspace, tmp_path
):
    writing_in(workspace, "endring-no", "en")
    path = text_file(
        tmp_path / "groups_october_2026.csv",
        [
            ["Date", "Activity", "Male", "Female", "Total"],
            ["14/10/2026", "Support group", "5", "2", "7"],
            ["21/10/2026", "Support group", "", "", "6"],
        ],
    )
    sub = read(workspace, path, "endring-no")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [7, 6]


def test_columns_of_users_and_relatives_sum_to_participants(workspace, tmp_path):
    writing_in(workspace, "oporavak-ba", "sl")
    path = workbook(
        tmp_path / "skupine_oktober_2026.xlsx",
        {
            "Skupine": [
                ["Datum", "Aktivnost", "Uporabniki", "Svojci"],
                [date(2026, 10, 7), "Podporna skupina", 5, 2],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [7]


def test_a_column_of_participants_beside_sex_columns_is_read_and_the_sex_columns_are_not(
    workspace, tmp_path
):
    # the partner's own participants count, though its men and women add up to less
    writing_in(workspace, "oporavak-ba", "sl")
    path = workbook(
        tmp_path / "skupine_oktober_2026.xlsx",
        {
            "Skupine": [
                ["Datum", "Aktivnost", "Udeleženci", "Moški", "Ženske"],
                [date(2026, 10, 7), "Podporna skupina", 10, 3, 4],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("column_ignored", "Moški"),
        ("column_ignored", "Ženske"),
    ]
    assert list(sub.tables["groups"]["participants"]) == [10]


def test_one_sex_column_is_no_count_of_participants(workspace, tmp_path):
    # a category needs another beside it to split a count: "Muškarci" alone says nothing sure
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Trajanje (sati)", "Muškarci"],
                [date(2026, 10, 7), "Grupa podrške", 2, 6],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Učesnici")]


@pytest.mark.parametrize(
    ("partner", "language", "header", "meeting", "session"),
    [
        (
            "oporavak-ba",
            "bs",
            ["Datum", "Aktivnost", "Šifra korisnika", "Sati", "Muškarci", "Žene", "Ukupno"],
            "Grupa podrške",
            "Individualno savjetovanje",
        ),
        (
            "most-si",
            "sl",
            ["Datum", "Dejavnost", "Šifra uporabnika", "Ure", "Moški", "Ženske"],
            "Podporna skupina",
            "Individualno svetovanje",
        ),
    ],
)
def test_a_log_of_sessions_and_meetings_counting_people_in_columns_gives_meetings_participants(
    workspace, tmp_path, partner, language, header, meeting, session
):
    # a log read mainly as counselling (clients' codes, hours): its meetings count in the parts
    writing_in(workspace, partner, language)
    total = len(header) == 7
    path = workbook(
        tmp_path / "dnevnik_oktober_2026.xlsx",
        {
            "Dnevnik": [
                header,
                [date(2026, 10, 5), meeting, None, 2, 4, 5, *([9] if total else [])],
                [date(2026, 10, 6), session, "OP-12", 1, None, None, *([None] if total else [])],
                [date(2026, 10, 12), meeting, None, 2, 3, 3, *([6] if total else [])],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [9, 6]
    assert list(sub.tables["groups"]["sheet_row"]) == [2, 4]
    assert list(sub.tables["counselling"]["hours"]) == [1]
    added = [p.rule for p in sub.warnings if p.rule == "column_added_from_parts"]
    assert added == ([] if total else ["column_added_from_parts"])


# a log of sessions and meetings in each language: partner, its header with the people who came
# by target group and their total, a one-to-one session, a meeting
KINDS_IN_A_LOG = {
    "sl": (
        "most-si",
        ["Datum", "Aktivnost", "Šifra uporabnika", "Ure", "Uporabniki", "Svojci", "Skupaj"],
        "individualno svetovanje",
        "podporna skupina",
    ),
    "bs": (
        "oporavak-ba",
        [
            "Datum",
            "Aktivnost",
            "Šifra korisnika",
            "Sati",
            "Korisnici",
            "Članovi porodice",
            "Ukupno",
        ],
        "individualno savjetovanje",
        "grupa podrške",
    ),
    "pl": (
        "klub-pl",
        ["Data", "Rodzaj zajęć", "Kod klienta", "Liczba godzin", "Klienci", "Rodziny", "Razem"],
        "porada indywidualna",
        "grupa wsparcia",
    ),
    "no": (
        "endring-no",
        ["Dato", "Aktivitet", "Klientkode", "Timer", "Brukere", "Pårørende", "Totalt"],
        "individuell samtale",
        "samtalegruppe",
    ),
    "en": (
        "endring-no",
        ["Date", "Activity", "Client ID", "Hours", "Clients", "Family members", "Total"],
        "one-to-one counselling",
        "peer support group",
    ),
}


@pytest.mark.parametrize("language", sorted(KINDS_IN_A_LOG))
def test_a_log_of_sessions_counting_its_meetings_users_and_relatives_gives_their_participants(
    workspace, tmp_path, language
):
    # "Uporabniki" beside "Šifra uporabnika" counts the users who came, no second client's code
    partner, header, session, meeting = KINDS_IN_A_LOG[language]
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "log_2026_10.xlsx",
        {
            "Sheet1": [
                header,
                [date(2026, 10, 1), session, "AB-01", 1, None, None, None],
                [date(2026, 10, 8), meeting, None, 1.5, 8, 2, 10],
                [date(2026, 10, 15), meeting, None, 1.5, 7, 3, None],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["user_code"]) == ["AB01"]
    assert list(sub.tables["groups"]["participants"]) == [10, 10]


@pytest.mark.parametrize(
    ("partner", "language", "header", "meeting"),
    [
        ("most-si", "sl", "Udeleženci (M/Ž)", "Podporna skupina"),
        ("oporavak-ba", "bs", "Broj učesnika (korisnici/porodica)", "Grupa podrške"),
        ("klub-pl", "pl", "Liczba uczestników (K/M)", "Mityng AA"),
        ("endring-no", "no", "Antall deltakere (kvinner/menn)", "Samtalegruppe"),
        ("endring-no", "en", "Attendance (men / women)", "Peer support group"),
    ],
)
def test_participants_written_in_the_parts_their_header_names_with_a_slash_are_their_sum(
    workspace, tmp_path, partner, language, header, meeting
):
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "groups_2026_10.xlsx",
        {
            "Sheet1": [
                ["Date", "Activity", header],
                [date(2026, 10, 7), meeting, "4/5"],
                [date(2026, 10, 14), meeting, "3 / 2"],
                [date(2026, 10, 21), meeting, 9],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [9, 5, 9]


def test_two_figures_with_a_slash_under_a_header_naming_no_parts_are_an_error(workspace, tmp_path):
    path = workbook(
        tmp_path / "skupine_2026_10.xlsx",
        {
            "Sheet1": [
                ["Datum", "Aktivnost", "Udeleženci"],
                ["7.10.2026", "Podporna skupina", "5/7"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [("figures_with_slash", 2)]


@pytest.mark.parametrize(
    ("partner", "language", "header"),
    [
        (
            "most-si",
            "sl",
            ["Datum", "Naslov", "Strokovni delavci", "Prostovoljci", "Svojci", "Ure"],
        ),
        (
            "oporavak-ba",
            "bs",
            ["Datum", "Naziv", "Osoblje", "Volonteri", "Članovi porodice", "Sati"],
        ),
        ("klub-pl", "pl", ["Data", "Temat", "Pracownicy", "Wolontariusze", "Rodziny", "Godziny"]),
        ("endring-no", "no", ["Dato", "Tittel", "Ansatte", "Frivillige", "Pårørende", "Timer"]),
        ("endring-no", "en", ["Date", "Title", "Staff", "Volunteers", "Family members", "Hours"]),
    ],
)
def test_a_trainings_people_in_columns_of_target_groups_give_its_participants_and_audience(
    workspace, tmp_path, partner, language, header
):
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "izobrazevanja_2026_10.xlsx",
        {
            "Izobraževanja": [
                header,
                [date(2026, 10, 14), "Motivacijski intervju", 8, 4, None, 4],
                [date(2026, 10, 21), "Delavnica za svojce", None, None, 9, 2],
                [date(2026, 10, 28), "Nalokson", 3, None, 2, 2],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    trainings = sub.tables["trainings"]
    assert list(trainings["participants"]) == [12, 9, 5]
    # staff and relatives together: the first named counts, as in a cell naming both
    assert list(trainings["audience"]) == ["staff", "relatives", "staff"]
    assert [p.rule for p in sub.warnings] == ["column_added_from_parts", "value_several_audiences"]


@pytest.mark.parametrize(
    ("partner", "header"),
    [
        ("endring-no", ["Dato", "Tema", "Fysisk oppmøte", "På Teams", "Varighet"]),
        ("endring-no", ["Dato", "Tema", "Oppmøte fysisk", "Oppmøte Teams", "Varighet"]),
        ("endring-no", ["Dato", "Tema", "Antall fysisk", "Antall digitalt", "Varighet"]),
        ("klub-pl", ["Data", "Temat", "Stacjonarnie", "Online", "Godziny"]),
    ],
)
def test_people_in_the_room_and_online_in_two_columns_add_up_to_the_participants(
    workspace, tmp_path, partner, header
):
    path = workbook(
        tmp_path / "ettervern_november_2026.xlsx",
        {
            "Grupper": [
                header,
                [date(2026, 11, 4), "Tilbakefall", 6, 2, 1.5],
                [date(2026, 11, 11), "Mestring", 4, None, 1.5],
            ]
        },
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [8, 4]
    assert [p.rule for p in sub.problems] == ["column_added_from_parts"]
