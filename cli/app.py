"""The `consortium` command: what a consortium manager runs.

Each subcommand lives in its own module under consortium/commands and registers itself here.
"""

from __future__ import annotations

import faulthandler
import importlib
import pkgutil
import signal

import typer

from cli import commands
from cli.warehouse_guard import guard_warehouse

app = typer.Typer(
    help="Monthly reports of a consortium of recovery organisations: collect the partners' "
    "spreadsheets, validate them, and publish dashboards and grant-report figures.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.callback()
def main() -> None:
    """Monthly reports of a consortium of recovery organisations."""


for module in pkgutil.iter_modules(commands.__path__):
    importlib.import_module(f"cli.commands.{module.name}").register(app)
guard_warehouse(app)


def command() -> None:
    """The command as a process: one that seems stuck says where it is, `kill -USR1 <pid>`
    printing its threads' stacks."""
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    app()


if __name__ == "__main__":
    command()
