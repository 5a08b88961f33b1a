"""A housing sheet that gives each unit's occupancy in the month ("Zasedenost (%)") instead of
its resident nights: the nights are the share of the unit's places over the month's days, told
to the partner, as a funder's occupancy is the nights over the places' nights."""

import pytest
from own_sheets_support import read, workbook, writing_in
from test_intake_housing_presence import with_housing
from test_intake_own_sheets import HOUSING_SL

from core.messages import problem_text

UNITS = (("HU-1", "Hiša ena", 4), ("HU-2", "Hiša dva", 5))

# each language's header: unit, places, residents at the month's end, occupancy, admissions,
# planned and unplanned exits
HEADERS = {
    "sl": [
        "Enota",
        "Št. mest",
        "Stanovalci",
        "Zasedenost (%)",
        "Sprejemi",
        "Redni odhodi",
        "Izredni odhodi",
    ],
    "bs": [
        "Jedinica",
        "Broj mjesta",
        "Stanari",
        "Popunjenost (%)",
        "Prijemi",
        "Planirani odlasci",
        "Vanredni odlasci",
    ],
    "pl": [
        "Mieszkanie",
        "Liczba miejsc",
        "Mieszkańcy",
        "Obłożenie (%)",
        "Przyjęcia",
        "Wypisy planowe",
        "Wypisy nieplanowe",
    ],
    "no": [
        "Bolig",
        "Antall plasser",
        "Beboere",
        "Belegg (%)",
        "Innflyttet",
        "Planlagte utflyttinger",
        "Uplanlagte utflyttinger",
    ],
    "en": [
        "Unit",
        "Places",
        "Residents",
        "Occupancy (%)",
        "Admissions",
        "Planned exits",
        "Unplanned exits",
    ],
}


def housing_sheet(workspace, tmp_path, language, *rows, header=None):
    """A housing sheet of October 2026 (31 days) in `language`, read and checked."""
    writing_in(workspace, "endring-no", language)
    with_housing(workspace, "endring-no", *UNITS)
    path = workbook(
        tmp_path / "housing_october_2026.xlsx", {"Units": [header or HEADERS[language], *rows]}
    )
    return read(workspace, path, "endring-no", validate=True)


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_occupancy_instead_of_nights_gives_the_nights_of_the_places_over_the_month(
    workspace, tmp_path, language
):
    sub = housing_sheet(
        workspace,
        tmp_path,
        language,
        ["HU-1", 4, 3, "85 %", 1, 0, 0],
        ["HU-2", 5, 5, 1, 0, 0, 1],
    )
    assert sub.errors == []
    housing = sub.tables["housing"]
    # 85 % of 4 places over 31 nights is 105.4 nights; 1 is a cell formatted as 100 %
    assert housing["resident_nights"].tolist() == [105, 155]
    assert housing["exits_unplanned"].tolist() == [0, 1]
    told = [(p.rule, p.row, p.column) for p in sub.warnings if p.rule != "site_by_part_of_name"]
    assert told == [("nights_from_occupancy", 1, HEADERS[language][3])]
    assert "31" in problem_text(sub.warnings[-1], language)


def test_occupancy_as_a_whole_percent_or_with_a_decimal_comma_is_the_same_share(
    workspace, tmp_path
):
    sub = housing_sheet(
        workspace, tmp_path, "sl", ["HU-1", 4, 3, 50, 0, 0, 0], ["HU-2", 5, 5, "80,0%", 0, 0, 0]
    )
    assert sub.errors == []
    assert sub.tables["housing"]["resident_nights"].tolist() == [62, 124]


def test_an_occupancy_of_each_units_occupied_places_is_refused_not_read_as_percents(
    workspace, tmp_path
):
    # "Zasedenost" of 4 in a unit of 4 places (and 5 of 5) counts the places taken: read as
    # 4 % and 5 %, the units were counted 5 and 8 nights
    header = [*HEADERS["sl"][:3], "Zasedenost", *HEADERS["sl"][4:]]
    rows = (["HU-1", 4, 4, 4, 0, 0, 0], ["HU-2", 5, 5, 5, 0, 0, 0])
    sub = housing_sheet(workspace, tmp_path, "sl", *rows, header=header)
    assert [(p.rule, p.column) for p in sub.errors] == [("occupancy_counts_places", "Zasedenost")]


def test_occupancy_over_a_hundred_percent_is_an_error_naming_its_cell(workspace, tmp_path):
    sub = housing_sheet(workspace, tmp_path, "en", ["HU-1", 4, 3, "120%", 0, 0, 0])
    assert ("share_out_of_range", 2, "Occupancy (%)") in [
        (p.rule, p.row, p.column) for p in sub.errors
    ]


def test_occupancy_beside_the_nights_is_not_read_and_the_nights_count(workspace, tmp_path):
    header = [
        "Unit",
        "Places",
        "Residents",
        "Resident nights",
        "Occupancy (%)",
        "Admissions",
        "Planned exits",
        "Unplanned exits",
    ]
    sub = housing_sheet(
        workspace, tmp_path, "en", ["HU-1", 4, 3, 100, "85%", 0, 0, 0], header=header
    )
    assert sub.errors == []
    assert sub.tables["housing"]["resident_nights"].tolist() == [100]
    assert ("column_ignored", "Occupancy (%)") in [(p.rule, p.column) for p in sub.warnings]


def test_a_column_of_occupancy_holding_nights_is_not_read_as_a_share(workspace, tmp_path):
    # "Belegg" of 210: the nights themselves, maybe; asked for under their own header
    header = [
        "Bolig",
        "Antall plasser",
        "Beboere",
        "Belegg",
        "Innflyttet",
        "Planlagte utflyttinger",
        "Uplanlagte utflyttinger",
    ]
    sub = housing_sheet(workspace, tmp_path, "no", ["HU-1", 8, 7, 210, 0, 0, 0], header=header)
    assert [(p.rule, p.column) for p in sub.errors] == [("column_missing", "Overnattinger")]
    assert ("column_ignored", "Belegg") in [(p.rule, p.column) for p in sub.warnings]


def test_places_written_with_their_word_are_the_places(workspace, tmp_path):
    path = workbook(
        tmp_path / "nastanitve_november_2026.xlsx",
        {"List1": [HOUSING_SL, ["BS-LJ1", "4 mesta", 3, 90, 0, 0, 0]]},
    )
    sub = read(workspace, path, "most-si")
    assert sub.errors == []
    assert list(sub.tables["housing"]["places"]) == [4]
