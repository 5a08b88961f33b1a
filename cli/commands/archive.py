"""`consortium archive show FILE-HASH`: one original from the encrypted archive, for the manager."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DEFAULT_WORKSPACE, WorkspaceOption, console, open_workspace
from core.config import Workspace

archive_app = typer.Typer(
    help="The archive of every file received, encrypted at rest.", no_args_is_help=True
)

HashArgument = Annotated[
    str, typer.Argument(metavar="FILE-HASH", help="The file's SHA-256 (or its first 8+ digits).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the original here; default: standard output."),
]


def fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]", soft_wrap=True)
    return typer.Exit(1)


def full_hash(ws: Workspace, prefix: str) -> str:
    """The one archived (or quarantined) hash that starts with `prefix`."""
    from collect.inbox import archive_register

    prefix = prefix.strip().lower()
    if len(prefix) < 8 or any(c not in "0123456789abcdef" for c in prefix):
        raise fail(f"{prefix!r} is not a file hash: give its SHA-256, or at least 8 hex digits")
    matches = sorted({e["sha256"] for e in archive_register(ws) if e["sha256"].startswith(prefix)})
    if not matches:
        raise fail(f"{ws.archive}: no file with hash {prefix}")
    if len(matches) > 1:
        raise fail(f"{prefix} matches {len(matches)} files: give more digits")
    return matches[0]


@archive_app.command()
def show(
    file_hash: HashArgument,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    output: OutputOption = None,
) -> None:
    """Decrypt one original from the archive, byte for byte as the partner sent it.

    Example: [bold]consortium archive show 3f2a9c01 --workspace data/demo -o /tmp/original.xlsx[/bold]
    """
    from collect.inbox import archive_path, archived_original
    from collect.quarantine import quarantined
    from core.sealed import SealError

    ws = open_workspace(workspace)
    try:
        sha256 = full_hash(ws, file_hash)
    except SealError as exc:
        raise fail(str(exc)) from None
    if not archive_path(ws, sha256).is_file():
        entry = next((e for e in quarantined(ws) if e["sha256"] == sha256), None)
        if entry is not None:
            raise fail(
                f"{sha256} was refused for personal data ({', '.join(entry['reasons'])}) and "
                f"is quarantined, not archived"
                + ("; it has been deleted" if entry.get("purged_at") else "")
            )
        raise fail(f"{archive_path(ws, sha256)}: the archived copy is missing")
    try:
        data = archived_original(ws, sha256)
    except (SealError, OSError) as exc:
        raise fail(str(exc)) from None
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        console.print(f"{sha256}: {len(data):,} bytes written to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(archive_app, name="archive")
