"""Prefect artifacts and logs under the site's disclosure rules: small counts of people
suppressed, and no national identity number or e-mail address in any log or run message."""

import json
import logging

from core.config import Workspace
from flows.artifacts import disclosed_figures
from flows.log_privacy import install_log_privacy
from flows.run_log import RunRecord, append_run, log_path
from flows.runtime import StageFailed

EMSO = "0101990500003"  # valid EMŠO/JMBG check digit and birth date


def test_artifact_figures_hide_small_counts_of_people_and_keep_other_figures():
    shown = disclosed_figures({"admissions": 3, "housing_places": 3, "exits_planned": 0}, k=5)
    # three admissions are three people; three places are not; zero names nobody
    assert shown == {"admissions": "<5", "housing_places": 3, "exits_planned": 0}


def test_artifact_figures_hide_a_second_count_that_would_give_a_small_one_away():
    shown = disclosed_figures({"people_distinct": 10, "people_new": 2, "people_returning": 8}, k=5)
    # people_distinct - people_returning would show the 2 new people
    assert shown == {"people_distinct": 10, "people_new": "<5", "people_returning": "x"}


def test_the_demo_runs_artifacts_show_no_small_count_of_people(demo_run):
    from flows.artifacts import people_figures

    saved = json.loads((demo_run / ".state" / "artifacts.json").read_text(encoding="utf-8"))
    people = {r["figure"]: r["value"] for r in saved["figures"] if r["figure"] in people_figures()}
    assert people, "the month's artifacts hold counts of people"
    assert all(not isinstance(v, int | float) or v == 0 or v >= 5 for v in people.values())


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def test_a_national_id_in_an_exception_never_reaches_a_log_handler():
    install_log_privacy()
    kept = Kept()
    logging.getLogger().addHandler(kept)
    try:
        try:
            raise ValueError(f"could not convert string to float: '{EMSO}'")
        except ValueError:
            logging.getLogger("prefect.task_runs").error(
                "Task run failed for %s", EMSO, exc_info=True
            )
    finally:
        logging.getLogger().removeHandler(kept)
    assert kept.lines and "could not convert" in kept.lines[0]
    assert EMSO not in "\n".join(kept.lines)


def test_a_stage_failure_names_the_cause_without_the_identifier():
    message = str(StageFailed("load", ValueError(f"bad code {EMSO} or ana.kovac@example.si")))
    assert "bad code" in message
    assert EMSO not in message and "ana.kovac@example.si" not in message


def test_the_run_log_never_keeps_an_identifier(tmp_path):
    ws = Workspace(tmp_path)
    append_run(ws, RunRecord("2026-10-05", "2026-10-05", "failed", message=f"row {EMSO}"))
    assert EMSO not in log_path(ws).read_text(encoding="utf-8")
