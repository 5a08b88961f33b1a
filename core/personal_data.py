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

from core.identifiers import has_national_id
from core.yaml_files import yaml_file

FIRST_NAMES_FILE = Path(__file__).with_name("data") / "first_names.yaml"
KINDS = ("national_id", "email", "phone", "name")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[ ./\-()]{0,2}\d){7,13}(?![\w])")
_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\.?|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}")
_WORD = re.compile(r"[^\W\d_]+")
_CAPITALISED_PAIR = re.compile(
    r"\b([A-ZČĆŠŽĐŁŚŻŹÓÆØÅ][a-zčćšžđłśżźóńąęæøå]+)\s+[A-ZČĆŠŽĐŁŚŻŹÓÆØÅ][a-zčćšžđłśżźóńąęæøå]+"
)


@cache
def first_names() -> frozenset[str]:
    """Common first names of the partners' countries, lower case."""
    raw = yaml_file(FIRST_NAMES_FILE)
    return frozenset(name.lower() for names in raw.values() for name in names)


def has_name_in_code(text: str) -> bool:
    """A code never contains a first name written as a name (`Janez`, not the initials `JAN`),
    nor two capitalised words."""
    named = any(w.istitle() and w.lower() in first_names() for w in _WORD.findall(text))
    return named or bool(_CAPITALISED_PAIR.search(text))


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
    if _PHONE.search(_DATE.sub(" ", text)):
        return "phone"
    if has_name_in_free_text(text) if free_text else has_name_in_code(text):
        return "name"
    return None


def personal_data_kinds(values: pd.Series, *, free_text: bool) -> pd.Series:
    """personal_data_kind for every cell of a column, each distinct value screened once."""
    distinct = values.dropna().unique()
    kinds = {v: personal_data_kind(v, free_text=free_text) for v in distinct}
    return values.map(kinds).astype(object).where(values.notna(), None)
