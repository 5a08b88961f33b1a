import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cli.app import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_with_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_the_list_of_commands_gives_each_its_first_paragraph_as_one_line():
    # a docstring's own line breaks made the list ragged ("... one flow run per" / "month, ...")
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "400", "TERMINAL_WIDTH": "400"})
    assert "in order: one flow run per month, in one process. Stops at" in result.output


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "cli.app", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "run" in result.stdout


def test_the_command_as_a_process_keeps_its_exit_status_and_output(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cli.app", "run", "--workspace", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "consortium.yaml" in result.stdout + result.stderr


def test_the_command_runs_the_exit_handlers_before_it_leaves():
    # it leaves without the interpreter's teardown: what registered to run at exit still runs
    code = (
        "import atexit, sys\n"
        "from cli.app import command\n"
        "atexit.register(print, 'handlers ran')\n"
        "sys.argv = ['consortium', '--help']\n"
        "command()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("handlers ran")


def test_unknown_workspace_is_a_usage_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(app, ["run", "--workspace", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "consortium.yaml" in result.output


def test_a_runs_summary_names_each_rejected_and_held_file_with_its_partner_and_rules(tmp_path):
    from datetime import UTC, datetime

    from cli.commands.run import summary_lines
    from core.submission import Submission
    from flows.monthly_report import RunResult

    def sub(name, partner, *, error=None, held=False):
        made = Submission(
            sha256=name,
            name_as_received=name,
            size_bytes=1,
            partner_id=partner,
            received_at=datetime(2026, 11, 3, tzinfo=UTC),
            period="2026-10",
            held=held,
        )
        if error:
            made.error(error, sheet="List1", row=2, column="Datum")
        return made

    result = RunResult(
        "2026-10",
        [
            sub("grupe.xlsx", "oporavak-ba"),
            sub("svetovanje.xlsx", "most-si", error="personal_data_name"),
            sub("izjava.docx", None, error="not_a_spreadsheet"),
            sub("popravek.xlsx", "most-si", held=True),
        ],
        tmp_path / "site",
        tmp_path / "exports",
        tmp_path / "feedback",
    )
    lines = summary_lines(result)
    assert lines[0].endswith(
        "4 new files: 1 loaded, 1 held until its month is reopened, 2 rejected"
    )
    assert lines[4:] == [
        "  rejected (2):",
        "    most-si: svetovanje.xlsx (personal_data_name)",
        "    (no partner): izjava.docx (not_a_spreadsheet)",
        "  held, its month locked (1):",
        "    most-si: popravek.xlsx",
    ]


def test_new_files_are_told_by_what_became_of_them():
    from datetime import UTC, datetime

    from cli.commands.run import new_files_outcome
    from core.submission import Submission

    def sub(name, *, error=None, warning=None, held=False, duplicate_of=None):
        made = Submission(
            sha256=name,
            name_as_received=name,
            size_bytes=1,
            partner_id="most-si",
            received_at=datetime(2026, 11, 3, tzinfo=UTC),
            period="2026-10",
            held=held,
            duplicate_of=duplicate_of,
        )
        if error:
            made.error(error, sheet="List1", row=2, column="Datum")
        if warning:
            made.warning(warning, sheet="List1", row=2, column="Datum")
        return made

    new = [
        sub("a.xlsx"),
        sub("b.xlsx", warning="outlier_high"),
        sub("c.xlsx", held=True),
        sub("d.xlsx", error="personal_data_name"),
        sub("e.xlsx", duplicate_of="a.xlsx"),
    ]
    # accepted with or without warnings were loaded; the held file is not counted yet
    assert new_files_outcome(new) == (
        "5 new files: 2 loaded, 1 held until its month is reopened, 1 rejected, 1 already received"
    )
    assert new_files_outcome(new[:1]) == "1 new file: 1 loaded"
    assert new_files_outcome([]) == "0 new files"


def test_the_command_and_the_flow_load_no_reader_library_before_a_file_is_new():
    # a run with nothing new keeps the last outputs: it never pays for pandas, Great
    # Expectations, DuckDB's readers or Plotly (flows/monthly_report.py imports them in tasks)
    code = (
        "import sys\n"
        "import cli.app, flows.monthly_report\n"
        "print(sorted(m for m in ('pandas', 'great_expectations', 'plotly', 'openpyxl')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_waiting_file_has_the_stages_imported_while_prefect_starts(workspace):
    from cli.commands.run import ahead_of_run
    from core.config import Workspace
    from flows.runtime import RUN_MODULES

    ws = Workspace.open(workspace)
    assert ahead_of_run(ws) == RUN_MODULES
    (workspace / "inbox" / "most-si").mkdir()
    (workspace / "inbox" / "most-si" / "svetovanje_oktober_2026.csv").write_text("Datum;Ure\n")
    ahead = ahead_of_run(ws)
    assert {"validate.gx", "collect.reader", "validate.feedback", "flows.answers"} <= set(ahead)
