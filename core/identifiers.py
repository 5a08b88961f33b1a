"""National identity numbers and e-mail addresses: found in a partner's cells (to refuse the
file) and masked in any text the system writes about it (logs, messages)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.si import emso

from core.vocabulary import VOCABULARY_FILE
from core.yaml_files import yaml_file

NATIONAL_IDS = (emso, pesel, fodselsnummer)
# the shortest: a fødselsnummer (11 digits) written as a number, its leading zero lost
MIN_ID_DIGITS = 10
# the fewest digits of a number after its name: an Irish PPS number (7 digits and a letter or two)
MIN_LABELLED_DIGITS = 7
DIGIT_RUN = re.compile(rf"(?<![\d])\d(?:[ .\-/]?\d){{{MIN_ID_DIGITS - 1},12}}(?![\d])")
# digits written without a separator, as many as an identity number has at the least
UNBROKEN_DIGITS = re.compile(rf"\d{{{MIN_ID_DIGITS},}}")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d\d"
# a date as the reader reads it ("11.11.2026", "11. 11. 2026", "11/11/2026", "11-11-2026",
# "2026-11-11"): its digits, with those of the time after it, are no identity number
DATE = re.compile(
    rf"(?<!\d)(?:{_DAY}\.\s*{_MONTH}\.\s*{_YEAR}|{_DAY}([/-]){_MONTH}\1{_YEAR}"
    rf"|{_YEAR}-{_MONTH}-{_DAY})(?!\d)"
)
EMAIL = re.compile(r"[^@\s'\"<>()\[\]]+@[^@\s'\"<>()\[\]]+\.[A-Za-z]{2,}")
MASK = "[personal data removed]"


def is_national_id(match: re.Match[str]) -> bool:
    """Also with the leading zero restored that a number cell drops (a fødselsnummer or EMŠO of
    someone born on the 1st to the 9th of a month)."""
    digits = re.sub(r"\D", "", match.group())
    return any(kind.is_valid(d) for kind in NATIONAL_IDS for d in (digits, "0" + digits))


# a number written after the name of an identity number ("JMBG 0101990170007", "fnr 1203...",
# "PPS 1234567T"): one, even if mistyped so that its check digit fails
LABELLED_NUMBER = r"\W{0,3}(?:\d(?:[ .\-/]?\d){8,12}|\d{7} ?[A-Za-z]{1,2}(?![^\W\d_]))"
LABEL_LETTERS = {"ø": "[øo]", "æ": "(?:æ|ae)", ".": r"\.?\s?", " ": r"[\s.]?", "-": r"[\s\-]?"}


def label_pattern(label: str) -> str:
    """A label as partners write it: any case, a letter with or without its diacritic, its
    dots and spaces optional ("f.nr.", "fnr", "F. nr")."""
    parts = []
    for char in label.lower():
        plain = unicodedata.normalize("NFKD", char)[0]
        if char in LABEL_LETTERS:
            parts.append(LABEL_LETTERS[char])
        elif plain != char:
            parts.append(f"[{char}{plain}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@cache
def labelled_id() -> re.Pattern[str]:
    """A number after any of the vocabulary's names of an identity number, each a whole word."""
    labels = yaml_file(VOCABULARY_FILE)["identity_number_labels"]
    alternatives = "|".join(label_pattern(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives}){LABELLED_NUMBER}", re.IGNORECASE)


def national_id_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's runs of digits are valid national identity numbers. A date is no part
    of one: "11.11.2026 17:30" read as the digits 1111202617 would pass as a fødselsnummer
    with its leading 0 restored, as about 3 % of a year's dates with a time of day would."""
    undated = DATE.sub(lambda m: "_" * len(m.group()), text)
    return [span for run in DIGIT_RUN.finditer(undated) for span in id_spans_in_run(run)]


def id_spans_in_run(run: re.Match[str]) -> list[tuple[int, int]]:
    """The run, if it is an identity number; else each of its numbers written without a
    separator that is one on its own. A space joins an identity number to the number before it
    ("17:30 23119010004" is read as the run "30 23119010004"), but numbers written in groups
    (an account, a phone number) are not split into new candidates."""
    if is_national_id(run):
        return [run.span()]
    return [
        m.span() for m in UNBROKEN_DIGITS.finditer(run.string, *run.span()) if is_national_id(m)
    ]


def has_national_id(text: str) -> bool:
    """A run of digits that is a valid Slovene EMŠO (the Bosnian JMBG has the same form and
    check digit), Polish PESEL or Norwegian fødselsnummer: check digits and birth date; or any
    number written after the name of one."""
    return bool(labelled_id().search(text)) or bool(national_id_spans(text))


def redacted(text: str) -> str:
    """The text with every national identity number and e-mail address masked."""
    text = labelled_id().sub(MASK, text)
    for start, end in reversed(national_id_spans(text)):
        text = text[:start] + MASK + text[end:]
    return EMAIL.sub(MASK, text)
