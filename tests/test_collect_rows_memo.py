"""Cells repeat from file to file, so a reader keeps each distinct value's result for the rest
of the process: what it keeps gives exactly what working the value out again gives."""

import numpy as np

from collect import rows


def test_a_kept_result_is_given_for_the_same_value_in_a_later_file():
    calls = []
    kept = rows.memo("test", "counted")

    def counted(value):
        calls.append(value)
        return f"<{value}>"

    first = rows.per_value(np.array(["LJ-1", "LJ-2", "LJ-1"], dtype=object), counted, kept)
    later = rows.per_value(np.array(["LJ-2", None, "LJ-3"], dtype=object), counted, kept)
    assert first.tolist() == ["<LJ-1>", "<LJ-2>", "<LJ-1>"]
    assert later.tolist() == ["<LJ-2>", "<None>", "<LJ-3>"]
    assert [c for c in calls if c is not None] == ["LJ-1", "LJ-2", "LJ-3"]


def test_equal_values_of_other_types_are_kept_apart():
    kept = rows.memo("test", "typed")
    rows.per_value(np.array([1.0], dtype=object), repr, kept)
    later = rows.per_value(np.array([1, True], dtype=object), repr, kept)
    # pandas gives 1 and True one code within a column; across columns each type has its own
    assert later.tolist()[0] == "1"
    assert rows.per_value(np.array([True], dtype=object), repr, kept).tolist() == ["True"]


def test_the_kept_results_start_again_when_they_reach_their_bound(monkeypatch):
    monkeypatch.setattr(rows, "VALUES_KEPT", 2)
    kept = rows.memo("test", "bounded")
    rows.per_value(np.array(["a", "b"], dtype=object), repr, kept)
    assert rows.memo("test", "bounded") is not kept
    assert rows.memo("test", "bounded") == {}


def test_a_text_and_a_number_that_read_alike_are_kept_apart():
    kept = rows.memo("test", "text_or_number")
    rows.per_value(np.array(["1", "2"], dtype=object), repr, kept)
    later = rows.per_value(np.array([1, "2"], dtype=object), repr, kept)
    assert later.tolist() == ["1", "'2'"]
    assert rows.per_value(np.array(["1"], dtype=object), repr, kept).tolist() == ["'1'"]
