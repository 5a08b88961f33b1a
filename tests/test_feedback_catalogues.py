"""Every message catalogue says everything en.yaml says, with the same placeholders."""

import string
from pathlib import Path

import pytest
import yaml

MESSAGES = Path(__file__).resolve().parents[1] / "validate" / "messages"
LANGUAGES = ["sl", "bs", "pl", "no"]


def flat(tree, prefix=""):
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def catalogue(language):
    return flat(yaml.safe_load((MESSAGES / f"{language}.yaml").read_text(encoding="utf-8")))


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


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
