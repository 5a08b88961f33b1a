"""What every subcommand shares: the workspace and period options, and a console on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from core.config import ConfigError, Workspace

console = Console(stderr=True)

WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", help="The consortium's folder (holds consortium.yaml and inbox/)."
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period", help="Month to report, YYYY-MM; default: the latest month files arrived for."
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Detailed logs.")]
DEFAULT_WORKSPACE = Path("data/demo")


def open_workspace(path: Path) -> Workspace:
    """The workspace, or exit 2 with the reason when its consortium.yaml is missing or wrong."""
    try:
        return Workspace.open(path)
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
