"""Open problems on the submissions page: one row per file with open problems, its problems
listed under it in the consortium's words, and a link to the report validation wrote for it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from core.messages import feedback_folder, problem_text, report_stem, submission_status
from core.submission import Problem, Submission
from dashboards.blocks import Details, Link, Table, table
from dashboards.context import Context
from transforms import figures as warehouse_figures

MAX_PROBLEMS_LISTED = 50


def text_or_none(value: object) -> str | None:
    """A text cell of a query result; a missing one (None or NaN) as None."""
    return value if isinstance(value, str) else None


def as_problem(row: dict[str, Any]) -> Problem:
    params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
    return Problem(
        row["severity"],
        row["rule"],
        sheet=row["sheet"] if pd.notna(row["sheet"]) else None,
        row=int(row["sheet_row"]) if pd.notna(row["sheet_row"]) else None,
        column=row["column_name"] if pd.notna(row["column_name"]) else None,
        params=params,
    )


def relative_link(ctx: Context, target: Path, text: str) -> Link:
    """A link from a page of the site to a file beside it (the feedback folder)."""
    return Link(os.path.relpath(target, ctx.ws.site).replace(os.sep, "/"), text)


def feedback_link(ctx: Context, row: dict[str, Any]) -> Link | str:
    """A link to the feedback report validation wrote for a file, if it did; of a file refused
    for personal data, whose name the register no longer keeps, the report named for its hash."""
    sub = Submission(
        row["file_sha256"],
        row["name_as_received"],
        0,
        row["received_at"],
        text_or_none(row["partner_id"]),
        text_or_none(row["period"]),
    )
    folder = feedback_folder(ctx.ws, sub).relative_to(ctx.ws.feedback)
    stem = report_stem(sub) if sub.name_as_received else f"*-{sub.sha256[:8]}"
    for suffix in (".html", ".txt"):
        for found in ctx.ws.feedback_folders:
            report = min((found / folder).glob(f"{stem}{suffix}"), default=None)
            if report is not None:
                return relative_link(
                    ctx, ctx.ws.feedback / folder / report.name, ctx.labels("text", "report")
                )
    return ""


def summary_link(ctx: Context) -> Link | None:
    """The consortium's data-quality summary, when validation wrote one."""
    summary = ctx.ws.feedback / "index.html"
    return (
        relative_link(ctx, summary, ctx.labels("text", "quality_summary"))
        if summary.is_file()
        else None
    )


def problems_table(ctx: Context, problems: pd.DataFrame) -> Table:
    label, language = ctx.labels, ctx.ws.config.language
    by_file: dict[Any, list[dict[str, Any]]] = {}
    for problem in problems.to_dict("records"):
        by_file.setdefault(problem["submission_id"], []).append(problem)
    rows = []
    for found in by_file.values():
        first = found[0]
        partner, period = text_or_none(first["partner_id"]), text_or_none(first["period"])
        listed = [problem_text(as_problem(p), language) for p in found[:MAX_PROBLEMS_LISTED]]
        rows.append(
            {
                label("text", "partner"): ctx.names.get(partner, partner or "?"),
                label("periods", "month"): label.month(period) if period else "?",
                label("text", "file"): first["name_as_received"],
                label("text", "status"): submission_status(first["status"], language),
                label("text", "problems"): Details(
                    label.counted("problems", len(found)),
                    listed,
                    more=len(found) > MAX_PROBLEMS_LISTED,
                ),
                label("text", "report"): feedback_link(ctx, first),
            }
        )
    return table(pd.DataFrame(rows))


def open_problems(ctx: Context) -> dict:
    """What the page says of open problems: a heading with the number of files, the link to the
    summary, and the table (or a line saying there are none)."""
    problems = warehouse_figures.open_problems(ctx.con, ctx.period)
    files = problems["submission_id"].nunique()
    return {
        "heading": ctx.labels("text", "problems"),
        "files": ctx.labels.counted("files", files) if files else "",
        "summary": summary_link(ctx),
        "table": problems_table(ctx, problems) if files else None,
        "none": ctx.labels("text", "no_problems"),
    }
