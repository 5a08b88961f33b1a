"""The monthly report of one consortium: collect -> validate -> load -> transform -> render -> export.

Every stage is a plain function in the folder named for it; the tasks here only call them, so
Prefect records each stage and its timing. The run works on a staged copy of the warehouse that
replaces the real one only when every stage succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from collect.intake import collect_new
from collect.submission import Submission
from consortium.config import Workspace
from dashboards.site import render_site
from export.figures import export_figures
from load import warehouse
from transforms.runner import build_models
from validate.feedback import write_feedback
from validate.run import validate_submissions


@dataclass(frozen=True)
class RunResult:
    period: str
    submissions: list[Submission]
    site: Path
    exports: Path
    feedback: Path


@task(cache_policy=NO_CACHE)
def collect(ws: Workspace, db: Path) -> list[Submission]:
    with warehouse.connect(db) as con:
        known = {row[0] for row in con.execute("select submission_id from submissions").fetchall()}
    return collect_new(ws, known)


@task(cache_policy=NO_CACHE)
def validate(ws: Workspace, submissions: list[Submission]) -> None:
    validate_submissions(submissions, ws.config)
    for sub in submissions:
        write_feedback(ws, sub)


@task(cache_policy=NO_CACHE)
def load(ws: Workspace, db: Path, submissions: list[Submission]) -> None:
    key = warehouse.pseudonym_key(ws)
    with warehouse.connect(db) as con:
        for sub in submissions:
            warehouse.load_submission(con, sub, key, shared_codes=ws.config.reporting.shared_user_codes)


@task(cache_policy=NO_CACHE)
def transform(db: Path) -> str | None:
    """Build the models; the latest month any accepted file arrived for."""
    with warehouse.connect(db) as con:
        build_models(con)
        return con.execute("select max(period) from staging_submission_tables").fetchone()[0]


@task(cache_policy=NO_CACHE)
def render(ws: Workspace, db: Path, period: str) -> Path:
    with warehouse.connect(db) as con:
        return render_site(ws, con, period)


@task(cache_policy=NO_CACHE)
def export(ws: Workspace, db: Path, period: str) -> Path:
    first = ws.config.grant_period_of(period).start
    with warehouse.connect(db) as con:
        return export_figures(ws, con, first, period)


@flow(name="monthly-report", log_prints=True)
def monthly_report(workspace: str = "data/demo", period: str | None = None) -> RunResult:
    ws = Workspace.open(workspace)
    with warehouse.staged_warehouse(ws) as db:
        # collect and validate
        submissions = collect(ws, db)
        validate(ws, submissions)
        # load and transform
        load(ws, db, submissions)
        latest = transform(db)
        period = period or latest
        if period is None:
            raise RuntimeError(f"no accepted submission in {ws.inbox}: nothing to report")
        # render and export
        site = render(ws, db, period)
        exports = export(ws, db, period)
    return RunResult(period, submissions, site, exports, ws.feedback)


if __name__ == "__main__":
    monthly_report()
