"""Cells holding an error in the BIFF records of an .xls, which calamine reads as empty."""

from __future__ import annotations

import struct
from pathlib import Path

import olefile

BIFF_BOF, BIFF_BOUNDSHEET, BIFF_BOOLERR, BIFF_FORMULA = 0x0809, 0x0085, 0x0205, 0x0006


def xls_error_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Cells holding an error (a BOOLERR record, or a FORMULA whose cached result is an error) in
    the BIFF records of an .xls, by sheet: calamine reads them as empty."""
    with olefile.OleFileIO(str(path)) as ole:
        stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
        if stream is None:
            return {}
        data = ole.openstream(stream).read()
    sheets: dict[int, str] = {}
    found: dict[str, set[tuple[int, int]]] = {}
    current = ""
    position = 0
    while position + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, position)
        body = data[position + 4 : position + 4 + size]
        if kind == BIFF_BOUNDSHEET and len(body) >= 8:
            sheets[struct.unpack_from("<I", body)[0]] = biff_short_string(body, 6)
        elif kind == BIFF_BOF:
            current = sheets.get(position, current)
        elif len(body) >= 8 and is_error_record(kind, body):
            row, column = struct.unpack_from("<HH", body)
            found.setdefault(current, set()).add((row + 1, column + 1))
        position += 4 + size
    return {name: frozenset(cells) for name, cells in found.items()}


def is_error_record(kind: int, body: bytes) -> bool:
    if kind == BIFF_BOOLERR:
        return body[7] == 1
    return kind == BIFF_FORMULA and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2


def biff_short_string(body: bytes, offset: int) -> str:
    length, flags = body[offset], body[offset + 1]
    text = body[offset + 2 :]
    return (
        text[: 2 * length].decode("utf-16-le", errors="replace")
        if flags & 1
        else text[:length].decode("latin-1")
    )
