"""Outputs that follow their inputs, whole or not at all: real monthly runs (one session Prefect
server, DuckDB, GX, Plotly, Kaleido) on a small workspace."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO
from typer.testing import CliRunner

from cli.app import app
from core.config import Workspace
from core.files import replace_text
from flows import inbox_state
from flows.outputs import (
    close_commit,
    finish_commit,
    staged_outputs,
    staging_folder,
    swap_in,
    swap_in_outputs,
)
from flows.run_log import recent_runs

ROOT = Path(__file__).resolve().parents[1]
EXPORT = Path("exports") / "2025-01_2025-03"


def counselling_file(root: Path, name: str, hours: str, user: str = "LJ-0001") -> Path:
    """A one-session CSV of Zavod Most for 2025-03 (hours written h:mm, as partners do)."""
    path = root / "inbox" / "most-si" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 3. 2025;{user};individualno;{hours}\n",
        encoding="utf-8",
    )
    return path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its relative path, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hours_in_export(root: Path) -> str:
    """March's counselling hours in the export's per-month table (Slovene headers)."""
    lines = (root / EXPORT / "per_month.csv").read_text(encoding="utf-8").splitlines()
    header, march = lines[0].split(","), next(x for x in lines if x.startswith("2025-03"))
    return march.split(",")[header.index("Ure svetovanja")]


def hours_on_front_page(root: Path) -> str:
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    return re.search(r"Ure svetovanja</td>\s*<td[^>]*>\s*([^<\s]+)", page).group(1)


def run(root: Path):
    from flows.monthly_report import monthly_report

    return monthly_report(workspace=str(root))


@pytest.fixture(scope="module")
def reported_once(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """A workspace with one file of 1.5 counselling hours for 2025-03, after one real run."""
    root = tmp_path_factory.mktemp("outputs") / "ws"
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    counselling_file(root, "svetovanje_2025-03.csv", "1:30")
    run(root)
    return root


@pytest.fixture
def reported(reported_once: Path, tmp_path: Path) -> Path:
    shutil.copytree(reported_once, tmp_path / "ws", symlinks=True)
    for key in reported_once.parent.glob(".ws.*-key"):  # the keys live beside the workspace
        shutil.copy(key, tmp_path / key.name)
    return tmp_path / "ws"


def test_unlock_then_run_publishes_the_held_correction(reported):
    cli = CliRunner()
    assert cli.invoke(app, ["lock", "--period", "2025-03", "-w", str(reported)]).exit_code == 0
    counselling_file(reported, "svetovanje_2025-03_popravek.csv", "4:30")
    [held] = run(reported).submissions
    # the partner is told its file waits for the month to be reopened
    assert held.status == "held"
    feedback = next((reported / "feedback").rglob("svetovanje_2025-03_popravek*.txt"))
    assert "Prejeto za mesec, ki ga je vodja konzorcija" in feedback.read_text(encoding="utf-8")
    # the correction is held while March is locked: the published figure stays 1.5 hours
    assert (hours_in_export(reported), hours_on_front_page(reported)) == ("1.50", "1,5")
    assert cli.invoke(app, ["unlock", "--period", "2025-03", "-w", str(reported)]).exit_code == 0
    released = run(reported)
    # no new file, but the unlock changed what is in force: the outputs are rebuilt
    assert not released.unchanged
    assert (hours_in_export(reported), hours_on_front_page(reported)) == ("4.50", "4,5")
    # and the partner's report of the correction says it counts, no longer that it waits
    report = next((reported / "feedback").rglob("svetovanje_2025-03_popravek*.txt"))
    assert "Prejeto za mesec, ki ga je vodja konzorcija" not in report.read_text(encoding="utf-8")
    assert '"status": "accepted' in report.with_suffix(".json").read_text(encoding="utf-8")


def test_a_run_after_a_backfill_of_an_earlier_month_reports_the_latest_month_again(reported):
    from flows.monthly_report import monthly_report

    april = reported / "inbox" / "most-si" / "svetovanje_2025-04.csv"
    april.write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n8. 4. 2025;LJ-0002;individualno;1\n",
        encoding="utf-8",
    )
    assert monthly_report(workspace=str(reported), period="2025-03").period == "2025-03"
    # nothing new since, yet the outputs stand for March: the run reports April, the latest
    again = run(reported)
    assert (again.period, again.unchanged) == ("2025-04", False)


def copy_of_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The packages the outputs depend on, copied, and taken as the project's code."""
    code = tmp_path / "code"
    for package in inbox_state.OUTPUT_PACKAGES:
        shutil.copytree(
            ROOT / package, code / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    monkeypatch.setattr(inbox_state, "PROJECT_ROOT", code)
    return code


def test_changed_sql_query_makes_the_next_run_rebuild(reported, tmp_path, monkeypatch):
    code = copy_of_code(tmp_path, monkeypatch)
    # the same code elsewhere: nothing changed, the last outputs stand
    assert run(reported).unchanged
    query = sorted((code / "transforms").rglob("*.sql"))[0]
    query.write_text(query.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    again = run(reported)
    assert not again.unchanged
    assert recent_runs(Workspace.open(reported), 1)[0].outcome == "completed"


def test_changed_page_template_makes_the_next_run_rebuild(reported, tmp_path, monkeypatch):
    code = copy_of_code(tmp_path, monkeypatch)
    templates = sorted((code / "dashboards").rglob("*.html")) or [code / "dashboards" / "site.py"]
    templates[0].write_text(templates[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not run(reported).unchanged


KILLED_AFTER_RENDER = """
import os, signal, sys
from flows.monthly_report import monthly_report
from flows.runtime import watching_stages

def kill(stage):
    if stage == "publish":
        os.kill(os.getpid(), signal.SIGKILL)

with watching_stages(kill):
    monthly_report(workspace=sys.argv[1])
"""


def test_run_killed_after_render_leaves_previous_outputs_byte_identical(reported, prefect_api):
    before = {name: tree_digest(reported / name) for name in ("site", "exports", "feedback")}
    warehouse = hashlib.sha256((reported / "warehouse.duckdb").read_bytes()).hexdigest()
    counselling_file(reported, "svetovanje_2025-03_popravek.csv", "4:30")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_RENDER, str(reported)],
        cwd=ROOT,
        env={**os.environ, "PREFECT_API_URL": prefect_api},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # the staged site and export of the killed run were written; none reached the workspace
    staged = staging_folder(Workspace.open(reported))
    assert (staged / "site" / "index.html").is_file()
    assert list((staged / "exports").glob("*/report.xlsx"))
    after = {name: tree_digest(reported / name) for name in ("site", "exports", "feedback")}
    assert after == before
    assert hashlib.sha256((reported / "warehouse.duckdb").read_bytes()).hexdigest() == warehouse
    # the next run starts clean and publishes the correction
    assert not run(reported).unchanged
    assert hours_in_export(reported) == "4.50"
    assert not staging_folder(Workspace.open(reported)).exists()


def test_swap_interrupted_by_a_kill_is_finished_by_the_next_holder(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / ".state").mkdir()
    for name, text in (("site", "old page"), ("exports", "old export")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(text, encoding="utf-8")
        (staging_folder(ws) / name).mkdir(parents=True)
        (staging_folder(ws) / name / "index.html").write_text("new", encoding="utf-8")
    for path, figure in ((".state/warehouse.staging.duckdb", 4.5), ("warehouse.duckdb", 1.5)):
        with duckdb.connect(str(tmp_path / path)) as con:
            con.execute("create table figures as select ? as counselling_hours", [figure])
    ws.commit_record.write_text(
        '{"outputs": ["site", "exports"], "warehouse": ".state/warehouse.staging.duckdb"}',
        encoding="utf-8",
    )
    swap_in(ws, "site")  # killed here: the site is new, the exports and warehouse still old
    assert finish_commit(ws)
    assert (tmp_path / "exports" / "index.html").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select counselling_hours from figures").fetchone() == (4.5,)
    assert not staging_folder(ws).exists() and not ws.commit_record.exists()


def test_leftover_staging_of_a_failed_run_is_discarded(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("good page", encoding="utf-8")
    (staging_folder(ws) / "site").mkdir(parents=True)
    (staging_folder(ws) / "site" / "index.html").write_text("half written", encoding="utf-8")
    # no commit record: the run died before its outputs were complete
    assert not finish_commit(ws)
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "good page"
    assert not staging_folder(ws).exists()


def published_march_report(root: Path) -> tuple[Workspace, Path]:
    """A workspace whose feedback folder holds one report, of March."""
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    march = root / "feedback" / "most-si" / "2025-03" / "svetovanje-0a1b2c3d.txt"
    march.parent.mkdir(parents=True)
    march.write_text("the report sent in March", encoding="utf-8")
    return Workspace(root), march


def test_a_runs_feedback_holds_only_its_reports_and_merges_them_beside_the_published_ones(
    tmp_path,
):
    ws, march = published_march_report(tmp_path)
    with staged_outputs(ws) as staged:
        # the run does not copy or link every report of the past, yet finds them
        assert not staged.feedback.exists()
        assert any((folder / "most-si/2025-03").is_dir() for folder in staged.feedback_folders)
        april = staged.feedback / "most-si" / "2025-04" / "svetovanje-9f8e7d6c.txt"
        april.parent.mkdir(parents=True)
        april.write_text("the report of April", encoding="utf-8")
        replace_text(staged.feedback / "index.html", "the summary of both")
        assert not (ws.feedback / "most-si" / "2025-04").exists()
        swap_in_outputs(ws, None)
    close_commit(ws)
    assert march.read_text(encoding="utf-8") == "the report sent in March"
    assert (ws.feedback / "most-si/2025-04/svetovanje-9f8e7d6c.txt").read_text(
        encoding="utf-8"
    ) == "the report of April"
    assert (ws.feedback / "index.html").read_text(encoding="utf-8") == "the summary of both"


def test_a_new_months_feedback_moves_in_as_its_folder_beside_the_published_months(tmp_path):
    ws, march = published_march_report(tmp_path)
    with staged_outputs(ws) as staged:
        april = staged.feedback / "most-si" / "2025-04"
        april.mkdir(parents=True)
        for name in ("svetovanje-9f8e7d6c.txt", "svetovanje-9f8e7d6c.html"):
            (april / name).write_text(f"the report of April, {name}", encoding="utf-8")
        folder = april.stat().st_ino
        swap_in_outputs(ws, None)
    close_commit(ws)
    # one rename of the month's folder, not one per report
    assert (ws.feedback / "most-si" / "2025-04").stat().st_ino == folder
    assert sorted(p.name for p in (ws.feedback / "most-si" / "2025-04").iterdir()) == [
        "svetovanje-9f8e7d6c.html",
        "svetovanje-9f8e7d6c.txt",
    ]
    assert march.read_text(encoding="utf-8") == "the report sent in March"


def test_a_merge_of_feedback_cut_short_by_a_kill_is_finished_by_the_next_holder(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / ".state").mkdir()
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "old.txt").write_text("old report", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        staged = staging_folder(ws) / "feedback" / "most-si" / name
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(f"new {name}", encoding="utf-8")
    ws.commit_record.write_text(
        '{"outputs": [], "merged": ["feedback"], "warehouse": null}', encoding="utf-8"
    )
    (tmp_path / "feedback" / "most-si").mkdir()
    # killed after the first file was moved
    os.replace(staging_folder(ws) / "feedback/most-si/a.txt", tmp_path / "feedback/most-si/a.txt")
    assert finish_commit(ws)
    assert sorted(p.name for p in (tmp_path / "feedback" / "most-si").iterdir()) == [
        "a.txt",
        "b.txt",
    ]
    assert (tmp_path / "feedback" / "old.txt").read_text(encoding="utf-8") == "old report"
    assert not staging_folder(ws).exists() and not ws.commit_record.exists()


def test_staged_exports_share_the_published_files_and_a_new_export_leaves_them_alone(
    tiny_export, tmp_path
):
    from export.figures import export_figures
    from load import warehouse

    shutil.copytree(tiny_export, tmp_path / "ws", symlinks=True)
    ws = Workspace.open(tmp_path / "ws")
    published = ws.exports / "2025-01_2025-02" / "report.xlsx"
    published.write_bytes(b"the workbook as it was published")
    with staged_outputs(ws) as staged:
        copy = staged.exports / published.relative_to(ws.exports)
        # one file under two names: the run does not copy every export of the past
        assert copy.stat().st_ino == published.stat().st_ino
        with warehouse.connect(ws.warehouse, read_only=True) as con:
            export_figures(staged, con, "2025-01", "2025-02", images=False)
        assert copy.read_bytes().startswith(b"PK")
    assert published.read_bytes() == b"the workbook as it was published"


def test_the_site_links_the_reports_of_earlier_runs_and_each_link_leads_to_its_report(reported):
    def report_links() -> set[str]:
        page = (reported / "site" / "submissions.html").read_text(encoding="utf-8")
        links = set(re.findall(r'href="\.\./(feedback/[^"]+)"', page)) - {"feedback/index.html"}
        assert all((reported / link).is_file() for link in links)
        return links

    counselling_file(reported, "svetovanje_2025-03_b.csv", "-2:00")  # refused: its report listed
    run(reported)
    listed = report_links()
    assert listed
    (reported / "inbox" / "most-si" / "svetovanje_2025-02.csv").write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 2. 2025;LJ-0002;individualno;2:00\n",
        encoding="utf-8",
    )
    assert not run(reported).unchanged
    # the report written by the run before is still linked, from the published feedback
    assert listed <= report_links()


def test_a_run_makes_the_outputs_again_when_a_month_falls_due(tmp_path):
    # no file and no code changed, but October's file falls due at the end of 10 November in
    # Ljubljana (23:00 UTC): from then on the site and the export name it as not yet reported
    (tmp_path / "inbox").mkdir()
    shutil.copy(DEMO / "consortium.yaml", tmp_path / "consortium.yaml")
    ws = Workspace.open(tmp_path)
    early = inbox_state.inputs_fingerprint(ws, datetime(2026, 11, 1, tzinfo=UTC))
    before = inbox_state.inputs_fingerprint(ws, datetime(2026, 11, 10, 22, 59, tzinfo=UTC))
    after = inbox_state.inputs_fingerprint(ws, datetime(2026, 11, 10, 23, 1, tzinfo=UTC))
    assert early == before != after
