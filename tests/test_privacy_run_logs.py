"""Everything a real run logs, captured at Prefect's own loggers, when a partner typed an EMŠO as
a user code: the file is refused and quarantined, and the number is in no log line."""

import logging
import shutil
from pathlib import Path

import pytest
from conftest import DEMO

from core.config import Workspace

EMSO = "0101990500003"  # valid EMŠO check digit and birth date


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.getMessage()} {record.exc_text or ''}")


@pytest.fixture(scope="module")
def run_logs(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> tuple[Path, list]:
    """A real run of a workspace whose one file holds an EMŠO as a user code, and every line
    logged meanwhile (handlers put on after Prefect configured its logging)."""
    from flows.monthly_report import monthly_report

    root = tmp_path_factory.mktemp("emso") / "ws"
    folder = root / "inbox" / "most-si"
    folder.mkdir(parents=True)
    shutil.copy(DEMO / "consortium.yaml", root / "consortium.yaml")
    (folder / "svetovanje_2025-03.csv").write_text(
        "Datum;Šifra uporabnika;Vrsta svetovanja;Ure\n"
        "4. 3. 2025;LJ-0001;individualno;1:30\n"
        f"5. 3. 2025;{EMSO};individualno;1:00\n",
        encoding="utf-8",
    )
    kept = Kept()
    loggers = [
        logging.getLogger(n) for n in ("", "prefect", "prefect.flow_runs", "prefect.task_runs")
    ]
    for logger in loggers:
        logger.addHandler(kept)
    try:
        with pytest.raises(Exception, match="no accepted file"):
            monthly_report(workspace=str(root))
    finally:
        for logger in loggers:
            logger.removeHandler(kept)
    return root, kept.lines


def test_a_run_refusing_a_file_for_an_emso_logs_without_the_number(run_logs):
    _, lines = run_logs
    assert any("no accepted file" in line for line in lines), "the run's logs were captured"
    assert not [line for line in lines if EMSO in line]


def test_the_refused_file_is_quarantined_by_that_run(run_logs):
    from collect.quarantine import quarantined

    root, _ = run_logs
    [entry] = quarantined(Workspace.open(root))
    assert entry["reasons"] == ["personal_data_national_id"]
    assert not list((root / "inbox").rglob("*.csv"))
