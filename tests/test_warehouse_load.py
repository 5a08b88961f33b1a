"""The warehouse file: migrations on open, one transaction per submission, idempotent loads,
user codes only as keyed hashes."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from core.config import Workspace
from load import warehouse

PERSON = {
    "user_kind": "in_recovery",
    "sex": "female",
    "age_band": "26_35",
    "main_addiction": "alcohol",
}


def test_a_new_warehouse_has_every_schema_version(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        versions = [
            v
            for (v,) in con.execute(
                "select version from schema_version order by version"
            ).fetchall()
        ]
    assert versions == list(warehouse.migrations())


def test_a_version_1_warehouse_is_migrated_on_open_keeping_its_register(tmp_path):
    first_only = tmp_path / "v1"
    first_only.mkdir()
    shutil.copy(warehouse.migrations()[1], first_only)
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        warehouse.migrate(con, first_only)
        con.execute(
            "insert into submissions values ('abc', 'house', '2025-01', 'a.xlsx', 1, 'xlsx', "
            "now(), now(), 'accepted_with_warnings', ['people'], '[]')"
        )
    with warehouse.connect(path) as con:
        assert con.execute("select max(version) from schema_version").fetchone()[0] == max(
            warehouse.migrations()
        )
        # what validation said is kept beside the register status
        assert con.execute("select status, validation_status from submissions").fetchall() == [
            ("accepted_with_warnings", "accepted_with_warnings")
        ]


def test_loading_the_same_file_twice_changes_nothing(tiny):
    for _ in range(2):
        tiny.submit(
            "house", "2025-01", "2025-02-01T09:00:00", people=[{"user_code": "A1", **PERSON}]
        )
    counts = tiny.con.execute(
        "select (select count(*) from submissions), (select count(*) from raw_people)"
    ).fetchone()
    assert counts == (1, 1)


def test_a_submission_that_fails_midway_leaves_no_trace(tiny):
    with pytest.raises(duckdb.Error):
        # the second table cannot be stored: places is not a number
        tiny.submit(
            "house",
            "2025-01",
            "2025-02-01T09:00:00",
            people=[{"user_code": "A1", **PERSON}],
            housing=[
                {
                    "site_id": "H-1",
                    "places": "many",
                    "residents": 1,
                    "resident_nights": 1,
                    "admissions": 0,
                    "exits_planned": 0,
                    "exits_unplanned": 0,
                }
            ],
        )
    counts = tiny.con.execute(
        "select (select count(*) from submissions), (select count(*) from raw_people), "
        "(select count(*) from problems)"
    ).fetchone()
    assert counts == (0, 0, 0)


def test_a_rejected_file_is_registered_without_its_rows(tiny):
    status = tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        errors=("sex_unknown",),
        people=[{"user_code": "A1", **PERSON}],
    )
    assert status == "rejected"
    assert tiny.con.execute("select count(*) from raw_people").fetchone()[0] == 0


def test_user_codes_are_stored_only_as_keyed_hashes(tiny):
    tiny.submit(
        "house",
        "2025-01",
        "2025-02-01T09:00:00",
        people=[{"user_code": "MARIJA-1980", **PERSON}],
        counselling=[
            {
                "session_on": "2025-01-05",
                "user_code": "MARIJA-1980",
                "session_kind": "phone",
                "hours": 1.0,
            }
        ],
    )
    tiny.build()
    tiny.con.close()
    # nowhere in the file, in any case
    assert b"MARIJA" not in tiny.ws.warehouse.read_bytes().upper()


def test_the_same_code_hashes_differently_for_another_partner_or_key():
    a = warehouse.user_key(b"key-1", "house", "A1")
    assert a != warehouse.user_key(b"key-1", "groups", "A1")
    assert a != warehouse.user_key(b"key-2", "house", "A1")


def test_without_the_environment_the_key_is_a_private_file_beside_the_workspace(
    tmp_path, monkeypatch
):
    monkeypatch.delenv(warehouse.KEY_ENV, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy("tests/fixtures/warehouse/consortium.yaml", root)
    ws = Workspace.open(root)
    key = warehouse.pseudonym_key(ws)
    assert ws.key_file.parent == tmp_path and ws.key_file.stat().st_mode & 0o777 == 0o600
    assert warehouse.pseudonym_key(ws) == key


def test_a_lost_key_file_is_never_replaced_while_the_warehouse_holds_hashed_codes(
    tiny, monkeypatch
):
    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", people=[{"user_code": "A1", **PERSON}])
    monkeypatch.delenv(warehouse.KEY_ENV, raising=False)
    assert not tiny.ws.key_file.exists()
    with pytest.raises(warehouse.MissingPseudonymKey, match=str(tiny.ws.key_file)):
        warehouse.pseudonym_key(tiny.ws, tiny.con)
    assert not tiny.ws.key_file.exists()


def test_another_key_is_refused_while_the_warehouse_holds_people_hashed_with_the_first(
    tiny, monkeypatch
):
    monkeypatch.setenv(warehouse.KEY_ENV, "the first key")
    warehouse.pseudonym_key(tiny.ws, tiny.con)
    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", people=[{"user_code": "A1", **PERSON}])
    monkeypatch.setenv(warehouse.KEY_ENV, "a second key")
    with pytest.raises(warehouse.WrongPseudonymKey, match="another pseudonym key"):
        warehouse.pseudonym_key(tiny.ws, tiny.con)
    monkeypatch.setenv(warehouse.KEY_ENV, "the first key")
    assert warehouse.pseudonym_key(tiny.ws, tiny.con) == b"the first key"


def test_the_key_may_be_kept_in_the_secrets_file_beside_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv(warehouse.KEY_ENV, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy("tests/fixtures/warehouse/consortium.yaml", root)
    (tmp_path / ".ws.secrets").write_text(f"{warehouse.KEY_ENV}=kept beside\n")
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        assert warehouse.pseudonym_key(ws, con) == b"kept beside"
    assert not ws.key_file.exists()


def test_a_warehouse_without_people_gets_a_new_key_file(tmp_path, monkeypatch):
    monkeypatch.delenv(warehouse.KEY_ENV, raising=False)
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy("tests/fixtures/warehouse/consortium.yaml", root)
    ws = Workspace.open(root)
    with warehouse.connect(ws.warehouse) as con:
        key = warehouse.pseudonym_key(ws, con)
    assert ws.key_file.read_text().strip().encode() == key


def test_residents_are_not_reported_when_no_people_sheet_has_a_housing_unit_column(tiny):
    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", people=[{"user_code": "A1", **PERSON}])
    assert tiny.figures("2025-03", "2025-03")["residents_distinct"] is None


SESSION = {"user_code": "A1", "session_kind": "individual", "hours": 1.5}


def test_a_month_without_a_counselling_table_has_its_counselling_not_reported_not_zero(tiny):
    from transforms.figures import monthly_figures

    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", counselling=[SESSION])
    tiny.submit("house", "2025-04", "2025-05-02T09:00:00", people=[{"user_code": "A1", **PERSON}])
    tiny.build()
    months = monthly_figures(tiny.con, "2025-03", "2025-04").set_index("period")
    # April's file brought people only: nobody said whether sessions were held, so no 0
    assert pd.isna(months.at["2025-04", "counselling_sessions"])
    assert pd.isna(months.at["2025-04", "counselling_hours"])
    assert pd.isna(months.at["2025-04", "individual_counselling_hours"])
    assert months.at["2025-03", "counselling_sessions"] == 1
    by_month = tiny.con.execute(
        "select period, counselling_sessions from mart_partner_months order by period"
    ).fetchall()
    assert by_month == [("2025-03", 1), ("2025-04", None)]


def test_a_counselling_table_sent_without_rows_counts_zero_sessions(tiny):
    from transforms.figures import monthly_figures

    # the partner's file has its counselling sheet with no row under the header: no sessions
    tiny.submit(
        "house",
        "2025-04",
        "2025-05-02T09:00:00",
        counselling=[],
        people=[{"user_code": "A1", **PERSON}],
    )
    tiny.build()
    april = monthly_figures(tiny.con, "2025-04", "2025-04").iloc[0]
    assert (april["counselling_sessions"], april["counselling_hours"]) == (0, 0)


def test_a_range_adds_the_months_reported_and_a_topic_never_reported_stays_not_reported(tiny):
    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", counselling=[SESSION])
    tiny.submit("house", "2025-04", "2025-05-02T09:00:00", people=[{"user_code": "A1", **PERSON}])
    figures = tiny.figures("2025-03", "2025-04", partner="house")
    # March's session is the range's; no table of trainings, groups or housing came at all
    assert (figures["counselling_sessions"], figures["counselling_hours"]) == (1, 1.5)
    assert figures["people_distinct"] == 1
    assert [figures[f] for f in ("trainings", "group_meetings", "housing_units")] == [None] * 3


def test_a_partner_that_reported_nothing_of_a_topic_has_it_not_reported(tiny):
    from transforms.figures import figures_by

    tiny.submit("house", "2025-03", "2025-04-02T09:00:00", counselling=[SESSION])
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-03T09:00:00",
        groups=[{"held_on": "2025-03-05", "activity_kind": "support_group", "participants": 6}],
    )
    tiny.build()
    by_partner = figures_by(tiny.con, "2025-03", "2025-03", "partner").set_index("group_id")
    assert pd.isna(by_partner.at["groups", "counselling_sessions"])
    assert pd.isna(by_partner.at["house", "group_meetings"])
    assert by_partner.at["groups", "group_meetings"] == 1


def test_a_people_sheet_with_a_housing_unit_column_counts_its_residents_even_when_none(tiny):
    tiny.submit(
        "house",
        "2025-03",
        "2025-04-02T09:00:00",
        people=[
            {"user_code": "A1", "housing_unit": "H1", **PERSON},
            {"user_code": "A2", "housing_unit": None, **PERSON},
        ],
    )
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-03T09:00:00",
        people=[{"user_code": "B1", "housing_unit": None, **PERSON}],
    )
    assert tiny.figures("2025-03", "2025-03")["residents_distinct"] == 1
    by_partner = tiny.con.execute(
        "select partner_id, residents_distinct from mart_partner_months order by partner_id"
    ).fetchall()
    assert by_partner == [("groups", 0), ("house", 1)]


def test_group_participants_are_not_reported_when_no_people_sheet_has_a_group_meetings_column(
    tiny,
):
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-02T09:00:00",
        people=[{"user_code": "A1", **PERSON}],
        groups=[{"held_on": "2025-03-05", "activity_kind": "support_group", "participants": 6}],
    )
    figures = tiny.figures("2025-03", "2025-03")
    assert figures["activity_participants"] == 6
    assert figures["group_participants_distinct"] is None


def test_a_people_sheet_with_a_group_meetings_column_counts_its_participants_even_when_none(
    tiny,
):
    tiny.submit(
        "house",
        "2025-03",
        "2025-04-02T09:00:00",
        people=[{"user_code": "A1", "group_meetings": 0, **PERSON}],
    )
    assert tiny.figures("2025-03", "2025-03")["group_participants_distinct"] == 0
    tiny.submit(
        "groups",
        "2025-03",
        "2025-04-03T09:00:00",
        people=[
            {"user_code": "B1", "group_meetings": 3, **PERSON},
            {"user_code": "B2", "group_meetings": None, **PERSON},
        ],
    )
    assert tiny.figures("2025-03", "2025-03")["group_participants_distinct"] == 1
