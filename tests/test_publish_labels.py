"""Words and number formats of the site and the charts, per language: words from the label
catalogues, numbers, months and plural forms after CLDR."""

import pytest

from core.i18n import is_plural, plural_categories
from publish.labels import Labels, catalogue

LANGUAGES = ["sl", "bs", "pl", "no", "en"]


def keys(tree: dict, prefix: str = "") -> set[str]:
    """Every label's dotted key; plural forms count as one label."""
    out = set()
    for key, value in tree.items():
        if isinstance(value, dict) and not is_plural(value):
            out |= keys(value, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_every_english_label(language):
    assert keys(catalogue("en")) - keys(catalogue(language)) == set()


def test_slovene_numbers_have_dot_thousands_and_decimal_comma():
    assert Labels("sl").number(1412.5, 1) == "1.412,5"


def test_polish_numbers_group_thousands_with_a_non_breaking_space():
    assert Labels("pl").number(1412.5, 1) == "1\u00a0412,5"


def test_english_numbers_keep_comma_thousands():
    assert Labels("en").number(1412.5, 1) == "1,412.5"


def test_a_half_is_rounded_away_from_zero_as_in_the_export_and_spreadsheets():
    assert (Labels("sl").number(17.25, 1), Labels("sl").percent(0.825)) == ("17,3", "83\u00a0%")
    assert Labels("en").number(-2.5) == "-3"


def test_unclassified_and_unknown_are_said_in_the_language_in_every_code_set():
    assert Labels("sl").code("session_kind", "unclassified") == "nerazvrščeno"
    assert Labels("pl").code("main_addiction", "unknown") == "nieznane"


def test_plotly_separators_put_the_decimal_mark_first():
    assert Labels("sl").separators == ",."


def test_months_are_written_in_the_language():
    assert Labels("sl").month("2026-10") == "okt. 2026"


def test_codes_are_labelled_and_unknown_codes_shown_as_they_are():
    assert Labels("bs").code("sex", "female") == "ženski"
    assert Labels("bs").code("sex", "unheard-of") == "unheard-of"


def test_share_is_a_whole_percentage_written_as_the_language_writes_it():
    # CLDR: Slovene and Norwegian put a non-breaking space before the sign, English none
    assert Labels("sl").percent(0.877) == "88\u00a0%"
    assert Labels("no").percent(0.877) == "88\u00a0%"
    assert Labels("en").percent(0.877) == "88%"


def test_norwegian_months_follow_bokmal():
    assert Labels("no").month("2026-05") == "mai 2026"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_has_exactly_the_plural_forms_of_its_language(language):
    counts = catalogue(language)["counts"]
    assert {noun: set(forms) for noun, forms in counts.items()} == {
        noun: plural_categories(language) for noun in counts
    }


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [
        # Slovene: one, two (dual), few (3, 4), other; 101 and 102 behave as 1 and 2
        ("sl", 1, "1 datoteka"),
        ("sl", 2, "2 datoteki"),
        ("sl", 3, "3 datoteke"),
        ("sl", 5, "5 datotek"),
        ("sl", 102, "102 datoteki"),
        # Polish: one, few (2-4, 22-24 but not 12-14), many
        ("pl", 1, "1 plik"),
        ("pl", 3, "3 pliki"),
        ("pl", 5, "5 plików"),
        ("pl", 12, "12 plików"),
        ("pl", 22, "22 pliki"),
        # Bosnian: one (also 21), few (2-4), other
        ("bs", 1, "1 datoteka"),
        ("bs", 21, "21 datoteka"),
        ("bs", 3, "3 datoteke"),
        ("bs", 5, "5 datoteka"),
        # Norwegian Bokmål and English: one, other
        ("no", 1, "1 fil"),
        ("no", 2, "2 filer"),
        ("en", 1, "1 file"),
        ("en", 1412, "1,412 files"),
    ],
)
def test_counts_take_the_plural_form_of_their_language(language, count, text):
    assert Labels(language).counted("files", count) == text


@pytest.mark.parametrize(
    ("language", "volunteers"),
    [
        ("sl", "prostovolj"),
        ("bs", "volonter"),
        ("pl", "wolontariu"),
        ("no", "frivillig"),
        ("en", "volunteer"),
    ],
)
def test_trainings_for_staff_say_they_include_volunteers(language, volunteers):
    """The reader counts a training for volunteers as one for staff (core/vocabulary.yaml)."""
    assert volunteers in Labels(language).code("audience", "staff")
