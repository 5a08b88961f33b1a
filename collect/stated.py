"""The month and the partner a file states about itself: in its name, in a title above the
table, or in a labelled cell (`Mesec: 2025-03`, `Partner | most-si`). Months are read as partner
staff write them, in numbers or in words of the five languages (`maj 2020`, `05_2020`,
`10/2021`, `oktobar 2021.`, `december_2020`), in Roman numerals (`III_2025`) or with the year in
two digits (`03_25`, `mart 25`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from itertools import pairwise

from collect import cells
from collect.formats import Sheet
from core.config import Consortium
from core.vocabulary import Vocabulary, normalise, vocabulary

HEADER_SEARCH_ROWS = 30
TITLE_ROWS = 3
# after a month word, the year also in two digits, 2020-2039 (`mart 25`, `mars25`)
YEAR_OF_WORDS = r"20\d\d|[2-3]\d"
# a month and its year, never the month of a whole date (`2026-11-02`, `02.11.2026`): a date
# in a file's name is more often the day it was sent than a day of the month it reports
PERIOD_IN_TEXT = re.compile(
    r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)(?![-.]\d\d(?!\d))"
    r"|(?<![^\W_])(?<!\d[./-])(?<!\d[./-] )(0?[1-9]|1[0-2]) ?[./_ -] ?(20\d\d)(?!\d)"
)
# the month in Roman numerals (`III_2025`, `XI. 2025`; I, V and X only with a dot or a dash,
# `Faza I 2025` is no month) or zero-padded before a two-digit year
# (`03_25`, `03-25`), the year 2020-2039; never part of a word or of a whole date (`01.03.25`)
ROMAN_PERIOD = re.compile(
    r"(?<![^\W_])(?:(XII|XI|IX|VIII|VII|VI|IV|III|II)\.? ?[./_ -]? ?|(X|V|I)(?:\. ?|[/_-]))"
    r"(20[2-3]\d|[2-3]\d)(?!\d)"
)
# a range of days (`01.10.2026. - 31.10.2026.`, `od 2026-10-01 do 2026-10-31`): the month both
# days fall in, and no month when they fall in two
DAY = r"\d{1,2}\.\s?\d{1,2}\.\s?20\d\d|20\d\d-\d{1,2}-\d{1,2}"
DAY_RANGE = re.compile(rf"({DAY})\.?\s*(?:[-–—]|\bdo\b|\bto\b|\btil\b)\s*({DAY})")
SHORT_YEAR_PERIOD = re.compile(r"(?<![\d.,/-])(0[1-9]|1[0-2])[-_.]([2-3]\d)(?![\d.,/-]?\d)")
# the words of a name and the dashes between them, which join two months into a range
# ("januar-oktober", "styczeń – październik"); numbers are left out (`januar 2026 - oktober 2026`)
WORDS_AND_DASHES = re.compile(r"[^\W\d_]+|[-–—]+")


def period_in_text(
    text: str, vocab: Vocabulary | None = None, language: str | None = None
) -> str | None:
    """The month a text states: `2025-03`, `03.2025`, `05_2020`, a month word and a year, or a
    range of days within one month."""
    if match := DAY_RANGE.search(text):
        return month_of_days(*match.groups())
    match = PERIOD_IN_TEXT.search(text)
    if match:
        year, month = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        return f"{year}-{int(month):02d}"
    if match := ROMAN_PERIOD.search(text):
        numeral = match.group(1) or match.group(2)
        return f"{full_year(match.group(3))}-{cells.ROMAN_MONTHS[numeral.lower()]:02d}"
    if match := SHORT_YEAR_PERIOD.search(text):
        return f"{full_year(match.group(2))}-{match.group(1)}"
    return period_in_words(text, vocab or vocabulary(), language)


def month_of_days(first: str, last: str) -> str | None:
    """The month of a range of days, when both fall in it."""
    try:
        start, end = cells.parse_date(first), cells.parse_date(last)
    except cells.CellError:
        return None
    if (start.year, start.month) != (end.year, end.month):
        return None
    return f"{start.year:04d}-{start.month:02d}"


def month_named(text: str, vocab: Vocabulary, language: str | None = None) -> int | None:
    """The month a name or a cell names ("Marec", "Mart 2025", "03", "oktober"), if it names one."""
    words = re.findall(r"[a-z]+|\d+", normalise(text))
    months = {vocab.month_of(w, language) for w in words if not w.isdigit()}
    months |= {int(w) for w in words if w.isdigit() and 1 <= int(w) <= 12 and len(words) == 1}
    months.discard(None)
    return months.pop() if len(months) == 1 else None


def range_of_months(
    text: str, vocab: Vocabulary | None = None, language: str | None = None
) -> tuple[int, int] | None:
    """The first and last month of a range a name gives, two months joined by a dash or a word
    of a range ("Poročilo januar - oktober 2026", "raport styczeń – październik 2026", "report
    January to October 2026", "od januarja do oktobra"), when it names no other month: how a
    workbook kept over the year is named when sent each month. Two months listed ("oktober in
    november", "oktober, november", "oktober_november") are no range, nor two in numbers
    ("10-11 2026" is as often days, `porady_10_11_2026` is read as two months)."""
    vocab = vocab or vocabulary()
    words = [
        "-" if word[0] in "-–—" else normalise(word) for word in WORDS_AND_DASHES.findall(text)
    ]
    named = [
        (at, month) for at, word in enumerate(words) if (month := vocab.month_of(word, language))
    ]
    if len({month for _, month in named}) != 2:
        return None
    for (first_at, first), (last_at, last) in pairwise(named):
        joined_by = " ".join(words[first_at + 1 : last_at])
        if first != last and (joined_by == "-" or joined_by in vocab.month_range_words):
            return first, last
    return None


def full_year(year: str) -> str:
    return year if len(year) == 4 else f"20{year}"


def period_in_words(text: str, vocab: Vocabulary, language: str | None = None) -> str | None:
    """`maj 2020`, `december_2020`, `oktobar 2021.`, `mart_25`: a month word, then a year. The partner's
    language decides a word two languages use for different months (`listopad`)."""
    # a word and its year apart, also when written together (`mars25`)
    words = re.findall(r"[a-z]+|\d+", normalise(text))
    for index, word in enumerate(words[:-1]):
        year = words[index + 1]
        if not re.fullmatch(YEAR_OF_WORDS, year):
            continue
        month = vocab.month_of(word, language)
        if month is not None:
            return f"{full_year(year)}-{month:02d}"
    # the year first (`2026 - oktober`), then only a year of four digits: `15 oktober` is a day
    for index, year in enumerate(words[:-1]):
        month = vocab.month_of(words[index + 1], language)
        if re.fullmatch(r"20\d\d", year) and month is not None:
            return f"{year}-{month:02d}"
    return None


def year_in_text(text: str) -> str | None:
    """The one year a text names (`korisnici_2026`), if it names one."""
    years = set(re.findall(r"(?<!\d)20[2-3]\d(?!\d)", text))
    return years.pop() if len(years) == 1 else None


def labelled_value(sheet: Sheet, words: frozenset[str]) -> list[object] | None:
    """The cells of the first row above the table labelled with one of `words` (`Mesec: 2025-03`,
    `Partner | most-si`), label first."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        label = next((c for c in row if not cells.is_blank(c)), None)
        if isinstance(label, str) and normalise(label.split(":")[0]) in words:
            return [c for c in row if not cells.is_blank(c)]
    return None


def period_in_sheet(
    sheet: Sheet, vocab: Vocabulary | None = None, language: str | None = None
) -> str | None:
    """The month stated above the header (`Mesec: 2025-03`, `Mjesec | 03.2025`) or in a title
    alone on its row (`Izvještaj o aktivnostima za oktobar 2026.`)."""
    vocab = vocab or vocabulary()
    texts = labelled_value(sheet, vocab.period_words)
    if texts is None:
        return period_in_title(sheet, vocab, language)
    dated = next((d for d in map(date_in, texts) if d), None)
    if dated:
        return f"{dated.year:04d}-{dated.month:02d}"
    return period_in_text(" ".join(str(t) for t in texts), vocab, language)


def date_in(value: object) -> date | None:
    """A date cell, or text written as a date (`1. 10. 2026`): beside a month's label, a day
    names its month."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return cells.parse_date(value)
    except cells.CellError:
        return None


def period_in_title(sheet: Sheet, vocab: Vocabulary, language: str | None) -> str | None:
    return next(filter(None, (period_in_text(t, vocab, language) for t in titles(sheet))), None)


def titles(sheet: Sheet) -> Iterator[str]:
    """The texts alone on a row of the sheet's first rows: its titles."""
    for row in sheet.rows[:TITLE_ROWS]:
        texts = [c for c in row if not cells.is_blank(c)]
        if len(texts) == 1 and isinstance(texts[0], str):
            yield texts[0]


def year_stated(name: str, sheets: list[Sheet]) -> int | None:
    """The one year a file's name, its sheets' names and their titles state
    ("ettervern_2026.xlsx", "Ettervernsgruppe 2026"): of its weeks ("Uke 45") and its dates
    without a year when it states no month."""
    texts = [name, *(s.name for s in sheets), *(t for s in sheets for t in titles(s))]
    years = {year for text in texts if (year := year_in_text(text))}
    return int(years.pop()) if len(years) == 1 else None


def partner_in_sheet(sheet: Sheet, config: Consortium, vocab: Vocabulary) -> str | None:
    texts = labelled_value(sheet, vocab.partner_words)
    if texts is None:
        return None
    stated = normalise(" ".join(str(t) for t in texts)[len(str(texts[0]).split(":")[0]) :])
    return next(
        (p.id for p in config.partners if stated in (normalise(p.id), normalise(p.name))), None
    )


def partner_in_text(text: str, config: Consortium) -> str | None:
    """A partner id written in a file name, e.g. `most-si_2025-03.xlsx`."""
    words = normalise(text)
    found = [
        partner
        for partner, pattern in partner_patterns(tuple(p.id for p in config.partners))
        if pattern.search(words)
    ]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=8)
def partner_patterns(ids: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    """Each partner id as a whole word of a normalised text."""
    return [
        (partner, re.compile(rf"(?<![a-z0-9]){re.escape(normalise(partner))}(?![a-z0-9])"))
        for partner in ids
    ]
