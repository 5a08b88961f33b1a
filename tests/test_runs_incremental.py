"""Runs that cost what changed: one new file rebuilds only its partner's months, renders only
the pages that show them, and publishes what a run from scratch would (real monthly runs: one
session Prefect server, DuckDB, GX, Plotly, Kaleido, on a small workspace)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import DEMO

from core.config import Workspace
from flows.run_log import recent_runs

ROOT = Path(__file__).resolve().parents[1]
DEMO_INBOX = DEMO / "inbox"
# Files of two partners, with the times they arrived (as the demo's ledger has them): March is
# reported (Zavod Most sent it), then Klub Abstynenta's March arrives.
FIRST_FILES = {
    "klub-pl/porady_01_2025.csv": "2025-02-04T12:40:00+01:00",
    "klub-pl/porady_02_2025.csv": "2025-03-07T13:29:00+01:00",
    "most-si/svetovanje_2025-03.csv": "2025-04-03T10:00:00+02:00",
}
NEW_FILE = {"klub-pl/porady_03_2025.csv": "2025-04-04T13:51:00+02:00"}
FIXED_PAGES = {
    "index.html",
    "housing.html",
    "counselling.html",
    "activities.html",
    "people.html",
    "outcomes.html",
    "submissions.html",
}


def deliver(root: Path, files: dict[str, str]) -> None:
    """Put files in the inbox with their arrival times in its ledger."""
    ledger = root / "inbox" / "received.csv"
    if not ledger.is_file():
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.write_text("file,received_at\n", encoding="utf-8")
    for name, received in files.items():
        target = root / "inbox" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith("most-si/"):
            # one counselling session of Zavod Most in March 2025 (hours written h:mm)
            target.write_text(
                "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n"
                "4. 3. 2025;LJ-0001;individualno;1:30\n",
                encoding="utf-8",
            )
        else:
            shutil.copy(DEMO_INBOX / name, target)
        with ledger.open("a", encoding="utf-8") as fh:
            fh.write(f"{name},{received}\n")


def workspace(root: Path, files: dict[str, str]) -> Path:
    (root / "inbox").mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    deliver(root, files)
    return root


def run(root: Path):
    from flows.monthly_report import monthly_report

    return monthly_report(workspace=str(root))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(root: Path) -> dict[str, str]:
    """The pages of the site and the export's tables, by path, with their SHA-256."""
    files = [*(root / "site").glob("*.html"), *(root / "exports").rglob("*.csv")]
    return {p.relative_to(root).as_posix(): digest(p) for p in sorted(files)}


@pytest.fixture(scope="module")
def after_one_new_file(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """A full run on two partners' files, then klub-pl's March file and a second run."""
    root = workspace(tmp_path_factory.mktemp("incremental") / "ws", FIRST_FILES)
    first = run(root)
    before = {p.name: digest(p) for p in (root / "site").glob("partner-*.html")}
    deliver(root, NEW_FILE)
    second = run(root)
    return {
        "root": root,
        "first": first,
        "second": second,
        "before": before,
        "logged": recent_runs(Workspace.open(root), 1)[0],
    }


def test_first_run_builds_every_partner_month_and_page(after_one_new_file):
    first = after_one_new_file["first"].rebuilt
    assert first["partner_months"] == "all"
    assert set(first["pages"]) >= FIXED_PAGES | {"partner-klub-pl.html", "partner-most-si.html"}
    assert first["images"]


def test_one_new_file_rebuilds_only_its_partners_months(after_one_new_file):
    rebuilt = after_one_new_file["second"].rebuilt
    assert rebuilt["partner_months"] == [["klub-pl", "2025-03"]]
    # the consortium's pages show every partner; of the partners' pages, only klub-pl's changed
    assert set(rebuilt["pages"]) == FIXED_PAGES | {"partner-klub-pl.html"}
    assert after_one_new_file["logged"].rebuilt == rebuilt


def test_other_partners_pages_are_carried_over_byte_for_byte(after_one_new_file):
    root, before = after_one_new_file["root"], after_one_new_file["before"]
    after = {p.name: digest(p) for p in (root / "site").glob("partner-*.html")}
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} == {"partner-klub-pl.html"}


def test_incremental_outputs_equal_a_run_from_scratch(after_one_new_file, tmp_path):
    scratch = workspace(tmp_path / "ws", FIRST_FILES | NEW_FILE)
    for key in after_one_new_file["root"].parent.glob(".ws.*-key"):  # same pseudonyms
        shutil.copy(key, tmp_path / key.name)
    assert run(scratch).rebuilt["partner_months"] == "all"
    assert published(scratch) == published(after_one_new_file["root"])
