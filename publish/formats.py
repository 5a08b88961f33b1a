"""How a published number or month is written, in the reader's language: one formatter for the
site, the charts, the exports and the narrative, after CLDR (Babel), never by hand.

Slovene writes 1.412,5, Polish and Norwegian 1 412,5 (a non-breaking space), English 1,412.5.
"""

from __future__ import annotations

import decimal
import math
from contextlib import AbstractContextManager
from datetime import date
from functools import cache

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from core.i18n import locale


def half_away_from_zero() -> AbstractContextManager[decimal.Context]:
    """Rounding as spreadsheets and the SQL of every figure round (17.25 to 17.3), not Babel's
    default half to even (17.2), so a page agrees with the export and the partner's own sum."""
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, decimals: int = 0, language: str = "en") -> str:
    """A number with exactly `decimals` decimals; empty when there is none."""
    if missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with half_away_from_zero():
        return format_decimal(value, pattern, locale=locale(language), decimal_quantization=True)


def short_number(value: float | None, language: str = "en", decimals: int = 1) -> str:
    """A number with up to `decimals` decimals, none when it is whole (12 hours, 12,5 hours)."""
    if missing(value):
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    with half_away_from_zero():
        return format_decimal(value, pattern, locale=locale(language))


def percent(share: float | None, language: str = "en", decimals: int = 0) -> str:
    """A share (0.8 for 80 %) as a percentage in the language's way (80 % in Slovene, 80% in
    English); empty when there is none."""
    if missing(share):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + percent_sign(language)
    with half_away_from_zero():
        return format_percent(share, pattern, locale=locale(language), decimal_quantization=True)


def percent_sign(language: str = "en") -> str:
    """What follows a number in per cent in the language (CLDR): "\u00a0%" in Slovene and
    Norwegian, "%" in English and Polish; for a chart's axis and hover, which write the number."""
    return "\u00a0%" if "\u00a0%" in locale(language).percent_formats[None].pattern else "%"


@cache
def month(period: str, language: str = "en") -> str:
    """A month ("2026-10") as the language abbreviates it: "okt. 2026" in Slovene. Kept once
    written: a site writes the same few months on every chart, thousands of times."""
    year, month_number = period.split("-")
    return format_skeleton("yMMM", date(int(year), int(month_number), 1), locale=locale(language))


def separators(language: str) -> str:
    """Plotly's `separators`: the language's decimal mark, then its thousands separator."""
    return get_decimal_symbol(locale(language)) + get_group_symbol(locale(language))
