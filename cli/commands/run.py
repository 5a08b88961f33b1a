"""`consortium run`: the monthly report, now."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cli.options import (
    DEFAULT_WORKSPACE,
    PeriodOption,
    VerboseOption,
    WorkspaceOption,
    console,
    open_workspace,
)
from collect.read_ahead import reading_early
from core.config import Workspace
from flows.inbox_state import new_files_waiting, read_arrivals
from flows.run_log import RunRecord, append_run, utc_now
from flows.runtime import (
    RUN_MODULES,
    STAGE_MODULES,
    STAGES,
    RunError,
    flow_runs,
    prepare_prefect,
    start_prefect,
    watching_stages,
)
from load.integrity import verify_warehouse

if TYPE_CHECKING:
    from core.submission import Submission
    from flows.monthly_report import RunResult

WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait when another run holds the workspace; 0 refuses at once.",
    ),
]


@contextmanager
def stage_progress(label: str) -> Iterator[None]:
    """A progress bar on the console that follows the stages of the runs inside it."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task(f"{label}: starting Prefect", total=len(STAGES))

        def show(stage: str) -> None:
            # the export's images are waited for after the pages: the bar does not go back
            done = STAGES.index(stage) if stage in STAGES else len(STAGES)
            completed = max(done, progress.tasks[0].completed)
            progress.update(bar, description=f"{label}: {stage}", completed=completed)

        with watching_stages(show):
            yield


def fail(exc: RunError) -> None:
    """Say why the run stopped, without a traceback, and exit 1. The frames of the failure are
    let go first: a DuckDB connection they hold would be reported as leaked at exit."""
    console.print(f"[red]Run failed: {exc}[/red]", soft_wrap=True)
    cause: BaseException | None = exc
    while cause is not None:
        traceback.clear_frames(cause.__traceback__)
        cause = cause.__cause__ or cause.__context__
    raise typer.Exit(1)


def started_prefect(ws: Workspace, period: str | None) -> None:
    """Prefect's server, up before the run; a failure is said in one line and kept in the run
    log (no flow run exists to record it)."""
    started = utc_now()
    try:
        with stage_progress("Starting Prefect"):
            start_prefect(lambda: ahead_of_run(ws))
    except RunError as exc:
        append_run(
            ws,
            RunRecord(
                started_at=started,
                finished_at=utc_now(),
                outcome="failed",
                period=period,
                failed_stage="prefect",
                message=str(exc),
            ),
        )
        fail(exc)


def ahead_of_run(ws: Workspace) -> tuple[str, ...]:
    """The modules to import while Prefect starts: the run's flow, and its stages when a file is
    waiting. The warehouse is read for its verification meanwhile, which the run then finds
    done if nobody wrote the file since. Only a look, changing nothing (the run itself holds the
    workspace); in any doubt (another run holding the warehouse, say) no stage is imported ahead."""
    try:
        waiting = new_files_waiting(ws, save=False)
    except Exception:  # noqa: BLE001 - a shortcut only: the run finds and says what is wrong
        waiting = False
    with suppress(Exception):
        verify_warehouse(ws)
    return RUN_MODULES + (STAGE_MODULES if waiting else ())


def summary_lines(result: RunResult) -> list[str]:
    """What the run did, for the console."""
    if result.unchanged:
        head = (
            f"[bold]Monthly report for {result.period}[/bold]: no new files and nothing changed; "
            f"the outputs of the last run stand"
        )
    else:
        head = (
            f"[bold]Monthly report for {result.period}[/bold]: "
            f"{new_files_outcome(result.submissions)}"
        )
    lines = [
        head,
        f"  dashboards: {result.site}",
        f"  exports:    {result.exports}",
        f"  feedback:   {result.feedback}",
    ]
    remade = result.rebuilt.get("exports", [])
    if remade:
        lines.append(
            f"  earlier exports made again, their figures changed: {escape(', '.join(remade))}"
        )
    for status, said in (("rejected", "rejected"), ("held", "held, its month locked")):
        files = [s for s in result.submissions if s.status == status]
        if files:
            lines.append(f"  {said} ({len(files)}):")
            lines += [f"    {escape(file_line(s))}" for s in files]
    if result.unread:
        lines.append(f"  not read in the inbox ({len(result.unread)}):")
        lines += [f"    {escape(entry)}" for entry in result.unread]
    return lines


# what became of a new file, by its status, in the order told
OUTCOMES = (
    (("accepted", "accepted_with_warnings"), "loaded", "loaded"),
    (("held",), "held until its month is reopened", "held until their months are reopened"),
    (("rejected",), "rejected", "rejected"),
    (("duplicate",), "already received", "already received"),
)


def new_files_outcome(submissions: list[Submission]) -> str:
    """How many files were new and what became of them ("9 new files: 7 loaded, 1 held until its
    month is reopened, 1 rejected"): a held or rejected file is new but not loaded."""
    if not submissions:
        return "0 new files"
    told = []
    for statuses, one, many in OUTCOMES:
        count = sum(s.status in statuses for s in submissions)
        if count:
            told.append(f"{count} {one if count == 1 else many}")
    new = len(submissions)
    return f"{new} new file{'' if new == 1 else 's'}: {', '.join(told)}"


def file_line(sub: Submission) -> str:
    """A file of the run as the manager finds it: its partner, its name and its rules broken."""
    rules = ", ".join(dict.fromkeys(p.rule for p in sub.errors))
    return f"{sub.partner_id or '(no partner)'}: {sub.name_as_received}" + (
        f" ({rules})" if rules else ""
    )


def run(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    period: PeriodOption = None,
    wait: WaitOption = 0,
    verbose: VerboseOption = False,
) -> None:
    """Run the monthly report: read new partner files, validate, load, and write dashboards,
    exports and partner feedback. Only one run of a workspace at a time: a second one waits
    up to --wait seconds, then refuses.

    Example: [bold]consortium run --workspace data/demo --period 2026-10[/bold]
    """
    ws = open_workspace(workspace, recorded=True)
    prepare_prefect(ws, verbose=verbose)
    # the new files read while Prefect starts
    with reading_early(ws.root, lambda: read_arrivals(ws)):
        started_prefect(ws, period)
        from flows.monthly_report import monthly_report

        try:
            with stage_progress("Monthly report"), flow_runs():
                result = monthly_report(workspace=str(ws.root), period=period, wait_s=wait)
        except RunError as exc:
            fail(exc)
    for line in summary_lines(result):
        console.print(line, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(run)
