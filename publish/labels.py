"""Words of the published pages and charts in the consortium's language, from the label
catalogues beside this file (labels/<language>.yaml), so a translator never touches code;
numbers and months written by publish.formats (CLDR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core import i18n
from publish import formats

LABELS_DIR = Path(__file__).with_name("labels")


def catalogue(language: str) -> dict:
    return i18n.catalogue(LABELS_DIR, language)


@dataclass(frozen=True)
class Labels:
    """The catalogue of one language, with the lookups pages and charts need."""

    language: str

    @property
    def words(self) -> dict:
        return catalogue(self.language)

    def __call__(self, section: str, key: str) -> str:
        """The label of a key; the key itself when no catalogue has it."""
        return self.words.get(section, {}).get(key) or key

    def code(self, kind: str, code: object) -> str:
        """The label of a canonical code (e.g. sex 'female'), or of `unclassified` and `unknown`
        in any code set; other codes are shown as they are."""
        codes = self.words["codes"]
        return codes.get(kind, {}).get(str(code)) or codes["any"].get(str(code)) or str(code)

    def counted(self, noun: str, count: int) -> str:
        """A count with its noun in the language's plural form: "3 datoteke", "5 plików"."""
        return i18n.counted(self.words["counts"][noun], self.language, count, self.number(count))

    def month(self, period: str) -> str:
        """A month written for people, e.g. 'okt. 2026' from '2026-10'."""
        return formats.month(period, self.language)

    @property
    def separators(self) -> str:
        """Plotly's `separators`: the decimal mark, then the thousands separator."""
        return formats.separators(self.language)

    def number(self, value: float | None, decimals: int = 0) -> str:
        """A number in the language's format, e.g. 1.412,5 in Slovene; empty when there is none."""
        return formats.number(value, decimals, self.language)

    @property
    def percent_sign(self) -> str:
        """What follows a number in per cent: "\u00a0%" in Slovene, "%" in Polish."""
        return formats.percent_sign(self.language)

    def percent(self, value: float | None) -> str:
        """A share (0.8 for 80 %) as a whole percentage."""
        return formats.percent(value, self.language)
