"""What intake makes of one received file: its identity, its tables and the problems found.

Every later stage (validate, load, feedback) speaks in these two types, so a problem found by
the reader and one found by a Great Expectations rule reach the partner the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

Severity = Literal["error", "warning"]
Status = Literal["accepted", "accepted_with_warnings", "rejected", "duplicate", "held"]
LINEAGE_COLUMNS = ("sheet", "sheet_row")
NO_ROWS = pd.DataFrame()  # what a submission's tables hold once their rows are loaded
# The sums of each table a partner can check against its own file, after its rows.
READ_MEASURES = {
    "housing": ("residents", "resident_nights"),
    "counselling": ("hours",),
    "trainings": ("hours", "participants"),
    "groups": ("participants", "hours"),
    "people": (),
}


@dataclass(frozen=True)
class Problem:
    """One thing a partner must fix (error) or look at (warning).

    `rule` is a key of the feedback catalogues; `params` fill the message and must never carry
    the value of a cell that may hold personal data: report the cell, not the value.
    `row` is the 1-based row number in the original sheet (the line number in a text file).
    """

    severity: Severity
    rule: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


def submission_key(partner_id: str | None, period: str | None, sha256: str) -> str:
    """A submission is the partner, the month and the content: the same bytes for another month
    or partner are another submission (an unchanged housing sheet sent again next month)."""
    return hashlib.sha256(f"{partner_id or ''}|{period or ''}|{sha256}".encode()).hexdigest()


@dataclass
class Submission:
    """One file as received from a partner, and the canonical tables read from it.

    `tables` maps a canonical table name (housing, counselling, trainings, groups, people) to a
    DataFrame with the canonical columns plus `sheet` and `sheet_row` for lineage (and, for a
    coded column, `<column>_text`: the partner's own words). `outstanding` are the tables the
    partner reports that no file of the month has brought yet; `duplicate_of` is set when the
    same partner sent the same bytes for the same month before; `held` when it arrived for a
    month the manager had locked, its rows waiting for the month to be reopened.
    """

    sha256: str
    name_as_received: str
    size_bytes: int
    received_at: datetime
    partner_id: str | None
    period: str | None
    file_format: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    inbox_path: str | None = None
    outstanding: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    held: bool = False
    read: dict[str, dict[str, float]] | None = None
    # the workbook's sheets in the order the partner sees them, to tell its problems in that order
    sheets: list[str] = field(default_factory=list)

    @property
    def submission_id(self) -> str:
        return submission_key(self.partner_id, self.period, self.sha256)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def status(self) -> Status:
        if self.duplicate_of:
            return "duplicate"
        if self.held and not self.errors:
            return "held"
        return self.validation_status

    @property
    def validation_status(self) -> Status:
        """What the checks made of the file, whether its month is locked or not."""
        if self.errors:
            return "rejected"
        return "accepted_with_warnings" if self.warnings else "accepted"

    def drop_rows(self) -> None:
        """Let the rows go once they are loaded: a run keeps each submission for its feedback
        and register (identity, status, problems, the names of its tables and what they came
        to), not its rows. The names keep one shared empty frame: even an empty frame per table
        costs kilobytes, and a run may hold tens of thousands of files."""
        self.read = self.what_was_read()
        self.tables = dict.fromkeys(self.tables, NO_ROWS)

    def what_was_read(self) -> dict[str, dict[str, float]]:
        """Each table's rows and the sums of the measures its partner wrote (a column left
        empty is no 0), for the partner to check against its file; kept once the rows go."""
        if self.read is not None:
            return self.read
        return {table: rows_and_sums(table, frame) for table, frame in self.tables.items()}

    def error(self, rule: str, **where_and_params: Any) -> None:
        self._add("error", rule, where_and_params)

    def warning(self, rule: str, **where_and_params: Any) -> None:
        self._add("warning", rule, where_and_params)

    def _add(self, severity: Severity, rule: str, kw: dict[str, Any]) -> None:
        where = {k: kw.pop(k) for k in ("sheet", "row", "column") if k in kw}
        if where.get("row") is not None:
            where["row"] = int(where["row"])  # a row found by numpy is a numpy integer
        self.problems.append(Problem(severity, rule, params=kw, **where))


def rows_and_sums(table: str, frame: pd.DataFrame) -> dict[str, float]:
    sums = {
        measure: float(frame[measure].sum())
        for measure in READ_MEASURES.get(table, ())
        if measure in frame and frame[measure].notna().any()
    }
    return {"rows": len(frame), **sums}


def table_rows(
    submissions: list[Submission], table: str, **stamps: Callable[[Submission], object]
) -> pd.DataFrame:
    """The rows of `table` of every submission that has it, in one frame, each row stamped
    with its submission's value of every keyword (submission_id=lambda s: s.submission_id)."""
    having = [sub for sub in submissions if table in sub.tables]
    if not having:
        return pd.DataFrame()
    rows = pd.concat([sub.tables[table] for sub in having], ignore_index=True)
    lengths = [len(sub.tables[table]) for sub in having]
    for name, stamp in stamps.items():
        rows[name] = np.repeat(np.array([stamp(sub) for sub in having], dtype=object), lengths)
    return rows
