"""`consortium status`: missing files and the reminder list, from the warehouse alone (no Prefect)."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from cli.app import app


def register_file(
    workspace, partner: str, period: str, status: str, tables: tuple[str, ...] = ()
) -> None:
    """One row of the submissions register, as load writes it."""
    from core.config import Workspace
    from load import warehouse

    with warehouse.connect(Workspace.open(workspace).warehouse) as con:
        con.execute(
            """
            insert into submissions by name
            select ? as submission_id, ? as partner_id, ? as period, 'file.xlsx' as name_as_received,
                   1 as size_bytes, 'xlsx' as file_format, now() as received_at, now() as registered_at,
                   ? as status, ?::varchar[] as tables, '[]' as reasons
            """,
            [f"{partner}-{period}", partner, period, status, list(tables)],
        )


def test_status_lists_partners_without_this_months_file(workspace):
    register_file(workspace, "most-si", "2025-03", "accepted")
    register_file(workspace, "klub-pl", "2025-03", "rejected")
    result = CliRunner().invoke(
        app, ["status", "--workspace", str(workspace), "--period", "2025-03"]
    )
    assert result.exit_code == 0, result.output
    # endring-no reports from 2025-04, so only oporavak-ba and klub-pl (whose file was rejected)
    # are late, named as the manager knows them
    assert (
        "2 of the 3 partners it is due from have not sent this month's file: "
        "Udruženje Proslavi Oporavak, Sarajevo; Klub Abstynenta Przystań, Kraków"
    ) in " ".join(result.output.split())


def test_reminder_list_has_contact_and_every_missing_month(workspace):
    register_file(workspace, "most-si", "2025-03", "accepted")
    CliRunner().invoke(app, ["status", "--workspace", str(workspace), "--period", "2025-03"])
    with (workspace / "reminders" / "reminders_2025-03.csv").open(encoding="utf-8") as fh:
        rows = {row["partner_id"]: row for row in csv.DictReader(fh)}
    assert rows["most-si"]["email"] == "porocila@most-demo.example"
    assert rows["most-si"]["missing_months"] == "2025-01 2025-02"
    assert "endring-no" not in rows
    assert (
        "izvjestaji@oporavak-demo.example"
        in (workspace / "reminders" / "reminders_2025-03.txt").read_text()
    )


def test_reminder_list_names_the_tables_still_missing_of_a_month_sent_in_part(workspace):
    register_file(workspace, "oporavak-ba", "2025-01", "accepted", ("groups",))
    CliRunner().invoke(app, ["status", "--workspace", str(workspace), "--period", "2025-01"])
    with (workspace / "reminders" / "reminders_2025-01.csv").open(encoding="utf-8") as fh:
        rows = {row["partner_id"]: row for row in csv.DictReader(fh)}
    assert rows["oporavak-ba"]["missing_months"] == ""
    assert rows["oporavak-ba"]["missing_tables"] == "2025-01: counselling, people"


def test_reminder_list_to_paste_is_in_the_consortiums_language(workspace):
    # the demo consortium writes Slovene: its manager pastes the list into a Slovene e-mail
    register_file(workspace, "oporavak-ba", "2025-01", "accepted", ("groups",))
    CliRunner().invoke(app, ["status", "--workspace", str(workspace), "--period", "2025-02"])
    text = (workspace / "reminders" / "reminders_2025-02.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("Partnerji, ki jim do ")
    assert "feb" in lines[0] and lines[0].endswith(": 3")
    oporavak = next(line for line in lines if "izvjestaji@oporavak-demo.example" in line)
    assert "jan. 2025 brez: svetovanje, uporabniki" in oporavak
    assert "Files missing" not in text and "2025-01" not in text


def test_backfill_refuses_a_range_that_ends_before_it_starts(workspace):
    result = CliRunner().invoke(
        app, ["backfill", "--from", "2025-05", "--to", "2025-02", "--workspace", str(workspace)]
    )
    assert result.exit_code == 2
    assert "after --to" in result.output


def test_status_counts_what_each_run_rebuilt():
    from cli.commands.status import rebuilt_counts

    one_file = {"partner_months": [["klub-pl", "2025-03"]], "pages": ["index.html"], "images": []}
    assert rebuilt_counts(one_file) == "1 partner-month(s), 1 page(s), 0 image(s)"
    assert rebuilt_counts({"partner_months": "all", "pages": [], "images": []}).startswith("all")
    assert rebuilt_counts(None) == ""  # a failed run, or one logged before runs said it


def test_status_lists_the_months_locked_and_the_files_held_until_they_are_unlocked(workspace):
    from core.config import Workspace
    from load import warehouse
    from load.locks import lock_period

    register_file(workspace, "most-si", "2025-03", "accepted")
    with warehouse.connect(Workspace.open(workspace).warehouse) as con:
        lock_period(con, "2025-03")
    register_file(workspace, "klub-pl", "2025-03", "held")
    result = CliRunner().invoke(
        app, ["status", "--workspace", str(workspace), "--period", "2025-03"]
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "Locked months: 2025-03" in output
    assert "Klub Abstynenta Przystań, Kraków" in output and "file.xlsx" in output
