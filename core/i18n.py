"""Languages: one loader for every word catalogue (feedback messages, page labels, export words)
and the CLDR rules Babel knows for each of our languages (plural forms, number marks).

A catalogue is a folder of <language>.yaml files; English fills any key a translation lacks, so
a new language can start small. A count shown with a noun takes its form from the catalogue's
plural forms, chosen by the language's CLDR rule: Slovene has a dual ("2 napaki"), Polish and
Bosnian a few form ("3 pliki", "3 datoteke"), Polish a many form ("5 plików").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, match_skeleton
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_decimal,
    get_decimal_symbol,
    parse_decimal,
    parse_pattern,
)

from core.yaml_files import yaml_file

FALLBACK = "en"
# Our language codes where CLDR's differ: Norwegian is written Bokmål ("nb"); English as written in
# Europe (day before month, 24-hour clock).
CLDR_CODES = {"no": "nb", "en": "en_GB"}


@cache
def locale(language: str) -> Locale:
    """Babel's locale of one of our language codes."""
    return Locale.parse(CLDR_CODES.get(language, language))


def day(when: date, language: str) -> str:
    """A day as the reader's language writes it in full ("13. maj 2025", "13 maja 2025")."""
    return format_date(when, "medium", locale=locale(language))


@cache
def month_name(period: str, language: str) -> str:
    """A month ("2026-10") as the language writes it in full ("oktober 2026")."""
    year, month = period.split("-")
    return format_datetime(
        date(int(year), int(month), 1), skeleton_pattern("yMMMM", language), locale=locale(language)
    )


def moment(when: datetime, language: str, zone: str = "UTC") -> str:
    """A time as the reader's language writes it, the year in full, in the time zone `zone`
    (the consortium's), named ("3. 11. 2026, 10:05 CET")."""
    local = when.astimezone(ZoneInfo(zone))
    words = locale(language)
    day = format_datetime(local, skeleton_pattern("yMd", language), locale=words)
    time = format_time(local, "short", tzinfo=ZoneInfo(zone), locale=words)
    return f"{words.datetime_formats['short'].format(time, day)} {local.tzname()}"


@cache
def skeleton_pattern(skeleton: str, language: str) -> str:
    """The language's date pattern closest to a CLDR skeleton ("yMd" is "d. M. y" in Slovene),
    as Babel's format_skeleton finds it: once per language, not per date written."""
    patterns = locale(language).datetime_skeletons
    return patterns[skeleton if skeleton in patterns else match_skeleton(skeleton, patterns)]


@cache
def catalogue(folder: Path, language: str) -> dict[str, Any]:
    """The words of `language` in the catalogue `folder`, English filling what is missing."""
    english = _read(folder / f"{FALLBACK}.yaml")
    path = folder / f"{language}.yaml"
    if language == FALLBACK or not path.exists():
        return english
    return _merged(english, _read(path))


def figure(value: float, language: str, decimals: int = 1) -> str:
    """A figure in a sentence as the reader's language writes it, to `decimals` decimals and
    none when whole: "4,5" and "62" in Slovene, never Python's "4.5" and "62.0"."""
    return format_decimal(
        round(value, decimals), decimal_pattern(decimals), locale=locale(language)
    )


@cache
def decimal_mark(language: str) -> str:
    """The mark the language writes before a figure's decimals: "." in English, "," in the
    others ("1,5")."""
    return get_decimal_symbol(locale(language))


@cache
def decimal_pattern(decimals: int) -> NumberPattern:
    """Babel's pattern of a figure to `decimals` decimals, none shown when whole, parsed once."""
    return parse_pattern("#,##0." + "#" * decimals)


def _read(path: Path) -> dict[str, Any]:
    return yaml_file(path) or {}


def _merged(base: dict, override: dict) -> dict:
    """`override` over `base`; a section holding plural forms is taken whole, since languages
    have different sets of forms."""
    out = {}
    for key, value in base.items():
        if isinstance(value, dict) and not is_plural(value):
            out[key] = _merged(value, override.get(key) or {})
        else:
            out[key] = override.get(key, value)
    return out


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def is_plural(entry: object) -> bool:
    """Plural forms: a mapping from CLDR plural categories to texts, "other" among them."""
    return isinstance(entry, dict) and "other" in entry and set(entry) <= set(PLURAL_CATEGORIES)


def plural_categories(language: str) -> set[str]:
    """The CLDR plural categories of a language, e.g. {"one", "two", "few", "other"} for Slovene."""
    return {*locale(language).plural_form.tags, "other"}


def plural_category(language: str, count: float | int | Decimal | str) -> str:
    """The CLDR category of a count as it is written: "12,5" hours is "few" in Slovene, 12 "other".

    A count given as text (a figure written with its decimals) keeps its visible decimals; a
    small count's mark "<3" reads "fewer than 3", so it takes the category of 3 ("<3 osoby",
    "<5 osób"); any other text that is not a number (the mark "x") takes "other".
    """
    if isinstance(count, str):
        count = count.removeprefix("<")
        try:
            count = parse_decimal(count, locale(language))
        except NumberFormatError:
            return "other"
    elif isinstance(count, float) and count.is_integer():
        count = int(count)
    return locale(language).plural_form(count)


def counted(forms: dict[str, str], language: str, count: object, shown: str | None = None) -> str:
    """A count with its noun in the right form: forms {"one": "{n} file", "other": "{n} files"}.

    `shown` is the count as the page writes it (with the language's marks), when it differs.
    """
    text = shown if shown is not None else str(count)
    category = plural_category(language, text if shown is not None else count)
    return (forms.get(category) or forms["other"]).format(n=text)
