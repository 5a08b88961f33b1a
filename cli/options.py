"""What every subcommand shares: the workspace and period options, and a console on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from core.config import ConfigError, Workspace

console = Console(stderr=True, soft_wrap=True)

WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", help="The consortium's folder (holds consortium.yaml and inbox/)."
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Month to report, YYYY-MM; default: the latest month a file arrived for once the "
        "month was over.",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Detailed logs.")]
DEFAULT_WORKSPACE = Path("data/demo")


def open_workspace(path: Path, *, recorded: bool = False) -> Workspace:
    """The workspace, or exit 2 with the reason when its consortium.yaml is missing or wrong;
    `recorded`: a command that runs the report also keeps that failure in the run log."""
    try:
        return Workspace.open(path)
    except ConfigError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        if recorded and (path / "consortium.yaml").exists():
            record_config_failure(Workspace(path.resolve()), str(exc))
        raise typer.Exit(2) from None


def record_config_failure(ws: Workspace, message: str) -> None:
    from flows.run_log import RunRecord, append_run, utc_now

    now = utc_now()
    try:
        append_run(
            ws,
            RunRecord(
                started_at=now,
                finished_at=now,
                outcome="failed",
                failed_stage="config",
                message=message,
            ),
        )
    except OSError as exc:
        console.print(f"[red]The run log could not record this: {exc}[/red]", soft_wrap=True)
