"""Text files (csv, tsv, txt) to rows: the encoding and the delimiter decided from the bytes.

Partners' tools write UTF-8 (with or without BOM), UTF-16 with BOM, or an old Windows code page
(1250 for Slovene, Bosnian and Polish, 1252 for Norwegian), sometimes ISO-8859-2. A reading is
kept only when it is the one plausible reading; a file that could be read two ways is refused
rather than stored garbled.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from functools import cache

from collect.unreadable import UnreadableFile
from core.config import Intake
from core.vocabulary import VOCABULARY_FILE
from core.yaml_files import yaml_file

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Windows-1251: Serbian and Bosnian Cyrillic, as Windows Excel saves it
CODE_PAGES = ("cp1250", "iso-8859-2", "cp1252", "cp1251")
# a word of Latin and Cyrillic letters at once: Latin text read in a Cyrillic code page
MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 50


def read_text_rows(
    data: bytes, language: str | None, limits: Intake | None = None, sheet: str = ""
) -> tuple[list[list[object]], list[int]]:
    """The rows of a text file, each as its fields, and each row's number as a spreadsheet
    program shows the file (a quoted cell of several lines is one row: a partner opens the file
    in Excel, not in a text editor); a file past the row or cell limits of a sheet is refused as
    soon as it passes them."""
    text = decode_text(data, language)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    lines: list[int] = []
    width = 0
    for row in reader:
        width = max(width, len(row))
        if limits and (len(rows) >= limits.max_rows or (len(rows) + 1) * width > limits.max_cells):
            raise UnreadableFile(
                "sheet_too_large",
                sheet=sheet,
                rows=max(len(rows) + 1, text.count("\n")),
                columns=width,
                limit_rows=limits.max_rows,
                limit_cells=limits.max_cells,
            )
        rows.append(list(row))
        lines.append(len(rows))
    return rows, lines


def decode_text(data: bytes, language: str | None) -> str:
    """The text, or UnreadableFile(`encoding_uncertain`) when no single reading is plausible."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile("encoding_uncertain", encoding=encoding) from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile("encoding_uncertain", encoding="UTF-16 without byte order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = plausible_readings(data, language)
    if len(readings) != 1:
        raise UnreadableFile(
            "encoding_uncertain",
            encoding=" / ".join(sorted({e for es in readings.values() for e in es}))
            or "none of " + ", ".join(CODE_PAGES),
        )
    return next(iter(readings))


def plausible_readings(data: bytes, language: str | None) -> dict[str, list[str]]:
    """Distinct readings of the bytes whose letters all belong to the languages partners write,
    narrowed to the partner's own language when that leaves any."""
    readings: dict[str, list[str]] = {}
    for encoding in CODE_PAGES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.setdefault(text, []).append(encoding)
    letters, signs = alphabets()
    anyone = frozenset().union(*letters.values()) | signs
    plausible = {
        t: e
        for t, e in readings.items()
        if foreign_chars(t) <= anyone and not MIXED_SCRIPT.search(t)
    }
    own = {
        t: e
        for t, e in plausible.items()
        if language in letters and foreign_chars(t) <= letters[language] | signs
    }
    return own or plausible


def foreign_chars(text: str) -> frozenset[str]:
    return frozenset(
        ch for ch in set(text) if ord(ch) > 127 or (ord(ch) < 32 and ch not in "\t\r\n")
    )


@cache
def alphabets() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    raw = yaml_file(VOCABULARY_FILE)
    letters = {
        lang: frozenset(w for c in chars for w in (c, c.upper()))
        for lang, chars in raw["alphabets"].items()
    }
    return letters, frozenset(raw["text_signs"])


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into the same number of fields (more
    than one): a decimal comma splits lines unevenly, a real delimiter evenly."""
    head = text.splitlines()[:SNIFF_LINES]

    def score(delimiter: str) -> tuple[int, int]:
        counts = Counter(len(r) for r in csv.reader(head, delimiter=delimiter) if len(r) > 1)
        if not counts:
            return (0, 0)
        width, lines = counts.most_common(1)[0]
        return (lines, width)

    return max(DELIMITERS, key=score)
