"""The partners' words (vocabulary.yaml) as lookups from a normalised word to its meaning."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ß": "ss", "–": "-", "—": "-"})


@lru_cache(maxsize=1 << 16)
def normalise(word: object) -> str:
    """Lower case, no diacritics, punctuation as single spaces: how headers are compared."""
    text = unicodedata.normalize("NFKD", str(word).lower().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z+<]+", " ", text).split())


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    codes: str | None
    headers: frozenset[str]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    sheet_names: frozenset[str]
    columns: dict[str, Column]
    headers_by_language: dict[str, dict[str, str]]

    def column_for_header(self, header: object) -> str | None:
        return self.header_index.get(normalise(header))

    @cached_property
    def header_index(self) -> dict[str, str]:
        return {h: c.name for c in self.columns.values() for h in c.headers}

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.required]

    def header(self, column: str, language: str) -> str:
        """The first word a partner writing `language` uses for a column (English as fallback)."""
        return (
            self.headers_by_language.get(language, {}).get(column)
            or self.headers_by_language["en"][column]
        )


@dataclass(frozen=True)
class Vocabulary:
    tables: dict[str, Table]
    codes: dict[str, dict[str, str]]
    code_words: dict[str, dict[str, dict[str, list[str]]]]
    totals_words: frozenset[str]
    period_words: frozenset[str]
    partner_words: frozenset[str]
    sheet_names_by_language: dict[str, dict[str, str]]

    def table_for_sheet(self, sheet_name: str) -> str | None:
        key = normalise(sheet_name)
        return next((t.name for t in self.tables.values() if key in t.sheet_names), None)

    def code(self, code_set: str, word: object) -> str | None:
        return self.codes[code_set].get(normalise(word))

    def code_word(self, code_set: str, code: str, language: str) -> str:
        """The word a partner writing `language` would use for a canonical code."""
        words = self.code_words[code_set][code]
        return (words.get(language) or words["en"])[0]

    def sheet_name(self, table: str, language: str) -> str:
        return (
            self.sheet_names_by_language[table].get(language)
            or self.sheet_names_by_language[table]["en"]
        )


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    tables = {name: _table(name, spec) for name, spec in raw["tables"].items()}
    code_words = {
        code_set: {
            code: {lang: [str(w) for w in ws] for lang, ws in by_lang.items()}
            for code, by_lang in mapping.items()
        }
        for code_set, mapping in raw["codes"].items()
    }
    codes = {
        code_set: {
            normalise(w): code
            for code, by_lang in mapping.items()
            for w in [code, *(w for ws in by_lang.values() for w in ws)]
        }
        for code_set, mapping in code_words.items()
    }
    return Vocabulary(
        tables=tables,
        codes=codes,
        code_words=code_words,
        totals_words=frozenset(normalise(w) for w in raw["totals_words"]),
        period_words=frozenset(normalise(w) for w in raw["period_words"]),
        partner_words=frozenset(normalise(w) for w in raw["partner_words"]),
        sheet_names_by_language={
            n: {lang: ws[0] for lang, ws in spec["sheet_names"].items()}
            for n, spec in raw["tables"].items()
        },
    )


def _table(name: str, spec: dict) -> Table:
    columns = {
        col: Column(
            name=col,
            type=c["type"],
            required=bool(c.get("required")),
            codes=c.get("codes"),
            headers=frozenset(normalise(h) for hs in c["headers"].values() for h in hs)
            | {normalise(col)},
        )
        for col, c in spec["columns"].items()
    }
    return Table(
        name=name,
        description=spec["description"],
        sheet_names=frozenset(normalise(s) for ss in spec["sheet_names"].values() for s in ss)
        | {name},
        columns=columns,
        headers_by_language={
            lang: {
                col: c["headers"][lang][0]
                for col, c in spec["columns"].items()
                if lang in c["headers"]
            }
            for lang in ("sl", "bs", "pl", "no", "en")
        },
    )
