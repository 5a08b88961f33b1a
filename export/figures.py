"""The figures of a range of months as files a manager hands on to a funder: a workbook, the
same tables as CSV, charts as PNG and SVG, and a narrative, all in one folder under exports/.

Each folder keeps what it was made with (`.export.json`: its months and options, and the
fingerprint of the warehouse, consortium.yaml and code its figures came from), so that a run can
make again an earlier export whose figures changed since, and a grant report never disagrees with
the warehouse."""

from __future__ import annotations

import hashlib
import json
import shutil
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from core.config import Workspace
from core.periods import months_between
from export.csv_files import write_csvs
from export.fetch import as_of_time, chart_months
from export.images import drawing, image_server, monthly_charts, target_charts
from export.narrative import write_narrative
from export.tables import build_report
from export.workbook import write_workbook
from transforms.figures import figures_as_of

MADE_WITH = ".export.json"


@dataclass(frozen=True)
class ExportMade:
    """An export's months and options, and the fingerprint of what its figures came from (None:
    not known)."""

    first: str
    last: str
    partner: str | None = None
    language: str | None = None  # None: the consortium's
    as_of: str | None = None
    excel_csv: bool = False
    images: bool = True
    inputs: str | None = None

    def options(self) -> dict[str, Any]:
        """The arguments of `export_report` that make this export again."""
        made = asdict(self)
        del made["first"], made["last"], made["inputs"]
        return made


def exports_made(exports: Path) -> list[tuple[Path, ExportMade]]:
    """The folders under `exports` that say what they were made with, with what that was; a
    folder of an older version, or whose record does not read, is not among them."""
    made = []
    for record in sorted(exports.glob(f"*/{MADE_WITH}")):
        try:
            made.append((record.parent, ExportMade(**json.loads(record.read_text("utf-8")))))
        except (ValueError, TypeError):
            continue
    return made


def figures_digest(folder: Path) -> str:
    """A digest of the figures an export folder holds (its CSV files, which hold every table of
    its workbook): what tells a manager whether an export made again says anything new."""
    digest = hashlib.sha256()
    for table in sorted(folder.glob("*.csv")):
        digest.update(table.name.encode() + b"\0" + table.read_bytes())
    return digest.hexdigest()


def export_folder(
    ws: Workspace,
    first: str,
    last: str,
    *,
    partner: str | None,
    language: str,
    as_of: str | None,
    excel_csv: bool,
) -> Path:
    """exports/<first>_<last>[_<partner>][_<language>][_as-of-<day>][_excel]: one folder per distinct export."""
    parts = [first, last]
    if partner:
        parts.append(partner)
    if language != ws.config.language:
        parts.append(language)
    if as_of:
        parts.append(f"as-of-{as_of}")
    if excel_csv:
        parts.append("excel")
    return ws.exports / "_".join(parts)


def export_figures(
    ws: Workspace, con: duckdb.DuckDBPyConnection, first: str, last: str, **options: Any
) -> Path:
    """Write the export of months first..last (the options of `export_report`) and return its
    folder; a previous export of the same scope is replaced whole, so no file of an older run
    lingers beside the new ones."""
    folder, _ = export_report(ws, con, first, last, **options)
    return folder


def export_report(
    ws: Workspace,
    con: duckdb.DuckDBPyConnection,
    first: str,
    last: str,
    *,
    partner: str | None = None,
    language: str | None = None,
    as_of: str | None = None,
    excel_csv: bool = False,
    images: bool = True,
    drawing_until: ExitStack | None = None,
    inputs: str | None = None,
) -> tuple[Path, list[Path]]:
    """`export_figures`, also saying which images were drawn: a chart whose figure is the one
    the previous export of the same scope drew is copied from it, not drawn again. `images`
    False leaves the charts out. With `drawing_until`, the images are still being drawn when
    this returns, and are waited for when the caller closes that stack (a run renders its
    pages meanwhile). `inputs` is the fingerprint of what the figures come from, kept with
    the folder."""
    made = ExportMade(first, last, partner, language, as_of, excel_csv, images, inputs)
    language = language or ws.config.language
    moment = as_of_time(as_of, ws.config.reporting.schedule.timezone)
    folder = export_folder(
        ws, first, last, partner=partner, language=language, as_of=as_of, excel_csv=excel_csv
    )
    previous = folder.with_name(f".{folder.name}.previous")
    with ExitStack() as own, figures_as_of(con, moment):
        stack = own if drawing_until is None else drawing_until
        # Chromium starts while the figures are fetched, and draws while the tables are written
        if images:
            stack.enter_context(image_server())
        shutil.rmtree(previous, ignore_errors=True)
        if folder.exists():
            folder.rename(previous)
        try:
            folder.mkdir(parents=True)
            drawn = []
            if images:
                # the monthly charts need no other figure: drawn while the report is made
                months = chart_months(con, first, last, partner, moment)
                periods = months_between(first, last)
                charts = monthly_charts(ws.config, months, language, partner, periods)
                drawn += stack.enter_context(drawing(charts, folder, previous))
            report = build_report(
                con, ws.config, first, last, partner=partner, language=language, as_of=as_of
            )
            if images:
                drawn += stack.enter_context(drawing(target_charts(report), folder, previous))
            write_workbook(report, folder / "report.xlsx")
            write_csvs(report, folder, excel=excel_csv)
            write_narrative(report, folder)
            (folder / MADE_WITH).write_text(json.dumps(asdict(made), indent=1), encoding="utf-8")
        finally:
            shutil.rmtree(previous, ignore_errors=True)
    return folder, drawn
