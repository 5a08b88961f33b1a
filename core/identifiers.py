"""National identity numbers and e-mail addresses: found in a partner's cells (to refuse the
file) and masked in any text the system writes about it (logs, messages)."""

from __future__ import annotations

import re

from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.si import emso

NATIONAL_IDS = (emso, pesel, fodselsnummer)
# the shortest: a fødselsnummer (11 digits) written as a number, its leading zero lost
MIN_ID_DIGITS = 10
DIGIT_RUN = re.compile(rf"(?<![\d])\d(?:[ .\-/]?\d){{{MIN_ID_DIGITS - 1},12}}(?![\d])")
EMAIL = re.compile(r"[^@\s'\"<>()\[\]]+@[^@\s'\"<>()\[\]]+\.[A-Za-z]{2,}")
MASK = "[personal data removed]"


def is_national_id(match: re.Match[str]) -> bool:
    """Also with the leading zero restored that a number cell drops (a fødselsnummer or EMŠO of
    someone born on the 1st to the 9th of a month)."""
    digits = re.sub(r"\D", "", match.group())
    return any(kind.is_valid(d) for kind in NATIONAL_IDS for d in (digits, "0" + digits))


# a number written after the name of an identity number ("JMBG 0101990170007"): one, even if
# mistyped so that its check digit fails
LABELLED_ID = re.compile(
    r"\b(?:jmbg|em[sš]o|pesel|f[øo]dselsnummer|personnummer|oib)\b\W{0,3}\d(?:[ .\-/]?\d){8,12}",
    re.IGNORECASE,
)


def has_national_id(text: str) -> bool:
    """A run of digits that is a valid Slovene EMŠO (the Bosnian JMBG has the same form and
    check digit), Polish PESEL or Norwegian fødselsnummer: check digits and birth date; or any
    number written after the name of one."""
    return bool(LABELLED_ID.search(text)) or any(
        is_national_id(m) for m in DIGIT_RUN.finditer(text)
    )


def redacted(text: str) -> str:
    """The text with every national identity number and e-mail address masked."""
    text = LABELLED_ID.sub(MASK, text)
    text = DIGIT_RUN.sub(lambda m: MASK if is_national_id(m) else m.group(), text)
    return EMAIL.sub(MASK, text)
