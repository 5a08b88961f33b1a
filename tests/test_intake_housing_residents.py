"""A housing unit's month kept as a list of its residents: a row per resident, the unit, the
day the resident moved in and the day the resident moved out, and maybe the nights."""

import pytest
from own_sheets_support import read, text_file, workbook, writing_in
from test_intake_housing_presence import with_housing

from core.messages import problem_text
from core.vocabulary import vocabulary

FIGURES = ["site_id", "residents", "resident_nights", "admissions"]
EXITS = ["exits_planned", "exits_unplanned"]
BERGEN = (("BF-BG1", "Bofellesskap Bergen Sentrum", 6), ("BF-BG2", "Bofellesskap Bergen Fana", 4))
LIST_NO = ["Beboer", "Bofellesskap", "Døgn", "Innflyttet", "Utflyttet"]


def bergen_list(workspace, tmp_path, rows, header=LIST_NO):
    """endring-no's list of residents of August 2026 in its two Bergen units, read and checked."""
    with_housing(workspace, "endring-no", *BERGEN)
    path = workbook(tmp_path / "bolig august 2026.xlsx", {"Bolig": [header, *rows]})
    return read(workspace, path, "endring-no", validate=True)


def test_a_list_of_residents_one_a_row_gives_each_units_month(workspace, tmp_path):
    sub = bergen_list(
        workspace,
        tmp_path,
        [
            ["BV-01", "BF-BG1", 31, None, None],
            ["BV-02", "BF-BG1", 31, None, None],
            ["BV-03", "BF-BG1", 12, "20.08.2026", None],
            ["BV-06", "BF-BG2", 31, None, None],
            ["BV-07", "BF-BG2", 25, None, "25.08.2026"],
        ],
    )
    assert sub.errors == []
    housing = sub.tables["housing"]
    # BV-03 moved in on the 20th; BV-07 moved out on the 25th, so is no resident at the
    # month's end; the nights are the rows'
    assert housing[FIGURES].values.tolist() == [["BF-BG1", 3, 74, 1], ["BF-BG2", 1, 56, 0]]
    assert housing["places"].tolist() == [6, 4]
    assert "BV-0" not in housing.to_string()


def test_a_units_exits_are_0_when_nobody_left_and_not_reported_when_their_kind_is_unsaid(
    workspace, tmp_path
):
    sub = bergen_list(
        workspace,
        tmp_path,
        [
            ["BV-01", "BF-BG1", 31, None, None],
            ["BV-07", "BF-BG2", 25, None, "25.08.2026"],
        ],
    )
    # whether BV-07's stay ended as planned the list does not say: the exits of its unit are
    # not reported, never guessed, and the partner is told which row
    assert sub.tables["housing"][EXITS].values.tolist() == [[0, 0], [None, None]]
    told = [(p.rule, p.row, p.column) for p in sub.warnings if p.rule == "move_out_kind_unsaid"]
    assert told == [("move_out_kind_unsaid", 3, "Utflyttet")]
    assert sub.errors == []


def test_a_column_of_each_move_outs_kind_gives_the_units_planned_and_unplanned_exits(
    workspace, tmp_path
):
    header = [*LIST_NO, "Type utflytting"]
    sub = bergen_list(
        workspace,
        tmp_path,
        [
            ["BV-01", "BF-BG1", 31, None, None, None],
            ["BV-07", "BF-BG1", 25, None, "25.08.2026", "planlagt"],
            ["BV-08", "BF-BG1", 9, None, "09.08.2026", "ikke planlagt"],
        ],
        header,
    )
    # the list says how each stay ended: one of each, where without the column both went
    # unreported (and a list with the column was no list at all)
    assert sub.problems == []
    assert sub.tables["housing"][EXITS].values.tolist() == [[1, 1]]


def test_a_list_of_residents_without_nights_counts_them_from_the_moves(workspace, tmp_path):
    with_housing(
        workspace,
        "oporavak-ba",
        ("SZ-SA", "Stambena zajednica Sarajevo", 6),
        ("SZ-MO", "Stambena zajednica Mostar", 4),
    )
    path = text_file(
        tmp_path / "stanari_2026_08.csv",
        [
            ["Šifra stanara", "Stambena zajednica", "Useljen", "Iseljen"],
            ["SA-01", "SZ-SA", "", ""],
            ["SA-02", "SZ-SA", "", ""],
            ["SA-03", "SZ-SA", "20.08.2026", ""],
            ["MO-06", "SZ-MO", "", ""],
            ["MO-07", "SZ-MO", "", "25.08.2026"],
        ],
    )
    sub = read(workspace, path, "oporavak-ba", validate=True)
    assert sub.errors == []
    housing = sub.tables["housing"]
    # from the night of the day moved in to the night before the day moved out: 31 + 31 + 12 in
    # Sarajevo, 31 + 24 in Mostar
    assert housing[FIGURES].values.tolist() == [["SZ-SA", 3, 74, 1], ["SZ-MO", 1, 55, 0]]


def test_a_running_list_keeps_earlier_move_ins_and_move_outs_planned_for_later(workspace, tmp_path):
    sub = bergen_list(
        workspace,
        tmp_path,
        [
            ["BV-01", "BF-BG1", "03.05.2026", None],
            ["BV-02", "BF-BG1", "11.06.2026", "15.09.2026"],
            ["BV-03", "BF-BG1", "20.08.2026", None],
        ],
        ["Beboer", "Bofellesskap", "Innflyttet", "Utflyttet"],
    )
    assert sub.errors == []
    housing = sub.tables["housing"]
    # BV-01 and BV-02 lived there all August (BV-02 leaves in September): no admission, no
    # exit; BV-03 moved in on the 20th
    assert housing[FIGURES].values.tolist() == [["BF-BG1", 3, 74, 1]]
    assert housing[EXITS].values.tolist() == [[0, 0]]


def test_a_resident_moving_to_another_unit_sleeps_each_night_of_the_month_once(workspace, tmp_path):
    path = workbook(
        tmp_path / "stanovalci_november_2026.xlsx",
        {
            "Stanovalci": [
                ["Stanovalec", "Bivanjska skupnost", "Vselitev", "Izselitev"],
                ["SK-014", "BS-LJ1", None, "15. 11. 2026"],
                ["SK-014", "BS-LJ2", "15. 11. 2026", None],
                ["SK-020", "BS-LJ2", None, "1. 11. 2026"],
                ["SK-021", "BS-LJ2", "5. 11. 2026", "8. 11. 2026"],
            ]
        },
    )
    sub = read(workspace, path, "most-si")
    housing = sub.tables["housing"]
    nights = dict(zip(housing["site_id"], housing["resident_nights"], strict=True))
    # the 1st to the 14th in LJ1, the 15th to the 30th in LJ2; none for SK-020; SK-021 three
    assert nights == {"BS-LJ1": 14, "BS-LJ2": 16 + 0 + 3}


def test_a_move_in_after_the_month_or_a_move_out_before_it_is_refused_naming_its_cell(
    workspace, tmp_path
):
    sub = bergen_list(
        workspace,
        tmp_path,
        [
            ["BV-01", "BF-BG1", 31, "02.09.2026", None],
            ["BV-07", "BF-BG1", 25, None, "25.07.2026"],
        ],
    )
    assert [(p.rule, p.row, p.column) for p in sub.errors] == [
        ("date_outside_month", 2, "Innflyttet"),
        ("date_outside_month", 3, "Utflyttet"),
    ]


def test_a_list_of_residents_on_a_sheet_named_for_its_unit_is_that_units_month(workspace, tmp_path):
    path = workbook(
        tmp_path / "stanovalci_november_2026.xlsx",
        {
            "BS Maribor": [
                ["Stanovalec", "Vselitev", "Izselitev"],
                ["SK-014", None, None],
                ["SK-015", "10. 11. 2026", None],
            ]
        },
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    # SK-015's nights from the 10th to the 30th, both counted: 30 + 21
    assert sub.tables["housing"][FIGURES].values.tolist() == [["BS-MB", 2, 51, 1]]


def test_a_list_of_residents_without_the_days_they_moved_is_refused_saying_what_to_add(
    workspace, tmp_path
):
    sub = bergen_list(
        workspace,
        tmp_path,
        [["BV-01", "BF-BG1", 31], ["BV-02", "BF-BG1", 12], ["BV-06", "BF-BG2", 31]],
        header=["Beboer", "Bofellesskap", "Døgn"],
    )
    # who of them came or left in the month the list does not say: one error at its header,
    # never a resident's code taken for a count of residents
    assert [(p.rule, p.sheet, p.row, p.column) for p in sub.errors] == [
        ("resident_list_without_moves", "Bolig", 1, "Beboer")
    ]
    assert "“Innflyttet” og “Utflyttet”" in problem_text(sub.errors[0], "no")
    assert "“Moved in” and “Moved out”" in problem_text(sub.errors[0], "en")


def test_a_housing_table_counting_its_residents_is_no_list_of_residents(workspace, tmp_path):
    sub = bergen_list(
        workspace,
        tmp_path,
        [["BF-BG1", 5, 150], ["BF-BG2", 3, 93]],
        header=["Bofellesskap", "Beboer", "Døgn"],
    )
    assert "resident_list_without_moves" not in {p.rule for p in sub.problems}
    assert "not_a_number" not in {p.rule for p in sub.problems}


@pytest.mark.parametrize(
    ("language", "header", "whole"),
    [
        (
            "pl",
            ["Mieszkanie", "Liczba miejsc", "Mieszkańcy", "Osobonoce", "Przyjęcia", "Wypisy"],
            "Wypisy",
        ),
        (
            "sl",
            ["Bivanjska skupnost", "Št. mest", "Stanovalci", "Nočitve", "Sprejemi", "Izhodi"],
            "Izhodi",
        ),
        ("en", ["Unit", "Places", "Residents", "Resident nights", "Admissions", "Exits"], "Exits"),
    ],
)
def test_exits_in_one_column_are_asked_to_be_split_into_planned_and_unplanned(
    workspace, tmp_path, language, header, whole
):
    writing_in(workspace, "most-si", language)
    path = workbook(
        tmp_path / "housing_october_2026.xlsx", {"S": [header, ["BS-LJ1", 4, 3, 90, 1, 2]]}
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert [(p.rule, p.column) for p in sub.errors] == [("column_undivided", whole)]
    told = problem_text(sub.errors[0], language)
    housing = vocabulary().tables["housing"]
    for part in ("exits_planned", "exits_unplanned"):
        assert housing.header(part, language).lower() in told.lower()


def test_exits_beside_their_planned_and_unplanned_parts_are_left_unread(workspace, tmp_path):
    header = [
        "Unit",
        "Places",
        "Residents",
        "Resident nights",
        "Admissions",
        "Planned exits",
        "Unplanned exits",
        "Exits",
    ]
    writing_in(workspace, "most-si", "en")
    path = workbook(
        tmp_path / "housing_october_2026.xlsx", {"S": [header, ["BS-LJ1", 4, 3, 90, 1, 1, 1, 2]]}
    )
    sub = read(workspace, path, "most-si", validate=True)
    assert sub.errors == []
    assert sub.tables["housing"][["exits_planned", "exits_unplanned"]].values.tolist() == [[1, 1]]
