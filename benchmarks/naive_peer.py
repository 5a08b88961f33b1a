"""The naive peer: the monthly job written the way a capable analyst would first write it, to
show what the pipeline's design is worth. Run as its own process.

Each file is read whole with pandas (openpyxl for xlsx; calamine only for xls and ods, which
openpyxl cannot open; read_csv for text), every sheet's header found and mapped with the shared
vocabulary, each column converted with pandas, then one Great Expectations context and one
validation per sheet of every file, the latest valid file per partner, month and table kept,
and the headline figures computed with pandas concat and groupby.
Writes `{"partners": {partner_id: {figure: value}}}` as JSON.

Example: python -m benchmarks.naive_peer benchmarks/work/network naive.json
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from core.config import Consortium, load_consortium
from core.vocabulary import Table, Vocabulary, normalise, vocabulary

HEADER_SEARCH_ROWS = 30
PERIOD = re.compile(
    r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)|(?<!\d)(0?[1-9]|1[0-2])[./-] ?(20\d\d)(?!\d)"
)
DURATION = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*$")
PSEUDONYM = r"^[A-Za-z]{1,6}[-_/ ]?\d{1,6}$"
SESSION_HOURS_MAX = 12
HEADLINE = (
    "counselling_sessions",
    "counselling_hours",
    "group_meetings",
    "trainings",
    "people_distinct",
)


def arrivals(root: Path) -> list[Path]:
    """Partner files oldest first (arrival ledger, else mtime), so a resubmission wins."""
    inbox = root / "inbox"
    ledger_path = inbox / "received.csv"
    ledger = {}
    if ledger_path.is_file():
        with ledger_path.open(encoding="utf-8", newline="") as fh:
            ledger = {
                row["file"]: datetime.fromisoformat(row["received_at"])
                for row in csv.DictReader(fh)
            }
    files = [
        p
        for p in inbox.rglob("*")
        if p.is_file() and p.parent != inbox and not p.name.startswith(".")
    ]

    def received(path: Path) -> tuple[datetime, str]:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        return ledger.get(path.relative_to(inbox).as_posix(), mtime), path.name

    return sorted(files, key=received)


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() != ".ods":
        return pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    return {path.stem: read_text(path)}


def read_text(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    encoding = "utf-8-sig"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1250"
    first_line = data.decode(encoding).split("\n", 1)[0]
    sep = ";" if first_line.count(";") >= first_line.count(",") else ","
    return pd.read_csv(
        io.BytesIO(data),
        sep=sep,
        encoding=encoding,
        header=None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
    ).replace("", None)


def header_of(frame: pd.DataFrame, sheet: str, vocab: Vocabulary) -> tuple[Table | None, int]:
    """The table whose headers the sheet's header row names most, and that row's index."""
    best: tuple[int, int, Table | None, int] = (0, 0, None, -1)
    by_name = vocab.table_for_sheet(sheet)
    for index, row in enumerate(frame.head(HEADER_SEARCH_ROWS).itertuples(index=False)):
        for table in vocab.tables.values():
            hits = len({table.column_for_header(c) for c in row if isinstance(c, str)} - {None})
            score = (hits, int(table.name == by_name))
            if hits >= 2 and score > best[:2]:
                best = (*score, table, index)
    return best[2], best[3]


def table_of(frame: pd.DataFrame, table: Table, header_row: int, vocab: Vocabulary) -> pd.DataFrame:
    names = [
        table.column_for_header(h) if isinstance(h, str) else None for h in frame.iloc[header_row]
    ]
    body = frame.iloc[header_row + 1 :].set_axis(names, axis=1)
    body = body.loc[:, [n is not None for n in names]].dropna(how="all")
    first = body.iloc[:, 0].astype(str).map(normalise).str.rstrip(":")
    body = body[~first.isin(vocab.totals_words)]
    return pd.DataFrame(
        {column: convert(body[column], table, column, vocab) for column in body.columns}
    )


def convert(values: pd.Series, table: Table, column: str, vocab: Vocabulary) -> pd.Series:
    spec = table.columns[column]
    if spec.type == "code":
        return values.map(
            lambda v: v if pd.isna(v) else (vocab.code(spec.codes, v) or str(v).strip())
        )
    if spec.type == "text":
        return values.map(lambda v: v if pd.isna(v) else as_written(v))
    if spec.type == "date":
        typed = values.map(lambda v: isinstance(v, datetime))
        text = (
            values.where(~typed)
            .astype("string")
            .str.replace(r"\s+", "", regex=True)
            .str.rstrip(".")
        )
        parsed = pd.to_datetime(text, dayfirst=True, format="mixed", errors="coerce")
        return parsed.where(~typed, pd.to_datetime(values.where(typed)))
    if spec.type == "hours":
        values = values.map(hours)
    return pd.to_numeric(values.astype("string").str.replace(",", ".").str.strip(), errors="coerce")


def as_written(value: Any) -> str:
    """A code typed as a number (1234.0 read from a workbook) back to the text written."""
    return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()


def hours(value: Any) -> Any:
    if isinstance(value, time):
        return value.hour + value.minute / 60
    if isinstance(value, str) and (match := DURATION.match(value)):
        return int(match.group(1)) + int(match.group(2)) / 60
    return value


def period_of(name: str, sheets: dict[str, pd.DataFrame]) -> str | None:
    """The month in the file name, else in the first rows of a sheet (`Mesec: 2025-03`)."""
    first_rows = (
        " ".join(map(str, row))
        for f in sheets.values()
        for row in f.head(5).itertuples(index=False)
    )
    for written in [name, *first_rows]:
        if match := PERIOD.search(written):
            year, month = (
                (match.group(1), match.group(2))
                if match.group(1)
                else (match.group(4), match.group(3))
            )
            return f"{year}-{int(month):02d}"
    return None


def expectations(table: Table, vocab: Vocabulary) -> list[Any]:
    """The rules an analyst would write from the partners' instructions: required values present,
    codes from the lists, no negative counts, session hours from 0 to 12, no more residents than
    places, user codes that look like pseudonyms rather than personal numbers."""
    import great_expectations as gx

    x = gx.expectations
    rules: list[Any] = []
    for column in table.columns.values():
        if column.required:
            rules.append(x.ExpectColumnValuesToNotBeNull(column=column.name))
        if column.type in ("integer", "number", "hours"):
            rules.append(x.ExpectColumnValuesToBeBetween(column=column.name, min_value=0))
        if column.type == "code":
            codes = sorted(vocab.code_words[column.codes])
            rules.append(x.ExpectColumnValuesToBeInSet(column=column.name, value_set=codes))
        if column.name == "user_code":
            rules.append(x.ExpectColumnValuesToMatchRegex(column=column.name, regex=PSEUDONYM))
    if table.name == "counselling":
        rules.append(
            x.ExpectColumnValuesToBeBetween(
                column="hours", min_value=0, max_value=SESSION_HOURS_MAX, strict_min=True
            )
        )
    if table.name == "housing":
        rules.append(
            x.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="places",
                column_B="residents",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        )
    return rules


def passes_validation(tables: dict[str, pd.DataFrame], vocab: Vocabulary) -> bool:
    """A fresh GX context for the file and one validation per sheet; False on any failure."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("file")
    for name, frame in tables.items():
        batch = (
            source.add_dataframe_asset(name=name)
            .add_batch_definition_whole_dataframe("all")
            .get_batch(batch_parameters={"dataframe": frame})
        )
        rules = [
            r
            for r in expectations(vocab.tables[name], vocab)
            if {getattr(r, k, None) for k in ("column", "column_A", "column_B")} - {None}
            <= set(frame.columns)
        ]
        if not batch.validate(gx.ExpectationSuite(name=name, expectations=rules)).success:
            return False
    return True


def file_tables(sheets: dict[str, pd.DataFrame], vocab: Vocabulary) -> dict[str, pd.DataFrame]:
    """Each sheet that holds a known table, as that table's canonical columns."""
    tables = {}
    for sheet, frame in sheets.items():
        table, header_row = header_of(frame, sheet, vocab)
        if table is not None:
            tables[table.name] = table_of(frame, table, header_row, vocab)
    return tables


def in_force_tables(root: Path, config: Consortium) -> dict[tuple[str, str, str], pd.DataFrame]:
    """The rows of the latest valid file per partner, month and table."""
    vocab = vocabulary()
    kept: dict[tuple[str, str, str], pd.DataFrame] = {}
    for path in arrivals(root):
        partner = path.parent.name
        try:
            sheets = read_sheets(path)
        except Exception as exc:  # noqa: BLE001 - a file pandas cannot open is a rejected file
            print(f"{path}: not read ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        period, tables = period_of(path.name, sheets), file_tables(sheets, vocab)
        expected = set(config.partner(partner).tables) if config.partner(partner) else set()
        if period is None or not tables or not expected >= set(tables):
            continue
        if path.suffix.lower() != ".csv" and set(tables) != expected:
            continue
        if not passes_validation(tables, vocab):
            continue
        for name, frame in tables.items():
            kept[(partner, period, name)] = frame
    return kept


def headline(kept: dict[tuple[str, str, str], pd.DataFrame]) -> pd.DataFrame:
    """Per partner over the whole range: sessions, hours, group meetings, trainings, and people
    (in a people sheet or a counselling session) counted once."""

    def rows(table: str) -> pd.DataFrame:
        parts = [f.assign(partner_id=p) for (p, _, t), f in kept.items() if t == table]
        empty = pd.DataFrame(columns=["partner_id", "hours", "user_code"])
        return pd.concat(parts, ignore_index=True) if parts else empty

    counselling = (
        rows("counselling")
        .groupby("partner_id")
        .agg(counselling_sessions=("partner_id", "size"), counselling_hours=("hours", "sum"))
    )
    groups = rows("groups").groupby("partner_id").size().rename("group_meetings")
    trainings = rows("trainings").groupby("partner_id").size().rename("trainings")
    people = pd.concat([rows("people"), rows("counselling")], ignore_index=True)
    codes = people["user_code"].dropna().astype(str).str.strip().str.upper()
    people_distinct = (
        people.loc[codes.index].assign(code=codes).groupby("partner_id")["code"].nunique()
    )
    figures = pd.concat(
        [counselling, groups, trainings, people_distinct.rename("people_distinct")], axis=1
    )
    return figures.reindex(columns=list(HEADLINE)).fillna(0)


def main(argv: list[str]) -> None:
    root, out = Path(argv[0]), Path(argv[1])
    config = load_consortium(root / "consortium.yaml")
    figures = headline(in_force_tables(root, config))
    partners = {p: {k: float(v) for k, v in row.items()} for p, row in figures.iterrows()}
    out.write_text(json.dumps({"partners": partners}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
