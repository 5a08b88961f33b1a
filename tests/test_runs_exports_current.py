"""A grant report never disagrees with the warehouse: an earlier export (an earlier run's, or one
`consortium export` made) whose months a correction changed is made again by the next run, with
the options it was made with; one as of a past day, or whose months did not change, stays as it
was (real monthly runs: one session Prefect server, DuckDB, GX, Chromium)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from test_runs_incremental import FIRST_FILES, deliver, run, workspace
from typer.testing import CliRunner

from cli.app import app

# klub-pl's February again, its first session left out: a correction arriving after March's run
CORRECTION = "klub-pl/porady_02_2025_popr.csv"
LATER_MONTH = {"klub-pl/porady_04_2025_poprawione.csv": "2025-05-12T12:38:00+02:00"}


def files_of(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def month_row(folder: Path, period: str) -> dict[str, str]:
    with (folder / "per_month.csv").open(encoding="utf-8-sig", newline="") as fh:
        [row] = [r for r in csv.DictReader(fh) if period in r.values()]
    return row


def export(root: Path, *args: str) -> None:
    result = CliRunner().invoke(
        app, ["export", "--workspace", str(root), "--from", "2025-01", "--to", "2025-02", *args]
    )
    assert result.exit_code == 0, result.output


def deliver_correction(root: Path) -> None:
    earlier = (root / "inbox" / "klub-pl" / "porady_02_2025.csv").read_text(encoding="utf-8")
    header, _first, *rows = earlier.splitlines()
    target = root / "inbox" / CORRECTION
    target.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with (root / "inbox" / "received.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{CORRECTION},2025-04-20T09:00:00+02:00\n")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """March reported, the grant export of January and February made (and one as of a day),
    then klub-pl's February corrected and a run; then a file of a later month and a run; then
    the schedule changed in consortium.yaml and a run."""
    root = workspace(tmp_path_factory.mktemp("exports") / "ws", FIRST_FILES)
    run(root)
    export(root)
    export(root, "--as-of", "2025-04-10")
    exports = root / "exports"
    before = {
        name: files_of(exports / name)
        for name in ("2025-01_2025-02", "2025-01_2025-02_as-of-2025-04-10")
    }
    february_before = month_row(exports / "2025-01_2025-02", "2025-02")
    deliver_correction(root)
    after_correction = run(root)
    after = {name: files_of(exports / name) for name in before}
    deliver(root, LATER_MONTH)
    later = run(root)
    config = root / "consortium.yaml"
    config.write_text(config.read_text("utf-8").replace('"0 6 5 * *"', '"0 7 5 * *"'), "utf-8")
    rescheduled = run(root)
    return {
        "exports": exports,
        "before": before,
        "after": after,
        "february_before": february_before,
        "after_correction": after_correction,
        "later": later,
        "rescheduled": rescheduled,
    }


def test_a_correction_makes_an_earlier_export_of_its_month_again(corrected):
    assert corrected["after_correction"].rebuilt["exports"] == ["2025-01_2025-02"]
    assert corrected["after"]["2025-01_2025-02"] != corrected["before"]["2025-01_2025-02"]


def test_the_export_made_again_shows_the_corrected_figures_of_the_run(corrected):
    exports = corrected["exports"]
    february = month_row(exports / "2025-01_2025-02", "2025-02")
    assert february != corrected["february_before"]
    assert february == month_row(exports / "2025-01_2025-03", "2025-02")


def test_an_export_as_of_a_past_day_stays_as_it_was_made(corrected):
    name = "2025-01_2025-02_as-of-2025-04-10"
    assert corrected["after"][name] == corrected["before"][name]


def test_a_file_of_a_later_month_leaves_earlier_exports_as_they_are(corrected):
    assert corrected["later"].rebuilt["exports"] == []
    assert (corrected["exports"] / "2025-01_2025-04").is_dir()


def test_earlier_exports_made_again_with_the_same_figures_are_not_told_as_changed(corrected):
    # the schedule is in consortium.yaml, which every export depends on; the figures are not
    assert corrected["rescheduled"].rebuilt["exports"] == []
