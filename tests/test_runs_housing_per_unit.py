"""A partner with two flats whose social workers each send their flat's presence register as a
file of its own: every flat counts, a later file replacing an earlier one's rows of its own flats
only (int_tables_in_force.sql; real monthly runs: Prefect, GX, DuckDB, on a small workspace)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DEMO
from own_sheets_support import workbook

from transforms.figures import headline_figures, source_files

OCTOBER = list(range(1, 32))
PARTNER = "oporavak-ba"
FLAT_1 = "Register stan 1 oktober 2026.xlsx"
FLAT_2 = "Register stan 2 oktober 2026.xlsx"
FLAT_1_CORRECTED = "Register stan 1 oktober 2026 ispravak.xlsx"


def nights(count: int) -> list[str | None]:
    """A resident's row of marks: `count` nights from the 1st of October, then blank days."""
    return ["x"] * count + [None] * (31 - count)


def register(path: Path, flat: str, *residents: int) -> Path:
    """A flat's October register, a sheet named for the flat and a row of marks per resident."""
    rows = [["Korisnik", *OCTOBER]]
    rows += [[f"SZ-{index:02}", *nights(count)] for index, count in enumerate(residents, 1)]
    return workbook(path, {flat: rows})


def deliver(root: Path, name: str, flat: str, received: str, *residents: int) -> None:
    """Put a register in the partner's inbox, with its arrival time in the ledger."""
    register(root / "inbox" / PARTNER / name, flat, *residents)
    with (root / "inbox" / "received.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{PARTNER}/{name},{received}\n")


def workspace(root: Path) -> Path:
    """The demo consortium with two flats of Udruženje Proslavi Oporavak: 4 and 3 places."""
    (root / "inbox" / PARTNER).mkdir(parents=True)
    (root / "inbox" / "received.csv").write_text("file,received_at\n", encoding="utf-8")
    config = yaml.safe_load((DEMO / "consortium.yaml").read_text(encoding="utf-8"))
    partner = next(p for p in config["partners"] if p["id"] == PARTNER)
    partner["tables"] = ["housing", *partner["tables"]]
    partner["sites"] += [
        {"id": "ST-1", "name": "Stan 1", "kind": "housing", "places": 4},
        {"id": "ST-2", "name": "Stan 2", "kind": "housing", "places": 3},
    ]
    (root / "consortium.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return root


def run(root: Path):
    from flows.monthly_report import monthly_report

    return monthly_report(workspace=str(root))


def october(root: Path) -> dict:
    """The partner's October as the warehouse gives it: its figures and the files counted."""
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        figures = headline_figures(con, "2026-10", "2026-10", partner=PARTNER)
        files = source_files(con, "2026-10", "2026-10", partner=PARTNER)
    return {"figures": figures, "files": files["name_as_received"].tolist()}


def feedback_of(root: Path, name: str) -> dict:
    """The summary record of a file's report (named for the file, its spaces written _)."""
    [record] = (root / "feedback").rglob(f"{Path(name).stem.replace(' ', '_')}-*.json")
    return json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def flats(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """Stan 1's register (two residents every night) and a run; Stan 2's (one every night, one
    the first 15) and a run; then a correction of Stan 1 alone (one resident) and a run."""
    root = workspace(tmp_path_factory.mktemp("flats") / "ws")
    deliver(root, FLAT_1, "Stan 1", "2026-11-02T09:00:00+01:00", 31, 31)
    run(root)
    deliver(root, FLAT_2, "Stan 2", "2026-11-03T09:00:00+01:00", 31, 15)
    second = run(root)
    both = october(root) | {"rebuilt": second.rebuilt, "flat_2": feedback_of(root, FLAT_2)}
    summary = (root / "feedback" / "summary.txt").read_text(encoding="utf-8")
    deliver(root, FLAT_1_CORRECTED, "Stan 1", "2026-11-04T09:00:00+01:00", 31)
    run(root)
    return {"both": both, "summary": summary, "corrected": october(root), "root": root}


def test_a_second_flats_file_rebuilds_its_partners_month_with_both_flats(flats):
    # the new file rebuilds only its partner's month, and that month counts both flats
    assert flats["both"]["rebuilt"]["partner_months"] == [[PARTNER, "2026-10"]]
    figures = flats["both"]["figures"]
    # Stan 1: 2 residents x 31 nights; Stan 2: 31 + 15 nights, one resident on the last night
    assert (figures["housing_units"], figures["housing_places"]) == (2, 7)
    assert (figures["residents_month_end"], figures["resident_nights"]) == (3, 62 + 46)
    # both flats' places every night of October: (4 + 3) x 31
    assert figures["place_nights"] == 217
    assert figures["occupancy_rate"] == pytest.approx(108 / 217)


def test_the_second_flats_file_is_not_told_it_replaces_the_first(flats):
    record = flats["both"]["flat_2"]
    assert record["replaces"] == []
    assert [p["rule"] for p in record["problems"]] == ["register_without_moves"]


def test_both_flats_files_are_listed_as_counted(flats):
    assert flats["both"]["files"] == [FLAT_1, FLAT_2]
    # the data-quality summary names no later file counting instead of the first
    [line] = [x for x in flats["summary"].splitlines() if FLAT_1 in x]
    assert line.endswith("| ")


def test_a_correction_of_one_flat_replaces_that_flats_rows_and_keeps_the_others(flats):
    figures = flats["corrected"]["figures"]
    # Stan 1 now 1 resident x 31 nights, Stan 2 as its own file said: 31 + 15 nights
    assert (figures["residents_month_end"], figures["resident_nights"]) == (2, 31 + 46)
    assert figures["housing_units"] == 2
    assert flats["corrected"]["files"] == [FLAT_2, FLAT_1_CORRECTED]
