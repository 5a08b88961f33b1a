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


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "cli.app", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "run" in result.stdout


def test_unknown_workspace_is_a_usage_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(app, ["run", "--workspace", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "consortium.yaml" in result.output
