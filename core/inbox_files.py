"""The partner files in a workspace's inbox and their SHA-256, kept in the workspace state with
each file's size and modification time (`.state/inbox-hashes.json`), so that only the files
that are new or changed are hashed. Kept apart from the readers, so that a run with nothing new
can check the inbox without importing them (or pandas)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from core.config import Workspace
from core.files import replace_text
from core.fingerprint import file_sha256

LEDGER_NAME = "received.csv"


def inbox_files(ws: Workspace) -> dict[Path, os.stat_result]:
    """The partner files in the inbox, each with its status: what intake reads (no ledger, hidden
    files or links; folders that are links are not entered). One walk with one lstat a file: a
    network's inbox holds thousands, looked at by every run."""
    if not ws.inbox.is_dir():
        return {}
    files = {}
    for folder, _, names in os.walk(ws.inbox):
        for name in names:
            path = Path(folder, name)
            status = path.lstat()
            if stat.S_ISREG(status.st_mode) and not name.startswith("."):
                files[path] = status
    files.pop(ws.inbox / LEDGER_NAME, None)
    return dict(sorted(files.items()))


def inbox_hashes(ws: Workspace, *, save: bool = True) -> dict[str, str]:
    """SHA-256 of every inbox file by its path in the inbox; only new or changed files are hashed.
    `save=False` leaves the state as it was: for a look taken without holding the workspace."""
    cache_path = ws.state / "inbox-hashes.json"
    cached = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    current = {}
    for path, status in inbox_files(ws).items():
        relative = path.relative_to(ws.inbox).as_posix()
        seen = cached.get(relative)
        if seen and seen[0] == status.st_size and seen[1] == status.st_mtime_ns:
            current[relative] = seen
        else:
            current[relative] = [status.st_size, status.st_mtime_ns, file_sha256(path)]
    if save and current != cached:
        ws.state.mkdir(parents=True, exist_ok=True)
        replace_text(cache_path, json.dumps(current, indent=0), durable=True)
    return {relative: entry[2] for relative, entry in current.items()}
