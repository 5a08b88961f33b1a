"""The export's narrative (export/narrative.py): the sentences a partner copies into its report,
read from a summary's published figures."""

import pandas as pd
import pytest
from conftest import ROOT

from core.config import load_consortium
from export.model import Report, Table, language_words
from export.narrative import sentences


def report(
    first: str,
    last: str,
    language: str,
    figures: dict[str, object],
    kinds: tuple[str, ...] = (),
    outstanding: pd.DataFrame | None = None,
) -> Report:
    """A report of only its summary's figures, the kinds of counselling held (`kinds`) and the
    tables owed that no file brought (`outstanding`): all the narrative's sentences read."""
    summary = pd.DataFrame(
        {"value": list(figures.values())}, index=pd.Index(list(figures), name="indicator_id")
    )
    return Report(
        consortium=load_consortium(CONFIG),
        first=first,
        last=last,
        partner=None,
        language=language,
        as_of=None,
        tables={"summary": Table("summary", summary, [])},
        partner_months=pd.DataFrame(),
        words=language_words(language),
        counselling_kinds=kinds,
        outstanding=pd.DataFrame() if outstanding is None else outstanding,
    )


COUNSELLING = {
    "counselling_sessions": 4,
    "counselling_hours": 3.0,
    "counselling_people_distinct": 6,
    "individual_counselling_hours": 3.0,
    "individual_counselling_people_distinct": 6,
}
INDIVIDUAL = ("individual",)
CONFIG = ROOT / "tests" / "fixtures" / "export" / "consortium.yaml"
# the probe's Polish consortium, September to November 2026: a counselling point's individual
# and family sessions, and a helpline's calls
MIXED = {
    "counselling_sessions": 55,
    "counselling_hours": 47.92,
    "counselling_people_distinct": 17,
    "individual_counselling_hours": 20.5,
    "individual_counselling_people_distinct": 9,
}
HELPLINE = {
    "counselling_sessions": 33,
    "counselling_hours": 22.92,
    "counselling_people_distinct": 6,
    "individual_counselling_hours": 0.0,
    "individual_counselling_people_distinct": 0,
}
HOUSING = {"housing_units": 1, "housing_places": 4, "resident_nights": "x", "occupancy_rate": "x"}


def test_one_month_reads_as_that_month_not_a_range_from_it_to_itself():
    text = " ".join(sentences(report("2026-09", "2026-09", "en", COUNSELLING, INDIVIDUAL)))
    assert text.startswith("In September 2026 the partners held 4 counselling sessions")


def test_one_month_reads_as_that_month_in_norwegian():
    text = " ".join(sentences(report("2026-09", "2026-09", "no", COUNSELLING, INDIVIDUAL)))
    assert text.startswith("I september 2026 ble det holdt 4 samtaler")


def test_a_range_of_months_reads_from_the_first_to_the_last():
    text = " ".join(sentences(report("2026-08", "2026-09", "en", COUNSELLING, INDIVIDUAL)))
    assert text.startswith("From August 2026 to September 2026 the partners held")


def test_all_counselling_is_told_with_its_kinds_then_the_individual_part_of_it():
    told = sentences(report("2026-09", "2026-11", "pl", MIXED, ("individual", "family", "phone")))
    # 47,9 hours of all kinds, as the targets table below says, not the 20,5 individual ones only
    assert told[:2] == [
        "W okresie od września 2026 do listopada 2026 przeprowadzono 55 porad (47,9 godziny) "
        "dla 17 osób: poradnictwo indywidualne, rodzinne i telefoniczne.",
        "Poradnictwo indywidualne trwało łącznie 20,5 godziny i objęło 9 uczestników.",
    ]


def test_a_helplines_calls_are_told_though_it_holds_no_individual_counselling():
    told = sentences(report("2026-09", "2026-11", "pl", HELPLINE, ("phone",)))
    assert told == [
        "W okresie od września 2026 do listopada 2026 przeprowadzono 33 porady (22,9 godziny) "
        "dla 6 osób: poradnictwo telefoniczne."
    ]


def test_anonymous_calls_are_told_without_a_count_of_nobody():
    # a helpline whose callers gave no code counts no person: "with 0 people" would be false
    figures = {**HELPLINE, "counselling_people_distinct": 0}
    told = sentences(report("2026-10", "2026-10", "en", figures, ("phone",)))
    assert told == [
        "In October 2026 the partners held 33 counselling sessions (22.9 hours): helpline calls."
    ]


def test_individual_counselling_alone_is_told_once():
    told = sentences(report("2026-09", "2026-09", "en", COUNSELLING, INDIVIDUAL))
    assert told == [
        "In September 2026 the partners held 4 counselling sessions (3 hours) with 6 different "
        "people: individual counselling."
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sl",
            "Meseca oktobra 2026 so opravili 2 svetovanji (3,5 ure) za 3 uporabnike: "
            "družinsko in telefonsko svetovanje.",
        ),
        (
            "bs",
            "Savjetovanje u toku oktobra 2026.: 2 savjetovanja (3,5 sati) za 3 korisnika, "
            "i to porodično i telefonsko.",
        ),
        (
            "pl",
            "W ciągu października 2026 przeprowadzono 2 porady (3,5 godziny) dla 3 osób: "
            "poradnictwo rodzinne i telefoniczne.",
        ),
        (
            "no",
            "I oktober 2026 ble det holdt 2 samtaler (3,5 timer) med 3 ulike personer: "
            "familiesamtaler og telefonsamtaler.",
        ),
        (
            "en",
            "In October 2026 the partners held 2 counselling sessions (3.5 hours) with 3 "
            "different people: family counselling and helpline calls.",
        ),
    ],
)
def test_counselling_is_told_in_each_language_with_the_forms_its_counts_take(language, expected):
    # 2 takes Slovene's dual, 3 the few form of Slovene and Polish
    figures = {
        **COUNSELLING,
        "counselling_sessions": 2,
        "counselling_hours": 3.5,
        "counselling_people_distinct": 3,
    }
    told = sentences(report("2026-10", "2026-10", language, figures, ("family", "phone")))
    assert told[0] == expected


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


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", "Jeszcze nie zgłoszono: Zavod Alfa (szkolenia, październik 2026)."),
        ("sl", "Še ni sporočeno: Zavod Alfa (izobraževanja, oktober 2026)."),
        ("bs", "Još nije prijavljeno: Zavod Alfa (edukacije, oktobar 2026.)."),
        ("no", "Ikke rapportert ennå: Zavod Alfa (opplæring, oktober 2026)."),
    ],
)
def test_a_month_not_yet_reported_is_named_as_a_month_standing_alone(language, expected):
    # "październik", not the genitive "października" of "od września … do listopada"
    owed = pd.DataFrame(
        {"partner_id": ["alfa"], "period": ["2026-10"], "table_name": ["trainings"]}
    )
    told = sentences(report("2026-09", "2026-11", language, {}, outstanding=owed))
    assert told == [expected]
