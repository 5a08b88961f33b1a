"""Validate a run's submissions with Great Expectations: one context per run, one validation
per table over every submission's rows of a batch, each failure traced back to its cell.

GX's row-level results carry the offending value next to the row's index columns; only the
index columns are read, so no value leaves this module. The ephemeral context keeps
everything in memory and no data docs are ever built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from collect.cells import CELL_RULES
from core.config import Consortium, Partner
from core.submission import Problem, Submission, table_rows
from core.vocabulary import vocabulary
from validate.derived import housing_units, only_group_site, partner_header, with_rule_columns
from validate.outliers import outlier_problems
from validate.replaced import note_replaced_tables, tables_in_force
from validate.suites import codes_allowed, table_rules

INDEX_COLUMNS = ["submission_id", "sheet", "sheet_row"]
# Rules about a site the consortium does not know, and the kinds of site each accepts (any: None).
SITE_RULES: dict[str, frozenset[str] | None] = {
    "housing_unit_unknown": frozenset({"housing"}),
    "site_unknown": None,
}
PERSONAL_DATA_RULES = "personal_data_"
# A meeting naming no group, over the places of the partner's only group, which it was taken for.
ASSUMED_GROUP_RULE = "participants_over_assumed_capacity"
# A code cell holding two people's codes, apart by a mark or a word ("KA-098 / KA-099", "LJ-07
# in LJ-08"), is told as such, not as no pseudonymous code.
CODE_RULE, TWO_CODES_RULE = "code_not_pseudonymous", "two_codes_in_cell"
CODES_APART = re.compile(r"\s*[,;+&/]\s*|\s+(?:in|i|og|and|oraz|und|a)\s+|\s+", re.IGNORECASE)
# Rules about residents stated in a month a housing unit was closed, and the day each names.
OPEN_DAY_RULES = {"housing_unit_before_opening": "opened", "housing_unit_after_closing": "closed"}
# A required value left out: its fix depends on the table (a person's value to fill in, a
# session that did not take place), so the problem names its table.
REQUIRED_RULE = "value_required"
# Rules about a row alike in every column read to another of its sheet (validate.suites).
REPEAT_RULES = frozenset({"row_repeated", "person_repeated"})
# Rows following each other that each repeat another, from this many on, are told in one
# warning naming their span (rows pasted twice), by the rule each repeat rule becomes.
REPEATS_TOLD_TOGETHER = 3
REPEATS_TOGETHER = {"row_repeated": "rows_repeated", "person_repeated": "people_repeated"}


def tables_of_run(submissions: list[Submission]) -> dict[str, pd.DataFrame]:
    """Each canonical table of the submissions, concatenated with submission_id, partner_id and
    period."""
    return {
        name: table_rows(
            submissions,
            name,
            submission_id=lambda sub: sub.submission_id,
            partner_id=lambda sub: sub.partner_id,
            period=lambda sub: sub.period,
        )
        for name in dict.fromkeys(name for sub in submissions for name in sub.tables)
    }


# A header not understood leaves its column unread and the others as they are: their rows are
# checked, so the partner learns every problem of the file at once.
HEADER_RULES = frozenset({"unknown_column", "ambiguous_column"})


def checkable(sub: Submission) -> bool:
    """Whether a file's rows can be checked: it has some, and reading them failed at most in
    single cells (collect.cells.CELL_RULES), which are then empty, in headers not understood,
    or in sheets of their own (`sheets_unchecked`). A file refused for the personal data the
    reader found (an e-mail address in its notes) is checked too, so the partner learns of all
    of it (the names in its column of codes) at once."""
    return bool(sub.tables) and sheets_unchecked(sub) is not None


def sheets_unchecked(sub: Submission) -> set[str] | None:
    """The sheets whose rows are not checked, as a whole sheet failed (a column missing): the
    file's other sheets still are, so the partner learns every problem at once. None when the
    file failed as a whole (its month, its partner)."""
    failed = [
        p
        for p in sub.errors
        if p.rule not in CELL_RULES | HEADER_RULES and not p.rule.startswith(PERSONAL_DATA_RULES)
    ]
    return None if any(p.sheet is None for p in failed) else {p.sheet for p in failed}


def rows_checked(frame: pd.DataFrame, submissions: list[Submission]) -> pd.DataFrame:
    """The table's rows but those of the sheets not checked."""
    left = {(s.submission_id, sheet) for s in submissions for sheet in sheets_unchecked(s) or ()}
    if not left or frame.empty:
        return frame
    keep = [key not in left for key in zip(frame["submission_id"], frame["sheet"], strict=True)]
    return frame[keep].reset_index(drop=True)


def validate_submissions(
    submissions: list[Submission],
    config: Consortium,
    *,
    history: pd.DataFrame | None = None,
) -> None:
    """Add every rule failure to its submission's problems; `history` (the partner months of
    earlier runs, as in mart_partner_months) adds warnings for unusual monthly figures. Great
    Expectations is imported only when some file has rows to check."""
    checked = [s for s in submissions if checkable(s)]
    by_id = {s.submission_id: s for s in checked}
    # a cell already reported as unreadable is not reported again as empty
    unreadable = {s.submission_id: {where(p) for p in s.errors} for s in checked if s.errors}
    tables = {
        name: rows
        for name, frame in tables_of_run(checked).items()
        if not (rows := rows_checked(frame, checked)).empty
    }
    if tables:
        from validate.gx import gx_context

        context = gx_context()
        headers = partner_columns(checked, config)
        for table, frame in tables.items():
            for submission_id, problem in failures(context, table, frame, config, headers):
                if where(problem) not in unreadable.get(submission_id, set()):
                    by_id[submission_id].problems.append(problem)
    for sub in checked:
        if history is not None and sub.submission_id not in unreadable:
            sub.problems.extend(outlier_problems(sub, history, language_of(sub, config)))
        sub.problems[:] = reportable(sub.problems)


def where(problem: Problem) -> tuple[str | None, int | None, str | None]:
    return problem.sheet, problem.row, problem.column


class Validation:
    """A run's validation, batch after batch: the partner history of earlier runs and the files
    counted so far read once, before anything of this run is loaded."""

    def __init__(self, config: Consortium, db: Path | None = None) -> None:
        self.config = config
        self.history = partner_history(db) if db else None
        self.in_force = tables_in_force(db) if db else {}

    def check(self, submissions: list[Submission]) -> None:
        validate_submissions(submissions, self.config, history=self.history)
        note_replaced_tables(submissions, self.in_force)


def partner_history(db: Path) -> pd.DataFrame | None:
    """The partner months the warehouse holds from earlier runs (mart_partner_months), the
    baseline outliers are measured against; None before the first run has built it."""
    if not db.exists():
        return None
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        built = con.execute(
            "select count(*) from information_schema.tables "
            "where table_name = 'mart_partner_months'"
        ).fetchone()[0]
        return con.execute("select * from mart_partner_months").df() if built else None


def language_of(sub: Submission, config: Consortium) -> str:
    partner = config.partner(sub.partner_id or "")
    return partner.language if partner else "en"


def partner_columns(
    submissions: list[Submission], config: Consortium
) -> dict[tuple[str, str], dict[str, str]]:
    """(submission, table) -> column -> the header the partner knows it by: the one it wrote,
    else the template's header in its language."""
    columns = {}
    for sub in submissions:
        language = language_of(sub, config)
        for table, frame in sub.tables.items():
            spec = vocabulary().tables[table]
            columns[(sub.submission_id, table)] = {
                c: partner_header(spec, c, language) for c in spec.columns
            } | frame.attrs.get("headers", {})
    return columns


def reportable(problems: list[Problem]) -> list[Problem]:
    """Each problem once; and a cell that holds personal data reported once, as personal data:
    any other rule about it would only distract from removing it."""
    personal = {
        (p.sheet, p.row, p.column) for p in problems if p.rule.startswith(PERSONAL_DATA_RULES)
    }
    seen, kept = set(), []
    for p in problems:
        key = (p.severity, p.rule, p.sheet, p.row, p.column, repr(sorted(p.params.items())))
        if key in seen or (
            not p.rule.startswith(PERSONAL_DATA_RULES) and (p.sheet, p.row, p.column) in personal
        ):
            continue
        seen.add(key)
        kept.append(p)
    return kept


def failures(
    context: Any,
    table: str,
    frame: pd.DataFrame,
    config: Consortium,
    headers: dict[tuple[str, str], dict[str, str]],
) -> list[tuple[str, Problem]]:
    """(submission id, problem) for every cell of `frame` that breaks a rule of the table."""
    spec = vocabulary().tables[table]
    frame = with_rule_columns(spec, frame, config)
    batch = batch_definition(context, table).get_batch(batch_parameters={"dataframe": frame})
    rules = [r for r in table_rules(table, config) if applies(r, frame)]
    found = []
    for outcome in broken_rules(batch, table, rules):
        meta = outcome.expectation_config.meta
        cells = [
            (str(i["submission_id"]), str(i["sheet"]), int(i["sheet_row"]))
            for i in outcome.result.get("unexpected_index_list") or []
        ] or whole_table(frame)
        if meta["rule"] in REPEAT_RULES and all(row is not None for *_, row in cells):
            cells, spans = cells_apart(cells)
            found += [
                (submission_id, span_repeated(meta["rule"], sheet, rows))
                for submission_id, sheet, rows in spans
            ]
        params = rule_params(outcome.expectation_config, table, frame, config)
        shared = cells_of_two_codes(frame, cells, config) if meta["rule"] == CODE_RULE else set()
        for submission_id, sheet, row in cells:
            column = meta["column"] and headers[(submission_id, table)].get(
                meta["column"], meta["column"]
            )
            found.append(
                (
                    submission_id,
                    Problem(
                        severity=meta["severity"],
                        rule=TWO_CODES_RULE
                        if (submission_id, sheet, row) in shared
                        else meta["rule"],
                        sheet=sheet,
                        row=row,
                        column=column,
                        params=params(submission_id, sheet, row),
                    ),
                )
            )
    return found


def cells_of_two_codes(
    frame: pd.DataFrame, cells: list[tuple[str, str, int]], config: Consortium
) -> set[tuple[str, str, int]]:
    """Of the `cells` whose code broke the rule, those holding two people's codes ("KA-098 /
    KA-099", a couple's session): told so, not as a name or a number that is no code."""
    if "user_code_text" not in frame or not cells:
        return set()
    failed = pd.DataFrame(cells, columns=INDEX_COLUMNS)
    near = frame["submission_id"].astype(str).isin(failed["submission_id"]) & frame[
        "sheet_row"
    ].isin(failed["sheet_row"])
    written = frame.loc[near, [*INDEX_COLUMNS, "user_code_text"]]
    written = written.astype({"submission_id": str, "sheet": str, "sheet_row": int})
    found = failed.merge(written, on=INDEX_COLUMNS)
    allowed = re.compile(codes_allowed(config))
    return {
        (submission_id, sheet, row)
        for submission_id, sheet, row, text in found.itertuples(index=False)
        if isinstance(text, str)
        and len(parts := [p for p in CODES_APART.split(text.strip()) if p]) >= 2
        and all(allowed.match(p) for p in parts)
    }


def cells_apart(
    cells: list[tuple[str, str, int]],
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, list[int]]]]:
    """The cells of rows told one by one, and the spans of rows following each other on a
    sheet, REPEATS_TOLD_TOGETHER or more, told together: 50,000 rows pasted twice are one
    warning, not 50,000."""
    runs: list[tuple[str, str, list[int]]] = []
    for submission_id, sheet, row in sorted(set(cells)):
        last = runs[-1] if runs else None
        if last and last[:2] == (submission_id, sheet) and row == last[2][-1] + 1:
            last[2].append(row)
        else:
            runs.append((submission_id, sheet, [row]))
    alone = [
        (submission_id, sheet, row)
        for submission_id, sheet, rows in runs
        if len(rows) < REPEATS_TOLD_TOGETHER
        for row in rows
    ]
    return alone, [run for run in runs if len(run[2]) >= REPEATS_TOLD_TOGETHER]


def span_repeated(rule: str, sheet: str, rows: list[int]) -> Problem:
    """The warning for rows following each other that each repeat another row of their sheet."""
    return Problem(
        severity="warning",
        rule=REPEATS_TOGETHER[rule],
        sheet=sheet,
        row=rows[0],
        params={"first": rows[0], "last": rows[-1], "rows": len(rows)},
    )


def rule_params(
    expectation: Any, table: str, frame: pd.DataFrame, config: Consortium
) -> Callable[[str, str, int | None], dict[str, Any]]:
    """What a broken rule's message names besides the cell, by submission, sheet and row: for a
    site the consortium does not know, the partner's own site codes to choose from; for a row
    repeated, the row it repeats; for a person's code on two rows, the other row; for a value
    left out, its table."""
    rule = expectation.meta["rule"]
    if rule == REQUIRED_RULE:
        return lambda submission_id, sheet, row: {"table": table}
    if rule == "person_twice":
        others = rows_of_one_person(frame)
        return lambda submission_id, sheet, row: others.get((submission_id, sheet, row), {})
    if rule in REPEAT_RULES:
        repeats = repeated_rows(frame, expectation.kwargs["column_list"])
        return lambda submission_id, sheet, row: (
            {"repeats": repeats[(submission_id, sheet, row)]}
            if (submission_id, sheet, row) in repeats
            else {}
        )
    if rule in OPEN_DAY_RULES:
        days = unit_days(frame, config, OPEN_DAY_RULES[rule])
        return lambda submission_id, sheet, row: days.get((submission_id, sheet, row), {})
    if rule not in SITE_RULES and rule != ASSUMED_GROUP_RULE:
        return lambda submission_id, sheet, row: {}
    pairs = frame[["submission_id", "partner_id"]].drop_duplicates()
    partner_of = dict(zip(pairs["submission_id"], pairs["partner_id"], strict=True))
    if rule == ASSUMED_GROUP_RULE:
        return lambda submission_id, sheet, row: only_group(
            config.partner(partner_of.get(submission_id) or "")
        )
    return lambda submission_id, sheet, row: {
        "known": known_sites(config.partner(partner_of.get(submission_id) or ""), SITE_RULES[rule])
    }


def only_group(partner: Partner | None) -> dict[str, Any]:
    """The partner's only group, by name, and its places: a meeting naming no group was taken
    for one of it."""
    site = (
        next((s for s in partner.sites if s.id == only_group_site(partner)), None)
        if partner
        else None
    )
    return {"group": site.name, "places": site.capacity} if site else {}


def unit_days(
    frame: pd.DataFrame, config: Consortium, day: str
) -> dict[tuple[str, str, int], dict[str, str]]:
    """(submission, sheet, row) -> the housing unit of the row and its `day` (opened or closed),
    for each row of a unit that has that day."""
    units = housing_units(config)
    return {
        (str(submission_id), str(sheet), int(row)): {
            "unit": units[ref].id,
            "day": getattr(units[ref], day).isoformat(),
        }
        for submission_id, sheet, row, ref in zip(
            frame["submission_id"],
            frame["sheet"],
            frame["sheet_row"],
            frame["site_ref"],
            strict=True,
        )
        if ref in units and getattr(units[ref], day)
    }


def repeated_rows(frame: pd.DataFrame, columns: list[str]) -> dict[tuple[str, str, int], int]:
    """(submission, sheet, row) -> the first other row of its sheet alike in every one of
    `columns` (the columns read, with the submission and sheet), for each row that has one."""
    groups = frame.groupby(columns, dropna=False, sort=False).ngroup()
    rows: dict[int, list[int]] = {}
    for group, row in zip(groups, frame["sheet_row"], strict=True):
        rows.setdefault(group, []).append(int(row))
    # the two first rows of each group: a row's first other is one of them
    firsts = {group: sorted(found)[:2] for group, found in rows.items() if len(found) > 1}
    return {
        (str(submission_id), str(sheet), int(row)): firsts[group][
            1 if int(row) == firsts[group][0] else 0
        ]
        for group, submission_id, sheet, row in zip(
            groups, frame["submission_id"], frame["sheet"], frame["sheet_row"], strict=True
        )
        if group in firsts
    }


def rows_of_one_person(frame: pd.DataFrame) -> dict[tuple[str, str, int], dict[str, object]]:
    """(submission, sheet, row) -> the sheet and row of the first other row of its file with
    the person's code, in the order the rows were read, for each row that has one."""
    coded = frame[frame["user_key"].notna()]
    rows: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for submission_id, key, sheet, row in zip(
        coded["submission_id"], coded["user_key"], coded["sheet"], coded["sheet_row"], strict=True
    ):
        rows.setdefault((str(submission_id), str(key)), []).append((str(sheet), int(row)))
    return {
        (submission_id, sheet, row): {"other": other[0], "other_row": other[1]}
        for (submission_id, _), found in rows.items()
        if len(found) > 1
        for sheet, row in found
        for other in [found[1] if (sheet, row) == found[0] else found[0]]
    }


def known_sites(partner: Partner | None, kinds: frozenset[str] | None) -> str:
    """A partner's site codes (those of `kinds`) with their names: "BS-LJ1 (Bivanjska ...)";
    empty when the consortium lists none (the message then says so)."""
    sites = [s for s in partner.sites if kinds is None or s.kind in kinds] if partner else []
    return ", ".join(f"{site.id} ({site.name})" for site in sites)


def broken_rules(batch: Any, table: str, rules: list[Any]) -> list[Any]:
    """The outcome of each rule the batch breaks, with the index columns of every row that
    breaks it. Every rule is checked for a yes or no first, and only the broken ones again for
    their rows: most rules hold, and asking for rows makes each check cost half again."""
    broken = failed_outcomes(batch, table, rules, {"result_format": "BOOLEAN_ONLY"})
    if not broken:
        return []
    return failed_outcomes(
        batch,
        table,
        [outcome.expectation_config.to_domain_obj() for outcome in broken],
        {"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS},
    )


def failed_outcomes(
    batch: Any, table: str, rules: list[Any], result_format: dict[str, Any]
) -> list[Any]:
    """The outcomes of the rules the batch breaks, in `result_format`; a rule that could not be
    checked stops the run."""
    from validate.gx import configurations_remembered, gx

    suite = gx.ExpectationSuite(name=table, expectations=rules)
    with configurations_remembered():
        outcomes = batch.validate(suite, result_format=result_format).results
    for outcome in outcomes:
        if outcome.exception_info.get("raised_exception"):
            rule = outcome.expectation_config.meta["rule"]
            raise RuntimeError(f"rule {rule} of table {table} could not be checked")
    return [outcome for outcome in outcomes if not outcome.success]


def batch_definition(context: Any, table: str) -> Any:
    """The table's whole-frame batch definition in the context, made on its first use."""
    source = context.data_sources.get("submissions")
    try:
        return source.get_asset(table).get_batch_definition("run")
    except LookupError:
        return source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe("run")


def whole_table(frame: pd.DataFrame) -> list[tuple[str, str, None]]:
    """A rule about a table as a whole (a column missing) concerns each submission's sheet."""
    firsts = frame.drop_duplicates("submission_id")
    return [
        (str(s), str(sheet), None)
        for s, sheet in zip(firsts["submission_id"], firsts["sheet"], strict=True)
    ]


def applies(expectation: Any, frame: pd.DataFrame) -> bool:
    """Whether the frame has the columns a rule reads; a missing column is its own rule."""
    if type(expectation).__name__ == "ExpectColumnToExist":
        return True
    return rule_columns(expectation) <= set(frame.columns)


def rule_columns(expectation: Any) -> set[str]:
    named = {getattr(expectation, k, None) for k in ("column", "column_A", "column_B")}
    return (named | set(getattr(expectation, "column_list", None) or ())) - {None}
