"""Every message catalogue says everything en.yaml says, with the same placeholders."""

import string

import pytest
import yaml

from core.i18n import is_plural, plural_categories
from core.messages import MESSAGES_DIR as MESSAGES

LANGUAGES = ["sl", "bs", "pl", "no"]


def flat(tree, prefix=""):
    """Every text by its dotted key; plural forms count as one entry (languages have different
    sets of forms)."""
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict) and not is_plural(value):
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def catalogue(language):
    return flat(yaml.safe_load((MESSAGES / f"{language}.yaml").read_text(encoding="utf-8")))


def placeholders(text):
    texts = text.values() if isinstance(text, dict) else [text]
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(str(t)) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_exactly_the_keys_of_english(language):
    assert set(catalogue(language)) == set(catalogue("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_use_the_same_placeholders_as_english(language):
    english, translated = catalogue("en"), catalogue(language)
    assert {k: placeholders(v) for k, v in translated.items()} == {
        k: placeholders(v) for k, v in english.items()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_not_left_in_english(language):
    english, translated = catalogue("en"), catalogue(language)
    rules = [k for k in english if k.startswith("rules.")]
    assert sum(translated[k] == english[k] for k in rules) == 0


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_every_count_has_exactly_the_plural_forms_of_its_language(language):
    counts = yaml.safe_load((MESSAGES / f"{language}.yaml").read_text(encoding="utf-8"))["counts"]
    assert {noun: set(forms) for noun, forms in counts.items()} == {
        noun: plural_categories(language) for noun in counts
    }
