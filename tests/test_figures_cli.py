"""`consortium figures`, `consortium lock` and `consortium unlock` from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.app import app
from transforms.figures import HEADLINE_IDS

SESSION = {
    "session_on": "2025-01-07",
    "user_code": "A1",
    "session_kind": "individual",
    "hours": 2.0,
}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def counselled(tiny):
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", counselling=[SESSION])
    tiny.build()
    tiny.con.close()
    return tiny.ws.root


def test_figures_json_maps_every_headline_id_to_a_number(counselled):
    result = invoke(
        "figures",
        "--workspace",
        str(counselled),
        "--from",
        "2025-01",
        "--to",
        "2025-03",
        "--format",
        "json",
    )
    figures = json.loads(result.stdout)["figures"]
    assert set(HEADLINE_IDS) <= set(figures)
    # only counselling was reported: housing, trainings and groups are not reported (null)
    assert [i for i in HEADLINE_IDS if not isinstance(figures[i], (int, float))] == [
        "housing_units",
        "housing_places",
        "residents_distinct",
        "occupancy_rate",
        "trainings",
        "training_hours",
        "training_participants",
        "group_meetings",
        "activity_participants",
    ]


def test_figures_csv_has_one_line_per_figure(counselled):
    result = invoke(
        "figures", "-w", str(counselled), "--from", "2025-01", "--to", "2025-01", "--format", "csv"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "id,value" and "counselling_hours,2.0" in lines


def test_figures_as_of_a_day_before_any_file_are_not_reported(counselled):
    result = invoke(
        "figures",
        "-w",
        str(counselled),
        "--from",
        "2025-01",
        "--to",
        "2025-01",
        "--as-of",
        "2025-02-04",
        "--format",
        "json",
    )
    # no counselling table was in force yet: not reported, not 0 hours
    assert json.loads(result.stdout)["figures"]["counselling_hours"] is None


def test_figures_table_names_each_figure(counselled):
    result = invoke("figures", "-w", str(counselled), "--from", "2025-01", "--to", "2025-01")
    assert result.exit_code == 0 and "counselling_people_distinct" in result.stdout


def test_figures_table_names_the_partner_as_the_consortium_does(counselled):
    result = invoke(
        "figures",
        "-w",
        str(counselled),
        "--from",
        "2025-01",
        "--to",
        "2025-01",
        "--partner",
        "house",
    )
    assert result.exit_code == 0 and "2025-01 to 2025-01, Housing partner" in result.stdout


@pytest.fixture
def housed(tiny):
    # H-1's 4 places for January's 31 nights are 124 place-nights, of which 93 were slept
    unit = {"site_id": "H-1", "places": 4, "residents": 3, "resident_nights": 93}
    moves = {"admissions": 0, "exits_planned": 0, "exits_unplanned": 0}
    tiny.submit("house", "2025-01", "2025-02-05T09:00:00", housing=[{**unit, **moves}])
    tiny.build()
    tiny.con.close()
    return tiny.ws.root


def test_figures_table_writes_a_rate_as_a_percentage_with_one_decimal(housed):
    result = invoke("figures", "-w", str(housed), "--from", "2025-01", "--to", "2025-01")
    # 93 of 124 place-nights: 0.75, read as the export writes it
    row = next(line for line in result.stdout.splitlines() if "occupancy_rate" in line)
    assert row.split()[-2:] == ["75.0%", "│"]


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--partner", "nobody", "no partner 'nobody'"),
        ("--as-of", "yesterday", "not a day written YYYY-MM-DD"),
        ("--to", "2024-12", "starts (2025-01) after it ends (2024-12)"),
    ],
)
def test_a_wrong_request_is_a_usage_error_with_the_reason(counselled, option, value, said):
    args = {"--from": "2025-01", "--to": "2025-03", option: value}
    result = invoke("figures", "-w", str(counselled), *[x for pair in args.items() for x in pair])
    assert result.exit_code == 2 and said in result.output


def test_lock_and_unlock_from_the_command_line_hold_then_apply_a_resubmission(tiny):
    assert invoke("lock", "--period", "2025-01", "-w", str(tiny.ws.root)).exit_code == 0
    assert (
        tiny.submit(
            "house", "2025-01", "2025-03-01T09:00:00", name="fix.xlsx", counselling=[SESSION]
        )
        == "held"
    )
    tiny.con.close()
    result = invoke("unlock", "--period", "2025-01", "-w", str(tiny.ws.root))
    assert result.exit_code == 0 and "fix.xlsx" in result.output
    figures = json.loads(
        invoke(
            "figures",
            "-w",
            str(tiny.ws.root),
            "--from",
            "2025-01",
            "--to",
            "2025-01",
            "--format",
            "json",
        ).stdout
    )["figures"]
    assert figures["counselling_hours"] == 2.0


def test_figures_json_on_the_demo_prints_every_id(demo_run):
    result = invoke(
        "figures", "-w", str(demo_run), "--from", "2025-01", "--to", "2026-12", "--format", "json"
    )
    figures = json.loads(result.stdout)["figures"]
    assert set(HEADLINE_IDS) <= set(figures)
    # the demo's people sheets name no housing unit: who lived in housing is not reported
    assert [i for i in HEADLINE_IDS if not isinstance(figures[i], (int, float))] == [
        "residents_distinct"
    ]


def test_figures_name_the_partner_of_a_file_a_lock_holds_as_the_consortium_does(tiny):
    assert invoke("lock", "--period", "2025-01", "-w", str(tiny.ws.root)).exit_code == 0
    tiny.submit("house", "2025-01", "2025-03-01T09:00:00", name="fix.xlsx", counselling=[SESSION])
    tiny.build()
    tiny.con.close()
    result = invoke("figures", "-w", str(tiny.ws.root), "--from", "2025-01", "--to", "2025-01")
    assert "held, not counted: fix.xlsx (Housing partner, 2025-01)" in result.output
