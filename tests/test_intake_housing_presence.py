"""A housing unit's month kept as a presence register: residents down a column, the days of the
month across, a mark for each night a resident slept there."""

from datetime import date

import yaml
from own_sheets_support import read, workbook

NOVEMBER = list(range(1, 31))


def with_housing(workspace, partner, *units, language=None):
    """The workspace's consortium.yaml with housing units (id, name, places) for the partner,
    a new partner writing `language` when it has none."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    found = next((p for p in data["partners"] if p["id"] == partner), None)
    if found is None:
        found = {"id": partner, "name": partner, "country": "GB", "language": language}
        found |= {"reports_from": "2025-01", "tables": [], "sites": []}
        data["partners"].append(found)
    found["tables"] = ["housing", *found["tables"]]
    found["sites"] = [
        *found["sites"],
        *({"id": i, "name": n, "kind": "housing", "places": p} for i, n, p in units),
    ]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def nights(count, of=30):
    """A resident's row of marks: `count` nights from the 1st, then blank days."""
    return ["x"] * count + [None] * (of - count)


def test_a_presence_register_a_sheet_per_unit_gives_each_units_residents_and_nights(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(30)],
                ["SK-015", *nights(12)],
                ["SK-016", *nights(0)],
            ],
            "BS Koper": [["Stanovalec", *NOVEMBER], ["Stanovalec 3", *nights(30)]],
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert housing["site_id"].tolist() == ["BS-MB", "BS-KP"]
    # SK-015 left after the 12th night, SK-016 slept there no night: at the month's end
    # Maribor has one resident
    assert housing["residents"].tolist() == [1, 1]
    assert housing["resident_nights"].tolist() == [42, 30]
    # the places as consortium.yaml gives them
    assert housing["places"].tolist() == [5, 3]
    assert "SK-014" not in housing.to_string()


def test_a_presence_registers_residents_are_those_marked_on_its_last_night(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(30)],
                ["SK-015", *nights(29)],
                ["SK-017", *([None] * 25 + ["x"] * 5)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    housing = sub.tables["housing"]
    # the housing table counts residents at the month's end; every night still counts
    assert housing[["residents", "resident_nights"]].values.tolist() == [[2, 64]]


def test_a_presence_register_says_no_admissions_or_departures_and_the_partner_is_told(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", *NOVEMBER], ["SK-014", *nights(30)]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.sheet, p.row) for p in sub.problems] == [
        ("register_without_moves", "BS Maribor", 1)
    ]
    housing = sub.tables["housing"]
    assert housing[["admissions", "exits_planned", "exits_unplanned"]].isna().all(axis=None)


def test_a_presence_register_titled_with_its_unit_and_places_takes_both_from_the_title(
    workspace, tmp_path
):
    with_housing(workspace, "oporavak-ba", ("SZ-MO", "Stambena zajednica Mostar", 8))
    path = workbook(
        tmp_path / "evidencija_novembar_2026.xlsx",
        {
            "List1": [
                ["Stambena zajednica Mostar - novembar 2026"],
                ["Kapacitet: 6"],
                ["Korisnik", *NOVEMBER],
                ["SZM-01", *nights(30)],
                ["SZM-02", *nights(15)],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert housing[["site_id", "places", "residents", "resident_nights"]].values.tolist() == [
        ["SZ-MO", 6, 1, 45]
    ]


def test_a_presence_registers_places_written_after_their_word_are_read(workspace, tmp_path):
    with_housing(workspace, "oporavak-ba", ("SZ-MO", "Stambena zajednica Mostar", 8))
    path = workbook(
        tmp_path / "evidencija_novembar_2026.xlsx",
        {
            "Mostar": [
                ["Evidencija boravka, mjesta 7"],
                ["Korisnik", *NOVEMBER],
                ["SZM-01", *nights(30)],
            ]
        },
    )
    sub = read(workspace, path, "oporavak-ba")
    assert sub.tables["housing"]["places"].tolist() == [7]


def test_a_presence_registers_totals_row_and_column_are_no_resident_nor_night(workspace, tmp_path):
    with_housing(workspace, "klub-pl", ("MW-KR", "Mieszkanie wspierane Kraków", 6))
    path = workbook(
        tmp_path / "obecnosc_listopad_2026.xlsx",
        {
            "Obecność w mieszkaniu": [
                ["Mieszkanie wspierane Kraków – listopad 2026"],
                ["Kod mieszkańca", *NOVEMBER, "Razem"],
                ["MW-01", *nights(30), 30],
                ["MW-02", *nights(10), 10],
                ["Razem", *([2] * 10 + [1] * 20), 40],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert list(sub.tables) == ["housing"]
    housing = sub.tables["housing"]
    assert housing[["site_id", "residents", "resident_nights"]].values.tolist() == [
        ["MW-KR", 1, 40]
    ]


def test_a_presence_register_headed_by_dates_counts_the_nights_under_them(workspace, tmp_path):
    with_housing(workspace, "endring-no", ("BF-SV", "Bofellesskap Sandvika", 5))
    days = [date(2026, 11, d) for d in range(1, 8)]
    path = workbook(
        tmp_path / "beboere_november_2026.xlsx",
        {
            "Bofellesskap Sandvika": [
                ["Beboer", *days],
                ["BF-1", "x", "x", "x", "x", "x", "x", "x"],
                ["BF-2", None, None, "x", "x", None, None, None],
            ]
        },
    )
    sub = read(workspace, path, "endring-no")
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert housing[["site_id", "residents", "resident_nights"]].values.tolist() == [["BF-SV", 1, 9]]


def test_a_presence_registers_absence_marks_and_blank_days_are_no_nights(workspace, tmp_path):
    with_housing(workspace, "hope-uk", ("HH-1", "Hope House", 4), language="en")
    path = workbook(
        tmp_path / "presence_november_2026.xlsx",
        {
            "Hope House": [
                ["Resident", 1, 2, 3, 4, 5],
                ["HH-01", "P", "P", "O", "absent", "P"],
                ["HH-02", 1, 0, None, 1, "0"],
            ]
        },
    )
    sub = read(workspace, path, "hope-uk")
    assert sub.errors == []
    housing = sub.tables["housing"]
    # HH-02 was away the last night: no resident at the month's end
    assert housing[["residents", "resident_nights"]].values.tolist() == [[1, 5]]


def test_a_presence_register_mark_saying_neither_is_named_and_not_a_night(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", 1, 2, 3], ["SK-014", "x", "?", "x"]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.warnings] == [
        ("night_mark_unknown", 2, "2. nov. 2026"),
        ("register_without_moves", 1, None),
    ]
    assert sub.tables["housing"]["resident_nights"].tolist() == [2]


def test_a_name_in_a_presence_registers_column_of_residents_refuses_the_file(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(30)],
                ["Ana Novak", *nights(30)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row) for p in sub.errors] == [("personal_data_name", 3)]
    assert "Ana Novak" not in str(sub.problems)


def test_a_presence_register_whose_unit_only_the_file_name_names_is_that_units_month(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "Register BS Maribor november 2026.xlsx",
        {"List1": [["Stanovalec", *NOVEMBER], ["SK-014", *nights(30)], ["SK-015", *nights(12)]]},
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert list(sub.tables) == ["housing"]
    housing = sub.tables["housing"]
    assert housing[["site_id", "residents", "resident_nights"]].values.tolist() == [
        ["BS-MB", 1, 42]
    ]


def test_a_register_whose_file_names_a_group_and_a_units_town_stays_the_groups_meetings(
    workspace, tmp_path
):
    with_housing(workspace, "klub-pl", ("MW-KR", "Mieszkanie wspierane Kraków", 6))
    days = [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]
    path = workbook(
        tmp_path / "Mityng AA Kraków listopad 2026.xlsx",
        {
            "Arkusz1": [
                ["Kod uczestnika", *days],
                ["KA-01", "x", "x", "x"],
                ["KA-02", "x", None, "x"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables) == ["groups"]


def test_a_group_attendance_register_of_a_partner_with_housing_stays_its_groups_meetings(
    workspace, tmp_path
):
    with_housing(workspace, "klub-pl", ("MW-KR", "Mieszkanie wspierane Kraków", 6))
    days = [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]
    path = workbook(
        tmp_path / "obecnosci_listopad_2026.xlsx",
        {
            "Lista obecności": [
                ["Lista obecności – Klub Abstynenta, listopad 2026, 18:00–19:30"],
                ["Kod uczestnika", *days],
                ["KA-01", "x", "x", "x"],
                ["KA-02", "x", None, "x"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert list(sub.tables) == ["groups"]
    assert sub.tables["groups"]["participants"].tolist() == [2, 1, 2]


def test_a_presence_register_whose_days_are_written_as_text_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *(str(day) for day in NOVEMBER)],
                ["SK-014", *nights(30)],
                ["SK-015", *nights(10)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    housing = sub.tables["housing"]
    assert housing[["site_id", "residents", "resident_nights"]].values.tolist() == [
        ["BS-MB", 1, 40]
    ]


def test_a_group_register_whose_days_are_written_with_a_dot_is_read(workspace, tmp_path):
    path = workbook(
        tmp_path / "lista_obecnosci_listopad_2026.xlsx",
        {
            "Grupa wsparcia": [
                ["Uczestnik", "3.", "10.", "17."],
                ["KA-014", "x", "x", None],
                ["KA-015", "x", None, "x"],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl")
    assert sub.errors == []
    assert sub.tables["groups"]["participants"].tolist() == [2, 1, 1]


def test_a_presence_register_of_another_months_dates_is_refused_naming_its_column(
    workspace, tmp_path
):
    october = [date(2026, 10, day) for day in range(1, 32)]
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", *october], ["SK-014", *nights(31, of=31)]]},
    )
    sub = read(workspace, path, "most-si")
    errors = [(p.rule, p.sheet, p.row) for p in sub.errors]
    assert errors[0] == ("date_outside_month", "BS Maribor", 1)
    assert {p.rule for p in sub.errors} == {"date_outside_month"}


def test_marks_under_a_31st_in_november_are_told_not_dropped(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", *range(1, 32)], ["SK-014", *nights(31, of=31)]]},
    )
    sub = read(workspace, path, "most-si")
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [("date_outside_month", 1, "31")]


def test_a_blank_31st_in_a_register_kept_for_every_month_is_no_problem(workspace, tmp_path):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", *range(1, 32)], ["SK-014", *nights(30, of=31)]]},
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert sub.tables["housing"]["resident_nights"].tolist() == [30]


def test_two_presence_registers_one_above_the_other_give_each_unit_its_month(workspace, tmp_path):
    with_housing(
        workspace,
        "klub-pl",
        ("MW-KR1", "Mieszkanie wspierane Kraków 1", 4),
        ("MW-KR2", "Mieszkanie wspierane Kraków 2", 5),
    )
    path = workbook(
        tmp_path / "obecnosc_listopad_2026.xlsx",
        {
            "Obecność": [
                ["Obecność w mieszkaniu Kraków 1 - listopad 2026"],
                ["Liczba miejsc: 4"],
                [],
                ["Mieszkaniec", *(f"{day}." for day in NOVEMBER), "Razem"],
                ["MW-01", *nights(30), 30],
                ["MW-02", *nights(20), 20],
                ["Razem", *([2] * 20 + [1] * 10), 50],
                [],
                ["Obecność w mieszkaniu Kraków 2 - listopad 2026"],
                ["Liczba miejsc: 5"],
                [],
                ["Mieszkaniec", *(f"{day}." for day in NOVEMBER), "Razem"],
                ["MW-11", *nights(30), 30],
                ["MW-12", *nights(30), 30],
                ["MW-13", *nights(10), 10],
                ["Razem", *([3] * 10 + [2] * 20), 70],
            ]
        },
    )
    sub = read(workspace, path, "klub-pl", validate=True)
    assert sub.errors == []
    housing = sub.tables["housing"]
    # each unit named by its title and with the places its title states, on the row the
    # partner sees its header
    assert housing[
        ["sheet_row", "site_id", "places", "residents", "resident_nights"]
    ].values.tolist() == [[4, "MW-KR1", 4, 1, 50], [12, "MW-KR2", 5, 2, 70]]
    assert {p.rule for p in sub.problems} == {"register_without_moves"}


def test_two_presence_registers_one_above_the_other_without_totals_are_each_read(
    workspace, tmp_path
):
    with_housing(
        workspace,
        "endring-no",
        ("BF-SV", "Bofellesskap Sandvika", 6),
        ("BF-AS", "Bofellesskap Åssiden", 5),
    )
    path = workbook(
        tmp_path / "tilstedevaerelse_november_2026.xlsx",
        {
            "November": [
                ["Bofellesskap Sandvika - november 2026"],
                ["Beboer", *NOVEMBER],
                ["HJ-01", *nights(30)],
                ["HJ-02", *nights(12)],
                [],
                ["Bofellesskap Åssiden - november 2026"],
                ["Beboer", *NOVEMBER],
                ["HJ-11", *nights(30)],
            ]
        },
    )
    sub = read(workspace, path, "endring-no", validate=True)
    # the second unit's title is no resident's name, its header no resident's marks
    assert sub.errors == []
    assert [p.rule for p in sub.warnings] == ["register_without_moves"] * 2
    housing = sub.tables["housing"]
    assert housing[["site_id", "places", "residents", "resident_nights"]].values.tolist() == [
        ["BF-SV", 6, 1, 42],
        ["BF-AS", 5, 1, 30],
    ]


def test_a_presence_register_with_a_blank_row_under_its_title_takes_its_places_from_the_config(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Prisotnost v bivalni skupnosti - november 2026"],
                [],
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(30)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert sub.tables["housing"]["places"].tolist() == [5]


def test_a_presence_register_with_no_night_marked_in_the_months_last_week_is_told_unfinished(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(2)],
                ["SK-015", *nights(2)],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    # days 3 to 30 left blank: the month's end would count no resident, so the partner is told
    assert [(p.rule, p.row) for p in sub.warnings] == [
        ("register_without_moves", 1),
        ("register_unfinished", 1),
    ]
    assert sub.errors == []
    assert sub.tables["housing"][["residents", "resident_nights"]].values.tolist() == [[0, 4]]


def test_a_presence_register_with_a_night_marked_in_the_months_last_week_is_not_told_unfinished(
    workspace, tmp_path
):
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *nights(2)],
                # left on the 24th, the last week's first night: the unit stood empty after
                ["SK-015", *nights(24)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    assert [p.rule for p in sub.warnings] == ["register_without_moves"]


def with_open_days(workspace, unit, opened=None, closed=None):
    """The workspace's consortium.yaml with a housing unit's first and last nights open."""
    config = workspace / "consortium.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    site = next(s for p in data["partners"] for s in p.get("sites", []) if s["id"] == unit)
    site |= {k: v for k, v in {"opened": opened, "closed": closed}.items() if v}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_presence_registers_nights_before_its_unit_opened_are_an_error_naming_row_and_days(
    workspace, tmp_path
):
    with_open_days(workspace, "BS-MB", opened=date(2026, 11, 15))
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", *NOVEMBER],
                ["SK-014", *([None] * 14 + ["x"] * 16)],
                ["SK-015", *([None] * 9 + ["x"] * 21)],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    # SK-015 is marked from the 10th, five nights before the unit's first on the 15th
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("night_unit_not_open", 3, "10. nov. 2026 – 14. nov. 2026")
    ]
    assert sub.errors[0].params == {
        "unit": "Bivanjska skupnost Maribor",
        "first": "15. nov. 2026",
        "last": "30. nov. 2026",
    }


def test_a_presence_registers_night_after_its_unit_closed_is_an_error_in_the_partners_language(
    workspace, tmp_path
):
    with_housing(workspace, "hope-uk", ("HH-1", "Hope House", 4), language="en")
    with_open_days(workspace, "HH-1", closed=date(2026, 11, 3))
    path = workbook(
        tmp_path / "presence_november_2026.xlsx",
        {"Hope House": [["Resident", 1, 2, 3, 4, 5], ["HH-01", "P", "P", "P", "P", None]]},
    )
    sub = read(workspace, path, "hope-uk")
    [problem] = sub.errors
    # the 3rd is the unit's last night open: the 4th is the one night after it
    assert (problem.rule, problem.row, problem.column) == ("night_unit_not_open", 2, "4 Nov 2026")
    assert problem.params == {"unit": "Hope House", "first": "1 Nov 2026", "last": "3 Nov 2026"}


def test_a_presence_register_of_a_unit_open_all_month_is_unchanged_by_its_opening_day(
    workspace, tmp_path
):
    with_open_days(workspace, "BS-MB", opened=date(2026, 10, 1))
    path = workbook(
        tmp_path / "prisotnost_november_2026.xlsx",
        {"BS Maribor": [["Stanovalec", *NOVEMBER], ["SK-014", *nights(30)]]},
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert sub.tables["housing"]["resident_nights"].tolist() == [30]
