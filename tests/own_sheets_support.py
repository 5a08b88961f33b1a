"""Partner files made the way partner staff make them, and the intake steps the tests run."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from collect.arrival import Arrival
from collect.intake import collect_new
from collect.reader import read_submission
from core.config import Workspace
from core.fingerprint import file_sha256
from load import warehouse
from validate.run import validate_submissions


def workbook(
    path: Path,
    sheets: dict[str, list[list[object]]],
    merged: dict[str, tuple[str, ...]] | None = None,
) -> Path:
    """An xlsx with one sheet per entry, rows as given (title rows included), the ranges of
    `merged` ("C1:E1") merged in their sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, ()):
            sheet.merge_cells(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def text_file(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


def writing_in(workspace: Path, partner: str, language: str) -> None:
    """The workspace with `partner` writing in `language` (the demo has no English partner, and
    no Slovene one with groups)."""
    config = workspace / "consortium.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("    language: ", text.index(f"  - id: {partner}\n"))
    end = text.index("\n", start)
    config.write_text(f'{text[:start]}    language: "{language}"{text[end:]}', encoding="utf-8")


def read(workspace: Path, path: Path, partner: str, *, received=None, validate=False):
    arrival = Arrival(
        path=path,
        name_as_received=path.name,
        partner_id=partner,
        received_at=received or datetime(2026, 12, 1, tzinfo=UTC),
        sha256=file_sha256(path),
        size_bytes=path.stat().st_size,
    )
    config = Workspace.open(workspace).config
    sub = read_submission(arrival, config)
    if validate:
        validate_submissions([sub], config)
    return sub


def deliver(workspace: Path, partner: str, path: Path, received: str) -> None:
    """Put a file in the partner's inbox folder, with its arrival time in received.csv."""
    target = workspace / "inbox" / partner / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    ledger = workspace / "inbox" / "received.csv"
    new = not ledger.exists()
    with ledger.open("a", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(["file", "received_at"])
        writer.writerow([f"{partner}/{path.name}", received])


def run_intake(workspace: Path) -> list:
    """Collect and load the inbox as a run does (no validation): the submissions read."""
    ws = Workspace.open(workspace)
    with warehouse.connect(ws.warehouse) as con:
        subs = collect_new(ws, warehouse.intake_register(con))
        warehouse.load_submissions(con, subs, b"k", shared_codes=False)
    return subs
