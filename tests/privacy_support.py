"""Helpers of the privacy and integrity tests: workspace copies, damaged warehouses, and a search
for a value through every file a run leaves."""

import shutil
import zipfile
from pathlib import Path

import duckdb
import python_calamine as calamine

from core.personal_data import has_national_id

DUCKDB_HEADER_BYTES = 3 * 4096
DUCKDB_BLOCK_BYTES = 262144


def copy_workspace(source: Path, parent: Path) -> Path:
    """A copy of a workspace with the keys beside it, under the same folder name (the key
    files are named after it)."""
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / source.name
    shutil.copytree(source, target, symlinks=True)
    for key in source.parent.glob(f".{source.name}.*-key"):
        shutil.copy2(key, parent / key.name)
    return target


def truncate(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def flip_a_bit_in_the_register(path: Path) -> int:
    """Flip one bit inside a block of the `submissions` table (found from DuckDB's storage
    info), as a failing disk would; the file offset changed."""
    with duckdb.connect(str(path), read_only=True) as con:
        block = con.execute(
            "select min(block_id) from pragma_storage_info('submissions') where block_id >= 0"
        ).fetchone()[0]
    offset = DUCKDB_HEADER_BYTES + block * DUCKDB_BLOCK_BYTES + 8 + 100
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)[0]
        fh.seek(offset)
        fh.write(bytes([byte ^ 0x04]))
    return offset


def national_ids_in(path: Path) -> set[str]:
    """The cells of a workbook that hold a national identity number, as text."""
    book = calamine.CalamineWorkbook.from_path(str(path))
    found = set()
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            for cell in row:
                text = (
                    str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
                )
                if has_national_id(text):
                    found.add(text)
    return found


def file_texts(root: Path) -> dict[Path, bytes]:
    """The bytes of every file under `root`, and of every member of the zip files among them
    (xlsx), keyed by path."""
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts[path] = data
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    texts[path / member] = zf.read(member)
    return texts


def places_holding(value: str, texts: dict[Path, bytes]) -> list[Path]:
    needles = (value.encode(), value.encode("utf-16-le"))
    return [path for path, data in texts.items() if any(n in data for n in needles)]


def warehouse_places_holding(path: Path, value: str) -> list[str]:
    """The tables of a warehouse with a cell that contains `value`."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        ]
        return [t for t in tables if value in str(con.execute(f'select * from "{t}"').fetchall())]
