"""Partners' own sheets read untouched: their headers, their words for kinds, their months and
codes, mixed logs, partial and per-table submissions; and what has nothing in it refused."""

from datetime import UTC, date, datetime, time

import duckdb
import openpyxl
import pytest
import xlwt
from own_sheets_support import deliver, read, run_intake, text_file, workbook, writing_in

from collect.stated import period_in_text, range_of_months
from core.config import Workspace
from core.messages import problem_text, rule_message
from core.vocabulary import vocabulary
from load import warehouse
from transforms.figures import headline_figures
from transforms.runner import build_models

HOURS_SL = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
HOUSING_SL = [
    "Bivanjska skupnost",
    "Št. mest",
    "Stanovalci",
    "Nočitve",
    "Sprejemi",
    "Izhodi (načrtovani)",
    "Izhodi (nenačrtovani)",
]


def hours_sl(path, rows):
    return workbook(path, {"Ure": [HOURS_SL, *rows]})


def housing_sl(path):
    return workbook(
        path, {"List1": [HOUSING_SL, ["BS-LJ1", 4, 3, 90, 0, 0, 0], ["Skupaj", 4, 3, 90, 0, 0, 0]]}
    )


def kinds(frame, column):
    return frame[column].value_counts().to_dict()


def test_slovene_own_headers_and_free_text_services_give_sessions_and_hours(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje – ponovni zdrs", 1.5],
            ["SKM-0418", date(2025, 5, 6), "Svetovanje po telefonu", 0.5],
            ["SKM-0419", date(2025, 5, 7), "Pogovor s svojci", 1],
        ],
    )
    sub = read(workspace, path, "most-si")
    counselling = sub.tables["counselling"]
    assert sub.problems == [] and sub.period == "2025-05"
    assert kinds(counselling, "session_kind") == {"individual": 1, "phone": 1, "family": 1}
    assert counselling["hours"].sum() == 3.0


def test_durations_under_a_header_of_minutes_are_counted_as_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", "Trajanje (min)"],
                ["SKM-0417", date(2025, 5, 5), "Svetovanje po telefonu", 45],
                ["SKM-0418", date(2025, 5, 6), "Svetovanje po telefonu", "7,5"],
                ["SKM-0419", date(2025, 5, 7), "Svetovanje po telefonu", "1:30"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.problems == []
    assert sub.tables["counselling"]["hours"].tolist() == [0.75, 0.125, 1.5]


def test_whole_minutes_under_a_duration_header_naming_no_unit_are_read_as_minutes(
    workspace, tmp_path
):
    # nobody holds a counselling session of 60 hours: "Trajanje" 60, 45, 90 are minutes
    path = workbook(
        tmp_path / "savjetovanja_juli_2026.xlsx",
        {
            "Savjetovanja": [
                ["Datum", "Šifra korisnika", "Vrsta savjetovanja", "Trajanje"],
                [date(2026, 7, 1), "SA-087", "individualno", 60],
                [date(2026, 7, 8), "SA-112", "individualno", 45],
                [date(2026, 7, 15), "SA-140", "porodično", 90],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("read_as_minutes", "Trajanje")]
    assert sub.tables["counselling"]["hours"].tolist() == [1.0, 0.75, 1.5]


def test_bare_minutes_beside_durations_written_with_their_unit_are_minutes(workspace, tmp_path):
    # "1:00" and "1 h" say their unit; 60 and 45 beside them are minutes, never 60 hours
    path = workbook(
        tmp_path / "savjetovanja_juli_2026.xlsx",
        {
            "Savjetovanja": [
                ["Datum", "Šifra korisnika", "Vrsta savjetovanja", "Trajanje"],
                [date(2026, 7, 1), "SA-087", "individualno", "1:00"],
                [date(2026, 7, 8), "SA-112", "individualno", 60],
                [date(2026, 7, 15), "SA-140", "porodično", "45"],
                [date(2026, 7, 22), "SA-141", "individualno", "1,5 h"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("read_as_minutes_beside_units", "Trajanje")
    ]
    assert sub.tables["counselling"]["hours"].tolist() == [1.0, 1.0, 0.75, 1.5]


def test_bare_minutes_beside_excel_times_are_minutes(workspace, tmp_path):
    path = workbook(
        tmp_path / "poradnictwo_pazdziernik_2026.xlsx",
        {
            "Poradnictwo": [
                ["Data", "Kod klienta", "Rodzaj", "Czas trwania"],
                [date(2026, 10, 1), "KA-101", "Porada indywidualna", time(1, 30)],
                [date(2026, 10, 8), "KA-102", "Porada indywidualna", 90],
                [date(2026, 10, 15), "KA-103", "Porada indywidualna", "30 min"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [p.rule for p in sub.problems] == ["read_as_minutes_beside_units"]
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 1.5, 0.5]


def test_small_bare_numbers_beside_durations_with_their_unit_stay_hours(workspace, tmp_path):
    # 2 beside "1:30" is two hours: a session is not two minutes long
    path = workbook(
        tmp_path / "svetovanje_oktober_2026.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Šifra uporabnika", "Storitev", "Trajanje"],
                [date(2026, 10, 1), "SKM-0417", "Individualno svetovanje", "1:30"],
                [date(2026, 10, 8), "SKM-0418", "Individualno svetovanje", 2],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert "read_as_minutes_beside_units" not in [p.rule for p in sub.problems]
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 2.0]


def test_bare_numbers_beside_decimal_hours_stay_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje_oktober_2026.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Šifra uporabnika", "Storitev", "Trajanje"],
                [date(2026, 10, 1), "SKM-0417", "Individualno svetovanje", "1,5"],
                [date(2026, 10, 8), "SKM-0418", "Individualno svetovanje", "1:00"],
                [date(2026, 10, 15), "SKM-0419", "Individualno svetovanje", 2],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 1.0, 2.0]


def test_durations_written_as_a_clock_with_a_dot_are_hours_and_minutes(workspace, tmp_path):
    # "1.30" and "0.45": an hour and a half and three quarters, never 1.3 and 0.45 hours
    path = workbook(
        tmp_path / "svetovanje_oktober_2026.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Šifra uporabnika", "Storitev", "Trajanje (ur)"],
                [date(2026, 10, 1), "SKM-0417", "Individualno svetovanje", "1.30"],
                [date(2026, 10, 8), "SKM-0417", "Individualno svetovanje", "0.45"],
                [date(2026, 10, 15), "SKM-0417", "Individualno svetovanje", "2.00"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("read_as_clock", "Trajanje (ur)")]
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 0.75, 2.0]


def test_durations_with_a_dot_that_only_decimals_write_stay_decimals(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje_oktober_2026.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Šifra uporabnika", "Storitev", "Ure"],
                [date(2026, 10, 1), "SKM-0417", "Individualno svetovanje", "1.5"],
                [date(2026, 10, 8), "SKM-0417", "Individualno svetovanje", "0.75"],
                [date(2026, 10, 15), "SKM-0417", "Individualno svetovanje", "1.30"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 0.75, 1.3]


def test_whole_hours_of_courses_under_a_duration_header_naming_no_unit_stay_hours(
    workspace, tmp_path
):
    # a course of 20 or 40 hours is no course of 20 minutes
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Izobraževanja": [
                ["Naslov", "Datum", "Ciljna skupina", "Trajanje", "Udeleženci"],
                ["Tečaj za prostovoljce", date(2025, 5, 5), "uporabniki", 20, 9],
                ["Supervizija", date(2025, 5, 12), "uporabniki", 40, 7],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert "read_as_minutes" not in [p.rule for p in sub.problems]
    assert sub.tables["trainings"]["hours"].tolist() == [20.0, 40.0]


def test_a_session_too_long_in_hours_is_told_to_write_min_if_its_figures_are_minutes(
    workspace, tmp_path
):
    # "Sati" says hours: 90 is no minutes of it, but the partner may have meant them
    path = workbook(
        tmp_path / "savjetovanja_juli_2026.xlsx",
        {
            "Savjetovanja": [
                ["Datum", "Šifra korisnika", "Vrsta savjetovanja", "Sati"],
                [date(2026, 7, 1), "SA-087", "individualno", 90],
            ]
        },
    )
    [problem] = read(workspace, path, "oporavak-ba", validate=True).errors
    assert problem.rule == "session_hours_range"
    for language in ("sl", "bs", "pl", "no", "en"):
        assert "“min”" in problem_text(problem, language)


@pytest.mark.parametrize("minutes_first", [True, False])
def test_a_duration_in_minutes_beside_the_same_in_hours_reads_the_hours(
    workspace, tmp_path, minutes_first
):
    header, rows = ["Minute", "Ure svetovanja"], [[90, 1.5], [60, 1]]
    if not minutes_first:
        header, rows = header[::-1], [row[::-1] for row in rows]
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", *header],
                ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", *rows[0]],
                ["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", *rows[1]],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column, p.params["first"]) for p in sub.problems] == [
        ("column_in_minutes_too", "Minute", "Ure svetovanja")
    ]
    assert sub.tables["counselling"]["hours"].tolist() == [1.5, 1.0]


def test_minutes_past_the_whole_hours_in_a_column_of_their_own_are_refused(workspace, tmp_path):
    # 1 | 30 is an hour and a half: the hours alone were read, 1 hour counted with a warning
    # that the minutes gave the same duration, and 0 | 45 refused as a session of no hours
    header = ["Šifra uporabnika", "Datum", "Storitev", "Ure", "Minute"]
    rows = [["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1, 30]]
    rows.append(["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 0, 45])
    path = workbook(tmp_path / "ure_maj_2025.xlsx", {"Ure": [header, *rows]})
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column, p.params["first"]) for p in sub.errors] == [
        ("duration_split", "Minute", "Ure")
    ]


def test_english_headers_with_a_typo_and_in_another_order_are_understood(workspace, tmp_path):
    path = workbook(
        tmp_path / "sessions_2025-05.xlsx",
        {
            "Sheet1": [
                ["Hours", "Type of support", "Sesion date", "User cod"],
                [2, "individual counselling", date(2025, 5, 5), "EN-1"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.problems == [] and list(sub.tables["counselling"]["hours"]) == [2]


def test_bosnian_mixed_activity_log_is_split_into_its_tables_with_lineage(workspace, tmp_path):
    path = tmp_path / "Izvjestaj oktobar 2026.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("Aktivnosti")
    rows = [
        ["Izvještaj o aktivnostima za oktobar 2026."],
        ["Datum", "Aktivnost", "Šifra korisnika", "Broj učesnika", "Sati"],
        ["05.10.2026.", "Grupa podrške", "", 9, 2],
        ["06.10.2026.", "Individualno savjetovanje", "OP-12", "", 1],
        ["07.10.2026.", "Savjetovanje porodice", "OP-13", "", 1.5],
        ["10.10.2026.", "Društveni izlet: kuglanje", "", 7, 3],
        ["20.10.2026.", "Edukacija o kockanju", "", 15, 2],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    sub = read(workspace, path, "oporavak-ba")
    assert sub.period == "2026-10" and sub.errors == []
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1, "social_outing": 1}
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1, "family": 1}
    assert list(sub.tables["trainings"]["sheet_row"]) == [7]  # row 7 of the sheet, title row 1
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_log_on_a_sheet_named_for_groups_with_times_of_day_is_split_into_its_tables(
    workspace, tmp_path
):
    # "Aktivnosti" names the groups' table, but sessions naming a client and a call are no
    # meetings: their hours are the times of day between, as a column of hours would give them
    path = workbook(
        tmp_path / "Izvjestaj oktobar 2026.xlsx",
        {
            "Aktivnosti": [
                ["Datum", "Vrijeme", "Aktivnost", "Šifra korisnika", "Broj učesnika"],
                [date(2026, 10, 7), "17:00-19:00", "Grupa podrške", None, 12],
                [date(2026, 10, 8), "10:00-11:00", "Individualno savjetovanje", "SA-500", 1],
                [date(2026, 10, 22), "09:00-09:30", "Poziv na besplatnu liniju", None, 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [12]
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1, "phone": 1}
    assert sub.tables["counselling"]["hours"].sum() == 1.5


def test_a_polish_log_on_a_sheet_named_for_groups_leaves_sessions_without_a_count_of_people(
    workspace, tmp_path
):
    # a session's blank "Liczba osób" is no meeting's missing count: the row is a session
    path = workbook(
        tmp_path / "Zajecia pazdziernik 2026.xlsx",
        {
            "Zajęcia": [
                ["Data", "Godzina", "Forma wsparcia", "Kod uczestnika", "Liczba osób"],
                [date(2026, 10, 7), "17:00-19:00", "Spotkanie klubu abstynenta", None, 18],
                [date(2026, 10, 8), "10:00-11:00", "Porada indywidualna", "KA-410", None],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [2]
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1}


def test_a_log_on_a_sheet_named_for_groups_with_start_and_end_times_is_split_into_its_tables(
    workspace, tmp_path
):
    # a start and an end give a session's hours as a span in one column does
    path = workbook(
        tmp_path / "Izvjestaj oktobar 2026.xlsx",
        {
            "Aktivnosti": [
                ["Datum", "Početak", "Kraj", "Aktivnost", "Šifra korisnika", "Broj učesnika"],
                [date(2026, 10, 7), "17:00", "19:00", "Grupa podrške", None, 12],
                [date(2026, 10, 7), "19:00", "19:45", "Savjetovanje porodice", "SA-270", None],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert list(sub.tables["groups"]["hours"]) == [2]
    assert list(sub.tables["counselling"]["hours"]) == [0.75]


def test_a_croatian_log_counting_sudionici_sends_meetings_to_groups(workspace, tmp_path):
    path = workbook(
        tmp_path / "izvjesce_listopad_2026.xlsx",
        {
            "Dnevnik": [
                ["Datum", "Aktivnost", "Šifra korisnika", "Br. sudionika", "Trajanje (sati)"],
                [date(2026, 10, 5), "Grupa podrške", None, 9, 2],
                [date(2026, 10, 6), "Individualno savjetovanje", "OP-12", None, 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1}
    assert sub.tables["counselling"]["hours"].sum() == 1


@pytest.mark.parametrize(
    ("partner", "header", "group", "session"),
    [
        (
            "most-si",
            ["Datum", "Opis", "Šifra", "Trajanje", "Število udeležencev", "Opomba"],
            "Skupina za samopomoč",
            "Svetovanje za svojce",
        ),
        (
            "oporavak-ba",
            ["Dato", "Beskrivelse", "Klient", "Timer", "Deltakere", "Merknad"],
            "Støttegruppe",
            "Samtale med pårørende",
        ),
        (
            "klub-pl",
            ["Data", "Opis działania", "Kod", "Godziny", "Liczba osób", "Uwagi"],
            "Mityng AA",
            "Porada rodzinna",
        ),
        (
            "oporavak-ba",
            ["Datum", "Opis aktivnosti", "Šifra", "Sati", "Broj učesnika", "Napomena"],
            "Grupa podrške",
            "Savjetovanje porodice",
        ),
        (
            "oporavak-ba",
            ["Date", "Description", "Client", "Hours", "Attendees", "Notes"],
            "SMART Recovery meeting",
            "Family counselling",
        ),
    ],
)
def test_a_log_whose_activity_column_has_a_generic_header_is_split_by_its_words(
    workspace, tmp_path, partner, header, group, session
):
    # "Opis", "Beskrivelse", "Description" say what each row is, as "Aktivnost" does; the
    # notes beside them are left unread
    path = workbook(
        tmp_path / "dnevnik_oktober_2026.xlsx",
        {
            "Log": [
                header,
                [date(2026, 10, 2), group, None, 1.5, 8, "v prostorih društva"],
                [date(2026, 10, 6), session, "RS-010", 1, None, None],
            ]
        },
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", header[-1])]
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1}
    assert list(sub.tables["groups"]["participants"]) == [8]
    assert kinds(sub.tables["counselling"], "session_kind") == {"family": 1}


@pytest.mark.parametrize(
    ("partner", "header", "call"),
    [
        (
            "oporavak-ba",
            ["Date", "Activity", "Client ref", "Duration", "Attendees"],
            "Peer support call",
        ),
        (
            "klub-pl",
            ["Data", "Rodzaj zajęć", "Kod", "Godziny", "Liczba osób"],
            "Rozmowa telefoniczna – grupa wsparcia",
        ),
        (
            "oporavak-ba",
            ["Dato", "Aktivitet", "Klient", "Timer", "Antall deltakere"],
            "Samtale på telefon etter gruppemøtet",
        ),
    ],
)
def test_a_call_naming_a_client_in_a_log_is_a_session_on_the_phone_not_a_groups_meeting(
    workspace, tmp_path, partner, header, call
):
    # a group's words in it ("peer support") say what the call was about, the client's code
    # that it was a call to one person
    path = workbook(
        tmp_path / "log_october_2026.xlsx",
        {
            "Log": [
                header,
                [date(2026, 10, 2), call, "HR-102", 0.5, None],
                [date(2026, 10, 7), "Peer support group", None, 1.5, 8],
            ]
        },
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert kinds(sub.tables["counselling"], "session_kind") == {"phone": 1}
    assert list(sub.tables["groups"]["participants"]) == [8]


@pytest.mark.parametrize(
    ("partner", "header", "groups", "sessions"),
    [
        (
            "oporavak-ba",
            ["Datum", "Aktivnost", "Šifra korisnika", "Broj učesnika", "Sati"],
            ["Grupa za porodice", "Grupa podrške za članove porodice", "Radionica za porodice"],
            ["Savjetovanje za porodicu", "Individualno savjetovanje"],
        ),
        (
            "klub-pl",
            ["Data", "Rodzaj zajęć", "Kod uczestnika", "Liczba osób", "Godziny"],
            ["Grupa dla rodzin", "Grupa wsparcia dla rodzin", "Warsztaty dla rodzin"],
            ["Porada dla rodziny", "Porada indywidualna"],
        ),
    ],
)
def test_a_group_or_workshop_for_families_in_a_log_is_a_meeting_not_a_familys_session(
    workspace, tmp_path, partner, header, groups, sessions
):
    rows = [[date(2026, 10, 5 + i), kind, None, 7, 1.5] for i, kind in enumerate(groups)]
    rows += [[date(2026, 10, 20 + i), kind, f"K-{i}", None, 1] for i, kind in enumerate(sessions)]
    path = workbook(tmp_path / "dziennik_10_2026.xlsx", {"Log": [header, *rows]})
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert len(sub.tables["groups"]) == len(groups)
    assert len(sub.tables["counselling"]) == len(sessions)


def test_a_log_in_cyrillic_is_read_as_its_latin_words(workspace, tmp_path):
    path = workbook(
        tmp_path / "извјештај_октобар_2026.xlsx",
        {
            "Дневник": [
                ["Датум", "Активност", "Шифра корисника", "Број учесника", "Трајање (сати)"],
                ["05.10.2026.", "Група подршке", None, 9, 2],
                ["06.10.2026.", "Индивидуално савјетовање", "OP-12", None, 1],
                ["07.10.2026.", "Савјетовање породице", "OP-13", None, 1.5],
                ["Укупно", None, None, 9, 4.5],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.period == "2026-10" and sub.problems == []
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1}
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1, "family": 1}
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_line_of_text_under_the_table_is_a_note_named_in_a_warning_not_a_row(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
            ["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 1],
            ["Skupaj", None, None, 2.5],
            [],
            ["Opomba: ure za 30. 5. bomo poslali naknadno."],
        ],
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.severity, p.row) for p in sub.problems] == [("note_row", "warning", 6)]
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_line_of_text_right_under_the_rows_is_still_a_row_to_fill_in(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
            [None, None, "Individualno svetovanje", None],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert "note_row" not in {p.rule for p in sub.problems}
    assert {(p.rule, p.row) for p in sub.errors} >= {("value_required", 3)}


@pytest.mark.parametrize(
    "note",
    [
        "Opomba: v Mariboru en stanovalec na bolniški.",
        "Napomena: jedan korisnik na bolovanju",
        "Uwaga: jeden mieszkaniec na zwolnieniu",
        "Merk: én beboer sykmeldt",
        "Note: one resident on sick leave",
        "V Mariboru je en stanovalec na bolniški.",
    ],
)
def test_a_note_right_under_the_rows_of_a_housing_table_is_a_note_not_a_unit(
    workspace, tmp_path, note
):
    # a housing table ends without a totals row, so its note touches the rows; the note
    # word and colon, or a sentence alone in the unit's column, say it is no unit
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {
            "Bivanje": [
                HOUSING_SL,
                ["BS-LJ1", 4, 3, 93, 1, 0, 0],
                ["BS-MB", 5, 4, 120, 1, 1, 0],
                [note],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.severity, p.row) for p in sub.problems] == [("note_row", "warning", 4)]
    assert sub.tables["housing"]["resident_nights"].sum() == 213


def test_a_unit_alone_right_under_the_rows_is_still_a_row_to_fill_in(workspace, tmp_path):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Bivanje": [HOUSING_SL, ["BS-LJ1", 4, 3, 93, 1, 0, 0], ["Bivanjska skupnost Maribor"]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert "note_row" not in {p.rule for p in sub.problems}
    assert ("value_required", 3) in {(p.rule, p.row) for p in sub.errors}


@pytest.mark.parametrize(
    "nights", ["124 døgn", "124 noči", "124 ноћења", "124 nights", "124 nocy", "124 noćenja"]
)
def test_nights_written_with_their_word_are_the_nights(workspace, tmp_path, nights):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Bivanje": [HOUSING_SL, ["BS-LJ1", 4, 4, nights, 1, 1, 0]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["housing"]["resident_nights"].tolist() == [124]


def test_residents_written_as_a_word_are_their_number(workspace, tmp_path):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Bivanje": [HOUSING_SL, ["BS-LJ1", 4, "štiri", 124, 1, 1, 0]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["housing"]["residents"].tolist() == [4]


def test_a_number_word_in_a_code_column_stays_the_code(workspace, tmp_path):
    # a client's code is never a count: "trzy" is a code as written
    path = text_file(
        tmp_path / "porady_10_2026.csv",
        [
            ["Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
            ["trzy", "05.10.2026", "porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables["counselling"]["user_code_text"]) == ["trzy"]


def test_residents_written_with_a_word_of_nights_are_not_a_number(workspace, tmp_path):
    # a count's word must be of what the column counts: "4 noči" are no residents
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Bivanje": [HOUSING_SL, ["BS-LJ1", 5, "4 noči", 124, 1, 1, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("not_a_number", "Stanovalci")]


def test_a_total_over_a_cell_that_could_not_be_read_is_not_said_to_disagree(workspace, tmp_path):
    # the unreadable cell is the error to fix; its row counted as 0 makes no disagreeing total
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {
            "Bivanje": [
                HOUSING_SL,
                ["BS-LJ1", 4, 3, 93, 1, 0, 0],
                ["BS-MB", 5, 4, "120 km", 1, 1, 0],
                ["Skupaj", 9, 7, 213, 2, 1, 0],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row) for p in sub.problems] == [("not_a_number", 3)]


def test_meetings_counted_by_sex_and_in_total_read_the_total_and_name_the_others(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "grupe_maj_2025.xlsx",
        {
            "Maj": [
                ["Datum", "Vrsta aktivnosti", "Muški", "Ženski", "Ukupno učesnika"],
                ["6.5.2025.", "grupa podrške", 7, 5, 12],
                ["20.5.2025.", "grupa podrške", 6, 4, 10],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("column_ignored", "Muški"),
        ("column_ignored", "Ženski"),
    ]
    assert list(sub.tables["groups"]["participants"]) == [12, 10]


def test_a_sheet_that_fits_a_training_and_a_group_alike_is_the_table_the_partner_reports(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "oppmote_mai_2025.xlsx",
        {
            "Mai": [
                ["Dato", "Tema", "Antall deltakere", "Varighet"],
                [date(2025, 5, 7), "Tilbakefall", 9, "1,5 t"],
                [date(2025, 5, 14), "Relasjoner", 8, "1 t 30 min"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert list(sub.tables) == ["groups"]
    assert list(sub.tables["groups"]["hours"]) == [1.5, 1.5]


@pytest.mark.parametrize(
    "header",
    [
        ["Enota", "Kapaciteta", "Zasedenost (št. oseb)", "Nočitve", "Novi sprejemi"]
        + ["Zaključki - redni", "Zaključki - prekinitve"],
        ["House", "Beds", "Occupied beds (end of month)", "Bed nights", "Move-ins"]
        + ["Planned move-outs", "Unplanned move-outs"],
    ],
)
def test_housing_in_a_partners_own_words_reads_places_residents_admissions_and_exits(
    workspace, tmp_path, header
):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Maj": [header, ["BS-LJ1", 4, 3, 95, 1, 0, 1], ["BS-MB", 5, 5, 150, 0, 1, 0]]},
    )
    sub = read(workspace, path, "most-si")
    housing = sub.tables["housing"]
    assert sub.problems == []
    assert list(housing["places"]) == [4, 5] and list(housing["residents"]) == [3, 5]
    assert list(housing["admissions"]) == [1, 0]
    assert list(housing["exits_planned"]) == [0, 1] and list(housing["exits_unplanned"]) == [1, 0]


def test_a_quarter_sent_as_a_sheet_per_month_is_refused_asking_for_a_file_per_month(
    workspace, tmp_path
):
    header = ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]
    path = workbook(
        tmp_path / "izobrazevanja_Q1_2025.xlsx",
        {
            month: [header, [date(2025, number, 14), "Delavnica", "strokovni delavci", 3, 12]]
            for number, month in enumerate(("Januar", "Februar", "Marec"), start=1)
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [
        ("months_in_sheets", "Februar"),
        ("months_in_sheets", "Marec"),
    ]


def test_two_sheets_of_one_table_and_no_months_are_still_one_table_too_many(workspace, tmp_path):
    header = ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"]
    row = [date(2025, 3, 14), "Delavnica", "strokovni delavci", 3, 12]
    path = workbook(
        tmp_path / "izobrazevanja_2025-03.xlsx", {"A": [header, row], "B": [header, row]}
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.sheet) for p in sub.errors] == [("table_twice", "B")]


def test_a_meeting_that_did_not_take_place_and_has_no_figures_is_named_not_counted(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "grupper_mai_2025.xlsx",
        {
            "Mai": [
                ["Dato", "Type", "Tema", "Antall deltakere", "Varighet"],
                [date(2025, 5, 7), "støttegruppe", "Tilbakefall", 9, 1.5],
                [date(2025, 5, 14), "støttegruppe", "Avlyst (sykdom)", None, None],
                [date(2025, 5, 21), "støttegruppe", "Relasjoner", None, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert [(p.rule, p.severity, p.row) for p in sub.problems] == [
        ("row_cancelled", "warning", 3),
        ("value_required", "error", 4),
    ]
    assert list(sub.tables["groups"]["sheet_row"]) == [2, 4]


GROUPS_BY_LANGUAGE = {
    "en": ("endring-no", ["Date", "Session", "Attendance", "Hours"], "SMART Recovery meeting"),
    "no": (
        "endring-no",
        ["Dato", "Aktivitet", "Antall deltakere", "Varighet (timer)"],
        "Ettervern",
    ),
    "pl": (
        "klub-pl",
        ["Data", "Rodzaj spotkania", "Liczba uczestników", "Liczba godzin"],
        "Mityng AA",
    ),
    "sl": ("most-si", ["Datum", "Aktivnost", "Udeleženci", "Ure"], "Podporna skupina"),
    "bs": (
        "oporavak-ba",
        ["Datum", "Aktivnost", "Broj učesnika", "Trajanje (sati)"],
        "Grupa podrške",
    ),
    "sr": (
        "oporavak-ba",
        ["Датум", "Активност", "Број учесника", "Трајање (сати)"],
        "Група подршке",
    ),
}


@pytest.mark.parametrize(
    ("language", "postponed"),
    [
        ("en", "SMART Recovery meeting – postponed (facilitator ill)"),
        ("no", "Ettervernsgruppe – utsatt til 19.8."),
        ("pl", "Mityng AA – przełożony"),
        ("pl", "Mityng AA – przełożone na 19.08"),
        ("sl", "Podporna skupina – prestavljeno na 19. 8."),
        ("sl", "Podporna skupina (preloženo)"),
        ("bs", "Grupa podrške – odgodjeno"),
        ("bs", "Grupa podrške – pomjereno za 19.8."),
        ("bs", "Grupa podrške – pomereno"),
        ("sr", "Група подршке – одложено"),
    ],
)
def test_a_meeting_postponed_with_nobody_there_is_left_out_as_a_cancelled_one(
    workspace, tmp_path, language, postponed
):
    partner, header, held = GROUPS_BY_LANGUAGE[language]
    path = workbook(
        tmp_path / f"groups_{language}_august_2026.xlsx",
        {
            "List1": [
                header,
                [date(2026, 8, 5), held, 8, 1.5],
                [date(2026, 8, 12), postponed, 0, 1.5],
                [date(2026, 8, 19), held, 9, 1.5],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert [(p.rule, p.row) for p in sub.warnings] == [("row_cancelled", 3)]
    # the meeting of the 12th took place another day: two meetings, 17 there, 3 hours
    groups = sub.tables["groups"]
    assert (len(groups), groups["participants"].sum(), groups["hours"].sum()) == (2, 17, 3.0)


def test_sessions_given_by_the_time_they_began_and_ended_count_the_hours_between(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "porady_maj_2025.xlsx",
        {
            "Porady": [
                [
                    "Data",
                    "Kod klienta",
                    "Rodzaj porady",
                    "Godzina rozpoczęcia",
                    "Godzina zakończenia",
                ],
                [date(2025, 5, 5), "KA-1", "indywidualna", time(10, 0), time(11, 30)],
                [date(2025, 5, 6), "KA-2", "rodzinna", "12.00", "13.00"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["hours"]) == [1.5, 1.0]


def test_a_session_that_ends_before_it_begins_is_an_error_naming_its_row(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje_maj_2025.xlsx",
        {
            "Ure": [
                ["Datum", "Šifra uporabnika", "Vrsta", "Od", "Do"],
                [date(2025, 5, 5), "SKM-1", "individualno", "10:00", "11:00"],
                [date(2025, 5, 6), "SKM-2", "individualno", "14:00", "13:00"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("time_range_backwards", 3, "Od – Do")
    ]


def test_the_time_a_session_began_beside_its_hours_is_left_unread_with_a_warning(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "svetovanje_maj_2025.xlsx",
        {
            "Ure": [
                ["Datum", "Šifra uporabnika", "Vrsta", "Ure", "Začetek"],
                [date(2025, 5, 5), "SKM-1", "individualno", 1, "10:00"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Začetek")]
    assert list(sub.tables["counselling"]["hours"]) == [1.0]


def test_meetings_given_their_time_of_day_as_a_span_count_the_hours_between(workspace, tmp_path):
    path = workbook(
        tmp_path / "ettervern_mai_2025.xlsx",
        {
            "Mai": [
                ["Dato", "Kl.", "Aktivitet", "Antall deltakere"],
                [date(2025, 5, 7), "17:30-19:00", "Ettervernsgruppe", 9],
                [date(2025, 5, 14), "17.30–19.00", "Ettervernsgruppe", 8],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [1.5, 1.5]


def test_a_meeting_written_in_words_counts_its_people_by_kind_and_its_hours_from_to(
    workspace, tmp_path
):
    writing_in(workspace, "most-si", "sl")
    path = workbook(
        tmp_path / "skupine oktober 2026.xlsx",
        {
            "Skupine": [
                ["Datum", "Skupina", "Udeleženci", "Trajanje"],
                ["7. 10. 2026", "Podporna skupina", "8 uporabnikov, 3 svojci", "od 17h do 19h"],
                ["14. 10. 2026", "Podporna skupina", "9 uporabnikov", "17-19h"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("figures_summed", 2, "Udeleženci")
    ]
    assert list(sub.tables["groups"]["participants"]) == [11, 9]
    assert list(sub.tables["groups"]["hours"]) == [2, 2]


def test_sessions_dated_with_their_time_of_day_are_no_identity_numbers(workspace, tmp_path):
    # the digits of "11.11.2026 17" with a 0 before them pass a fødselsnummer's check
    path = workbook(
        tmp_path / "porocilo november 2026.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"],
                ["SKM-0051", "11.11.2026 17:30", "Individualno svetovanje", 1],
                ["SKM-0052", "11/11/2026 17:30", "Individualno svetovanje", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 11, 11)] * 2


def test_meetings_dated_with_kl_or_a_dotted_time_of_day_are_read_as_their_day(workspace, tmp_path):
    path = workbook(
        tmp_path / "ettervern_2026-11.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Antall deltakere", "Varighet"],
                ["11.11.2026 kl. 17:30", "Ettervernsgruppe", 8, 1.5],
                ["18.11.2026 17.30", "Ettervernsgruppe", 7, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert list(sub.tables["groups"]["held_on"]) == [date(2026, 11, 11), date(2026, 11, 18)]


def test_a_time_of_day_without_its_end_among_spans_is_an_error_naming_its_row(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje_maj_2025.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Ura", "Šifra uporabnika", "Vrsta"],
                [date(2025, 5, 5), "10:00-11:00", "MO-1", "individualno"],
                [date(2025, 5, 7), "14:00", "MO-3", "individualno"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("not_a_time_span", 3, "Ura")]


def test_month_week_and_weekday_beside_each_date_are_left_unread_with_a_warning(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "aktivnosti_maj_2025.xlsx",
        {
            "Dnevnik": [
                ["Mesec", "Teden", "Datum", "Dan", "Ura", "Aktivnost", "Udeleženci", "Trajanje"],
                ["maj", 19, date(2025, 5, 6), "torek", time(17), "Podporna skupina", 8, 1.5],
                ["maj", 21, date(2025, 5, 17), "sobota", time(9), "Izlet", 11, 5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sorted(p.column for p in sub.warnings if p.rule == "column_ignored") == [
        "Dan",
        "Mesec",
        "Teden",
        "Ura",
    ]
    assert list(sub.tables["groups"]["participants"]) == [8, 11]


def test_an_english_client_list_reads_its_own_words_and_a_relatives_na(workspace, tmp_path):
    path = workbook(
        tmp_path / "clients_may_2025.xlsx",
        {
            "Sheet1": [
                ["Client ID", "Client type", "Gender", "Age", "Primary substance", "BARC-10 score"],
                ["EN-001", "Service user", "Male", 34, "Alcohol", 32],
                ["EN-002", "Family member", "Female", 58, "N/A", None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    people = sub.tables["people"]
    assert sub.problems == []
    assert people["main_addiction"].tolist()[0] == "alcohol"
    assert people["main_addiction"].isna().tolist() == [False, True]
    assert people["barc10"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("partner", "header", "not_given"),
    [
        ("most-si", ["Šifra", "Vrsta uporabnika", "Spol", "Starost", "BARC-10"], "ni izpolnil"),
        ("oporavak-ba", ["Šifra", "Kategorija", "Spol", "Godište", "BARC-10"], "nije popunio"),
        ("klub-pl", ["Kod", "Kategoria", "Płeć", "Wiek", "BARC-10"], "nie wypełnił"),
        ("endring-no", ["Kode", "Kategori", "Kjønn", "Alder", "BARC-10"], "ikke utfylt"),
        ("most-si", ["Client ID", "Client type", "Gender", "Age", "BARC-10 score"], "declined"),
    ],
)
def test_a_score_said_not_given_is_unstated_not_a_refused_file(
    workspace, tmp_path, partner, header, not_given
):
    kind = {"sl": "uporabnik", "bs": "korisnik", "pl": "uczestnik", "no": "bruker"}
    language = Workspace.open(workspace).config.partner(partner).language
    user = "Service user" if header[0] == "Client ID" else kind[language]
    path = workbook(
        tmp_path / "people_may_2025.xlsx",
        {"Sheet1": [header, ["AB-001", user, "M", 34, 32], ["AB-002", user, "M", 40, not_given]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["barc10"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("partner", "header", "score"),
    [
        ("most-si", ["Šifra", "Vrsta uporabnika", "Spol", "Starost", "BARC-10"], "35 točk"),
        ("oporavak-ba", ["Šifra", "Kategorija", "Spol", "Godište", "BARC-10"], "35 bodova"),
        ("klub-pl", ["Kod", "Kategoria", "Płeć", "Wiek", "BARC-10"], "35 pkt"),
        ("endring-no", ["Kode", "Kategori", "Kjønn", "Alder", "BARC-10"], "35 poeng"),
    ],
)
def test_a_score_written_with_its_unit_is_the_score(workspace, tmp_path, partner, header, score):
    kind = {"sl": "uporabnik", "bs": "korisnik", "pl": "uczestnik", "no": "bruker"}
    language = Workspace.open(workspace).config.partner(partner).language
    path = workbook(
        tmp_path / "people_may_2025.xlsx",
        {"Sheet1": [header, ["AB-001", kind[language], "M", 34, score]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["barc10"].tolist() == [35]


@pytest.mark.parametrize(
    ("partner", "header", "score"),
    [
        ("most-si", ["Šifra", "Vrsta uporabnika", "Spol", "Starost", "BARC-10"], "35/60"),
        ("klub-pl", ["Kod", "Kategoria", "Płeć", "Wiek", "BARC-10"], "35 / 60"),
    ],
)
def test_a_score_written_out_of_the_top_of_its_scale_is_the_score(
    workspace, tmp_path, partner, header, score
):
    kind = {"sl": "uporabnik", "pl": "uczestnik"}
    language = Workspace.open(workspace).config.partner(partner).language
    path = workbook(
        tmp_path / "people_may_2025.xlsx",
        {"Sheet1": [header, ["AB-001", kind[language], "M", 34, score]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.tables["people"]["barc10"].tolist() == [35]


# a people sheet with each person's score at entry and the latest, in each language: partner,
# headers, a person in recovery, a man's word, an addiction
SCORES_AT_ENTRY_AND_LATEST = {
    "sl": (
        "most-si",
        ["Šifra", "Spol", "Starost", "Vrsta", "Odvisnost", "BARC-10 ob vstopu", "BARC-10 zadnji"],
        "uporabnik",
        "M",
        "alkohol",
    ),
    "bs": (
        "oporavak-ba",
        [
            "Šifra",
            "Spol",
            "Godine",
            "Kategorija",
            "Problem",
            "BARC-10 na ulazu",
            "BARC-10 posljednji",
        ],
        "korisnik",
        "M",
        "alkohol",
    ),
    "pl": (
        "klub-pl",
        [
            "Kod",
            "Płeć",
            "Wiek",
            "Kategoria",
            "Uzależnienie",
            "BARC-10 przy przyjęciu",
            "BARC-10 aktualny",
        ],
        "osoba uzależniona",
        "M",
        "alkohol",
    ),
    "no": (
        "endring-no",
        ["Kode", "Kjønn", "Alder", "Kategori", "Rusmiddel", "BARC-10 ved inntak", "BARC-10 siste"],
        "bruker",
        "M",
        "alkohol",
    ),
    "en": (
        "endring-no",
        [
            "Client ID",
            "Gender",
            "Age",
            "Client type",
            "Primary substance",
            "Baseline BARC-10",
            "Latest BARC-10",
        ],
        "service user",
        "Male",
        "alcohol",
    ),
}


@pytest.mark.parametrize("language", sorted(SCORES_AT_ENTRY_AND_LATEST))
def test_a_score_at_entry_beside_the_latest_leaves_the_latest_as_the_months_score(
    workspace, tmp_path, language
):
    # the score at entry was its month's: the outcome compares it with this one from there
    partner, header, kind, man, addiction = SCORES_AT_ENTRY_AND_LATEST[language]
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "people_october_2026.xlsx",
        {"Sheet1": [header, ["AB-01", man, 34, kind, addiction, 31, 44]]},
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", header[5])]
    assert sub.tables["people"]["barc10"].tolist() == [44]


def test_a_persons_housing_status_is_no_kind_of_person_and_is_left_unread(workspace, tmp_path):
    writing_in(workspace, "endring-no", "en")
    path = workbook(
        tmp_path / "Caseload October 2026.xlsx",
        {
            "Caseload": [
                [
                    "Client ref",
                    "Gender",
                    "Age",
                    "Client/Family",
                    "Primary substance",
                    "Housing status",
                ],
                ["EN-101", "F", 29, "Client", "Opiates", "Supported housing"],
                ["EN-102", "M", 41, "Family", "", "Own tenancy"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Housing status")]
    assert sub.tables["people"]["user_kind"].tolist() == ["in_recovery", "relative"]


def test_a_score_named_with_when_it_was_taken_alone_is_the_score(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Sheet1": [
                ["Šifra", "Spol", "Starost", "Vrsta", "Odvisnost", "BARC-10 (zadnji)"],
                ["MS-01", "M", 34, "uporabnik", "alkohol", 40],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["people"]["barc10"].tolist() == [40]


def test_a_not_applicable_value_where_one_is_needed_is_an_empty_required_cell(workspace, tmp_path):
    path = workbook(
        tmp_path / "clients_may_2025.xlsx",
        {
            "Sheet1": [
                ["Client ID", "Client type", "Gender", "Age", "Primary substance"],
                ["EN-001", "Service user", "Male", 34, "n/a"],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("value_required", 2, "Primary substance")
    ]


# a people sheet in each language: partner, file, headers, a person in recovery, a man's word
QUESTION_MARK_SHEETS = {
    "sl": (
        "most-si",
        "uporabniki_maj_2025.xlsx",
        ["Šifra", "Vrsta", "Spol", "Letnik", "Odvisnost"],
        "uporabnik",
        "M",
        "alkohol",
    ),
    "bs": (
        "oporavak-ba",
        "korisnici_maj_2025.xlsx",
        ["Šifra", "Kategorija", "Spol", "Godište", "Problem"],
        "korisnik",
        "M",
        "alkohol",
    ),
    "pl": (
        "klub-pl",
        "uczestnicy_maj_2025.xlsx",
        ["Kod", "Kategoria", "Płeć", "Rok urodzenia", "Uzależnienie"],
        "osoba uzależniona",
        "M",
        "alkohol",
    ),
    "no": (
        "endring-no",
        "deltakere_mai_2025.xlsx",
        ["Kode", "Kategori", "Kjønn", "Fødselsår", "Rusmiddel"],
        "bruker",
        "M",
        "alkohol",
    ),
    "en": (
        "endring-no",
        "clients_may_2025.xlsx",
        ["Client ID", "Client type", "Gender", "Year of birth", "Primary substance"],
        "service user",
        "Male",
        "alcohol",
    ),
}


@pytest.mark.parametrize("language", sorted(QUESTION_MARK_SHEETS))
def test_a_question_mark_for_a_birth_year_is_an_unknown_age_with_a_warning(
    language, workspace, tmp_path
):
    partner, name, headers, kind, man, addiction = QUESTION_MARK_SHEETS[language]
    path = workbook(
        tmp_path / name,
        {
            "Sheet1": [
                headers,
                ["P-001", kind, man, 1985, addiction],
                ["P-002", kind, man, "?", addiction],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column, p.params) for p in sub.warnings] == [
        ("value_unclassified", headers[3], {"values": "?", "in_rows": 1})
    ]
    assert sub.tables["people"]["age_band"].tolist() == ["36_50", "unclassified"]


def test_an_unclassified_activity_of_a_log_with_people_counted_and_no_client_is_a_groups(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "activity_log_may_2025.xlsx",
        {
            "Log": [
                ["Date", "Activity", "Client ID", "Attendees", "Duration (mins)"],
                [date(2025, 5, 2), "One-to-one counselling", "EN-001", None, 60],
                [date(2025, 5, 6), "Peer support group", None, 11, 90],
                [date(2025, 5, 21), "Drop-in session", None, 5, 60],
                [date(2025, 5, 22), "Walk and talk", "EN-002", None, 45],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1, "unclassified": 1}
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1, "unclassified": 1}
    assert list(sub.tables["groups"]["participants"]) == [11, 5]


GROUP_THERAPY_LOGS = {
    "sl": (
        "most-si",
        ["Datum", "Dejavnost", "Uporabnik", "Št. prisotnih", "Trajanje"],
        ["1. 10. 2026", "individualni pogovor", "MS-01", None, "1 ura"],
        ["5. 10. 2026", "skupinska terapija", None, 7, "2 uri"],
    ),
    "bs": (
        "oporavak-ba",
        ["Datum", "Aktivnost", "Korisnik", "Broj prisutnih", "Trajanje"],
        ["1.10.2026.", "individualno savjetovanje", "OB-01", None, "1 sat"],
        ["5.10.2026.", "grupna terapija", None, 7, "2 sata"],
    ),
    "pl": (
        "klub-pl",
        ["Data", "Rodzaj zajęć", "Kod klienta", "Liczba obecnych", "Czas"],
        ["01.10.2026", "porada indywidualna", "KP-01", None, "1 godz."],
        ["05.10.2026", "terapia grupowa", None, 7, "2 godz."],
    ),
    "no": (
        "endring-no",
        ["Dato", "Aktivitet", "Klient", "Antall til stede", "Varighet"],
        ["01.10.2026", "individuell samtale", "END-01", None, "1 t"],
        ["05.10.2026", "gruppesamtale", None, 7, "2 t"],
    ),
    "en": (
        "endring-no",
        ["Date", "Activity", "Client ID", "Attendees", "Duration"],
        ["01/10/2026", "One-to-one counselling", "EN-001", None, "1 hour"],
        ["05/10/2026", "Group counselling", None, 7, "2 hours"],
    ),
}


@pytest.mark.parametrize("language", GROUP_THERAPY_LOGS)
def test_a_group_session_of_a_log_given_as_people_present_and_no_client_is_a_groups_meeting(
    workspace, tmp_path, language
):
    # a counselling session is one client's: seven present and no code is a group's meeting
    partner, headers, session, group = GROUP_THERAPY_LOGS[language]
    writing_in(workspace, partner, language)
    path = workbook(tmp_path / "aktivnosti_10_2026.xlsx", {"List1": [headers, session, group]})
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert len(sub.tables["counselling"]) == 1
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1}
    assert list(sub.tables["groups"]["participants"]) == [7]
    assert list(sub.tables["groups"]["hours"]) == [2]


def test_a_column_naming_each_rows_group_gives_its_kind_when_the_groups_names_say_one(
    workspace, tmp_path
):
    # "Gruppe" names the consortium's group "Ettervernsgruppe onsdag", an aftercare group
    weeks = {
        f"Uke {week}": [["Dato", "Gruppe", "Antall", "Timer"], [day, "Ettervernsgruppe", 8, 1.5]]
        for week, day in ((40, date(2026, 10, 1)), (41, date(2026, 10, 7)))
    }
    sub = read(workspace, workbook(tmp_path / "grupper oktober 2026.xlsx", weeks), "endring-no")
    assert sub.errors == []
    assert "kind_column_missing" not in {p.rule for p in sub.warnings}
    assert list(sub.tables["groups"]["site_id"]) == ["EG-SV", "EG-SV"]
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 2}


@pytest.mark.parametrize("language", GROUP_THERAPY_LOGS)
def test_a_group_session_of_a_log_naming_its_client_stays_that_clients_session(
    workspace, tmp_path, language
):
    partner, headers, session, group = GROUP_THERAPY_LOGS[language]
    writing_in(workspace, partner, language)
    # the group session again, naming the session's client and counting no one
    named = [*group[:2], session[2], None, group[4]]
    path = workbook(tmp_path / "aktivnosti_10_2026.xlsx", {"List1": [headers, session, named]})
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert len(sub.tables.get("groups", [])) == 0
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 1, "group": 1}


def test_dates_written_without_their_year_take_the_year_of_the_files_month(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", "5. 5.", "Individualno svetovanje", 1.5],
            ["SKM-0418", "20.05.", "Individualno svetovanje", 1],
            ["SKM-0419", "31. 4.", "Individualno svetovanje", 1],
        ],
    )
    sub = read(workspace, path, "most-si")
    assert list(sub.tables["counselling"]["session_on"])[:2] == [
        date(2025, 5, 5),
        date(2025, 5, 20),
    ]
    assert [(p.rule, p.row) for p in sub.errors] == [("day_not_in_month", 4)]


def test_dates_without_their_year_take_the_year_a_file_states_without_a_month(workspace, tmp_path):
    path = hours_sl(tmp_path / "ure_2025.xlsx", [["SKM-0417", "5. 5.", "Individualno", 1.5]])
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    # the month is then the one of its dates
    assert sub.period == "2025-05"
    assert list(sub.tables["counselling"]["session_on"]) == [date(2025, 5, 5)]


def test_dates_without_their_year_in_a_file_that_states_no_month_are_no_dates(workspace, tmp_path):
    path = hours_sl(tmp_path / "ure.xlsx", [["SKM-0417", "5. 5.", "Individualno svetovanje", 1.5]])
    sub = read(workspace, path, "most-si")
    assert "not_a_date" in {p.rule for p in sub.errors}


# a log dating its rows by the day alone, the month stated above the table, in each language:
# partner (one reporting counselling), language, the title's line of the month, the header
DAYS_ALONE = [
    ("most-si", "sl", "Mesec: november 2026", ["Dan", "Šifra uporabnika", "Vrsta", "Ure"]),
    ("oporavak-ba", "bs", "Mjesec: novembar 2026", ["Dan", "Šifra korisnika", "Vrsta", "Sati"]),
    ("klub-pl", "pl", "Miesiąc: listopad 2026", ["Dzień", "Kod klienta", "Rodzaj", "Godziny"]),
    ("klub-pl", "no", "Måned: november 2026", ["Dag", "Klient", "Type", "Timer"]),
    ("klub-pl", "en", "Month: November 2026", ["Day", "Client ID", "Type", "Hours"]),
]
SESSION_KIND = {
    "sl": "Individualno svetovanje",
    "bs": "Individualno savjetovanje",
    "pl": "Porada indywidualna",
    "no": "Individuell samtale",
    "en": "Individual counselling",
}


def days_alone(path, title, header, days, language="sl"):
    """A log of sessions as staff keep it: a title, the month, the day alone, a totals row."""
    rows = [[day, f"SKM-04{n}", SESSION_KIND[language], 1] for n, day in enumerate(days, 10)]
    return workbook(
        path,
        {"List1": [["Svetovanja"], [title], header, *rows, ["Skupaj", None, None, len(days)]]},
    )


@pytest.mark.parametrize(("partner", "language", "title", "header"), DAYS_ALONE)
def test_days_alone_are_days_of_the_month_stated_above_the_table(
    workspace, tmp_path, partner, language, title, header
):
    writing_in(workspace, partner, language)
    path = days_alone(tmp_path / "log.xlsx", title, header, [3, "17."], language)
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert sub.period == "2026-11"
    sessions = sub.tables["counselling"]
    assert list(sessions["session_on"]) == [date(2026, 11, 3), date(2026, 11, 17)]
    # the totals row is no session
    assert sessions["hours"].sum() == 2


def test_days_alone_under_the_date_header_are_days_of_the_month_in_the_files_name(
    workspace, tmp_path
):
    # 3 in a date column was Excel's 2 January 1900
    path = hours_sl(
        tmp_path / "svetovanje november 2026.xlsx",
        [["SKM-0417", 3, "Individualno svetovanje", 1], ["SKM-0418", 5, "Družinsko", 1]],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 11, 3), date(2026, 11, 5)]


def test_days_alone_take_the_month_only_their_sheets_name_states(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje_2026.xlsx",
        {"november": [["Dan", *HOURS_SL[:1], *HOURS_SL[2:]], [3, "SKM-0417", "Individualno", 1]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 11, 3)]


def test_a_day_its_month_has_not_is_named_at_its_cell_never_dropped(workspace, tmp_path):
    path = days_alone(tmp_path / "log.xlsx", "Mesec: november 2026", DAYS_ALONE[0][3], [3, 31])
    sub = read(workspace, path, "most-si", validate=True)
    # November has no 31st: the second session's cell, on row 5 under a title, the month and
    # the header
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("day_not_in_month", "List1", 5, "Dan")
    ]


def test_days_alone_in_a_file_stating_no_month_are_refused_once_at_their_column(
    workspace, tmp_path
):
    path = days_alone(tmp_path / "log.xlsx", "Svetovalnica", DAYS_ALONE[0][3], [3, 4, 9])
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("day_without_month", 4, "Dan"),
        ("period_unknown", None, None),
    ]
    assert sub.errors[0].params["rows"] == "4-6"
    assert "Month: November 2026" in problem_text(sub.errors[0], "en")


def test_a_day_beside_the_dates_is_left_unread(workspace, tmp_path):
    path = workbook(
        tmp_path / "svetovanje november 2026.xlsx",
        {
            "List1": [
                ["Datum", "Dan", *HOURS_SL[:1], *HOURS_SL[2:]],
                [date(2026, 11, 3), 3, "SKM-0417", "Individualno", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 11, 3)]
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Dan")]


def test_years_of_birth_give_the_age_band_in_the_files_year_and_are_not_kept(workspace, tmp_path):
    path = workbook(
        tmp_path / "korisnici_maj_2025.xlsx",
        {
            "Maj": [
                ["Šifra", "Kategorija", "Spol", "Godište", "Problem"],
                ["OP-1", "korisnik", "M", 1985, "alkohol"],
                ["OP-2", "korisnica", "Ž", 2001, "kockanje"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    people = sub.tables["people"]
    assert sub.problems == []
    assert list(people["age_band"]) == ["36_50", "18_25"]
    assert "1985" not in people["age_band_text"].astype(str).tolist()


def test_a_sheet_whose_headers_name_a_training_word_for_word_is_trainings_for_any_partner(
    workspace, tmp_path
):
    header = ["Data", "Temat szkolenia", "Grupa docelowa", "Liczba godzin", "Liczba uczestników"]
    path = workbook(
        tmp_path / "szkolenia_czerwiec_2025.xlsx",
        {"Czerwiec": [header, ["03.06.2025", "Profilaktyka nawrotów", "rodziny", 6, 12]]},
    )
    # klub-pl reports groups, not trainings: the words of the headers decide first
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables) == ["trainings"]
    assert list(sub.tables["trainings"]["audience"]) == ["relatives"]


def test_a_polish_log_of_trainings_takes_each_audience_from_its_title_not_the_word_szkolenie(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "zajecia_listopad_2026.xlsx",
        {
            "Listopad": [
                ["Data", "Rodzaj zajęć", "Liczba godzin", "Liczba uczestników"],
                ["05.11.2026", "Mityng AA", 2, 14],
                ["12.11.2026", "Szkolenie dla rodzin osób uzależnionych", 3, 9],
                ["19.11.2026", "Szkolenie dla personelu klubu", 4, 6],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables["trainings"]["audience"]) == ["relatives", "staff"]
    assert len(sub.tables["groups"]) == 1


PEOPLE_WITH_STATUS = {
    "Šifra uporabnika": ["MO-1", "MO-2"],
    "Vrsta uporabnika": ["uporabnik", "svojec"],
    "Status": ["aktiven", "zaključen"],
    "Spol": ["M", "Ž"],
    "Starost": [34, 52],
    "Zasvojenost": ["alkohol", None],
}


@pytest.mark.parametrize(
    "header",
    [
        ["Šifra uporabnika", "Vrsta uporabnika", "Status", "Spol", "Starost", "Zasvojenost"],
        ["Šifra uporabnika", "Status", "Vrsta uporabnika", "Spol", "Starost", "Zasvojenost"],
    ],
)
def test_a_status_beside_the_kind_of_user_is_left_unread_whichever_comes_first(
    workspace, tmp_path, header
):
    rows = [[PEOPLE_WITH_STATUS[h][person] for h in header] for person in (0, 1)]
    path = workbook(tmp_path / "uporabniki_junij_2025.xlsx", {"List1": [header, *rows]})
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Status")]
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "relative"]


@pytest.mark.parametrize(
    "header",
    [
        ["Šifra uporabnika", "Status", "Spol", "Starost", "Svojec uporabnika"],
        ["Šifra uporabnika", "Svojec uporabnika", "Spol", "Starost", "Status"],
    ],
)
def test_a_status_of_kinds_of_user_is_read_beside_a_relatives_user_code(
    workspace, tmp_path, header
):
    # "Svojec uporabnika" holds the code of the user a relative comes with, never a kind
    people = {
        "Šifra uporabnika": ["MO-1", "MO-2"],
        "Status": ["uporabnik", "svojec"],
        "Spol": ["M", "Ž"],
        "Starost": [34, 52],
        "Svojec uporabnika": [None, "MO-1"],
    }
    rows = [[people[h][person] for h in header] for person in (0, 1)]
    path = workbook(tmp_path / "uporabniki_junij_2025.xlsx", {"List1": [header, *rows]})
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert ("column_ignored", "Svojec uporabnika") in [(p.rule, p.column) for p in sub.problems]
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "relative"]


COUNSELLING_BLOCK = [
    ["Svetovanje"],
    ["Datum", "Šifra uporabnika", "Vrsta", "Ure"],
    [date(2025, 6, 2), "MO-11", "individualno", 1],
]
TRAININGS_BLOCK = [
    ["Izobraževanja"],
    ["Datum", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"],
    [date(2025, 6, 10), "Delavnica", "svojci", 2, 10],
]


@pytest.mark.parametrize(
    ("blocks", "rows"),
    [
        ([COUNSELLING_BLOCK, TRAININGS_BLOCK], {"counselling": [3], "trainings": [7]}),
        ([TRAININGS_BLOCK, COUNSELLING_BLOCK], {"trainings": [3], "counselling": [7]}),
    ],
)
def test_two_tables_one_above_the_other_on_a_sheet_are_each_read_with_their_rows(
    workspace, tmp_path, blocks, rows
):
    upper, lower = blocks
    path = workbook(tmp_path / "porocilo_junij_2025.xlsx", {"Junij": [*upper, [], *lower]})
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert {t: list(frame["sheet_row"]) for t, frame in sub.tables.items()} == rows
    assert list(sub.tables["counselling"]["hours"]) == [1]
    assert list(sub.tables["trainings"]["participants"]) == [10]


def test_a_wrong_cell_in_the_lower_of_two_tables_is_named_by_its_row_on_the_sheet(
    workspace, tmp_path
):
    lower = [*TRAININGS_BLOCK[:2], [date(2025, 6, 10), "Delavnica", "svojci", "dve", 10]]
    path = text_file(tmp_path / "porocilo_junij_2025.csv", [*COUNSELLING_BLOCK, [], *lower])
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("not_a_number", 7, "Ure")]


def test_the_same_table_twice_on_a_sheet_is_one_table_of_both_parts(workspace, tmp_path):
    second = [
        ["Družinsko svetovanje"],
        ["Datum", "Šifra uporabnika", "Vrsta", "Ure"],
        [date(2025, 6, 5), "MO-12", "družinsko", 1.5],
    ]
    path = workbook(
        tmp_path / "svetovanje_junij_2025.xlsx", {"Junij": [*COUNSELLING_BLOCK, [], *second]}
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["sheet_row"]) == [3, 7]


def test_a_totals_row_under_a_column_of_row_numbers_is_not_counted(workspace, tmp_path):
    path = text_file(
        tmp_path / "porady_październik_2025.csv",
        [
            ["Lp.", "Kod klienta", "Data porady", "Rodzaj porady", "Czas (godz.)"],
            [1, "GD-201", "02.10.2025", "porada indywidualna", "1"],
            [2, "GD-202", "09.10.2025", "porada indywidualna", "1,5"],
            ["", "", "", "Razem", "2,5"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == [] and sub.tables["counselling"]["hours"].sum() == 2.5


def test_excel_serial_dates_in_a_csv_are_read_as_the_dates_an_xlsx_gives(workspace, tmp_path):
    # a sheet saved as CSV with its dates unformatted writes their serials: 46300 is 5.10.2026
    path = text_file(
        tmp_path / "porady_10_2026.csv",
        [
            ["Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
            ["KA-201", "46300", "porada indywidualna", "1"],
            ["KA-202", "46307", "konsultacja rodzinna", "2"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 10, 5), date(2026, 10, 12)]


# a log whose dates are written year, month and day without separators, as some systems export
# them: (partner, file, headers, kind of session)
COMPACT_DATE_LOGS = {
    "sl": (
        "most-si",
        "svetovanja_oktober_2026.csv",
        ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"],
        "individualno",
    ),
    "bs": (
        "oporavak-ba",
        "savjetovanja_oktobar_2026.csv",
        ["Datum", "Šifra korisnika", "Vrsta savjetovanja", "Trajanje (sati)"],
        "individualno",
    ),
    "pl": (
        "klub-pl",
        "porady_10_2026.csv",
        ["Data", "Kod uczestnika", "Rodzaj wsparcia", "Godziny"],
        "porada indywidualna",
    ),
    "no": (
        "endring-no",
        "samtaler_oktober_2026.csv",
        ["Dato", "Klient", "Type samtale", "Timer"],
        "individuell samtale",
    ),
    "en": (
        "endring-no",
        "sessions_october_2026.csv",
        ["Date", "Client ID", "Session type", "Hours"],
        "individual",
    ),
}


@pytest.mark.parametrize("language", sorted(COMPACT_DATE_LOGS))
def test_dates_written_year_month_day_without_separators_are_read(language, workspace, tmp_path):
    partner, name, headers, kind = COMPACT_DATE_LOGS[language]
    writing_in(workspace, partner, language)
    path = text_file(
        tmp_path / name,
        [headers, ["20261005", "P-001", kind, "1"], ["20261012", "P-002", kind, "2"]],
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 10, 5), date(2026, 10, 12)]


def test_dates_of_a_workbook_written_as_numbers_year_month_day_are_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "porady_10_2026.xlsx",
        {
            "Arkusz1": [
                ["Data", "Kod uczestnika", "Rodzaj wsparcia", "Godziny"],
                [20261005, "KA-201", "porada indywidualna", 1],
                [20261012, "KA-202", "konsultacja rodzinna", 2],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 10, 5), date(2026, 10, 12)]


def test_a_compact_date_of_no_such_day_is_named_at_its_cell(workspace, tmp_path):
    path = text_file(
        tmp_path / "porady_10_2026.csv",
        [
            ["Data", "Kod uczestnika", "Rodzaj wsparcia", "Godziny"],
            ["20261005", "KA-201", "porada indywidualna", "1"],
            ["20260931", "KA-202", "porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("day_not_in_month", 3, "Data")]


def test_a_code_of_eight_digits_like_a_date_stays_a_code(workspace, tmp_path):
    # only a date column reads eight digits as a day
    path = text_file(
        tmp_path / "porady_10_2026.csv",
        [
            ["Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
            ["20261005", "05.10.2026", "porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables["counselling"]["user_code_text"]) == ["20261005"]


def test_a_code_of_five_digits_in_a_csv_stays_a_code(workspace, tmp_path):
    # only a date column reads a serial: a client's code "46300" is no day
    path = text_file(
        tmp_path / "porady_10_2026.csv",
        [
            ["Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
            ["46300", "05.10.2026", "porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables["counselling"]["user_code_text"]) == ["46300"]


@pytest.mark.parametrize(
    ("partner", "header"),
    [
        ("oporavak-ba", "Broj grupa"),
        ("most-si", "Število obiskov skupin"),
        ("klub-pl", "Liczba mityngów"),
        ("endring-no", "Antall gruppemøter"),
    ],
)
def test_a_people_sheet_counting_group_meetings_in_its_own_words_gives_them(
    workspace, tmp_path, partner, header
):
    path = workbook(
        tmp_path / "korisnici_oktobar_2026.xlsx",
        {
            "Korisnici": [
                ["Šifra", "Spol", "Dob", "Ovisnost", "Vrsta korisnika", header],
                ["SA-014", "M", "34", "alkohol", "korisnik", 2],
                ["SA-022", "Ž", "19-24", "kocka", "korisnik", 0],
            ]
        },
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert list(sub.tables["people"]["group_meetings"]) == [2, 0]


def test_norwegian_free_text_activity_in_the_template_sheet_is_classified(workspace, tmp_path):
    path = workbook(
        tmp_path / "ettervern_2025-05.xlsx",
        {
            "Grupper": [
                ["Dato", "Aktivitet", "Deltakere", "Timer"],
                [date(2025, 5, 7), "Ettervernsgruppe", 8, 1.5],
                [date(2025, 5, 14), "Tur: bowling", 6, 3],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert kinds(sub.tables["groups"], "activity_kind") == {"support_group": 1, "social_outing": 1}


def test_polish_per_table_csvs_are_accepted_and_the_missing_table_is_outstanding(
    workspace, tmp_path
):
    mityngi = text_file(
        tmp_path / "mityngi_05_2025.csv",
        [
            ["Data", "Rodzaj spotkania", "Liczba uczestników", "Czas trwania (godz.)"],
            ["01.05.2025", "mityng AA", "12", "1,5"],
            ["15.05.2025", "wyjście integracyjne", "9", "3"],
        ],
        encoding="cp1250",
    )
    porady = text_file(
        tmp_path / "porady_05_2025.csv",
        [
            ["Kod uczestnika", "Data", "Rodzaj wsparcia", "Godziny"],
            ["KA-001", "02.05.2025", "konsultacja rodzinna", "1,5"],
        ],
        encoding="cp1250",
    )
    deliver(workspace, "klub-pl", mityngi, "2025-06-05T10:00:00+02:00")
    deliver(workspace, "klub-pl", porady, "2025-06-05T10:01:00+02:00")
    subs = run_intake(workspace)
    assert [(s.status, sorted(s.tables)) for s in subs] == [
        ("accepted", ["groups"]),
        ("accepted", ["counselling"]),
    ]
    assert [s.outstanding for s in subs] == [["people"], ["people"]]
    with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
        tables = con.execute(
            "select tables, outstanding from submissions order by received_at"
        ).fetchall()
    assert tables == [(["groups"], ["people"]), (["counselling"], ["people"])]


@pytest.mark.parametrize(
    "label",
    [
        "Skupaj: 2 srečanji",
        "Skupaj vseh ur",
        "Ukupno za svibanj 2025",
        "Łącznie",
        "Σ",
        "∑",
        "Vsota",
        "Svega",
        "Свега",
        "Zbir",
        "Vsota ur: 2,5",
    ],
)
def test_a_totals_row_labelled_in_words_is_not_counted(workspace, tmp_path, label):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
            ["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 1],
            [label, None, None, 2.5],
        ],
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and sub.tables["counselling"]["hours"].sum() == 2.5


def test_a_row_of_sums_without_a_label_under_the_rows_is_their_total(workspace, tmp_path):
    path = workbook(
        tmp_path / "obuke_septembar_2026.xlsx",
        {
            "Obuke": [
                ["Datum", "Naziv obuke", "Ciljna grupa", "Broj sati", "Broj učesnika"],
                [date(2026, 9, 10), "Motivacioni intervju", "osoblje", 4, 10],
                [date(2026, 9, 24), "Podrška porodici", "roditelji", 2, 14],
                [None, None, None, 6, 24],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    # 6 hours and 24 participants are the sums of the two trainings above: no third training
    assert sub.problems == []
    trainings = sub.tables["trainings"]
    assert (len(trainings), trainings["hours"].sum(), trainings["participants"].sum()) == (2, 6, 24)


@pytest.mark.parametrize(
    ("partner", "header", "people", "line"),
    [
        (
            "oporavak-ba",
            ["Шифра", "Пол", "Старост", "Зависност", "Врста корисника"],
            [
                ["ИЗ-01", "мушки", 34, "хероин", "корисник"],
                ["ИЗ-05", "женски", 52, None, "члан породице"],
            ],
            "Свега: 2",
        ),
        (
            "most-si",
            ["Šifra", "Spol", "Starost", "Zasvojenost", "Vrsta uporabnika"],
            [["LJ-01", "M", 40, "alkohol", "uporabnik"], ["LJ-03", "Ž", 61, None, "svojec"]],
            "Vsota uporabnikov: 2",
        ),
    ],
)
def test_a_line_of_a_totals_word_and_a_count_under_a_list_of_people_is_no_person(
    workspace, tmp_path, partner, header, people, line
):
    path = workbook(tmp_path / "people_september_2026.xlsx", {"List1": [header, *people, [line]]})
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert len(sub.tables["people"]) == 2


def test_row_numbers_are_left_unread_silently_and_notes_with_a_warning(workspace, tmp_path):
    # the partner's own numbers of its rows are no figure: no warning about them every month
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Zap. št.", *HOURS_SL, "Opombe"],
                [1, "SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5, "prvič"],
                [2, "SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 1, None],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and sub.tables["counselling"]["hours"].sum() == 2.5
    assert {(p.rule, p.column) for p in sub.warnings} == {("column_ignored", "Opombe")}


def test_a_row_number_column_not_numbering_its_rows_is_left_unread_with_a_warning(
    workspace, tmp_path
):
    # "No." of 12 and 30: the partner's own references, maybe figures: told as unread
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["No.", *HOURS_SL],
                [12, "SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
                [30, "SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "No.")]


@pytest.mark.parametrize(
    ("partner", "header", "total"),
    [
        ("oporavak-ba", "R.br.", "Ukupno"),
        ("klub-pl", "Lp.", "Razem"),
        ("endring-no", "Løpenr.", "Sum"),
        ("most-si", "#", "Skupaj"),
    ],
)
def test_a_column_numbering_its_rows_beside_its_totals_row_is_left_unread_silently(
    workspace, tmp_path, partner, header, total
):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                [header, *HOURS_SL],
                [1, "SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
                [2, "SKM-0418", date(2025, 5, 6), "Individualno svetovanje", 1],
                [total, None, None, None, 2.5],
            ]
        },
    )
    sub = read(workspace, path, partner)
    assert sub.problems == []
    assert sub.tables["counselling"]["hours"].sum() == 2.5


def test_an_example_on_the_instructions_sheet_is_not_data(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Navodila": [
                ["Vsako svetovanje v svojo vrstico. Primer:"],
                HOURS_SL,
                ["SKM-0000", date(2025, 5, 1), "Individualno svetovanje", 1],
            ],
            "Ure": [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5]],
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and sub.tables["counselling"]["user_code"].tolist() == ["SKM0417"]


@pytest.mark.parametrize("name", ["Przykład wypełnienia", "Wzór", "Zgled", "Example (delete)"])
def test_a_sheet_named_an_example_in_more_words_is_not_data(workspace, tmp_path, name):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            name: [HOURS_SL, ["SKM-0000", date(2025, 5, 1), "Individualno svetovanje", 1]],
            "Ure": [HOURS_SL, ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5]],
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and sub.tables["counselling"]["user_code"].tolist() == ["SKM0417"]


def test_a_table_on_two_sheets_names_both_in_the_partners_words(workspace, tmp_path):
    row = ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5]
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx", {"Ure": [HOURS_SL, row], "Ure LJ": [HOURS_SL, row]}
    )
    [problem] = read(workspace, path, "most-si").errors
    assert (problem.rule, problem.sheet) == ("table_twice", "Ure LJ")
    assert "Tudi list “Ure” vsebuje tabelo svetovanje" in problem_text(problem, "sl")


def test_two_headers_meaning_one_column_name_each_other(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {"Ure": [[*HOURS_SL, "Trajanje"], ["SKM-0417", date(2025, 5, 5), "Individualno", 1, 1]]},
    )
    [problem] = read(workspace, path, "most-si").errors
    assert (problem.rule, problem.column) == ("column_twice", "Trajanje")
    assert "pomeni isto kot stolpec “Ure svetovanja” (Ure)" in problem_text(problem, "sl")


@pytest.mark.parametrize("unit", ["Bivanjska skupnost Ljubljana 1", "bs-lj1"])
def test_a_housing_unit_named_as_in_the_consortiums_list_is_that_unit(workspace, tmp_path, unit):
    path = workbook(
        tmp_path / "nastanitve_maj_2025.xlsx", {"Bivanje": [HOUSING_SL, [unit, 4, 3, 90, 0, 0, 0]]}
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == [] and list(sub.tables["housing"]["site_id"]) == ["BS-LJ1"]


def test_an_activity_called_together_is_counted_not_taken_for_a_total(workspace, tmp_path):
    # "skupaj" is Slovene for both "total" and "together"
    path = workbook(
        tmp_path / "izobrazevanja_maj_2025.xlsx",
        {
            "Izobraževanja": [
                ["Naslov", "Datum", "Ciljna skupina", "Ure", "Udeleženci"],
                ["Skupaj na izlet", date(2025, 5, 5), "uporabniki", 3, 9],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and len(sub.tables["trainings"]) == 1


def test_housing_sheet_named_list1_is_recognised_by_its_columns(workspace, tmp_path):
    sub = read(workspace, housing_sl(tmp_path / "nastanitve_maj_2025.xlsx"), "most-si")
    assert sub.errors == [] and list(sub.tables) == ["housing"]
    assert list(sub.tables["housing"]["resident_nights"]) == [90]  # totals row not counted
    assert sub.outstanding == ["counselling", "trainings", "people"]


def test_value_no_rule_knows_is_unclassified_with_one_warning_naming_it_once(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_oktober_2025.xlsx",
        [
            ["SKM-1", date(2025, 10, 1), "Delavnica čuječnosti", 2],
            ["SKM-2", date(2025, 10, 8), "Delavnica čuječnosti", 2],
            ["SKM-3", date(2025, 10, 9), "Individualno svetovanje", 1],
        ],
    )
    sub = read(workspace, path, "most-si")
    assert kinds(sub.tables["counselling"], "session_kind") == {"unclassified": 2, "individual": 1}
    [warning] = sub.warnings
    assert (warning.rule, warning.column, warning.params["values"]) == (
        "value_unclassified",
        "Storitev",
        "Delavnica čuječnosti",
    )
    assert "zato so v 2 vrsticah štete kot nerazvrščene" in problem_text(warning, "sl")
    assert "counted as unclassified in 2 rows" in problem_text(warning, "en")


def test_mapping_added_to_consortium_yaml_reclassifies_rows_already_loaded(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_oktober_2025.xlsx",
        [["SKM-1", date(2025, 10, 1), "Delavnica čuječnosti", 2]],
    )
    deliver(workspace, "most-si", path, "2025-11-03T10:00:00+01:00")
    run_intake(workspace)
    config = workspace / "consortium.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    tables: [housing, counselling, trainings, people]\n",
            "    tables: [housing, counselling, trainings, people]\n"
            "    mapping:\n      values:\n        session_kind: {Delavnica čuječnosti: group}\n",
            1,
        ),
        encoding="utf-8",
    )
    with warehouse.connect(workspace / "warehouse.duckdb") as con:
        warehouse.reclassify(con, Workspace.open(workspace).config)
        kinds_loaded = con.execute("select session_kind from raw_counselling").fetchall()
    assert kinds_loaded == [("group",)]


def test_empty_csv_is_rejected_as_empty(workspace, tmp_path):
    path = tmp_path / "porady_04_2025.csv"
    path.write_bytes(b"")
    sub = read(workspace, path, "klub-pl")
    assert [p.rule for p in sub.errors] == ["file_empty"] and sub.tables == {}


def test_header_only_csv_is_rejected_as_having_no_rows_of_its_table(workspace, tmp_path):
    path = text_file(
        tmp_path / "uczestnicy_09_2025.csv", [["Kod", "Kategoria", "Płeć", "Wiek", "Uzależnienie"]]
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.params) for p in sub.errors] == [("no_rows", {"tables": ["people"]})]
    assert sub.tables == {}


def test_unrelated_workbook_is_rejected_naming_its_sheets_and_columns(workspace, tmp_path):
    path = workbook(
        tmp_path / "nakupi_2025-05.xlsx", {"Nakupi": [["Artikel", "Cena"], ["kava", 3]]}
    )
    [problem] = read(workspace, path, "most-si").errors
    assert (problem.rule, problem.params["found"]) == ("no_table_found", "Nakupi: Artikel | Cena")


def test_a_workbook_of_no_month_and_no_table_is_told_both_at_once(workspace, tmp_path):
    # a budget sent by mistake: the partner learns it holds no table, not only that its month
    # is missing, and does not rename it to be refused again
    path = workbook(
        tmp_path / "Budzet_2026.xlsx",
        {"Budžet": [["Stavka", "Planirano (KM)", "Utrošeno (KM)"], ["Plate", 24000, 19800]]},
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [p.rule for p in sub.errors] == ["period_unknown", "no_table_found"]
    assert sub.errors[1].params["found"] == "Budžet: Stavka | Planirano (KM) | Utrošeno (KM)"


def test_a_count_whose_parts_do_not_add_up_is_named_by_its_cell_never_quoted(workspace, tmp_path):
    path = workbook(
        tmp_path / "Обуке_новембар_2026.xlsx",
        {
            "Обуке": [
                ["Датум", "Назив", "Циљна група", "Трајање (сати)", "Учесници"],
                ["06.11.2026.", "Превенција рецидива", "стручњаци", 3, "12 (8 Ж, 4 М)"],
                ["27.11.2026.", "Обука вршњачке подршке", "корисници", 4, "15 (10 Ж, 6 М)"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    [problem] = sub.errors
    assert (problem.rule, problem.sheet, problem.row, problem.column) == (
        "count_parts_disagree",
        "Обуке",
        3,
        "Учесници",
    )
    for language in ("sl", "bs", "pl", "no", "en"):
        text = problem_text(problem, language)
        assert "15" not in text and "Ж" not in text


def test_unknown_header_names_the_column_and_candidates_in_the_partners_language(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                [*HOURS_SL, "Barva mape"],
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", 1, "modra"],
            ]
        },
    )
    [problem] = read(workspace, path, "most-si").warnings
    assert (problem.rule, problem.column) == ("unknown_column_unread", "Barva mape")
    assert (
        "Šifra uporabnika" in problem.params["expected"]
        and "user_code" not in problem.params["expected"]
    )


def test_an_unknown_header_like_no_template_header_is_told_without_a_closest_one(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Aktivnost", "Prevoz organizovan", "Datum", "Broj učesnika", "Sati"],
                ["Grupa podrške", "da", date(2026, 10, 7), 18, 3],
            ]
        },
    )
    [problem] = read(workspace, path, "oporavak-ba").warnings
    assert (problem.rule, problem.column, problem.params["candidates"]) == (
        "unknown_column_unread",
        "Prevoz organizovan",
        "",
    )
    text = problem_text(problem, "bs")
    assert "Zaglavlje kolone nije poznato, pa" in text and "najbliže" not in text


@pytest.mark.parametrize(("header", "value"), [("Prijavljeno", 15), ("Certificate issued", "✓")])
def test_an_unknown_column_beside_every_column_its_table_needs_is_left_unread_with_a_warning(
    workspace, tmp_path, header, value
):
    # how many registered, whether a certificate was issued: it informs, the meeting is read
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Broj učesnika", "Sati", header],
                [date(2026, 10, 7), "Grupa podrške", 12, 2, value],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("unknown_column_unread", header)]
    assert sub.tables["groups"]["participants"].tolist() == [12]


def test_a_summary_counting_meetings_asks_for_a_row_per_meeting(workspace, tmp_path):
    path = workbook(
        tmp_path / "izvjestaj_oktobar_2026.xlsx",
        {
            "Izvještaj": [
                ["Mjesec:", "oktobar 2026"],
                [],
                ["Aktivnost", "Broj sastanaka", "Broj učesnika", "Sati"],
                ["Grupa podrške", 2, 18, 3],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("events_counted", 3, "Broj sastanaka"),
        ("column_missing", 3, "Datum"),
    ]
    assert "upišite svaki sastanak ili savjetovanje u svoj red" in problem_text(sub.errors[0], "bs")


@pytest.mark.parametrize(
    "partner, header",
    [
        ("oporavak-ba", "Broj poziva"),
        ("most-si", "Število klicev"),
        ("klub-pl", "Liczba połączeń"),
        ("most-si", "Number of calls"),
    ],
)
def test_calls_counted_per_day_ask_for_a_row_per_call_never_count_a_day_as_one(
    workspace, tmp_path, partner, header
):
    # 3 + 1 + 4 calls: read as a row per call, the day would count once
    path = workbook(
        tmp_path / "telefon_10_2026.xlsx",
        {"SOS": [["Datum", header, "Trajanje (min)"], ["1.10.2026", 3, 45], ["2.10.2026", 1, 10]]},
    )
    sub = read(workspace, path, partner)
    assert ("events_counted", 1, header) in [(p.rule, p.row, p.column) for p in sub.errors]


@pytest.mark.parametrize("header", ["Број сеанси", "Broj seansi", "Број састанака"])
def test_a_summary_counting_sessions_in_cyrillic_asks_for_a_row_per_session(
    workspace, tmp_path, header
):
    # a Cyrillic header is read as its Latin letters: "Број сеанси" is "Broj seansi"
    path = workbook(
        tmp_path / "Саветовање_по_клијенту_новембар_2026.xlsx",
        {"Саветовање": [["Шифра", header, "Сати"], ["ИЗ-04", "3x", 3], ["ИЗ-05", "2x", "1,5"]]},
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.errors] == [
        ("events_counted", header),
        ("column_missing", "Datum"),
    ]


@pytest.mark.parametrize(
    "name, partner, period",
    [
        ("december_2020.xlsx", "most-si", "2020-12"),
        ("ure maj 2020.xlsx", "most-si", "2020-05"),
        ("ure_05_2020.xlsx", "most-si", "2020-05"),
        ("Izvjestaj oktobar 2021..xlsx", "oporavak-ba", "2021-10"),
        ("porady październik 2025.xlsx", "klub-pl", "2025-10"),
        ("porady listopad 2025.xlsx", "klub-pl", "2025-11"),  # November in Polish
        ("aktiviteter mars 2025.xlsx", "endring-no", "2025-03"),
        ("sessions 10/2021.xlsx", "most-si", "2021-10"),
        ("izvjestaj_III_2025.xlsx", "oporavak-ba", "2025-03"),
        ("sprawozdanie XI. 2025.xlsx", "klub-pl", "2025-11"),
        ("bivanje_03_25.xlsx", "most-si", "2025-03"),
        ("ure marec 25.xlsx", "most-si", "2025-03"),
        ("aktiviteter_mars25.xlsx", "endring-no", "2025-03"),
    ],
)
def test_month_in_the_file_name_in_words_or_numbers(workspace, name, partner, period):
    language = Workspace.open(workspace).config.partner(partner).language
    assert period_in_text(name, vocabulary(), language) == period


@pytest.mark.parametrize(
    "name",
    [
        "Nastanitve 02.11.2026.xlsx",
        "Poročilo 2. 11. 2026.xlsx",
        "porocilo 2026-11-02.xlsx",
        "Poročilo 02.11.26.xlsx",
    ],
)
def test_a_whole_date_in_a_file_name_is_not_taken_for_the_month_reported(name):
    # a file sent on 2 November reports October: the date says only when it was written
    assert period_in_text(name) is None


@pytest.mark.parametrize("name", ["Q1 2025.xlsx", "ure 3.25.xlsx", "ure_0325.xlsx", "v 2025.xlsx"])
def test_a_quarter_a_decimal_or_digits_run_together_are_not_taken_for_a_month(name):
    assert period_in_text(name) is None


def test_a_sheet_named_for_its_month_gives_the_month_of_a_file_whose_name_does_not(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "linija.xlsx",
        {
            "Mart 2025": [
                ["Datum poziva", "Šifra", "Vrsta razgovora", "Trajanje (min)"],
                [date(2025, 3, 3), "BA-0101", "telefonsko savjetovanje", 25],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert (sub.period, sub.errors) == ("2025-03", [])


def test_dates_of_one_month_give_the_month_of_a_file_that_states_none(workspace, tmp_path):
    rows = [
        ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"],
        [date(2025, 3, 3), "LJ-0001", "individualno", 1],
        [date(2025, 3, 30), "LJ-0002", "individualno", 1],
    ]
    sub = read(workspace, workbook(tmp_path / "dnevnik.xlsx", {"Zapisnik": rows}), "most-si")
    assert (sub.period, sub.errors) == ("2025-03", [])
    rows[2][0] = date(2025, 4, 1)
    sub = read(workspace, workbook(tmp_path / "dnevnik2.xlsx", {"Zapisnik": rows}), "most-si")
    assert [p.rule for p in sub.errors] == ["period_unknown"]


def test_a_version_number_after_the_month_leaves_the_month_as_it_is():
    assert period_in_text("svetovanje_2025-03_2.xlsx") == "2025-03"


def test_month_from_a_title_cell_above_the_header(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure.xlsx",
        {
            "Ure": [
                ["Poročilo o svetovanju za maj 2025"],
                HOURS_SL,
                ["SKM-1", date(2025, 5, 5), "Individualno svetovanje", 1],
            ]
        },
    )
    assert read(workspace, path, "most-si").period == "2025-05"


def test_codes_that_differ_by_a_dash_or_space_are_one_person(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1],
            ["SKM0417", date(2025, 5, 6), "Individualno svetovanje", 1],
            ["skm 0417", date(2025, 5, 7), "Individualno svetovanje", 1],
        ],
    )
    deliver(workspace, "most-si", path, "2025-06-03T10:00:00+02:00")
    run_intake(workspace)
    with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
        assert con.execute("select count(distinct user_key) from raw_counselling").fetchone() == (
            1,
        )


def test_a_code_in_cyrillic_is_the_same_person_as_in_latin(workspace, tmp_path):
    path = workbook(
        tmp_path / "savetovanje_oktobar_2026.xlsx",
        {
            "Саветовање": [
                ["Шифра корисника", "Датум", "Врста саветовања", "Трајање (сати)"],
                ["ИЗ-01", "05.10.2026.", "Индивидуално саветовање", 1],
                ["IZ-01", "06.10.2026.", "Индивидуално саветовање", 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert set(sub.tables["counselling"]["user_code"]) == {"IZ01"}


def test_unchanged_file_resent_for_the_next_month_counts_for_that_month(workspace, tmp_path):
    june = housing_sl(tmp_path / "nastanitve_junij_2026.xlsx")
    july = tmp_path / "nastanitve_julij_2026.xlsx"
    july.write_bytes(june.read_bytes())
    deliver(workspace, "most-si", june, "2026-07-09T10:00:00+02:00")
    deliver(workspace, "most-si", july, "2026-08-04T10:00:00+02:00")
    subs = run_intake(workspace)
    assert [(s.period, s.status) for s in subs] == [
        ("2026-06", "accepted"),
        ("2026-07", "accepted"),
    ]
    with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
        periods = con.execute(
            "select period from raw_housing join submissions using (submission_id) order by period"
        ).fetchall()
    assert periods == [("2026-06",), ("2026-07",)]


def test_same_bytes_for_the_same_month_is_a_duplicate_told_as_such(workspace, tmp_path):
    first = housing_sl(tmp_path / "nastanitve_junij_2026.xlsx")
    again = tmp_path / "nastanitve_junij_2026_znova.xlsx"
    again.write_bytes(first.read_bytes())
    deliver(workspace, "most-si", first, "2026-07-09T10:00:00+02:00")
    run_intake(workspace)
    deliver(workspace, "most-si", again, "2026-07-10T10:00:00+02:00")
    [sub] = run_intake(workspace)
    assert (sub.status, [p.rule for p in sub.problems]) == ("duplicate", ["duplicate_submission"])
    assert run_intake(workspace) == []  # read once, never again


def test_relative_needs_no_main_addiction_but_a_person_in_recovery_does(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_maj_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta uporabnika", "Spol", "Starost", "Glavna zasvojenost"],
                ["SKM-1", "svojec", "ženska", "36-50 let", None],
                ["SKM-2", "oseba v okrevanju", "moški", "26-35 let", None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [("value_required", 3)]


def test_email_as_a_user_code_is_still_refused_though_codes_lose_their_dots(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [["jan.novak@example.com", date(2025, 5, 5), "Individualno svetovanje", 1]],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [("personal_data_email", 2)]


def test_header_that_could_mean_two_columns_is_an_error_naming_both(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Šifra uporabnika", "Storitev", "Datum in ure"],
                ["SKM-1", "Individualno svetovanje", 1],
            ]
        },
    )
    problem = next(
        p for p in read(workspace, path, "most-si").errors if p.rule == "ambiguous_column"
    )
    assert (problem.column, problem.params["candidates"]) == ("Datum in ure", "Datum, Ure")


def test_partners_feedback_names_the_tables_still_outstanding_for_the_month(workspace, tmp_path):
    from validate.feedback import feedback_text

    sub = read(workspace, housing_sl(tmp_path / "nastanitve_maj_2025.xlsx"), "most-si")
    assert (
        "Za ta mesec je treba poslati še: svetovanje, izobraževanja, uporabniki"
        in feedback_text(sub, "sl")
    )


def test_lost_warehouse_rebuilt_from_the_archive_keeps_an_unchanged_sheet_in_both_months(
    workspace, tmp_path
):
    june = housing_sl(tmp_path / "nastanitve_junij_2026.xlsx")
    july = tmp_path / "nastanitve_julij_2026.xlsx"
    july.write_bytes(june.read_bytes())
    deliver(workspace, "most-si", june, "2026-07-09T10:00:00+02:00")
    deliver(workspace, "most-si", july, "2026-08-04T10:00:00+02:00")
    run_intake(workspace)
    for path in (workspace / "inbox" / "most-si").iterdir():
        path.unlink()
    (workspace / "warehouse.duckdb").unlink()
    rebuilt = run_intake(workspace)  # read from the archive alone
    assert sorted((s.period, s.status) for s in rebuilt) == [
        ("2026-06", "accepted"),
        ("2026-07", "accepted"),
    ]


GROUPS_BS = ["Datum", "Naziv aktivnosti", "Grupa", "Broj učesnika", "Trajanje (sati)"]


def test_an_activitys_name_says_its_kind_when_the_sheet_has_no_column_of_kinds(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupe_oktobar_2025.xlsx",
        {
            "Grupe": [
                GROUPS_BS,
                ["02.10.2025.", "grupa podrške", "GP-SA", 12, 2],
                ["16.10.2025.", "radionica pisanja", "GP-SA", 9, 1.5],
                ["Ukupno", None, None, 21, 3.5],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    groups = sub.tables["groups"]
    assert list(groups["activity_kind"]) == ["support_group", "course"]
    assert list(groups["title"]) == ["grupa podrške", "radionica pisanja"]


def test_a_dash_or_na_for_a_groups_hours_leaves_them_unstated(workspace, tmp_path):
    # a group's hours are optional: "—" and "n/a" say they are not known, as a blank cell does
    rows = [
        ["02.10.2025.", "grupa podrške", "GP-SA", 12, 2],
        ["09.10.2025.", "izlet", "GP-SA", 9, "—"],
        ["16.10.2025.", "grupa podrške", "GP-SA", 8, "n/a"],
    ]
    path = workbook(tmp_path / "grupe_oktobar_2025.xlsx", {"Grupe": [GROUPS_BS, *rows]})
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    groups = sub.tables["groups"]
    assert groups["hours"].isna().tolist() == [False, True, True]
    assert groups["participants"].sum() == 29


def test_a_word_for_no_value_in_a_required_figure_is_an_empty_required_cell(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-0417", date(2025, 5, 5), "Individualno svetovanje", 1.5],
            ["SKM-0418", date(2025, 5, 6), "Individualno svetovanje", "ni podatka"],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("value_required", "Ure", 3, "Ure svetovanja")
    ]


def test_a_count_with_a_remark_or_written_as_a_sum_is_read_with_a_warning_naming_its_cell(
    workspace, tmp_path
):
    rows = [
        ["04.08.2025.", "grupa podrške", "GP-SA", "12 (od toga 4 člana porodice)", 1.5],
        ["11.08.2025.", "izlet", "GP-SA", "8+2", 5],
    ]
    path = workbook(tmp_path / "grupe_august_2025.xlsx", {"Grupe": [GROUPS_BS, *rows]})
    sub = read(workspace, path, "oporavak-ba", validate=True)
    # 12 came, 4 of them family; 8 members and 2 guests are 10
    assert sub.errors == []
    assert [(p.rule, p.row, p.column, p.params["value"]) for p in sub.problems] == [
        ("figure_with_remark", 2, "Broj učesnika", 12),
        ("figures_summed", 3, "Broj učesnika", 10),
    ]
    assert list(sub.tables["groups"]["participants"]) == [12, 10]


def test_hours_said_to_be_approximate_are_read_with_a_warning_naming_their_cell(
    workspace, tmp_path
):
    path = hours_sl(
        tmp_path / "ure_junij_2025.xlsx",
        [
            ["SKM-0417", date(2025, 6, 2), "Individualno svetovanje", "cca 2 uri"],
            ["SKM-0418", date(2025, 6, 9), "Individualno svetovanje", "~1,5"],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("figure_approximate", 2, "Ure svetovanja"),
        ("figure_approximate", 3, "Ure svetovanja"),
    ]
    assert list(sub.tables["counselling"]["hours"]) == [2, 1.5]
    assert "1,5" in problem_text(sub.problems[1], "sl")


def test_two_figures_with_a_slash_are_refused_saying_what_to_write(workspace, tmp_path):
    path = workbook(
        tmp_path / "bivanje_maj_2025.xlsx",
        {"Bivanje": [HOUSING_SL, ["BS-LJ1", 4, "3/4", 90, 0, 0, 0]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("figures_with_slash", 2, "Stanovalci")
    ]
    assert "5/6" in problem_text(sub.errors[0], "sl")


def test_a_groups_names_say_its_kind_when_most_of_them_name_one(workspace, tmp_path):
    header = ["Datum održavanja", "Naziv grupe", "Broj učesnika", "Trajanje (sati)"]
    rows = [
        ["02.10.2025.", "Grupa podrške", 12, 2],
        ["16.10.2025.", "Grupa za porodice", 7, 1.5],
        ["30.10.2025.", "Radionica", 8, 3],
        ["31.10.2025.", "Petkom u pet", 6, 1],
    ]
    path = workbook(tmp_path / "grupe_oktobar_2025.xlsx", {"Grupe": [header, *rows]})
    sub = read(workspace, path, "oporavak-ba")
    assert [p.rule for p in sub.problems] == ["value_unclassified"]
    groups = sub.tables["groups"]
    assert list(groups["activity_kind"]) == [
        "support_group",
        "support_group",
        "course",
        "unclassified",
    ]


def test_names_that_mostly_say_no_kind_leave_the_kind_missing(workspace, tmp_path):
    header = ["Datum održavanja", "Naziv grupe", "Broj učesnika", "Trajanje (sati)"]
    rows = [["02.10.2025.", "Grupa A", 12, 2], ["16.10.2025.", "Grupa B", 7, 1.5]]
    path = workbook(tmp_path / "grupe_oktobar_2025.xlsx", {"Grupe": [header, *rows]})
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.problems] == [("kind_column_missing", "Vrsta")]


def test_a_helplines_calls_need_no_client_code_and_their_topics_and_times_are_left_alone(
    workspace, tmp_path
):
    header = ["Datum", "Vrijeme poziva", "Trajanje poziva (min)", "Tip poziva", "Pozivatelj"]
    rows = [
        [date(2025, 10, 1), time(10, 15), 25, "savjetovanje", "korisnik"],
        [date(2025, 10, 2), time(21, 40), 40, "krizni poziv", "član porodice"],
        ["Ukupno", None, 65, None, None],
    ]
    path = workbook(tmp_path / "sos_linija_oktobar_2025.xlsx", {"SOS linija": [header, *rows]})
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert sorted(p.column for p in sub.problems) == ["Pozivatelj", "Tip poziva", "Vrijeme poziva"]
    calls = sub.tables["counselling"]
    assert list(calls["session_kind"]) == ["phone", "phone"]
    assert calls["user_code"].isna().all() and list(calls["hours"]) == [25 / 60, 40 / 60]


def test_call_lengths_under_a_header_of_minutes_and_seconds_are_minutes_not_hours(
    workspace, tmp_path
):
    # a phone system's export writes a call's length as mm:ss: 12:30 is twelve and a half
    # minutes, and 08:15 (which hours would read as a morning's work) eight and a quarter
    rows = [["Datum", "Trajanje (mm:ss)"], ["3.10.2025", "12:30"], ["5.10.2025", "08:15"]]
    path = text_file(tmp_path / "SOS_pozivi_oktobar_2025.csv", rows)
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert list(sub.tables["counselling"]["hours"]) == [12.5 / 60, 8.25 / 60]


def test_a_calls_bare_length_too_long_for_hours_is_its_minutes(workspace, tmp_path):
    # calls of 5, 12 and 7 under "Trajanje" were counted as 24 hours on the phone: no call
    # lasts 12 hours, and these are not the round lengths of sessions (45, 60) the rule knew
    rows = [["Datum", "Trajanje"], ["3.10.2025", 5], ["5.10.2025", 12], ["6.10.2025", 7]]
    path = text_file(tmp_path / "SOS_linija_oktobar_2025.csv", rows)
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("read_as_minutes", "Trajanje")]
    assert sub.tables["counselling"]["hours"].sum() == pytest.approx(24 / 60)


def test_a_polish_termin_holding_days_is_the_date_of_each_meeting(workspace, tmp_path):
    # "Termin" is a time slot in Slovene and Bosnian, the day of an appointment in Polish
    header = ["Temat zajęć", "Termin", "Liczba godzin", "Liczba uczestników"]
    rows = [["Mityng AA", "12.10.2025 r.", 2, 14], ["Warsztaty plastyczne", "19.10.2025 r.", 3, 7]]
    path = workbook(tmp_path / "zajecia_pazdziernik_2025.xlsx", {"Zajęcia": [header, *rows]})
    sub = read(workspace, path, "klub-pl")
    assert sub.problems == []
    assert [str(d) for d in sub.tables["groups"]["held_on"]] == ["2025-10-12", "2025-10-19"]


def test_a_bare_count_beside_a_groups_meetings_is_its_participants_and_mins_are_minutes(
    workspace, tmp_path
):
    groups = text_file(
        tmp_path / "grupper_oktober_2025.csv",
        [
            ["Dato", "Aktivitet", "Antall", "Varighet (t)"],
            ["07.10.2025", "Samtalegruppe", "9", "1,5"],
            ["21.10.2025", "Pårørendegruppe", "6", "2"],
        ],
    )
    sub = read(workspace, groups, "endring-no")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [9, 6]
    sessions = workbook(
        tmp_path / "sessions_oct25.xlsx",
        {"Oct-25": [["Date", "Client", "Type", "Mins"], [date(2025, 10, 2), "H-01", "1:1", 50]]},
    )
    sub = read(workspace, sessions, "oporavak-ba")
    assert sub.errors == [] and list(sub.tables["counselling"]["hours"]) == [50 / 60]


def test_a_partners_own_occupancy_is_left_unread_the_nights_give_it(workspace, tmp_path):
    header = [*HOUSING_SL[:4], "Zasedenost (%)", *HOUSING_SL[4:]]
    path = workbook(
        tmp_path / "bivanje_oktober_2025.xlsx",
        {"Bivanje": [header, ["BS-LJ1", 4, 4, 120, 96.8, 1, 0, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Zasedenost (%)")]
    assert list(sub.tables["housing"]["resident_nights"]) == [120]


@pytest.mark.parametrize(
    ("during", "at_month_end"),
    [
        ("Residents during month", "Residents at month end"),
        ("Stanovalci v mesecu", "Stanovalci na koncu meseca"),
        ("Stanari tokom mjeseca", "Stanari na kraju mjeseca"),
        ("Mieszkańcy w ciągu miesiąca", "Mieszkańcy na koniec miesiąca"),
        ("Beboere i løpet av måneden", "Beboere ved månedens slutt"),
    ],
)
def test_residents_during_the_month_beside_those_at_its_end_leave_the_month_end_ones_read(
    workspace, tmp_path, during, at_month_end
):
    # 4 lived there in the month, 3 at its end: the table's residents are those at the end
    header = [*HOUSING_SL[:2], during, at_month_end, *HOUSING_SL[3:]]
    path = workbook(
        tmp_path / "bivanje_oktober_2025.xlsx",
        {"Bivanje": [header, ["BS-LJ1", 4, 4, 3, 100, 1, 1, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", during)]
    assert list(sub.tables["housing"]["residents"]) == [3]


def test_residents_during_the_month_alone_are_not_taken_for_those_at_its_end(workspace, tmp_path):
    # 4 lived there in the month: counted as 4 at its end, though one may have left
    header = [*HOUSING_SL[:2], "Residents during month", *HOUSING_SL[3:]]
    path = workbook(
        tmp_path / "bivanje_oktober_2025.xlsx",
        {"Bivanje": [header, ["BS-LJ1", 4, 4, 100, 1, 1, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Stanovalci")]


def test_opiates_in_the_partners_spelling_are_drugs(workspace, tmp_path):
    path = workbook(
        tmp_path / "korisnici_oktobar_2025.xlsx",
        {
            "Korisnici": [
                ["Šifra korisnika", "Spol", "Dob", "Ovisnost", "Kategorija"],
                ["SA-12", "Ž", "45 god.", "opijati", "korisnica"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.problems == []
    assert list(sub.tables["people"]["main_addiction"]) == ["drugs"]


def test_a_column_of_notes_does_not_stand_in_for_the_kinds(workspace, tmp_path):
    header = ["Datum", "Napomena", "Grupa", "Broj učesnika", "Trajanje (sati)"]
    path = workbook(
        tmp_path / "grupe_oktobar_2025.xlsx",
        {"Grupe": [header, ["02.10.2025.", "grupa podrške", "GP-SA", 12, 2]]},
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.problems] == [
        ("column_ignored", "Napomena"),
        ("kind_column_missing", "Vrsta"),
    ]
    assert list(sub.tables["groups"]["activity_kind"]) == ["unclassified"]


def test_english_headers_of_an_own_log_are_read_and_the_counsellors_column_left_alone(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "report_october_2025.xlsx",
        {
            "October 2025": [
                ["No.", "Date", "Client ID", "Session type", "Duration (hh:mm)", "Counsellor"],
                [1, date(2025, 10, 2), "C-101", "Individual", "1:30", "Anna"],
                [2, date(2025, 10, 3), "C-102", "Family session", "1:00", "Anna"],
            ],
            "Clients": [
                ["Client ID", "Role", "Gender", "Age", "Primary substance"],
                ["C-101", "client", "F", 34, "Alcohol"],
                ["C-102", "family member", "M", 51, None],
            ],
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert list(sub.tables["counselling"]["hours"]) == [1.5, 1.0]
    assert list(sub.tables["people"]["main_addiction"])[:1] == ["alcohol"]
    assert kinds(sub.tables["people"], "user_kind") == {"in_recovery": 1, "relative": 1}
    ignored = {w.column for w in sub.warnings if w.rule == "column_ignored"}
    assert ignored == {"Counsellor"}


def test_a_slovene_header_saying_odvisnost_is_the_main_addiction(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta", "Spol", "Starost", "Odvisnost"],
                ["SKM-1", "uporabnik", "m", "34", "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert list(sub.tables["people"]["main_addiction"]) == ["alcohol"]


def test_abbreviated_headers_for_hours_are_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "izobrazevanja_oktober_2025.xlsx",
        {
            "Izobraževanja": [
                [
                    "Št.",
                    "Datum",
                    "Naslov izobraževanja",
                    "Ciljna skupina",
                    "Št. ur",
                    "Št. udeležencev",
                ],
                [1, date(2025, 10, 14), "Motivacijski intervju", "strokovni delavci", 6, 12],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert list(sub.tables["trainings"]["hours"]) == [6.0]
    # the row number's "Št." is neither hours nor participants: it is left unread
    assert sub.warnings == []


def test_norwegian_housing_headers_in_their_everyday_forms_are_read(workspace, tmp_path):
    header = [
        "Bofellesskap",
        "Antall plasser",
        "Antall beboere",
        "Døgn",
        "Innflyttet",
        "Utflyttet planlagt",
        "Utflyttet uplanlagt",
    ]
    path = workbook(
        tmp_path / "bolig_oktober_2025.xlsx", {"Bolig": [header, ["BS-LJ1", 4, 3, 90, 1, 0, 1]]}
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    housing = sub.tables["housing"].iloc[0]
    assert (housing["resident_nights"], housing["admissions"], housing["exits_unplanned"]) == (
        90,
        1,
        1,
    )


def test_croatian_nadnevak_and_broj_nazocnih_are_the_date_and_the_participants(workspace, tmp_path):
    path = workbook(
        tmp_path / "Grupa podrške studeni 2026.xlsx",
        {
            "Evidencija": [
                ["Nadnevak", "Tema susreta", "Broj nazočnih", "Trajanje (sati)"],
                [date(2026, 11, 4), "Kapital oporavka", 8, 1.5],
                [date(2026, 11, 18), "Odnosi u obitelji", 10, 1.5],
                ["Ukupno", None, 18, 3],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.problems == []
    groups = sub.tables["groups"]
    assert [str(d)[:10] for d in groups["held_on"]] == ["2026-11-04", "2026-11-18"]
    assert list(groups["participants"]) == [8, 10]


def test_a_norwegian_counselling_log_naming_its_clients_beboer_reads_their_codes(
    workspace, tmp_path
):
    # a housing partner's counselling of its residents (the demo's one is Slovene)
    writing_in(workspace, "most-si", "no")
    path = text_file(
        tmp_path / "samtalelogg okt 2026.csv",
        [
            ["Dato", "Beboer", "Samtaletype", "Varighet"],
            ["01.10.2026", "BV-01", "Individuell samtale", "1t30"],
            ["13.10.2026", "BV-05", "Pårørendesamtale", "1t"],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["user_code"]) == ["BV01", "BV05"]


def test_a_polish_nr_klienta_is_the_clients_code_of_sessions_and_of_people(workspace, tmp_path):
    sessions = workbook(
        tmp_path / "porady_sierpień_2026.xlsx",
        {
            "Porady": [
                ["Data", "Nr klienta", "Rodzaj porady", "Czas trwania"],
                [date(2026, 8, 3), "KR-101", "indywidualna", 1.5],
                [date(2026, 8, 17), "KR-102", "rodzinna", 2],
            ]
        },
    )
    people = text_file(
        tmp_path / "uczestnicy_sierpień_2026.csv",
        [
            ["Nr klienta", "Płeć", "Wiek", "Uzależnienie", "Kategoria"],
            ["KR-101", "M", "44", "alkohol", "uczestnik"],
            ["KR-102", "K", "50", "", "rodzina"],
        ],
    )
    read_sessions = read(workspace, sessions, "klub-pl", validate=True)
    read_people = read(workspace, people, "klub-pl", validate=True)
    assert read_sessions.problems == [] and read_people.problems == []
    assert list(read_sessions.tables["counselling"]["user_code"]) == ["KR101", "KR102"]
    assert list(read_people.tables["people"]["user_code"]) == ["KR101", "KR102"]


@pytest.mark.parametrize(
    ("partner", "header", "kind", "count"),
    [
        ("endring-no", ["Dato", "Beskrivelse", "Antall", "Varighet"], "Ettervernsgruppe", "8 stk"),
        ("klub-pl", ["Data", "Spotkanie", "Obecni", "Czas trwania"], "Mityng AA", "8 os."),
        ("klub-pl", ["Data", "Spotkanie", "Obecni", "Czas trwania"], "Mityng AA", "8 szt."),
        ("oporavak-ba", ["Datum", "Aktivnost", "Učesnici", "Sati"], "Grupa podrške", "8 kom"),
    ],
)
def test_a_count_written_with_a_word_for_pieces_or_cut_short_is_the_count(
    workspace, tmp_path, partner, header, kind, count
):
    path = workbook(
        tmp_path / "grupe_2026-11.xlsx",
        {
            "List1": [
                header,
                [date(2026, 11, 4), kind, 7, 1.5],
                [date(2026, 11, 25), kind, count, 1.5],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [7, 8]


def test_age_in_years_and_duration_in_minutes_under_their_own_headers(workspace, tmp_path):
    people = workbook(
        tmp_path / "korisnici_oktobar_2025.xlsx",
        {
            "Korisnici": [
                ["Šifra", "Vrsta korisnika", "Pol", "Godine", "Ovisnost"],
                ["SA-01", "korisnik", "Ž", "45 god.", "alkohol"],
            ]
        },
    )
    assert list(read(workspace, people, "oporavak-ba").tables["people"]["age_band"]) == ["36_50"]
    sessions = workbook(
        tmp_path / "svetovanje_oktober_2025.xlsx",
        {
            "Svetovanje": [
                ["Datum", "Uporabnik", "Oblika svetovanja", "Čas (min)"],
                [date(2025, 10, 1), "LJ-0001", "individualno", 90],
            ]
        },
    )
    assert list(read(workspace, sessions, "most-si").tables["counselling"]["hours"]) == [1.5]


def two_row_housing(path, rows):
    sheet = [
        ["Enota", "Mesta", "Stanovalci", "Nočitve", "Sprejemi", "Odhodi", None],
        [None, None, None, None, None, "načrtovani", "nenačrtovani"],
        *rows,
    ]
    return workbook(path, {"Bivanje": sheet})


def test_a_header_on_two_rows_is_read_as_one(workspace, tmp_path):
    path = two_row_housing(
        tmp_path / "bivanje_oktober_2025.xlsx",
        [["BS-LJ1", 4, 3, 90, 1, 0, 1], ["BS-MB", 5, 5, 150, 0, 1, 0]],
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert list(housing["exits_planned"]) == [0, 1]
    assert list(housing["exits_unplanned"]) == [1, 0]
    # the rows keep the numbers the partner sees, below the two header rows
    assert list(housing["sheet_row"]) == [3, 4]


def test_a_problem_under_a_two_row_header_names_the_partners_row(workspace, tmp_path):
    path = two_row_housing(
        tmp_path / "bivanje_oktober_2025.xlsx",
        [["BS-LJ1", 4, 3, 90, 1, 0, 1], ["BS-MB", 5, "veliko", 150, 0, 1, 0]],
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("not_a_number", 4, "Stanovalci")]


@pytest.mark.parametrize("header", ["Skupaj odhodov", "Skupaj"])
def test_a_column_of_the_partners_own_totals_is_left_unread(workspace, tmp_path, header):
    path = workbook(
        tmp_path / "bivanje_oktober_2025.xlsx",
        {"Bivanje": [[*HOUSING_SL, header], ["BS-LJ1", 4, 3, 90, 1, 0, 1, 1]]},
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert [(w.rule, w.column) for w in sub.warnings] == [("column_ignored", header)]


def test_polish_dates_with_the_month_in_roman_numerals_are_read(workspace, tmp_path):
    path = text_file(
        tmp_path / "spotkania_pazdziernik_2025.csv",
        [
            ["Data", "Rodzaj", "Liczba obecnych", "Czas trwania"],
            ["3.X.2025", "mityng AA", "15", "2"],
            ["17 X 2025", "grupa wsparcia", "12", "1,5"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert [d.isoformat() for d in sub.tables["groups"]["held_on"]] == ["2025-10-03", "2025-10-17"]


def test_a_status_column_of_people_is_their_kind(workspace, tmp_path):
    path = workbook(
        tmp_path / "uporabniki_oktober_2025.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Status", "Spol", "Starost", "Zasvojenost"],
                ["LJ-0001", "oseba v okrevanju", "M", "34", "alkohol"],
                ["LJ-0002", "svojec", "Ž", "52", None],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "relative"]


def test_an_english_training_sheet_with_a_target_group_is_trainings(workspace, tmp_path):
    path = workbook(
        tmp_path / "trainings_october_2025.xlsx",
        {
            "Trainings": [
                ["Date", "Training title", "Target group", "Hours", "Participants"],
                ["14/10/2025", "First aid", "volunteers", 3, 9],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert list(sub.tables) == ["trainings"]
    assert list(sub.tables["trainings"]["audience"]) == ["staff"]  # staff and volunteers


def test_a_sheet_per_kind_of_session_takes_each_rows_kind_from_its_name(workspace, tmp_path):
    header = ["Datum", "Šifra uporabnika", "Ure"]
    path = workbook(
        tmp_path / "svetovanje_oktober_2025.xlsx",
        {
            "Individualno svetovanje": [
                header,
                [date(2025, 10, 1), "LJ-0001", 1],
                [date(2025, 10, 2), "LJ-0002", 1.5],
            ],
            "Družinsko svetovanje": [header, [date(2025, 10, 3), "LJ-0003", 2]],
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert list(sessions["session_kind"]) == ["individual", "individual", "family"]
    assert list(zip(sessions["sheet"], sessions["sheet_row"], strict=True))[-1] == (
        "Družinsko svetovanje",
        2,
    )


def test_sessions_without_a_column_of_kinds_count_as_unclassified_and_the_column_is_asked_for(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "svetovanje_oktober_2025.xlsx",
        {"List1": [["Datum", "Šifra uporabnika", "Ure"], [date(2025, 10, 1), "LJ-0001", 1]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.severity, p.column) for p in sub.problems] == [
        ("kind_column_missing", "warning", "Vrsta")
    ]
    sessions = sub.tables["counselling"]
    assert list(sessions["session_kind"]) == ["unclassified"] and sessions["hours"].sum() == 1


def test_slashed_dates_that_can_only_be_month_first_are_read_so_with_a_warning(workspace, tmp_path):
    path = workbook(
        tmp_path / "sessions_2025-03.xlsx",
        {
            "Sessions": [
                ["Date", "Client ID", "Type of session", "Duration (hours)"],
                ["03/04/2025", "EN-001", "individual", 1],
                ["03/18/2025", "EN-002", "family", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.problems] == [("dates_month_first", "Date")]
    assert [d.isoformat() for d in sub.tables["counselling"]["session_on"]] == [
        "2025-03-04",
        "2025-03-18",
    ]


def test_slashed_dates_readable_either_way_are_month_first_when_only_so_of_the_files_month(
    workspace, tmp_path
):
    # 10/1/2026 is 1 October in October's file, as a form made in the United States writes it
    path = workbook(
        tmp_path / "sessions_2026-10.xlsx",
        {
            "Sessions": [
                ["Date", "Client ID", "Type of session", "Duration (hours)"],
                ["10/1/2026", "EN-001", "individual", 1],
                ["10/2/2026", "EN-002", "family", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("dates_month_first", "Date")]
    assert [d.isoformat() for d in sub.tables["counselling"]["session_on"]] == [
        "2026-10-01",
        "2026-10-02",
    ]


@pytest.mark.parametrize(
    ("partner", "language", "name", "header"),
    [
        (
            "endring-no",
            "en",
            "Session log October 2026 (Responses) - Form responses 1.csv",
            ["Timestamp", "Date of session", "Client ID", "Type of session", "Duration (minutes)"],
        ),
        (
            "most-si",
            "sl",
            "Evidenca svetovanj oktober 2026 (odgovori) - Odgovori na obrazec 1.csv",
            [
                "Časovni žig",
                "Datum pogovora",
                "Šifra uporabnika",
                "Vrsta svetovanja",
                "Trajanje (min)",
            ],
        ),
        (
            "klub-pl",
            "pl",
            "Porady październik 2026 (odpowiedzi) - Odpowiedzi z formularza 1.csv",
            ["Sygnatura czasowa", "Data rozmowy", "Kod klienta", "Rodzaj porady", "Czas (min)"],
        ),
    ],
)
def test_a_forms_export_of_sessions_reads_the_date_asked_and_leaves_the_timestamp(
    workspace, tmp_path, partner, language, name, header
):
    # the form's own time of each answer is no session's date: the question's answer is
    writing_in(workspace, partner, language)
    path = text_file(
        tmp_path / name,
        [
            header,
            ["3.10.2026 09:12:44", "1.10.2026", "AB-01", "individualno", "60"],
            ["3.10.2026 14:02:10", "2.10.2026", "AB-02", "individualno", "90"],
        ],
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", header[0])]
    sessions = sub.tables["counselling"]
    assert [d.isoformat() for d in sessions["session_on"]] == ["2026-10-01", "2026-10-02"]
    assert list(sessions["hours"]) == [1, 1.5]


def test_slashed_dates_that_fit_day_first_stay_day_first(workspace, tmp_path):
    path = workbook(
        tmp_path / "sessions_2025-03.xlsx",
        {
            "Sessions": [
                ["Date", "Client ID", "Type of session", "Duration (hours)"],
                ["04/03/2025", "EN-001", "individual", 1],
                ["18/03/2025", "EN-002", "family", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.problems == []
    assert [d.isoformat() for d in sub.tables["counselling"]["session_on"]] == [
        "2025-03-04",
        "2025-03-18",
    ]


def test_a_table_turned_on_its_side_is_refused_saying_so(workspace, tmp_path):
    rows = [
        ["Kazalnik", "BS-LJ1", "BS-LJ2"],
        ["Mesta", 4, 3],
        ["Stanovalci", 3, 3],
        ["Nočitve", 90, 93],
    ]
    sub = read(workspace, workbook(tmp_path / "bivanje_2025-03.xlsx", {"Bivanje": rows}), "most-si")
    assert [(p.rule, p.sheet, p.column, p.params["table"]) for p in sub.errors] == [
        ("headers_in_a_column", "Bivanje", "A", "housing")
    ]


def test_headers_down_a_column_beside_a_table_read_are_a_warning(workspace, tmp_path):
    legend = [["Datum", "dan svetovanja"], ["Šifra uporabnika", "psevdonim"], ["Ure", "v urah"]]
    sessions = [
        ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"],
        [date(2025, 3, 4), "LJ-0001", "individualno", 1.5],
    ]
    path = workbook(tmp_path / "svetovanje_2025-03.xlsx", {"Ure": sessions, "List2": legend})
    sub = read(workspace, path, "most-si")
    assert sub.errors == [] and len(sub.tables["counselling"]) == 1
    assert [(p.rule, p.sheet) for p in sub.warnings] == [("headers_in_a_column", "List2")]


def test_a_polish_people_sheet_with_a_count_of_meetings_is_read(workspace, tmp_path):
    rows = [
        ["Lp.", "Kod uczestnika", "Status", "Płeć", "Wiek", "Uzależnienie", "Liczba spotkań"],
        [1, "KR-001", "uczestnik", "M", 45, "alkohol", 4],
        [2, "KR-003", "uczestnik", "K", 29, "hazard", 2],
    ]
    path = workbook(tmp_path / "uczestnicy.xlsx", {"Uczestnicy marzec 2025": rows})
    sub = read(workspace, path, "klub-pl")
    assert (sub.period, sub.errors) == ("2025-03", [])
    assert sub.tables["people"]["group_meetings"].tolist() == [4, 2]


def test_the_trainer_of_a_training_is_left_unread_with_a_warning(workspace, tmp_path):
    rows = [
        ["Datum", "Naslov izobraževanja", "Ciljna skupina", "Trajanje (ure)", "Št. udeležencev"],
        [date(2025, 3, 12), "Preprečevanje recidiva", "strokovni delavci", 4, 18],
    ]
    rows[0].append("Izvajalec")
    rows[1].append("M. K.")
    path = workbook(tmp_path / "izobrazevanja_marec_2025.xlsx", {"Izobraževanja": rows})
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Izvajalec")]
    assert sub.tables["trainings"]["participants"].tolist() == [18]


def test_totals_of_each_week_under_its_rows_are_not_counted_again(workspace, tmp_path):
    path = workbook(
        tmp_path / "skupine_maj_2025.xlsx",
        {
            "Maj": [
                ["Datum", "Vrsta aktivnosti", "Število udeležencev", "Trajanje"],
                [date(2025, 5, 6), "Podporna skupina", 8, 1.5],
                [date(2025, 5, 8), "Podporna skupina", 9, 1.5],
                ["Skupaj teden 1", None, 17, 3],
                [date(2025, 5, 13), "Podporna skupina", 7, 1.5],
                ["Skupaj 2. teden", None, 7, 1.5],
                ["SKUPAJ", None, 24, 4.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [8, 9, 7]


def test_a_counsellors_subtotal_in_the_code_column_is_no_client_and_no_session(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-21", date(2025, 5, 5), "Individualno svetovanje", 1],
            ["SKM-22", date(2025, 5, 12), "Individualno svetovanje", 1],
            ["Skupaj Svetovalka A", None, None, 2],
            ["SKM-24", date(2025, 5, 6), "Individualno svetovanje", 1],
            ["Skupaj Svetovalec B", None, None, 1],
            ["Skupaj", None, None, 3],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1, 1]


def test_a_subtotal_labelled_in_a_column_left_unread_is_not_counted(workspace, tmp_path):
    path = workbook(
        tmp_path / "ure_maj_2025.xlsx",
        {
            "Ure": [
                ["Svetovalec", *HOURS_SL],
                ["Svetovalka A", "SKM-21", date(2025, 5, 5), "Individualno svetovanje", 1],
                ["Svetovalka A", "SKM-23", date(2025, 5, 19), "Družinsko svetovanje", 1.5],
                ["Skupaj Svetovalka A", None, None, None, 2.5],
                ["Svetovalec B", "SKM-24", date(2025, 5, 6), "Individualno svetovanje", 1],
                ["Skupaj Svetovalec B", None, None, None, 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Svetovalec")]
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1.5, 1]


def test_a_line_of_a_totals_word_before_a_name_that_holds_no_sum_is_still_a_row(
    workspace, tmp_path
):
    # 5 hours are not the 2 of the rows above: a session to fill in, not a subtotal
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["SKM-21", date(2025, 5, 5), "Individualno svetovanje", 1],
            ["SKM-22", date(2025, 5, 12), "Individualno svetovanje", 1],
            ["Skupaj Svetovalka A", None, None, 5],
        ],
    )
    sub = read(workspace, path, "most-si")
    assert len(sub.tables["counselling"]) == 3


def test_a_subtotal_with_no_figures_is_no_person(workspace, tmp_path):
    path = workbook(
        tmp_path / "Clients October 2026.xlsx",
        {
            "Clients": [
                ["Client ref", "Gender", "Age band", "Client type", "Main substance"],
                ["HR-101", "Male", "18–25", "in recovery", "alcohol"],
                ["Subtotal (caseload A)", None, None, None, None],
                ["HR-103", "M", "36–50", "family member", None],
                ["Total", 2, None, None, None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["people"]["user_code"].tolist() == ["HR101", "HR103"]


def test_a_subtotal_counting_the_people_above_it_is_no_person(workspace, tmp_path):
    path = workbook(
        tmp_path / "deltakere_oktober_2026.xlsx",
        {
            "Deltakere": [
                ["Kode", "Kjønn", "Alder", "Type", "Rusmiddel"],
                ["KO-11", "mann", "26-35", "deltaker", "alkohol"],
                ["KO-12", "kvinne", "36-50", "pårørende", None],
                ["Sum veileder A", None, None, None, None],
                ["KO-21", "kvinne", "51-64", "deltaker", "pengespill"],
                ["Sum veileder B", 1, None, None, None],
                ["Totalt", 3, None, None, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.problems == []
    assert sub.tables["people"]["user_code"].tolist() == ["KO11", "KO12", "KO21"]


def test_a_row_naming_the_week_of_the_rows_under_it_is_no_row_of_data(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [
            ["1. teden", None, None, None],
            ["SKM-0120", date(2025, 5, 6), "Individualno svetovanje", 1],
            ["Skupaj 1. teden", None, None, 1],
            ["Teden 2", None, None, None],
            ["SKM-0121", date(2025, 5, 13), "Individualno svetovanje", 1.5],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert sub.tables["counselling"]["hours"].tolist() == [1, 1.5]


def test_a_header_written_on_two_lines_of_its_cell_is_named_on_one(workspace, tmp_path):
    path = workbook(
        tmp_path / "skupine_maj_2025.xlsx",
        {
            "Maj": [
                ["Datum", "Vrsta\naktivnosti", "Število\nudeležencev"],
                [date(2025, 5, 6), None, 8],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.errors] == [("value_required", "Vrsta aktivnosti")]


def test_a_header_saying_only_how_many_is_not_taken_for_the_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "savjetovanje_maj_2025.xlsx",
        {
            "Maj": [
                ["Datum", "Šifra korisnika", "Vrsta", "Broj"],
                [date(2025, 5, 5), "K-1", "individualno", 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert ("unknown_column", "Broj") in [(p.rule, p.column) for p in sub.errors]
    assert "hours" not in sub.tables.get("counselling", {})


def test_a_column_of_minutes_alone_gives_a_meetings_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupper_mai_2025.xlsx",
        {
            "Mai": [
                ["Dato", "Aktivitet", "Antall deltakere", "Minutter"],
                [date(2025, 5, 7), "Ettervernsgruppe", 9, 90],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [1.5]


def test_a_time_of_day_is_never_taken_for_the_hours_however_close_its_header(workspace, tmp_path):
    path = workbook(
        tmp_path / "spotkania_maj_2025.xlsx",
        {
            "Maj": [
                ["Data", "Godz.", "Rodzaj spotkania", "Liczba uczestników", "Czas trwania"],
                [date(2025, 5, 6), "18:00", "Mityng AA", 14, "1,5"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Godz.")]
    assert list(sub.tables["groups"]["hours"]) == [1.5]


def test_slovene_ur_and_a_bare_h_are_headers_of_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "izobrazevanja_junij_2025.xlsx",
        {
            "Izobraževanja": [
                ["Datum", "Naslov", "Za koga", "Ur", "Št. udeležencev"],
                [date(2025, 6, 12), "Preprečevanje recidiva", "uporabniki", 3, 12],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["trainings"]["hours"]) == [3]


@pytest.mark.parametrize("header", ["Month", "Skupina", "Rezultat"])
def test_a_header_of_one_weak_or_unread_word_is_no_near_match_of_a_column(header):
    people, housing = vocabulary().tables["people"], vocabulary().tables["housing"]
    assert people.match_header(header).column is None
    assert housing.match_header(header).column is None


@pytest.mark.parametrize(
    "header", ["Procenat prisutnih", "Odstotek prisotnih", "% present", "Attendance rate"]
)
def test_a_header_of_a_share_or_percentage_is_never_a_count_column(header):
    for table in ("groups", "trainings"):
        assert vocabulary().tables[table].match_header(header).column is None


def test_a_percentage_beside_the_count_it_is_worked_out_from_is_left_unread(workspace, tmp_path):
    # "% prisutnih" (0.8 is 80 %) says "prisutnih" as a count's header does: the count is read
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Broj učesnika", "Sati", "% prisutnih"],
                [date(2026, 10, 7), "Grupa podrške", 12, 2, 0.8],
                [date(2026, 10, 14), "Grupa podrške", 10, 2, 1],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "% prisutnih")]
    assert sub.tables["groups"]["participants"].tolist() == [12, 10]


def test_a_course_of_several_days_is_dated_by_its_first_and_its_last_day_left_unread(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "izobrazevanja_junij_2025.xlsx",
        {
            "Izobraževanja": [
                ["Datum od", "Datum do", "Naslov", "Ciljna skupina", "Ure", "Udeleženci"],
                [date(2025, 6, 12), date(2025, 6, 13), "Vikend delavnica", "svojci", 12, 9],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Datum do")]
    assert list(sub.tables["trainings"]["held_on"]) == [date(2025, 6, 12)]


@pytest.mark.parametrize("dated", ["Data", "Termin"])
def test_a_course_dated_under_a_header_over_from_and_to_is_dated_by_its_first_day(
    workspace, tmp_path, dated
):
    path = workbook(
        tmp_path / "szkolenia_pazdziernik_2026.xlsx",
        {
            "Szkolenia": [
                [dated, None, "Temat szkolenia", "Dla kogo", "Godziny", "Liczba uczestników"],
                ["od", "do", None, None, None, None],
                ["10.10.2026", "11.10.2026", "Szkolenie dla wolontariuszy", "wolontariusze", 8, 8],
                ["17.10.2026", None, "Warsztat dla rodzin", "rodziny", 4, 9],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("column_ignored", 1, f"{dated} do")
    ]
    trainings = sub.tables["trainings"]
    assert list(trainings["held_on"]) == [date(2026, 10, 10), date(2026, 10, 17)]
    assert list(trainings["sheet_row"]) == [3, 4]


def test_start_and_end_days_of_a_course_give_its_date_and_still_ask_for_its_hours(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "trainings_june_2025.xlsx",
        {
            "Trainings": [
                ["Start", "End", "Title", "Audience", "Participants"],
                [date(2025, 6, 12), date(2025, 6, 13), "Weekend workshop", "relatives", 9],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Ure")]
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "End")]
    assert list(sub.tables["trainings"]["held_on"]) == [date(2025, 6, 12)]


CALLS = [
    ["Datum", "Trajanje (min)", "Šifra pozivaoca", "Tema razgovora"],
    [date(2025, 5, 2), 20, "K-101", "alkohol, savjet"],
    [date(2025, 5, 2), 40, "anonimno", "kockanje"],
    [date(2025, 5, 9), 30, None, "informacije o grupi"],
]


def test_anonymous_calls_to_a_helpline_count_their_hours_and_name_no_person(workspace, tmp_path):
    path = workbook(tmp_path / "linija_maj_2025.xlsx", {"Pozivi": CALLS})
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Tema razgovora")]
    calls = sub.tables["counselling"]
    assert list(calls["session_kind"]) == ["phone"] * 3
    assert calls["user_code"].isna().tolist() == [False, True, True]
    assert calls["hours"].sum() == 1.5


# a helpline's log of calls with a topic column, named for its calls by its sheet or its file
HELPLINE_LOGS = {
    "bs": (
        "oporavak-ba",
        "SOS linija oktobar 2026.xlsx",
        "Pozivi",
        ["Datum", "Vrijeme poziva", "Trajanje razgovora (min)", "Pozivalac", "Tema"],
    ),
    "sl": (
        "most-si",
        "SOS telefon oktober 2026.xlsx",
        "Klici",
        ["Datum", "Ura klica", "Trajanje (min)", "Klicatelj", "Tema"],
    ),
    "pl": (
        "klub-pl",
        "telefon zaufania pazdziernik 2026.xlsx",
        "Rozmowy",
        ["Data", "Godzina", "Czas rozmowy (min)", "Rozmówca", "Temat"],
    ),
    # "Samtaler" names counselling as a whole: the file's name says which kind
    "no": (
        "endring-no",
        "hjelpetelefon oktober 2026.xlsx",
        "Samtaler",
        ["Dato", "Klokkeslett", "Varighet (min)", "Innringer", "Tema"],
    ),
    "en": (
        "endring-no",
        "october 2026.xlsx",
        "Helpline calls",
        ["Date", "Time of call", "Length of call (min)", "Caller", "Topic"],
    ),
}


@pytest.mark.parametrize("language", HELPLINE_LOGS)
def test_a_helplines_calls_with_a_topic_column_are_calls_not_meetings(
    workspace, tmp_path, language
):
    # a meeting has a topic too, but a call log names nobody who came: its calls count
    partner, file_name, sheet, header = HELPLINE_LOGS[language]
    writing_in(workspace, partner, language)
    rows = [
        [date(2026, 10, 3), time(21, 15), 25, "korisnik", "krizna situacija"],
        [date(2026, 10, 4), time(22, 40), 20, "član porodice", "informacije"],
    ]
    sub = read(workspace, workbook(tmp_path / file_name, {sheet: [header, *rows]}), partner)
    assert sub.errors == []
    assert list(sub.tables) == ["counselling"]
    calls = sub.tables["counselling"]
    assert list(calls["session_kind"]) == ["phone", "phone"]
    assert calls["user_code"].isna().all() and calls["hours"].sum() == 0.75


def test_anonymous_calls_count_among_sessions_and_hours_but_not_among_people(workspace, tmp_path):
    deliver(
        workspace,
        "oporavak-ba",
        workbook(tmp_path / "linija_maj_2025.xlsx", {"Pozivi": CALLS}),
        "2025-06-03T10:00:00+02:00",
    )
    run_intake(workspace)
    with warehouse.connect(workspace / "warehouse.duckdb") as con:
        build_models(con)
        figures = headline_figures(con, "2025-05", "2025-05", partner="oporavak-ba")
    assert figures["counselling_sessions"] == 3
    assert figures["counselling_hours"] == 1.5
    assert figures["counselling_people_distinct"] == 1


def test_a_session_that_is_no_call_still_needs_its_clients_code(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_maj_2025.xlsx",
        [["anonimno", date(2025, 5, 5), "Individualno svetovanje", 1]],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [("value_required", 2)]


REGISTER_DAYS = [date(2025, 5, 6), date(2025, 5, 13), date(2025, 5, 20), date(2025, 5, 27)]


def register(path, people, *, title="Lista obecności – Klub Abstynenta, maj 2025, 18:00–19:30"):
    return workbook(
        path,
        {"Lista obecności": [[title], [], ["Kod uczestnika", *REGISTER_DAYS], *people]},
    )


def test_an_attendance_register_gives_a_meeting_a_day_with_the_marks_as_participants(
    workspace, tmp_path
):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [
            ["KA-01", "x", "x", None, "x"],
            ["KA-02", "x", None, "x", "nieobecny"],
            ["KA-03", None, "x", "x", "✓"],
            ["Razem", 2, 2, 2, 2],
        ],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    meetings = sub.tables["groups"]
    assert list(meetings["held_on"]) == REGISTER_DAYS
    assert list(meetings["participants"]) == [2, 2, 2, 2]
    assert list(meetings["hours"]) == [1.5] * 4  # the time of day its title gives
    assert set(meetings["activity_kind"]) == {"support_group"}
    assert "KA-01" not in meetings.to_string()


def test_a_registers_total_that_is_not_its_marks_is_told_and_the_marks_counted(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [
            ["KA-01", "x", "x", None, "x"],
            ["KA-02", "x", None, "x", "x"],
            ["Razem", 2, 2, 1, "2"],
        ],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("totals_disagree", 6, "13 maj 2025")
    ]
    assert list(sub.tables["groups"]["participants"]) == [2, 1, 1, 2]


def test_a_day_of_a_register_nobody_came_to_is_named_and_not_counted(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["KA-01", "x", "x", None, "x"], ["KA-02", "x", None, None, 1]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("row_cancelled", 3, "20 maj 2025")
    ]
    assert len(sub.tables["groups"]) == 3


def test_a_register_marked_with_the_partners_letter_for_absent_counts_nobody_that_day(
    workspace, tmp_path
):
    days = [date(2026, 10, 7), date(2026, 10, 14), date(2026, 10, 21)]
    path = workbook(
        tmp_path / "oppmote_ettervern_okt_2026.xlsx",
        {
            "Ettervern okt": [
                ["Oppmøte ettervernsgruppe oktober 2026 (onsdager kl. 17.30–19.00)"],
                ["Kode", *days],
                ["DE01", "x", "x", "F"],
                ["DE02", "x", "F", "F"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    # F is fravær (absent): on 21 October nobody came, and that meeting is not counted
    assert [(p.rule, p.column) for p in sub.problems] == [("row_cancelled", "21. okt. 2026")]
    meetings = sub.tables["groups"]
    assert list(meetings["participants"]) == [2, 1]
    assert list(meetings["hours"]) == [1.5, 1.5]


def test_a_register_mark_saying_neither_present_nor_absent_is_named_and_not_counted(
    workspace, tmp_path
):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["KA-01", "x", "x", "x", "x"], ["KA-02", "x", "x", "?", "x"]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("register_mark_unknown", 5, "20 maj 2025")
    ]
    assert list(sub.tables["groups"]["participants"]) == [2, 2, 1, 2]


# a group's register in each language: partner, title, the header of its codes, present, absent
REGISTERS = {
    "en": ("endring-no", "SMART Recovery meeting – Tuesdays 18:00-19:30", "Client ref", "P", "A"),
    "sl": ("endring-no", "Podporna skupina – torki 18:00–19:30", "Šifra", "x", "odsoten"),
    "bs": ("oporavak-ba", "Grupa podrške – utorkom 18:00–19:30", "Šifra", "x", "ne"),
    "pl": ("klub-pl", "Lista obecności – Klub Abstynenta, 18:00–19:30", "Kod", "x", "nb"),
    "no": ("endring-no", "Oppmøte ettervernsgruppe (tirsdager kl. 18.00–19.30)", "Kode", "x", "F"),
}
SEPTEMBER_DAYS = [date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15)]


@pytest.mark.parametrize(
    ("language", "late"),
    [
        ("en", "L"),
        ("en", "late"),
        ("sl", "zamuda"),
        ("sl", "z zamudo"),
        ("bs", "kasnio"),
        ("bs", "zakasnila"),
        ("pl", "sp"),
        ("pl", "spóźniony"),
        ("no", "sent"),
        ("no", "kom for sent"),
    ],
)
def test_a_register_mark_for_late_in_the_partners_language_counts_the_person_present(
    workspace, tmp_path, language, late
):
    partner, title, code, present, absent = REGISTERS[language]
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "register_2026-09.xlsx",
        {
            "Register": [
                [title],
                [],
                [code, *SEPTEMBER_DAYS],
                ["HR-012", present, late, present],
                ["HR-015", late, absent, present],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.problems == []
    # who came late was there: 2 on the 1st, 1 on the 8th, 2 on the 15th
    assert list(sub.tables["groups"]["participants"]) == [2, 1, 2]


def test_a_letter_for_late_in_another_language_is_named_and_not_counted(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["KA-01", "x", "sp", "x", "x"], ["KA-02", "x", "x", "L", "x"]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    # "sp" is spóźniony (late), there; an English "L" may be the Polish L4, sick leave
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("register_mark_unknown", 5, "20 maj 2025")
    ]
    assert list(sub.tables["groups"]["participants"]) == [2, 2, 1, 2]


@pytest.mark.parametrize("mark", ["x", "X", "✓", 1, "+", "tak", "P", "17:35", time(17, 35)])
def test_a_register_mark_of_presence_counts_the_person(workspace, tmp_path, mark):
    path = register(tmp_path / "obecnosci_maj_2025.xlsx", [["KA-01", "x", mark, "x", "x"]])
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [1, 1, 1, 1]


def grid(path, corner, present, absent):
    """Two people's marks under three meetings' dates, as staff type them: `corner` above the
    codes (a title, or nothing), no title above the grid."""
    return workbook(
        path,
        {
            "List1": [
                [corner, *SEPTEMBER_DAYS],
                ["HR-012", present, present, absent],
                ["HR-015", present, absent, present],
            ]
        },
    )


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [("en", "T", "F"), ("en", "P", "A"), ("bs", "D", "N"), ("no", "J", "N"), ("pl", "x", None)],
)
def test_a_grid_of_marks_under_dates_with_a_blank_corner_is_read_as_a_register(
    workspace, tmp_path, language, present, absent
):
    partner = REGISTERS[language][0]
    writing_in(workspace, partner, language)
    path = grid(tmp_path / "register_2026-09.xlsx", None, present, absent)
    sub = read(workspace, path, partner, validate=True)
    # codes down, dates across, one pair of letters: 2 on the 1st, 1 on the 8th, 1 on the 15th
    assert list(sub.tables) == ["groups"]
    assert list(sub.tables["groups"]["participants"]) == [2, 1, 1]
    assert sub.status == "accepted_with_warnings"  # no title to give its kind and hours


def test_a_grid_of_marks_with_a_blank_corner_is_read_as_with_a_title_in_it(workspace, tmp_path):
    blank = read(
        workspace, grid(tmp_path / "a" / "register_2026-09.xlsx", None, "x", None), "klub-pl"
    )
    titled = read(
        workspace, grid(tmp_path / "b" / "register_2026-09.xlsx", "Klub", "x", None), "klub-pl"
    )
    assert blank.tables["groups"][["held_on", "participants"]].equals(
        titled.tables["groups"][["held_on", "participants"]]
    )


def test_a_grid_with_a_blank_corner_and_a_mark_it_does_not_know_is_no_register(workspace, tmp_path):
    path = grid(tmp_path / "register_2026-09.xlsx", None, "x", "?")
    sub = read(workspace, path, "klub-pl")
    # nothing heads the codes and "?" says neither present nor absent: its shape is unclear
    assert "groups" not in sub.tables
    assert [p.rule for p in sub.errors] == ["no_table_found"]


def test_da_and_ne_letters_of_a_register_mark_present_and_absent(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["KA-01", "D", "D", "N", "D"], ["KA-02", "D", "N", "D", "d"]],
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [2, 1, 1, 2]


def test_a_d_among_letters_of_another_pair_is_named_and_not_counted(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["KA-01", "P", "P", "A", "P"], ["KA-02", "P", "A", "D", "P"]],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    # "D" is no letter of P/A: it says nothing sure, as in a register of any letters
    assert [(p.rule, p.row, p.column) for p in sub.problems] == [
        ("register_mark_unknown", 5, "20 maj 2025"),
        ("row_cancelled", 3, "20 maj 2025"),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Lista obecności – Grupa dla rodzin, wtorki 17:00–18:30",
        "Lista obecności – Grupa wsparcia dla rodzin, wtorki 17:00–18:30",
        "Lista obecności – spotkanie dla rodzin, wtorki 17:00–18:30",
    ],
)
@pytest.mark.parametrize(("present", "absent"), [("x", "nb"), (1, 0)])
def test_a_register_titled_for_a_group_of_relatives_counts_who_came_not_sessions(
    workspace, tmp_path, title, present, absent
):
    path = register(
        tmp_path / "lista_obecnosci_pazdziernik_2026.xlsx",
        [["KR/041", present, present, absent, present], ["KR/071", present, None, None, absent]],
        title=title,
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert list(sub.tables) == ["groups"]
    meetings = sub.tables["groups"]
    assert list(meetings["participants"]) == [2, 1, 1]
    assert set(meetings["activity_kind"]) == {"support_group"}


def test_a_register_of_names_is_refused_for_personal_data(workspace, tmp_path):
    path = register(
        tmp_path / "obecnosci_maj_2025.xlsx",
        [["Jan Kowalski", "x", "x", "x", "x"], ["KA-02", "x", "x", "x", "x"]],
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.row) for p in sub.errors] == [("personal_data_name", 4)]


def test_a_register_of_each_clients_hours_day_by_day_gives_their_sessions(workspace, tmp_path):
    path = register(
        tmp_path / "porady_maj_2025.xlsx",
        [["KA-01", 1.5, 1, None, 2], ["KA-02", 1, None, "1:30", None], ["Razem", 2.5, 1, 1.5, 2]],
        title="Porady indywidualne – maj 2025",
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    sessions = sub.tables["counselling"]
    assert list(sessions["sheet_row"]) == [4, 4, 4, 5, 5]
    assert list(sessions["session_on"]) == [
        date(2025, 5, 6),
        date(2025, 5, 13),
        date(2025, 5, 27),
        date(2025, 5, 6),
        date(2025, 5, 20),
    ]
    assert list(sessions["hours"]) == [1.5, 1, 2, 1, 1.5]
    assert set(sessions["session_kind"]) == {"individual"}


@pytest.mark.parametrize(
    ("partner", "language", "header"),
    [
        ("most-si", "sl", ["Šifra uporabnika", "1.10.", "2.10.", "8.10.", "15.10.", "Skupaj ur"]),
        ("klub-pl", "pl", ["Kod klienta", "1.10.", "2.10.", "8.10.", "15.10.", "Razem godzin"]),
        ("most-si", "en", ["Client ID", "1 Oct", "2 Oct", "8 Oct", "15 Oct", "Total hours"]),
    ],
)
def test_a_register_of_hours_with_each_clients_total_beside_the_days_gives_their_sessions(
    workspace, tmp_path, partner, language, header
):
    # the total of hours beside the days made it look like a table of rows without dates
    writing_in(workspace, partner, language)
    path = workbook(
        tmp_path / "svetovanja_2026_10.xlsx",
        {
            "Sheet1": [
                header,
                ["AB-01", 1, None, 1, None, 2],
                ["AB-02", None, 1.5, None, 1, 2.5],
            ]
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert list(sessions["user_code"]) == ["AB01", "AB01", "AB02", "AB02"]
    assert [d.day for d in sessions["session_on"]] == [1, 8, 2, 15]
    assert list(sessions["hours"]) == [1, 1, 1.5, 1]


def test_a_clients_hours_rising_day_by_day_after_a_blank_row_stay_their_sessions(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "porady_maj_2025.xlsx",
        {
            "Porady": [
                ["Porady indywidualne – maj 2025"],
                ["Kod klienta", 6, 13, 20, 27],
                ["KA-01", 1.5, None, 1, None],
                [],
                # 1 and 2 read as days of May, yet the rows above are hours: no register's header
                ["KA-02", 1, 2, None, None],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert list(sessions["sheet_row"]) == [3, 3, 5, 5]
    assert list(sessions["hours"]) == [1.5, 1, 1, 2]


def test_a_header_repeated_down_a_long_list_is_named_and_not_read_as_data(workspace, tmp_path):
    header = ["Datum", "Šifra uporabnika", "Vrsta", "Ure"]
    path = workbook(
        tmp_path / "svetovanje_maj_2025.xlsx",
        {
            "Svetovanje": [
                header,
                [date(2025, 5, 5), "MO-1", "individualno", 1],
                header,
                [date(2025, 5, 7), "MO-3", "individualno", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.problems] == [("header_repeated", 3)]
    assert list(sub.tables["counselling"]["sheet_row"]) == [2, 4]


def test_a_register_headed_by_days_of_the_files_month_dates_its_meetings(workspace, tmp_path):
    path = workbook(
        tmp_path / "evidencija_maj_2025.xlsx",
        {
            "Grupa podrške": [
                ["Šifra", 6, 13, 20],
                ["GP-1", "x", "x", "x"],
                ["GP-2", None, "x", "x"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    # no time of day anywhere: the meetings' hours are not counted, and the partner is told
    assert [(p.rule, p.row) for p in sub.problems] == [("register_without_hours", 1)]
    meetings = sub.tables["groups"]
    assert list(meetings["held_on"]) == [date(2025, 5, 6), date(2025, 5, 13), date(2025, 5, 20)]
    assert list(meetings["participants"]) == [1, 2, 2]


def test_a_register_of_ones_named_for_counselling_counts_hours_not_who_came(workspace, tmp_path):
    path = workbook(
        tmp_path / "porady_maj_2025.xlsx",
        {"Porady": [["Kod klienta", *REGISTER_DAYS[:2]], ["KA-01", 1, 1], ["KA-02", None, 1]]},
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert list(sub.tables) == ["counselling"]
    assert list(sub.tables["counselling"]["hours"]) == [1, 1, 1]


TRAINING_DAYS = ["6. 10. 2026 Nalokson", "13. 10. 2026 Nalokson", "20. 10. 2026 Relaps"]


def training_register(path, sheet, people, note="Vsako izobraževanje traja 2 uri. ✓ = prisoten."):
    """A register of trainings as a partner's staff keep it: a title, a note, codes down and
    each training's date and title across, ticks under them."""
    header = ["Šifra uporabnika", *TRAINING_DAYS]
    return workbook(path, {sheet: [["Most – evidenca"], [note], header, *people]})


@pytest.mark.parametrize(
    ("file", "sheet"),
    [("evidenca oktober 2026.xlsx", "Izobraževanja"), ("izobraževanja oktober 2026.xlsx", "List1")],
)
def test_a_register_of_trainings_gives_a_training_a_day_titled_by_its_header(
    workspace, tmp_path, file, sheet
):
    path = training_register(
        tmp_path / file,
        sheet,
        [
            ["LJ-07", "✓", "✔", "x"],
            ["LJ-08", "+", None, "✓"],
            ["LJ-09", None, "✓", "✓"],
            ["Skupaj", 2, 2, 3],
        ],
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    trainings = sub.tables["trainings"]
    assert list(trainings["held_on"]) == [date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 20)]
    assert list(trainings["title"]) == ["Nalokson", "Nalokson", "Relaps"]
    assert list(trainings["participants"]) == [2, 2, 3]
    assert list(trainings["hours"]) == [2, 2, 2]  # the note's "2 uri"
    # the codes are the partner's users' ("Šifra uporabnika")
    assert set(trainings["audience"]) == {"users"}
    assert "LJ-07" not in trainings.to_string()


@pytest.mark.parametrize("mark", ["✓", "✔", "x", "+"])
def test_a_tick_in_a_register_of_trainings_counts_the_person(workspace, tmp_path, mark):
    path = training_register(
        tmp_path / "izobraževanja oktober 2026.xlsx", "Izobraževanja", [["LJ-07", mark, mark, mark]]
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert list(sub.tables["trainings"]["participants"]) == [1, 1, 1]


def test_a_register_of_trainings_stating_no_hours_is_refused_saying_so(workspace, tmp_path):
    path = training_register(
        tmp_path / "izobraževanja oktober 2026.xlsx",
        "Izobraževanja",
        [["LJ-07", "x", "x", "x"]],
        note="✓ = prisoten",
    )
    sub = read(workspace, path, "most-si", validate=True)
    # a training's hours are required: said of the register, not of a cell it does not have
    assert [(p.rule, p.row) for p in sub.errors] == [("training_register_without_hours", 3)]


def test_a_registers_title_stating_each_meetings_length_gives_their_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "oppmote_ettervern_okt_2026.xlsx",
        {
            "Ettervern okt": [
                ["Oppmøte ettervernsgruppe oktober 2026, hvert møte 1,5 timer"],
                ["Kode", date(2026, 10, 7), date(2026, 10, 14)],
                ["DE01", "x", "x"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [1.5, 1.5]


def test_an_english_monthly_return_in_its_own_words_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "monthly_return_may_2025.xlsx",
        {
            "1-1 support": [
                ["Date", "Client ID", "Type of support", "Duration (mins)"],
                [date(2025, 5, 2), "EN-001", "Key work session", 60],
                [date(2025, 5, 9), "EN-001", "Phone check-in", 15],
            ],
            "Groups": [
                ["Date", "Session", "No. attending", "Length"],
                [date(2025, 5, 6), "SMART Recovery", 6, "1.5 hrs"],
            ],
            "Clients": [
                ["ID", "Gender", "Age group", "Client type", "Primary drug"],
                ["EN-001", "M", "36-45", "Service user", "Alcohol"],
            ],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["session_kind"]) == ["individual", "phone"]
    assert list(sub.tables["groups"]["activity_kind"]) == ["support_group"]
    assert list(sub.tables["groups"]["hours"]) == [1.5]
    assert list(sub.tables["people"]["main_addiction"]) == ["alcohol"]


def test_a_session_column_says_the_kind_of_a_counselling_session_too(workspace, tmp_path):
    path = workbook(
        tmp_path / "sessions_may_2025.xlsx",
        {
            "Sheet1": [
                ["Date", "Client ID", "Session", "Hours"],
                [date(2025, 5, 2), "EN-001", "Individual", 1],
                [date(2025, 5, 3), "EN-002", "Family", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    assert list(sub.tables["counselling"]["session_kind"]) == ["individual", "family"]


def porady_pl(path, total_hours):
    return text_file(
        path,
        [
            ["Lp.", "Data porady", "Kod klienta", "Rodzaj porady", "Czas (godz.)"],
            ["1", "05.10.2026", "KA-017", "porada indywidualna", "1,5"],
            ["2", "12.10.2026", "KA-021", "konsultacja rodzinna", "2"],
            ["3", "19.10.2026", "KA-017", "porada indywidualna", "1"],
            ["", "Razem", "", "", total_hours],
        ],
        encoding="cp1250",
    )


def test_a_totals_row_that_agrees_with_its_rows_is_left_unsaid(workspace, tmp_path):
    sub = read(workspace, porady_pl(tmp_path / "porady_10_2026.csv", "4,5"), "klub-pl")
    assert "totals_disagree" not in {p.rule for p in sub.problems}
    assert sub.tables["counselling"]["hours"].sum() == 4.5


def test_a_totals_row_that_disagrees_with_its_rows_is_told_and_the_rows_counted(
    workspace, tmp_path
):
    sub = read(workspace, porady_pl(tmp_path / "porady_10_2026.csv", "5,5"), "klub-pl")
    [told] = [p for p in sub.warnings if p.rule == "totals_disagree"]
    assert (told.row, told.column) == (5, "Czas (godz.)")
    assert "policzono wiersze, nie sumę" in problem_text(told, "pl")
    assert sub.tables["counselling"]["hours"].sum() == 4.5


def test_week_subtotals_and_a_grand_total_in_minutes_agree_with_their_rows(workspace, tmp_path):
    path = workbook(
        tmp_path / "oppmote_oktober_2026.xlsx",
        {
            "Oktober": [
                ["Dato", "Aktivitet", "Til stede", "Varighet (min)"],
                ["onsdag 7. oktober", "Samtalegruppe", 9, 90],
                ["fredag 9. oktober", "Samtalegruppe", 6, 60],
                ["Sum uke 41", None, 15, 150],
                ["onsdag 14. oktober", "Samtalegruppe", 8, 90],
                ["Sum uke 42", None, 8, 90],
                ["Totalt", None, 23, 240],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert "totals_disagree" not in {p.rule for p in sub.problems}
    groups = sub.tables["groups"]
    assert (len(groups), groups["hours"].sum(), groups["participants"].sum()) == (3, 4.0, 23)


def test_a_date_with_its_month_in_words_and_no_year_takes_the_files_year(workspace, tmp_path):
    path = workbook(
        tmp_path / "oppmote_oktober_2026.xlsx",
        {
            "Oktober": [
                ["Dato", "Aktivitet", "Til stede", "Timer", "Digitalt (Teams)?"],
                ["onsdag 7. oktober", "Samtalegruppe", 9, 1.5, "nei"],
                ["14. okt.", "Samtalegruppe", 8, 1.5, "ja"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert [str(d)[:10] for d in sub.tables["groups"]["held_on"]] == ["2026-10-07", "2026-10-14"]
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Digitalt (Teams)?")]


def test_a_header_less_a_word_that_carries_meaning_is_not_that_header():
    tables = vocabulary().tables
    assert tables["trainings"].match_header("Session").column is None  # not "Session length"
    assert tables["groups"].match_header("Session").column == "activity_kind"
    assert tables["groups"].match_header("Attending").column == "participants"


def test_an_english_activity_log_with_sessions_in_minutes_and_a_venue_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "activity_log_oct26.xlsx",
        {
            "Activity log": [
                ["Activity log", None, None, "Month: October 2026"],
                ["Date", "Session", "Facilitator", "No. attending", "Length (mins)", "Venue"],
                ["Mon 5th Oct", "SMART Recovery meeting", "staff", 8, 90, "Café"],
                ["Sat 10th Oct", "Group walk – Pennine Way", "staff", 11, 240, "Outdoors"],
                ["Mon 19th Oct", "SMART Recovery meeting", "cancelled", None, None, "Café"],
                ["TOTAL", None, None, 19, 330, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert sorted((p.rule, p.column) for p in sub.warnings) == [
        ("column_ignored", "Facilitator"),
        ("column_ignored", "Venue"),
        ("row_cancelled", None),
    ]
    groups = sub.tables["groups"]
    assert list(groups["activity_kind"]) == ["support_group", "social_outing"]
    assert (groups["hours"].sum(), groups["participants"].sum()) == (5.5, 19)


def test_slovene_exits_written_as_discharges_completed_or_broken_off_are_the_exits(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "bivanje_oktober_2026.xlsx",
        {
            "Nastanitve": [
                ["Bivanjska skupnost", "Št. mest", "Št. stanovalcev", "Sprejemi"]
                + ["Odpusti - zaključek", "Odpusti - prekinitev", "Nočitve"],
                ["BS-LJ1", 4, 4, 1, 0, 0, 118],
                ["BS-MB", 5, 5, 0, 1, 1, 150],
                ["SKUPAJ", 9, 9, 1, 1, 1, 268],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert (housing["exits_planned"].sum(), housing["exits_unplanned"].sum()) == (1, 1)


def test_polish_meetings_named_under_spotkanie_are_classified_an_outing_among_them(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Spotkanie", "Liczba obecnych", "Czas trwania"],
                [date(2026, 10, 3), "Mityng AA", 14, "1,5 godz."],
                [date(2026, 10, 17), "Klub – spotkanie integracyjne (kręgle)", 21, "3 godz."],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert list(sub.tables["groups"]["activity_kind"]) == ["support_group", "social_outing"]


def svetovanje_log(path, months):
    rows = [["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]]
    for month in months:
        rows.append(["SKM-0417", date(2026, month, 3), "Individualno svetovanje", 1])
        rows.append(["SKM-0399", date(2026, month, 10), "Svetovanje po telefonu", 0.5])
    return workbook(path, {"Evidenca": rows})


def test_a_log_kept_over_the_year_gives_its_months_rows_and_leaves_the_earlier_ones_said(
    workspace, tmp_path
):
    path = svetovanje_log(tmp_path / "svetovanje_oktober_2026.xlsx", (8, 9, 10))
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    [told] = sub.warnings
    assert (told.rule, told.sheet, told.row) == ("rows_of_earlier_months", "Evidenca", 2)
    assert (told.params["months"], told.params["in_rows"]) == ("2026-08, 2026-09", 4)
    assert "prebrali smo le vrstice meseca 2026-10" in problem_text(told, "sl")
    counselling = sub.tables["counselling"]
    assert (list(counselling["sheet_row"]), counselling["hours"].sum()) == ([6, 7], 1.5)


def test_a_log_kept_over_the_year_that_names_no_month_reports_the_last_month_over_on_arrival(
    workspace, tmp_path
):
    path = svetovanje_log(tmp_path / "evidenca_svetovanj.xlsx", (8, 9, 10, 11))
    received = datetime(2026, 11, 4, 9, tzinfo=UTC)
    sub = read(workspace, path, "most-si", received=received, validate=True)
    assert (sub.period, sub.errors) == ("2026-10", [])
    assert [(p.rule, p.row, p.params["months"]) for p in sub.warnings] == [
        ("rows_of_earlier_months", 2, "2026-08, 2026-09"),
        ("rows_of_month_under_way", 8, "2026-11"),
    ]
    assert list(sub.tables["counselling"]["sheet_row"]) == [6, 7]


def test_a_workbook_named_for_two_months_a_sheet_each_is_refused_asking_for_a_file_per_month(
    workspace, tmp_path
):
    # November was never sent: counting the file as October would leave it unread as sent
    path = tmp_path / "MOST porocilo 2026 oktober november.xlsx"
    header = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
    workbook(
        path,
        {
            name: [header, ["SKM-0417", date(2026, month, 3), "Individualno svetovanje", 1]]
            for month, name in ((10, "oktober"), (11, "november"))
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    [refused] = sub.errors
    assert (refused.rule, refused.params["months"]) == ("months_in_one_file", "2026-10, 2026-11")
    assert "vsak mesec pošljite v svoji datoteki" in problem_text(refused, "sl").lower()
    assert not [p for p in sub.warnings if p.rule == "sheet_of_another_month"]


def test_a_sheet_of_two_months_rows_in_a_file_named_for_both_is_refused(workspace, tmp_path):
    path = workbook(
        tmp_path / "Bridge report October and November 2026.xlsx",
        {
            "Sessions": [
                ["Client code", "Date", "Service", "Hours"],
                ["SKM-0417", date(2026, 10, 5), "Individual counselling", 1],
                ["SKM-0399", date(2026, 10, 12), "Individual counselling", 1],
                ["SKM-0417", date(2026, 10, 19), "Individual counselling", 1],
                ["SKM-0399", date(2026, 11, 2), "Individual counselling", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.params["months"]) for p in sub.errors] == [
        ("months_in_one_file", "2026-10, 2026-11")
    ]
    assert "send each month in a file of its own" in problem_text(sub.errors[0], "en").lower()
    assert not [p for p in sub.warnings if p.rule == "rows_of_earlier_months"]


def test_a_text_file_named_for_two_months_in_numbers_with_rows_of_both_is_refused(
    workspace, tmp_path
):
    path = text_file(
        tmp_path / "porady_10_11_2026.csv",
        [
            ["Kod klienta", "Data", "Rodzaj porady", "Liczba godzin"],
            ["KA-001", "05.10.2026", "Porada indywidualna", "1"],
            ["KA-002", "04.11.2026", "Porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [p.rule for p in sub.errors] == ["months_in_one_file"]


def test_a_correction_naming_the_month_it_was_made_in_all_its_rows_of_one_month_is_read(
    workspace, tmp_path
):
    path = svetovanje_log(tmp_path / "Svetovanja oktober 2026 popravek poslan novembra.xlsx", (10,))
    sub = read(workspace, path, "most-si", validate=True)
    assert (sub.period, sub.errors) == ("2026-10", [])
    assert len(sub.tables["counselling"]) == 2


def test_a_file_named_for_two_months_all_its_rows_of_the_first_reports_that_month(
    workspace, tmp_path
):
    path = svetovanje_log(tmp_path / "porocilo oktober november 2026 samo oktober.xlsx", (10,))
    sub = read(workspace, path, "most-si", validate=True)
    assert (sub.period, sub.errors) == ("2026-10", [])
    assert len(sub.tables["counselling"]) == 2


def test_an_english_file_named_for_two_months_all_its_rows_of_one_reports_that_month(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "Bridge report October-November 2026.xlsx",
        {
            "Sessions": [
                ["Client code", "Date", "Service", "Hours"],
                ["SKM-0417", date(2026, 10, 5), "Individual counselling", 1],
                ["SKM-0399", date(2026, 10, 12), "Individual counselling", 1],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert (sub.period, sub.errors) == ("2026-10", [])


def test_a_file_named_for_a_month_all_its_rows_of_another_says_both_months_once(
    workspace, tmp_path
):
    # named September, every session of October: one error naming both, not one a row
    path = svetovanje_log(tmp_path / "svetovanje september 2026.xlsx", (10,))
    sub = read(workspace, path, "most-si", validate=True)
    assert [p.rule for p in sub.errors] == ["period_mismatch"]
    assert "2026-09 (ime datoteke), 2026-10 (datumi vrstic)" in problem_text(sub.errors[0], "sl")


def test_a_file_named_for_two_months_all_its_rows_of_a_third_is_still_refused(workspace, tmp_path):
    path = svetovanje_log(tmp_path / "porocilo oktober november 2026.xlsx", (9,))
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.period == "2026-11"
    assert [(p.rule, p.params["periods"]) for p in sub.errors] == [
        ("period_mismatch", "2026-11 (ime datoteke), 2026-09 (datumi vrstic)")
    ]


@pytest.mark.parametrize(
    ("name", "months"),
    [
        ("Poročilo januar - oktober 2026.xlsx", (1, 10)),
        ("Poročilo od januarja do oktobra 2026.xlsx", (1, 10)),
        ("izvjestaj januar-oktobar 2026.xlsx", (1, 10)),
        ("raport styczeń – październik 2026.xlsx", (1, 10)),
        ("rapport januar til oktober 2026.xlsx", (1, 10)),
        ("report January to October 2026.xlsx", (1, 10)),
        ("Report_Jan-Oct_2026.xlsx", (1, 10)),
        ("porocilo oktober in november 2026.xlsx", None),
        ("porocilo oktober, november 2026.xlsx", None),
        ("porocilo_oktober_november_2026.xlsx", None),
        ("Svetovanja oktober 2026 - popravek novembra.xlsx", None),
        ("porocilo 10-11 2026.xlsx", None),
    ],
)
def test_two_months_joined_by_a_dash_or_a_word_of_a_range_are_a_range_two_listed_are_not(
    name, months
):
    # "10-11" may be two days as well as two months: numbers make no range
    assert range_of_months(name) == months


# a group's meeting a month, in each partner's words: the header, the kind, the months' sheets
MEETINGS_BY_MONTH = {
    "oporavak-ba": (
        ["Datum", "Aktivnost", "Broj učesnika", "Sati"],
        "Grupa podrške",
        ["januar", "februar", "mart", "april", "maj", "juni", "juli", "august", "septembar"]
        + ["oktobar"],
    ),
    "klub-pl": (
        ["Data", "Rodzaj zajęć", "Liczba osób", "Czas trwania"],
        "Mityng AA",
        ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień"]
        + ["wrzesień", "październik"],
    ),
    "endring-no": (
        ["Dato", "Type", "Antall deltakere", "Varighet"],
        "støttegruppe",
        ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september"]
        + ["oktober"],
    ),
}


@pytest.mark.parametrize(
    ("name", "partner"),
    [
        ("izvjestaj januar-oktobar 2026.xlsx", "oporavak-ba"),
        ("raport styczeń – październik 2026.xlsx", "klub-pl"),
        ("rapport januar til oktober 2026.xlsx", "endring-no"),
    ],
)
def test_a_workbook_kept_over_the_year_named_for_its_range_of_months_reports_the_last(
    workspace, tmp_path, name, partner
):
    header, kind, months = MEETINGS_BY_MONTH[partner]
    path = workbook(
        tmp_path / name,
        {
            sheet: [header, [date(2026, month, 7), kind, month, 1.5]]
            for month, sheet in enumerate(months, start=1)
        },
    )
    sub = read(workspace, path, partner, validate=True)
    assert (sub.errors, sub.period) == ([], "2026-10")
    # January to September were sent before, each the month its file's range ended with
    assert [(p.rule, p.sheet) for p in sub.warnings] == [
        ("sheet_of_another_month", sheet) for sheet in months[:9]
    ]
    assert list(sub.tables["groups"]["participants"]) == [10]


def test_a_workbook_named_for_a_range_without_a_sheet_of_its_last_month_is_refused_saying_so(
    workspace, tmp_path
):
    header = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
    months = ["januar", "februar", "marec", "april", "maj", "junij", "julij", "avgust"]
    path = workbook(
        tmp_path / "Poročilo januar - oktober 2026.xlsx",
        {
            sheet: [header, ["SKM-0417", date(2026, month, 3), "Individualno svetovanje", 1]]
            for month, sheet in enumerate([*months, "september"], start=1)
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    # read as it is, the file would count January, sent long before
    [refused] = sub.errors
    assert (refused.rule, refused.params["period"], sub.period) == (
        "month_of_range_without_sheet",
        "2026-10",
        "2026-10",
    )
    assert "noben list ni poimenovan po tem mesecu" in problem_text(refused, "sl")
    assert "januar, februar" in problem_text(refused, "sl")


def test_a_log_kept_over_the_year_named_for_its_range_of_months_reports_the_last(
    workspace, tmp_path
):
    rows = [["Client code", "Date", "Service", "Hours"]]
    rows += [["SKM-0417", date(2026, month, 5), "Individual counselling", 1] for month in (7, 8, 9)]
    rows += [["SKM-0399", date(2026, 10, day), "Individual counselling", 1] for day in (5, 12)]
    path = workbook(tmp_path / "Bridge report July to October 2026.xlsx", {"Sessions": rows})
    sub = read(workspace, path, "most-si", validate=True)
    assert (sub.errors, sub.period) == ([], "2026-10")
    assert [(p.rule, p.row, p.params["months"]) for p in sub.warnings] == [
        ("rows_of_earlier_months", 2, "2026-07, 2026-08, 2026-09")
    ]
    assert list(sub.tables["counselling"]["sheet_row"]) == [5, 6]


def test_rows_of_the_files_month_a_year_back_are_a_year_mistyped_and_named(workspace, tmp_path):
    # last year's dates copied among this month's rows: no log of the months before, so the
    # rows are refused cell by cell, never left out as months sent before
    rows = [
        ["SKM-0417", "1.10.2026", "Individualno svetovanje", 1],
        *(["SKM-0399", f"{day}.10.2025", "Individualno svetovanje", 1] for day in (6, 8, 13)),
        ["SKM-0417", "22.10.2026", "Individualno svetovanje", 1],
    ]
    path = workbook(
        tmp_path / "svetovanje oktober 2026.xlsx",
        {"Svetovanje": [["Šifra uporabnika", "Datum", "Storitev", "Ure"], *rows]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row) for p in sub.errors] == [
        ("date_outside_month", 3),
        ("date_outside_month", 4),
        ("date_outside_month", 5),
    ]
    assert not [p for p in sub.warnings if p.rule == "rows_of_earlier_months"]


def test_a_row_of_the_first_month_of_a_range_is_an_earlier_months_however_few(workspace, tmp_path):
    # the name says October is in the file: its one row is no date mistyped
    path = text_file(
        tmp_path / "porady październik-listopad 2026.csv",
        [
            ["Kod klienta", "Data", "Rodzaj porady", "Liczba godzin"],
            ["KA-001", "05.10.2026", "Porada indywidualna", "1"],
            ["KA-002", "04.11.2026", "Porada indywidualna", "1"],
            ["KA-001", "18.11.2026", "Porada indywidualna", "1"],
        ],
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert (sub.errors, sub.period) == ([], "2026-11")
    assert [(p.rule, p.row, p.params["months"]) for p in sub.warnings] == [
        ("rows_of_earlier_months", 2, "2026-10")
    ]
    assert list(sub.tables["counselling"]["sheet_row"]) == [3, 4]


def test_slovene_hours_merged_over_a_days_sessions_are_an_error_a_date_merged_so_is_not(
    workspace, tmp_path
):
    path = tmp_path / "svetovanja_oktober_2026.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["Datum", "Šifra uporabnika", "Storitev", "Ure svetovanja"])
    sheet.append([date(2026, 10, 5), "SKM-0417", "Individualno svetovanje", 3])
    sheet.append([None, "SKM-0399", "Individualno svetovanje", None])
    sheet.append([None, "SKM-0402", "Individualno svetovanje", None])
    sheet.append([date(2026, 10, 6), "SKM-0417", "Individualno svetovanje", 1])
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("D2:D4")
    wb.save(path)
    [problem] = read(workspace, path, "most-si").errors
    # the date is each session's; 3 hours may be each one's or the three sessions' together
    assert (problem.rule, problem.row, problem.column) == ("figure_merged", 2, "Ure svetovanja")
    assert "Vrednost 3 je spojena čez vrstice 2 do 4" in problem_text(problem, "sl")


DITTO_LOGS = {
    "sl": ("most-si", ["Datum", "Šifra", "Vrsta", "Ure"], "individualno", "〃"),
    "pl": ("klub-pl", ["Data", "Kod klienta", "Rodzaj porady", "Godziny"], "indywidualna", "jw."),
    "bs": ("oporavak-ba", ["Datum", "Šifra korisnika", "Vrsta", "Sati"], "individualno", "isto"),
    "no": ("endring-no", ["Dato", "Klient", "Type samtale", "Timer"], "individuell", '"'),
    "en": ("endring-no", ["Date", "Client", "Type", "Hours"], "one to one", "Ditto"),
}


@pytest.mark.parametrize("language", DITTO_LOGS)
def test_a_ditto_mark_says_the_value_above_it_in_its_column(workspace, tmp_path, language):
    # a day's second session written "the same" under the first one's date, kind and hours
    partner, header, kind, ditto = DITTO_LOGS[language]
    writing_in(workspace, partner, language)
    rows = [header, [date(2026, 10, 5), "K-01", kind, 1.5], [ditto, "K-02", ditto, ditto]]
    sub = read(workspace, workbook(tmp_path / "oktober 2026.xlsx", {"Oktober": rows}), partner)
    assert sub.errors == []
    sessions = sub.tables["counselling"]
    assert list(sessions["session_on"]) == [date(2026, 10, 5)] * 2
    assert list(sessions["session_kind"]) == ["individual"] * 2
    assert list(sessions["hours"]) == [1.5, 1.5]


def test_a_ditto_mark_with_nothing_above_it_is_refused_naming_its_cell(workspace, tmp_path):
    rows = [["Datum", "Šifra", "Vrsta", "Ure"], ["〃", "SKM-002", "individualno", 1]]
    sub = read(
        workspace, workbook(tmp_path / "svetovanja oktober 2026.xlsx", {"Okt": rows}), "most-si"
    )
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("not_a_date", 2, "Datum")]


DATE_ONCE_A_DAY = {
    "sl": "Vrstice brez datuma v tem stolpcu: 3-4, 6.",
    "pl": "Wiersze bez daty w tej kolumnie: 3-4, 6.",
    "bs": "Redovi bez datuma u ovoj koloni: 3-4, 6.",
    "no": "Rader uten dato i denne kolonnen: 3-4, 6.",
    "en": "Rows without a date in this column: 3-4, 6.",
}


@pytest.mark.parametrize("language", DATE_ONCE_A_DAY)
def test_a_row_without_a_date_under_a_dated_one_takes_its_date_and_is_told(
    workspace, tmp_path, language
):
    # each day's date written once, at its first session
    partner, header, kind, _ = DITTO_LOGS[language]
    writing_in(workspace, partner, language)
    rows = [header]
    rows += [[day, f"K-0{n}", kind, 1] for n, day in enumerate([date(2026, 10, 5), None, None], 1)]
    rows += [[day, f"K-0{n}", kind, 1] for n, day in enumerate([date(2026, 10, 12), None], 4)]
    sub = read(workspace, workbook(tmp_path / "oktober 2026.xlsx", {"Oktober": rows}), partner)
    assert sub.errors == []
    assert (
        list(sub.tables["counselling"]["session_on"])
        == [date(2026, 10, 5)] * 3 + [date(2026, 10, 12)] * 2
    )
    [told] = sub.warnings
    assert (told.rule, told.row, told.column) == ("date_as_above", 3, header[0])
    assert DATE_ONCE_A_DAY[language] in problem_text(told, language)


def test_a_first_row_without_a_date_is_refused_as_a_date_required(workspace, tmp_path):
    rows = [["Datum", "Šifra", "Vrsta", "Ure"], [None, "SKM-001", "individualno", 1]]
    rows += [[date(2026, 10, 5), "SKM-002", "individualno", 1]]
    path = workbook(tmp_path / "svetovanja oktober 2026.xlsx", {"Okt": rows})
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("value_required", 2, "Datum")]


def test_a_file_named_for_a_month_without_its_year_reports_that_month_not_a_mistyped_later_day(
    workspace, tmp_path
):
    rows = [["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]]
    rows += [["SKM-0417", date(2026, 10, day), "Individualno svetovanje", 1] for day in (1, 8)]
    rows += [["SKM-0399", date(2026, 11, 16), "Individualno svetovanje", 1]]
    path = workbook(tmp_path / "Svetovanja_oktober.xlsx", {"Evidenca": rows})
    received = datetime(2026, 12, 3, 9, tzinfo=UTC)
    sub = read(workspace, path, "most-si", received=received, validate=True)
    assert sub.period == "2026-10"
    assert [(p.rule, p.row) for p in sub.errors] == [("date_outside_month", 4)]


@pytest.mark.parametrize(
    ("name", "period"),
    [("Svetovanja 2026 - stanje oktober.xlsx", "2026-10"), ("svetovanja_december.xlsx", "2026-12")],
)
def test_a_month_word_apart_from_its_year_or_without_one_in_a_file_name_is_the_month(
    workspace, tmp_path, name, period
):
    """Received in January 2027: a December without its year is the one just over."""
    year = int(period[:4])
    rows = [["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]]
    rows += [["SKM-0417", date(year, int(period[5:]), 3), "Individualno svetovanje", 1]]
    path = workbook(tmp_path / name, {"Evidenca": rows})
    sub = read(workspace, path, "most-si", received=datetime(2027, 1, 7, tzinfo=UTC))
    assert (sub.period, sub.errors) == (period, [])


def test_a_quarter_in_a_sheet_per_month_that_names_no_month_is_still_refused(workspace, tmp_path):
    header = ["Data", "Rodzaj zajęć", "Liczba osób", "Czas trwania"]
    path = workbook(
        tmp_path / "sprawozdanie_III_kwartal_2026.xlsx",
        {
            name: [header, *[[date(2026, month, day), "Mityng AA", 12, 1.5] for day in (7, 21)]]
            for name, month in (("lipiec", 7), ("sierpień", 8), ("wrzesień", 9))
        },
    )
    sub = read(workspace, path, "klub-pl", received=datetime(2026, 10, 4, tzinfo=UTC))
    assert [p.rule for p in sub.errors] == ["period_unknown"]


def test_a_file_of_two_months_that_names_neither_is_still_refused(workspace, tmp_path):
    path = svetovanje_log(tmp_path / "evidenca_svetovanj.xlsx", (9, 10))
    sub = read(workspace, path, "most-si", received=datetime(2026, 11, 4, tzinfo=UTC))
    assert [p.rule for p in sub.errors] == ["period_unknown"]


def test_a_date_mistyped_into_an_earlier_month_is_still_an_error_naming_its_row(
    workspace, tmp_path
):
    path = svetovanje_log(tmp_path / "svetovanje_oktober_2026.xlsx", (10, 10))
    book = openpyxl.load_workbook(path)
    book["Evidenca"]["B3"] = date(2026, 9, 10)
    book.save(path)
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.sheet, p.row, p.column) for p in sub.errors] == [("Evidenca", 3, "Datum")]


def test_participants_split_by_sex_under_a_merged_header_count_their_total(workspace, tmp_path):
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Učesnici", None, None, "Trajanje (sati)"],
                [None, None, "M", "Ž", "Ukupno", None],
                [date(2026, 10, 7), "Grupa podrške", 6, 4, 10, 2],
                [date(2026, 10, 24), "Izlet - kuglanje", 7, 5, 12, 4],
            ]
        },
        merged={"Grupe": ("C1:E1", "A1:A2", "B1:B2", "F1:F2")},
    )
    sub = read(workspace, path, "oporavak-ba")
    # parts that add up to their total are read silently
    assert sub.problems == []
    groups = sub.tables["groups"]
    assert list(groups["participants"]) == [10, 12] and list(groups["sheet_row"]) == [3, 4]


def test_a_merged_headers_total_its_parts_disagree_with_is_told_and_a_blank_one_is_their_sum(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "grupe_oktobar_2026.xlsx",
        {
            "Grupe": [
                ["Datum", "Aktivnost", "Učesnici", None, None],
                [None, None, "M", "Ž", "Ukupno"],
                [date(2026, 10, 7), "Grupa podrške", 3, 3, 7],
                [date(2026, 10, 14), "Grupa podrške", 3, 4, None],
            ]
        },
        merged={"Grupe": ("C1:E1", "A1:A2", "B1:B2")},
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    assert [(p.rule, p.row, p.column, p.params) for p in sub.warnings] == [
        ("total_disagrees_with_parts", 3, "Ukupno", {"parts": "M, Ž", "sum": 6, "total": 7})
    ]
    # the partner's total where written, else the sum of the parts
    assert list(sub.tables["groups"]["participants"]) == [7, 7]


def meetings_of_men_and_women(tmp_path, *counts: tuple[int | None, int | None]):
    """Two meetings a week apart, their men and women under "Udeleženci" merged over "M | Ž"."""
    days = [date(2026, 10, 7), date(2026, 10, 14)]
    return workbook(
        tmp_path / "skupine_oktober_2026.xlsx",
        {
            "Skupine": [
                ["Datum", "Vrsta aktivnosti", "Udeleženci", None, "Trajanje (ure)"],
                [None, None, "M", "Ž", None],
                *(
                    [day, "Skupina za svojce", *count, 2]
                    for day, count in zip(days, counts, strict=True)
                ),
            ]
        },
        merged={"Skupine": ("C1:D1", "A1:A2", "B1:B2", "E1:E2")},
    )


def test_participants_split_by_sex_under_a_merged_header_without_their_total_are_their_sum(
    workspace, tmp_path
):
    # partners write "Udeleženci" merged over "M | Ž" and no total: each row's participants
    # are its men and women, a blank part counting 0, told with a warning naming the parts
    path = meetings_of_men_and_women(tmp_path, (3, 6), (None, 5))
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    assert [(p.rule, p.column, p.params["parts"]) for p in sub.warnings] == [
        ("column_added_from_parts", "Udeleženci", "M, Ž")
    ]
    assert list(sub.tables["groups"]["participants"]) == [9, 5]


def test_a_row_whose_parts_of_participants_are_all_blank_has_no_participants(workspace, tmp_path):
    # nothing written is no 0: the row is told as missing its participants, as with one column
    path = meetings_of_men_and_women(tmp_path, (3, 6), (None, None))
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.tables["groups"]["participants"].isna().tolist() == [False, True]
    assert [(p.rule, p.row) for p in sub.errors] == [("value_required", 4)]


def test_a_bosnian_log_counting_those_present_splits_into_groups_counselling_and_trainings(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "aktivnosti_oktobar_2026.xlsx",
        {
            "Aktivnosti": [
                ["Datum", "Aktivnost", "Šifra korisnika", "Broj prisutnih", "Sati"],
                [date(2026, 10, 7), "Grupa podrške", None, 12, 2],
                [date(2026, 10, 9), "Individualno savjetovanje", "PO-101", None, 1],
                [date(2026, 10, 15), "Edukacija o kockanju za roditelje", None, 15, 3],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.problems == []
    assert list(sub.tables["groups"]["participants"]) == [12]
    assert list(sub.tables["counselling"]["hours"]) == [1.0]
    assert list(sub.tables["trainings"]["audience"]) == ["relatives"]


def svetovanje_by_month(path):
    header = ["Šifra uporabnika", "Datum", "Storitev", "Ure svetovanja"]
    return workbook(
        path,
        {
            name: [header, ["SKM-0417", date(2026, month, 3), "Individualno svetovanje", month]]
            for month, name in ((8, "Avgust"), (9, "September"), (10, "Oktober"))
        },
    )


def test_a_workbook_kept_over_the_year_a_sheet_a_month_gives_the_month_its_name_states(
    workspace, tmp_path
):
    path = svetovanje_by_month(tmp_path / "evidenca_svetovanj_oktober_2026.xlsx")
    sub = read(workspace, path, "most-si", validate=True)
    assert (sub.errors, sub.period) == ([], "2026-10")
    assert [(p.rule, p.sheet) for p in sub.warnings] == [
        ("sheet_of_another_month", "Avgust"),
        ("sheet_of_another_month", "September"),
    ]
    assert list(sub.tables["counselling"]["hours"]) == [10]


def test_a_workbook_of_months_stating_none_is_refused_asking_for_the_month_in_its_name(
    workspace, tmp_path
):
    sub = read(workspace, svetovanje_by_month(tmp_path / "evidenca_2026.xlsx"), "most-si")
    assert {p.rule for p in sub.errors} == {"months_in_sheets"}
    assert "V ime datoteke zapišite mesec, o katerem poročate" in problem_text(sub.errors[0], "sl")


def test_a_people_register_with_its_own_details_reads_the_people_and_leaves_the_rest(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "deltakere_oktober_2026.xlsx",
        {
            "Deltakere": [
                ["Deltaker-ID", "Kjønn", "Alder", "Avhengighet", "Rolle", "Kommune"]
                + ["Utdanning", "I programmet fra"],
                ["DE-01", "Kvinne", "30-35", "Alkohol", "Deltaker", "Bærum", "vgs", "2025-03"],
                ["DE-03", "K", "55", "", "Pårørende (mor)", "Asker", "", ""],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [
        ("column_ignored", "Kommune"),
        ("column_ignored", "Utdanning"),
        ("column_ignored", "I programmet fra"),
    ]
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "relative"]


def test_a_sheet_of_residents_without_a_column_of_kinds_counts_them_in_recovery(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Stanovalci": [
                ["Šifra", "Spol", "Starost", "Zasvojenost"],
                ["SKM-0417", "M", 42, "alkohol"],
                ["SKM-0399", "Ž", 35, "droge"],
            ],
            "Svojci": [["Šifra", "Spol", "Starost"], ["SKM-0501", "Ž", 61]],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables["people"]["user_kind"]) == ["in_recovery", "in_recovery", "relative"]


def test_a_person_listed_alike_on_two_people_sheets_is_counted_once_saying_so(workspace, tmp_path):
    header = ["Šifra", "Pol", "Starost", "Zavisnost", "Vrsta korisnika"]
    moved = ["IZ-07", "muški", 41, "kockanje", "korisnik"]
    path = workbook(
        tmp_path / "korisnici_oktobar_2026.xlsx",
        {
            "Sarajevo": [
                header,
                ["IZ-01", "muški", 34, "heroin", "korisnik"],
                ["IZ-02", "ženski", 29, "alkohol", "korisnik"],
                moved,
            ],
            "Tuzla": [
                header,
                moved,
                ["IZ-04", "muški", 22, "kanabis", "korisnik"],
                ["IZ-08", "ženski", 47, "alkohol", "korisnik"],
            ],
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    # one person, who moved from one office to the other: kept once, both rows named
    assert sub.errors == []
    [warning] = sub.warnings
    assert (warning.rule, warning.sheet, warning.row) == ("person_on_two_sheets", "Tuzla", 2)
    assert (warning.params["other"], warning.params["other_row"]) == ("Sarajevo", 4)
    assert list(sub.tables["people"]["user_code"]) == ["IZ01", "IZ02", "IZ07", "IZ04", "IZ08"]


def test_a_person_on_two_people_sheets_with_other_details_is_refused_naming_both_rows(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [["Šifra", "Spol", "Starost"], ["SKM-0417", "Ž", 61]],
            # the sheet says its people are relatives: one code, two kinds of person
            "Svojci": [["Šifra", "Spol", "Starost"], ["SKM-0417", "Ž", 61]],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    twice = [(p.sheet, p.row, p.params) for p in sub.errors if p.rule == "person_twice"]
    assert twice == [
        ("Uporabniki", 2, {"other": "Svojci", "other_row": 2}),
        ("Svojci", 2, {"other": "Uporabniki", "other_row": 2}),
    ]


def sessions_and_people(path, codes, listed):
    """A counselling sheet of a session for each of `codes` and the people sheet of the month
    listing `listed`, as MOST keeps them in one workbook."""
    return workbook(
        path,
        {
            "Svetovanje": [
                HOURS_SL,
                *[
                    [code, date(2026, 10, 5 + i), "Individualno svetovanje", 1]
                    for i, code in enumerate(codes)
                ],
            ],
            "Uporabniki": [
                ["Šifra", "Vrsta", "Spol", "Starost", "Zasvojenost"],
                *[[code, "uporabnik", "M", 34, "alkohol"] for code in listed],
            ],
        },
    )


def keeping_case_and_marks(workspace):
    """The workspace with codes hashed as written: "skm 1501" and "SKM-1501" two codes."""
    config = workspace / "consortium.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(f'{text}\nuser_codes: {{case: keep, remove: ""}}\n', encoding="utf-8")


def test_a_client_missing_from_the_files_people_sheet_is_a_warning_naming_the_cell(
    workspace, tmp_path
):
    path = sessions_and_people(
        tmp_path / "svetovanje_oktober_2026.xlsx", ["SKM-1500", "SKM-1502"], ["SKM-1500"]
    )
    sub = read(workspace, path, "most-si", validate=True)
    # the sessions still count: a warning, never a refusal
    assert sub.status == "accepted_with_warnings"
    [warning] = sub.warnings
    assert (warning.rule, warning.sheet, warning.row, warning.column) == (
        "client_not_in_people",
        "Svetovanje",
        3,
        "Šifra uporabnika",
    )
    assert warning.params["people"] == "Uporabniki"


def test_a_client_missing_from_the_people_sheet_is_told_once_at_the_first_of_its_rows(
    workspace, tmp_path
):
    path = sessions_and_people(
        tmp_path / "svetovanje_oktober_2026.xlsx",
        ["SKM-1502", "SKM-1500", "SKM-1502"],
        ["SKM-1500"],
    )
    sub = read(workspace, path, "most-si", validate=True)
    [warning] = sub.warnings
    assert (warning.row, warning.params["in_rows"]) == (2, 2)
    assert "2 rows" in rule_message(warning, "en")[0]


def test_a_clients_code_written_differently_on_the_people_sheet_names_the_row_it_probably_is(
    workspace, tmp_path
):
    keeping_case_and_marks(workspace)
    path = sessions_and_people(
        tmp_path / "svetovanje_oktober_2026.xlsx", ["skm 1501"], ["SKM-1500", "SKM-1501"]
    )
    sub = read(workspace, path, "most-si", validate=True)
    [warning] = sub.warnings
    assert (warning.rule, warning.sheet, warning.row) == ("client_code_differs", "Svetovanje", 2)
    assert (warning.params["other"], warning.params["other_row"]) == ("Uporabniki", 3)
    # neither merged nor rewritten: the codes stay as the consortium writes them down
    assert list(sub.tables["counselling"]["user_code"]) == ["skm 1501"]


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
def test_a_client_missing_from_the_people_sheet_is_told_without_the_code(
    workspace, tmp_path, language
):
    keeping_case_and_marks(workspace)
    path = sessions_and_people(
        tmp_path / "svetovanje_oktober_2026.xlsx", ["skm 1501", "SKM-1502"], ["SKM-1501"]
    )
    sub = read(workspace, path, "most-si", validate=True)
    told = [problem_text(p, language) for p in sub.warnings]
    # the cell is named, and the people sheet's row; the codes never leave the file
    assert len(told) == 2 and "Uporabniki" in told[0] and "Uporabniki" in told[1]
    assert not any("1501" in text or "1502" in text for text in told)


def test_a_helpline_call_without_a_code_is_no_client_missing_from_the_people_sheet(
    workspace, tmp_path
):
    path = sessions_and_people(
        tmp_path / "svetovanje_oktober_2026.xlsx", ["SKM-1500", "anonimno"], ["SKM-1500"]
    )
    sub = read(workspace, path, "most-si")
    assert "client_not_in_people" not in {p.rule for p in sub.problems}


def test_a_counselling_file_without_a_people_sheet_names_no_client_missing(workspace, tmp_path):
    path = hours_sl(
        tmp_path / "ure_oktober_2026.xlsx",
        [["SKM-1502", date(2026, 10, 5), "Individualno svetovanje", 1]],
    )
    sub = read(workspace, path, "most-si")
    # the people may come in a file of their own
    assert "client_not_in_people" not in {p.rule for p in sub.problems}


def test_a_people_sheet_headed_deltaker_holds_the_codes(workspace, tmp_path):
    path = workbook(
        tmp_path / "deltakere_oktober_2026.xlsx",
        {
            "Deltakere": [
                ["Deltaker", "Kjønn", "Alder", "Avhengighet", "Rolle"],
                ["KB1", "M", 44, "Alkohol", "deltaker"],
                ["KB2", "K", 52, "", "pårørende"],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert list(sub.tables["people"]["user_code"]) == ["KB1", "KB2"]


@pytest.mark.parametrize(
    "text, period",
    [
        ("Period: 01.10.2026. - 31.10.2026.", "2026-10"),
        ("Obdobje: 1. 10. 2026 – 31. 10. 2026", "2026-10"),
        ("od 2026-10-01 do 2026-10-31", "2026-10"),
        ("Okres: 01.10.2026–31.12.2026", None),  # a quarter states no month
    ],
)
def test_a_range_of_days_within_one_month_states_that_month(text, period):
    assert period_in_text(text) == period


def test_a_bosnian_counselling_record_under_a_title_of_its_days_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "savjetovanje_okt.xlsx",
        {
            "Savjetovanje": [
                ["Evidencija individualnog savjetovanja"],
                ["Period: 01.10.2026. - 31.10.2026."],
                [],
                ["Klijent", "Datum", "Vrsta usluge", "Trajanje", "Savjetnik"],
                ["PO-101", "7.10.", "individualno savjetovanje", "45'", "A.B."],
                ["PO-101", "21.10.", "telefonsko savjetovanje", "20'", "C.D."],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert (sub.errors, sub.period) == ([], "2026-10")
    counselling = sub.tables["counselling"]
    assert list(counselling["session_kind"]) == ["individual", "phone"]
    assert round(counselling["hours"].sum(), 2) == 1.08


def mityngi(path, lengths):
    return workbook(
        path,
        {
            "Mityngi": [
                ["Data", "Rodzaj", "Obecni", "Czas"],
                *(
                    [date(2026, 10, day), "mityng AA", 12, length]
                    for day, length in zip((3, 10), lengths, strict=True)
                ),
            ]
        },
    )


def test_a_column_headed_time_holding_lengths_gives_the_hours(workspace, tmp_path):
    path = mityngi(tmp_path / "mityngi_pazdziernik_2026.xlsx", ["2 godz.", 1.5])
    sub = read(workspace, path, "klub-pl")
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [2.0, 1.5]


def test_a_text_file_column_headed_time_holding_lengths_gives_the_hours(workspace, tmp_path):
    # a text file's cells are all text: "1,5" and "2" are as plain hours as 1.5 and 2
    path = text_file(
        tmp_path / "porady_pazdziernik_2026.csv",
        [
            ["Data", "Klient", "Rodzaj", "Czas"],
            ["01.10.2026", "KR/010", "indywidualna", "2 godz."],
            ["02.10.2026", "KR/011", "indywidualna", "1,5"],
            ["03.10.2026", "KR/012", "indywidualna", "1 h 30 min"],
            ["04.10.2026", "KR/013", "indywidualna", "2"],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.problems == []
    assert list(sub.tables["counselling"]["hours"]) == [2.0, 1.5, 1.5, 2.0]


def test_a_column_headed_time_holding_lengths_on_a_clock_gives_the_hours(workspace, tmp_path):
    # 1:30 and 0:45 in the small hours are no time a meeting is held: they are how long it took
    path = mityngi(tmp_path / "mityngi_pazdziernik_2026.xlsx", ["1:30", "0:45"])
    sub = read(workspace, path, "klub-pl")
    assert sub.problems == []
    assert list(sub.tables["groups"]["hours"]) == [1.5, 0.75]


def test_a_column_headed_day_holding_dates_gives_the_dates(workspace, tmp_path):
    path = text_file(
        tmp_path / "porady_pazdziernik_2026.csv",
        [
            ["Dzień", "Klient", "Rodzaj", "Czas"],
            ["czwartek 1.10.2026", "KR/017", "indywidualna", 1],
            ["pt. 9.10.2026", "KR/023", "indywidualna", 1],
        ],
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.problems == []
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 10, 1), date(2026, 10, 9)]


def test_a_column_headed_day_holding_weekdays_beside_the_dates_is_left_unread(workspace, tmp_path):
    days = [["czwartek", "1.10.2026"], ["piątek", "9.10.2026"]]
    rows = [[*day, "KR/017", "indywidualna", 1] for day in days]
    path = text_file(
        tmp_path / "porady_pazdziernik_2026.csv",
        [["Dzień", "Data", "Klient", "Rodzaj", "Czas"], *rows],
    )
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Dzień")]
    assert list(sub.tables["counselling"]["session_on"]) == [date(2026, 10, 1), date(2026, 10, 9)]


def test_a_column_headed_time_holding_times_of_day_is_left_unread(workspace, tmp_path):
    path = mityngi(tmp_path / "mityngi_pazdziernik_2026.xlsx", ["18:00", "18:00"])
    sub = read(workspace, path, "klub-pl")
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Czas")]
    assert "hours" not in sub.tables["groups"] or sub.tables["groups"]["hours"].isna().all()


def unit_year(path, sheet, header_extra=(), unit=()):
    rows = [["Mesec", *header_extra, "Št. mest", "Št. stanovalcev", "Sprejemi"]]
    rows[0] += ["Načrtovani odhodi", "Nenačrtovani odhodi", "Nočitve"]
    for number, month in enumerate(("avgust", "september", "oktober"), start=8):
        rows.append([month, *unit, 5, 4, 1, 0, 0, 100 + number])
    return workbook(path, {sheet: rows})


def test_a_housing_units_year_a_month_a_row_gives_the_row_of_the_files_month(workspace, tmp_path):
    path = unit_year(tmp_path / "bivanje_oktober_2026.xlsx", "Bivanje", ["Enota"], ["BS-MB"])
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    [told] = sub.warnings
    assert (told.rule, told.row, told.params["months"]) == (
        "rows_of_other_months",
        2,
        "2026-08, 2026-09",
    )
    housing = sub.tables["housing"]
    assert (list(housing["sheet_row"]), list(housing["resident_nights"])) == ([4], [110])


def test_a_sheet_named_for_a_housing_unit_gives_its_rows_that_unit(workspace, tmp_path):
    path = unit_year(tmp_path / "bivanje_oktober_2026.xlsx", "BS Maribor")
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables["housing"]["site_id"]) == ["BS-MB"]


@pytest.mark.parametrize("header", ["D.O.B.", "Rojen", "Inicialke", "Mobitel", "Tel.", "Adresa"])
def test_a_column_of_birth_dates_initials_phones_or_addresses_refuses_the_file(
    workspace, tmp_path, header
):
    path = workbook(
        tmp_path / "uporabniki_oktober_2026.xlsx",
        {
            "Uporabniki": [
                ["Šifra", "Vrsta", "Spol", "Starost", header],
                ["SKM-0417", "svojec", "Ž", 45, "x"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.column) for p in sub.errors] == [("personal_data_column", header)]


def test_dates_of_birth_in_a_column_of_age_give_the_age_band_and_are_never_kept(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "korisnici_oktobar_2026.xlsx",
        {
            "Korisnici": [
                ["Šifra", "Vrsta", "Spol", "Dob", "Ovisnost"],
                ["PO-101", "korisnik", "M", date(1984, 3, 12), "alkohol"],
                ["PO-102", "korisnik", "Ž", "12.03.1990.", "kockanje"],
                ["PO-103", "korisnik", "M", "30-35", "alkohol"],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    people = sub.tables["people"]
    assert list(people["age_band"]) == ["36_50", "36_50", "26_35"]
    assert list(people["age_band_text"]) == ["42", "36", "30-35"]


def test_an_english_supported_housing_return_in_its_own_words_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "housing_return_oct_2026.xlsx",
        {
            "Housing": [
                ["Property", "Bed spaces", "Occupied at month end", "Move-ins"]
                + ["Planned move-on", "Evictions / abandonments", "Bed nights"],
                ["BS-LJ1", 4, 4, 1, 0, 0, 120],
                ["BS-KP", 3, 2, 0, 1, 1, 75],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.problems == []
    housing = sub.tables["housing"]
    assert (housing["places"].sum(), housing["exits_planned"].sum()) == (7, 1)
    assert housing["exits_unplanned"].sum() == 1


@pytest.mark.parametrize(
    "table, header, column",
    [
        ("counselling", "Czas porady", "hours"),
        ("counselling", "Način dela", "session_kind"),
        ("groups", "Møtetype", "activity_kind"),
        ("groups", "Nazwa grupy", "title"),
        ("groups", "Broj korisnika", "participants"),
        ("trainings", "Training date", "held_on"),
        ("trainings", "Hours of training", "hours"),
        ("people", "Letnica rojstva", "age_band"),
        ("people", "Kategorija korisnika", "user_kind"),
        ("housing", "Broj korisnika", "residents"),
    ],
)
def test_more_words_partner_staff_write_name_their_columns(table, header, column):
    assert vocabulary().tables[table].match_header(header).column == column


def test_a_sheet_missing_a_column_does_not_hide_the_problems_of_the_files_other_sheets(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "porocilo_oktober_2026.xlsx",
        {
            "Svetovanja": [
                HOURS_SL,
                [None, date(2026, 10, 1), "Individualno svetovanje", 1],
                ["SKM-0417", date(2026, 10, 2), "Individualno svetovanje", 15],
            ],
            "Izobraževanja": [
                ["Datum", "Naslov", "Ure"],
                [date(2026, 10, 8), "Preprečevanje zdrsa", 3],
            ],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.sheet, p.row) for p in sub.errors] == [
        ("column_missing", "Izobraževanja", 1),
        ("value_required", "Svetovanja", 2),
        ("session_hours_range", "Svetovanja", 3),
    ]


def test_a_training_in_a_norwegian_log_counting_those_present_is_a_training_with_its_figures(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "aktivitetslogg_okt_2026.xlsx",
        {
            "Logg": [
                ["Dato", "Tiltak", "Klient", "Varighet", "Antall"],
                [date(2026, 10, 5), "Individuell samtale", "SOL-01", 1, None],
                [date(2026, 10, 6), "Oppfølgingssamtale", "SOL-02", 1, None],
                [date(2026, 10, 9), "Opplæring ansatte: motiverende intervju", None, 3, 8],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    assert kinds(sub.tables["counselling"], "session_kind") == {"individual": 2}
    trainings = sub.tables["trainings"]
    assert (trainings["participants"].sum(), trainings["hours"].sum()) == (8, 3)


def test_sheets_titled_for_different_months_in_a_file_naming_none_ask_for_a_file_per_month(
    workspace, tmp_path
):
    header = ["Dato", "Aktivitet", "Antall deltakere", "Varighet"]
    path = workbook(
        tmp_path / "ettervern_2026.xlsx",
        {
            name: [
                [f"Ettervern {name.lower()} 2026"],
                header,
                [date(2026, month, 7), "Gruppe", 9, 1.5],
            ]
            for name, month in (("August", 8), ("September", 9))
        },
    )
    [problem] = read(workspace, path, "endring-no").errors
    assert problem.rule == "period_of_sheets_differ"
    assert "send hver måned i en egen fil" in problem_text(problem, "no")


def test_ilosc_osob_and_ilosc_godzin_are_the_participants_and_the_hours(workspace, tmp_path):
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Data", "Rodzaj spotkania", "Ilość osób", "Ilość godzin"],
                ["01.10.2026", "Mityng AA", 14, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert sub.tables["groups"][["participants", "hours"]].values.tolist() == [[14, 1.5]]


def test_a_column_of_the_day_holding_whole_dates_is_the_date(workspace, tmp_path):
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Dzień", "Rodzaj spotkania", "Liczba osób", "Liczba godzin"],
                ["czwartek 1.10.2026", "Mityng AA", 14, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert sub.tables["groups"]["held_on"].tolist() == [date(2026, 10, 1)]


def test_a_column_of_the_day_beside_the_dates_stays_unread_even_of_dates(workspace, tmp_path):
    path = workbook(
        tmp_path / "mityngi_pazdziernik_2026.xlsx",
        {
            "Mityngi": [
                ["Dzień", "Data", "Rodzaj spotkania", "Liczba osób", "Liczba godzin"],
                ["1.10.2026", "1.10.2026", "Mityng AA", 14, 1.5],
                ["wtorek", "6.10.2026", "Mityng AA", 12, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.errors == []
    assert [(p.rule, p.column) for p in sub.warnings] == [("column_ignored", "Dzień")]
    assert sub.tables["groups"]["held_on"].tolist() == [date(2026, 10, 1), date(2026, 10, 6)]


def test_the_form_of_a_meeting_holding_kinds_of_activity_is_their_kind(workspace, tmp_path):
    path = workbook(
        tmp_path / "zajecia_pazdziernik_2026.xlsx",
        {
            "Arkusz1": [
                ["Data", "Forma zajęć", "Liczba osób", "Liczba godzin"],
                ["01.10.2026", "Mityng AA", 14, 1.5],
                ["03.10.2026", "Warsztaty", 8, 3],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.problems == []
    assert sub.tables["groups"]["activity_kind"].tolist() == ["support_group", "course"]


def test_the_form_of_a_meeting_online_or_in_person_stays_unread(workspace, tmp_path):
    path = workbook(
        tmp_path / "zajecia_pazdziernik_2026.xlsx",
        {
            "Arkusz1": [
                ["Data", "Rodzaj zajęć", "Forma zajęć", "Liczba osób", "Liczba godzin"],
                ["01.10.2026", "Mityng AA", "stacjonarnie", 14, 1.5],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Forma zajęć")]


@pytest.mark.parametrize(
    ("partner", "header"),
    [
        ("oporavak-ba", ["Datum", "Aktivnost", "Opis aktivnosti", "Učesnici", "Sati"]),
        ("klub-pl", ["Data", "Rodzaj zajęć", "Opis działania", "Liczba uczestników", "Godziny"]),
        ("most-si", ["Date", "Activity", "Activity description", "Participants", "Hours"]),
        ("endring-no", ["Dato", "Aktivitet", "Beskrivelse av aktivitet", "Deltakere", "Timer"]),
    ],
)
def test_a_description_beside_the_column_of_activities_is_their_title_not_a_second_kind(
    workspace, tmp_path, partner, header
):
    path = workbook(
        tmp_path / "grupe_oktober_2026.xlsx",
        {"Oktober": [header, [date(2026, 10, 5), "Grupa podrške", "tema: porodica", 8, 1.5]]},
    )
    sub = read(workspace, path, partner)
    assert sub.errors == []
    assert list(sub.tables["groups"]["participants"]) == [8]


def test_a_count_with_a_day_in_brackets_is_the_count_with_its_remark(workspace, tmp_path):
    # "3 (od 15.10.)": a unit of three places opened on the 15th; 15 and 10 are no parts of 3
    path = workbook(
        tmp_path / "nastanitve_oktober_2026.xlsx",
        {"List1": [HOUSING_SL, ["BS-LJ1", "3 (od 15.10.)", 3, 40, 3, 0, 0]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert ("figure_with_remark", "Št. mest") in [(p.rule, p.column) for p in sub.problems]
    assert sub.tables["housing"]["places"].tolist() == [3]


def test_a_count_whose_parts_in_brackets_disagree_is_still_refused(workspace, tmp_path):
    path = workbook(
        tmp_path / "nastanitve_oktober_2026.xlsx",
        {"List1": [HOUSING_SL, ["BS-LJ1", 4, "3 (2 M, 2 Ž)", 90, 0, 0, 0]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert ("count_parts_disagree", "Stanovalci") in [(p.rule, p.column) for p in sub.errors]


def test_a_description_beside_the_kind_of_session_is_left_unread_not_a_column_twice(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "svetovanje_november_2026.xlsx",
        {
            "November": [
                ["Datum", "Šifra", "Vrsta", "Opis", "Ure"],
                ["3. 11. 2026", "SKM-0417", "individualno", "pogovor o vrnitvi na delo", 1],
                ["4. 11. 2026", "SKM-0418", "svojci", "z mamo, dogovor o pravilih doma", 1.5],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables["counselling"]["session_kind"]) == ["individual", "family"]
    assert [(p.rule, p.column) for p in sub.problems] == [("column_ignored", "Opis")]
