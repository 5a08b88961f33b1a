"""The partner files in a workspace's inbox and their SHA-256, kept in the workspace state with
each file's size and modification time (`.state/inbox-hashes.json`), so that only the files
that are new or changed are hashed. Kept apart from the readers, so that a run with nothing new
can check the inbox without importing them (or pandas)."""

from __future__ import annotations

import json
from pathlib import Path

from core.config import Workspace
from core.files import replace_text
from core.fingerprint import file_sha256

LEDGER_NAME = "received.csv"


def inbox_files(ws: Workspace) -> list[Path]:
    """The partner files in the inbox: what intake reads (no ledger, hidden files or links)."""
    if not ws.inbox.is_dir():
        return []
    return sorted(
        p
        for p in ws.inbox.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith(".")
        and p.relative_to(ws.inbox).as_posix() != LEDGER_NAME
    )


def inbox_hashes(ws: Workspace, *, save: bool = True) -> dict[str, str]:
    """SHA-256 of every inbox file by its path in the inbox; only new or changed files are hashed.
    `save=False` leaves the state as it was: for a look taken without holding the workspace."""
    cache_path = ws.state / "inbox-hashes.json"
    cached = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    current = {}
    for path in inbox_files(ws):
        relative = path.relative_to(ws.inbox).as_posix()
        stat = path.stat()
        seen = cached.get(relative)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            current[relative] = seen
        else:
            current[relative] = [stat.st_size, stat.st_mtime_ns, file_sha256(path)]
    if save and current != cached:
        ws.state.mkdir(parents=True, exist_ok=True)
        replace_text(cache_path, json.dumps(current, indent=0), durable=True)
    return {relative: entry[2] for relative, entry in current.items()}
