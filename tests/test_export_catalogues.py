"""The export's word catalogues (export/languages): every language says what English says, and
every count in the narrative has exactly the plural forms its language's CLDR rule uses."""

import pytest
import yaml

from core.i18n import is_plural, plural_categories
from core.vocabulary import vocabulary
from export.frames import category_rows
from export.tables import HERE, indicators
from publish.labels import LABELS_DIR

LANGUAGES = ["sl", "bs", "pl", "no", "en"]


def own_words(language: str) -> dict:
    """The catalogue file as written, without English filling any gap."""
    return yaml.safe_load((HERE / "languages" / f"{language}.yaml").read_text(encoding="utf-8"))


def keys(tree: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in tree.items():
        if isinstance(value, dict) and not is_plural(value):
            out |= keys(value, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_every_english_key(language):
    assert keys(own_words("en")) - keys(own_words(language)) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_narrative_count_has_exactly_the_plural_forms_of_its_language(language):
    counts = own_words(language)["narrative"]["counts"]
    assert set(counts) <= set(indicators())
    assert {i: set(forms) for i, forms in counts.items()} == {
        i: plural_categories(language) for i in counts
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_names_every_kind_of_counselling_session_of_the_vocabulary(language):
    # the narrative names the kinds held: a kind the vocabulary adds needs its words here
    kinds = own_words(language)["narrative"]["counselling_kinds"]
    assert set(kinds) == set(vocabulary().code_words["session_kind"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_small_marks_people_have_exactly_the_plural_forms_of_their_language(language):
    forms = own_words(language)["words"]["small_people"]
    assert set(forms) == plural_categories(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_of_the_people_sheet_has_the_sites_word_in_every_language(language):
    # the people sheet names each category as the site's pages do (publish/labels); one the
    # language's own label catalogue does not name would be shown in English or by its code
    labels = yaml.safe_load((LABELS_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    codes = labels["codes"]
    unnamed = [
        (d, c) for d, c in category_rows() if c not in codes.get(d, {}) and c not in codes["any"]
    ]
    assert unnamed == []
