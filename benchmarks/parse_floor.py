"""The parse floor: every inbox file read into Python cells and nothing else, as its own process.

Workbooks (xlsx, xls, ods) through python-calamine, text through the csv module: no pipeline can
read the files faster than this, so the full run is judged by how much it adds on top.
Prints `{"files": ..., "cells": ...}` as JSON.

Example: python -m benchmarks.parse_floor benchmarks/work/network/inbox
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import python_calamine as calamine

WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def inbox_files(inbox: Path) -> list[Path]:
    """Partner files: everything under inbox/<partner>/, not the arrival ledger or hidden files."""
    return sorted(
        p
        for p in inbox.rglob("*")
        if p.is_file() and p.parent != inbox and not p.name.startswith(".")
    )


def workbook_cells(path: Path) -> int:
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    return sum(
        sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
        for name in workbook.sheet_names
    )


def text_cells(path: Path) -> int:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    return sum(len(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def file_cells(path: Path) -> int:
    with path.open("rb") as fh:
        head = fh.read(8)
    return workbook_cells(path) if head.startswith(WORKBOOK_MAGIC) else text_cells(path)


def main(argv: list[str]) -> None:
    files = inbox_files(Path(argv[0]))
    cells = sum(file_cells(p) for p in files)
    print(json.dumps({"files": len(files), "cells": cells}))


if __name__ == "__main__":
    main(sys.argv[1:])
