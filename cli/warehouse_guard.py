"""Every command that opens the warehouse meets a damaged file as one line naming the file and
the remedy, never a traceback: the warehouse is verified before the command runs, and damage
found while it runs is reported the same way."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import typer

from cli.options import DEFAULT_WORKSPACE, console
from core.config import Workspace
from load.integrity import DamagedWarehouse, damaged, is_damage, verify_warehouse

# commands that do not read the warehouse, or that repair it
UNGUARDED = {"rebuild", "archive", "purge", "template"}
# commands whose flow verifies the warehouse itself, once it holds the workspace
SELF_VERIFYING = {"run"}


def guard_warehouse(app: typer.Typer) -> None:
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        if name not in UNGUARDED:
            info.callback = guarded(info.callback, verify=name not in SELF_VERIFYING)


def guarded(command: Callable[..., Any], *, verify: bool = True) -> Callable[..., Any]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        ws = Workspace(Path(kwargs.get("workspace") or DEFAULT_WORKSPACE).resolve())
        try:
            if verify:
                verify_warehouse(ws)
            return command(*args, **kwargs)
        except DamagedWarehouse as exc:
            report(exc)
        except duckdb.Error as exc:
            if not is_damage(exc):
                raise
            report(damaged(ws, ws.warehouse, str(exc).splitlines()[0]))

    return run


def report(exc: DamagedWarehouse) -> None:
    console.print(f"[red]{exc}[/red]", soft_wrap=True)
    raise typer.Exit(1)
