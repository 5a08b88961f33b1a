"""Raw grids of cells from whatever a partner sent: workbooks through calamine, text through csv.

The format is decided from the bytes, never from the file name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import python_calamine as calamine


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; `rule` is the feedback catalogue key."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]
    visible: bool = True


def sniff_format(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return "text"


def read_sheets(path: Path) -> tuple[str, list[Sheet]]:
    """The file's format and its sheets, hidden ones marked, in workbook order."""
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = sniff_format(head)
    if kind == "text":
        return "csv", [Sheet(name=path.stem, rows=read_text_rows(path.read_bytes()))]
    return kind, read_workbook_sheets(path)


def read_workbook_sheets(path: Path) -> list[Sheet]:
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise UnreadableFile("file_encrypted") from None
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise UnreadableFile("file_unreadable", detail=type(exc).__name__) from None
    sheets = []
    for meta in workbook.sheets_metadata:
        visible = meta.visible == calamine.SheetVisibleEnum.Visible
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False) if visible else []
        sheets.append(Sheet(name=meta.name, rows=rows, visible=visible))
    return sheets


def decode_text(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1250")


def read_text_rows(data: bytes) -> list[list[object]]:
    text = decode_text(data)
    first_lines = "\n".join(text.splitlines()[:20])
    delimiter = max(";,\t", key=first_lines.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
