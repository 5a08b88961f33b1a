"""Words and number formats of the dashboards, per language, from the label catalogues."""

import pytest

from dashboards.labels import Labels, catalogue

LANGUAGES = ["sl", "bs", "pl", "no", "en"]


def keys(tree: dict, prefix: str = "") -> set[str]:
    return {
        f"{prefix}{k}" if not isinstance(v, dict) else sub
        for k, v in tree.items()
        for sub in (keys(v, f"{prefix}{k}.") if isinstance(v, dict) else [None])
    } - {None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_every_english_label(language):
    assert keys(catalogue("en")) - keys(catalogue(language)) == set()


def test_slovene_numbers_have_dot_thousands_and_decimal_comma():
    assert Labels("sl").number(1412.5, 1) == "1.412,5"


def test_polish_numbers_group_thousands_with_a_non_breaking_space():
    assert Labels("pl").number(1412.5, 1) == "1\u00a0412,5"


def test_english_numbers_keep_comma_thousands():
    assert Labels("en").number(1412.5, 1) == "1,412.5"


def test_plotly_separators_put_the_decimal_mark_first():
    assert Labels("sl").separators == ",."


def test_months_are_written_in_the_language():
    assert Labels("sl").month("2026-10") == "okt. 2026"


def test_codes_are_labelled_and_unknown_codes_shown_as_they_are():
    assert Labels("bs").code("sex", "female") == "ženski"
    assert Labels("bs").code("sex", "unheard-of") == "unheard-of"


def test_share_is_a_whole_percentage():
    assert Labels("sl").percent(0.877) == "88 %"
