"""What partners leave out or count in their own units: school hours of 45 minutes, and a
breakdown column (target group, sex, age) a partner does not keep."""

from datetime import date

import pytest
from own_sheets_support import read, workbook
from test_intake_housing_presence import with_housing

TRAININGS_SL = [
    "Datum",
    "Naslov izobraževanja",
    "Ciljna skupina",
    "Število pedagoških ur",
    "Udeleženci",
]


def test_school_hours_are_read_as_45_minutes_each_and_the_partner_is_told(workspace, tmp_path):
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Izobraževanja": [
                TRAININGS_SL,
                [date(2025, 5, 7), "Delavnica o recidivu", "strokovni delavci", 4, 12],
                [date(2025, 5, 21), "Usposabljanje prostovoljcev", "prostovoljci", "1:30", 8],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.tables["trainings"]["hours"].tolist() == [3.0, 1.5]
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("read_as_school_hours", "Število pedagoških ur")
    ]


def test_a_trainings_length_in_days_is_refused_asking_for_its_hours(workspace, tmp_path):
    # a course of 2 days was counted as 2 hours: its hours are not known from its days
    header = ["Datum", "Naslov", "Ciljna skupina", "Trajanje (dni)", "Udeleženci"]
    row = [date(2025, 5, 7), "Motivacijski intervju", "strokovni delavci", 2, 12]
    path = workbook(tmp_path / "izobrazevanja_maj_2025.xlsx", {"Izobraževanja": [header, row]})
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("hours_in_days", 1, "Trajanje (dni)")
    ]


def test_a_trainings_dates_under_a_plural_header_date_it_by_its_first_day(workspace, tmp_path):
    # "Dates" of a course of two days was no known header: the file was refused for want of
    # a date
    header = ["Dates", "Course", "Audience", "Hours", "Participants"]
    row = ["5-6 October 2026", "Motivational interviewing", "Staff", 12, 10]
    path = workbook(tmp_path / "training October 2026.xlsx", {"Training": [header, row]})
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert [str(d) for d in sub.tables["trainings"]["held_on"]] == ["2026-10-05"]


def test_polish_lesson_hours_beside_clock_hours_leave_the_clock_hours_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "szkolenia_maj_2025.xlsx",
        {
            "Szkolenia": [
                [
                    "Data",
                    "Temat",
                    "Grupa docelowa",
                    "Godziny lekcyjne",
                    "Liczba godzin",
                    "Uczestnicy",
                ],
                [date(2025, 5, 9), "Profilaktyka nawrotów", "rodziny", 4, 3, 10],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.tables["trainings"]["hours"].tolist() == [3.0]
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("column_in_school_hours_too", "Godziny lekcyjne")
    ]


def test_trainings_without_a_target_group_count_with_their_audience_unknown(workspace, tmp_path):
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Izobraževanja": [
                ["Izobraževanja - maj 2025"],
                ["Datum", "Naslov", "Ure", "Št. udeležencev"],
                [date(2025, 5, 7), "Delavnica o recidivu", 3, 12],
                [date(2025, 5, 21), "Usposabljanje prostovoljcev", 2, 8],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.status == "accepted_with_warnings"
    assert sub.tables["trainings"]["audience"].tolist() == ["unclassified", "unclassified"]
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("breakdown_column_missing", 2, "Ciljna skupina")
    ]


def test_a_register_without_sex_or_age_counts_its_people_with_those_unknown(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_maj_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta uporabnika", "Glavna zasvojenost"],
                ["SKM-1", "oseba v okrevanju", "alkohol"],
                ["SKM-2", "svojec", None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    people = sub.tables["people"]
    assert sub.status == "accepted_with_warnings"
    assert (people["sex"].tolist(), people["age_band"].tolist()) == (
        ["unclassified"] * 2,
        ["unclassified"] * 2,
    )
    assert {(p.rule, p.column) for p in sub.problems} == {
        ("breakdown_column_missing", "Spol"),
        ("breakdown_column_missing", "Starostna skupina"),
    }


def test_a_missing_column_of_figures_still_rejects_the_file(workspace, tmp_path):
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Izobraževanja": [
                ["Datum", "Naslov", "Ciljna skupina", "Št. udeležencev"],
                [date(2025, 5, 7), "Delavnica o recidivu", "svojci", 12],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Ure")]


def test_a_meeting_called_off_with_its_hours_planned_and_nobody_there_is_not_counted(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "zajecia_pazdziernik_2026.xlsx",
        {
            "Zajęcia": [
                ["L.p.", "Data", "Rodzaj zajęć", "Czas trwania", "Liczba uczestników", "Uwagi"],
                [1, date(2026, 10, 2), "Mityng AA", 1.5, 12, None],
                [2, date(2026, 10, 9), "Mityng AA – ODWOŁANY", 1.5, 0, None],
                [3, date(2026, 10, 16), "Mityng AA", 1.5, None, "odwołane – brak sali"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["hours"].tolist() == [1.5]
    assert [(p.rule, p.row) for p in sub.warnings if p.rule == "row_cancelled"] == [
        ("row_cancelled", 3),
        ("row_cancelled", 4),
    ]


def test_a_session_its_outcome_says_did_not_take_place_is_not_counted_though_hours_are_planned(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "sessions october 2026.xlsx",
        {
            "Sessions": [
                ["Date", "Client code", "Session type", "Hours", "Outcome", "Notes"],
                [date(2026, 10, 2), "SKM-01", "Individual counselling", 1, "Attended", None],
                [date(2026, 10, 3), "SKM-02", "Individual counselling", 0.75, "DNA", None],
                [
                    date(2026, 10, 9),
                    "SKM-01",
                    "Family counselling",
                    1.5,
                    "Cancelled by client",
                    None,
                ],
                [date(2026, 10, 23), "SKM-02", "Individual counselling", 1, "Attended", None],
                # a note of what was said, not of the session
                [date(2026, 10, 30), "SKM-03", "Individual counselling", 1, "Attended"]
                + ["Cancelled her gym membership, we talked it through"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1, 1]
    told = [(p.rule, p.row) for p in sub.warnings if p.rule == "row_not_held"]
    assert told == [("row_not_held", 3), ("row_not_held", 4)]


@pytest.mark.parametrize(
    "partner, said",
    [
        ("most-si", "Client DNA"),
        ("oporavak-ba", "Klijent otkazao termin"),
        ("klub-pl", "Klient nie przyszedł"),
        ("endring-no", "Bruker møtte ikke"),
        ("most-si", "Uporabnik ni prišel"),
    ],
)
def test_a_session_said_not_held_with_its_client_named_first_is_not_counted(
    workspace, tmp_path, partner, said
):
    path = workbook(
        tmp_path / "sessions october 2026.xlsx",
        {
            "Sessions": [
                ["Date", "Client code", "Session type", "Hours", "Note"],
                [date(2026, 10, 2), "AB-01", "Individual counselling", 1, None],
                [date(2026, 10, 9), "AB-02", "Individual counselling", 1, said],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.tables["counselling"]["hours"].tolist() == [1]


def test_an_attendance_column_of_counts_written_with_a_word_is_the_participants(
    workspace, tmp_path
):
    # "c. 12" and "approx 10" are no bare figures: the column was taken for marks of who came,
    # left unread, and the file refused for want of its participants
    rows = [[date(2026, 10, 7), "Aftercare group", "c. 12", 1.5]]
    rows += [[date(2026, 10, 14), "Aftercare group", "approx 10", 1.5]]
    rows += [[date(2026, 10, 21), "Aftercare group", "9", 1.5]]
    header = ["Date", "Group", "Attendance", "Hours"]
    path = workbook(tmp_path / "groups October 2026.xlsx", {"Groups": [header, *rows]})
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["participants"].tolist() == [12, 10, 9]


@pytest.mark.parametrize("attended", [("Attended", "DNA"), ("Yes", "No"), ("Y", "N")])
def test_an_attended_column_of_a_case_management_export_says_which_sessions_were_held(
    workspace, tmp_path, attended
):
    # "Attended" heads a count of people in a group's sheet: here it holds marks, no count
    held, missed = attended
    path = workbook(
        tmp_path / "appointments October 2026.xlsx",
        {
            "Appointments": [
                ["Client ID", "Appointment Date", "Appointment type", "Attended", "Duration"],
                ["BR-12", date(2026, 10, 1), "1:1 Keywork", held, "1:00"],
                ["BR-13", date(2026, 10, 2), "1:1 Keywork", missed, "1:00"],
                ["BR-14", date(2026, 10, 8), "Family session", held, "1:30"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1.5]


def test_a_session_its_column_of_missed_sessions_marks_is_not_counted(workspace, tmp_path):
    path = workbook(
        tmp_path / "sessions october 2026.xlsx",
        {
            "Sessions": [
                ["Date", "Client code", "Session type", "Hours", "DNA"],
                [date(2026, 10, 2), "AB-01", "Individual counselling", 1, None],
                [date(2026, 10, 9), "AB-02", "Individual counselling", 1, "x"],
                [date(2026, 10, 16), "AB-02", "Individual counselling", 1, ""],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1]
    assert [(p.rule, p.row) for p in sub.warnings if p.rule == "row_not_held"] == [
        ("row_not_held", 3)
    ]


def test_a_session_its_column_of_attendance_marks_not_attended_is_not_counted(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Šifra uporabnika", "Storitev", "Ure svetovanja", "Prisoten"],
                [date(2026, 10, 1), "SKM-0417", "Individualno svetovanje", 1, "da"],
                [date(2026, 10, 8), "SKM-0417", "Individualno svetovanje", 1, "ne"],
                [date(2026, 10, 15), "SKM-0417", "Individualno svetovanje", 1, "DA"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert len(sub.tables["counselling"]) == 2
    assert [(p.rule, p.row) for p in sub.warnings if p.rule == "row_not_held"] == [
        ("row_not_held", 3)
    ]


def test_a_meeting_called_off_in_its_count_of_people_is_not_counted_nor_refused(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "mityngi październik 2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Rodzaj spotkania", "Obecnych", "Godziny"],
                [date(2026, 10, 7), "Mityng AA", 12, 1.5],
                [date(2026, 10, 14), "Mityng AA", "odwołany", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["participants"].tolist() == [12]


def test_a_group_named_for_vulnerable_youth_is_no_meeting_called_off(workspace, tmp_path):
    # "utsatte": vulnerable, and also postponed; a group's name says no meeting was called off
    path = workbook(
        tmp_path / "grupper oktober 2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Gruppe", "Antall deltakere", "Timer"],
                [date(2026, 10, 7), "Utsatte unge", 6, 1.5],
                [date(2026, 10, 14), "Utsatte unge", 5, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.tables["groups"]["participants"].tolist() == [6, 5]


def test_how_and_where_a_meeting_was_held_are_left_unread(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dato", "Type", "Sted", "Fysisk/Teams", "Antall deltakere", "Varighet"],
                [date(2026, 10, 7), "Ettervernsgruppe", "Sandvika", "Teams", 9, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [
        ("column_ignored", "Sted"),
        ("column_ignored", "Fysisk/Teams"),
    ]


def test_a_column_of_how_a_meeting_was_held_makes_no_sheet_of_meetings_a_mixed_log(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "sprawozdanie_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Nazwa zajęć", "Czas trwania", "Uczestnicy", "Forma"],
                [date(2026, 10, 1), "Mityng AA „Krok po kroku”", "1 godz. 30 min", 12, "Teams"],
                [date(2026, 10, 22), "Spotkanie klubowe", "2 godz.", 15, "stacjonarnie"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.errors == []
    groups = sub.tables["groups"]
    assert (groups["hours"].sum(), groups["activity_kind"].tolist()) == (
        3.5,
        ["support_group", "support_group"],
    )


def test_housing_without_its_places_takes_each_units_places_from_the_consortium(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {
            "Bivanje": [
                ["Bivanjska skupnost", "Stanovalci", "Nočitve", "Sprejemi"]
                + ["Načrtovani odhodi", "Nenačrtovani odhodi"],
                ["BS-LJ1", 3, 90, 0, 0, 0],
                ["BS-MB", 4, 120, 1, 0, 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["housing"]["places"].tolist() == [4, 5]


def test_a_units_free_places_are_left_unread_and_its_places_come_from_the_consortium(
    workspace, tmp_path
):
    # "Prosta mesta" are the places nobody slept in: read as places, BS-LJ1 of 4 had 0 and its
    # 3 residents were refused as more than its places
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {
            "Bivanje": [
                ["Bivanjska skupnost", "Prosta mesta", "Stanovalci", "Nočitve", "Sprejemi"]
                + ["Načrtovani odhodi", "Nenačrtovani odhodi"],
                ["BS-LJ1", 0, 3, 90, 0, 0, 0],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Prosta mesta")]
    assert sub.tables["housing"]["places"].tolist() == [4]


def test_a_units_void_nights_are_no_resident_nights(workspace, tmp_path):
    # the nights its beds stood empty: 31 of them are not the residents' 31 nights
    header = ["Unit", "Beds", "Residents", "Void nights", "Admissions"]
    path = workbook(
        tmp_path / "housing_may_2025.xlsx",
        {"Housing": [header + ["Planned exits", "Unplanned exits"], ["BS-LJ1", 4, 3, 31, 0, 0, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Nočitve")]


def test_of_two_headers_of_one_meaning_the_column_holding_its_figures_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupper_oktober_2026.xlsx",
        {
            "Grupper": [
                ["Dag", "Dato", "Type", "Oppmøte", "Antall deltakere", "Varighet"],
                ["onsdag", date(2026, 10, 7), "Ettervernsgruppe", "fysisk", 9, 1.5],
                ["onsdag", date(2026, 10, 14), "Ettervernsgruppe", "Teams", 7, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.tables["groups"]["participants"].tolist() == [9, 7]
    assert [(p.rule, p.column) for p in sub.warnings] == [
        ("column_ignored", "Dag"),
        ("column_ignored", "Oppmøte"),
    ]


def test_a_file_named_for_one_kind_of_meeting_gives_its_rows_that_kind(workspace, tmp_path):
    path = workbook(
        tmp_path / "ettervern_sandvika_oktober_2026.xlsx",
        {
            "Ark1": [
                ["Dag", "Tid", "Antall", "Terapeut"],
                ["onsdag 7. oktober", "17:30-19:00", 9, "K. Berg"],
                ["onsdag 14. oktober", "17:30-19:00", 8, "K. Berg"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    groups = sub.tables["groups"]
    assert groups["activity_kind"].tolist() == ["support_group", "support_group"]
    assert groups["hours"].tolist() == [1.5, 1.5]


def test_a_register_named_for_all_its_people_gives_them_no_kind(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_maj_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Spol", "Starost", "Zasvojenost"],
                ["SKM-1", "moški", 34, "alkohol"],
                ["SKM-2", "ženska", 51, "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.tables["people"]["user_kind"].tolist() == ["unclassified", "unclassified"]
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("breakdown_column_missing", "Vrsta uporabnika")
    ]


def test_a_sheet_of_relatives_beside_the_register_joins_it(workspace, tmp_path):
    path = workbook(
        tmp_path / "deltakere_mai_2025.xlsx",
        {
            "Deltakere": [
                ["Kode", "Type", "Kjønn", "Alder", "Rusmiddel"],
                ["DE-1", "deltaker", "K", 41, "alkohol"],
            ],
            "Pårørende": [
                ["Kode", "Relasjon", "Kjønn", "Alder"],
                ["DE-7", "mor", "K", 66],
                ["DE-8", "bror", "M", 38],
            ],
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["user_kind"].tolist() == ["in_recovery", "relative", "relative"]


def test_volunteers_and_other_people_need_no_main_addiction(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_maj_2025.xlsx",
        {
            "Register": [
                ["Šifra", "Vrsta (uporabnik/svojec)", "Spol", "Leto rojstva", "Zasvojenost"],
                ["SKM-1", "mama uporabnika", "ženska", 1961, None],
                ["SKM-2", "drugo (prostovoljka)", "ženska", 1955, None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["user_kind"].tolist() == ["relative", "other"]


def test_a_housing_unit_written_without_its_prefix_is_the_partners_unit(workspace, tmp_path):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {
            "Bivanje": [
                ["Enota", "Število postelj", "Stanovalci", "Nočitve", "Sprejemi"]
                + ["Odšli (načrtovano)", "Odšli (nenačrtovano)"],
                ["LJ 1", 4, 3, 90, 0, 0, 0],
                ["LJ2", 3, 3, 93, 1, 0, 0],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["housing"]["site_id"].tolist() == ["BS-LJ1", "BS-LJ2"]


def test_cyrillic_durations_with_their_units_are_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "саветовање_мај_2025.xlsx",
        {
            "Саветовање": [
                ["Датум", "Шифра корисника", "Врста", "Трајање"],
                [date(2025, 5, 5), "SA-23", "индивидуално", "1,5 сат"],
                [date(2025, 5, 6), "SA-24", "тел.", "45 мин"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    counselling = sub.tables["counselling"]
    assert counselling["hours"].tolist() == [1.5, 0.75]
    assert counselling["session_kind"].tolist() == ["individual", "phone"]


def test_an_identity_number_named_as_such_is_refused_though_its_check_digit_fails(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "korisnici_maj_2025.xlsx",
        {
            "Korisnici": [
                ["Šifra", "Vrsta", "Spol", "Starost", "Ovisnost", "Napomena"],
                ["SA-1", "korisnik", "M", 40, "alkohol", "JMBG 0101990170007"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("personal_data_national_id", 2, "Napomena")
    ]


def test_a_helpline_log_with_its_own_columns_and_a_call_past_midnight_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "pozivi_oktobar_2026.xlsx",
        {
            "Pozivi": [
                [
                    "Datum",
                    "Od",
                    "Do",
                    "Vrsta",
                    "Gender",
                    "Ishod",
                    "Upućen na",
                    "Mode (phone/online)",
                ],
                [date(2026, 10, 3), "10:00", "10:30", "poziv", "M", "savjet", "-", "phone"],
                [date(2026, 10, 4), "23:50", "00:20", "poziv", "Ž", "upućen", "CZM", "phone"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["hours"].tolist() == [0.5, 0.5]
    assert {p.column for p in sub.warnings if p.rule == "column_ignored"} == {
        "Gender",
        "Ishod",
        "Upućen na",
        "Mode (phone/online)",
    }


def test_a_file_named_for_two_kinds_of_meeting_gives_its_rows_neither(workspace, tmp_path):
    path = workbook(
        tmp_path / "izleti_i_grupe_podrske_oktobar_2026.xlsx",
        {
            "List1": [
                ["Datum", "Broj učesnika", "Trajanje (sati)"],
                [date(2026, 10, 7), 9, 2],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.tables["groups"]["activity_kind"].tolist() == ["unclassified"]


CALL_LOG = ["Datum", "Vrijeme od", "Vrijeme do", "Šifra pozivaoca"]


def test_a_call_logs_caller_sex_and_age_are_left_unread_with_a_warning(workspace, tmp_path):
    # three headers of a person's columns ("Šifra", "Spol", "Dob") against two of a call:
    # that they speak of the caller makes the sheet a call log, not a people register
    path = workbook(
        tmp_path / "pozivi_oktobar_2026.xlsx",
        {
            "Pozivi": [
                [*CALL_LOG, "Spol pozivaoca", "Dob pozivaoca"],
                [date(2026, 10, 3), "18:00", "18:45", "SA-104", "Ž", 30],
                [date(2026, 10, 7), "23:50", "00:20", "anonimno", "M", None],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert list(sub.tables) == ["counselling"]
    assert sub.tables["counselling"]["user_code"].isna().tolist() == [False, True]
    assert {p.column for p in sub.warnings if p.rule == "column_ignored"} == {
        "Spol pozivaoca",
        "Dob pozivaoca",
    }


def test_a_callers_age_with_a_hint_in_brackets_is_still_the_callers(workspace, tmp_path):
    path = workbook(
        tmp_path / "pozivi_oktobar_2026.xlsx",
        {
            "Pozivi": [
                [*CALL_LOG, "Dob (pozivalac)"],
                [date(2026, 10, 3), "18:00", "18:45", "SA-104", 30],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Dob (pozivalac)")]


def test_a_callers_name_refuses_the_file_for_personal_data(workspace, tmp_path):
    path = workbook(
        tmp_path / "pozivi_oktobar_2026.xlsx",
        {
            "Pozivi": [
                [*CALL_LOG, "Ime pozivaoca"],
                [date(2026, 10, 3), "18:00", "18:45", "SA-104", "Amra"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.errors] == [("personal_data_column", "Ime pozivaoca")]


def test_a_call_logs_referral_onwards_is_left_unread_and_its_count_of_calls_is_a_totals_row(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "pozivi_oktobar_2026.xlsx",
        {
            "Pozivi": [
                [*CALL_LOG, "Upućen dalje"],
                [date(2026, 10, 3), "18:00", "18:45", "SA-104", "da"],
                [date(2026, 10, 7), "23:50", "00:20", "anonimno", "ne"],
                ["Ukupno poziva: 2"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert len(sub.tables["counselling"]) == 2
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Upućen dalje")]


def test_a_persons_date_of_joining_the_programme_is_left_unread_with_a_warning(workspace, tmp_path):
    path = workbook(
        tmp_path / "korisnici_oktobar_2026.xlsx",
        {
            "Korisnici": [
                ["Šifra", "Vrsta korisnika", "Spol", "Dob", "Ovisnost", "Datum prijema u program"],
                ["SA-101", "korisnik", "M", 41, "alkohol", "12.03.2024."],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [
        ("column_ignored", "Datum prijema u program")
    ]


def test_a_housing_unit_named_by_its_town_is_the_unit_though_a_group_shares_the_town(
    workspace, tmp_path
):
    # "Grupa podrške Sarajevo" is a group: only housing units name a housing sheet's rows
    with_housing(
        workspace,
        "oporavak-ba",
        ("SZ-SA", "Stambena zajednica Sarajevo", 6),
        ("SZ-ZE", "Stambena zajednica Zenica", 4),
    )
    path = workbook(
        tmp_path / "smjestaj_oktobar_2026.xlsx",
        {
            "Smještaj": [
                ["Stambena zajednica", "Mjesta", "Stanari", "Noćenja", "Prijemi"]
                + ["Planirani izlasci", "Neplanirani izlasci"],
                ["Sarajevo", 6, 5, 150, 1, 0, 0],
                ["Zenica", 4, 3, 93, 0, 0, 0],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sub.tables["housing"]["site_id"].tolist() == ["SZ-SA", "SZ-ZE"]


def test_a_flat_is_the_housing_units_column_of_the_housing_sheet_and_of_its_people(
    workspace, tmp_path
):
    # "Stanovanje", a flat: a partner's own word for its housing units
    path = workbook(
        tmp_path / "porocilo_oktober_2026.xlsx",
        {
            "Nastanitve": [
                ["Stanovanje", "Št. mest", "Stanovalci ob koncu meseca", "Nočitve", "Sprejemi"]
                + ["Načrtovani odhodi", "Nenačrtovani odhodi"],
                ["BS-LJ1", 4, 3, 90, 1, 0, 0],
                ["BS-MB", 5, 4, 124, 0, 0, 1],
            ],
            "Uporabniki": [
                ["Šifra", "Spol", "Starost", "Glavna težava", "Stanovanje"],
                ["LJ-01", "moški", 34, "alkohol", "BS-LJ1"],
            ],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["housing"]["site_id"].tolist() == ["BS-LJ1", "BS-MB"]
    assert sub.tables["people"]["housing_unit"].tolist() == ["BS-LJ1"]


def test_a_residents_community_and_date_of_moving_in_are_its_unit_and_a_column_left_unread(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "korisnici_smjestaja_oktobar_2026.xlsx",
        {
            "Korisnici smještaja": [
                ["Šifra", "Spol", "Starost", "Ovisnost", "Zajednica", "Datum ulaska"],
                ["LJ-01", "M", 34, "alkohol", "BS-LJ1", "02.02.2026."],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["housing_unit"].tolist() == ["BS-LJ1"]
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Datum ulaska")]


def test_a_date_of_admission_in_a_sheet_of_sessions_is_still_its_date(workspace, tmp_path):
    # in a sheet of sessions "Datum prijema" heads the day the client was seen
    path = workbook(
        tmp_path / "savjetovanje_oktobar_2026.xlsx",
        {
            "Savjetovanje": [
                ["Datum prijema", "Šifra", "Vrsta", "Sati"],
                [date(2026, 10, 5), "SA-101", "individualno", 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sub.tables["counselling"]["session_on"].tolist() == [date(2026, 10, 5)]
