"""The export's narrative (export/narrative.py): the sentences a partner copies into its report,
read from a summary's published figures."""

import pandas as pd

from export.model import Report, Table, language_words
from export.narrative import sentences


def report(first: str, last: str, language: str, figures: dict[str, object]) -> Report:
    """A report of only its summary's figures: all the narrative's sentences read."""
    summary = pd.DataFrame({"indicator_id": list(figures), "value": list(figures.values())})
    return Report(
        consortium=None,
        first=first,
        last=last,
        partner=None,
        language=language,
        as_of=None,
        tables={"summary": Table("summary", summary, [])},
        partner_months=pd.DataFrame(),
        words=language_words(language),
    )


COUNSELLING = {"individual_counselling_hours": 3.0, "individual_counselling_people_distinct": 6}
HOUSING = {"housing_units": 1, "housing_places": 4, "resident_nights": "x", "occupancy_rate": "x"}


def test_one_month_reads_as_that_month_not_a_range_from_it_to_itself():
    text = " ".join(sentences(report("2026-09", "2026-09", "en", COUNSELLING)))
    assert text.startswith("In September 2026 the partners held 3 hours")


def test_one_month_reads_as_that_month_in_norwegian():
    text = " ".join(sentences(report("2026-09", "2026-09", "no", COUNSELLING)))
    assert text.startswith("I september 2026 ble det holdt 3 timer")


def test_a_range_of_months_reads_from_the_first_to_the_last():
    text = " ".join(sentences(report("2026-08", "2026-09", "en", COUNSELLING)))
    assert text.startswith("From August 2026 to September 2026 the partners held")


def test_a_clause_whose_figures_are_hidden_is_left_out_and_the_hiding_said_once():
    text = " ".join(sentences(report("2026-09", "2026-09", "no", HOUSING)))
    # nights and occupancy are both "x": the sentence keeps the units and places only
    assert "1 bofellesskap med 4 plasser." in text
    assert "x" not in text.replace("skjult", "")
    assert text.endswith("Noen tall er skjult for å beskytte små antall.")


def test_a_shown_clause_stays_beside_a_hidden_one():
    figures = {**HOUSING, "resident_nights": 90}
    text = " ".join(sentences(report("2026-09", "2026-09", "en", figures)))
    assert "1 housing unit with 4 places gave 90 resident nights." in text


def test_no_word_of_hiding_when_nothing_is_hidden():
    figures = {**HOUSING, "resident_nights": 90, "occupancy_rate": 75.0}
    text = " ".join(sentences(report("2026-09", "2026-09", "en", figures)))
    assert "(occupancy 75.0%)" in text and "hidden" not in text
