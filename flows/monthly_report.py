"""The monthly report of one consortium: collect -> validate -> load -> transform -> render -> export.

Every stage is a plain function in the folder named for it; the tasks here only call them, so
Prefect records each stage and its timing. A run holds the workspace alone and works on a staged
copy of the warehouse and staged outputs (site, exports, feedback), swapped in together only when
every stage succeeded. When no file is new and nothing the outputs depend on changed (the
fingerprint of consortium.yaml, the code and the warehouse's register and locks), the run keeps
the last outputs; stage modules are imported inside their tasks so that such a run never loads
pandas or Great Expectations, and Great Expectations is imported only when a file is new. A new
file that came by e-mail is answered as the mail loop answers it: queued, for the next collect
to send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import Task, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from core.config import Workspace
from flows.artifacts import links_markdown, publish_artifacts, run_artifacts, saved_artifacts
from flows.inbox_state import inputs_fingerprint, new_files_waiting, unread_entries
from flows.log_privacy import install_log_privacy
from flows.outputs import (
    StagedWorkspace,
    close_commit,
    staged_outputs,
    staging_folder,
    swap_in_outputs,
)
from flows.run_log import RunRecord, append_run, last_good_run, utc_now
from flows.runtime import (
    RunError,
    StageFailed,
    collected_between_batches,
    keep_out_of_collections,
    plain_reason,
    run_lock,
    stage_started,
)
from load.integrity import DamagedWarehouse, verify_warehouse

if TYPE_CHECKING:
    from collect.intake import NewFiles
    from core.submission import Submission
    from validate.run import Validation


@dataclass(frozen=True)
class RunResult:
    period: str
    submissions: list[Submission]
    site: Path
    exports: Path
    feedback: Path
    unchanged: bool = field(default=False, kw_only=True)
    unread: list[str] = field(default_factory=list, kw_only=True)
    rebuilt: dict[str, Any] = field(default_factory=dict, kw_only=True)


def nothing_rebuilt() -> dict[str, Any]:
    return {"partner_months": [], "pages": [], "images": [], "exports": []}


class NothingToReport(RunError):
    """No accepted file yet, so there is no month to report."""


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def look_for_new_files(ws: Workspace) -> bool:
    """Whether the inbox holds a file (inbox path and content) the warehouse has not read."""
    return new_files_waiting(ws)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def collect(ws: Workspace, db: Path, files: ExitStack) -> NewFiles:
    """The files not read before, archived, the archive's own decrypted for as long as `files`
    stays open."""
    from collect.intake import new_files
    from load import warehouse

    with warehouse.connect(db) as con:
        register = warehouse.intake_register(con)
    return files.enter_context(new_files(ws, register))


@task(cache_policy=NO_CACHE)
def read_batch(batches: Iterator[list[Submission]]) -> list[Submission]:
    """The next batch of new files read, none when all are."""
    return next(batches, [])


@task(cache_policy=NO_CACHE)
def validate(validation: Validation, batch: list[Submission]) -> None:
    validation.check(batch)


@task(cache_policy=NO_CACHE)
def load(ws: Workspace, db: Path, batch: list[Submission]) -> None:
    """The batch into the warehouse, in one transaction; then its rows are let go."""
    from load import warehouse

    with warehouse.connect(db) as con:
        key = warehouse.pseudonym_key(ws, con)
        warehouse.load_submissions(
            con, batch, key, shared_codes=ws.config.reporting.shared_user_codes
        )
    for sub in batch:
        sub.drop_rows()


@task(cache_policy=NO_CACHE)
def settle(ws: Workspace, db: Path, files: NewFiles) -> None:
    """Once every batch is loaded: the tables each file's month still owes, over all of them;
    files refused for personal data out of the inbox and the archive."""
    from collect.quarantine import purge_expired, quarantine_refused
    from load import warehouse

    with warehouse.connect(db) as con:
        warehouse.record_outstanding(con, files.settle())
    quarantine_refused(ws, files.read)
    purge_expired(ws)


@task(cache_policy=NO_CACHE)
def write_feedback(
    outputs: Workspace, submissions: list[Submission], released: list[Submission] | None = None
) -> None:
    """Each new file's report and the data-quality summary, into `outputs` (a staging copy of
    the workspace, or the workspace itself); the report of each file `released` by an unlock
    whose report still says it is held, said again of a file counted."""
    from validate.feedback import feedback_records, write_feedback, write_summary

    held = {
        r["submission_id"]
        for r in (feedback_records(*outputs.feedback_folders) if released else ())
        if r["status"] == "held"
    }
    for sub in [*submissions, *(s for s in released or () if s.submission_id in held)]:
        write_feedback(outputs, sub)
    write_summary(outputs)


@task(cache_policy=NO_CACHE)
def released_files(db: Path) -> list[Submission]:
    """The files an unlock released, as the register keeps them (load.locks)."""
    from load import warehouse
    from load.locks import released_submissions

    with warehouse.connect(db) as con:
        return released_submissions(con)


@task(cache_policy=NO_CACHE)
def answer(ws: Workspace, submissions: list[Submission]) -> list[str]:
    """An answer queued for each new file that came by e-mail (flows.answers), whichever flow
    read it first: a file a collect saved and did not get to answer is answered by the monthly
    report that read it, and the next collect sends it. The keys queued."""
    from flows.answers import queue_answers

    return queue_answers(ws, submissions)


def collect_validate_load(ws: Workspace, db: Path, outputs: Workspace) -> list[Submission]:
    """The new files taken in (`intake`), then the feedback on every file, written into
    `outputs`. The new submissions, their rows let go."""
    submissions = intake(ws, db)
    run_stage("validate", write_feedback, outputs, submissions)
    return submissions


def intake(ws: Workspace, db: Path) -> list[Submission]:
    """Collect, validate and load the new files a batch at a time (collect.intake.BATCH_ROWS
    rows, `CONSORTIUM_BATCH_ROWS` to change it), so memory follows the largest batch, not the
    run. The new submissions, their rows let go."""
    from collect.intake import batch_rows
    from validate.run import Validation

    with ExitStack() as opened:
        files = run_stage("collect", collect, ws, db, opened)
        validation = Validation(ws.config, db)
        batches = files.batches(batch_rows())
        with collected_between_batches():
            while batch := run_stage("collect", read_batch, batches):
                run_stage("validate", validate, validation, batch)
                run_stage("load", load, ws, db, batch)
                keep_out_of_collections()
    run_stage("load", settle, ws, db, files)
    return files.read


@task(cache_policy=NO_CACHE)
def transform(db: Path) -> tuple[str | None, list[list[str]] | str]:
    """Build the models; the month to report by default (transforms.figures.latest_period), and
    the partner-months rebuilt ("all" when every one was)."""
    from load import warehouse
    from transforms.figures import latest_period
    from transforms.runner import build_models

    with warehouse.connect(db) as con:
        build = build_models(con)
        rebuilt = (
            "all" if build.partner_months is None else [list(pm) for pm in build.partner_months]
        )
        return latest_period(con), rebuilt


@task(cache_policy=NO_CACHE)
def render(
    ws: Workspace, staged: StagedWorkspace, db: Path, period: str
) -> tuple[Path, list[str], dict[str, str]]:
    """The site for `period` in the staging folder; partner pages whose data did not change are
    carried over from the published site. Its front page, the pages rendered, and the marks of
    the consortium's figures of the month that the site hides, by figure."""
    from core.fingerprint import record_fingerprints
    from dashboards.site import render_pages, site_context
    from flows import redraw
    from load import warehouse
    from publish.site_plan import month_marks

    with warehouse.connect(db) as con:
        ctx = site_context(staged, con, period)
        fingerprints = redraw.partner_page_fingerprints(
            ws, con, period, ctx.hidden_people, ctx.outstanding
        )
        kept = redraw.carry_over(ws.site, staged.site, fingerprints)
        rendered = render_pages(ctx, staged.site, keep=kept)
        month = month_marks(ctx.hidden_people)
    record_fingerprints(staged.site, fingerprints)
    return staged.site / "index.html", rendered, month


@task(cache_policy=NO_CACHE)
def export(
    ws: Workspace, db: Path, period: str, drawing_until: ExitStack
) -> tuple[Path, list[Path], list[str]]:
    """The grant period's export up to `period`, and every earlier export whose inputs changed
    since it was made, made again; the export's folder, the images to draw (an image whose chart
    did not change is copied from the previous export), drawn by Chromium until `drawing_until`
    is closed, and the earlier exports whose figures the new making changed (a file held by a
    lock, consortium.yaml's schedule or a rebuild change their inputs, not their figures)."""
    from export.figures import export_report, figures_digest
    from flows.redraw import export_inputs, outdated_exports
    from load import warehouse

    first = ws.config.grant_period_of(period).start
    with warehouse.connect(db) as con:
        folder, drawn = export_report(
            ws,
            con,
            first,
            period,
            drawing_until=drawing_until,
            inputs=export_inputs(ws, con, period),
        )
        changed = []
        for earlier, made in outdated_exports(ws, con, folder):
            before = figures_digest(earlier)
            drawn += export_report(
                ws,
                con,
                made.first,
                made.last,
                **made.options(),
                drawing_until=drawing_until,
                inputs=export_inputs(ws, con, made.last),
            )[1]
            if figures_digest(earlier) != before:
                changed.append(earlier.name)
    return folder, drawn, changed


@task(cache_policy=NO_CACHE)
def summarise(
    ws: Workspace, db: Path, period: str, site: Path, hidden_on_site: dict[str, str]
) -> dict[str, Any]:
    return run_artifacts(ws, db, period, site, hidden_on_site)


@task(cache_policy=NO_CACHE)
def publish(ws: Workspace, content: dict[str, Any]) -> None:
    publish_artifacts(ws, content)


def run_stage(name: str, step: Callable[..., Any], *args: Any) -> Any:
    """Run one stage; any failure becomes a StageFailed that names it. A task's arguments are
    handed over quoted: Prefect would otherwise walk every object in them (a batch's
    submissions, their tables and problems) looking for futures, for each task it runs."""
    try:
        stage_started(name)
        return step(*(quote(arg) for arg in args)) if isinstance(step, Task) else step(*args)
    except RunError:
        raise
    except Exception as exc:  # noqa: BLE001 - every cause is reported, with the stage it stopped
        raise StageFailed(name, exc) from exc


@contextmanager
def beside(name: str, step: Task, *args: Any) -> Iterator[Callable[[], None]]:
    """The stage `step` run by the flow's task runner while the block runs: the block calls
    what it yields to wait for it (its failure a StageFailed naming `name`), and leaving the
    block waits for it in any case, so it never writes into a staging folder being removed."""
    future = run_stage(name, step.submit, *(quote(arg) for arg in args))
    try:
        yield lambda: run_stage(name, future.result)
    finally:
        future.wait()


def kept_outputs(ws: Workspace, period: str | None, inputs: str) -> RunResult | None:
    """The last run's outputs, when no file is new and nothing they depend on changed."""
    last = last_good_run(ws)
    if last is None or last.inputs != inputs or period not in (None, last.period):
        return None
    if period is None and last.period_asked is not None:
        return None  # the last run reported a month asked for (a backfill's), maybe not the latest
    site, exports = in_workspace(ws, last.site), in_workspace(ws, last.exports)
    if not (site and site.is_file() and exports and exports.exists()):
        return None
    content = saved_artifacts(ws, last.period)
    if content is None or run_stage("collect", look_for_new_files, ws):
        return None
    # links point into this workspace, wherever it was when the artifacts were saved
    content |= {"site": site.resolve().as_uri(), "links": links_markdown(ws, last.period, site)}
    run_stage("publish", publish, ws, content)
    return RunResult(
        last.period, [], site, exports, ws.feedback, unchanged=True, rebuilt=nothing_rebuilt()
    )


def in_workspace(ws: Workspace, recorded: str | None) -> Path | None:
    """A path the run log holds, relative to the workspace; an absolute one (older logs) may be
    another folder's, so it is not trusted."""
    if recorded is None or Path(recorded).is_absolute():
        return None
    return ws.root / recorded


def fresh_report(ws: Workspace, period: str | None) -> RunResult:
    """Every stage on a staged warehouse and staged outputs, swapped in only if all succeed."""
    from export.images import image_server
    from load import warehouse
    from transforms.figures import figures_remembered

    with warehouse.staged_warehouse(ws) as db, staged_outputs(ws) as staged:
        with ExitStack() as drawing_images:
            # Chromium, which draws the export's charts, starts while the files are read
            drawing_images.enter_context(image_server())
            # collect, validate and load, a batch at a time; the files that came by e-mail
            # answered before the warehouse is committed, as the mail loop answers them
            submissions = intake(ws, db)
            run_stage("answer", answer, ws, submissions)
            released = run_stage("load", released_files, db)
            # the feedback written while the models are built and the export written
            with beside(
                "validate", write_feedback, staged, submissions, released
            ) as feedback_written:
                # transform
                latest, partner_months = run_stage("transform", transform, db)
                period = period or latest
                if period is None:
                    raise NothingToReport(
                        f"no accepted file in {ws.inbox} yet: there is no month to report"
                    )
                # the pages (which link each file's report) rendered while the export is
                # made; the warehouse no longer changes, so a figure both ask for is computed
                # once
                feedback_written()
                with (
                    figures_remembered(),
                    beside("render", render, ws, staged, db, period) as rendered,
                ):
                    exports, images, remade = run_stage(
                        "export", export, staged, db, period, drawing_images
                    )
                    site, pages, hidden_on_site = rendered()
            run_stage("export", drawing_images.close)
        # then swap the outputs in with the warehouse
        run_stage("publish", swap_in_outputs, ws, db)
    rebuilt = {
        "partner_months": partner_months,
        "pages": pages,
        "images": [image.relative_to(staged.exports).as_posix() for image in images],
        "exports": remade,
    }
    close_commit(ws)
    site, exports = published(ws, site), published(ws, exports)
    # tell Prefect
    content = run_stage("publish", summarise, ws, ws.warehouse, period, site, hidden_on_site)
    run_stage("publish", publish, ws, content)
    return RunResult(period, submissions, site, exports, ws.feedback, rebuilt=rebuilt)


def published(ws: Workspace, path: Path) -> Path:
    """Where a file written into the staging folder lives once swapped in."""
    return ws.root / path.relative_to(staging_folder(ws))


def record(ws: Workspace, started: str, result: RunResult, inputs: str, asked: str | None) -> None:
    append_run(
        ws,
        RunRecord(
            started_at=started,
            finished_at=utc_now(),
            outcome="unchanged" if result.unchanged else "completed",
            period=result.period,
            period_asked=asked,
            new_files=len(result.submissions),
            rejected_files=sum(s.status == "rejected" for s in result.submissions),
            flow_run_id=flow_run.id,
            inputs=inputs,
            site=result.site.relative_to(ws.root).as_posix(),
            exports=result.exports.relative_to(ws.root).as_posix(),
            unread=result.unread,
            rebuilt=result.rebuilt,
        ),
    )


def record_failure(ws: Workspace, started: str, period: str | None, exc: RunError) -> None:
    """The failure in the run log, when the disk still takes one line (the console says it
    either way)."""
    with suppress(OSError):
        append_run(
            ws,
            RunRecord(
                started_at=started,
                finished_at=utc_now(),
                outcome="failed",
                period=period,
                failed_stage=getattr(exc, "stage", None),
                message=str(exc),
                flow_run_id=flow_run.id,
            ),
        )


@flow(name="monthly-report", log_prints=True)
def monthly_report(
    workspace: str = "data/demo", period: str | None = None, wait_s: float = 0
) -> RunResult:
    """The month's report of the consortium in `workspace`; `period` defaults to the latest
    month with an accepted file that arrived once the month was over (a month still under way
    when its files came is reported when asked for, or when no other month has a file). Waits
    up to `wait_s` seconds for another run of the workspace."""
    install_log_privacy()
    ws = Workspace.open(workspace)
    with run_lock(ws, wait_s=wait_s):
        started = utc_now()
        try:
            verify_warehouse(ws)
            unread = unread_entries(ws)
            inputs = inputs_fingerprint(ws)
            result = kept_outputs(ws, period, inputs) or fresh_report(ws, period)
        except DamagedWarehouse as exc:
            record_failure(ws, started, period, RunError(str(exc)))
            raise RunError(str(exc)) from None
        except RunError as exc:
            record_failure(ws, started, period, exc)
            raise
        except Exception as exc:  # noqa: BLE001 - outside a stage: said plainly and recorded
            failure = RunError(f"{plain_reason(exc)} (the warehouse and outputs are as they were)")
            record_failure(ws, started, period, failure)
            raise failure from exc
        result = replace(result, unread=unread)
        # a run that kept the outputs wrote nothing: the inputs are still those it found
        record(ws, started, result, inputs if result.unchanged else inputs_fingerprint(ws), period)
    return result


if __name__ == "__main__":
    monthly_report()
