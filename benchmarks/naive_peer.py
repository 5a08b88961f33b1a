"""The naive peer: the monthly job written the way a capable analyst would first write it, to
show what the pipeline's design is worth. Run as its own process.

Each file is read whole with pandas (openpyxl for xlsx; calamine only for xls and ods, which
openpyxl cannot open; read_csv for text), every sheet's header found and mapped with the shared
vocabulary (header meaning, free-text kinds, the month in a file name in numbers or words, user
codes written as consortium.yaml says), the rows of a mixed activity log sent to the table their
kind belongs to, each column converted with pandas, then one Great Expectations context and one
validation per table of every file, the latest valid file per partner, month and table kept (the
same bytes sent again for another month count for that month too), and the headline figures
computed with pandas concat and groupby.
Writes `{"partners": {partner_id: {figure: value}}}` as JSON.

Example: python -m benchmarks.naive_peer benchmarks/work/network naive.json
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from collect.stated import period_in_text
from core.config import Consortium, UserCodes, load_consortium
from core.vocabulary import UNCLASSIFIED, Table, Vocabulary, normalise, vocabulary

HEADER_SEARCH_ROWS = 30
ACTIVITY_TABLES = ("counselling", "groups", "trainings")
FILLED_FROM_KIND = {"trainings": ("title", "audience")}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
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


@dataclass(frozen=True)
class Reading:
    """What the shared domain knowledge says about one partner's words: its language, its
    confirmed value mapping and how the consortium writes user codes."""

    vocab: Vocabulary
    language: str = "en"
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    user_codes: UserCodes = field(default_factory=UserCodes)

    def classify(self, code_set: str, text: Any) -> Any:
        if pd.isna(text):
            return text
        return self.vocab.classify(code_set, as_written(text), self.values.get(code_set))


def reading_for(partner: str, config: Consortium) -> Reading:
    vocab = vocabulary()
    found = config.partner(partner)
    if found is None:
        return Reading(vocab, user_codes=config.user_codes)
    values = {c: found.mapping.code_values(c) for c in vocab.code_words}
    return Reading(vocab, found.language, values, config.user_codes)


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
    is_workbook = head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    if path.suffix.lower() in WORKBOOK_SUFFIXES and not is_workbook:
        raise ValueError("not a workbook despite its name")
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


def tables_of(
    frame: pd.DataFrame, main: Table, header_row: int, reading: Reading
) -> dict[str, pd.DataFrame]:
    """The sheet's rows as the main table's, or, in a mixed activity log (a kind column and the
    columns of several activity tables), each row in the table its kind belongs to."""
    vocab = reading.vocab
    headers = list(frame.iloc[header_row])
    body = frame.iloc[header_row + 1 :].reset_index(drop=True).set_axis(range(len(headers)), axis=1)
    body = body.dropna(how="all")
    first = body.iloc[:, 0].astype(str).map(normalise).str.rstrip(":")
    body = body[~first.isin(vocab.totals_words)]
    candidates = [main.name] + (
        [t for t in ACTIVITY_TABLES if t != main.name] if main.name in ACTIVITY_TABLES else []
    )
    names = {t: columns_named(headers, vocab.tables[t]) for t in candidates}
    kind = next(
        (p for t in candidates for p, c in names[t].items() if c == vocab.tables[t].kind_column),
        None,
    )
    tables = [
        t
        for t in candidates
        if t == main.name or (kind is not None and holds(vocab.tables[t], names[t]))
    ]
    route = pd.Series(main.name, index=body.index)
    if kind is not None and len(tables) > 1:
        route = body[kind].map(lambda text: route_of(text, tables, reading))
        if "groups" in tables:
            # unclassified: a count of people and no user's code make it a group's activity
            count = next((p for p, c in names["groups"].items() if c == "participants"), None)
            code = next(
                (p for p, c in names.get("counselling", {}).items() if c == "user_code"), None
            )
            counted = body[count].notna() if count is not None else False
            coded = body[code].notna() if code is not None else False
            route = route.where(route.notna() | ~(counted & ~coded), "groups")
        route = route.fillna(main.name)
    out = {}
    for name in tables:
        rows = body[route == name]
        if name != main.name and rows.empty:
            continue
        spec = vocab.tables[name]
        columns = {c: rows[p] for p, c in names[name].items()}
        if len(tables) > 1:
            for filled in FILLED_FROM_KIND.get(name, ()):
                columns.setdefault(filled, rows[kind])
        out[name] = pd.DataFrame(
            {c: convert(v, spec, c, reading) for c, v in columns.items()}, index=rows.index
        )
    return out


def columns_named(headers: list[Any], table: Table) -> dict[int, str]:
    """Position -> the table's column its header means (the first position of a column wins)."""
    found: dict[int, str] = {}
    for position, header in enumerate(headers):
        column = table.column_for_header(header) if isinstance(header, str) else None
        if column is not None and column not in found.values():
            found[position] = column
    return found


def holds(table: Table, named: dict[int, str]) -> bool:
    """Whether a log's columns hold a table's kind (trainings have none) and every column
    it needs."""
    present = set(named.values())
    needed = set(table.required) - set(FILLED_FROM_KIND.get(table.name, ()))
    has_kind = table.kind_column is None or table.kind_column in present
    return has_kind and needed <= present


def route_of(text: Any, tables: list[str], reading: Reading) -> str | None:
    """A training by its words, else the first table whose kind words classify the text, else
    none (decided by what the row gives)."""
    if pd.isna(text):
        return tables[0]
    if "trainings" in tables and reading.vocab.is_training(as_written(text)):
        return "trainings"
    for name in tables:
        spec = reading.vocab.tables[name]
        codes = spec.columns[spec.kind_column].codes if spec.kind_column else None
        if codes and reading.classify(codes, text) != UNCLASSIFIED:
            return name
    return None


def convert(values: pd.Series, table: Table, column: str, reading: Reading) -> pd.Series:
    spec = table.columns[column]
    if spec.type == "code":
        return values.map(partial(reading.classify, spec.codes))
    if column == "user_code":
        return values.map(
            lambda v: v if pd.isna(v) else reading.user_codes.normalise(as_written(v))
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


def period_of(name: str, sheets: dict[str, pd.DataFrame], reading: Reading) -> str | None:
    """The month in the file name (`porady_05_2025.csv`, `MOST porocilo maj 2025.xlsx`), else in
    the first rows of a sheet (`Mesec: 2025-03`, `Izvještaj o aktivnostima za oktobar 2026.`)."""
    first_rows = (
        " ".join(str(c) for c in row if not pd.isna(c))
        for f in sheets.values()
        for row in f.head(5).itertuples(index=False)
    )
    for written in [Path(name).stem, *first_rows]:
        if period := period_in_text(written, reading.vocab, reading.language):
            return period
    return None


def expectations(table: Table, vocab: Vocabulary) -> list[Any]:
    """The rules an analyst would write from the partners' instructions: required values present,
    codes from the lists, no negative counts, session hours from 0 to 12, no more residents than
    places, user codes that look like pseudonyms rather than personal numbers."""
    import great_expectations as gx

    x = gx.expectations
    rules: list[Any] = []
    for column in table.columns.values():
        if column.required and not column.not_required_for:
            rules.append(x.ExpectColumnValuesToNotBeNull(column=column.name))
        if column.type in ("integer", "number", "hours"):
            rules.append(x.ExpectColumnValuesToBeBetween(column=column.name, min_value=0))
        if column.type == "code":
            codes = sorted({*vocab.code_words[column.codes], UNCLASSIFIED})
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
    """A fresh GX context for the file and one validation per table; False on any failure."""
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


def file_tables(sheets: dict[str, pd.DataFrame], reading: Reading) -> dict[str, pd.DataFrame]:
    """The known tables in a file's sheets, in canonical columns (a table in two sheets, once)."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for sheet, frame in sheets.items():
        table, header_row = header_of(frame, sheet, reading.vocab)
        if table is not None:
            for name, rows in tables_of(frame, table, header_row, reading).items():
                parts.setdefault(name, []).append(rows)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}


def in_force_tables(root: Path, config: Consortium) -> dict[tuple[str, str, str], pd.DataFrame]:
    """The rows of the latest valid file per partner, month and table."""
    kept: dict[tuple[str, str, str], pd.DataFrame] = {}
    for path in arrivals(root):
        partner = path.parent.name
        reading = reading_for(partner, config)
        try:
            sheets = read_sheets(path)
        except Exception as exc:  # noqa: BLE001 - a file pandas cannot open is a rejected file
            print(f"{path}: not read ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        period, tables = period_of(path.name, sheets, reading), file_tables(sheets, reading)
        if period is None or all(frame.empty for frame in tables.values()):
            continue
        if not passes_validation(tables, reading.vocab):
            continue
        for name, frame in tables.items():
            kept[(partner, period, name)] = frame
    return kept


# the tables each figure is made from: a partner with none of them in force did not report it
FIGURE_TABLES = {
    "counselling_sessions": ("counselling",),
    "counselling_hours": ("counselling",),
    "group_meetings": ("groups",),
    "trainings": ("trainings",),
    "people_distinct": ("people", "counselling"),
}


def headline(kept: dict[tuple[str, str, str], pd.DataFrame]) -> pd.DataFrame:
    """Per partner over the whole range: sessions, hours, group meetings, trainings, and people
    (in a people sheet or a counselling session) counted once; None (not reported) where the
    partner has no table of the figure in force, 0 where its tables have no rows."""

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
    sent = {(p, t) for p, _, t in kept}
    partners = sorted({p for p, _ in sent})
    figures = figures.reindex(index=partners, columns=list(HEADLINE)).fillna(0).astype(object)
    for name, tables in FIGURE_TABLES.items():
        for partner in partners:
            if not any((partner, t) in sent for t in tables):
                figures.at[partner, name] = None
    return figures


def main(argv: list[str]) -> None:
    root, out = Path(argv[0]), Path(argv[1])
    config = load_consortium(root / "consortium.yaml")
    figures = headline(in_force_tables(root, config))
    partners = {
        p: {k: None if v is None else float(v) for k, v in row.items()}
        for p, row in figures.iterrows()
    }
    out.write_text(json.dumps({"partners": partners}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
