import pandas as pd

from publish.disclosure import Reader, Sum, hidden_cells, protect


def frame(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def test_counts_from_one_to_k_minus_one_are_shown_as_less_than_k():
    published = protect(frame({"a": {"people": 3}, "b": {"people": 5}}), 5, ["people"])
    assert published["people"].tolist() == ["<5", 5]


def test_zero_stays_zero():
    published = protect(frame({"a": {"people": 0}, "b": {"people": 12}}), 5, ["people"])
    assert published["people"].tolist() == [0, 12]


def test_hours_are_not_suppressed_when_not_listed_as_people():
    published = protect(frame({"a": {"people": 2, "hours": 1.5}}), 5, ["people"])
    assert published.loc["a"].tolist() == ["<5", 1.5]


def test_one_hidden_cell_beside_a_total_hides_the_next_smallest_cell_too():
    # 3 hidden alone would be 40 - 9 - 28; hiding 9 (the smallest other non-zero) prevents that.
    table = frame(
        {"a": {"people": 3}, "b": {"people": 9}, "c": {"people": 28}, "total": {"people": 40}}
    )
    published = protect(table, 5, ["people"], total_row="total")
    assert published["people"].tolist() == ["<5", "x", 28, 40]


def test_complementary_suppression_iterates_across_rows_and_columns_until_stable():
    # The 2 in row r1 hides its row neighbour 6 (row total) and its column neighbour 7 (column
    # total); each of those then stands alone in its own column / row and needs a partner.
    table = frame(
        {
            "r1": {"p1": 2, "p2": 6, "p3": 20, "total": 28},
            "r2": {"p1": 7, "p2": 8, "p3": 30, "total": 45},
            "total": {"p1": 9, "p2": 14, "p3": 50, "total": 73},
        }
    )
    published = protect(
        table, 5, ["p1", "p2", "p3", "total"], total_row="total", total_column="total"
    )
    hidden = {
        (r, c)
        for r in published.index
        for c in published.columns
        if isinstance(published.at[r, c], str)
    }
    for row in published.index:
        assert len({c for r, c in hidden if r == row}) != 1, row
    for column in published.columns:
        assert len({r for r, c in hidden if c == column}) != 1, column
    assert published.at["r1", "p1"] == "<5" and published.at["r2", "p2"] == "x"


def test_a_figure_published_twice_is_hidden_in_both_places():
    values = {
        ("summary", "people", "value"): 30,
        ("by_partner", "total", "people"): 30,
        ("by_partner", "a", "people"): 2,
        ("by_partner", "b", "people"): 28,
    }
    sums = [
        Sum(
            ("by_partner", "total", "people"),
            (("by_partner", "a", "people"), ("by_partner", "b", "people")),
        )
    ]
    same = [[("summary", "people", "value"), ("by_partner", "total", "people")]]
    small, complements = hidden_cells(values, 5, sums, same)
    # Only a and b are hidden: the total (and so the summary) stays, since two parts hide each other.
    assert small == {("by_partner", "a", "people")}
    assert complements == {("by_partner", "b", "people")}


def test_a_small_total_hides_its_twin_and_a_part():
    values = {
        ("summary", "people", "value"): 4,
        ("by_partner", "total", "people"): 4,
        ("by_partner", "a", "people"): 0,
        ("by_partner", "b", "people"): 4,
    }
    sums = [
        Sum(
            ("by_partner", "total", "people"),
            (("by_partner", "a", "people"), ("by_partner", "b", "people")),
        )
    ]
    small, _ = hidden_cells(
        values, 5, sums, [[("summary", "people", "value"), ("by_partner", "total", "people")]]
    )
    assert ("by_partner", "a", "people") not in small and len(small) == 3


def test_a_hidden_cell_that_ranges_would_reveal_is_protected_further():
    # Row m: 2 + 4 = 6 and column a: 5 + 2 = 7. After the usual complement (5 -> x) a reader
    # knows x >= 5, so a's 2 is at most 2, and 6 - 4 at least 2: exactly 2. More must go.
    table = frame(
        {
            "f": {"a": 5, "b": 3, "total": 8},
            "m": {"a": 2, "b": 4, "total": 6},
            "total": {"a": 7, "b": 7, "total": 14},
        }
    )
    published = protect(table, 5, ["a", "b", "total"], total_row="total", total_column="total")
    assert published.at["m", "a"] == "<5"
    assert published.at["m", "total"] == "x" or published.at["total", "a"] == "x"


def months(
    values: dict[str, float], total: float, table: str = "per_month"
) -> tuple[dict, list[Sum]]:
    """Distinct people of some months and of all of them: an overlapping sum."""
    cells = {(table, m, "people"): v for m, v in values.items()}
    cells[(table, "total", "people")] = total
    parts = tuple(c for c in cells if c[1] != "total")
    return cells, [Sum((table, "total", "people"), parts, overlapping=True)]


def test_two_small_months_that_their_distinct_total_would_pin_down_hide_the_total():
    # 4 + 4 people, nobody in both months: "<5" and "<5" beside 8 can only be 4 each.
    values, sums = months({"jan": 4, "feb": 4}, 8)
    small, complements = hidden_cells(values, 5, sums)
    assert small == {("per_month", "jan", "people"), ("per_month", "feb", "people")}
    assert complements == {("per_month", "total", "people")}


def test_a_small_month_the_total_less_the_other_months_pins_down_hides_another_month():
    # 14 distinct over 4 and 10: the 4 is at least 14 - 10, and at most 4.
    values, sums = months({"jan": 4, "feb": 10}, 14)
    small, complements = hidden_cells(values, 5, sums)
    assert small == {("per_month", "jan", "people")}
    assert complements == {("per_month", "feb", "people")}


def test_a_small_month_among_people_who_come_back_needs_no_complement():
    # The same people month after month: the total says no more than "at most 20" of the 3.
    values, sums = months({"jan": 3, "feb": 20}, 20)
    assert hidden_cells(values, 5, sums) == ({("per_month", "jan", "people")}, set())


def test_small_counts_a_total_pins_down_together_cost_one_more_cell_not_the_total():
    # 4 + 4 + 4 + 6 + 6 = 24: "<5" three times beside 6, 6 and 24 can only be 4 each. Hiding
    # one 6 leaves them 1 to 4 and the 6 at least 5: enough, and the total of 24 stays shown.
    values = {
        ("by_kind", kind, "people"): v for kind, v in zip("abcde", [4, 4, 4, 6, 6], strict=True)
    }
    total = ("by_kind", "total", "people")
    small, complements = hidden_cells({**values, total: 24}, 5, [Sum(total, tuple(values))])
    assert small == {("by_kind", kind, "people") for kind in "abc"}
    assert complements == {("by_kind", "d", "people")}


def test_a_reader_works_out_again_only_the_cells_tied_to_those_a_round_hides():
    # Two tables share no sum: hiding a's total changes nothing a reader tells of b's months,
    # which are not worked out again (two tables worked out, then a alone).
    a, a_sums = months({"jan": 4, "feb": 4}, 8, table="a")
    b, b_sums = months({"jan": 4, "feb": 4}, 8, table="b")
    values, sums = a | b, a_sums + b_sums
    small = {cell for cell in values if cell[1] != "total"}
    reader = Reader(values, small, sums, [], 5)
    # "<5" twice beside 8 distinct people: 4 each, in both tables
    assert reader.derivable(small) == small
    widened = small | {("a", "total", "people")}
    # a's months beside a total of at least 5: 1 to 4 each; b's still 4 each
    assert reader.derivable(widened) == {cell for cell in small if cell[0] == "b"}
    assert reader.worked_out == 3
    assert reader.derivable(widened) == Reader(values, small, sums, [], 5).derivable(widened)
