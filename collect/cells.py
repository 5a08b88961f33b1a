"""Cell values as partners write them (decimal commas, `1:30` hours, `16. 10. 2021` dates) to
Python values. A parser returns the value or raises CellError naming the rule that failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from core import i18n
from core.vocabulary import CYRILLIC_TO_LATIN, normalise, vocabulary

EXCEL_EPOCH_1900 = date(1899, 12, 30)
EXCEL_EPOCH_1904 = date(1904, 1, 1)
# the last day a month may have: a whole number up to it in a date column is a day of the month
MAX_DAY = 31
# an Excel date's serial number written as text in a date column: of 2009 to 2064
_EXCEL_SERIAL = re.compile(r"\d{5}")
EXCEL_SERIALS_IN_TEXT = range(40000, 60000)
# a date written year, month and day without separators (20261005), as some systems export one
_COMPACT_DATE = re.compile(r"(20\d\d)(\d\d)(\d\d)")
EXCEL_ERRORS = frozenset(
    {"#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
_THOUSANDS = re.compile(r"(?<=\d)[\s\u00a0\u202f'’](?=\d{3}(?:\D|$))")
# a mark between a figure's digits and three more: the thousands of "1,240" or the decimals of
# "1,240" (1.24), as the figure's language has it
_ONE_GROUP = re.compile(r"[-+]?[1-9]\d{0,2}[.,]\d{3}")
# digits grouped by thousands with one mark ("1.240.000", "12,500")
_GROUPED = re.compile(r"[-+]?\d{1,3}([.,])\d{3}(?:\1\d{3})*")
# a figure written with a mark in a cell, maybe with words around it ("1,5", "cca 2.25 h")
_MARKED_FIGURE = re.compile(r"(?<![\d.,:/])\d+(?:[.,]\d+)+(?![\d.,:/])")
_DATE_DMY = re.compile(r"^(\d{1,2})[.-]\s*(\d{1,2})[.-]\s*(\d{4}|\d{2})\.?$")
# "5. oktober 2026", "1 paź", "01-Oct-26" (Excel's own in a CSV), "25 Oct 26"
_DATE_WORDS = re.compile(
    r"^(\d{1,2})(?:\.|st|nd|rd|th)?[\s-]*([^\W\d_]+)\.?(?:[\s-]*(\d{4}|\d{2})\.?)?$"
)
# the month's word first: "May 6, 2025"
_DATE_WORD_FIRST = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
# what may follow a date in its cell: the time ("6.5.2025 17:30", "6.5.2025 kl. 17.30"; with a
# dot only after the year or "kl.", as "16. 10.21" is a date), Polish "r." (roku), Bosnian
# "godine" ("5.10.2026. godine", "5.10.2026. g.")
_AFTER_DATE = re.compile(
    r"(?<=[\d.])(?:\s+(?:kl\.?\s*)?\d{1,2}:\d{2}(?::\d{2})?|\s+kl\.?\s*\d{1,2}\.[0-5]\d"
    r"|\s*(?:r\.?|roku|god\.?|godine|godina|g\.))$|(?<=\d{4})\.?\s+\d{1,2}\.[0-5]\d$"
)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DATE_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
# a day and a month, the year left to the file's month ("5. 3.", "05.03.")
_DATE_DM = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.?$")
_DATE_DM_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})$")
# the first of days of one month, then the last written whole: "13.–14. 10. 2026", "6 in 7. 5."
_DAY_RANGE = re.compile(
    r"^(\d{1,2})\.?\s*(?:[-–—]|\b(?:in|i|oraz|og|and)\b|&)\s*(\d{1,2}(?:\.|\s).*)$"
)
# a word before a date, a day of the week if CLDR names one ("wt., 6 maja 2025", "torek 6. 5.")
_LEADING_WORD = re.compile(r"^([^\W\d_]+)\.?,?\s*(?=\d)")
WEEKDAY_LOCALES = ("sl", "bs", "hr", "sr", "sr_Latn", "pl", "nb", "en")
_TIME_OF_DAY = re.compile(
    r"^(\d{1,2})(?:\s*[:.h]\s*([0-5]\d)(?::[0-5]\d)?)?\s*(?:h|ura|uhr|sat|godz\.?|kl\.?)?$"
)
# the time a session or meeting took, written in one cell: "17:30–19:00", "od 10h do 11.30"
_CLOCK = r"(\d{1,2}(?:\s*[:.h]\s*[0-5]\d)?)\s*(?:h|uri|ure|sati|godz\.?)?"
_TIME_SPAN = re.compile(
    rf"^(?:od|from|fra|kl\.?)?\s*{_CLOCK}\s*(?:-|–|—|do|to|til|until)\s*(?:kl\.?)?\s*{_CLOCK}$"
)
# hours of the day with their unit after each ("17h-19h"), or from one to the other in words
# ("od 17 do 19"): a span of the day from FIRST_HOUR on; from AFTERNOON on, "17-19h" too
_HOURS_OF_DAY = re.compile(
    r"^(?:(?:od|from|fra|kl\.?)\s*\d{1,2}\s*(?:h|uri|ure|sati|godz\.?)?\s*(?:do|to|til|until)"
    r"|\d{1,2}\s*(?:h|uri|ure|sati|godz\.?)\s*(?:-|–|—))"
)
FIRST_HOUR, AFTERNOON = 7, 12
# a count and the words of what it counts ("8 uporabnikov"), and what joins two of them
_COUNT_OF_WORDS = re.compile(r"(\d+)\s*([^\W\d_][^\d]*?)\.?")
_BETWEEN_COUNTS = re.compile(r"\s*[,;+&]\s*|\s+(?:in|i|og|and|oraz|ter)\s+")
_COUNT_WITH_WORD = re.compile(r"^(\d+)\s*([^\W\d_]+)\.?$")
# a count with its parts in brackets: "12 (5 M, 7 Ž)"
_COUNT_WITH_PARTS = re.compile(r"^(\d+)\s*\(([^()]*\d[^()]*)\)$")
# a figure the partner annotated: with a remark in brackets after it ("12 (od toga 4 člana
# porodice)"), as a sum ("8+2"), or after words saying it is approximate ("cca 2 uri", "~1,5")
# a day and month in a remark ("3 (od 15.10.)": places since the 15th), never a count's parts
_DAY_MONTH = re.compile(r"\b\d{1,2}\s*[./]\s*\d{1,2}\b")
_WITH_REMARK = re.compile(r"^(?P<figure>[^()]*?\S)\s*\([^()]*\)$")
# figures added up, each maybe with its word ("8+2", "18 + 4 gości", "1 h + 30 min")
_TERM = r"\d+(?:[.,]\d+)?(?:\s*[^\W\d_]+\.?)?"
_SUM = re.compile(rf"^{_TERM}(?:\s*\+\s*{_TERM})+$")
_WORDS_BEFORE_FIGURE = re.compile(r"^(?P<words>\D+?)\s*(?=\d)")
# two figures with a slash between them ("5/6"): which one is meant is unclear
_TWO_FIGURES = re.compile(r"^\d+(?:[.,]\d+)?\s*/\s*\d+(?:[.,]\d+)?$")
# a part of an hour written as a fraction ("1½", "¾", "1 1/2", "3/4 h"): its decimals
FRACTIONS = {"½": "0.5", "¼": "0.25", "¾": "0.75"}
SLASHED = {"1/2": "½", "1/4": "¼", "3/4": "¾"}
_SLASHED_FRACTION = re.compile(r"(?<![\d/])(?:1\s*/\s*2|1\s*/\s*4|3\s*/\s*4)(?![\d/])")
# a score written out of the top of its scale ("42/60" of BARC-10's 10 to 60)
_SCORE_OUT_OF = re.compile(r"^(\d+)\s*/\s*(\d+)$")
ROMAN_MONTHS = {
    numeral: number
    for number, numeral in enumerate(
        ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"), start=1
    )
}
_HOUR_UNIT = r"(?:h|hrs?|hours?|ur[aei]?|sat[ai]?|godz(?:in[ay]?)?|t|tim(?:e|er)?)"
# `1:30`, also with its unit after it (`1:30 h`)
_DURATION = re.compile(rf"^(\d{{1,2}}):([0-5]\d)(?::([0-5]\d))?(?:\s*{_HOUR_UNIT}\.?)?$")
# a length in minutes and seconds (`12:30`, `125:05`) under a header saying so ("mm:ss")
_MINUTES_SECONDS = re.compile(r"^(\d{1,3}):([0-5]\d)$")
# a length written on a clock (`1:30`) is under this many hours; a session is held later in the day
SMALL_HOURS = 5
# `10.30`: a time of day as partners write it, never 10.3 hours
_CLOCK_WITH_DOT = re.compile(r"^\d{1,2}\.[0-5]\d$")
_DOTTED_FIGURE = re.compile(r"\d{1,2}\.\d{1,2}")
_MINUTE_UNIT = r"(?:min(?:ut[aeiy]?|utes?|utt(?:er)?|s)?|m|')"
# a duration with its units, in the partners' words: `1,5 h`, `2 uri`, `1h30`, `1 sat i 30 min`,
# `90 min`, `45'`
_WRITTEN_DURATION = re.compile(
    rf"^(?:(?P<hours>\d+(?:[.,]\d+)?)\s*{_HOUR_UNIT}\.?"
    rf"(?:\s*(?:i|in|og|and|,)?\s*(?P<and_minutes>[0-5]?\d)\s*{_MINUTE_UNIT}?\.?)?"
    rf"|(?P<minutes>\d+(?:[.,]\d+)?)\s*{_MINUTE_UNIT}\.?)$"
)


# the rules of one cell that could not be read; a file whose errors are only these is checked for
# everything else too (its unreadable cells empty), so the partner learns every problem at once
CELL_RULES = frozenset(
    {"cell_error", "not_a_date", "day_not_in_month", "not_a_number", "not_a_whole_number"}
    | {"count_parts_disagree"}
    | {"not_a_time"}
    | {"not_a_time_span", "time_range_backwards"}
    | {"figures_with_slash"}
)


class CellError(ValueError):
    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


@dataclass(frozen=True)
class AnnotatedFigure:
    """A figure read from a cell that says more than it ("cca 2 uri", "8+2"): `rule` tells the
    partner which cell it was and what was read, as a figure is never guessed silently."""

    value: float | int
    rule: str


def is_figure(value: object) -> bool:
    """A number, or text of one ("9", "6,5")."""
    if isinstance(value, str):
        return bool(re.fullmatch(r"\s*\d+([.,]\d+)?\s*", value))
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def says_no_figure(value: object) -> bool:
    """Whether a figure's cell says there is none ("—", "n/a", "ni podatka", "brak"): read as a
    blank cell is, so a figure the row needs is asked for and one it does not is unstated."""
    return vocabulary().says_no_value(value)


def check_not_error(value: object) -> None:
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise CellError("cell_error")


def parse_number(value: object, decimal: str | None = ",") -> float:
    """A number as partners write it. `decimal` is the mark ("," or ".") that before three
    digits alone ("1,240", "1.240") is a decimal mark, the other one grouping thousands; None
    when both group thousands there (a whole number). Placed otherwise a mark says itself what
    it is: "1,5" and "1.5" have decimals, "1.240,5" and "1,240.5" both."""
    check_not_error(value)
    if isinstance(value, bool):
        raise CellError("not_a_number")
    if isinstance(value, (int, float)):
        return float(value)
    text = _THOUSANDS.sub("", str(value).strip()).replace("\u2212", "-")
    try:
        return float(with_decimal_point(text, decimal))
    except ValueError:
        raise CellError("not_a_number") from None


def parse_share(value: object) -> float:
    """A share as partners write it, as a fraction: "85 %", "85,5%" and 85 are percents; 0.85
    is a fraction (what Excel keeps of a cell formatted as a percent), so is 1 (100 %)."""
    percent = isinstance(value, str) and value.strip().endswith("%")
    number = parse_number(value.strip().rstrip("%").strip() if percent else value)
    share = number / 100 if percent or number > 1 else number
    if not 0 <= share <= 1:
        raise CellError("share_out_of_range")
    return share


def with_decimal_point(text: str, decimal: str | None) -> str:
    """A number's text with a point before its decimals and no marks grouping its thousands
    (as `parse_number` reads `decimal`); ValueError when its marks group no thousands."""
    marks = [ch for ch in text if ch in ".,"]
    if not marks:
        return text
    if len(set(marks)) == 2:
        point = marks[-1]
    elif len(marks) > 1 or (_ONE_GROUP.fullmatch(text) and marks[0] != decimal):
        point = None
    else:
        point = marks[0]
    whole, decimals = text.rsplit(point, 1) if point else (text, None)
    if any(mark in whole for mark in ".,"):
        if not _GROUPED.fullmatch(whole):
            raise ValueError(text)
        whole = whole.replace(".", "").replace(",", "")
    return whole if decimals is None else f"{whole}.{decimals}"


def decimal_mark(values: Iterable[object], language: str | None) -> str:
    """The mark before the decimals of a column's figures: the one they write beyond doubt
    ("1,5", "2.25", the last of "1.240,5"), if only one; else the partner's language's ("."
    in English, "," in the others)."""
    written = {mark for value in values if (mark := decimal_mark_written(value)) is not None}
    if len(written) == 1:
        return written.pop()
    return i18n.decimal_mark(language) if language else ","


def decimal_mark_written(value: object) -> str | None:
    """The mark a cell's one figure writes before its decimals beyond doubt: "1,5" and "2.25"
    (no group of three digits), the last of "1.240,5"; None for "1,240", which either mark may
    write."""
    figures = _MARKED_FIGURE.findall(value) if isinstance(value, str) else []
    if len(figures) != 1:
        return None
    marks = [ch for ch in figures[0] if ch in ".,"]
    if len(set(marks)) == 2:
        return marks[-1]
    if len(marks) == 1 and not _ONE_GROUP.fullmatch(figures[0]):
        return marks[0]
    return None


def annotated_figure(value: object, parse: Callable[[object], object]) -> AnnotatedFigure:
    """A figure a partner annotated, read with `parse` (its column's): approximate ("cca 2
    uri", "~1,5", "oko 3"), a sum ("8+2": its total) or with a remark in brackets after it
    ("12 (od toga 4 člana porodice)": the remark left unread). Two figures with a slash
    ("5/6") are an error of their own; anything else is no number."""
    text = latin(value).strip() if isinstance(value, str) else ""
    if _TWO_FIGURES.match(text):
        raise CellError("figures_with_slash")
    if _SUM.match(text):
        return AnnotatedFigure(sum(parse(term) for term in text.split("+")), "figures_summed")
    if (counts := counts_of_kinds(text)) is not None and isinstance(parse("1"), int):
        return AnnotatedFigure(sum(counts), "figures_summed")
    words = _WORDS_BEFORE_FIGURE.match(text)
    if words and vocabulary().says_approximately(words.group("words")):
        return AnnotatedFigure(parse(text[words.end() :]), "figure_approximate")
    if remarked := _WITH_REMARK.match(text):
        return AnnotatedFigure(parse(remarked.group("figure")), "figure_with_remark")
    raise CellError("not_a_number")


def parse_integer_parts(value: object, language: str | None = None) -> int:
    """A count written in the parts its header names with a slash ("5/7" under "Udeleženci
    (M/Ž)"): their sum; a count alone as `parse_integer` reads it."""
    if isinstance(value, str) and "/" in value:
        return sum(parse_integer(part, language=language) for part in value.split("/"))
    return parse_integer(value, language=language)


def counts_of_kinds(text: str) -> list[int] | None:
    """The counts of a cell counting people by kind ("8 uporabnikov, 3 svojci", "5 moških in 7
    žensk"); None unless each of two parts or more is a count of a kind of people."""
    parts = _BETWEEN_COUNTS.split(text.strip())
    counts = []
    for part in parts:
        match = _COUNT_OF_WORDS.fullmatch(part)
        if match is None or not names_people(match.group(2)):
            return None
        counts.append(int(match.group(1)))
    return counts if len(counts) > 1 else None


def names_people(words: str) -> bool:
    """Whether words name a kind of people by target group or sex ("svojci", "moških")."""
    vocab = vocabulary()
    return any(
        vocab.classify(code_set, words) != "unclassified" for code_set in ("audience", "sex")
    )


def parse_integer(value: object, counted_in: str = "people", language: str | None = None) -> int:
    """A whole number; a count written with a word of what it counts (`counted_in`: "12 oseb",
    "124 døgn"; of people, also of a kind of them: "8 uporabnikov"), with its parts in brackets
    that add up to it ("12 (5 M, 7 Ž)"), or a small one as a word of the partner's `language`
    ("tri", "trzy", "three"). Parts that give another count ("15 (10 Ž, 6 M)") are their own
    error: the cell holds a number, its parts disagree."""
    if isinstance(value, str) and language is not None:
        number = vocabulary().number_words.get(language, {}).get(normalise(latin(value)))
        if number is not None:
            return number
    if isinstance(value, str) and (match := _COUNT_WITH_WORD.match(value.strip())):
        word = match.group(2)
        if normalise(word) in vocabulary().count_words[counted_in] or (
            counted_in == "people" and names_people(word)
        ):
            return int(match.group(1))
    if (
        isinstance(value, str)
        and (match := _COUNT_WITH_PARTS.match(value.strip()))
        and not _DAY_MONTH.search(match.group(2))
    ):
        parts = [int(part) for part in re.findall(r"\d+", match.group(2))]
        if sum(parts) == int(match.group(1)):
            return int(match.group(1))
        if len(parts) > 1:
            raise CellError("count_parts_disagree")
    if counted_in == "points" and (score := score_out_of(value)) is not None:
        return score
    # "1,240" nights in any language: a count has no decimals, so the mark groups thousands
    number = parse_number(value, decimal=None)
    if number != int(number):
        raise CellError("not_a_whole_number")
    return int(number)


def score_out_of(value: object) -> int | None:
    """The score of "42/60", written out of the top of its scale; None for other values (two
    figures of which the first is the larger say no score)."""
    match = _SCORE_OUT_OF.match(value.strip()) if isinstance(value, str) else None
    if match is None or int(match.group(1)) > int(match.group(2)):
        return None
    return int(match.group(1))


def parse_hours(value: object, decimal: str = ",", *, clock_dots: bool = False) -> float:
    """Hours as a number (1.5, `1,5`; `decimal` as `parse_number` reads it), a duration
    (`1:30`, an Excel time or timedelta; `1.30` too in a column that writes them so:
    `clock_dots`) or the span of the day a session took (`10:00-11:30`); its units also in
    Cyrillic (`1 сат`)."""
    check_not_error(value)
    if isinstance(value, str):
        value = halves_as_decimals(latin(value))
        if clock_dots and _CLOCK_WITH_DOT.match(value.strip()):
            hours, minutes = value.strip().split(".")
            return int(hours) + int(minutes) / 60
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    if isinstance(value, time):
        return value.hour + value.minute / 60 + value.second / 3600
    if isinstance(value, str) and (match := _DURATION.match(value.strip().lower())):
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        return hours + minutes / 60 + seconds / 3600
    if isinstance(value, str) and (written := written_duration(value)) is not None:
        return written
    if isinstance(value, str) and normalise(value) in vocabulary().duration_words:
        return vocabulary().duration_words[normalise(value)]
    if is_clock_span(value):
        return parse_time_span(value)
    return parse_number(value, decimal)


def dots_are_clock(values: Iterable[object]) -> bool:
    """Whether a column of durations writes hours and minutes with a dot, as a clock does
    ("1.30", "0.45"): some cell's two digits after the dot are minutes a session lasts (ending
    in 0, or 15 and 45) and none reads only as decimals ("1.5", "0.25", "1.75", "2.80")."""
    dotted = [
        text.split(".")[1]
        for value in values
        if isinstance(value, str) and _DOTTED_FIGURE.fullmatch(text := value.strip())
    ]
    minutes = any(f != "00" and (f.endswith("0") or f in ("15", "45")) for f in dotted)
    decimals = any(len(f) == 1 or f in ("25", "75") or int(f) >= 60 for f in dotted)
    return minutes and not decimals


def says_its_unit(value: object) -> bool:
    """Whether a duration says what it counts: on a clock ("1:30", an Excel time) or with its
    unit ("1 h", "45 min"), unlike a bare number."""
    if isinstance(value, time | timedelta):
        return True
    if not isinstance(value, str):
        return False
    text = halves_as_decimals(latin(value)).strip().lower()
    return bool(_DURATION.match(text)) or written_duration(text) is not None


def halves_as_decimals(text: str) -> str:
    """`1½ t` as `1.5 t`, `½ h` as `0.5 h`; a quarter and three as `¼`, `¾` or with a slash
    (`1 1/2`, `3/4 h`), as a duration is written by hand."""
    if "/" in text:
        text = _SLASHED_FRACTION.sub(lambda m: SLASHED[re.sub(r"\s", "", m.group(0))], text)
    if not any(sign in text for sign in FRACTIONS):
        return text
    for sign, decimals in FRACTIONS.items():
        text = re.sub(rf"(?<=\d)\s*{sign}", decimals[1:], text).replace(sign, decimals)
    return text


def written_duration(text: str) -> float | None:
    """Hours of a duration written with its units (`1,5 h`, `90 min`, `1h30`); None otherwise."""
    match = _WRITTEN_DURATION.match(text.strip().lower())
    if match is None:
        return None
    number = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
    return number.get("hours", 0) + (number.get("and_minutes", 0) + number.get("minutes", 0)) / 60


def plain_length(value: object) -> float | None:
    """The hours a cell under a header of the time of day gives when it can only be a length: a
    number (`1,5`, `2`), a duration with its units (`2 godz.`) or a clock in the small hours
    (`1:30`); None when it may be a time of day (`18:00`, `10.30`) or is no time at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, time):
        return parse_hours(value) if value.hour < SMALL_HOURS else None
    if not isinstance(value, str):
        return None
    text = latin(value).strip().lower()
    if (match := _DURATION.match(text)) is not None:
        return parse_hours(text) if int(match.group(1)) < SMALL_HOURS else None
    if (written := written_duration(text)) is not None:
        return written
    if _CLOCK_WITH_DOT.match(text):
        return None
    try:
        return parse_number(text)
    except CellError:
        return None


def latin(text: str) -> str:
    """Serbian and Bosnian Cyrillic letters as Gaj's Latin ("1,5 сат" is "1,5 sat")."""
    return (
        text.translate(CYRILLIC_TO_LATIN)
        if any("\u0400" <= ch <= "\u04ff" for ch in text)
        else text
    )


def parse_minutes(value: object, decimal: str = ",") -> float:
    """A duration under a header of minutes, as hours: a number counts minutes (45, `7,5`); a
    written duration (`0:45`, `1 h`, an Excel time) is read as parse_hours reads it."""
    return parse_in_units(value, 1, 60, decimal)


def parse_minutes_seconds(value: object, decimal: str = ",") -> float:
    """A duration under a header of minutes and seconds ("Duration (mm:ss)"), as hours: `12:30`
    is twelve and a half minutes; a bare number counts minutes, and a duration with its hours
    (`1:02:30`, an Excel time) is read as parse_minutes reads it."""
    if isinstance(value, str) and (match := _MINUTES_SECONDS.match(latin(value).strip())):
        minutes, seconds = (int(g) for g in match.groups())
        return (minutes + seconds / 60) / 60
    return parse_minutes(value, decimal)


def parse_school_hours(value: object, decimal: str = ",") -> float:
    """A duration under a header of school hours, as hours: a number counts school hours of
    45 minutes (4 are 3 hours); a written duration (`1:30`, `90 min`) is read as parse_hours
    reads it."""
    return parse_in_units(value, 3, 4, decimal)


def parse_in_units(value: object, hours: int, units: int, decimal: str = ",") -> float:
    """A bare number as that many units, `units` of which last `hours` hours (60 minutes are 1,
    4 school hours 3; `decimal` as `parse_number` reads it); a written duration as it says."""
    check_not_error(value)
    if isinstance(value, str):
        value = latin(value)
    if isinstance(value, timedelta | time) or (
        isinstance(value, str)
        and (_DURATION.match(value.strip().lower()) or written_duration(value) is not None)
    ):
        return parse_hours(value)
    return parse_number(value, decimal) * hours / units


def parse_time(value: object) -> time:
    """A time of day: an Excel time, or written `10:30`, `10.30`, `10h30`, `10 h`."""
    check_not_error(value)
    if isinstance(value, datetime) and value.time() == time(0) and value.year > 1900:
        raise CellError("not_a_time")  # a day ("Start" and "End" of a course), not an hour
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    match = _TIME_OF_DAY.match(str(value).strip().lower())
    if match is None or int(match.group(1)) > 23:
        raise CellError("not_a_time")
    return time(int(match.group(1)), int(match.group(2) or 0))


def is_time_span(value: object) -> bool:
    return isinstance(value, str) and _TIME_SPAN.match(value.strip().lower()) is not None


def is_clock_span(value: object) -> bool:
    """A span whose ends are both clock times (`10:00-11:30`), or hours of the day a session
    ran from and to (`17h-19h`, `od 17 do 19`, `17-19h`), never a range of hours (`1-2`, `od 1
    do 2 uri`)."""
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    match = _TIME_SPAN.match(text)
    if match is None:
        return False
    if all(re.search(r"[:.h]", end) for end in match.groups()):
        return True
    start, end = (int(part) for part in match.groups())
    said = bool(_HOURS_OF_DAY.match(text)) or start >= AFTERNOON
    return said and FIRST_HOUR <= start < end <= 24


def parse_time_span(value: object) -> float:
    """The hours of a span of the day written in one cell (`17:30–19:00`, `od 10h do 12h`)."""
    check_not_error(value)
    match = _TIME_SPAN.match(str(value).strip().lower())
    if match is None:
        raise CellError("not_a_time_span")
    try:
        start, end = parse_time(match.group(1)), parse_time(match.group(2))
    except CellError:
        raise CellError("not_a_time_span") from None
    return hours_from(start, end)


# the longest session that runs past midnight (a call from 23:50 to 00:20); an end earlier
# than its start by more is a mistake
PAST_MIDNIGHT_MINUTES = 4 * 60


def hours_from(start: time, end: time) -> float:
    """The hours from a time of day to a later one, or to one a little past midnight; an end
    not after its start otherwise is an error."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes < 0 and minutes + 24 * 60 <= PAST_MIDNIGHT_MINUTES:
        minutes += 24 * 60
    if minutes <= 0:
        raise CellError("time_range_backwards")
    return minutes / 60


def month_first(values: Iterable[object], month: str | None = None) -> bool:
    """Whether a column's dates with slashes are written month first (03/18/2025): some can
    only be read so, and none only day first; or, each of them readable either way, only month
    first are they all of the file's `month` (10/1/2026 and 10/2/2026 in October's file, as a
    form made in the United States writes them)."""
    pairs = [
        (int(match.group(1)), int(match.group(2)))
        for value in values
        if isinstance(value, str) and (match := _DATE_SLASH.match(value.strip()))
    ]
    if any(first > 12 for first, _ in pairs):
        return False
    if any(second > 12 for _, second in pairs):
        return True
    number = None if month is None else int(month[5:7])
    return (
        bool(pairs)
        and all(first == number for first, _ in pairs)
        and not all(second == number for _, second in pairs)
    )


def parse_date(
    value: object,
    *,
    date1904: bool = False,
    language: str | None = None,
    slashes_month_first: bool = False,
    year: int | None = None,
) -> date:
    """A date as partners write it; `year`, the year of the file's month, completes a day and
    month written without one ("5. 3.", "onsdag 7. oktober")."""
    check_not_error(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise CellError("not_a_date")
        return (EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH_1900) + timedelta(days=int(value))
    text = _AFTER_DATE.sub("", without_weekday(str(value).strip()))
    if match := _DATE_WORDS.match(text):
        day, word, written_year = match.groups()
        return checked_date(year_of(written_year, year), month_of_word(word, language), int(day))
    if match := _DATE_WORD_FIRST.match(text):
        word, day, written_year = match.groups()
        return checked_date(year_of(written_year, year), month_of_word(word, language), int(day))
    slashed = "mdy" if slashes_month_first else "dmy"
    for pattern, order in ((_DATE_DMY, "dmy"), (_DATE_ISO, "ymd"), (_DATE_SLASH, slashed)):
        if match := pattern.match(text):
            parts = dict(zip(order, map(int, match.groups()[:3]), strict=True))
            # "14.10.26": a year of two digits is of this century
            full_year = parts["y"] + 2000 if parts["y"] < 100 else parts["y"]
            return checked_date(full_year, parts["m"], parts["d"])
    if year is not None and (match := _DATE_DM.match(text)):
        return checked_date(year, int(match.group(2)), int(match.group(1)))
    if year is not None and (match := _DATE_DM_SLASHED.match(text)):
        first, second = map(int, match.groups())
        month, day = (first, second) if slashes_month_first else (second, first)
        return checked_date(year, month, day)
    if match := _DAY_RANGE.match(text):
        # days of one month ("13.–14. 10. 2026", a two-day training): the day it began
        last = parse_date(
            match.group(2), language=language, slashes_month_first=slashes_month_first, year=year
        )
        if int(match.group(1)) < last.day:
            return checked_date(last.year, last.month, int(match.group(1)))
    raise CellError("not_a_date")


def parse_date_cell(
    value: object, *, year: int | None = None, month: str | None = None, **reads: object
) -> date:
    """A cell of a date column, as `parse_date` reads it; a date's Excel serial number written
    as text ("46300" in a CSV saved from a sheet) is that date, as the number is in an xlsx.
    Only within a date column, and only a serial of a plausible year, so that no code or
    count elsewhere is ever taken for a day; so too a date in eight digits (`compact_date`).
    A day alone (3, "17.") is that day of the file's `month` (never a serial of January 1900),
    and a week named by its number ("Uke 45") begins on its Monday (`week_start`)."""
    vocab = vocabulary()
    if (day := vocab.after_week_start(value)) is not None:
        value = day  # "w/c 05/10/2026": a weekly meeting dated by its week's first day
    if (number := day_number(value)) is not None and 1 <= number <= MAX_DAY:
        return day_of_month(number, month)
    if (week := vocab.week_number(value)) is not None:
        return week_start(week, year, month)
    if isinstance(value, str) and _EXCEL_SERIAL.fullmatch(value.strip()):
        serial = int(value.strip())
        if serial in EXCEL_SERIALS_IN_TEXT:
            return parse_date(serial, year=year, **reads)
    if (compact := compact_date(value)) is not None:
        return compact
    return parse_date(value, year=year, **reads)


def day_number(value: object) -> int | None:
    """A cell written as a day of a month: a whole number (6, 6.0) or its text ("6", "6.");
    whether the month has that day is for the caller."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}\.?", value.strip()):
        return int(value.strip().rstrip("."))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    return None


def day_of_month(number: int, month: str | None) -> date:
    """Day `number` of `month` (YYYY-MM), as a "Dan" or "Dzień" of 3 or a register's day 6
    gives it: a day the month has not (31 in November) is named so, and a day of a file that
    states no month is an error of its own, as it cannot be dated."""
    if month is None:
        raise CellError("day_without_month")
    return checked_date(int(month[:4]), int(month[5:7]), number)


def week_start(number: int, year: int | None, month: str | None = None) -> date:
    """The Monday an ISO week of `year` begins ("Uke 45" of 2026: 2 November), as calendars
    number weeks; in a file of a month, the week of that number nearest to it (week 53 in
    January's file is of the year before, week 1 in December's may be of the year after)."""
    if year is None:
        raise CellError("day_without_month")
    middle = date(year, int(month[5:7]), 15) if month else date(year, 7, 1)
    starts = []
    for of_year in (year - 1, year, year + 1) if month else (year,):
        try:
            starts.append(date.fromisocalendar(of_year, number, 1))
        except ValueError:
            continue
    if not starts:
        raise CellError("not_a_date")
    return min(starts, key=lambda start: abs(start - middle))


def compact_date(value: object) -> date | None:
    """A date written in eight digits, year, month and day (20261005, as text or a number), as
    a date column of some systems' exports holds it; None for any other value. One of no such
    day is named as `checked_date` names it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    match = _COMPACT_DATE.fullmatch(str(value).strip())
    if match is None:
        return None
    year, month, day = map(int, match.groups())
    return checked_date(year, month, day)


def year_of(written: str | None, year: int | None) -> int:
    """The year a date wrote ("26" of this century), else the year of the file's month ("7.
    oktober")."""
    if written is not None:
        return int(written) + 2000 if len(written) == 2 else int(written)
    if year is None:
        raise CellError("not_a_date")
    return year


def without_weekday(text: str) -> str:
    """A date's text without the day of the week before it ("wt., 6 maja 2025", "torek 6. 5.
    2025", "Tue 6 May 2025")."""
    match = _LEADING_WORD.match(text)
    if match and normalise(match.group(1)) in weekday_words():
        return text[match.end() :]
    return text


@cache
def weekday_words() -> frozenset[str]:
    """The days of the week, whole and short, in the partners' languages (CLDR, through Babel)."""
    from babel.dates import get_day_names

    return frozenset(
        normalise(name)
        for locale in WEEKDAY_LOCALES
        for width in ("wide", "abbreviated", "short")
        for name in get_day_names(width, locale=locale).values()
    )


def checked_date(year: int, month: int, day: int) -> date:
    """The date, or which way it is none: a day its month does not have ("31. 9.") is told
    apart from what is no date at all, which a partner would only answer is one."""
    try:
        return date(year, month, day)
    except ValueError:
        no_such_day = 1 <= month <= 12 and 1 <= day <= 31
        raise CellError("day_not_in_month" if no_such_day else "not_a_date") from None


def month_of_word(word: str, language: str | None = None) -> int:
    """The month a word names in the partner's language, else in any of the five ("okt",
    "października"), or a Roman numeral ("3.X.2025", as Polish dates often have it); a word
    naming different months in two others ("listopad") is no date."""
    key = normalise(word)
    month = ROMAN_MONTHS.get(key) or vocabulary().month_of(key, language)
    if month is None:
        raise CellError("not_a_date")
    return month


def parse_text(value: object) -> str:
    check_not_error(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
