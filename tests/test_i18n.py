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
        # a suppression mark is not a number: the general form
        ("sl", "<5", "other"),
        ("bs", "x", "other"),
    ],
)
def test_a_written_count_takes_the_category_of_the_number_it_shows(language, written, category):
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
