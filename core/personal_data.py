"""Detectors of personal data in the cells of code and free-text columns.

The pipeline must never hold a name or a national identity number, so every text column is
screened before anything is loaded. Each detector answers only *what kind* of personal data a
cell seems to hold, never the value, so the answer can travel into reports and logs.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from core.identifiers import DATE, has_national_id
from core.vocabulary import VOCABULARY_FILE
from core.yaml_files import yaml_file

FIRST_NAMES_FILE = Path(__file__).with_name("data") / "first_names.yaml"
KINDS = ("national_id", "email", "phone", "name")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[ ./\-()]{0,2}\d){7,13}(?![\w])")
_WORD = re.compile(r"[^\W\d_]+")
# a word as names are written: letters, perhaps joined by an apostrophe or a hyphen (O'Connor)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INITIAL = re.compile(r"[^\W\d_]\.")
_CAPITALISED_PAIR = re.compile(
    r"\b([A-ZČĆŠŽĐŁŚŻŹÓÆØÅ][a-zčćšžđłśżźóńąęæøå]+)\s+[A-ZČĆŠŽĐŁŚŻŹÓÆØÅ][a-zčćšžđłśżźóńąęæøå]+"
)


@cache
def first_names() -> frozenset[str]:
    """Common first names of the partners' countries, lower case."""
    raw = yaml_file(FIRST_NAMES_FILE)
    return frozenset(name.lower() for names in raw.values() for name in names)


@cache
def name_particles() -> frozenset[str]:
    """The small words of a name before a surname ("Ní", "Ó", "van"), lower case."""
    return frozenset(str(w).lower() for w in yaml_file(VOCABULARY_FILE)["name_particles"])


def has_name_in_code(text: str) -> bool:
    """A code never contains a first name written as a name (`Janez`, not the initials `JAN`),
    nor words written as a person's name is: two capitalised words ("Sean O'Connor"), with the
    small words of a surname ("Aoife Ní Bhriain", "Pádraig Ó Sé") or an initial ("J. Murphy")."""
    named = any(w.istitle() and w.lower() in first_names() for w in _WORD.findall(text))
    return named or bool(_CAPITALISED_PAIR.search(text)) or writes_a_name(text)


def writes_a_name(text: str) -> bool:
    """Two or more words in a row, each a capitalised word, a particle or an initial, at least
    one of them a capitalised word: a code has digits, capitals alone or one word."""
    run: list[str] = []
    for word in [*text.split(), ""]:
        kind = name_part(word.rstrip(",;"))
        if kind:
            run.append(kind)
            continue
        if len(run) >= 2 and "word" in run:
            return True
        run = []
    return False


def name_part(word: str) -> str | None:
    """What a word is in a person's name: a capitalised "word" (O'Connor, McCarthy, Sé), a
    "particle" (Ní, de) or an "initial" (J.); None when no part of one."""
    if word.lower() in name_particles():
        return "particle"
    if _INITIAL.fullmatch(word):
        return "initial"
    if _NAME_WORD.fullmatch(word) and word[0].isupper() and not word.isupper():
        return "word"
    return None


def may_be_a_name(text: str) -> bool:
    """Words a partner wrote where a category belongs that may be a person's name: one word
    written as a name is ("Novak" as a sex, "Jones" as an age), or words written as a person's
    name are. Such a value no rule knows is counted as unclassified, never quoted back: a word of
    the partner's own for a category ("nekemična", "Prefer not to say") is quoted to be mapped."""
    words = text.split()
    return (len(words) == 1 and name_part(words[0]) == "word") or writes_a_name(text)


def has_name_in_free_text(text: str) -> bool:
    """Free text may hold ordinary capitalised words; a known first name followed by a
    capitalised word (a surname) is a person."""
    return any(m.group(1).lower() in first_names() for m in _CAPITALISED_PAIR.finditer(text))


def personal_data_kind(value: object, *, free_text: bool) -> str | None:
    """The kind of personal data a cell seems to hold (one of KINDS), or None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    if has_national_id(text):
        return "national_id"
    if _EMAIL.search(text):
        return "email"
    if _PHONE.search(DATE.sub(" ", text)):
        return "phone"
    if has_name_in_free_text(text) if free_text else has_name_in_code(text):
        return "name"
    return None


def personal_data_kinds(values: pd.Series, *, free_text: bool) -> pd.Series:
    """personal_data_kind for every cell of a column, each distinct value screened once."""
    distinct = values.dropna().unique()
    kinds = {v: personal_data_kind(v, free_text=free_text) for v in distinct}
    return values.map(kinds).astype(object).where(values.notna(), None)
