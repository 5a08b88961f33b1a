"""The `consortium` command: what a consortium manager runs.

Each subcommand lives in its own module under consortium/commands and registers itself here.
"""

from __future__ import annotations

import atexit
import faulthandler
import importlib
import inspect
import os
import pkgutil
import signal
import sys
import threading
from contextlib import suppress
from typing import NoReturn

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


def summarise_commands(app: typer.Typer) -> None:
    """Each command's first paragraph as its line in `consortium --help`, joined: in rich
    markup Typer keeps the docstring's line breaks there, and the list reads ragged."""
    for info in app.registered_commands:
        if info.short_help is None and (doc := inspect.getdoc(info.callback)):
            info.short_help = " ".join(doc.split("\n\n")[0].split())


for module in pkgutil.iter_modules(commands.__path__):
    importlib.import_module(f"cli.commands.{module.name}").register(app)
summarise_commands(app)
guard_warehouse(app)


def command() -> NoReturn:
    """The command as a process: one that seems stuck says where it is, `kill -USR1 <pid>`
    printing its threads' stacks."""
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        app()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code: int | str | None) -> NoReturn:
    """Exit as the interpreter would (threads joined, exit handlers run: Prefect's temporary
    server stopped, logs flushed), but without its teardown of every module, which after a run
    that loaded pandas, Great Expectations and Plotly takes over a second. Every file the
    command wrote is closed by then."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    threading._shutdown()  # type: ignore[attr-defined]  # noqa: SLF001 - what exit does first
    atexit._run_exitfuncs()  # noqa: SLF001
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    command()
