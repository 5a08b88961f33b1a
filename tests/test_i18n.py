"""CLDR plural categories as core.i18n picks them for counts as our pages write them."""

import pytest

from core.i18n import locale, plural_category


@pytest.mark.parametrize(
    ("language", "written", "category"),
    [
        # a decimal count is "few" in Slovene (5,5 ure), "other" in Polish (5,5 godziny)
        ("sl", "5,5", "few"),
        ("pl", "5,5", "other"),
        # thousands separators are read as the language writes them
        ("sl", "1.412", "other"),
        ("sl", "1.402", "two"),
        ("pl", "1\u00a0422", "few"),
        # the complementary mark is not a number: the general form
        ("bs", "x", "other"),
    ],
)
def test_a_written_count_takes_the_category_of_the_number_it_shows(language, written, category):
    assert plural_category(language, written) == category


@pytest.mark.parametrize(
    ("language", "written", "category"),
    [("pl", "<3", "few"), ("pl", "<5", "many"), ("sl", "<3", "few"), ("sl", "<5", "other")],
)
def test_a_small_counts_mark_takes_the_category_of_the_number_it_is_below(
    language, written, category
):
    # "<3" reads "fewer than 3": "dla <3 osób" (few), "dla <5 osób" (many), never Polish
    # "other", the form of a fraction ("<5 osoby")
    assert plural_category(language, written) == category


def test_norwegian_is_written_in_bokmal():
    assert str(locale("no")) == "nb"


def test_a_time_is_written_as_each_language_writes_dates():
    from datetime import UTC, datetime

    from core.i18n import moment

    when = datetime(2026, 11, 3, 9, 5, tzinfo=UTC)
    # CLDR's date with the year in full and short time: Slovene spaced, Bosnian with a closing
    # dot, Polish unspaced; in the consortium's time zone, named
    assert moment(when, "sl", "Europe/Ljubljana") == "3. 11. 2026, 10:05 CET"
    assert moment(when, "bs", "Europe/Sarajevo") == "3. 11. 2026. 10:05 CET"
    assert moment(when, "pl") == "3.11.2026, 09:05 UTC"


@pytest.mark.parametrize("language", ["sl", "bs", "pl", "no", "en"])
@pytest.mark.parametrize("skeleton", ["yMd", "yMMMM"])
def test_a_date_pattern_found_once_writes_dates_as_babel_finds_them_each_time(language, skeleton):
    from datetime import date

    from babel.dates import format_datetime, format_skeleton

    from core.i18n import skeleton_pattern

    # the pattern is looked up once per language; a date written with it is Babel's own
    when = date(2026, 2, 28)
    assert format_datetime(
        when, skeleton_pattern(skeleton, language), locale=locale(language)
    ) == format_skeleton(skeleton, when, locale=locale(language))


def test_a_report_says_the_same_in_its_text_and_on_its_page():
    from datetime import UTC, datetime

    from core.submission import Problem, Submission
    from validate.feedback import feedback_html, feedback_text

    sub = Submission("ab" * 32, "maj.xlsx", 10, datetime(2026, 6, 2, tzinfo=UTC), "p", "2026-05")
    sub.problems.append(Problem("warning", "hours_unusual", "Ure", 3, "Ure", {"hours": 12.5}))
    # the facts and the counts are worked out once for both forms of the report
    text, page = feedback_text(sub, "sl"), feedback_html(sub, "sl")
    assert "maj 2026" in text and "maj 2026" in page
    assert "0 napak, 1 opozorilo" in text and "0 napak, 1 opozorilo" in page
