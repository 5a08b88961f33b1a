"""Validate all of a run's submissions with Great Expectations: one context per run, one
validation per table over every submission's rows, each failure traced back to its cell.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from collect.submission import Problem, Submission
from consortium.config import Consortium
from validate.suites import table_rules

INDEX_COLUMNS = ["submission_id", "sheet", "sheet_row"]


def tables_of_run(submissions: list[Submission]) -> dict[str, pd.DataFrame]:
    """Each canonical table of all readable submissions, concatenated with submission_id."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for sub in submissions:
        if sub.errors:
            continue
        for name, frame in sub.tables.items():
            frames.setdefault(name, []).append(frame.assign(submission_id=sub.submission_id))
    return {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}


def validate_submissions(submissions: list[Submission], config: Consortium) -> None:
    """Add every rule failure to its submission's problems."""
    tables = tables_of_run(submissions)
    if not tables:
        return
    context = gx_context()
    by_id = {s.submission_id: s for s in submissions}
    for table, frame in tables.items():
        for problem_of, problem in failures(context, table, frame, config):
            by_id[problem_of].problems.append(problem)


def gx_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("submissions")
    return context


def failures(context: Any, table: str, frame: pd.DataFrame, config: Consortium) -> list[tuple[str, Problem]]:
    import great_expectations as gx

    source = context.data_sources.get("submissions")
    batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe("run").get_batch(
        batch_parameters={"dataframe": frame}
    )
    rules = [r for r in table_rules(table, config) if rule_columns(r) <= set(frame.columns)]
    suite = gx.ExpectationSuite(name=table, expectations=rules)
    result = batch.validate(suite, result_format={
        "result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS,
    })
    found = []
    for outcome in result.results:
        if outcome.success:
            continue
        config_ = outcome.expectation_config
        column = config_.kwargs.get("column") or config_.kwargs.get("column_B")
        for index in outcome.result.get("unexpected_index_list") or []:
            found.append((str(index["submission_id"]), Problem(
                severity=config_.meta["severity"], rule=config_.meta["rule"],
                sheet=str(index["sheet"]), row=int(index["sheet_row"]), column=column,
            )))
    return found


def rule_columns(expectation: Any) -> set[str]:
    return {getattr(expectation, k) for k in ("column", "column_A", "column_B") if getattr(expectation, k, None)}
