"""Words and number formats of the dashboards in the consortium's language, from the label
catalogues beside this file (labels/<language>.yaml), so a translator never touches code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LABELS_DIR = Path(__file__).with_name("labels")


@cache
def catalogue(language: str) -> dict:
    path = LABELS_DIR / f"{language}.yaml"
    return yaml.safe_load(
        (path if path.exists() else LABELS_DIR / "en.yaml").read_text(encoding="utf-8")
    )


@dataclass(frozen=True)
class Labels:
    """The catalogue of one language, with the lookups pages and charts need."""

    language: str

    @property
    def words(self) -> dict:
        return catalogue(self.language)

    def __call__(self, section: str, key: str) -> str:
        """The label of a key; the English one, then the key itself, when a catalogue lacks it."""
        return (
            self.words.get(section, {}).get(key) or catalogue("en").get(section, {}).get(key) or key
        )

    def code(self, kind: str, code: object) -> str:
        """The label of a canonical code (e.g. sex 'female'); unknown codes are shown as they are."""
        return self.words["codes"].get(kind, {}).get(str(code)) or str(code)

    def month(self, period: str) -> str:
        """A month written for people, e.g. 'okt. 2026' from '2026-10'."""
        year, month = period.split("-")
        return f"{self.words['months'][int(month) - 1]} {year}"

    @property
    def separators(self) -> str:
        """Plotly's `separators`: the decimal mark, then the thousands separator."""
        return self.words["number"]["decimal"] + self.words["number"]["thousands"]

    def number(self, value: float | None, decimals: int = 0) -> str:
        """A number in the language's format, e.g. 1.412,5 in Slovene; empty when there is none."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        text = f"{value:,.{decimals}f}"
        return (
            text.replace(",", "\0")
            .replace(".", self.words["number"]["decimal"])
            .replace("\0", self.words["number"]["thousands"])
        )

    def percent(self, value: float | None) -> str:
        """A share (0.8 for 80 %) as a whole percentage."""
        return (
            ""
            if value is None or (isinstance(value, float) and math.isnan(value))
            else f"{self.number(value * 100)} %"
        )
