"""Every failure clear and recorded: a config in the wrong encoding or with YAML's NO trap, a
full disk, an oversized CSV, inbox entries that are not read, and a copied workspace that is
itself. Real files, real DuckDB, real Prefect runs (one session server)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DEMO
from typer.testing import CliRunner

from cli.app import app
from collect.formats import read_workbook
from collect.unreadable import UnreadableFile
from core.config import Intake, Workspace
from flows.inbox_state import unread_entries
from flows.run_log import recent_runs

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = DEMO / "consortium.yaml"


def counselling_file(root: Path, name: str, hours: str = "1:30", user: str = "LJ-0001") -> Path:
    path = root / "inbox" / "most-si" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 3. 2025;{user};individualno;{hours}\n",
        encoding="utf-8",
    )
    return path


def fresh_workspace(root: Path) -> Path:
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO_CONFIG, root / "consortium.yaml")
    return root


def cli_run(root: Path):
    return CliRunner().invoke(app, ["run", "--workspace", str(root)])


# consortium.yaml


def test_config_saved_as_windows_1250_is_one_line_naming_file_and_encoding(tmp_path):
    root = fresh_workspace(tmp_path / "ws")
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    assert "ž" in text or "č" in text  # the demo's Slovene names hold letters cp1250 encodes
    (root / "consortium.yaml").write_bytes(text.encode("cp1250"))
    result = cli_run(root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert str(root / "consortium.yaml") in line and "not UTF-8" in line and "UTF-8" in line
    # the failure is in the run log too
    [failed] = recent_runs(Workspace(root.resolve()))
    assert (failed.outcome, failed.failed_stage) == ("failed", "config")


def test_country_no_unquoted_is_explained_as_yaml_reading_false(tmp_path):
    root = fresh_workspace(tmp_path / "ws")
    config = (root / "consortium.yaml").read_text(encoding="utf-8")
    assert 'country: "NO"' in config
    (root / "consortium.yaml").write_text(
        config.replace('country: "NO"', "country: NO"), encoding="utf-8"
    )
    result = cli_run(root)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "country" in line and "NO" in line and "false" in line and '"NO"' in line


# intake limits and the inbox


def test_million_row_csv_is_refused_by_the_row_limit(tmp_path):
    path = tmp_path / "porady_05_2025.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Kod uczestnika;Data;Rodzaj wsparcia;Godziny\n")
        fh.writelines(f"K-{i};2025-05-02;porada indywidualna;1\n" for i in range(1_000_000))
    limits = Intake()
    assert path.stat().st_size < limits.max_file_mb * 1024 * 1024  # not the size limit
    with pytest.raises(UnreadableFile) as refused:
        read_workbook(path, path.name, limits)
    assert refused.value.rule == "sheet_too_large"
    assert refused.value.params["limit_rows"] == limits.max_rows


def test_links_pipes_and_folders_in_the_inbox_are_listed_with_the_reason(tmp_path):
    root = fresh_workspace(tmp_path / "ws")
    real = counselling_file(root, "svetovanje_2025-03.csv")
    (root / "inbox" / "most-si" / "link.csv").symlink_to(real)
    os.mkfifo(root / "inbox" / "most-si" / "pipe.csv")
    (root / "inbox" / "most-si" / "maj.xlsx").mkdir()
    unread = unread_entries(Workspace(root))
    assert [entry.split(":")[0] for entry in unread] == [
        "most-si/link.csv",
        "most-si/maj.xlsx",
        "most-si/pipe.csv",
    ]
    assert "link" in unread[0] and "folder" in unread[1] and "pipe" in unread[2]


# a full disk


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 48 MB tmpfs mounted for the test (needs root; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave_bytes: int) -> None:
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    with (disk / "filler").open("wb") as fh:
        fh.truncate(0)
        fh.write(b"\0" * max(free - leave_bytes, 0))


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part in skip for part in p.relative_to(folder).parts)
    }


# the run log gains the failure; the inbox hash cache describes the inbox, not the run
CHANGING = ("runs.jsonl", "inbox-hashes.json", "inbox", "archive")


def reported_then_corrected(root: Path) -> Path:
    """A workspace after one run, and a correction of its file waiting in the inbox."""
    from flows.monthly_report import monthly_report

    fresh_workspace(root)
    counselling_file(root, "svetovanje_2025-03.csv")
    monthly_report(workspace=str(root))
    counselling_file(root, "svetovanje_2025-03_popravek.csv", hours="4:30")
    return root


def run_process(root: Path, prefect_api: str, wrap=lambda command: command, env=None):
    """`consortium run` as its own process, reporting to the session's Prefect server."""
    return subprocess.run(
        wrap([sys.executable, "-m", "cli.app", "run", "--workspace", str(root)]),
        cwd=ROOT,
        env={**os.environ, "PREFECT_API_URL": prefect_api, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_full_disk_leaves_warehouse_outputs_and_state_as_they_were(small_disk, prefect_api):
    root = reported_then_corrected(small_disk / "ws")
    before = tree_digest(root, skip=CHANGING)
    fill(small_disk, leave_bytes=256 * 1024)
    result = run_process(root, prefect_api)
    assert result.returncode == 1
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert "disk is full" in line
    # nothing half-written anywhere: the warehouse, site, exports, feedback and .state as before
    (small_disk / "filler").unlink()
    assert tree_digest(root, skip=CHANGING) == before
    assert not list(root.rglob("*.partial")) and not list(root.rglob("*.staging*"))
    last = recent_runs(Workspace.open(root), 1)[0]
    assert last.outcome == "failed" and "disk is full" in last.message


def unprivileged(command: list[str]) -> list[str]:
    """The command as a user without the power to override file permissions: root keeps its
    identity (and its interpreter) but loses CAP_DAC_OVERRIDE, so a folder's mode applies."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]


@pytest.mark.soak  # three whole runs, one of them a process: about 40 s
def test_site_folder_the_run_may_not_write_leaves_everything_as_it_was(tmp_path, prefect_api):
    from flows.monthly_report import monthly_report

    root = reported_then_corrected(tmp_path / "ws")
    before = tree_digest(root, skip=CHANGING)
    (root / "site").chmod(0o555)  # say, a web server's folder
    try:
        result = run_process(root, prefect_api, unprivileged)
    finally:
        (root / "site").chmod(0o755)
    assert result.returncode == 1
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert "permission denied" in line and str(root / "site") in line
    assert tree_digest(root, skip=CHANGING) == before
    assert not list(root.rglob("*.partial")) and not list(root.rglob("*.staging*"))
    last = recent_runs(Workspace.open(root), 1)[0]
    assert last.outcome == "failed" and "permission denied" in last.message
    # once the folder may be written, the next run publishes the correction: nothing was lost
    again = monthly_report(workspace=str(root))
    assert [s.name_as_received for s in again.submissions] == ["svetovanje_2025-03_popravek.csv"]


@pytest.mark.soak  # two whole runs, one of them a process: about 30 s
def test_a_chromium_that_does_not_start_fails_the_run_and_leaves_everything_as_it_was(
    tmp_path, prefect_api
):
    root = reported_then_corrected(tmp_path / "ws")
    before = tree_digest(root, skip=CHANGING)
    result = run_process(root, prefect_api, env={"BROWSER_PATH": "/bin/false"})
    assert result.returncode == 1
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert (
        "the export stage failed: Chromium, which draws the report's charts, did not start" in line
    )
    assert tree_digest(root, skip=CHANGING) == before
    last = recent_runs(Workspace.open(root), 1)[0]
    assert (last.outcome, last.failed_stage) == ("failed", "export")


# a copied workspace


def published_links(flow_run_id: str) -> str:
    from uuid import UUID

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
        )
    return next(a.data for a in found if a.key.endswith("-links"))


def test_copied_workspace_reports_its_own_outputs_and_collects_its_own_files(tmp_path, prefect_api):
    from flows.monthly_report import monthly_report

    original = fresh_workspace(tmp_path / "original")
    counselling_file(original, "svetovanje_2025-03.csv")
    monthly_report(workspace=str(original))
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True)
    for key in tmp_path.glob(".original.*-key"):  # the keys beside the workspace go with it
        shutil.copy(key, tmp_path / key.name.replace(".original.", ".copy.", 1))
    kept = monthly_report(workspace=str(copy))
    assert kept.unchanged and kept.site == copy / "site" / "index.html"
    assert str(original) not in (copy / ".state" / "runs.jsonl").read_text(encoding="utf-8")
    # the links the kept run published in Prefect point into the copy
    links = published_links(recent_runs(Workspace.open(copy), 1)[0].flow_run_id)
    assert (copy / "site").as_uri() in links and original.as_uri() + "/" not in links
    (copy / "inbox" / "most-si" / "svetovanje_2025-04.csv").write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n4. 4. 2025;LJ-0002;individualno;2:00\n",
        encoding="utf-8",
    )
    again = monthly_report(workspace=str(copy))
    assert [s.name_as_received for s in again.submissions] == ["svetovanje_2025-04.csv"]
    assert again.exports.is_relative_to(copy)
    # the original is untouched by the copy's run
    assert not list((original / "exports").glob("*2025-04*"))


def test_run_log_written_before_relative_paths_is_not_trusted_for_outputs(tmp_path):
    root = fresh_workspace(tmp_path / "ws")
    (root / ".state").mkdir()
    elsewhere = tmp_path / "elsewhere" / "site" / "index.html"
    record = {
        "started_at": datetime.now(UTC).isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "outcome": "completed",
        "site": str(elsewhere),
        "exports": str(elsewhere.parent),
    }
    (root / ".state" / "runs.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    from flows.monthly_report import in_workspace

    # another folder's outputs are never reported as this workspace's
    assert in_workspace(Workspace(root), record["site"]) is None
    assert in_workspace(Workspace(root), "site/index.html") == root / "site" / "index.html"


# the long-lived Prefect server


def test_serve_refuses_a_prefect_server_without_auth_or_csrf(workspace, prefect_api):
    # the session's test server is open: no auth string, no CSRF protection
    result = CliRunner().invoke(app, ["serve", "--workspace", str(workspace)])
    assert result.exit_code == 2
    assert "open to others" in result.output
    assert "PREFECT_SERVER_API_AUTH_STRING" in result.output
    assert "PREFECT_SERVER_CSRF_PROTECTION_ENABLED" in result.output


def test_a_failed_run_lets_go_of_what_its_failure_held_before_it_exits():
    """A DuckDB connection kept alive by the failure's frames is reported as leaked at exit, a
    screen of noise under the one line that says what went wrong."""
    import duckdb
    import typer

    from cli.commands.run import fail
    from flows.runtime import RunError, StageFailed

    def collect() -> None:
        con = duckdb.connect()
        raise RunError(f"the archive cannot be opened ({con is not None})")

    try:
        try:
            collect()
        except RunError as exc:
            raise StageFailed("collect", exc) from exc
    except StageFailed as exc:
        failure = exc
    inner = failure.__cause__.__traceback__.tb_next.tb_frame
    assert "con" in inner.f_locals
    with pytest.raises(typer.Exit):
        fail(failure)
    assert "con" not in inner.f_locals
